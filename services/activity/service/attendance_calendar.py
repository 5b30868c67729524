"""The attendance calendar and working hours: HR's holidays and schedules over the defaults."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ValidationError
from services.activity.domain import attendance_checks as checks
from services.activity.domain.attendance import (
    AttendanceRules,
    Band,
    BandKind,
    CalendarKind,
    Schedule,
    WorkHours,
)
from services.activity.domain.attendance_defaults import default_rules
from services.activity.service.attendance_common import attendance_rules, clean_reason, new_uuid
from services.activity.store import attendance as store
from services.activity.store.attendance import AttendanceBandSetRow, CalendarDayRow, WorkScheduleRow


def hours_of(row: WorkScheduleRow) -> dict[int, WorkHours]:
    """A stored schedule's working hours by weekday (0 = Monday)."""
    stored: dict[str, list[str]] = json.loads(row.hours)
    return {
        int(weekday): WorkHours(time.fromisoformat(start), time.fromisoformat(end))
        for weekday, (start, end) in stored.items()
    }


def bands_of(row: AttendanceBandSetRow) -> tuple[Band, ...]:
    """A stored band set's bands."""
    stored: list[dict[str, Any]] = json.loads(row.bands)
    return tuple(
        Band(
            code=band["code"],
            kind=BandKind(band["kind"]),
            min_minutes=int(band["min"]),
            max_minutes=None if band["max"] is None else int(band["max"]),
            deduction_percent=Decimal(band["pct"]),
            covers_missing=bool(band["missing"]),
        )
        for band in stored
    )


async def rules_for(session: AsyncSession, first: date, last: date) -> AttendanceRules:
    """The seeded rules with HR's schedules over them, the bands in force on `first`, and the
    calendar of `first`..`last`."""
    calendar = {row.day: row.kind for row in await store.calendar_between(session, first, last)}
    rules_now = default_rules(calendar)
    stored = [
        Schedule(row.name, row.valid_from, row.valid_to, hours_of(row))
        for row in await store.schedules_meeting(session, first, last)
    ]
    rules_now = replace(rules_now, schedules=(*rules_now.schedules, *stored))
    band_set = await store.band_set_on(session, first)
    if band_set is None:
        return rules_now
    return replace(
        rules_now,
        bands=bands_of(band_set),
        absence_deduction_percent=band_set.absence_deduction_percent,
        monthly_minutes_target=band_set.monthly_minutes_target or rules_now.monthly_minutes_target,
    )


# --- bands -------------------------------------------------------------------------------------


async def set_attendance_bands(
    session: AsyncSession,
    valid_from: date,
    bands: tuple[Band, ...],
    *,
    absence_deduction_percent: Decimal,
    monthly_minutes_target: int | None = None,
    set_by: str,
    now: datetime,
) -> AttendanceBandSetRow:
    """Set the TL/PSW bands and the absence deduction from the first day of a month."""
    with attendance_rules():
        checks.check_bands(bands, valid_from=valid_from)
    if absence_deduction_percent < 0:
        raise ValidationError("absenceDeductionPercent", "a deduction cannot be negative")
    if monthly_minutes_target is not None and monthly_minutes_target <= 0:
        raise ValidationError("monthlyMinutesTarget", "the monthly target must be positive")
    stored = json.dumps(
        [
            {
                "code": band.code,
                "kind": str(band.kind),
                "min": band.min_minutes,
                "max": band.max_minutes,
                "pct": str(band.deduction_percent),
                "missing": band.covers_missing,
            }
            for band in bands
        ]
    )
    row = await store.get_band_set(session, valid_from)
    if row is None:
        row = AttendanceBandSetRow(valid_from=valid_from)
        session.add(row)
    row.bands, row.absence_deduction_percent = stored, absence_deduction_percent
    row.monthly_minutes_target = monthly_minutes_target
    row.updated_by, row.updated_at = set_by, now
    await session.flush()
    return row


# --- calendar ----------------------------------------------------------------------------------


async def set_holiday(
    session: AsyncSession,
    day: date,
    *,
    kind: CalendarKind | None,
    name: str,
    set_by: str,
    now: datetime,
) -> CalendarDayRow | None:
    """Mark a day as a holiday or *cuti bersama* (kind None: a working day again)."""
    row = await store.get_calendar_day(session, day)
    if kind is None:
        if row is not None:
            await session.delete(row)
            await session.flush()
        return None
    clean = clean_reason(name, field="name")
    if row is None:
        row = CalendarDayRow(day=day, kind=kind, name=clean, updated_by=set_by, updated_at=now)
        session.add(row)
    else:
        row.kind, row.name, row.updated_by, row.updated_at = kind, clean, set_by, now
    await session.flush()
    return row


# --- work schedules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSchedule:
    """Working hours by weekday (0 = Monday) from a date, optionally to a date."""

    name: str
    valid_from: date
    valid_to: date | None
    hours: dict[int, WorkHours]


async def set_work_schedule(
    session: AsyncSession, new: NewSchedule, *, set_by: str, now: datetime
) -> WorkScheduleRow:
    """Add (or replace, by name and start) a schedule; the latest-starting one applies."""
    name = clean_reason(new.name, field="name")
    with attendance_rules():
        checks.check_hours(new.hours)
        if new.valid_to is not None:
            checks.check_range(new.valid_from, new.valid_to)
    hours = json.dumps(
        {str(day): [span.start.isoformat("minutes"), span.end.isoformat("minutes")]
         for day, span in sorted(new.hours.items())}
    )  # fmt: skip
    row = await store.get_schedule(session, name, new.valid_from)
    if row is None:
        row = WorkScheduleRow(id=new_uuid(), name=name, valid_from=new.valid_from)
        session.add(row)
    row.valid_to, row.hours, row.updated_by, row.updated_at = new.valid_to, hours, set_by, now
    await session.flush()
    return row
