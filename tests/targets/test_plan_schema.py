"""The work plan through the real schema: import, publish, read, export, and who may do what."""

from __future__ import annotations

import base64
import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest

from kinerja.auth import Principal, Role, RoleGrant
from services.targets.domain.plan import output_id
from services.targets.store.plan import CONTENT_TABLES, PlanRow
from tests.targets.factories import Org, count_rows, outbox_count, seed_org
from tests.targets.graphql import Client, Sessions, employee_principal, hr_principal

SAMPLES = Path(__file__).parents[2] / "services/targets/samples"
SAMPLE_CSV = (SAMPLES / "rencana-kerja-rehsos-2025.csv").read_text()
SAMPLE_XLSX = base64.b64encode((SAMPLES / "rencana-kerja-rehsos-2025.xlsx").read_bytes()).decode()
NOTHING = (0, 0, 0, 0, 0, 0, 0)  # plans, programs, kegiatan, KROs, ROs, IKUs, outbox rows
SMALL_CSV = "\n".join(SAMPLE_CSV.splitlines()[:2] + SAMPLE_CSV.splitlines()[-1:]) + "\n"

ERRORS = """
    ... on Error { message }
    ... on NotFound { id }
    ... on ValidationFailed { field }
"""
PLAN_FIELDS = """
    id unitId year status version publishedAt
    programs { code name kegiatan { code name kros { code name
        outputs { id code name unit volume budget { amount currency } } } } }
    indicators { id code name targetValue unit direction }
    totalBudget { amount currency }
"""
IMPORT = f"""
mutation($input: ImportPlanInput!) {{
  importPlan(input: $input) {{
    __typename
    ... on PlanPayload {{ rowsImported plan {{ {PLAN_FIELDS} }} }}
    ... on PlanImportFailed {{ errors {{ row column message }} }}
    {ERRORS}
  }}
}}"""
PUBLISH = """
mutation($planId: ID!) {
  publishPlan(input: {planId: $planId}) {
    __typename ... on PublishPlanPayload { plan { id status version publishedAt } }
    ... on Error { message }
    ... on NotFound { id }
  }
}"""
PLAN = """
query($unitId: ID!, $year: Int!, $version: Int) {
  plan(unitId: $unitId, year: $year, version: $version) { id status version totalBudget { amount } }
}"""
EXPORT = """
query($unitId: ID!, $year: Int!, $format: PlanFormat!) {
  exportPlan(unitId: $unitId, year: $year, format: $format) {
    filename contentType content sha256
  }
}"""
ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on OrgUnit { id plan(year: 2025) { status version totalBudget { amount } } }
  }
}"""


@pytest.fixture
async def org(targets_db: Sessions) -> Org:
    async with targets_db() as session, session.begin():
        return await seed_org(session)


@pytest.fixture
def admin(org: Org) -> Principal:
    """A unit admin over the directorate (and so its subdirectorate)."""
    return employee_principal(str(uuid.uuid4()), RoleGrant(Role.UNIT_ADMIN, org.dir))


@pytest.fixture
def client(targets_db: Sessions, admin: Principal) -> Client:
    return Client(targets_db).as_(admin)


def plan_input(unit_id: str, content: str = SAMPLE_CSV, **kw: Any) -> dict[str, Any]:
    return {"unitId": unit_id, "year": 2025, "format": "CSV", "content": content, **kw}


async def totals(client: Client) -> tuple[int, ...]:
    async with client.db() as session:
        rows = [await count_rows(session, table) for table in (PlanRow, *CONTENT_TABLES)]
        return (*rows, await outbox_count(session))


async def import_plan(client: Client, unit_id: str, content: str = SMALL_CSV) -> Any:
    data = await client.data(IMPORT, input=plan_input(unit_id, content))
    return data["importPlan"]


async def published_plan(client: Client, unit_id: str) -> str:
    plan_id = str((await import_plan(client, unit_id))["plan"]["id"])
    await client.data(PUBLISH, planId=plan_id)
    return plan_id


# --- import ----------------------------------------------------------------------------------


async def test_a_unit_admin_imports_a_plan_for_a_unit_in_their_subtree(
    client: Client, org: Org
) -> None:
    result = await import_plan(client, org.sub)

    ro_id = output_id(org.sub, 2025, "5678.QAH.001")
    plan = result["plan"]
    assert result["__typename"] == "PlanPayload"
    assert result["rowsImported"] == 2
    assert plan == {
        "id": plan["id"],
        "unitId": org.sub,
        "year": 2025,
        "status": "DRAFT",
        "version": 1,
        "publishedAt": None,
        "programs": [{
            "code": "027.06.DL",
            "name": "Program Rehabilitasi Sosial",
            "kegiatan": [{
                "code": "5678",
                "name": "Rehabilitasi Sosial Anak",
                "kros": [{
                    "code": "5678.QAH",
                    "name": "Pelayanan Publik kepada Masyarakat",
                    "outputs": [{
                        "id": ro_id,
                        "code": "5678.QAH.001",
                        "name": "Anak yang Mendapatkan Asistensi Rehabilitasi Sosial (ATENSI)",
                        "unit": "Orang",
                        "volume": "18500",
                        "budget": {"amount": "55500000000", "currency": "IDR"},
                    }],
                }],
            }],
        }],
        "indicators": [{
            "id": plan["indicators"][0]["id"],
            "code": "IKU.04",
            "name": "Nilai SAKIP Direktorat Jenderal Rehabilitasi Sosial",
            "targetValue": "80.5",
            "unit": "Nilai",
            "direction": "HIGHER_IS_BETTER",
        }],
        "totalBudget": {"amount": "55500000000", "currency": "IDR"},
    }  # fmt: skip


async def test_an_xlsx_plan_is_imported_from_base64(client: Client, org: Org) -> None:
    data = await client.data(IMPORT, input=plan_input(org.dir, SAMPLE_XLSX, format="XLSX"))

    result = data["importPlan"]
    assert (result["rowsImported"], result["plan"]["totalBudget"]["amount"]) == (
        17,
        "251775000000",
    )


async def test_a_file_with_bad_rows_fails_row_by_row_and_imports_nothing(
    client: Client, org: Org
) -> None:
    bad = SAMPLE_CSV.replace("Lembaga,250,3750000000", "Lembaga,250,3750000000.50")
    bad = bad.replace("Orang,2400,", "Buah,-1,")

    data = await client.data(IMPORT, input=plan_input(org.dir, bad))

    assert data["importPlan"] == {
        "__typename": "PlanImportFailed",
        "message": "the plan file has 3 problem(s); nothing was imported",
        "errors": [
            {"row": 3, "column": "unit", "message": "unknown unit of measure 'Buah' (known: "
             "Orang, Lembaga, Dokumen, Layanan, Laporan, Kegiatan, Paket, Unit, Rekomendasi, "
             "Keluarga, Kelompok, Desa, Sistem Informasi, Bulan Layanan, Kali, Produk, Regulasi, "
             "Wilayah, Satker, Persen, Indeks, Nilai)"},
            {"row": 3, "column": "volume", "message": "volume must be greater than 0 (got -1)"},
            {"row": 4, "column": "budget", "message": "budget must be whole rupiah; a fraction "
             "of a rupiah is not allowed (got 3750000000.5)"},
        ],
    }  # fmt: skip
    assert await totals(client) == NOTHING


async def test_content_that_is_not_base64_is_a_validation_failure(client: Client, org: Org) -> None:
    data = await client.data(IMPORT, input=plan_input(org.dir, "%%%", format="XLSX"))

    assert data["importPlan"] == {
        "__typename": "ValidationFailed",
        "message": "an XLSX file must be sent as base64",
        "field": "content",
    }
    assert await totals(client) == NOTHING


@pytest.mark.parametrize("who", ["hr_elsewhere", "staff", "admin_of_sub"])
async def test_who_may_not_change_the_unit_is_told_it_does_not_exist(
    client: Client, org: Org, who: str
) -> None:
    principals = {
        "hr_elsewhere": hr_principal(str(uuid.uuid4()), org.other),
        "staff": employee_principal(org.staff),
        "admin_of_sub": employee_principal("a", RoleGrant(Role.UNIT_ADMIN, org.sub)),
    }

    data = await client.as_(principals[who]).data(IMPORT, input=plan_input(org.dir))

    assert data["importPlan"] == {
        "__typename": "NotFound",
        "message": f"org unit {org.dir} not found",
        "id": org.dir,
    }
    assert await totals(client) == NOTHING


async def test_hr_everywhere_may_import_but_not_for_a_unit_nobody_knows(client: Client) -> None:
    hr = client.as_(hr_principal(str(uuid.uuid4()), None))

    data = await hr.data(IMPORT, input=plan_input("no-such-unit"))

    assert data["importPlan"]["__typename"] == "NotFound"
    assert await totals(client) == NOTHING


# --- publish ---------------------------------------------------------------------------------


async def test_publishing_makes_the_plan_readable_by_everyone(client: Client, org: Org) -> None:
    plan_id = str((await import_plan(client, org.dir))["plan"]["id"])
    staff = client.as_(org.staff)
    assert (await staff.data(PLAN, unitId=org.dir, year=2025))["plan"] is None

    data = await client.data(PUBLISH, planId=plan_id)

    assert data["publishPlan"] == {
        "__typename": "PublishPlanPayload",
        "plan": {"id": plan_id, "status": "PUBLISHED", "version": 1, "publishedAt": _now(client)},
    }
    seen = (await staff.data(PLAN, unitId=org.dir, year=2025))["plan"]
    assert seen == {"id": plan_id, "status": "PUBLISHED", "version": 1,
                    "totalBudget": {"amount": "55500000000"}}  # fmt: skip
    assert (await totals(client))[-1] == 1


def _now(client: Client) -> str:
    return client.now.isoformat()


async def test_publishing_twice_is_a_conflict(client: Client, org: Org) -> None:
    plan_id = await published_plan(client, org.dir)

    data = await client.data(PUBLISH, planId=plan_id)

    assert data["publishPlan"] == {
        "__typename": "Conflict",
        "message": f"plan {plan_id} is PUBLISHED, not a DRAFT",
    }
    assert (await totals(client))[-1] == 1


async def test_who_may_not_change_the_unit_cannot_publish_its_plan(
    client: Client, org: Org
) -> None:
    plan_id = str((await import_plan(client, org.dir))["plan"]["id"])

    data = await client.as_(org.director).data(PUBLISH, planId=plan_id)

    assert data["publishPlan"] == {
        "__typename": "NotFound",
        "message": f"plan {plan_id} not found",
        "id": plan_id,
    }
    assert (await totals(client))[-1] == 0


# --- reading ---------------------------------------------------------------------------------


async def test_a_revision_draft_is_shown_to_admins_while_others_see_the_published_plan(
    client: Client, org: Org
) -> None:
    published_id = await published_plan(client, org.dir)
    draft_id = str((await import_plan(client, org.dir, SAMPLE_CSV))["plan"]["id"])

    for_admin = (await client.data(PLAN, unitId=org.dir, year=2025))["plan"]
    for_staff = (await client.as_(org.staff).data(PLAN, unitId=org.dir, year=2025))["plan"]
    old_for_staff = await client.as_(org.staff).data(PLAN, unitId=org.dir, year=2025, version=1)
    draft_for_staff = await client.as_(org.staff).data(PLAN, unitId=org.dir, year=2025, version=2)

    assert (for_admin["id"], for_admin["status"], for_admin["version"]) == (draft_id, "DRAFT", 2)
    assert (for_staff["id"], for_staff["status"]) == (published_id, "PUBLISHED")
    assert old_for_staff["plan"]["id"] == published_id
    assert draft_for_staff["plan"] is None


async def test_nobody_signed_in_sees_no_plan(client: Client, org: Org) -> None:
    await published_plan(client, org.dir)

    data = await client.as_(Principal()).data(PLAN, unitId=org.dir, year=2025)

    assert data == {"plan": None}


async def test_org_unit_entities_carry_their_plan(client: Client, org: Org) -> None:
    await published_plan(client, org.dir)
    representations = [{"__typename": "OrgUnit", "id": u} for u in (org.dir, org.other)]

    data = await client.as_(org.staff).data(ENTITIES, representations=representations)

    assert data["_entities"] == [
        {"id": org.dir, "plan": {"status": "PUBLISHED", "version": 1,
                                 "totalBudget": {"amount": "55500000000"}}},
        {"id": org.other, "plan": None},
    ]  # fmt: skip


# --- export ----------------------------------------------------------------------------------


async def test_a_plan_exports_as_csv_with_its_checksum(client: Client, org: Org) -> None:
    await published_plan(client, org.dir)

    export = (await client.data(EXPORT, unitId=org.dir, year=2025, format="CSV"))["exportPlan"]

    assert export == {
        "filename": f"rencana-kerja-{org.dir.upper()[:10]}-2025-v1.csv",
        "contentType": "text/csv; charset=utf-8",
        "content": SMALL_CSV.replace("\n", "\r\n"),
        "sha256": hashlib.sha256(SMALL_CSV.replace("\n", "\r\n").encode()).hexdigest(),
    }


async def test_an_xlsx_export_imports_back_as_the_same_plan(client: Client, org: Org) -> None:
    await published_plan(client, org.dir)
    export = (await client.data(EXPORT, unitId=org.dir, year=2025, format="XLSX"))["exportPlan"]
    assert export["sha256"] == hashlib.sha256(base64.b64decode(export["content"])).hexdigest()

    again = await client.data(IMPORT, input=plan_input(org.dir, export["content"], format="XLSX"))

    plan = again["importPlan"]["plan"]
    assert (plan["version"], plan["totalBudget"]["amount"]) == (2, "55500000000")


async def test_there_is_nothing_to_export_before_a_plan_is_visible(
    client: Client, org: Org
) -> None:
    await import_plan(client, org.dir)

    data = await client.as_(org.staff).data(EXPORT, unitId=org.dir, year=2025, format="CSV")

    assert data == {"exportPlan": None}
