"""The one authorization policy: who may see, change and approve whose records, on a date.

Every resolver in every service (entity references included) asks these functions, evaluated
against the service's own view of the organisation (`DirectoryView`: the local directory replica,
or identity's own tables). A caller that may not see a record is told it does not exist.

Rules:
* Anonymous callers and accounts with a pending password change may do nothing here.
* SYSTEM_ADMIN sees and changes everything; AUDITOR sees everything and changes nothing.
* Every grant acts within its unit subtree (a grant without a unit covers the whole
  organisation): HR sees and changes directory and records; UNIT_ADMIN sees and changes the
  directory; EXECUTIVE only sees. A SYSTEM_ADMIN or AUDITOR grant scoped to a unit is held to
  that subtree too.
* Every employee sees themself, their chain of command (supervisor, their supervisor, …) and
  everyone under them; changes their own records; sees the organisation's units.
* SUPERVISOR is derived: the holder (or acting Plt/Plh holder) of the reports-to position on the
  date. Only the direct superior approves.
* Access (accounts, passwords, roles): SYSTEM_ADMIN everywhere, HR within its subtree for the
  accounts of employees who hold no granted role; roles are granted only by SYSTEM_ADMIN,
  never to oneself.
* Service accounts act only through their scopes (`directory:read` lets them read the directory).
* Appraisals are narrower than other records (`can_view_appraisal`): the employee, their
  superior chain (supervisor, their supervisor, …), HR over the subtree, auditors and system
  admins — never subordinates, colleagues, unit admins, executives or service accounts.
* Pay (allowance payments and their explanations) is narrower still (`can_view_pay`): the
  employee, HR over the subtree, auditors and system admins — not the superior chain. Service
  accounts read only locked runs, and only with `allowance:export`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from kinerja.auth import Principal, PrincipalKind, Role

DIRECTORY_READ_SCOPE = "directory:read"
MAX_CHAIN = 64  # a chain of command longer than this is a cycle in the data, not an org chart


class DirectoryView(Protocol):
    """What the policy needs to know about the organisation."""

    async def unit_path_of(self, employee_id: str, day: date) -> tuple[str, ...] | None:
        """Root-to-unit ids of the unit of the employee's position on `day` (None: no post)."""

    async def supervisor_of(self, employee_id: str, day: date) -> str | None:
        """The employee's direct superior on `day`."""

    async def unit_path(self, unit_id: str) -> tuple[str, ...] | None:
        """Root-to-unit ids of a unit (None: unknown unit)."""


class Area(StrEnum):
    """What kind of data a change touches."""

    RECORDS = "RECORDS"  # an employee's own work records: logs, SKP drafts, self-assessments
    DIRECTORY = "DIRECTORY"  # organisation data: units, positions, employees, assignments
    ACCESS = "ACCESS"  # accounts and passwords


@dataclass(frozen=True)
class EmployeeRef:
    """A record that belongs to an employee."""

    id: str


@dataclass(frozen=True)
class UnitRef:
    """A record that belongs to an org unit."""

    id: str


Target = EmployeeRef | UnitRef

_CHANGE_ROLES: dict[Area, frozenset[Role]] = {
    Area.RECORDS: frozenset({Role.HR, Role.SYSTEM_ADMIN}),
    Area.DIRECTORY: frozenset({Role.HR, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}),
    Area.ACCESS: frozenset({Role.HR, Role.SYSTEM_ADMIN}),
}
_VIEW_ROLES = frozenset({Role.HR, Role.UNIT_ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.SYSTEM_ADMIN})


async def _target_path(target: Target, day: date, directory: DirectoryView) -> tuple[str, ...]:
    if isinstance(target, UnitRef):
        return await directory.unit_path(target.id) or ()
    return await directory.unit_path_of(target.id, day) or ()


async def _scoped(
    principal: Principal,
    roles: frozenset[Role],
    target: Target,
    day: date,
    directory: DirectoryView,
) -> bool:
    """True when one of `roles` is granted over a subtree containing the target."""
    grants = [grant for grant in principal.grants if grant.role in roles]
    if not grants:
        return False
    if any(grant.unit_id is None for grant in grants):
        return True
    path = await _target_path(target, day, directory)
    return any(grant.unit_id in path for grant in grants)


async def chain_of_command(employee_id: str, day: date, directory: DirectoryView) -> list[str]:
    """The employee's supervisor, their supervisor, and so on up to the top, on `day`."""
    chain: list[str] = []
    current: str | None = employee_id
    while current is not None and len(chain) < MAX_CHAIN:
        current = await directory.supervisor_of(current, day)
        if current is None or current in chain or current == employee_id:
            break
        chain.append(current)
    return chain


def _everywhere(principal: Principal, role: Role) -> bool:
    """True when `role` is granted over the whole organisation (not a unit subtree)."""
    return any(grant.role is role and grant.unit_id is None for grant in principal.grants)


