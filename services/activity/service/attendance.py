"""Attendance use cases: taps, corrections, leave, official duty, and the month view.

Each function loads through the store, asks the pure rules in `domain.attendance`, and saves;
the caller owns the transaction. Taps are stamped with the local day of the employee's unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.directory.rules import Holding, primary_holding
from kinerja.errors import ConflictError, NotFoundError, ValidationError
from services.activity.domain import attendance as rules
from services.activity.domain import attendance_checks as checks
from services.activity.domain.attendance import (
    AbsenceKind,
    AttendanceRuleError,
    DayClass,
    DayFacts,
    EventKind,
    LeaveType,
    MonthSummary,
    RequestStatus,
    Source,
)
from services.activity.domain.attendance_defaults import default_rules
from services.activity.domain.cross_checks import CrossChecks, cross_check
from services.activity.service.attendance_calendar import rules_for
from services.activity.service.attendance_common import (
    Placement,
    attendance_rules,
    clean_reason,
    ensure_open,
    placed_employee,
    placement_of,
)
from services.activity.store import attendance as store
from services.activity.store.attendance import (
    AbsenceRow,
    AttendanceCorrectionRow,
    AttendanceRecordRow,
)
from services.activity.store.logs import approved_minutes, log_days

# --- taps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewTap:
    """A check-in or check-out from a device or the mobile app."""

    employee_id: str
    kind: EventKind
    at: datetime
    source: Source
    device_event_id: str


class TapLookups:
    """What a transaction already knows about taps: placements per employee and position, open
    unit-months, device events already stored or accepted, and check-ins accepted but not yet
    written. A batch asks the directory replica once per employee and position, the month close
    once per unit and month, and the stored device events once for the whole batch."""

    def __init__(self, stored: dict[str, tuple[str, EventKind]] | None = None) -> None:
        self._placements: dict[tuple[str, str], Placement] = {}
        self._holdings: dict[str, list[Holding]] = {}
        self._open_months: set[tuple[str, str]] = set()
        self.preloaded = stored is not None
        self.devices: dict[str, tuple[str, EventKind]] = stored or {}
        self.pending_check_ins: dict[tuple[str, date], datetime] = {}

    async def placement(self, session: AsyncSession, employee_id: str, on: date) -> Placement:
        """`placed_employee`, remembered."""
        if employee_id not in self._holdings:
            self._holdings[employee_id] = await replica.holdings_of(session, employee_id)
        holdings = self._holdings[employee_id]
        holding = primary_holding(holdings, on)
        key = (employee_id, holding.position_id if holding else "")
        if key not in self._placements:  # the same position: the same unit and zone
            self._placements[key] = await placed_employee(session, employee_id, on, holdings)
        return self._placements[key]

    async def ensure_open(self, session: AsyncSession, unit_id: str, day: date) -> None:
        """`ensure_open` of one day, remembered once the month is known to be open."""
        key = (unit_id, checks.month_of(day))
        if key not in self._open_months:
            await ensure_open(session, unit_id, day, day)
            self._open_months.add(key)

    async def first_check_in(
        self, session: AsyncSession, employee_id: str, day: date
    ) -> datetime | None:
        """The earliest check-in of the day, stored or accepted earlier in this batch."""
        stored = await store.first_check_in(session, employee_id, day)
        pending = self.pending_check_ins.get((employee_id, day))
        return min((at for at in (stored, pending) if at is not None), default=None)


async def prepare_tap(
    session: AsyncSession, tap: NewTap, *, record_id: str, now: datetime, lookups: TapLookups
) -> dict[str, object] | None:
    """A tap checked by the rules: the row to insert, or None for a device event already stored
    (or accepted earlier in the batch) for the same employee and kind."""
    device_event_id = tap.device_event_id.strip()
    if not device_event_id or len(device_event_id) > 200:
        raise ValidationError("deviceEventId", "deviceEventId must be 1–200 characters")
    if lookups.preloaded:
        seen = lookups.devices.get(device_event_id)
    else:
        existing = await store.record_by_device_event(session, device_event_id)
        seen = None if existing is None else (existing.employee_id, existing.kind)
    if seen is not None:
        if seen != (tap.employee_id, tap.kind):
            raise ConflictError("deviceEventId was already used for another attendance event")
        return None
    if tap.source is Source.CORRECTION:
        raise ValidationError("source", "corrections go through requestAttendanceCorrection")
    with attendance_rules():
        checks.check_not_in_future(tap.at, now=now, rules=default_rules())
    entry = await lookups.placement(session, tap.employee_id, tap.at.date())
    day = rules.local_day(tap.at, entry.time_zone)
    await lookups.ensure_open(session, entry.unit_id, day)
    at = tap.at.astimezone(UTC)  # SQLite keeps the wall time only: store UTC
    if tap.kind is EventKind.CHECK_OUT:
        with attendance_rules():
            checks.check_check_out(
                tap.at, await lookups.first_check_in(session, tap.employee_id, day)
            )
    else:
        key = (tap.employee_id, day)
        lookups.pending_check_ins[key] = min(at, lookups.pending_check_ins.get(key, at))
    lookups.devices[device_event_id] = (tap.employee_id, tap.kind)
    return {
        "id": record_id,
        "employee_id": tap.employee_id,
        "unit_id": entry.unit_id,
        "day": day,
        "kind": tap.kind,
        "at": at,
        "source": tap.source,
        "device_event_id": device_event_id,
        "created_at": now,
    }


async def record_attendance(
    session: AsyncSession, tap: NewTap, *, record_id: str, now: datetime
) -> AttendanceRecordRow:
    """Store a tap; a resent device event returns the record stored the first time."""
    values = await prepare_tap(session, tap, record_id=record_id, now=now, lookups=TapLookups())
    if values is None:
        existing = await store.record_by_device_event(session, tap.device_event_id.strip())
        assert existing is not None
        return existing
    return await store.insert_record(session, values)


# --- tap batches (a device's sync) -------------------------------------------------------------

MAX_BATCH = 1000  # taps in one recordAttendanceBatch


@dataclass(frozen=True)
class BatchRowError:
    """Why the tap at `index` (0-based) of a batch was refused; `field` names its input field."""

    index: int
    field: str | None
    message: str


class AttendanceBatchError(Exception):
    """A batch with refused taps; nothing of it was recorded."""

    def __init__(self, errors: list[BatchRowError], total: int) -> None:
        super().__init__(f"{len(errors)} of {total} taps were refused; nothing was recorded")
        self.message = str(self)
        self.errors = errors


@dataclass(frozen=True)
class BatchOutcome:
    """How many taps were new and how many were resent device events already stored."""

    recorded: int
    duplicates: int


def check_batch_size(count: int) -> None:
    """ValidationError on `records` unless a batch holds 1..MAX_BATCH taps."""
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError("records", f"a batch holds 1–{MAX_BATCH} records, not {count}")


def _row_error(index: int, exc: Exception) -> BatchRowError | None:
    """The row's error for an exception `record_attendance` raises on purpose, else None."""
    if isinstance(exc, NotFoundError):  # the employee has no post on the tap's day
        return BatchRowError(index, "employeeId", exc.message)
    if isinstance(exc, ValidationError):
        return BatchRowError(index, exc.field, exc.message)
    if isinstance(exc, ConflictError):  # deviceEventId used for another tap, month closed
        return BatchRowError(index, None, exc.message)
    if isinstance(exc, AttendanceRuleError):
        return BatchRowError(index, exc.field, exc.message)
    return None


