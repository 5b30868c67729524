# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Attendance in the graph: taps, corrections, leave, the calendar, month close, and
`Employee.attendance(month)` (the `EmployeeAttendanceFields` mixin / `employee_attendance`).

The policy is asked first (what the caller may not touch is NotFound); each mutation is one use
case in its own transaction, so a refusal leaves no row and no outbox row behind.
"""

from __future__ import annotations

from datetime import date

import strawberry

from kinerja.errors import NotFoundError, ValidationError
from kinerja.graphql import Info, mutation_errors
from kinerja.policy import Area
from services.activity.domain.attendance import (
    AbsenceKind,
    AttendanceRuleError,
    Band,
    WorkHours,
)
from services.activity.schema import attendance_guard as access
from services.activity.schema import guard
from services.activity.schema.attendance_inputs import (
    AttendanceBandsPayload,
    AttendanceBatchFailed,
    AttendanceBatchPayload,
    AttendanceCorrectionPayload,
    AttendanceRecordPayload,
    CloseMonthInput,
    CorrectionResult,
    DecideRequestInput,
    LeavePayload,
    LeaveResult,
    MonthCloseResult,
    RecordAttendanceBatchInput,
    RecordAttendanceBatchResult,
    RecordAttendanceInput,
    RecordAttendanceResult,
    ReopenMonthInput,
    RequestAttendanceCorrectionInput,
    RequestLeaveInput,
    RequestOfficialDutyInput,
    SetAttendanceBandsInput,
    SetAttendanceBandsResult,
    SetHolidayInput,
    SetHolidayPayload,
    SetHolidayResult,
    SetWorkScheduleInput,
    SetWorkScheduleResult,
    WorkSchedulePayload,
)
from services.activity.schema.attendance_types import (
    AttendanceBand,
    AttendanceBands,
    AttendanceCorrection,
    AttendanceDay,
    AttendanceMonth,
    AttendanceRecord,
    AttendanceSummary,
    CalendarDay,
    Leave,
    MonthClose,
    WorkSchedule,
    plain_decimal,
)
from services.activity.schema.cross_check_types import CrossChecks
from services.activity.service import attendance as service
from services.activity.service import month_close
from services.activity.service.attendance_calendar import (
    NewSchedule,
    bands_of,
    rules_for,
    set_attendance_bands,
    set_holiday,
    set_work_schedule,
)
from services.activity.service.attendance_common import new_uuid
from services.activity.store import attendance as store

# --- Employee.attendance -----------------------------------------------------------------------


async def employee_attendance(info: Info, employee_id: str, month: str) -> AttendanceMonth | None:
    """The employee's month (null when not visible to the caller, or they have no post)."""
    if not await guard.may_view(info, employee_id):
        return None
    async with info.context.read() as session:
        try:
            view = await service.attendance_month(
                session, employee_id, month, now=info.context.now()
            )
        except NotFoundError:
            return None
        except AttendanceRuleError as exc:  # a malformed month: the client's error, not ours
            raise ValidationError(exc.field, exc.message) from exc
        frozen = await store.latest_summary(session, employee_id, month)
        closed = frozen is not None and await store.is_month_closed(session, frozen.unit_id, month)
    summary = AttendanceSummary.from_summary(view.summary, view.effective_minutes)
    if closed and frozen is not None:
        summary = AttendanceSummary.from_payload(month_close.frozen_summary(frozen))
    return AttendanceMonth(
        month=month,
        time_zone=view.time_zone,
        closed=closed,
        revision=frozen.revision if frozen is not None else None,
        days=[AttendanceDay.from_class(day) for day in view.days],
        summary=summary,
        cross_checks=CrossChecks.from_checks(view.cross_checks),
    )


@strawberry.type
class EmployeeAttendanceFields:
    """What attendance adds to `Employee`; the entity inherits it."""

    id: strawberry.ID

    @strawberry.field(description="The employee's attendance in a month (YYYY-MM).")
    async def attendance(self, info: Info, month: str) -> AttendanceMonth | None:
        """Classified days and the month's summary (frozen once the month is closed)."""
        return await employee_attendance(info, str(self.id), month)


