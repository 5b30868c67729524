"""How attendance's resolvers ask the policy: what the caller may not touch is NotFound.

Records: the employee themself or HR over them. Decisions: the direct superior on the request's
date. Calendar, working hours and bands: HR (or a system admin) for the whole organisation.
Month close: HR or the unit's admin; reopening: HR only.
"""

from __future__ import annotations

from datetime import date

from kinerja.auth import Role
from kinerja.errors import NotFoundError
from kinerja.graphql import Info
from kinerja.policy import Area, UnitRef, can_change
from services.activity.schema import guard
from services.activity.schema.attendance_inputs import MonthClosePayload
from services.activity.schema.attendance_types import MonthClose
from services.activity.store import attendance as store

_CALENDAR_ROLES = frozenset({Role.HR, Role.SYSTEM_ADMIN})


async def require_change(info: Info, employee_id: str) -> None:
    """NotFoundError unless the caller may change the employee's attendance records."""
    if not await guard.may_change(info, employee_id):
        raise NotFoundError("employee", employee_id)


async def require_unit(info: Info, unit_id: str, *, area: Area) -> str:
    """The caller's id; NotFoundError unless they may change the unit's `area`."""
    principal = info.context.principal
    unit = UnitRef(unit_id)
    if not await can_change(principal, unit, guard.today(info), guard.directory(info), area=area):
        raise NotFoundError("unit", unit_id)
    return str(principal.subject)


def require_calendar_admin(info: Info, day: date) -> str:
    """The caller's id; NotFoundError unless they are HR for the whole organisation."""
    principal = info.context.principal
    organisation_wide = any(
        grant.role in _CALENDAR_ROLES and grant.unit_id is None for grant in principal.grants
    )
    if not principal.is_employee or not organisation_wide:
        raise NotFoundError("calendar day", day.isoformat())
    return str(principal.subject)


async def month_close_payload(info: Info, unit_id: str, month: str) -> MonthClosePayload:
    """The unit's month close as it is now (NotFoundError: never closed)."""
    async with info.context.read() as session:
        row = await store.get_month_close(session, unit_id, month)
        if row is None:
            raise NotFoundError("month close", f"{unit_id}/{month}")
        reopenings = list(await store.list_reopenings(session, unit_id, month))
    return MonthClosePayload(month_close=MonthClose.from_row(row, reopenings))


async def approver_of_correction(info: Info, correction_id: str) -> str:
    """The caller's id, when they are the direct superior on the corrected day."""
    async with info.context.read() as session:
        row = await store.get_correction(session, correction_id)
    if row is None or not await guard.may_approve(info, row.employee_id, row.day):
        raise NotFoundError("correction", correction_id)
    return guard.caller_id(info)


async def approver_of_leave(info: Info, leave_id: str) -> str:
    """The caller's id, when they are the direct superior on the first day of the leave."""
    async with info.context.read() as session:
        row = await store.get_absence(session, leave_id)
    if row is None or not await guard.may_approve(info, row.employee_id, row.start):
        raise NotFoundError("leave", leave_id)
    return guard.caller_id(info)
