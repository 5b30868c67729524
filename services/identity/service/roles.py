"""Role grants: granted and revoked with a reason, audited, effective within seconds.

A change revokes the grantee's access tokens issued before it (Redis), so the next request
carries a token with the new roles (after a refresh). SUPERVISOR is never granted: it is
derived from positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.identity import store
from services.identity.domain import GrantableRole, check_grant, check_reason
from services.identity.service.audit import Actor, record, snapshot
from services.identity.service.common import found
from services.identity.service.deps import AccessDeps
from services.identity.service.sessions import revoke_subject
from services.identity.store import RoleGrantRow


@dataclass(frozen=True)
class NewGrant:
    """Input of `grant_role`; `unit_id` None grants over the whole organisation."""

    employee_id: str
    role: GrantableRole
    unit_id: str | None
    reason: str


async def grant_role(
    session: AsyncSession,
    deps: AccessDeps,
    new: NewGrant,
    actor: Actor,
    *,
    grant_id: str,
    now: datetime,
) -> RoleGrantRow:
    """Grant a role over a unit subtree (or everywhere) to an employee."""
    reason = check_grant(new.role, new.unit_id, new.reason)
    found(await store.get_employee(session, new.employee_id), what="employee", id=new.employee_id)
    if new.unit_id is not None:
        found(await store.get_unit(session, new.unit_id), what="org unit", id=new.unit_id)
    await _ensure_not_held(session, new)
    grant = RoleGrantRow(
        id=grant_id,
        employee_id=new.employee_id,
        role=new.role,
        unit_id=new.unit_id,
        reason=reason,
        granted_at=now,
        granted_by=actor.id,
        revoked_at=None,
        revoked_by=None,
        revoke_reason=None,
    )
    session.add(grant)
    await session.flush()
    record(
        session,
        actor,
        "role.grant",
        entity=("RoleGrant", grant.id),
        before=None,
        after=snapshot(grant),
        now=now,
        reason=reason,
    )
    await revoke_subject(deps, new.employee_id, now=now)
    return grant


async def _ensure_not_held(session: AsyncSession, new: NewGrant) -> None:
    for existing in await store.list_active_grants(session, new.employee_id):
        if existing.role is new.role and existing.unit_id == new.unit_id:
            raise ConflictError(f"the employee already holds {new.role} over this scope")


async def load_grant(session: AsyncSession, grant_id: str) -> RoleGrantRow:
    """A grant by id, or NotFoundError."""
    return found(await store.get_grant(session, grant_id), what="role grant", id=grant_id)


async def revoke_role(
    session: AsyncSession,
    deps: AccessDeps,
    grant_id: str,
    reason: str,
    actor: Actor,
    *,
    now: datetime,
) -> RoleGrantRow:
    """Revoke a grant; the holder's older tokens stop working."""
    cleaned = check_reason(reason)
    grant = await load_grant(session, grant_id)
    if grant.revoked_at is not None:
        raise ConflictError("this role grant is already revoked")
    before = snapshot(grant)
    grant.revoked_at, grant.revoked_by, grant.revoke_reason = now, actor.id, cleaned
    await session.flush()
    record(
        session,
        actor,
        "role.revoke",
        entity=("RoleGrant", grant.id),
        before=before,
        after=snapshot(grant),
        now=now,
        reason=cleaned,
    )
    await revoke_subject(deps, grant.employee_id, now=now)
    return grant