async def record_attendance_batch(
    session: AsyncSession,
    taps: Sequence[NewTap],
    *,
    new_id: Callable[[], str],
    now: datetime,
) -> BatchOutcome:
    """Store every tap by the rules of `record_attendance`, in order, or raise
    AttendanceBatchError naming every refused one (nothing is written).

    Each tap is checked in order as `prepare_tap` (a check-out may follow its check-in in the
    same batch; a device event sent twice is stored once); the accepted rows are then inserted
    in one statement. Checking writes nothing, so a refused tap leaves the session usable.
    """
    check_batch_size(len(taps))
    errors: list[BatchRowError] = []
    rows: list[dict[str, object]] = []
    ids = {tap.device_event_id.strip() for tap in taps}
    lookups = TapLookups(stored=await store.device_events(session, ids))
    for index, tap in enumerate(taps):
        try:
            values = await prepare_tap(session, tap, record_id=new_id(), now=now, lookups=lookups)
        except Exception as exc:
            error = _row_error(index, exc)
            if error is None:
                raise
            errors.append(error)
            continue
        if values is not None:
            rows.append(values)
    if errors:
        raise AttendanceBatchError(errors, len(taps))
    await store.insert_records(session, rows)
    return BatchOutcome(recorded=len(rows), duplicates=len(taps) - len(rows))


