"""Attendance through real GraphQL operations: taps (idempotent, clock skew, order), corrections,
leave and official duty decided by the direct superior, the holiday calendar, and
`Employee.attendance(month)` in the unit's time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Principal, PrincipalKind, Role, RoleGrant
from kinerja.directory import replica
from kinerja.events import CloudEvent
from services.activity.store.attendance import (
    AbsenceRow,
    AttendanceCorrectionRow,
    AttendanceRecordRow,
    CalendarDayRow,
    MonthSummaryRow,
)
from tests.activity.conftest import NOW
from tests.activity.factories import Org, totals
from tests.activity.graphql import ERRORS, Client

Sessions = async_sessionmaker[AsyncSession]
TABLES = (AttendanceRecordRow, AttendanceCorrectionRow, AbsenceRow, CalendarDayRow, MonthSummaryRow)

RECORD = f"""
mutation($input: RecordAttendanceInput!) {{ recordAttendance(input: $input) {{
  __typename ... on AttendanceRecordPayload {{
    record {{ id employeeId kind at date source deviceEventId }} }}
  {ERRORS} }} }}
"""
CORRECTION_FIELDS = "id employeeId date checkIn checkOut reason status decidedBy decidedAt note"
REQUEST_CORRECTION = f"""
mutation($input: RequestAttendanceCorrectionInput!) {{
  requestAttendanceCorrection(input: $input) {{
    __typename ... on AttendanceCorrectionPayload {{ correction {{ {CORRECTION_FIELDS} }} }}
    {ERRORS} }} }}
"""
LEAVE_FIELDS = "id employeeId kind type from to reason letterNumber status decidedBy note"


def decide(name: str, payload: str, fields: str) -> str:
    """An approve/reject mutation of a request."""
    return f"""
mutation($input: DecideRequestInput!) {{ {name}(input: $input) {{
  __typename ... on {payload} {{ {fields} }} {ERRORS} }} }}
"""


APPROVE_CORRECTION = decide(
    "approveAttendanceCorrection",
    "AttendanceCorrectionPayload",
    f"correction {{ {CORRECTION_FIELDS} }}",
)
APPROVE_LEAVE = decide("approveLeave", "LeavePayload", f"leave {{ {LEAVE_FIELDS} }}")
REJECT_LEAVE = decide("rejectLeave", "LeavePayload", f"leave {{ {LEAVE_FIELDS} }}")
REQUEST_LEAVE = f"""
mutation($input: RequestLeaveInput!) {{ requestLeave(input: $input) {{
  __typename ... on LeavePayload {{ leave {{ {LEAVE_FIELDS} }} }} {ERRORS} }} }}
"""
REQUEST_DUTY = f"""
mutation($input: RequestOfficialDutyInput!) {{ requestOfficialDuty(input: $input) {{
  __typename ... on LeavePayload {{ leave {{ {LEAVE_FIELDS} }} }} {ERRORS} }} }}
"""
SET_HOLIDAY = f"""
mutation($input: SetHolidayInput!) {{ setHoliday(input: $input) {{
  __typename ... on SetHolidayPayload {{ date holiday {{ date kind name }} }} {ERRORS} }} }}
"""
HOLIDAYS = "query($year: Int!) { holidays(year: $year) { date kind name } }"
ATTENDANCE = """
query($id: ID!, $month: String!) { _entities(representations: [{__typename: "Employee", id: $id}])
{ ... on Employee { attendance(month: $month) {
  month timeZone closed revision
  days { date kind leaveType checkIn checkOut tl tlMinutes psw pswMinutes }
  summary { workingDays presentDays tl { code days } tlMinutes psw { code days } pswMinutes
            unexcusedDays leaveDays { type days } officialDutyDays effectiveMinutes } } } } }
