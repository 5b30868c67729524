"""A device's sync through `recordAttendanceBatch`: every tap by recordAttendance's rules, all or
nothing, resent device events counted as duplicates, and NotFound when one employee of the batch
is not the caller's to change."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.activity.conftest import NOW
from tests.activity.factories import Org, totals
from tests.activity.graphql import ERRORS, Client
from tests.activity.test_attendance_schema import TABLES, hr, month_of, result, utc

Sessions = async_sessionmaker[AsyncSession]

BATCH = f"""
mutation($input: RecordAttendanceBatchInput!) {{ recordAttendanceBatch(input: $input) {{
  __typename ... on AttendanceBatchPayload {{ recorded duplicates }}
  ... on AttendanceBatchFailed {{ message errors {{ index field message }} }}
  {ERRORS} }} }}
"""
NOTHING = (0, 0, 0, 0, 0, 0)  # no tap, correction, leave, calendar day, summary or outbox row


def record(employee: str, kind: str, at: datetime, event_id: str) -> dict[str, Any]:
    """One tap of the batch, as a device sends it."""
    return {
        "employeeId": employee,
        "kind": kind,
        "at": at.isoformat(),
        "source": "DEVICE",
        "deviceEventId": event_id,
    }


async def sync(client: Client, *records: dict[str, Any]) -> dict[str, Any]:
    """Send the taps in one `recordAttendanceBatch`; its result object."""
    return await result(client, BATCH, records=list(records))


def day_of(org: Org) -> list[dict[str, Any]]:
    """A day of staff and peer: check-ins and check-outs, interleaved as a device takes them."""
    return [
        record(org.staff, "CHECK_IN", utc(2, "00:25"), "d-1"),
        record(org.peer, "CHECK_IN", utc(2, "00:28"), "d-2"),
        record(org.staff, "CHECK_OUT", utc(2, "09:05"), "d-3"),
        record(org.peer, "CHECK_OUT", utc(2, "09:10"), "d-4"),
    ]


# --- all taps ----------------------------------------------------------------------------------


async def test_a_batch_stores_every_tap(client: Client, org: Org) -> None:
    outcome = await sync(hr(client), *day_of(org))

    assert outcome == {"__typename": "AttendanceBatchPayload", "recorded": 4, "duplicates": 0}
    assert await totals(client.db, *TABLES) == (4, 0, 0, 0, 0, 0)
    day = (await month_of(client, org.peer, "2025-06"))["days"][1]
    assert (day["date"], day["kind"], day["checkIn"], day["checkOut"]) == (
        "2025-06-02",
        "PRESENT",
        "2025-06-02T00:28:00+00:00",
        "2025-06-02T09:10:00+00:00",
    )


async def test_an_employee_syncs_their_own_taps(client: Client, org: Org) -> None:
    own = [tap for tap in day_of(org) if tap["employeeId"] == org.staff]

    outcome = await sync(client.as_(org.staff), *own)

    assert outcome == {"__typename": "AttendanceBatchPayload", "recorded": 2, "duplicates": 0}
    assert await totals(client.db, *TABLES) == (2, 0, 0, 0, 0, 0)


async def test_a_resent_batch_is_all_duplicates(client: Client, org: Org) -> None:
    await sync(hr(client), *day_of(org))

    again = await sync(hr(client), *day_of(org))

    assert again == {"__typename": "AttendanceBatchPayload", "recorded": 0, "duplicates": 4}
    assert await totals(client.db, *TABLES) == (4, 0, 0, 0, 0, 0)


async def test_a_batch_partly_sent_before_counts_the_rest_as_new(client: Client, org: Org) -> None:
    await sync(hr(client), *day_of(org)[:2])

    outcome = await sync(hr(client), *day_of(org))

    assert outcome == {"__typename": "AttendanceBatchPayload", "recorded": 2, "duplicates": 2}
    assert await totals(client.db, *TABLES) == (4, 0, 0, 0, 0, 0)


async def test_a_device_event_twice_in_one_batch_is_stored_once(client: Client, org: Org) -> None:
    tap = record(org.staff, "CHECK_IN", utc(2, "00:25"), "d-1")

    outcome = await sync(client.as_(org.staff), tap, tap)

    assert outcome == {"__typename": "AttendanceBatchPayload", "recorded": 1, "duplicates": 1}
    assert await totals(client.db, *TABLES) == (1, 0, 0, 0, 0, 0)


async def test_a_check_out_is_checked_against_a_check_in_earlier_in_the_batch(
    client: Client, org: Org
) -> None:
    outcome = await sync(
        client.as_(org.staff),
        record(org.staff, "CHECK_IN", utc(2, "01:00"), "d-1"),
        record(org.staff, "CHECK_OUT", utc(2, "00:30"), "d-2"),
    )

    message = "check-out is earlier than the check-in of the same day"
    assert outcome["errors"] == [{"index": 1, "field": "at", "message": message}]
    assert await totals(client.db, *TABLES) == NOTHING


# --- refused taps: nothing is recorded ---------------------------------------------------------


def future(org: Org) -> dict[str, Any]:
    return record(org.staff, "CHECK_IN", NOW.replace(minute=5, second=1), "bad")


def early_check_out(org: Org) -> dict[str, Any]:
    return record(org.peer, "CHECK_OUT", utc(2, "00:20"), "bad")  # peer checked in at 00:28


def unknown_employee(org: Org) -> dict[str, Any]:
    return record(str(uuid.uuid4()), "CHECK_IN", utc(2, "00:30"), "bad")


def blank_event_id(org: Org) -> dict[str, Any]:
    return record(org.staff, "CHECK_IN", utc(2, "00:30"), "  ")


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        (future, "at", "attendance time is more than 5 minutes in the future"),
        (early_check_out, "at", "check-out is earlier than the check-in of the same day"),
        (unknown_employee, "employeeId", "employee {id} not found"),
        (blank_event_id, "deviceEventId", "deviceEventId must be 1–200 characters"),
    ],
    ids=["future", "check-out-before-check-in", "unknown-employee", "blank-device-event-id"],
)
async def test_one_bad_tap_refuses_the_whole_batch(
    client: Client, org: Org, bad: Any, field: str, message: str
) -> None:
    taps = day_of(org)
    taps.insert(2, bad(org))

    outcome = await sync(hr(client), *taps)

    assert outcome == {
        "__typename": "AttendanceBatchFailed",
        "message": "1 of 5 taps were refused; nothing was recorded",
        "errors": [
            {"index": 2, "field": field, "message": message.format(id=taps[2]["employeeId"])}
        ],
    }
    assert await totals(client.db, *TABLES) == NOTHING


async def test_every_bad_tap_of_a_batch_is_named(client: Client, org: Org) -> None:
    taps = [future(org), *day_of(org), blank_event_id(org)]
    taps.append(record(org.peer, "CHECK_IN", utc(3, "00:30"), "d-1"))  # staff's check-in event

    outcome = await sync(hr(client), *taps)

    assert outcome == {
        "__typename": "AttendanceBatchFailed",
        "message": "3 of 7 taps were refused; nothing was recorded",
        "errors": [
            {
                "index": 0,
                "field": "at",
                "message": "attendance time is more than 5 minutes in the future",
            },
            {
                "index": 5,
                "field": "deviceEventId",
                "message": "deviceEventId must be 1–200 characters",
            },
            {
                "index": 6,
                "field": None,
                "message": "deviceEventId was already used for another attendance event",
            },
        ],
    }
    assert await totals(client.db, *TABLES) == NOTHING


async def test_a_refused_batch_leaves_earlier_taps_alone(client: Client, org: Org) -> None:
    await sync(hr(client), *day_of(org)[:2])

    outcome = await sync(hr(client), *day_of(org), future(org))

    assert outcome["__typename"] == "AttendanceBatchFailed"
    assert await totals(client.db, *TABLES) == (2, 0, 0, 0, 0, 0)


# --- the batch itself --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1001])
async def test_a_batch_holds_one_to_a_thousand_taps(client: Client, org: Org, size: int) -> None:
    taps = [record(org.staff, "CHECK_IN", utc(2, "00:25"), f"d-{n}") for n in range(size)]

    outcome = await sync(client.as_(org.staff), *taps)

    assert outcome == {
        "__typename": "ValidationFailed",
        "message": f"a batch holds 1–1000 records, not {size}",
        "field": "records",
    }
    assert await totals(client.db, *TABLES) == NOTHING


async def test_a_batch_with_someone_the_caller_may_not_change_is_not_found(
    client: Client, org: Org
) -> None:
    outcome = await sync(client.as_(org.staff), *day_of(org))  # peer's taps among staff's

    assert outcome == {
        "__typename": "NotFound",
        "message": f"employee {org.peer} not found",
        "id": org.peer,
    }
    assert await totals(client.db, *TABLES) == NOTHING


async def test_hr_of_another_unit_may_not_sync_the_units_taps(client: Client, org: Org) -> None:
    outcome = await sync(hr(client, "hr-other", org.other), *day_of(org))

    assert outcome["__typename"] == "NotFound"
    assert await totals(client.db, *TABLES) == NOTHING