# --- corrections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCorrection:
    """A request to set a day's check-in and/or check-out by hand."""

    employee_id: str
    day: date
    check_in: datetime | None
    check_out: datetime | None
    reason: str


async def request_correction(
    session: AsyncSession, new: NewCorrection, *, correction_id: str, now: datetime
) -> AttendanceCorrectionRow:
    """A pending correction, for the direct superior to decide."""
    reason = clean_reason(new.reason)
    if new.check_in is None and new.check_out is None:
        raise ValidationError("checkIn", "give a check-in, a check-out, or both")
    entry = await placed_employee(session, new.employee_id, new.day)
    await ensure_open(session, entry.unit_id, new.day, new.day)
    default = default_rules()
    with attendance_rules():
        for field, at in (("checkIn", new.check_in), ("checkOut", new.check_out)):
            if at is None:
                continue
            checks.check_not_in_future(at, now=now, rules=default)
            if rules.local_day(at, entry.time_zone) != new.day:
                raise AttendanceRuleError(f"{field} is not on {new.day} local time", field=field)
        if new.check_out is not None:
            checks.check_check_out(new.check_out, new.check_in)
    row = AttendanceCorrectionRow(
        id=correction_id,
        employee_id=new.employee_id,
        day=new.day,
        check_in=new.check_in.astimezone(UTC) if new.check_in else None,
        check_out=new.check_out.astimezone(UTC) if new.check_out else None,
        reason=reason,
        status=RequestStatus.PENDING,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def decide_correction(
    session: AsyncSession,
    correction_id: str,
    *,
    approve: bool,
    decided_by: str,
    note: str | None,
    now: datetime,
) -> AttendanceCorrectionRow:
    """Approve or reject a pending correction (its month must be open)."""
    row = await store.get_correction(session, correction_id, for_update=True)
    if row is None:
        raise NotFoundError("correction", correction_id)
    with attendance_rules():
        rules.check_pending(row.status)
    entry = await placed_employee(session, row.employee_id, row.day)
    await ensure_open(session, entry.unit_id, row.day, row.day)
    row.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    row.decided_by, row.decided_at = decided_by, now
    row.decision_note = note.strip() if note and note.strip() else None
    await session.flush()
    return row


# --- leave and official duty -------------------------------------------------------------------


@dataclass(frozen=True)
class NewAbsence:
    """Leave of a type, or official duty with its letter number, over a date range."""

    employee_id: str
    kind: AbsenceKind
    start: date
    end: date
    reason: str
    leave_type: LeaveType | None = None
    letter_number: str | None = None


def _checked_letter(new: NewAbsence) -> str | None:
    letter = (new.letter_number or "").strip() or None
    if new.kind is AbsenceKind.OFFICIAL_DUTY and letter is None:
        raise ValidationError("letterNumber", "official duty needs the letter number")
    if new.kind is AbsenceKind.LEAVE and new.leave_type is None:
        raise ValidationError("type", "leave needs a type")
    return letter


async def request_absence(
    session: AsyncSession, new: NewAbsence, *, absence_id: str, now: datetime
) -> AbsenceRow:
    """Pending leave or official duty; refused when it overlaps another that is not rejected."""
    reason = clean_reason(new.reason)
    letter = _checked_letter(new)
    with attendance_rules():
        checks.check_range(new.start, new.end)
    entry = await placed_employee(session, new.employee_id, new.start)
    await ensure_open(session, entry.unit_id, new.start, new.end)
    others = await store.absences_between(session, new.employee_id, new.start, new.end)
    with attendance_rules():
        checks.check_no_overlap(new.start, new.end, [(o.start, o.end) for o in others])
    row = AbsenceRow(
        id=absence_id,
        employee_id=new.employee_id,
        kind=new.kind,
        leave_type=new.leave_type if new.kind is AbsenceKind.LEAVE else None,
        start=new.start,
        end=new.end,
        reason=reason,
        letter_number=letter,
        status=RequestStatus.PENDING,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def decide_absence(
    session: AsyncSession,
    absence_id: str,
    *,
    approve: bool,
    decided_by: str,
    note: str | None,
    now: datetime,
) -> AbsenceRow:
    """Approve or reject pending leave or official duty (its months must be open)."""
    row = await store.get_absence(session, absence_id, for_update=True)
    if row is None:
        raise NotFoundError("leave", absence_id)
    with attendance_rules():
        rules.check_pending(row.status)
    entry = await placed_employee(session, row.employee_id, row.start)
    await ensure_open(session, entry.unit_id, row.start, row.end)
    row.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    row.decided_by, row.decided_at = decided_by, now
    row.decision_note = note.strip() if note and note.strip() else None
    await session.flush()
    return row


# --- the month view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceMonthView:
    """An employee's month: classified days, the summary and approved log minutes."""

    employee_id: str
    month: str
    time_zone: str
    days: list[DayClass]
    summary: MonthSummary
    effective_minutes: int
    cross_checks: CrossChecks


async def _facts(
    session: AsyncSession, employee_id: str, first: date, last: date
) -> dict[date, DayFacts]:
    taps: dict[date, dict[str, datetime | None]] = {}
    for tap in await store.records_between(session, employee_id, first, last):
        seen = taps.setdefault(tap.day, {"in": None, "out": None})
        if tap.kind is EventKind.CHECK_IN and seen["in"] is None:
            seen["in"] = tap.at  # ordered by time: the first check-in counts
        if tap.kind is EventKind.CHECK_OUT:
            seen["out"] = tap.at  # ... and the last check-out
    for fix in await store.approved_corrections_between(session, employee_id, first, last):
        seen = taps.setdefault(fix.day, {"in": None, "out": None})
        seen["in"] = fix.check_in or seen["in"]
        seen["out"] = fix.check_out or seen["out"]
    leave: dict[date, LeaveType] = {}
    duty: set[date] = set()
    approved = (RequestStatus.APPROVED,)
    for absence in await store.absences_between(
        session, employee_id, first, last, statuses=approved
    ):
        for day in checks.days_of(max(first, absence.start), min(last, absence.end)):
            if absence.leave_type is not None:
                leave[day] = absence.leave_type
            else:
                duty.add(day)
    return {
        day: DayFacts(
            day,
            check_in=taps.get(day, {}).get("in"),
            check_out=taps.get(day, {}).get("out"),
            leave=leave.get(day),
            official_duty=day in duty,
        )
        for day in checks.days_of(first, last)
    }


async def attendance_month(
    session: AsyncSession, employee_id: str, month: str, *, now: datetime
) -> AttendanceMonthView:
    """The employee's classified month, in the time zone of their unit."""
    with attendance_rules():
        first, last = checks.parse_month(month)
    placement = placement_of(await replica.directory_entry(session, employee_id, last))
    if placement is None:
        placement = await placed_employee(session, employee_id, first)
    zone = placement.time_zone
    month_rules = await rules_for(session, first, last)
    today = rules.local_day(now, zone)
    facts = await _facts(session, employee_id, first, last)
    days = [
        rules.classify_day(facts[day], month_rules, zone=zone, today=today)
        for day in checks.days_of(first, last)
    ]
    effective = await approved_minutes(session, employee_id=employee_id, month=month)
    return AttendanceMonthView(
        employee_id=employee_id,
        month=month,
        time_zone=zone,
        days=days,
        summary=rules.summarize_month(days, month_rules),
        effective_minutes=effective,
        cross_checks=cross_check(
            days,
            await log_days(session, employee_id=employee_id, month=month),
            zone=zone,
            effective_minutes=effective,
            target_minutes=month_rules.monthly_minutes_target,
        ),
    )
