"""The standard activity catalogue (*norma waktu*) through the real schema: unit admins edit it,
a CSV import is all or nothing, logs reference an active entry of their unit or above it, and
every bad input changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Principal, PrincipalKind, Role, RoleGrant
from services.activity.store import ActivityLogRow, StandardActivityRow
from tests.activity.factories import Org, Skp, approved_skp, totals
from tests.activity.graphql import ERRORS, Client

Sessions = async_sessionmaker[AsyncSession]
SAMPLE = Path(__file__).parents[2] / "services" / "activity" / "samples"
ENTRY = "id unitId code name standardMinutes outputUnit active"
CREATE = f"""
mutation($input: CreateStandardActivityInput!) {{ createStandardActivity(input: $input) {{
  __typename ... on StandardActivityPayload {{ standardActivity {{ {ENTRY} }} }} {ERRORS} }} }}
"""
UPDATE = f"""
mutation($input: UpdateStandardActivityInput!) {{ updateStandardActivity(input: $input) {{
  __typename ... on StandardActivityPayload {{ standardActivity {{ {ENTRY} }} }} {ERRORS} }} }}
"""
IMPORT = f"""
mutation($input: ImportStandardActivitiesInput!) {{ importStandardActivities(input: $input) {{
  __typename
  ... on ImportStandardActivitiesPayload {{ created updated standardActivities {{ code }} }}
  ... on StandardActivityImportFailed {{ message errors {{ row column message }} }}
  {ERRORS} }} }}
"""
LIST = """
query($unitId: ID!, $first: Int, $after: String) {
  standardActivities(unitId: $unitId, first: $first, after: $after) {
    edges { cursor node { code standardMinutes active } } pageInfo { hasNextPage } } }
"""
CREATE_LOG = f"""
mutation($input: CreateLogInput!) {{ createLog(input: $input) {{
  __typename ... on LogPayload {{ log {{ minutes standardActivityId standardMinutes
    standardActivity {{ code standardMinutes }} }} }} {ERRORS} }} }}