# --- queries -----------------------------------------------------------------------------------


@strawberry.type
class AttendanceQuery:
    """Attendance reads."""

    @strawberry.field(description="Holidays and cuti bersama days of a year.")
    async def holidays(self, info: Info, year: int) -> list[CalendarDay]:
        """The calendar of a year (everyone signed in may read it)."""
        if not info.context.principal.is_employee or not 1900 <= year <= 9999:
            return []
        async with info.context.read() as session:
            rows = await store.calendar_between(session, date(year, 1, 1), date(year, 12, 31))
        return [CalendarDay.from_row(row) for row in rows]

    @strawberry.field(description="The TL/PSW bands and absence deduction in force on a day.")
    async def attendance_bands(self, info: Info, on: date) -> AttendanceBands | None:
        """The band set (the seeded defaults until HR sets one); null for anonymous callers."""
        if not info.context.principal.is_employee:
            return None
        async with info.context.read() as session:
            in_force = await rules_for(session, on, on)
            row = await store.band_set_on(session, on)
        return AttendanceBands(
            valid_from=row.valid_from if row is not None else None,
            bands=[AttendanceBand.from_band(band) for band in in_force.bands],
            absence_deduction_percent=plain_decimal(in_force.absence_deduction_percent),
        )

    @strawberry.field(description="A unit's month close and its reopenings (null: never closed).")
    async def month_close(
        self, info: Info, unit_id: strawberry.ID, month: str
    ) -> MonthClose | None:
        """The unit's month close, for those who may close it."""
        try:
            await access.require_unit(info, str(unit_id), area=Area.DIRECTORY)
            return (await access.month_close_payload(info, str(unit_id), month)).month_close
        except NotFoundError:
            return None


# --- mutations ---------------------------------------------------------------------------------


def _tap_of(input: RecordAttendanceInput) -> service.NewTap:
    return service.NewTap(
        employee_id=str(input.employee_id),
        kind=input.kind,
        at=input.at,
        source=input.source,
        device_event_id=input.device_event_id,
    )


async def _decide_correction(
    info: Info, input: DecideRequestInput, *, approve: bool
) -> AttendanceCorrectionPayload:
    decided_by = await access.approver_of_correction(info, str(input.id))
    async with info.context.transaction() as session:
        row = await service.decide_correction(
            session,
            str(input.id),
            approve=approve,
            decided_by=decided_by,
            note=input.note,
            now=info.context.now(),
        )
    return AttendanceCorrectionPayload(correction=AttendanceCorrection.from_row(row))


async def _decide_leave(info: Info, input: DecideRequestInput, *, approve: bool) -> LeavePayload:
    decided_by = await access.approver_of_leave(info, str(input.id))
    async with info.context.transaction() as session:
        row = await service.decide_absence(
            session,
            str(input.id),
            approve=approve,
            decided_by=decided_by,
            note=input.note,
            now=info.context.now(),
        )
    return LeavePayload(leave=Leave.from_row(row))


async def _request_absence(info: Info, new: service.NewAbsence) -> LeavePayload:
    await access.require_change(info, new.employee_id)
    async with info.context.transaction() as session:
        row = await service.request_absence(
            session, new, absence_id=new_uuid(), now=info.context.now()
        )
    return LeavePayload(leave=Leave.from_row(row))


