"""Month close: freeze every unit member's attendance summary and publish it; reopen, audited.

`activity.attendance.month_closed.v1` (CloudEvents `type` == NATS subject, `subject` = employee
id), one per employee of the unit each time the month is closed:
  {employee_id, unit_id, month: "YYYY-MM", working_days, present_days,
   tl: {TL1..TL4: count}, tl_minutes, psw: {PSW1..PSW4: count}, psw_minutes, unexcused_days,
   leave_days: {leave type: days}, official_duty_days, effective_minutes,
   closed_at: ISO 8601 UTC, revision: int (1 for the first close, +1 after each reopening)}
A consumer keeps the highest revision per (employee_id, unit_id, month).

`activity.attendance.month_reopened.v1` (`subject` = unit id), when HR reopens a month:
  {unit_id, month, revision (the one withdrawn), reason, reopened_by, reopened_at}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import ConflictError, NotFoundError, ValidationError
from kinerja.events import add_event
from services.activity.domain import attendance as rules
from services.activity.domain import attendance_checks as checks
from services.activity.service.attendance import AttendanceMonthView, attendance_month
from services.activity.service.attendance_common import attendance_rules, clean_reason, new_uuid
from services.activity.store import attendance as store
from services.activity.store.attendance import MonthCloseRow, MonthReopeningRow, MonthSummaryRow

SOURCE = "kinerja/activity"
MONTH_CLOSED = "activity.attendance.month_closed.v1"
MONTH_REOPENED = "activity.attendance.month_reopened.v1"


@dataclass(frozen=True)
class ClosedMonth:
    """The unit's month after a close: its state and the summaries frozen by it."""

    close: MonthCloseRow
    summaries: list[dict[str, Any]]


def summary_payload(
    view: AttendanceMonthView, *, unit_id: str, closed_at: datetime, revision: int
) -> dict[str, Any]:
    """The frozen summary of an employee's month, as published."""
    summary = view.summary
    return {
        "employee_id": view.employee_id,
        "unit_id": unit_id,
        "month": view.month,
        "working_days": summary.working_days,
        "present_days": summary.present_days,
        "tl": dict(summary.tl),
        "tl_minutes": summary.tl_minutes,
        "psw": dict(summary.psw),
        "psw_minutes": summary.psw_minutes,
        "unexcused_days": summary.unexcused_days,
        "leave_days": dict(summary.leave_days),
        "official_duty_days": summary.official_duty_days,
        "effective_minutes": view.effective_minutes,
        "closed_at": closed_at.isoformat(),
        "revision": revision,
    }


async def _unit_zone(session: AsyncSession, unit_id: str) -> str:
    unit = await replica.get_unit(session, unit_id)
    if unit is None:
        raise NotFoundError("unit", unit_id)
    return unit.time_zone


async def close_month(
    session: AsyncSession, unit_id: str, month: str, *, closed_by: str, now: datetime
) -> ClosedMonth:
    """Freeze each member's summary and publish it; the month then refuses changes."""
    with attendance_rules():
        first, last = checks.parse_month(month)
    zone = await _unit_zone(session, unit_id)
    if rules.local_day(now, zone) <= last:
        raise ValidationError("month", "a month can be closed only after it has ended")
    row = await store.get_month_close(session, unit_id, month, for_update=True)
    if row is not None and row.closed:
        raise ConflictError("month closed")
    revision = row.revision + 1 if row is not None else 1
    summaries = []
    for employee_id in await store.unit_members(session, unit_id, first, last):
        view = await attendance_month(session, employee_id, month, now=now)
        payload = summary_payload(view, unit_id=unit_id, closed_at=now, revision=revision)
        session.add(
            MonthSummaryRow(
                id=new_uuid(),
                employee_id=employee_id,
                unit_id=unit_id,
                month=month,
                revision=revision,
                summary=json.dumps(payload, sort_keys=True),
                closed_at=now,
            )
        )
        add_event(session, MONTH_CLOSED, payload, source=SOURCE, subject=employee_id, now=now)
        summaries.append(payload)
    if row is None:
        row = MonthCloseRow(id=new_uuid(), unit_id=unit_id, month=month)
        session.add(row)
    row.closed, row.revision, row.closed_by, row.closed_at = True, revision, closed_by, now
    await session.flush()
    return ClosedMonth(close=row, summaries=summaries)


async def reopen_month(
    session: AsyncSession,
    unit_id: str,
    month: str,
    *,
    reason: str,
    reopened_by: str,
    now: datetime,
) -> MonthReopeningRow:
    """Open a closed month again for corrections, recording who, when and why."""
    clean = clean_reason(reason)
    with attendance_rules():
        checks.parse_month(month)
    row = await store.get_month_close(session, unit_id, month, for_update=True)
    if row is None or not row.closed:
        raise ConflictError("month is not closed")
    row.closed = False
    audit = MonthReopeningRow(
        id=new_uuid(),
        unit_id=unit_id,
        month=month,
        revision=row.revision,
        reason=clean,
        reopened_by=reopened_by,
        reopened_at=now,
    )
    session.add(audit)
    data = {
        "unit_id": unit_id,
        "month": month,
        "revision": row.revision,
        "reason": clean,
        "reopened_by": reopened_by,
        "reopened_at": now.isoformat(),
    }
    add_event(session, MONTH_REOPENED, data, source=SOURCE, subject=unit_id, now=now)
    await session.flush()
    return audit


def frozen_summary(row: MonthSummaryRow) -> dict[str, Any]:
    """A frozen summary as it was published."""
    payload: dict[str, Any] = json.loads(row.summary)
    return payload