"""


def principal(subject: str, *grants: RoleGrant) -> Principal:
    """An employee signed in with some granted roles."""
    return Principal(
        subject=subject,
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset(grants),
        session_id=f"sid-{subject}",
        token_id="jti",
    )


def hr(client: Client, subject: str = "hr-officer", unit_id: str | None = None) -> Client:
    """The client acting as an HR officer (everywhere, or over a unit subtree)."""
    return replace(client, principal=principal(subject, RoleGrant(Role.HR, unit_id)))


async def result(client: Client, operation: str, **input_: Any) -> dict[str, Any]:
    """Run a one-field mutation with `input`; its result object."""
    data = await client.data(operation, input=input_)
    return dict(next(iter(data.values())))


async def tap(
    client: Client, employee: str, kind: str, at: datetime, event_id: str
) -> dict[str, Any]:
    """Record a check-in or check-out from a device."""
    fields = {
        "employeeId": employee,
        "kind": kind,
        "at": at.isoformat(),
        "source": "DEVICE",
        "deviceEventId": event_id,
    }
    return await result(client.as_(employee), RECORD, **fields)


async def month_of(client: Client, employee: str, month: str) -> dict[str, Any]:
    """`Employee.attendance(month)` as the employee sees it."""
    data = await client.as_(employee).data(ATTENDANCE, id=employee, month=month)
    attendance: dict[str, Any] = data["_entities"][0]["attendance"]
    return attendance


async def set_zone(db: Sessions, unit_id: str, zone: str) -> None:
    """Move a unit to another time zone (identity's next version of it)."""
    data = {
        "id": unit_id,
        "code": "SUB",
        "name": "Unit",
        "type": "DIRECTORATE",
        "path": [unit_id],
        "time_zone": zone,
        "active": True,
        "version": 9,
    }
    event = CloudEvent(type=replica.UNIT_UPSERTED, source="kinerja/identity", data=data)
    async with db() as session, session.begin():
        await replica.apply_unit_upserted(session, event)


def utc(day: int, hhmm: str, month: int = 6) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


# --- taps --------------------------------------------------------------------------------------


async def test_a_check_in_is_recorded_on_the_local_day(client: Client, org: Org) -> None:
    outcome = await tap(client, org.staff, "CHECK_IN", utc(16, "00:40"), "dev-1")

    record = outcome["record"]
    assert outcome["__typename"] == "AttendanceRecordPayload"
    assert {k: v for k, v in record.items() if k != "id"} == {
        "employeeId": org.staff,
        "kind": "CHECK_IN",
        "at": "2025-06-16T00:40:00+00:00",
        "date": "2025-06-16",
        "source": "DEVICE",
        "deviceEventId": "dev-1",
    }
    assert await totals(client.db, *TABLES) == (1, 0, 0, 0, 0, 0)


async def test_a_resent_device_event_returns_the_first_record(client: Client, org: Org) -> None:
    first = await tap(client, org.staff, "CHECK_IN", utc(16, "00:40"), "dev-1")

    again = await tap(client, org.staff, "CHECK_IN", utc(16, "00:40"), "dev-1")

    assert again == first
    assert await totals(client.db, *TABLES) == (1, 0, 0, 0, 0, 0)


async def test_a_check_out_before_the_check_in_is_refused(client: Client, org: Org) -> None:
    await tap(client, org.staff, "CHECK_IN", utc(16, "01:00"), "dev-1")

    outcome = await tap(client, org.staff, "CHECK_OUT", utc(16, "00:30"), "dev-2")

    assert outcome == {
        "__typename": "ValidationFailed",
        "message": "check-out is earlier than the check-in of the same day",
        "field": "at",
    }
    assert await totals(client.db, *TABLES) == (1, 0, 0, 0, 0, 0)


async def test_a_check_in_more_than_five_minutes_ahead_is_refused(client: Client, org: Org) -> None:
    ahead = NOW.replace(minute=5, second=1)

    outcome = await tap(client, org.staff, "CHECK_IN", ahead, "dev-1")
    on_the_edge = await tap(client, org.staff, "CHECK_IN", NOW.replace(minute=5), "dev-2")

    assert outcome == {
        "__typename": "ValidationFailed",
        "message": "attendance time is more than 5 minutes in the future",
        "field": "at",
    }
    assert on_the_edge["__typename"] == "AttendanceRecordPayload"
    assert await totals(client.db, *TABLES) == (1, 0, 0, 0, 0, 0)


async def test_nobody_records_taps_for_someone_else(client: Client, org: Org) -> None:
    fields = {
        "employeeId": org.staff,
        "kind": "CHECK_IN",
        "at": utc(16, "00:40").isoformat(),
        "source": "MOBILE",
        "deviceEventId": "m-1",
    }

    outcome = await result(client.as_(org.peer), RECORD, **fields)

    assert outcome == {
        "__typename": "NotFound",
        "message": f"employee {org.staff} not found",
        "id": org.staff,
    }
    assert await totals(client.db, *TABLES) == (0, 0, 0, 0, 0, 0)


# --- the month view ----------------------------------------------------------------------------


async def test_the_month_is_classified_in_the_units_time_zone(client: Client, org: Org) -> None:
    await set_zone(client.db, org.sub, "Asia/Makassar")
    await tap(client, org.staff, "CHECK_IN", utc(2, "00:30"), "a")  # 08:30 WITA: TL2 60
    await tap(client, org.staff, "CHECK_OUT", utc(2, "08:00"), "b")  # 16:00 WITA
    await tap(client, org.staff, "CHECK_IN", utc(3, "00:00"), "c")  # 08:00 WITA, no check-out

    month = await month_of(client, org.staff, "2025-06")

    days = {day["date"]: day for day in month["days"]}
    assert month["timeZone"] == "Asia/Makassar"
    assert (month["closed"], month["revision"]) == (False, None)
    assert days["2025-06-02"] == {
        "date": "2025-06-02",
        "kind": "PRESENT",
        "leaveType": None,
        "checkIn": "2025-06-02T00:30:00+00:00",
        "checkOut": "2025-06-02T08:00:00+00:00",
        "tl": "TL2",
        "tlMinutes": 60,
        "psw": None,
        "pswMinutes": 0,
    }
    assert (days["2025-06-03"]["tl"], days["2025-06-03"]["psw"]) == ("TL1", "PSW4")
    assert days["2025-06-04"]["kind"] == "ABSENT_UNEXCUSED"
    assert days["2025-06-07"]["kind"] == "WEEKEND"
    assert days["2025-06-17"]["kind"] == "UPCOMING"
    assert month["summary"] == {
        "workingDays": 10,  # 2–13 June (no holidays set); today, 16 June, is not over yet
        "presentDays": 2,
        "tl": [{"code": f"TL{n}", "days": int(n in (1, 2))} for n in range(1, 5)],
        "tlMinutes": 90,
        "psw": [{"code": f"PSW{n}", "days": int(n == 4)} for n in range(1, 5)],
        "pswMinutes": 0,
        "unexcusedDays": 8,  # 4–13 June; today (16 June, no tap yet) is still upcoming
        "leaveDays": [],
        "officialDutyDays": 0,
        "effectiveMinutes": 0,
    }


async def test_someone_outside_the_line_of_command_sees_no_attendance(
    client: Client, org: Org
) -> None:
    data = await client.as_(org.outsider).data(ATTENDANCE, id=org.staff, month="2025-06")

    assert data["_entities"][0]["attendance"] is None


# --- corrections -------------------------------------------------------------------------------


async def test_the_superior_approves_a_correction_and_it_counts(client: Client, org: Org) -> None:
    await tap(client, org.staff, "CHECK_IN", utc(2, "02:00"), "a")  # 09:00 WIB: TL3
    requested = await result(
        client.as_(org.staff),
        REQUEST_CORRECTION,
        employeeId=org.staff,
        date="2025-06-02",
        checkIn=utc(2, "00:25").isoformat(),
        checkOut=utc(2, "09:05").isoformat(),
        reason=" Mesin absen rusak ",
    )
    correction_id = requested["correction"]["id"]

    by_peer = await result(client.as_(org.peer), APPROVE_CORRECTION, id=correction_id)
    approved = await result(client.as_(org.sub_head), APPROVE_CORRECTION, id=correction_id)

    assert requested["correction"]["status"] == "PENDING"
    assert requested["correction"]["reason"] == "Mesin absen rusak"
    assert by_peer["__typename"] == "NotFound"
    assert approved["correction"] | {"id": "x"} == {
        "id": "x",
        "employeeId": org.staff,
        "date": "2025-06-02",
        "checkIn": "2025-06-02T00:25:00+00:00",
        "checkOut": "2025-06-02T09:05:00+00:00",
        "reason": "Mesin absen rusak",
        "status": "APPROVED",
        "decidedBy": org.sub_head,
        "decidedAt": NOW.isoformat(),
        "note": None,
    }
    day = (await month_of(client, org.staff, "2025-06"))["days"][1]
    assert (day["date"], day["kind"], day["tl"], day["psw"]) == (
        "2025-06-02",
        "PRESENT",
        None,
        None,
    )


# --- leave and official duty -------------------------------------------------------------------


async def request_leave(client: Client, employee: str, start: str, end: str) -> dict[str, Any]:
    return await result(
        client.as_(employee),
        REQUEST_LEAVE,
        employeeId=employee,
        type="CUTI_TAHUNAN",
        **{"from": start, "to": end},
        reason="Urusan keluarga",
    )


async def test_leave_approved_by_the_superior_is_excused(client: Client, org: Org) -> None:
    requested = await request_leave(client, org.staff, "2025-06-02", "2025-06-03")

    approved = await result(client.as_(org.sub_head), APPROVE_LEAVE, id=requested["leave"]["id"])

    assert approved["leave"] | {"id": "x"} == {
        "id": "x",
        "employeeId": org.staff,
        "kind": "LEAVE",
        "type": "CUTI_TAHUNAN",
        "from": "2025-06-02",
        "to": "2025-06-03",
        "reason": "Urusan keluarga",
        "letterNumber": None,
        "status": "APPROVED",
        "decidedBy": org.sub_head,
        "note": None,
    }
    summary = (await month_of(client, org.staff, "2025-06"))["summary"]
    assert summary["leaveDays"] == [{"type": "CUTI_TAHUNAN", "days": 2}]
    assert summary["unexcusedDays"] == 8


async def test_leave_overlapping_other_leave_is_refused(client: Client, org: Org) -> None:
    await request_leave(client, org.staff, "2025-06-02", "2025-06-05")

    outcome = await request_leave(client, org.staff, "2025-06-05", "2025-06-06")

    assert outcome == {
        "__typename": "Conflict",
        "message": "overlaps leave or official duty from 2025-06-02 to 2025-06-05",
    }
    assert await totals(client.db, *TABLES) == (0, 0, 1, 0, 0, 0)


async def test_rejected_leave_does_not_block_new_leave(client: Client, org: Org) -> None:
    first = await request_leave(client, org.staff, "2025-06-02", "2025-06-05")
    await result(client.as_(org.sub_head), REJECT_LEAVE, id=first["leave"]["id"], note="Sibuk")

    again = await request_leave(client, org.staff, "2025-06-05", "2025-06-06")

    assert again["__typename"] == "LeavePayload"
    assert await totals(client.db, *TABLES) == (0, 0, 2, 0, 0, 0)


async def test_official_duty_needs_a_letter_number(client: Client, org: Org) -> None:
    fields = {"employeeId": org.staff, "from": "2025-06-10", "to": "2025-06-11", "reason": "Rapat"}

    missing = await result(client.as_(org.staff), REQUEST_DUTY, letterNumber=" ", **fields)
    given = await result(client.as_(org.staff), REQUEST_DUTY, letterNumber="ST-12/2025", **fields)

    assert missing == {
        "__typename": "ValidationFailed",
        "message": "official duty needs the letter number",
        "field": "letterNumber",
    }
    assert (given["leave"]["kind"], given["leave"]["letterNumber"]) == (
        "OFFICIAL_DUTY",
        "ST-12/2025",
    )


# --- calendar ----------------------------------------------------------------------------------


async def test_hr_sets_a_holiday_and_the_day_is_off(client: Client, org: Org) -> None:
    outcome = await result(
        hr(client), SET_HOLIDAY, date="2025-06-06", kind="HOLIDAY", name="Iduladha"
    )

    holidays = await client.as_(org.staff).data(HOLIDAYS, year=2025)
    month = await month_of(client, org.staff, "2025-06")

    assert outcome == {
        "__typename": "SetHolidayPayload",
        "date": "2025-06-06",
        "holiday": {"date": "2025-06-06", "kind": "HOLIDAY", "name": "Iduladha"},
    }
    assert holidays == {"holidays": [{"date": "2025-06-06", "kind": "HOLIDAY", "name": "Iduladha"}]}
    assert month["days"][5]["kind"] == "HOLIDAY"


async def test_only_organisation_wide_hr_edits_the_calendar(client: Client, org: Org) -> None:
    as_unit_hr = await result(
        hr(client, unit_id=org.sub), SET_HOLIDAY, date="2025-06-06", kind="HOLIDAY", name="X"
    )

    assert as_unit_hr == {
        "__typename": "NotFound",
        "message": "calendar day 2025-06-06 not found",
        "id": "2025-06-06",
    }
    assert await totals(client.db, *TABLES) == (0, 0, 0, 0, 0, 0)


async def test_a_holiday_is_cleared_again(client: Client, org: Org) -> None:
    await result(hr(client), SET_HOLIDAY, date="2025-06-06", kind="HOLIDAY", name="Iduladha")

    cleared = await result(hr(client), SET_HOLIDAY, date="2025-06-06", kind=None)

    assert cleared == {"__typename": "SetHolidayPayload", "date": "2025-06-06", "holiday": None}
    assert await totals(client.db, *TABLES) == (0, 0, 0, 0, 0, 0)


def test_june_2025_starts_on_a_sunday() -> None:
    assert date(2025, 6, 1).weekday() == 6  # the tests above index June's days from a Sunday


# --- working hours -----------------------------------------------------------------------------

SET_SCHEDULE = f"""
mutation($input: SetWorkScheduleInput!) {{ setWorkSchedule(input: $input) {{
  __typename ... on WorkSchedulePayload {{
    schedule {{ name validFrom validTo days {{ weekday start end }} }} }}
  {ERRORS} }} }}
"""
LATE_START = [{"weekday": n, "start": "08:00:00", "end": "16:30:00"} for n in range(1, 6)]


async def test_hr_sets_working_hours_for_a_date_range(client: Client, org: Org) -> None:
    await tap(client, org.staff, "CHECK_IN", utc(10, "01:00"), "a")  # 08:00 WIB
    await tap(client, org.staff, "CHECK_OUT", utc(10, "09:30"), "b")  # 16:30 WIB
    before = (await month_of(client, org.staff, "2025-06"))["days"][9]

    outcome = await result(
        hr(client),
        SET_SCHEDULE,
        name="Jam kerja rapat kerja",
        validFrom="2025-06-09",
        validTo="2025-06-13",
        days=LATE_START,
    )
    after = (await month_of(client, org.staff, "2025-06"))["days"][9]

    assert outcome == {
        "__typename": "WorkSchedulePayload",
        "schedule": {
            "name": "Jam kerja rapat kerja",
            "validFrom": "2025-06-09",
            "validTo": "2025-06-13",
            "days": LATE_START,
        },
    }
    assert (before["date"], before["tl"], before["tlMinutes"]) == ("2025-06-10", "TL1", 30)
    assert (after["tl"], after["tlMinutes"], after["psw"]) == (None, 0, None)


async def test_working_hours_must_end_after_they_start(client: Client, org: Org) -> None:
    days = [{"weekday": 1, "start": "16:00:00", "end": "08:00:00"}]

    outcome = await result(
        hr(client), SET_SCHEDULE, name="Salah", validFrom="2025-07-01", days=days
    )
    as_staff = await result(
        client.as_(org.staff), SET_SCHEDULE, name="X", validFrom="2025-07-01", days=LATE_START
    )

    assert outcome == {
        "__typename": "ValidationFailed",
        "message": "a working day must end after it starts",
        "field": "days",
    }
    assert as_staff["__typename"] == "NotFound"


async def test_a_malformed_month_is_a_clear_error(client: Client, org: Org) -> None:
    outcome = await client.as_(org.staff).run(ATTENDANCE, id=org.staff, month="2025-13")

    assert [error.message for error in outcome.errors] == ["month must be YYYY-MM"]
    assert outcome.errors[0].extensions == {"code": "VALIDATION"}


# --- bands -------------------------------------------------------------------------------------

SET_BANDS = f"""
mutation($input: SetAttendanceBandsInput!) {{ setAttendanceBands(input: $input) {{
  __typename ... on AttendanceBandsPayload {{ bands {{ validFrom absenceDeductionPercent
    bands {{ code kind minMinutes maxMinutes deductionPercent coversMissing }} }} }}
  {ERRORS} }} }}
"""
BANDS = """query($on: Date!) { attendanceBands(on: $on) { validFrom absenceDeductionPercent
  bands { code kind minMinutes maxMinutes deductionPercent coversMissing } } }"""


def two_bands(kind: str) -> list[dict[str, Any]]:
    """One band up to an hour, one beyond it (and for a missing tap)."""
    return [
        {"code": f"{kind}1", "kind": kind, "minMinutes": 1, "maxMinutes": 60,
         "deductionPercent": "0.5", "coversMissing": False},
        {"code": f"{kind}2", "kind": kind, "minMinutes": 61, "maxMinutes": None,
         "deductionPercent": "1", "coversMissing": True},
    ]  # fmt: skip


async def test_hr_sets_bands_from_the_first_of_a_month(client: Client, org: Org) -> None:
    await tap(client, org.staff, "CHECK_IN", utc(2, "01:15", month=5), "may")  # 45 min late
    await tap(client, org.staff, "CHECK_IN", utc(2, "01:15"), "june")  # 45 min late
    seeded = await client.as_(org.staff).data(BANDS, on="2025-06-01")

    outcome = await result(
        hr(client),
        SET_BANDS,
        validFrom="2025-06-01",
        bands=two_bands("TL") + two_bands("PSW"),
        absenceDeductionPercent="2.5",
    )
    in_force = await client.as_(org.staff).data(BANDS, on="2025-06-30")
    may = (await month_of(client, org.staff, "2025-05"))["days"][1]
    june = (await month_of(client, org.staff, "2025-06"))["days"][1]

    assert seeded["attendanceBands"]["validFrom"] is None
    assert [b["code"] for b in seeded["attendanceBands"]["bands"]][:4] == [
        "TL1",
        "TL2",
        "TL3",
        "TL4",
    ]
    assert seeded["attendanceBands"]["absenceDeductionPercent"] == "3"
    assert outcome["bands"] == in_force["attendanceBands"]
    assert in_force["attendanceBands"]["validFrom"] == "2025-06-01"
    assert in_force["attendanceBands"]["absenceDeductionPercent"] == "2.5"
    assert (may["tl"], june["tl"]) == ("TL2", "TL1")
    assert (await month_of(client, org.staff, "2025-06"))["summary"]["tl"] == [
        {"code": "TL1", "days": 1},
        {"code": "TL2", "days": 0},
    ]


@pytest.mark.parametrize(
    ("valid_from", "bands", "message"),
    [
        ("2025-06-02", two_bands("TL") + two_bands("PSW"), "bands take effect on the first day"
         " of a month"),
        ("2025-06-01", two_bands("TL"), "exactly one PSW band covers a missing tap"),
        ("2025-06-01", two_bands("TL") + two_bands("TL"), "band codes must be unique"),
    ],
)  # fmt: skip
async def test_unusable_bands_are_refused(
    client: Client, org: Org, valid_from: str, bands: list[dict[str, Any]], message: str
) -> None:
    outcome = await result(
        hr(client), SET_BANDS, validFrom=valid_from, bands=bands, absenceDeductionPercent="3"
    )

    assert outcome["__typename"] == "ValidationFailed"
    assert outcome["message"] == message
    assert (await client.as_(org.staff).data(BANDS, on="2025-06-30"))["attendanceBands"][
        "validFrom"
    ] is None


# --- cross-checks ------------------------------------------------------------------------------

CROSS_CHECKS = """
query($id: ID!, $month: String!) { _entities(representations: [{__typename: "Employee", id: $id}])
{ ... on Employee { attendance(month: $month) { crossChecks {
  loggedOutsideAttendance { logId day minutesOutside } daysPresentWithoutLog
  effectiveMinutes targetMinutes shortfallMinutes } } } } }
"""


async def cross_checks_of(client: Client, viewer: str, employee: str) -> dict[str, Any]:
    data = await client.as_(viewer).data(CROSS_CHECKS, id=employee, month="2025-06")
    checks: dict[str, Any] = data["_entities"][0]["attendance"]["crossChecks"]
    return checks


async def test_days_at_work_without_a_log_are_shown_to_the_employee_and_superior(
    client: Client, org: Org
) -> None:
    await tap(client, org.staff, "CHECK_IN", utc(2, "00:30"), "a")
    await tap(client, org.staff, "CHECK_OUT", utc(2, "09:00"), "b")

    own = await cross_checks_of(client, org.staff, org.staff)
    superior = await cross_checks_of(client, org.sub_head, org.staff)

    assert (
        own
        == superior
        == {
            "loggedOutsideAttendance": [],
            "daysPresentWithoutLog": ["2025-06-02"],
            "effectiveMinutes": 0,
            "targetMinutes": 6750,
            "shortfallMinutes": 6750,
        }
    )


async def test_the_monthly_minutes_target_is_data_hr_sets(client: Client, org: Org) -> None:
    outcome = await result(
        hr(client),
        SET_BANDS,
        validFrom="2025-06-01",
        bands=two_bands("TL") + two_bands("PSW"),
        absenceDeductionPercent="3",
        monthlyMinutesTarget=6000,
    )

    checks = await cross_checks_of(client, org.staff, org.staff)

    assert outcome["__typename"] == "AttendanceBandsPayload"
    assert (checks["targetMinutes"], checks["shortfallMinutes"]) == (6000, 6000)


async def test_a_monthly_target_that_is_not_positive_is_refused(client: Client, org: Org) -> None:
    outcome = await result(
        hr(client),
        SET_BANDS,
        validFrom="2025-06-01",
        bands=two_bands("TL") + two_bands("PSW"),
        absenceDeductionPercent="3",
        monthlyMinutesTarget=0,
    )

    assert outcome == {
        "__typename": "ValidationFailed",
        "message": "the monthly target must be positive",
        "field": "monthlyMinutesTarget",
    }
    assert (await cross_checks_of(client, org.staff, org.staff))["targetMinutes"] == 6750
