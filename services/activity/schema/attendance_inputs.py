"""Attendance inputs, mutation payloads and result unions."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.graphql import Conflict, Error, NotFound, ValidationFailed
from services.activity.domain.attendance import (
    BandKind,
    CalendarKind,
    EventKind,
    LeaveType,
    Source,
)
from services.activity.schema.attendance_types import (
    AttendanceBands,
    AttendanceCorrection,
    AttendanceRecord,
    CalendarDay,
    Leave,
    MonthClose,
    WorkSchedule,
)
from services.activity.service.attendance import MAX_BATCH, AttendanceBatchError

# --- inputs ------------------------------------------------------------------------------------


@strawberry.input(description="A check-in or check-out from a device or the mobile app.")
class RecordAttendanceInput:
    """The tap; `deviceEventId` makes a resent event harmless."""

    employee_id: strawberry.ID
    kind: EventKind
    at: datetime
    source: Source
    device_event_id: str


@strawberry.input(description="Taps synced from a device, recorded all or nothing.")
class RecordAttendanceBatchInput:
    """The taps, in the order the device took them."""

    records: list[RecordAttendanceInput] = strawberry.field(
        description=f"1–{MAX_BATCH} taps; errors name a tap by its 0-based index here."
    )


@strawberry.input(description="A manual correction of a day's check-in and/or check-out.")
class RequestAttendanceCorrectionInput:
    """The day, the corrected times and why."""

    employee_id: strawberry.ID
    date: date
    check_in: datetime | None = None
    check_out: datetime | None = None
    reason: str


@strawberry.input(description="Leave over a date range (inclusive).")
class RequestLeaveInput:
    """The leave."""

    employee_id: strawberry.ID
    type: LeaveType
    from_: date = strawberry.field(name="from")
    to: date
    reason: str


@strawberry.input(description="Official duty (dinas luar) over a date range, with its letter.")
class RequestOfficialDutyInput:
    """The duty and its letter number (surat tugas)."""

    employee_id: strawberry.ID
    from_: date = strawberry.field(name="from")
    to: date
    letter_number: str
    reason: str


@strawberry.input(description="A decision on a pending request.")
class DecideRequestInput:
    """The request and an optional note."""

    id: strawberry.ID
    note: str | None = None


@strawberry.input(description="A day set as a holiday or cuti bersama; kind null: working day.")
class SetHolidayInput:
    """The day, its kind and its name."""

    date: date
    kind: CalendarKind | None = None
    name: str = ""


@strawberry.input(description="A unit's month to close.")
class CloseMonthInput:
    """The unit and the month (YYYY-MM)."""

    unit_id: strawberry.ID
    month: str


@strawberry.input(description="A closed month to reopen, and why.")
class ReopenMonthInput:
    """The unit, the month and the reason."""

    unit_id: strawberry.ID
    month: str
    reason: str


# --- payloads ----------------------------------------------------------------------------------


@strawberry.type
class AttendanceRecordPayload:
    """The stored tap (the first one, for a resent device event)."""

    record: AttendanceRecord


@strawberry.type
class AttendanceCorrectionPayload:
    """The correction after the change."""

    correction: AttendanceCorrection


@strawberry.type
class LeavePayload:
    """The leave or official duty after the change."""

    leave: Leave


@strawberry.type
class SetHolidayPayload:
    """The day and its calendar entry (null: a working day)."""

    date: date
    holiday: CalendarDay | None


@strawberry.type
class MonthClosePayload:
    """The unit's month after the change."""

    month_close: MonthClose


@strawberry.type(description="A batch of taps, recorded.")
class AttendanceBatchPayload:
    """How many taps were new and how many were resent device events already stored."""

    recorded: int
    duplicates: int


@strawberry.type(description="Why one tap of a batch was refused.")
class AttendanceBatchRowError:
    """`index` is the tap's 0-based position in `records`; `field` its faulty input field."""

    index: int
    field: str | None
    message: str


@strawberry.type(description="Some taps of the batch were refused; nothing was recorded.")
class AttendanceBatchFailed(Error):
    """Every refused tap, in batch order."""

    errors: list[AttendanceBatchRowError]

    @classmethod
    def from_error(cls, exc: AttendanceBatchError) -> AttendanceBatchFailed:
        """The schema form of the service's error."""
        errors = [
            AttendanceBatchRowError(index=e.index, field=e.field, message=e.message)
            for e in exc.errors
        ]
        return cls(message=exc.message, errors=errors)


RecordAttendanceResult = Annotated[
    AttendanceRecordPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("RecordAttendanceResult"),
]
RecordAttendanceBatchResult = Annotated[
    AttendanceBatchPayload | AttendanceBatchFailed | NotFound | ValidationFailed | Conflict,
    strawberry.union("RecordAttendanceBatchResult"),
]
CorrectionResult = Annotated[
    AttendanceCorrectionPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("AttendanceCorrectionResult"),
]
LeaveResult = Annotated[
    LeavePayload | NotFound | ValidationFailed | Conflict, strawberry.union("LeaveResult")
]
SetHolidayResult = Annotated[
    SetHolidayPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("SetHolidayResult"),
]
MonthCloseResult = Annotated[
    MonthClosePayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("MonthCloseResult"),
]


@strawberry.input(description="Working hours of a weekday (1 = Monday … 7 = Sunday), local time.")
class WorkDayInput:
    """One weekday's hours."""

    weekday: int
    start: time
    end: time


@strawberry.input(description="Working hours from a date (to a date: e.g. a year's Ramadan).")
class SetWorkScheduleInput:
    """A schedule; setting the same name and start again replaces it."""

    name: str
    valid_from: date
    valid_to: date | None = None
    days: list[WorkDayInput]


@strawberry.type
class WorkSchedulePayload:
    """The schedule after the change."""

    schedule: WorkSchedule


SetWorkScheduleResult = Annotated[
    WorkSchedulePayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("SetWorkScheduleResult"),
]


@strawberry.input(description="A TL or PSW band.")
class BandInput:
    """Minutes from `minMinutes` to `maxMinutes` (null: no limit) and the deduction in %."""

    code: str
    kind: BandKind
    min_minutes: int
    max_minutes: int | None = None
    deduction_percent: Decimal
    covers_missing: bool = False


@strawberry.input(description="TL/PSW bands and the absence deduction, from the first of a month.")
class SetAttendanceBandsInput:
    """The whole band set (it replaces the one in force from `validFrom`)."""

    valid_from: date
    bands: list[BandInput]
    absence_deduction_percent: Decimal
    monthly_minutes_target: int | None = strawberry.field(
        default=None, description="effective minutes expected a month (null: 6,750)"
    )


@strawberry.type
class AttendanceBandsPayload:
    """The band set after the change."""

    bands: AttendanceBands


SetAttendanceBandsResult = Annotated[
    AttendanceBandsPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("SetAttendanceBandsResult"),
]
