"""HR data for the tukin: sanctions, profession allowances and study leave — validated, audited,
and only for HR running the employee's organisation."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from services.allowance.service.audit import verify
from services.allowance.store.audit import AuditRow
from services.allowance.store.hr_data import (
    ProfessionAllowanceRow,
    SanctionRow,
    StudyLeaveRow,
)
from tests.allowance.factories import Org, seed_org, totals
from tests.allowance.graphql import ERRORS, Client

TABLES = (SanctionRow, ProfessionAllowanceRow, StudyLeaveRow, AuditRow)

RECORD_SANCTION = (
    """
mutation($input: RecordSanctionInput!) {
  recordSanction(input: $input) {
    __typename
    ... on SanctionPayload { sanction { employeeId startMonth months percent reference reason
      recordedBy revokedBy } }
    """
    + ERRORS
    + "} }"
)
REVOKE_SANCTION = (
    """
mutation($input: RevokeSanctionInput!) {
  revokeSanction(input: $input) {
    __typename
    ... on SanctionPayload { sanction { id revokedBy revokedAt } }
    """
    + ERRORS
    + "} }"
)
SET_PROFESSION = (
    """
mutation($input: SetProfessionAllowanceInput!) {
  setProfessionAllowance(input: $input) {
    __typename
    ... on ProfessionAllowancePayload { professionAllowance { id monthlyAmount { amount currency }
      startMonth endMonth reference } }
    """
    + ERRORS
    + "} }"
)
END_PROFESSION = (
    """
mutation($input: EndProfessionAllowanceInput!) {
  endProfessionAllowance(input: $input) {
    __typename
    ... on ProfessionAllowancePayload { professionAllowance { id startMonth endMonth } }
    """
    + ERRORS
    + "} }"
)
RECORD_STUDY_LEAVE = (
    """
mutation($input: RecordStudyLeaveInput!) {
  recordStudyLeave(input: $input) {
    __typename
    ... on StudyLeavePayload { studyLeave { education startMonth endMonth reference } }
    """
    + ERRORS
    + "} }"
)
DATA = """
query($id: ID!) {
  employeeAllowanceData(employeeId: $id) {
    employeeId
    sanctions { startMonth months percent revokedBy }
    professionAllowances { monthlyAmount { amount } startMonth endMonth }
    studyLeaves { education startMonth endMonth }
  }
}
"""


@pytest.fixture
async def org(allowance_db: async_sessionmaker[AsyncSession]) -> Org:
    """The seeded organisation."""
    async with allowance_db() as session, session.begin():
        return await seed_org(session)


def hr(db: async_sessionmaker[AsyncSession], org: Org) -> Client:
    """HR over the organisation's top unit (the dg's head acting as HR)."""
    return Client(db).as_(org.dg_head, (Role.HR, org.dg))


def sanction(employee_id: str, **overrides: Any) -> dict[str, Any]:
    """A valid recordSanction input."""
    return {
        "employeeId": employee_id,
        "startMonth": "2026-03",
        "months": 6,
        "reference": "SK-01/2026",
        "reason": "hukuman disiplin sedang",
    } | overrides


async def test_hr_records_a_sanction_of_the_default_25_percent_audited(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    data = await hr(allowance_db, org).data(RECORD_SANCTION, input=sanction(org.staff))
    assert data["recordSanction"] == {
        "__typename": "SanctionPayload",
        "sanction": {
            "employeeId": org.staff,
            "startMonth": "2026-03",
            "months": 6,
            "percent": "25",
            "reference": "SK-01/2026",
            "reason": "hukuman disiplin sedang",
            "recordedBy": org.dg_head,
            "revokedBy": None,
        },
    }
    async with allowance_db() as session:
        audit = (await session.scalars(select(AuditRow))).one()
        assert (await verify(session)).ok
    assert (audit.action, audit.entity, audit.actor_id) == (
        "sanction.recorded",
        "sanction",
        org.dg_head,
    )
    assert audit.reason == "hukuman disiplin sedang"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"months": 0}, "months", "a sanction runs 1 to 24 months (usually 6, 9 or 12)"),
        ({"months": 25}, "months", "a sanction runs 1 to 24 months (usually 6, 9 or 12)"),
        ({"percent": "0"}, "percent", "a sanction cuts more than 0 % and at most 100 %"),
        ({"percent": "100.5"}, "percent", "a sanction cuts more than 0 % and at most 100 %"),
        ({"percent": "-5"}, "percent", "a sanction cuts more than 0 % and at most 100 %"),
        (
            {"startMonth": "2026-13"},
            "startMonth",
            "'2026-13' is not a month: use YYYY-MM, e.g. 2026-03",
        ),
        (
            {"reference": "  "},
            "reference",
            "give the decision letter (SK) number (1–1000 characters)",
        ),
        ({"reason": ""}, "reason", "give the reason (1–1000 characters)"),
    ],
)
async def test_a_bad_sanction_is_refused_and_nothing_is_written(
    allowance_db: async_sessionmaker[AsyncSession],
    org: Org,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    data = await hr(allowance_db, org).data(RECORD_SANCTION, input=sanction(org.staff, **overrides))
    assert data["recordSanction"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": field,
    }
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("who", ["staff", "sub_head", "outsider_hr", "hr_of_sub"])
async def test_only_hr_running_the_organisation_changes_hr_data(
    allowance_db: async_sessionmaker[AsyncSession], org: Org, who: str
) -> None:
    client = {
        "staff": Client(allowance_db).as_(org.staff),
        "sub_head": Client(allowance_db).as_(org.sub_head),
        "outsider_hr": Client(allowance_db).as_(org.outsider, (Role.HR, org.other)),
        "hr_of_sub": Client(allowance_db).as_(org.sub_head, (Role.HR, org.sub)),
    }[who]
    data = await client.data(RECORD_SANCTION, input=sanction(org.staff))
    assert data["recordSanction"] == {
        "__typename": "NotFound",
        "message": f"employee {org.staff} not found",
        "id": org.staff,
    }
    assert (await client.data(DATA, id=org.staff))["employeeAllowanceData"] is None
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


async def test_an_organisation_wide_hr_and_a_system_admin_may(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    for client in (
        Client(allowance_db).as_(org.outsider, (Role.HR, None)),
        Client(allowance_db).as_(org.outsider, (Role.SYSTEM_ADMIN, org.dg)),
    ):
        data = await client.data(RECORD_SANCTION, input=sanction(org.staff))
        assert data["recordSanction"]["__typename"] == "SanctionPayload"


async def test_an_unknown_employee_is_not_found(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    data = await hr(allowance_db, org).data(RECORD_SANCTION, input=sanction("nobody"))
    assert data["recordSanction"]["__typename"] == "NotFound"
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


async def test_revoking_a_sanction_is_audited_and_happens_once(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    client = hr(allowance_db, org)
    await client.data(RECORD_SANCTION, input=sanction(org.staff))
    async with allowance_db() as session:
        sanction_id = (await session.scalars(select(SanctionRow.id))).one()
    empty = await client.data(REVOKE_SANCTION, input={"id": sanction_id, "reason": " "})
    assert empty["revokeSanction"] == {
        "__typename": "ValidationFailed",
        "message": "give the reason (1–1000 characters)",
        "field": "reason",
    }
    done = await client.data(REVOKE_SANCTION, input={"id": sanction_id, "reason": "dibatalkan"})
    assert done["revokeSanction"]["sanction"]["revokedBy"] == org.dg_head
    again = await client.data(REVOKE_SANCTION, input={"id": sanction_id, "reason": "lagi"})
    assert again["revokeSanction"] == {
        "__typename": "Conflict",
        "message": "the sanction is already revoked",
    }
    other = Client(allowance_db).as_(org.outsider, (Role.HR, org.other))
    hidden = await other.data(REVOKE_SANCTION, input={"id": sanction_id, "reason": "x"})
    assert hidden["revokeSanction"]["__typename"] == "NotFound"
    async with allowance_db() as session:
        actions = (await session.scalars(select(AuditRow.action).order_by(AuditRow.seq))).all()
    assert actions == ["sanction.recorded", "sanction.revoked"]


async def test_a_new_profession_allowance_ends_the_running_one(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    client = hr(allowance_db, org)
    first = {
        "employeeId": org.peer,
        "monthlyAmount": 2_000_000,
        "startMonth": "2026-01",
        "reference": "SK-TP-1",
    }
    await client.data(SET_PROFESSION, input=first)
    raised = await client.data(
        SET_PROFESSION, input=first | {"monthlyAmount": 2_400_000, "startMonth": "2026-04"}
    )
    assert raised["setProfessionAllowance"]["professionAllowance"]["monthlyAmount"] == {
        "amount": "2400000",
        "currency": "IDR",
    }
    earlier = await client.data(SET_PROFESSION, input=first | {"startMonth": "2026-03"})
    assert earlier["setProfessionAllowance"] == {
        "__typename": "Conflict",
        "message": "a profession allowance from 2026-04 is recorded; "
        "end it before setting one from an earlier month",
    }
    data = await client.data(DATA, id=org.peer)
    assert data["employeeAllowanceData"]["professionAllowances"] == [
        {"monthlyAmount": {"amount": "2000000"}, "startMonth": "2026-01", "endMonth": "2026-03"},
        {"monthlyAmount": {"amount": "2400000"}, "startMonth": "2026-04", "endMonth": None},
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"monthlyAmount": -1}, "monthlyAmount", "the amount is whole rupiah, 0 or more"),
        ({"reference": ""}, "reference", "give the reference (1–1000 characters)"),
        (
            {"startMonth": "maret"},
            "startMonth",
            "'maret' is not a month: use YYYY-MM, e.g. 2026-03",
        ),
    ],
)
async def test_a_bad_profession_allowance_is_refused_and_nothing_is_written(
    allowance_db: async_sessionmaker[AsyncSession],
    org: Org,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    given = {
        "employeeId": org.peer,
        "monthlyAmount": 1_000_000,
        "startMonth": "2026-01",
        "reference": "SK",
    }
    data = await hr(allowance_db, org).data(SET_PROFESSION, input=given | overrides)
    assert data["setProfessionAllowance"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": field,
    }
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


async def test_a_fractional_amount_is_refused_by_the_schema(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    given = {"employeeId": org.peer, "monthlyAmount": 1.5, "startMonth": "2026-01"}
    result = await hr(allowance_db, org).run(SET_PROFESSION, input=given | {"reference": "SK"})
    assert result.data is None
    assert result.errors
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


async def test_ending_a_profession_allowance(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    client = hr(allowance_db, org)
    given = {
        "employeeId": org.peer,
        "monthlyAmount": 1_000_000,
        "startMonth": "2026-02",
        "reference": "SK",
    }
    created = await client.data(SET_PROFESSION, input=given)
    allowance_id = created["setProfessionAllowance"]["professionAllowance"]["id"]
    before = await client.data(END_PROFESSION, input={"id": allowance_id, "lastMonth": "2026-01"})
    assert before["endProfessionAllowance"] == {
        "__typename": "ValidationFailed",
        "message": "the allowance starts in 2026-02; it cannot end before",
        "field": "lastMonth",
    }
    ended = await client.data(END_PROFESSION, input={"id": allowance_id, "lastMonth": "2026-05"})
    assert ended["endProfessionAllowance"]["professionAllowance"]["endMonth"] == "2026-05"
    later = await client.data(END_PROFESSION, input={"id": allowance_id, "lastMonth": "2026-07"})
    assert later["endProfessionAllowance"] == {
        "__typename": "Conflict",
        "message": "the allowance already ends in 2026-05",
    }
    missing = await client.data(END_PROFESSION, input={"id": "nope", "lastMonth": "2026-07"})
    assert missing["endProfessionAllowance"]["__typename"] == "NotFound"
    async with allowance_db() as session:
        actions = (await session.scalars(select(AuditRow.action).order_by(AuditRow.seq))).all()
    assert actions == ["profession_allowance.set", "profession_allowance.ended"]


async def test_study_leave_is_recorded_and_never_overlaps(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    client = hr(allowance_db, org)
    given = {
        "employeeId": org.peer,
        "education": "s2",
        "startMonth": "2026-01",
        "endMonth": "2026-06",
        "reference": "SK-TB",
    }
    data = await client.data(RECORD_STUDY_LEAVE, input=given)
    assert data["recordStudyLeave"] == {
        "__typename": "StudyLeavePayload",
        "studyLeave": {
            "education": "S2",
            "startMonth": "2026-01",
            "endMonth": "2026-06",
            "reference": "SK-TB",
        },
    }
    overlap = await client.data(
        RECORD_STUDY_LEAVE, input=given | {"startMonth": "2026-06", "endMonth": None}
    )
    assert overlap["recordStudyLeave"] == {
        "__typename": "Conflict",
        "message": "study leave from 2026-01 overlaps these months",
    }
    assert await totals(allowance_db, StudyLeaveRow, AuditRow) == (1, 1, 0)
    data = await client.data(DATA, id=org.peer)
    assert data["employeeAllowanceData"] == {
        "employeeId": org.peer,
        "sanctions": [],
        "professionAllowances": [],
        "studyLeaves": [{"education": "S2", "startMonth": "2026-01", "endMonth": "2026-06"}],
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"education": "SMA"}, "education", "education is one of D, S1, S2, S3"),
        ({"endMonth": "2025-12"}, "endMonth", "study leave cannot end before it starts"),
        (
            {"reference": ""},
            "reference",
            "give the decision letter (SK) number (1–1000 characters)",
        ),
    ],
)
async def test_bad_study_leave_is_refused_and_nothing_is_written(
    allowance_db: async_sessionmaker[AsyncSession],
    org: Org,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    given = {
        "employeeId": org.peer,
        "education": "S1",
        "startMonth": "2026-01",
        "reference": "SK-TB",
    }
    data = await hr(allowance_db, org).data(RECORD_STUDY_LEAVE, input=given | overrides)
    assert data["recordStudyLeave"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": field,
    }
    assert await totals(allowance_db, *TABLES) == (0, 0, 0, 0, 0)


async def test_hr_reads_an_employees_allowance_data(
    allowance_db: async_sessionmaker[AsyncSession], org: Org
) -> None:
    client = hr(allowance_db, org)
    await client.data(RECORD_SANCTION, input=sanction(org.staff, percent="10", months=9))
    data = await client.data(DATA, id=org.staff)
    assert data["employeeAllowanceData"]["sanctions"] == [
        {"startMonth": "2026-03", "months": 9, "percent": "10", "revokedBy": None}
    ]
