"""How allowance's resolvers ask the authorization policy (`kinerja.policy`).

Pay is narrow (`can_view_pay`): the employee sees their own payments and explanations, HR over
the subtree and auditors see everything there, system admins everywhere — the superior chain
does not. HR over an organisation's top unit (or system admins) compute, review and lock its
runs and edit tariffs, rules and HR data; service accounts with `allowance:export` read locked
runs only. What the caller may not see is reported exactly like a missing record.
"""

from __future__ import annotations

from datetime import date

from kinerja.auth import Role
from kinerja.directory.view import ReplicaDirectory, policy_day, request_directory
from kinerja.graphql import Info
from kinerja.policy import (
    EmployeeRef,
    UnitRef,
    can_audit,
    can_export_pay,
    can_run_pay,
    can_view_pay,
)


def today(info: Info) -> date:
    """The day the policy is asked about (the capital's date)."""
    return policy_day(info.context.now())


def directory(info: Info) -> ReplicaDirectory:
    """The request's memoised view of the organisation (the directory replica)."""
    return request_directory(info.context)


def caller_id(info: Info) -> str:
    """The signed-in employee; NotFoundError for anyone else."""
    return info.context.employee_id()


async def may_view_pay(info: Info, employee_id: str) -> bool:
    """May the caller see this employee's payments?"""
    principal = info.context.principal
    return await can_view_pay(principal, EmployeeRef(employee_id), today(info), directory(info))


async def may_view_unit_pay(info: Info, unit_id: str) -> bool:
    """May the caller see a unit's (or an organisation's) pay: runs, totals, payments?"""
    principal = info.context.principal
    return await can_view_pay(principal, UnitRef(unit_id), today(info), directory(info))


async def may_run(info: Info, organisation_id: str) -> bool:
    """May the caller compute, review and lock the organisation's runs (and edit its data)?"""
    principal = info.context.principal
    return await can_run_pay(principal, UnitRef(organisation_id), today(info), directory(info))


async def may_audit(info: Info, employee_id: str) -> bool:
    """Does the caller audit this employee's records (auditors read everything)?"""
    principal = info.context.principal
    return await can_audit(principal, EmployeeRef(employee_id), today(info), directory(info))


def may_export(info: Info) -> bool:
    """Is the caller a service account with `allowance:export` (locked runs only)?"""
    return can_export_pay(info.context.principal)


def may_administer(info: Info) -> bool:
    """May the caller edit tariffs and organisation-wide rule sets (HR or SYSTEM_ADMIN granted
    organisation-wide)?"""
    principal = info.context.principal
    return principal.is_employee and any(
        grant.unit_id is None and grant.role in (Role.HR, Role.SYSTEM_ADMIN)
        for grant in principal.grants
    )
