"""Attendance types of the graph: taps, requests, classified days, summaries, month close."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import strawberry

from services.activity.domain.attendance import (
    AbsenceKind,
    Band,
    BandKind,
    CalendarKind,
    DayClass,
    DayKind,
    EventKind,
    LeaveType,
    MonthSummary,
    RequestStatus,
    Source,
)
from services.activity.schema.cross_check_types import CrossChecks
from services.activity.store.attendance import (
    AbsenceRow,
    AttendanceCorrectionRow,
    AttendanceRecordRow,
    CalendarDayRow,
    MonthCloseRow,
    MonthReopeningRow,
    WorkScheduleRow,
)

AttendanceEventKind = strawberry.enum(EventKind, name="AttendanceEventKind")
AttendanceSource = strawberry.enum(Source, name="AttendanceSource")
LeaveTypeEnum = strawberry.enum(LeaveType, name="LeaveType")
AbsenceKindEnum = strawberry.enum(AbsenceKind, name="AbsenceKind")
CalendarDayKind = strawberry.enum(CalendarKind, name="CalendarDayKind")
AttendanceDayKind = strawberry.enum(DayKind, name="AttendanceDayKind")
AttendanceRequestStatus = strawberry.enum(RequestStatus, name="AttendanceRequestStatus")
AttendanceBandKind = strawberry.enum(BandKind, name="AttendanceBandKind")


@strawberry.type(description="A check-in or check-out.")
class AttendanceRecord:
    """One tap, with the local day it counts for."""

    id: strawberry.ID
    employee_id: strawberry.ID
    kind: EventKind
    at: datetime
    date: date
    source: Source
    device_event_id: str

    @classmethod
    def from_row(cls, row: AttendanceRecordRow) -> AttendanceRecord:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            kind=row.kind,
            at=row.at,
            date=row.day,
            source=row.source,
            device_event_id=row.device_event_id,
        )


@strawberry.type(description="A manual correction of a day's check-in/check-out.")
class AttendanceCorrection:
    """A correction and its decision by the direct superior."""

    id: strawberry.ID
    employee_id: strawberry.ID
    date: date
    check_in: datetime | None
    check_out: datetime | None
    reason: str
    status: RequestStatus
    decided_by: strawberry.ID | None
    decided_at: datetime | None
    note: str | None

    @classmethod
    def from_row(cls, row: AttendanceCorrectionRow) -> AttendanceCorrection:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            date=row.day,
            check_in=row.check_in,
            check_out=row.check_out,
            reason=row.reason,
            status=row.status,
            decided_by=strawberry.ID(row.decided_by) if row.decided_by else None,
            decided_at=row.decided_at,
            note=row.decision_note,
        )


@strawberry.type(description="Leave (cuti) or official duty (dinas luar) over a date range.")
class Leave:
    """A request for leave or official duty and its decision."""

    id: strawberry.ID
    employee_id: strawberry.ID
    kind: AbsenceKind
    type: LeaveType | None
    from_: date = strawberry.field(name="from")
    to: date
    reason: str
    letter_number: str | None
    status: RequestStatus
    decided_by: strawberry.ID | None
    decided_at: datetime | None
    note: str | None

    @classmethod
    def from_row(cls, row: AbsenceRow) -> Leave:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            kind=row.kind,
            type=row.leave_type,
            from_=row.start,
            to=row.end,
            reason=row.reason,
            letter_number=row.letter_number,
            status=row.status,
            decided_by=strawberry.ID(row.decided_by) if row.decided_by else None,
            decided_at=row.decided_at,
            note=row.decision_note,
        )


@strawberry.type(description="A public holiday or cuti bersama day.")
class CalendarDay:
    """A day off in the calendar."""

    date: date
    kind: CalendarKind
    name: str

    @classmethod
    def from_row(cls, row: CalendarDayRow) -> CalendarDay:
        """The type from its row."""
        return cls(date=row.day, kind=row.kind, name=row.name)


@strawberry.type(description="A classified day in the employee's local time.")
class AttendanceDay:
    """How a day counts: present with TL/PSW bands, absent, leave, duty, holiday or weekend."""

    date: date
    kind: DayKind
    leave_type: LeaveType | None
    check_in: datetime | None
    check_out: datetime | None
    tl: str | None
    tl_minutes: int
    psw: str | None
    psw_minutes: int

    @classmethod
    def from_class(cls, day: DayClass) -> AttendanceDay:
        """The type from a classified day."""
        return cls(
            date=day.day,
            kind=day.kind,
            leave_type=day.leave_type,
            check_in=day.check_in,
            check_out=day.check_out,
            tl=day.tl,
            tl_minutes=day.tl_minutes,
            psw=day.psw,
            psw_minutes=day.psw_minutes,
        )


@strawberry.type(description="How many days fell in a band.")
class BandCount:
    """A TL/PSW band code and its count of days."""

    code: str
    days: int


@strawberry.type(description="Days of leave of one type.")
class LeaveDays:
    """A leave type and its days."""

    type: LeaveType
    days: int


@strawberry.type(description="A month of attendance, summed up.")
class AttendanceSummary:
    """Counts and minutes of the month."""

    working_days: int
    present_days: int
    tl: list[BandCount]
    tl_minutes: int
    psw: list[BandCount]
    psw_minutes: int
    unexcused_days: int
    leave_days: list[LeaveDays]
    official_duty_days: int
    effective_minutes: int

    @classmethod
    def from_summary(cls, summary: MonthSummary, effective_minutes: int) -> AttendanceSummary:
        """The type from a live summary."""
        return cls.from_payload(
            {
                "working_days": summary.working_days,
                "present_days": summary.present_days,
                "tl": summary.tl,
                "tl_minutes": summary.tl_minutes,
                "psw": summary.psw,
                "psw_minutes": summary.psw_minutes,
                "unexcused_days": summary.unexcused_days,
                "leave_days": summary.leave_days,
                "official_duty_days": summary.official_duty_days,
                "effective_minutes": effective_minutes,
            }
        )

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> AttendanceSummary:
        """The type from a summary as published (a frozen one)."""
        return cls(
            working_days=data["working_days"],
            present_days=data["present_days"],
            tl=[BandCount(code=code, days=n) for code, n in data["tl"].items()],
            tl_minutes=data["tl_minutes"],
            psw=[BandCount(code=code, days=n) for code, n in data["psw"].items()],
            psw_minutes=data["psw_minutes"],
            unexcused_days=data["unexcused_days"],
            leave_days=[
                LeaveDays(type=LeaveType(t), days=n) for t, n in data["leave_days"].items()
            ],
            official_duty_days=data["official_duty_days"],
            effective_minutes=data["effective_minutes"],
        )


@strawberry.type(description="An employee's month of attendance.")
class AttendanceMonth:
    """The days and the summary; a closed month shows its frozen summary."""

    month: str
    time_zone: str
    closed: bool
    revision: int | None
    days: list[AttendanceDay]
    summary: AttendanceSummary
    cross_checks: CrossChecks


@strawberry.type(description="Who reopened a closed month, when and why.")
class MonthReopening:
    """One reopening."""

    revision: int
    reason: str
    reopened_by: strawberry.ID
    reopened_at: datetime

    @classmethod
    def from_row(cls, row: MonthReopeningRow) -> MonthReopening:
        """The type from its row."""
        return cls(
            revision=row.revision,
            reason=row.reason,
            reopened_by=strawberry.ID(row.reopened_by),
            reopened_at=row.reopened_at,
        )


@strawberry.type(description="A unit's month: closed or open, and its history.")
class MonthClose:
    """The state of a unit's month close."""

    unit_id: strawberry.ID
    month: str
    closed: bool
    revision: int
    closed_by: strawberry.ID
    closed_at: datetime
    reopenings: list[MonthReopening]

    @classmethod
    def from_row(cls, row: MonthCloseRow, reopenings: list[MonthReopeningRow]) -> MonthClose:
        """The type from its row and its reopenings."""
        return cls(
            unit_id=strawberry.ID(row.unit_id),
            month=row.month,
            closed=row.closed,
            revision=row.revision,
            closed_by=strawberry.ID(row.closed_by),
            closed_at=row.closed_at,
            reopenings=[MonthReopening.from_row(r) for r in reopenings],
        )


