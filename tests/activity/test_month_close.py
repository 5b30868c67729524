"""Month close through real GraphQL operations: frozen summaries and their events, a closed month
refusing changes, HR's audited reopening, and the corrected summary with the next revision."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role, RoleGrant
from kinerja.events.tables import OutboxRow
from services.activity.store.attendance import MonthReopeningRow, MonthSummaryRow
from tests.activity.conftest import NOW
from tests.activity.factories import Org, totals
from tests.activity.graphql import ERRORS, Client
from tests.activity.test_attendance_schema import (
    APPROVE_LEAVE,
    REQUEST_CORRECTION,
    SET_HOLIDAY,
    TABLES,
    hr,
    month_of,
    principal,
    request_leave,
    result,
    tap,
    utc,
)

Sessions = async_sessionmaker[AsyncSession]
MONTH_CLOSE_FIELDS = """
  monthClose { unitId month closed revision closedBy closedAt
               reopenings { revision reason reopenedBy reopenedAt } }
"""
CLOSE = f"""
mutation($input: CloseMonthInput!) {{ closeMonth(input: $input) {{
  __typename ... on MonthClosePayload {{ {MONTH_CLOSE_FIELDS} }} {ERRORS} }} }}
"""
REOPEN = f"""
mutation($input: ReopenMonthInput!) {{ reopenMonth(input: $input) {{
  __typename ... on MonthClosePayload {{ {MONTH_CLOSE_FIELDS} }} {ERRORS} }} }}
