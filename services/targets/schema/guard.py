"""How targets' resolvers ask the authorization policy (`kinerja.policy`) about SKPs.

The policy is evaluated against the local directory replica on today's date (the capital's
zone). A record the caller may not see — or, for a change, may not change — is reported exactly
like a missing one.
"""

from __future__ import annotations

from datetime import date

from kinerja.directory.view import ReplicaDirectory, request_directory
from kinerja.errors import NotFoundError
from kinerja.graphql import Info
from kinerja.policy import Area, EmployeeRef, can_approve, can_change, can_view
from services.targets.domain import NotAppraiserError, local_date
from services.targets.schema import loaders


def today(info: Info) -> date:
    """The day the policy is asked about."""
    return local_date(info.context.now())


def directory(info: Info) -> ReplicaDirectory:
    """The request's memoised view of the organisation (the directory replica)."""
    return request_directory(info.context)


async def may_view(info: Info, employee_id: str) -> bool:
    """May the caller see this employee's SKPs today?"""
    target = EmployeeRef(employee_id)
    return await can_view(info.context.principal, target, today(info), directory(info))


async def may_change(info: Info, employee_id: str) -> bool:
    """May the caller draft and edit this employee's SKPs today?"""
    principal = info.context.principal
    target = EmployeeRef(employee_id)
    return await can_change(principal, target, today(info), directory(info), area=Area.RECORDS)


async def require_change_employee(info: Info, employee_id: str) -> None:
    """NotFoundError (as if missing) unless the caller may change the employee's SKPs."""
    if not await may_change(info, employee_id):
        raise NotFoundError("employee", employee_id)


async def _require_change(info: Info, owner: str | None, *, what: str, id: str) -> None:
    if owner is None or not await may_change(info, owner):
        raise NotFoundError(what, id)


async def require_change_skp(info: Info, skp_id: str) -> None:
    """NotFoundError unless the SKP exists and the caller may change it."""
    await _require_change(info, await loaders.skp_owner(info, skp_id), what="SKP", id=skp_id)


async def require_change_rhk(info: Info, rhk_id: str) -> None:
    """NotFoundError unless the RHK exists and the caller may change its SKP."""
    await _require_change(info, await loaders.rhk_owner(info, rhk_id), what="RHK", id=rhk_id)


async def require_change_indicator(info: Info, indicator_id: str) -> None:
    """NotFoundError unless the indicator exists and the caller may change its SKP."""
    owner = await loaders.indicator_owner(info, indicator_id)
    await _require_change(info, owner, what="indicator", id=indicator_id)


async def require_view_skp(info: Info, skp_id: str) -> str:
    """The SKP's employee; NotFoundError unless the SKP exists and the caller may see it."""
    owner = await loaders.skp_owner(info, skp_id)
    if owner is None or not await may_view(info, owner):
        raise NotFoundError("SKP", skp_id)
    return owner


async def require_appraiser(info: Info, skp_id: str) -> str:
    """The caller's id, when they are the SKP's appraiser today (its employee's superior)."""
    owner = await require_view_skp(info, skp_id)
    principal = info.context.principal
    if principal.subject == owner:
        raise NotAppraiserError("nobody approves or returns their own SKP")
    target = EmployeeRef(owner)
    if not await can_approve(principal, target, today(info), directory(info)):
        raise NotAppraiserError(
            "only the employee's direct superior on this date may approve or return the SKP"
        )
    return str(principal.subject)