@strawberry.type
class AttendanceMutation:
    """Attendance writes."""

    @strawberry.mutation(description="Store a check-in or check-out (idempotent by device event).")
    @mutation_errors
    async def record_attendance(
        self, info: Info, input: RecordAttendanceInput
    ) -> RecordAttendanceResult:
        """A tap of the employee (themself, or HR for them)."""
        await access.require_change(info, str(input.employee_id))
        async with info.context.transaction() as session:
            row = await service.record_attendance(
                session, _tap_of(input), record_id=new_uuid(), now=info.context.now()
            )
        return AttendanceRecordPayload(record=AttendanceRecord.from_row(row))

    @strawberry.mutation(
        description=f"Store up to {service.MAX_BATCH} taps of a device sync, all or nothing, each"
        " by recordAttendance's rules; resent device events count as duplicates."
    )
    @mutation_errors
    async def record_attendance_batch(
        self, info: Info, input: RecordAttendanceBatchInput
    ) -> RecordAttendanceBatchResult:
        """Every tap, or none and every refused one; NotFound when one employee is not the
        caller's to change."""
        service.check_batch_size(len(input.records))
        for employee_id in dict.fromkeys(str(record.employee_id) for record in input.records):
            await access.require_change(info, employee_id)  # once per distinct employee
        taps = [_tap_of(record) for record in input.records]
        try:
            async with info.context.transaction() as session:
                outcome = await service.record_attendance_batch(
                    session, taps, new_id=new_uuid, now=info.context.now()
                )
        except service.AttendanceBatchError as exc:  # raised inside: the batch rolled back
            return AttendanceBatchFailed.from_error(exc)
        return AttendanceBatchPayload(recorded=outcome.recorded, duplicates=outcome.duplicates)

    @strawberry.mutation(description="Ask the direct superior to correct a day's times.")
    @mutation_errors
    async def request_attendance_correction(
        self, info: Info, input: RequestAttendanceCorrectionInput
    ) -> CorrectionResult:
        """A pending correction."""
        await access.require_change(info, str(input.employee_id))
        new = service.NewCorrection(
            employee_id=str(input.employee_id),
            day=input.date,
            check_in=input.check_in,
            check_out=input.check_out,
            reason=input.reason,
        )
        async with info.context.transaction() as session:
            row = await service.request_correction(
                session, new, correction_id=new_uuid(), now=info.context.now()
            )
        return AttendanceCorrectionPayload(correction=AttendanceCorrection.from_row(row))

    @strawberry.mutation(description="The direct superior approves a correction.")
    @mutation_errors
    async def approve_attendance_correction(
        self, info: Info, input: DecideRequestInput
    ) -> CorrectionResult:
        """The correction, approved."""
        return await _decide_correction(info, input, approve=True)

    @strawberry.mutation(description="The direct superior rejects a correction.")
    @mutation_errors
    async def reject_attendance_correction(
        self, info: Info, input: DecideRequestInput
    ) -> CorrectionResult:
        """The correction, rejected."""
        return await _decide_correction(info, input, approve=False)

    @strawberry.mutation(description="Ask for leave (cuti); the direct superior decides.")
    @mutation_errors
    async def request_leave(self, info: Info, input: RequestLeaveInput) -> LeaveResult:
        """Pending leave; refused when it overlaps other leave or duty that is not rejected."""
        new = service.NewAbsence(
            employee_id=str(input.employee_id),
            kind=AbsenceKind.LEAVE,
            start=input.from_,
            end=input.to,
            reason=input.reason,
            leave_type=input.type,
        )
        return await _request_absence(info, new)

    @strawberry.mutation(description="Report official duty (dinas luar) with its letter number.")
    @mutation_errors
    async def request_official_duty(
        self, info: Info, input: RequestOfficialDutyInput
    ) -> LeaveResult:
        """Pending official duty; the direct superior decides."""
        new = service.NewAbsence(
            employee_id=str(input.employee_id),
            kind=AbsenceKind.OFFICIAL_DUTY,
            start=input.from_,
            end=input.to,
            reason=input.reason,
            letter_number=input.letter_number,
        )
        return await _request_absence(info, new)

    @strawberry.mutation(description="The direct superior approves leave or official duty.")
    @mutation_errors
    async def approve_leave(self, info: Info, input: DecideRequestInput) -> LeaveResult:
        """The leave, approved."""
        return await _decide_leave(info, input, approve=True)

    @strawberry.mutation(description="The direct superior rejects leave or official duty.")
    @mutation_errors
    async def reject_leave(self, info: Info, input: DecideRequestInput) -> LeaveResult:
        """The leave, rejected."""
        return await _decide_leave(info, input, approve=False)

    @strawberry.mutation(description="HR sets (or clears) a holiday or cuti bersama day.")
    @mutation_errors
    async def set_holiday(self, info: Info, input: SetHolidayInput) -> SetHolidayResult:
        """The day's calendar entry after the change."""
        set_by = access.require_calendar_admin(info, input.date)
        async with info.context.transaction() as session:
            row = await set_holiday(
                session,
                input.date,
                kind=input.kind,
                name=input.name,
                set_by=set_by,
                now=info.context.now(),
            )
        holiday = CalendarDay.from_row(row) if row is not None else None
        return SetHolidayPayload(date=input.date, holiday=holiday)

    @strawberry.mutation(description="HR sets working hours from a date (e.g. a year's Ramadan).")
    @mutation_errors
    async def set_work_schedule(
        self, info: Info, input: SetWorkScheduleInput
    ) -> SetWorkScheduleResult:
        """The schedule after the change; it applies over the seeded default hours."""
        set_by = access.require_calendar_admin(info, input.valid_from)
        new = NewSchedule(
            name=input.name,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            hours={day.weekday - 1: WorkHours(day.start, day.end) for day in input.days},
        )
        async with info.context.transaction() as session:
            row = await set_work_schedule(session, new, set_by=set_by, now=info.context.now())
        return WorkSchedulePayload(schedule=WorkSchedule.from_row(row))

    @strawberry.mutation(description="HR sets the TL/PSW bands from the first day of a month.")
    @mutation_errors
    async def set_attendance_bands(
        self, info: Info, input: SetAttendanceBandsInput
    ) -> SetAttendanceBandsResult:
        """The band set after the change."""
        set_by = access.require_calendar_admin(info, input.valid_from)
        bands = tuple(
            Band(b.code.strip(), b.kind, b.min_minutes, b.max_minutes, b.deduction_percent,
                 covers_missing=b.covers_missing)
            for b in input.bands
        )  # fmt: skip
        async with info.context.transaction() as session:
            row = await set_attendance_bands(
                session,
                input.valid_from,
                bands,
                absence_deduction_percent=input.absence_deduction_percent,
                monthly_minutes_target=input.monthly_minutes_target,
                set_by=set_by,
                now=info.context.now(),
            )
        stored = AttendanceBands(
            valid_from=row.valid_from,
            bands=[AttendanceBand.from_band(band) for band in bands_of(row)],
            absence_deduction_percent=plain_decimal(row.absence_deduction_percent),
        )
        return AttendanceBandsPayload(bands=stored)

    @strawberry.mutation(description="Close a unit's month: freeze and publish every summary.")
    @mutation_errors
    async def close_month(self, info: Info, input: CloseMonthInput) -> MonthCloseResult:
        """HR or the unit's admin closes the month."""
        closed_by = await access.require_unit(info, str(input.unit_id), area=Area.DIRECTORY)
        async with info.context.transaction() as session:
            await month_close.close_month(
                session,
                str(input.unit_id),
                input.month,
                closed_by=closed_by,
                now=info.context.now(),
            )
        return await access.month_close_payload(info, str(input.unit_id), input.month)

    @strawberry.mutation(description="HR reopens a closed month, saying why (audited).")
    @mutation_errors
    async def reopen_month(self, info: Info, input: ReopenMonthInput) -> MonthCloseResult:
        """The month, open for corrections until it is closed again."""
        reopened_by = await access.require_unit(info, str(input.unit_id), area=Area.RECORDS)
        async with info.context.transaction() as session:
            await month_close.reopen_month(
                session,
                str(input.unit_id),
                input.month,
                reason=input.reason,
                reopened_by=reopened_by,
                now=info.context.now(),
            )
        return await access.month_close_payload(info, str(input.unit_id), input.month)
