"""Attendance: taps, corrections, leave and official duty, the holiday calendar, month close."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import is_postgres
from kinerja.directory import replica
from kinerja.directory.tables import DirectoryAssignment, DirectoryPosition
from services.activity.domain.attendance import (
    AbsenceKind,
    CalendarKind,
    EventKind,
    LeaveType,
    RequestStatus,
    Source,
)
from services.activity.store.base import Base, UtcDateTime, enum_column


class AttendanceRecordRow(Base):
    """One check-in or check-out tap; `day` is the local date in the employee's unit."""

    __tablename__ = "attendance_record"
    __table_args__ = (UniqueConstraint("device_event_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str] = mapped_column(String(36))
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[Source] = mapped_column(enum_column(Source))
    device_event_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttendanceCorrectionRow(Base):
    """A manual correction of a day's check-in/check-out, decided by the direct superior."""

    __tablename__ = "attendance_correction"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    day: Mapped[date] = mapped_column(Date)
    check_in: Mapped[datetime | None] = mapped_column(UtcDateTime())
    check_out: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)


class AbsenceRow(Base):
    """Leave (*cuti*) or official duty (*dinas luar*, with its letter number) over a range."""

    __tablename__ = "absence"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[AbsenceKind] = mapped_column(enum_column(AbsenceKind))
    leave_type: Mapped[LeaveType | None] = mapped_column(enum_column(LeaveType))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    letter_number: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)


class CalendarDayRow(Base):
    """A public holiday or *cuti bersama* day, set by HR."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[CalendarKind] = mapped_column(enum_column(CalendarKind))
    name: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WorkScheduleRow(Base):
    """Working hours set by HR from a date (to a date: e.g. a year's Ramadan), over the defaults."""

    __tablename__ = "work_schedule"
    __table_args__ = (UniqueConstraint("name", "valid_from"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(Text)  # JSON {"0": ["07:30", "16:00"], …}, 0 = Monday
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttendanceBandSetRow(Base):
    """TL/PSW bands and the unexcused-absence deduction set by HR, from the first of a month."""

    __tablename__ = "attendance_band_set"

    valid_from: Mapped[date] = mapped_column(Date, primary_key=True)
    bands: Mapped[str] = mapped_column(Text)  # JSON list of {code, kind, min, max, pct, missing}
    absence_deduction_percent: Mapped[Decimal] = mapped_column(Numeric(9, 4, asdecimal=True))
    monthly_minutes_target: Mapped[int | None] = mapped_column(Integer)  # None: the default
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MonthCloseRow(Base):
    """Whether a unit's month is closed, and how many times it has been closed."""

    __tablename__ = "month_close"
    __table_args__ = (UniqueConstraint("unit_id", "month"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36))
    month: Mapped[str] = mapped_column(String(7))
    closed: Mapped[bool] = mapped_column(Boolean)
    revision: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[str] = mapped_column(String(36))
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MonthSummaryRow(Base):
    """An employee's frozen monthly summary, one per close (revision)."""

    __tablename__ = "month_summary"
    __table_args__ = (UniqueConstraint("employee_id", "unit_id", "month", "revision"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str] = mapped_column(String(36))
    month: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)  # the published payload, as JSON
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MonthReopeningRow(Base):
    """The audit of a month reopened: who, when, why."""

    __tablename__ = "month_reopening"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36))
    month: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)  # the revision that was reopened
    reason: Mapped[str] = mapped_column(Text)
    reopened_by: Mapped[str] = mapped_column(String(36))
    reopened_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- month close -------------------------------------------------------------------------------


async def is_month_closed(session: AsyncSession, unit_id: str, month: str) -> bool:
    """True when the unit's month (`YYYY-MM`) is closed."""
    closed = await session.scalar(
        select(MonthCloseRow.closed).where(
            MonthCloseRow.unit_id == unit_id, MonthCloseRow.month == month
        )
    )
    return bool(closed)


async def get_month_close(
    session: AsyncSession, unit_id: str, month: str, *, for_update: bool = False
) -> MonthCloseRow | None:
    """The unit's month-close row (locked when asked)."""
    query = select(MonthCloseRow).where(
        MonthCloseRow.unit_id == unit_id, MonthCloseRow.month == month
    )
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def latest_summary(
    session: AsyncSession, employee_id: str, month: str
) -> MonthSummaryRow | None:
    """The employee's latest frozen summary of a month."""
    query = (
        select(MonthSummaryRow)
        .where(MonthSummaryRow.employee_id == employee_id, MonthSummaryRow.month == month)
        .order_by(MonthSummaryRow.revision.desc(), MonthSummaryRow.closed_at.desc())
    )
    return (await session.scalars(query)).first()


