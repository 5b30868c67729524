"""How activity's resolvers ask the authorization policy (`kinerja.policy`) about logs.

The policy is evaluated against the local directory replica: visibility on today's date (the
capital's zone), verification on the log's own date. A log the caller may not see is reported
exactly like a missing one.
"""

from __future__ import annotations

from datetime import date

from kinerja.directory.view import ReplicaDirectory, policy_day, request_directory
from kinerja.graphql import Info
from kinerja.policy import Area, EmployeeRef, UnitRef, can_approve, can_change, can_view
from services.activity.service.verification import SuperiorCheck


def today(info: Info) -> date:
    """The day the policy is asked about (the capital's date)."""
    return policy_day(info.context.now())


def directory(info: Info) -> ReplicaDirectory:
    """The request's memoised view of the organisation (the directory replica)."""
    return request_directory(info.context)


def caller_id(info: Info) -> str:
    """The signed-in employee; NotFoundError for anyone else (nothing here is theirs)."""
    return info.context.employee_id()


async def may_view(info: Info, employee_id: str) -> bool:
    """May the caller see this employee's logs today?"""
    target = EmployeeRef(employee_id)
    return await can_view(info.context.principal, target, today(info), directory(info))


async def may_change(info: Info, employee_id: str) -> bool:
    """May the caller record logs for this employee today?"""
    principal = info.context.principal
    target = EmployeeRef(employee_id)
    return await can_change(principal, target, today(info), directory(info), area=Area.RECORDS)


async def may_approve(info: Info, employee_id: str, day: date) -> bool:
    """Is the caller the employee's direct superior (or acting Plt/Plh) on `day`?"""
    target = EmployeeRef(employee_id)
    return await can_approve(info.context.principal, target, day, directory(info))


async def may_view_unit(info: Info, unit_id: str) -> bool:
    """May the caller read the unit's records (its standard activity catalogue) today?"""
    return await can_view(info.context.principal, UnitRef(unit_id), today(info), directory(info))


async def may_edit_unit(info: Info, unit_id: str) -> bool:
    """May the caller edit the unit's data today (its admins, HR, the system admin)?"""
    principal = info.context.principal
    target = UnitRef(unit_id)
    return await can_change(principal, target, today(info), directory(info), area=Area.DIRECTORY)


def superior_check(info: Info) -> SuperiorCheck:
    """`may_approve` bound to the request, for the verification use cases."""

    async def check(employee_id: str, day: date) -> bool:
        return await may_approve(info, employee_id, day)

    return check
