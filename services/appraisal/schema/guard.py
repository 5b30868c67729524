"""How appraisal's resolvers ask the authorization policy (`kinerja.policy`).

The policy is evaluated against the local directory replica. Appraisals use the narrow rule
(`can_view_appraisal`: the employee, the superior chain, HR over the subtree, auditors, system
admins); what the caller may not see is reported exactly like a missing record.
"""

from __future__ import annotations

from datetime import date

from kinerja.auth import Role
from kinerja.directory.view import ReplicaDirectory, policy_day, request_directory
from kinerja.graphql import Info
from kinerja.policy import (
    Area,
    EmployeeRef,
    UnitRef,
    can_approve,
    can_change,
    can_view,
    can_view_appraisal,
)


def today(info: Info) -> date:
    """The day the policy is asked about (the capital's date)."""
    return policy_day(info.context.now())


def directory(info: Info) -> ReplicaDirectory:
    """The request's memoised view of the organisation (the directory replica)."""
    return request_directory(info.context)


def caller_id(info: Info) -> str:
    """The signed-in employee; NotFoundError for anyone else (nothing here is theirs)."""
    return info.context.employee_id()


async def may_view_appraisal(info: Info, employee_id: str, day: date | None = None) -> bool:
    """May the caller see this employee's appraisals (on `day`, default today)?"""
    target = EmployeeRef(employee_id)
    on = day or today(info)
    return await can_view_appraisal(info.context.principal, target, on, directory(info))


async def may_view_records(info: Info, employee_id: str) -> bool:
    """May the caller see this employee's work records (realisation, feedback) today?"""
    target = EmployeeRef(employee_id)
    return await can_view(info.context.principal, target, today(info), directory(info))


async def may_change_records(info: Info, employee_id: str) -> bool:
    """May the caller change this employee's records today (self, HR over them, admins)?"""
    principal = info.context.principal
    target = EmployeeRef(employee_id)
    return await can_change(principal, target, today(info), directory(info), area=Area.RECORDS)


async def is_direct_superior(info: Info, employee_id: str, day: date) -> bool:
    """Is the caller the employee's direct superior (or acting Plt/Plh) on `day`?"""
    target = EmployeeRef(employee_id)
    return await can_approve(info.context.principal, target, day, directory(info))


async def may_view_unit(info: Info, unit_id: str) -> bool:
    """May the caller read the unit's organisational performance today?"""
    return await can_view(info.context.principal, UnitRef(unit_id), today(info), directory(info))


async def is_hr_over(info: Info, employee_id: str) -> bool:
    """Does the caller hold HR (or SYSTEM_ADMIN) over this employee's records today?"""
    principal = info.context.principal
    if not principal.is_employee:
        return False
    if not (principal.has_role(Role.HR) or principal.has_role(Role.SYSTEM_ADMIN)):
        return False
    if employee_id == principal.subject:
        return principal.has_role(Role.SYSTEM_ADMIN)
    return await may_change_records(info, employee_id)


async def may_administer_rules(info: Info) -> bool:
    """May the caller edit the organisation's appraisal rules (HR or SYSTEM_ADMIN granted
    organisation-wide)?"""
    principal = info.context.principal
    return principal.is_employee and any(
        grant.unit_id is None and grant.role in (Role.HR, Role.SYSTEM_ADMIN)
        for grant in principal.grants
    )
