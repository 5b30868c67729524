"""Recording a daily activity log: load the SKP replica and the day, decide, save."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.directory.replica import DirectoryEntry
from services.activity.domain.catalogue import StandardActivityRef, check_log_standard
from services.activity.domain.logs import LogDraft, LogStatus, check_new_log
from services.activity.store.attendance import is_month_closed
from services.activity.store.catalogue import get_standard_activity
from services.activity.store.logs import ActivityLogRow, spans_on_day
from services.activity.store.skp_replica import served_indicator

DEFAULT_TIME_ZONE = "Asia/Jakarta"  # the capital's zone, for an employee with no unit yet


async def month_closed(session: AsyncSession, *, unit_id: str | None, month: str) -> bool:
    """Is the unit's month closed (attendance's month close)? No unit: nothing to close."""
    return unit_id is not None and await is_month_closed(session, unit_id, month)


async def standard_minutes_of(
    session: AsyncSession, draft: LogDraft, entry: DirectoryEntry | None
) -> int | None:
    """The standard minutes of the catalogue entry the log references (None: no entry)."""
    if draft.standard_activity_id is None:
        return None
    row = await get_standard_activity(session, draft.standard_activity_id)
    found = (
        StandardActivityRef(row.id, row.unit_id, row.active, row.standard_minutes) if row else None
    )
    return check_log_standard(found, unit_path=entry.unit_path if entry else ())


async def create_log(
    session: AsyncSession, draft: LogDraft, *, log_id: str, now: datetime
) -> ActivityLogRow:
    """Record a submitted log; LogRuleError (nothing written) when it breaks a rule."""
    entry = await replica.directory_entry(session, draft.employee_id, draft.day)
    unit_id = entry.unit_id if entry else None
    time_zone = (entry.time_zone if entry else None) or DEFAULT_TIME_ZONE
    served = await served_indicator(
        session, skp_item_id=draft.skp_item_id, indicator_id=draft.indicator_id
    )
    others = await spans_on_day(session, employee_id=draft.employee_id, day=draft.day)
    closed = await month_closed(session, unit_id=unit_id, month=f"{draft.day:%Y-%m}")
    minutes = check_new_log(
        draft, served=served, others=others, month_closed=closed, now=now, time_zone=time_zone
    )
    assert served is not None  # check_new_log refuses a log without one
    standard_minutes = await standard_minutes_of(session, draft, entry)
    row = ActivityLogRow(
        id=log_id,
        employee_id=draft.employee_id,
        unit_id=unit_id,
        day=draft.day,
        start_time=draft.start,
        end_time=draft.end,
        minutes=minutes,
        description=draft.description.strip(),
        skp_id=served.skp_id,
        skp_item_id=draft.skp_item_id,
        indicator_id=draft.indicator_id,
        output_quantity=draft.output_quantity,
        standard_activity_id=draft.standard_activity_id,
        standard_minutes=standard_minutes,
        status=LogStatus.SUBMITTED,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row
