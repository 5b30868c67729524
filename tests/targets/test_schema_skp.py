"""The SKP through real GraphQL operations: drafting, content rules, access (forbidden looks
like not found), and that a refused change leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.targets import operations as op
from tests.targets.conftest import NOW
from tests.targets.factories import Org, seed_org
from tests.targets.graphql import Client, hr_principal

Sessions = async_sessionmaker[AsyncSession]
YEAR = {"periodStart": "2025-01-01", "periodEnd": "2025-12-31"}
MONTHLY = [{"month": f"2025-{m:02d}", "target": "3"} for m in (3, 6, 9, 12)]


@pytest.fixture
async def org(targets_db: Sessions) -> Org:
    async with targets_db() as session, session.begin():
        return await seed_org(session)


@pytest.fixture
def client(targets_db: Sessions) -> Client:
    return Client(targets_db)


async def create(client: Client, employee: str, **extra: Any) -> dict[str, Any]:
    data = await client.as_(employee).data(
        op.CREATE_SKP, input={"employeeId": employee, **YEAR, **extra}
    )
    result: dict[str, Any] = data["createSkp"]
    assert result["__typename"] == "SkpPayload", result
    return dict(result["skp"])


async def add_rhk(client: Client, employee: str, skp_id: str, **extra: Any) -> dict[str, Any]:
    fields = {"skpId": skp_id, "kind": "UTAMA", "title": "Laporan evaluasi program", **extra}
    data = await client.as_(employee).data(op.ADD_RHK, input=fields)
    return dict(data["addRhk"])


async def add_indicator(client: Client, employee: str, rhk_id: str, **extra: Any) -> Any:
    fields = {
        "rhkId": rhk_id,
        "name": "Jumlah laporan",
        "targetValue": "12",
        "unit": "laporan",
        "monthlyTargets": MONTHLY,
        **extra,
    }
    data = await client.as_(employee).data(op.ADD_INDICATOR, input=fields)
    return data["addIndicator"]


async def test_employee_drafts_an_skp_with_rhk_and_indicators(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)
    rhk = await add_rhk(client, org.staff, skp["id"], kind="TAMBAHAN")
    indicator = await add_indicator(
        client,
        org.staff,
        rhk["rhk"]["id"],
        targetValue="12.50",
        monthlyTargets=[{"month": "2025-06", "target": "12.5"}],
    )

    data = await client.as_(org.staff).data(op.SKP, id=skp["id"])

    item_id = rhk["rhk"]["id"]
    assert data["skp"] == {
        "id": skp["id"],
        "employee": {"id": org.staff},
        "periodStart": "2025-01-01",
        "periodEnd": "2025-12-31",
        "regime": "PERMENPANRB_6_2022",
        "status": "DRAFT",
        "version": 1,
        "appraiser": None,
        "note": None,
        "submittedAt": None,
        "approvedAt": None,
        "superseded": False,
        "revisionReason": None,
        "items": [
            {
                "id": item_id,
                "kind": "TAMBAHAN",
                "title": "Laporan evaluasi program",
                "parentRhkId": None,
                "planOutputId": None,
                "unitIndicatorId": None,
                "indicators": [
                    {
                        "id": indicator["indicator"]["id"],
                        "name": "Jumlah laporan",
                        "targetValue": "12.5",
                        "unit": "laporan",
                        "direction": "HIGHER_IS_BETTER",
                        "additive": True,
                        "monthlyTargets": [{"month": "2025-06", "target": "12.5"}],
                        "skpItem": {"id": item_id},
                    }
                ],
            }
        ],
        "activities": [],
        "history": [{"id": skp["id"], "version": 1, "status": "DRAFT"}],
    }


async def test_update_and_remove_rhk_and_indicator(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)
    rhk = (await add_rhk(client, org.staff, skp["id"]))["rhk"]
    indicator = (await add_indicator(client, org.staff, rhk["id"]))["indicator"]
    me = client.as_(org.staff)

    updated = await me.data(op.UPDATE_RHK, input={"rhkId": rhk["id"], "title": "  Baru  "})
    changed = await me.data(
        op.UPDATE_INDICATOR,
        input={
            "indicatorId": indicator["id"],
            "targetValue": "4",
            "additive": False,
            "direction": "LOWER_IS_BETTER",
        },
    )
    removed = await me.data(op.REMOVE_RHK, input={"rhkId": rhk["id"]})

    assert updated["updateRhk"]["rhk"] == {
        "id": rhk["id"],
        "kind": "UTAMA",
        "title": "Baru",
        "parentRhkId": None,
    }
    assert changed["updateIndicator"]["indicator"]["targetValue"] == "4"
    assert changed["updateIndicator"]["indicator"]["direction"] == "LOWER_IS_BETTER"
    assert changed["updateIndicator"]["indicator"]["monthlyTargets"] == [
        {"month": f"2025-{m:02d}", "target": "3"} for m in (3, 6, 9, 12)
    ]
    assert removed["removeRhk"] == {
        "__typename": "RemoveRhkPayload",
        "removedId": rhk["id"],
        "skp": {"id": skp["id"], "items": []},
    }
    assert await client.totals() == (1, 0, 0, 0, 0, 0)


async def test_pp46_skp_has_activities(client: Client, org: Org) -> None:
    skp = await create(client, org.staff, regime="PP46_2011", periodEnd="2025-06-30")
    fields = {
        "skpId": skp["id"],
        "title": "Menyusun laporan",
        "quantityTarget": "6",
        "quantityUnit": "laporan",
        "timeTargetMonths": 6,
        "costTarget": "15000000",
    }

    data = await client.as_(org.staff).data(op.ADD_ACTIVITY, input=fields)

    activity = data["addPp46Activity"]["activity"]
    assert {k: v for k, v in activity.items() if k != "id"} == {
        "title": "Menyusun laporan",
        "quantityTarget": "6",
        "quantityUnit": "laporan",
        "qualityTarget": "100",
        "timeTargetMonths": 6,
        "costTarget": {"amount": "15000000"},
    }


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"targetValue": "0"}, "targetValue", "targetValue must be greater than 0"),
        ({"targetValue": "-5"}, "targetValue", "targetValue must be greater than 0"),
        (
            {"monthlyTargets": [{"month": "2025-01", "target": "5"}]},
            "monthlyTargets",
            "the monthly targets add up to 5, not to the annual target 12",
        ),
        (
            {"monthlyTargets": [{"month": "2026-01", "target": "12"}]},
            "monthlyTargets",
            "month 2026-01 lies outside the SKP period",
        ),
        (
            {"monthlyTargets": [{"month": "Jan", "target": "12"}]},
            "monthlyTargets",
            "month 'Jan' is not written YYYY-MM",
        ),
        ({"name": "  "}, "name", "name must not be blank"),
    ],
)
async def test_bad_indicator_is_refused_and_nothing_changes(
    client: Client, org: Org, extra: dict[str, Any], field: str, message: str
) -> None:
    skp = await create(client, org.staff)
    rhk = (await add_rhk(client, org.staff, skp["id"]))["rhk"]
    before = await client.totals()

    result = await add_indicator(client, org.staff, rhk["id"], **extra)

    assert result == {"__typename": "ValidationFailed", "message": message, "field": field}
    assert await client.totals() == before


async def test_bad_pp46_activity_is_refused(client: Client, org: Org) -> None:
    skp = await create(client, org.staff, regime="PP46_2011")
    fields = {
        "skpId": skp["id"],
        "title": "X",
        "quantityTarget": "0",
        "quantityUnit": "u",
        "timeTargetMonths": 12,
    }

    data = await client.as_(org.staff).data(op.ADD_ACTIVITY, input=fields)

    assert data["addPp46Activity"] == {
        "__typename": "ValidationFailed",
        "message": "quantityTarget must be greater than 0",
        "field": "quantityTarget",
    }
    assert await client.totals() == (1, 0, 0, 0, 0, 0)


async def test_overlapping_period_is_refused(client: Client, org: Org) -> None:
    await create(client, org.staff)
    before = await client.totals()

    data = await client.as_(org.staff).data(
        op.CREATE_SKP,
        input={"employeeId": org.staff, "periodStart": "2025-07-01", "periodEnd": "2025-12-31"},
    )

    assert data["createSkp"] == {
        "__typename": "Conflict",
        "message": "the period overlaps the employee's SKP for 2025-01-01 – 2025-12-31",
    }
    assert await client.totals() == before


async def test_split_2021_periods_under_two_regimes(client: Client, org: Org) -> None:
    first = await create(
        client, org.staff, periodStart="2021-01-01", periodEnd="2021-06-30", regime="PP46_2011"
    )
    second = await create(
        client,
        org.staff,
        periodStart="2021-07-01",
        periodEnd="2021-12-31",
        regime="PERMENPANRB_8_2021",
    )

    assert (first["regime"], second["regime"]) == ("PP46_2011", "PERMENPANRB_8_2021")


async def test_period_across_years_is_refused(client: Client, org: Org) -> None:
    data = await client.as_(org.staff).data(
        op.CREATE_SKP,
        input={"employeeId": org.staff, "periodStart": "2025-07-01", "periodEnd": "2026-06-30"},
    )

    assert data["createSkp"] == {
        "__typename": "ValidationFailed",
        "message": "an SKP period lies within one calendar year",
        "field": "periodEnd",
    }


async def test_someone_else_cannot_draft_or_see_my_skp(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)

    created = await client.as_(org.peer).data(
        op.CREATE_SKP, input={"employeeId": org.staff, **YEAR}
    )
    added = await client.as_(org.peer).data(
        op.ADD_RHK, input={"skpId": skp["id"], "kind": "UTAMA", "title": "x"}
    )
    seen = await client.as_(org.peer).data(op.SKP, id=skp["id"])
    by_outsider = await client.as_(org.outsider).data(op.SKP, id=skp["id"])
    anonymous = await client.data(op.SKP, id=skp["id"])

    assert created["createSkp"] == {
        "__typename": "NotFound",
        "message": f"employee {org.staff} not found",
        "id": org.staff,
    }
    assert added["addRhk"] == {
        "__typename": "NotFound",
        "message": f"SKP {skp['id']} not found",
        "id": skp["id"],
    }
    assert seen == by_outsider == anonymous == {"skp": None}


async def test_supervisor_and_hr_see_but_only_hr_changes(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)
    hr = hr_principal(org.outsider, org.dir)

    by_superior = await client.as_(org.sub_head).data(op.SKP, id=skp["id"])
    by_hr = await client.as_(hr).data(op.SKP, id=skp["id"])
    superior_adds = await client.as_(org.sub_head).data(
        op.ADD_RHK, input={"skpId": skp["id"], "kind": "UTAMA", "title": "x"}
    )
    hr_adds = await client.as_(hr).data(
        op.ADD_RHK, input={"skpId": skp["id"], "kind": "UTAMA", "title": "x"}
    )

    assert by_superior["skp"]["id"] == by_hr["skp"]["id"] == skp["id"]
    assert superior_adds["addRhk"]["__typename"] == "NotFound"
    assert hr_adds["addRhk"]["__typename"] == "RhkPayload"


async def test_unknown_employee_is_not_found(client: Client, org: Org) -> None:
    hr = hr_principal(org.outsider, None)

    data = await client.as_(hr).data(op.CREATE_SKP, input={"employeeId": "nobody", **YEAR})

    assert data["createSkp"] == {
        "__typename": "NotFound",
        "message": "employee nobody not found",
        "id": "nobody",
    }
    assert NOW.year == 2025