"""
NO_BANDS = {"TL1": 0, "TL2": 0, "TL3": 0, "TL4": 0}


async def may_of_staff(client: Client, org: Org) -> None:
    """May 2025 for staff: 1 May a holiday, present on 2 May (TL1 15, PSW1 30), sick 5–6 May."""
    await result(hr(client), SET_HOLIDAY, date="2025-05-01", kind="HOLIDAY", name="Hari Buruh")
    await tap(client, org.staff, "CHECK_IN", utc(2, "00:45", month=5), "may-2-in")
    await tap(client, org.staff, "CHECK_OUT", utc(2, "09:00", month=5), "may-2-out")
    leave = await result(
        client.as_(org.staff),
        "mutation($input: RequestLeaveInput!) { requestLeave(input: $input) {"
        " ... on LeavePayload { leave { id } } } }",
        employeeId=org.staff,
        type="SAKIT",
        **{"from": "2025-05-05", "to": "2025-05-06"},
        reason="Demam",
    )
    await result(client.as_(org.sub_head), APPROVE_LEAVE, id=leave["leave"]["id"])


async def events(client: Client) -> list[dict[str, Any]]:
    """The month-closed events in the outbox: subject and data, by employee."""
    async with client.db() as session:
        rows = (await session.scalars(select(OutboxRow))).all()
    envelopes = [json.loads(row.payload) for row in rows]
    closed = [e for e in envelopes if e["type"] == "activity.attendance.month_closed.v1"]
    return sorted(closed, key=lambda e: (e["data"]["revision"], e["subject"]))


def staff_summary(org: Org, **changes: Any) -> dict[str, Any]:
    expected = {
        "employee_id": org.staff,
        "unit_id": org.sub,
        "month": "2025-05",
        "working_days": 21,
        "present_days": 1,
        "tl": NO_BANDS | {"TL1": 1},
        "tl_minutes": 15,
        "psw": {"PSW1": 1, "PSW2": 0, "PSW3": 0, "PSW4": 0},
        "psw_minutes": 30,
        "unexcused_days": 18,
        "leave_days": {"SAKIT": 2},
        "official_duty_days": 0,
        "effective_minutes": 0,
        "closed_at": NOW.isoformat(),
        "revision": 1,
    }
    return expected | changes


async def test_closing_a_month_freezes_and_publishes_each_members_summary(
    client: Client, org: Org
) -> None:
    await may_of_staff(client, org)

    closed = await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")

    assert closed == {
        "__typename": "MonthClosePayload",
        "monthClose": {
            "unitId": org.sub,
            "month": "2025-05",
            "closed": True,
            "revision": 1,
            "closedBy": "hr-officer",
            "closedAt": NOW.isoformat(),
            "reopenings": [],
        },
    }
    published = await events(client)
    assert sorted(e["subject"] for e in published) == sorted([org.staff, org.peer, org.sub_head])
    by_employee = {e["subject"]: e["data"] for e in published}
    assert by_employee[org.staff] == staff_summary(org)
    assert by_employee[org.peer]["unexcused_days"] == 21
    month = await month_of(client, org.staff, "2025-05")
    assert (month["closed"], month["revision"], month["summary"]["presentDays"]) == (True, 1, 1)
    assert await totals(client.db, MonthSummaryRow) == (3, 3)


async def test_a_closed_month_refuses_every_change(client: Client, org: Org) -> None:
    await may_of_staff(client, org)
    pending = await request_leave(client, org.staff, "2025-05-20", "2025-05-21")
    await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")
    before = await totals(client.db, *TABLES)

    outcomes = [
        await tap(client, org.staff, "CHECK_IN", utc(7, "00:30", month=5), "late-tap"),
        await result(
            client.as_(org.staff),
            REQUEST_CORRECTION,
            employeeId=org.staff,
            date="2025-05-07",
            checkIn=utc(7, "00:30", month=5).isoformat(),
            reason="Lupa absen",
        ),
        await request_leave(client, org.staff, "2025-05-26", "2025-05-27"),
        await request_leave(client, org.staff, "2025-05-30", "2025-06-02"),
        await result(client.as_(org.sub_head), APPROVE_LEAVE, id=pending["leave"]["id"]),
    ]

    conflict = {"__typename": "Conflict", "message": "month closed: 2025-05"}
    assert outcomes == [conflict] * 5
    assert await totals(client.db, *TABLES) == before


async def test_hr_reopens_a_month_and_closing_again_publishes_the_next_revision(
    client: Client, org: Org
) -> None:
    await may_of_staff(client, org)
    await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")

    reopened = await result(
        hr(client), REOPEN, unitId=org.sub, month="2025-05", reason=" Koreksi absensi "
    )
    await tap(client, org.staff, "CHECK_IN", utc(7, "00:20", month=5), "may-7-in")
    await tap(client, org.staff, "CHECK_OUT", utc(7, "09:10", month=5), "may-7-out")
    again = await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")

    assert reopened["monthClose"]["closed"] is False
    assert reopened["monthClose"]["reopenings"] == [
        {
            "revision": 1,
            "reason": "Koreksi absensi",
            "reopenedBy": "hr-officer",
            "reopenedAt": NOW.isoformat(),
        }
    ]
    assert (again["monthClose"]["closed"], again["monthClose"]["revision"]) == (True, 2)
    published = [e["data"] for e in await events(client) if e["subject"] == org.staff]
    assert published == [
        staff_summary(org),
        staff_summary(org, present_days=2, unexcused_days=17, revision=2),
    ]
    assert await totals(client.db, MonthReopeningRow, MonthSummaryRow) == (1, 6, 7)


async def test_a_unit_admin_closes_but_only_hr_reopens(client: Client, org: Org) -> None:
    admin = replace(client, principal=principal("admin", RoleGrant(Role.UNIT_ADMIN, org.sub)))

    closed = await result(admin, CLOSE, unitId=org.sub, month="2025-05")
    reopened = await result(admin, REOPEN, unitId=org.sub, month="2025-05", reason="Koreksi")

    assert closed["monthClose"]["closedBy"] == "admin"
    assert reopened == {
        "__typename": "NotFound",
        "message": f"unit {org.sub} not found",
        "id": org.sub,
    }
    assert await totals(client.db, MonthReopeningRow) == (0, 3)


async def test_an_employee_cannot_close_their_unit(client: Client, org: Org) -> None:
    outcome = await result(client.as_(org.sub_head), CLOSE, unitId=org.sub, month="2025-05")

    assert outcome["__typename"] == "NotFound"
    assert await totals(client.db, MonthSummaryRow) == (0, 0)


async def test_a_month_is_closed_once_and_only_after_it_ended(client: Client, org: Org) -> None:
    await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")

    twice = await result(hr(client), CLOSE, unitId=org.sub, month="2025-05")
    running = await result(hr(client), CLOSE, unitId=org.sub, month="2025-06")
    malformed = await result(hr(client), CLOSE, unitId=org.sub, month="2025-5")
    reopen_open = await result(hr(client), REOPEN, unitId=org.sub, month="2025-04", reason="x")

    assert twice == {"__typename": "Conflict", "message": "month closed"}
    assert running == {
        "__typename": "ValidationFailed",
        "message": "a month can be closed only after it has ended",
        "field": "month",
    }
    assert malformed == {
        "__typename": "ValidationFailed",
        "message": "month must be YYYY-MM",
        "field": "month",
    }
    assert reopen_open == {"__typename": "Conflict", "message": "month is not closed"}
    assert await totals(client.db, MonthSummaryRow, MonthReopeningRow) == (3, 0, 3)