@strawberry.type(description="Working hours of a weekday (1 = Monday … 7 = Sunday), local time.")
class WorkDay:
    """One weekday's hours."""

    weekday: int
    start: time
    end: time


@strawberry.type(description="Working hours set by HR from a date (to a date, e.g. Ramadan).")
class WorkSchedule:
    """A schedule; of those covering a day, the one starting latest applies."""

    id: strawberry.ID
    name: str
    valid_from: date
    valid_to: date | None
    days: list[WorkDay]

    @classmethod
    def from_row(cls, row: WorkScheduleRow) -> WorkSchedule:
        """The type from its row."""
        hours: dict[str, list[str]] = json.loads(row.hours)
        days = [
            WorkDay(weekday=int(day) + 1, start=time.fromisoformat(s), end=time.fromisoformat(e))
            for day, (s, e) in sorted(hours.items())
        ]
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            days=days,
        )


def plain_decimal(value: Decimal) -> Decimal:
    """A decimal without storage padding (`2.5000` → `2.5`, `3.0000` → `3`)."""
    normal = value.normalize()
    return normal if normal != normal.to_integral_value() else Decimal(int(normal))


@strawberry.type(description="A late-arrival (TL) or early-leave (PSW) band.")
class AttendanceBand:
    """Minutes from `minMinutes` to `maxMinutes` (null: no limit) and the deduction."""

    code: str
    kind: BandKind
    min_minutes: int
    max_minutes: int | None
    deduction_percent: Decimal
    covers_missing: bool

    @classmethod
    def from_band(cls, band: Band) -> AttendanceBand:
        """The type from a band."""
        return cls(
            code=band.code,
            kind=band.kind,
            min_minutes=band.min_minutes,
            max_minutes=band.max_minutes,
            deduction_percent=plain_decimal(band.deduction_percent),
            covers_missing=band.covers_missing,
        )


@strawberry.type(description="The bands and the unexcused-absence deduction in force.")
class AttendanceBands:
    """A band set (the seeded defaults until HR sets one)."""

    valid_from: date | None
    bands: list[AttendanceBand]
    absence_deduction_percent: Decimal