"""


def admin_of(client: Client, unit_id: str | None, role: Role = Role.UNIT_ADMIN) -> Client:
    """The client acting as an admin of a unit subtree (or everywhere with `None`)."""
    principal = Principal(
        subject=f"admin-{role.value}",
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset({RoleGrant(role, unit_id)}),
        session_id="sid-admin",
        token_id="jti",
    )
    return replace(client, principal=principal)


def entry(unit_id: str, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "unitId": unit_id,
        "code": "nw.01",
        "name": "Menyusun  konsep nota dinas",
        "standardMinutes": 60,
        "outputUnit": "dokumen",
    }
    fields.update(overrides)
    return fields


async def create(client: Client, input_: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await client.data(CREATE, input=input_))["createStandardActivity"]
    return result


async def codes(db: Sessions) -> list[str]:
    async with db() as session:
        return list(await session.scalars(select(StandardActivityRow.code).order_by("code")))


async def test_a_unit_admin_adds_a_standard_activity_that_anyone_reads(
    activity_db: Sessions, org: Org
) -> None:
    client = Client(activity_db)
    result = await create(admin_of(client, org.dir), entry(org.sub))
    created = result["standardActivity"]
    assert result["__typename"] == "StandardActivityPayload"
    assert {k: v for k, v in created.items() if k != "id"} == {
        "unitId": org.sub,
        "code": "NW.01",
        "name": "Menyusun konsep nota dinas",
        "standardMinutes": 60,
        "outputUnit": "dokumen",
        "active": True,
    }
    listed = await client.as_(org.peer).data(LIST, unitId=org.sub)
    assert listed["standardActivities"] == {
        "edges": [
            {
                "cursor": listed["standardActivities"]["edges"][0]["cursor"],
                "node": {"code": "NW.01", "standardMinutes": 60, "active": True},
            }
        ],
        "pageInfo": {"hasNextPage": False},
    }
    assert await totals(activity_db, StandardActivityRow) == (1, 0)


@pytest.mark.parametrize("role", [Role.HR, Role.SYSTEM_ADMIN])
async def test_hr_and_the_system_admin_edit_any_catalogue(
    activity_db: Sessions, org: Org, role: Role
) -> None:
    result = await create(admin_of(Client(activity_db), None, role), entry(org.other))
    assert result["__typename"] == "StandardActivityPayload"


@pytest.mark.parametrize("minutes", [0, -30])
async def test_standard_minutes_of_zero_or_less_are_refused(
    activity_db: Sessions, org: Org, minutes: int
) -> None:
    result = await create(
        admin_of(Client(activity_db), org.sub), entry(org.sub, standardMinutes=minutes)
    )
    assert result == {
        "__typename": "ValidationFailed",
        "field": "standardMinutes",
        "message": "the standard minutes must be greater than 0",
    }
    assert await totals(activity_db, StandardActivityRow) == (0, 0)


async def test_a_code_already_in_the_unit_is_a_conflict(activity_db: Sessions, org: Org) -> None:
    admin = admin_of(Client(activity_db), org.sub)
    await create(admin, entry(org.sub))
    result = await create(admin, entry(org.sub, code="NW.01 ", name="Lain"))
    assert result == {
        "__typename": "Conflict",
        "message": "the unit already has a standard activity NW.01",
    }
    assert await totals(activity_db, StandardActivityRow) == (1, 0)
    another_unit = await create(admin_of(Client(activity_db), org.dir), entry(org.dir))
    assert another_unit["__typename"] == "StandardActivityPayload"


@pytest.mark.parametrize("who", ["employee", "head of the unit", "admin of another unit"])
async def test_a_non_admin_is_told_the_unit_does_not_exist(
    activity_db: Sessions, org: Org, who: str
) -> None:
    client = Client(activity_db)
    caller = {
        "employee": client.as_(org.staff),
        "head of the unit": client.as_(org.sub_head),
        "admin of another unit": admin_of(client, org.other),
    }[who]
    result = await create(caller, entry(org.sub))
    assert result == {
        "__typename": "NotFound",
        "message": f"org unit {org.sub} not found",
        "id": org.sub,
    }
    assert await totals(activity_db, StandardActivityRow) == (0, 0)


async def test_an_unknown_unit_is_not_found_even_for_the_system_admin(
    activity_db: Sessions, org: Org
) -> None:
    result = await create(admin_of(Client(activity_db), None, Role.SYSTEM_ADMIN), entry("nope"))
    assert result["__typename"] == "NotFound"
    assert await totals(activity_db, StandardActivityRow) == (0, 0)


async def test_an_admin_updates_and_deactivates_an_entry(activity_db: Sessions, org: Org) -> None:
    admin = admin_of(Client(activity_db), org.sub)
    created = (await create(admin, entry(org.sub)))["standardActivity"]
    result = await admin.data(
        UPDATE, input={"id": created["id"], "standardMinutes": 75, "active": False}
    )
    updated = result["updateStandardActivity"]["standardActivity"]
    assert (updated["standardMinutes"], updated["active"], updated["code"]) == (75, False, "NW.01")
    refused = await admin.data(UPDATE, input={"id": created["id"], "standardMinutes": 0})
    assert refused["updateStandardActivity"]["field"] == "standardMinutes"
    stranger = (
        await Client(activity_db)
        .as_(org.staff)
        .data(UPDATE, input={"id": created["id"], "active": True})
    )
    assert stranger["updateStandardActivity"]["__typename"] == "NotFound"
    async with activity_db() as session:
        row = await session.get(StandardActivityRow, created["id"])
    assert row is not None
    assert (row.standard_minutes, row.active) == (75, False)


async def test_the_sample_file_imports_and_a_second_import_updates(
    activity_db: Sessions, org: Org
) -> None:
    admin = admin_of(Client(activity_db), org.sub)
    content = (SAMPLE / "norma-waktu-subdit.csv").read_text()
    first = await admin.data(IMPORT, input={"unitId": org.sub, "content": content})
    imported = first["importStandardActivities"]
    assert (imported["__typename"], imported["created"], imported["updated"]) == (
        "ImportStandardActivitiesPayload",
        8,
        0,
    )
    assert imported["standardActivities"][0] == {"code": "NW.01"}
    again = await admin.data(IMPORT, input={"unitId": org.sub, "content": content})
    assert (
        again["importStandardActivities"]["created"],
        again["importStandardActivities"]["updated"],
    ) == (0, 8)
    page = await Client(activity_db).as_(org.staff).data(LIST, unitId=org.sub, first=5)
    assert page["standardActivities"]["pageInfo"] == {"hasNextPage": True}
    assert await totals(activity_db, StandardActivityRow) == (8, 0)


BAD_FILE = """code,name,standard_minutes,output_unit
NW.10,Menyusun konsep,60,dokumen
NW.11,Memeriksa laporan,0,laporan
,Tanpa kode,30,dokumen
NW.10,Kode ganda,30,dokumen
NW.12,=HYPERLINK("x"),30,dokumen
NW.13,Mengetik,lima belas,surat
"""


async def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(
    activity_db: Sessions, org: Org
) -> None:
    admin = admin_of(Client(activity_db), org.sub)
    await create(admin, entry(org.sub, code="NW.10", standardMinutes=45))
    result = await admin.data(IMPORT, input={"unitId": org.sub, "content": BAD_FILE})
    assert result["importStandardActivities"] == {
        "__typename": "StandardActivityImportFailed",
        "message": "the file has 5 problem(s); nothing was imported",
        "errors": [
            {
                "row": 3,
                "column": "standard_minutes",
                "message": "the standard minutes must be greater than 0",
            },
            {
                "row": 4,
                "column": "code",
                "message": "the code is 1–30 letters, digits, '.', '-' or '_' (like NW.01)",
            },
            {"row": 5, "column": "code", "message": "code NW.10 is already on row 2"},
            {
                "row": 6,
                "column": "name",
                "message": "the name may not start with =, +, - or @",
            },
            {
                "row": 7,
                "column": "standard_minutes",
                "message": "the standard minutes are a whole number",
            },
        ],
    }
    assert await codes(activity_db) == ["NW.10"]
    async with activity_db() as session:
        kept = await session.scalar(select(StandardActivityRow.standard_minutes))
    assert kept == 45
    assert await totals(activity_db, StandardActivityRow) == (1, 0)


async def test_a_file_with_a_wrong_header_imports_nothing(activity_db: Sessions, org: Org) -> None:
    admin = admin_of(Client(activity_db), org.sub)
    content = "code;nama;standard_minutes;output_unit\nNW.01;Menyusun;60;dokumen\n"
    result = await admin.data(IMPORT, input={"unitId": org.sub, "content": content})
    assert result["importStandardActivities"]["errors"] == [
        {"row": 1, "column": "name", "message": "missing column name"},
        {"row": 1, "column": "nama", "message": "unknown column 'nama'"},
    ]
    assert await totals(activity_db, StandardActivityRow) == (0, 0)


async def test_a_non_admin_import_is_not_found(activity_db: Sessions, org: Org) -> None:
    content = (SAMPLE / "norma-waktu-subdit.csv").read_text()
    result = (
        await Client(activity_db)
        .as_(org.staff)
        .data(IMPORT, input={"unitId": org.sub, "content": content})
    )
    assert result["importStandardActivities"]["__typename"] == "NotFound"
    assert await totals(activity_db, StandardActivityRow) == (0, 0)


# --- logs referencing the catalogue --------------------------------------------------------


@pytest.fixture
async def staff_skp(activity_db: Sessions, org: Org) -> Skp:
    async with activity_db() as session, session.begin():
        return await approved_skp(session, org.staff)


def log_input(skp: Skp, standard_activity_id: str) -> dict[str, Any]:
    return {
        "date": "2025-06-16",
        "startTime": "08:00:00",
        "endTime": "09:30:00",
        "description": "Menyusun konsep nota dinas",
        "skpItemId": skp.item,
        "indicatorId": skp.indicator,
        "outputQuantity": "1",
        "standardActivityId": standard_activity_id,
    }


async def test_a_log_shows_the_standard_minutes_of_an_entry_of_a_unit_above(
    activity_db: Sessions, org: Org, staff_skp: Skp
) -> None:
    client = Client(activity_db)
    norm = (await create(admin_of(client, org.dir), entry(org.dir)))["standardActivity"]
    data = await client.as_(org.staff).data(CREATE_LOG, input=log_input(staff_skp, norm["id"]))
    assert data["createLog"] == {
        "__typename": "LogPayload",
        "log": {
            "minutes": 90,
            "standardActivityId": norm["id"],
            "standardMinutes": 60,
            "standardActivity": {"code": "NW.01", "standardMinutes": 60},
        },
    }


@pytest.mark.parametrize("case", ["another unit", "inactive", "unknown"])
async def test_a_log_may_not_reference_an_entry_out_of_reach(
    activity_db: Sessions, org: Org, staff_skp: Skp, case: str
) -> None:
    client = Client(activity_db)
    unit = org.other if case == "another unit" else org.sub
    norm = (await create(admin_of(client, None, Role.HR), entry(unit)))["standardActivity"]
    if case == "inactive":
        await admin_of(client, org.sub).data(UPDATE, input={"id": norm["id"], "active": False})
    norm_id = "nope" if case == "unknown" else norm["id"]
    data = await client.as_(org.staff).data(CREATE_LOG, input=log_input(staff_skp, norm_id))
    message = (
        "the standard activity is no longer active"
        if case == "inactive"
        else "the standard activity is not in the catalogue of the employee's unit or above it"
    )
    assert data["createLog"] == {
        "__typename": "ValidationFailed",
        "field": "standardActivityId",
        "message": message,
    }
    assert await totals(activity_db, ActivityLogRow) == (0, 0)
