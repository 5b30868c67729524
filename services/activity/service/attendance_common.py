"""Helpers the attendance use cases share: ids, rule errors, reasons, placement, open months."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.directory.replica import DirectoryEntry
from kinerja.directory.rules import Holding
from kinerja.errors import ConflictError, NotFoundError, ValidationError
from services.activity.domain import attendance_checks as checks
from services.activity.domain.attendance import AttendanceRuleError, MonthClosedError
from services.activity.store import attendance as store

REASON_MAX_LENGTH = 2000


def new_uuid() -> str:
    """A fresh random id."""
    return str(uuid.uuid4())


@contextmanager
def attendance_rules() -> Iterator[None]:
    """Rule errors that clash with the current state become ConflictError."""
    try:
        yield
    except AttendanceRuleError as exc:
        if exc.conflict:
            raise ConflictError(exc.message) from exc
        raise


def clean_reason(reason: str, *, field: str = "reason") -> str:
    """The reason without surrounding blanks; ValidationError when empty or too long."""
    text = reason.strip()
    if not text or len(text) > REASON_MAX_LENGTH:
        raise ValidationError(field, f"{field} must be 1–{REASON_MAX_LENGTH} characters")
    return text


@dataclass(frozen=True)
class Placement:
    """Where an employee works on a day: their unit and its time zone."""

    unit_id: str
    time_zone: str


def placement_of(entry: DirectoryEntry | None) -> Placement | None:
    """The entry's unit and time zone, or None when the employee has no post."""
    if entry is None or entry.unit_id is None or entry.time_zone is None:
        return None
    return Placement(entry.unit_id, entry.time_zone)


async def placed_employee(
    session: AsyncSession, employee_id: str, day: date, holdings: list[Holding] | None = None
) -> Placement:
    """The employee's unit and time zone on `day`; NotFoundError when they have no post.

    The position and its unit only, not the whole directory entry: every tap asks this;
    `holdings` (`replica.holdings_of`) saves the assignment lookup when asking about many days.
    """
    position = await replica.position_of(session, employee_id, day, holdings)
    unit = await replica.get_unit(session, position.unit_id) if position else None
    if unit is None or unit.time_zone is None:
        raise NotFoundError("employee", employee_id)
    return Placement(unit.id, unit.time_zone)


async def ensure_open(session: AsyncSession, unit_id: str, first: date, last: date) -> None:
    """ConflictError "month closed" when any month of `first`..`last` is closed for the unit."""
    months = sorted({checks.month_of(day) for day in checks.days_of(first, last)})
    for month in months:
        if await store.is_month_closed(session, unit_id, month):
            with attendance_rules():
                raise MonthClosedError(f"month closed: {month}")