def _admin(principal: Principal) -> bool:
    return principal.is_employee and _everywhere(principal, Role.SYSTEM_ADMIN)


async def can_view(
    principal: Principal, target: Target, day: date, directory: DirectoryView
) -> bool:
    """May `principal` see the target's records on `day`?"""
    if principal.kind is PrincipalKind.SERVICE:
        return DIRECTORY_READ_SCOPE in principal.scopes
    if not principal.is_employee:
        return False
    if _admin(principal) or _everywhere(principal, Role.AUDITOR):
        return True
    if isinstance(target, UnitRef) or target.id == principal.subject:
        return True
    if await _scoped(principal, _VIEW_ROLES, target, day, directory):
        return True
    return await _in_line_of_command(str(principal.subject), target.id, day, directory)


_APPRAISAL_VIEW_ROLES = frozenset({Role.HR, Role.AUDITOR, Role.SYSTEM_ADMIN})


async def can_view_appraisal(
    principal: Principal, target: EmployeeRef, day: date, directory: DirectoryView
) -> bool:
    """May `principal` see the target's appraisals (ratings, scores, objections) on `day`?"""
    if not principal.is_employee:
        return False
    if target.id == principal.subject:
        return True
    if await _scoped(principal, _APPRAISAL_VIEW_ROLES, target, day, directory):
        return True
    return str(principal.subject) in await chain_of_command(target.id, day, directory)


_PAY_VIEW_ROLES = frozenset({Role.HR, Role.AUDITOR, Role.SYSTEM_ADMIN})
EXPORT_SCOPE = "allowance:export"


async def can_view_pay(
    principal: Principal, target: Target, day: date, directory: DirectoryView
) -> bool:
    """May `principal` see the target's pay (an employee's payments, a unit's totals)?"""
    if not principal.is_employee:
        return False
    if isinstance(target, EmployeeRef) and target.id == principal.subject:
        return True
    return await _scoped(principal, _PAY_VIEW_ROLES, target, day, directory)


async def can_run_pay(
    principal: Principal, organisation: UnitRef, day: date, directory: DirectoryView
) -> bool:
    """May `principal` compute, review and lock an organisation's runs and edit its HR pay
    data (HR over the organisation's top unit, or system admins)?"""
    if not principal.is_employee:
        return False
    return await _scoped(
        principal, frozenset({Role.HR, Role.SYSTEM_ADMIN}), organisation, day, directory
    )


async def can_audit(
    principal: Principal, target: Target, day: date, directory: DirectoryView
) -> bool:
    """Does `principal` hold AUDITOR (or SYSTEM_ADMIN) over the target: reads everything there?"""
    if not principal.is_employee:
        return False
    roles = frozenset({Role.AUDITOR, Role.SYSTEM_ADMIN})
    return await _scoped(principal, roles, target, day, directory)


def can_export_pay(principal: Principal) -> bool:
    """Is `principal` a service account allowed to export locked runs?"""
    return principal.kind is PrincipalKind.SERVICE and EXPORT_SCOPE in principal.scopes


async def _in_line_of_command(
    viewer: str, target: str, day: date, directory: DirectoryView
) -> bool:
    """True when `target` is above `viewer` in the chain of command, or anywhere under them."""
    if viewer in await chain_of_command(target, day, directory):
        return True
    return target in await chain_of_command(viewer, day, directory)


async def can_change(
    principal: Principal,
    target: Target,
    day: date,
    directory: DirectoryView,
    *,
    area: Area = Area.RECORDS,
) -> bool:
    """May `principal` change the target's records of `area` on `day`?"""
    if not principal.is_employee:
        return False
    if _admin(principal):
        return True
    if area is Area.RECORDS and isinstance(target, EmployeeRef) and target.id == principal.subject:
        return True
    return await _scoped(principal, _CHANGE_ROLES[area], target, day, directory)


async def can_approve(
    principal: Principal, target: EmployeeRef, day: date, directory: DirectoryView
) -> bool:
    """Is `principal` the target's direct superior on `day` (the only one who approves)?"""
    if not principal.is_employee or target.id == principal.subject:
        return False
    return await directory.supervisor_of(target.id, day) == principal.subject


async def can_manage_account(
    principal: Principal,
    target: EmployeeRef,
    day: date,
    directory: DirectoryView,
    *,
    target_roles: Collection[Role],
) -> bool:
    """May `principal` reset, lock or unlock the target's account?

    Accounts holding a granted role are SYSTEM_ADMIN's alone, so HR cannot take over an
    administrator (or another HR officer) by resetting their password.
    """
    if target_roles and not _admin(principal):
        return False
    return await can_change(principal, target, day, directory, area=Area.ACCESS)


def can_grant(principal: Principal, grantee_id: str) -> bool:
    """May `principal` grant or revoke roles of `grantee_id` (never their own)?"""
    return _admin(principal) and grantee_id != principal.subject
