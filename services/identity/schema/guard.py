"""How identity's resolvers ask the authorization policy (`kinerja.policy`), and audit changes.

A record the caller may not see or change is reported exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.auth import PrincipalKind, Role
from kinerja.errors import NotFoundError
from kinerja.graphql import Info
from kinerja.policy import Area, EmployeeRef, Target, UnitRef, can_change, can_view
from services.identity.config import IdentityConfig
from services.identity.domain import DEFAULT_TIME_ZONE, local_date
from services.identity.service.audit import Actor, record, snapshot
from services.identity.service.deps import AccessDeps
from services.identity.service.view import StoreDirectory

R = TypeVar("R")
ROOT = UnitRef("")  # above every root unit: only an organisation-wide grant covers it
_DIRECTORY_KEY = "identity.directory"
DEPS_KEY = "identity.access"


def today(info: Info) -> date:
    """The day the policy is asked about (today in the capital's zone)."""
    return local_date(info.context.now(), DEFAULT_TIME_ZONE)


def directory(info: Info) -> StoreDirectory:
    """The request's memoised view of the organisation."""
    context = info.context
    return context.memo(_DIRECTORY_KEY, lambda: StoreDirectory(context.readers))


def actor(info: Info) -> Actor:
    """Who is making a change, for the audit log."""
    principal = info.context.principal
    return Actor(principal.subject, principal.kind.value, info.context.request_id)


def access(info: Info) -> AccessDeps:
    """The access dependencies (Redis, hasher, settings) wired by the app or a test."""
    deps = info.context.extras.get(DEPS_KEY)
    if deps is None:
        request = info.context.extras["request"]
        deps = request.app.state.identity_access
    if not isinstance(deps, AccessDeps):
        raise TypeError("identity access dependencies are not wired")
    return deps


def config(info: Info) -> IdentityConfig:
    """Identity's access settings."""
    return access(info).config


async def may_view(info: Info, target: Target) -> bool:
    """May the caller see the target today?"""
    return await can_view(info.context.principal, target, today(info), directory(info))


async def may_view_employee(info: Info, employee_id: str) -> bool:
    """May the caller see this employee today?"""
    return await may_view(info, EmployeeRef(employee_id))


async def may_read_directory(info: Info) -> bool:
    """May the caller read the organisation's units and positions at all?"""
    return await may_view(info, ROOT)


async def may_change(info: Info, target: Target, *, area: Area = Area.DIRECTORY) -> bool:
    """May the caller change the target's data of `area` today?"""
    principal = info.context.principal
    return await can_change(principal, target, today(info), directory(info), area=area)


async def require_change(
    info: Info, target: Target, *, what: str, id: str, area: Area = Area.DIRECTORY
) -> None:
    """NotFoundError (as if missing) unless the caller may change the target."""
    if not await may_change(info, target, area=area):
        raise NotFoundError(what, id)


async def require_parent(info: Info, parent_id: str | None) -> None:
    """The caller may add under `parent_id` (None: a root, which needs an org-wide grant)."""
    target = ROOT if parent_id is None else UnitRef(parent_id)
    await require_change(info, target, what="parent org unit", id=parent_id or "root")


def holds(info: Info, *roles: Role) -> bool:
    """True when a signed-in employee (no pending password change) holds one of `roles`
    organisation-wide.

    For what the policy module has no rule of its own: signing keys (SYSTEM_ADMIN) and
    reading the audit log (AUDITOR, SYSTEM_ADMIN), both organisation-wide roles.
    """
    principal = info.context.principal
    everywhere = {grant.role for grant in principal.grants if grant.unit_id is None}
    return principal.is_employee and any(role in everywhere for role in roles)


def signed_in_employee(info: Info) -> str | None:
    """The caller's employee id, also while a password change is pending; None otherwise."""
    principal = info.context.principal
    if principal.kind is PrincipalKind.EMPLOYEE and principal.subject:
        return principal.subject
    return None


async def audited(
    info: Info,
    action: str,
    entity: tuple[str, type[Any], str | None],
    change: Callable[[AsyncSession], Awaitable[R]],
    *,
    deleted: bool = False,
) -> R:
    """Run a change in one transaction with its audit entry; `entity` is (type, model, id)."""
    name, model, entity_id = entity
    async with info.context.transaction() as session:
        before = None if entity_id is None else snapshot(await session.get(model, entity_id))
        row = await change(session)
        record(
            session,
            actor(info),
            action,
            entity=(name, str(getattr(row, "id", entity_id))),
            before=before,
            after=None if deleted else snapshot(row),
            now=info.context.now(),
        )
    return row