async def list_reopenings(
    session: AsyncSession, unit_id: str, month: str
) -> Sequence[MonthReopeningRow]:
    """The audit of a unit's month reopenings, oldest first."""
    query = (
        select(MonthReopeningRow)
        .where(MonthReopeningRow.unit_id == unit_id, MonthReopeningRow.month == month)
        .order_by(MonthReopeningRow.reopened_at, MonthReopeningRow.revision)
    )
    return (await session.scalars(query)).all()


# --- attendance records ------------------------------------------------------------------------


async def record_by_device_event(
    session: AsyncSession, device_event_id: str
) -> AttendanceRecordRow | None:
    """The record made for a device event id, if any."""
    query = select(AttendanceRecordRow).where(
        AttendanceRecordRow.device_event_id == device_event_id
    )
    return (await session.scalars(query)).first()


async def insert_record(session: AsyncSession, values: dict[str, Any]) -> AttendanceRecordRow:
    """Insert a record unless its device event id exists; the stored record either way."""
    # One statement, so two replicas receiving the same resent event store it once.
    table = cast(Table, AttendanceRecordRow.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = (
        insert(table)
        .values(values)
        .on_conflict_do_nothing(index_elements=[table.c.device_event_id])
    )
    await session.execute(statement)
    row = await record_by_device_event(session, str(values["device_event_id"]))
    assert row is not None
    return row


async def device_events(
    session: AsyncSession, device_event_ids: Iterable[str]
) -> dict[str, tuple[str, EventKind]]:
    """Employee and kind of the stored records among these device event ids."""
    ids = sorted(set(device_event_ids))
    query = select(
        AttendanceRecordRow.device_event_id,
        AttendanceRecordRow.employee_id,
        AttendanceRecordRow.kind,
    ).where(AttendanceRecordRow.device_event_id.in_(ids))
    return {row[0]: (row[1], row[2]) for row in await session.execute(query)}


async def insert_records(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert records in one statement; one whose device event id exists is skipped."""
    if not rows:
        return
    table = cast(Table, AttendanceRecordRow.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = insert(table).on_conflict_do_nothing(index_elements=[table.c.device_event_id])
    await session.execute(statement, list(rows))


async def first_check_in(session: AsyncSession, employee_id: str, day: date) -> datetime | None:
    """The earliest check-in of the employee's local day."""
    result: datetime | None = await session.scalar(
        select(func.min(AttendanceRecordRow.at)).where(
            AttendanceRecordRow.employee_id == employee_id,
            AttendanceRecordRow.day == day,
            AttendanceRecordRow.kind == EventKind.CHECK_IN,
        )
    )
    return result


async def records_between(
    session: AsyncSession, employee_id: str, first: date, last: date
) -> Sequence[AttendanceRecordRow]:
    """The employee's taps on local days `first`..`last`, by time."""
    query = (
        select(AttendanceRecordRow)
        .where(
            AttendanceRecordRow.employee_id == employee_id,
            AttendanceRecordRow.day >= first,
            AttendanceRecordRow.day <= last,
        )
        .order_by(AttendanceRecordRow.at, AttendanceRecordRow.id)
    )
    return (await session.scalars(query)).all()


# --- corrections, leave, official duty ---------------------------------------------------------


async def get_correction(
    session: AsyncSession, correction_id: str, *, for_update: bool = False
) -> AttendanceCorrectionRow | None:
    """A correction by id (locked when asked)."""
    query = select(AttendanceCorrectionRow).where(AttendanceCorrectionRow.id == correction_id)
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def approved_corrections_between(
    session: AsyncSession, employee_id: str, first: date, last: date
) -> Sequence[AttendanceCorrectionRow]:
    """The employee's approved corrections of days `first`..`last`, oldest decision first."""
    query = (
        select(AttendanceCorrectionRow)
        .where(
            AttendanceCorrectionRow.employee_id == employee_id,
            AttendanceCorrectionRow.status == RequestStatus.APPROVED,
            AttendanceCorrectionRow.day >= first,
            AttendanceCorrectionRow.day <= last,
        )
        .order_by(AttendanceCorrectionRow.decided_at, AttendanceCorrectionRow.id)
    )
    return (await session.scalars(query)).all()


async def get_absence(
    session: AsyncSession, absence_id: str, *, for_update: bool = False
) -> AbsenceRow | None:
    """Leave or official duty by id (locked when asked)."""
    query = select(AbsenceRow).where(AbsenceRow.id == absence_id)
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def absences_between(
    session: AsyncSession,
    employee_id: str,
    first: date,
    last: date,
    *,
    statuses: Sequence[RequestStatus] = (RequestStatus.PENDING, RequestStatus.APPROVED),
) -> Sequence[AbsenceRow]:
    """The employee's leave and official duty meeting `first`..`last`, with these statuses."""
    query = (
        select(AbsenceRow)
        .where(
            AbsenceRow.employee_id == employee_id,
            AbsenceRow.status.in_(list(statuses)),
            AbsenceRow.start <= last,
            AbsenceRow.end >= first,
        )
        .order_by(AbsenceRow.start, AbsenceRow.id)
    )
    return (await session.scalars(query)).all()


# --- holiday calendar --------------------------------------------------------------------------


async def calendar_between(
    session: AsyncSession, first: date, last: date
) -> Sequence[CalendarDayRow]:
    """Holidays and *cuti bersama* days from `first` to `last`, by date."""
    query = (
        select(CalendarDayRow)
        .where(CalendarDayRow.day >= first, CalendarDayRow.day <= last)
        .order_by(CalendarDayRow.day)
    )
    return (await session.scalars(query)).all()


async def get_calendar_day(session: AsyncSession, day: date) -> CalendarDayRow | None:
    """The calendar entry of a day, if any."""
    return await session.get(CalendarDayRow, day)


# --- work schedules ---------------------------------------------------------------------------


async def schedules_meeting(
    session: AsyncSession, first: date, last: date
) -> Sequence[WorkScheduleRow]:
    """Schedules set by HR that apply on some day of `first`..`last`."""
    query = (
        select(WorkScheduleRow)
        .where(
            WorkScheduleRow.valid_from <= last,
            (WorkScheduleRow.valid_to.is_(None)) | (WorkScheduleRow.valid_to >= first),
        )
        .order_by(WorkScheduleRow.valid_from, WorkScheduleRow.name)
    )
    return (await session.scalars(query)).all()


async def get_schedule(
    session: AsyncSession, name: str, valid_from: date
) -> WorkScheduleRow | None:
    """The schedule of a name starting on a date, if any."""
    query = select(WorkScheduleRow).where(
        WorkScheduleRow.name == name, WorkScheduleRow.valid_from == valid_from
    )
    return (await session.scalars(query)).first()


async def band_set_on(session: AsyncSession, day: date) -> AttendanceBandSetRow | None:
    """The band set HR made effective on `day` (None: the seeded defaults apply)."""
    query = (
        select(AttendanceBandSetRow)
        .where(AttendanceBandSetRow.valid_from <= day)
        .order_by(AttendanceBandSetRow.valid_from.desc())
    )
    return (await session.scalars(query)).first()


async def get_band_set(session: AsyncSession, valid_from: date) -> AttendanceBandSetRow | None:
    """The band set starting on a date, if any."""
    return await session.get(AttendanceBandSetRow, valid_from)


# --- the unit's people (directory replica) -----------------------------------------------------


async def unit_members(session: AsyncSession, unit_id: str, first: date, last: date) -> list[str]:
    """Employees whose own position is in the unit on some day of `first`..`last`, sorted."""
    query = (
        select(DirectoryAssignment.employee_id, DirectoryAssignment.start_date)
        .join(DirectoryPosition, DirectoryPosition.id == DirectoryAssignment.position_id)
        .where(
            DirectoryPosition.unit_id == unit_id,
            DirectoryAssignment.deleted.is_(False),
            DirectoryAssignment.start_date <= last,
            (DirectoryAssignment.end_date.is_(None)) | (DirectoryAssignment.end_date >= first),
        )
    )
    members: set[str] = set()
    for employee_id, start in (await session.execute(query)).all():
        # An acting (Plt/Plh) holder whose own position is elsewhere belongs to that unit.
        position = await replica.position_of(session, employee_id, max(first, start))
        if position is not None and position.unit_id == unit_id:
            members.add(employee_id)
    return sorted(members)
