"""Accounts: passwords (change, admin reset), activation, unlock, and service accounts.

Every change is audited (never the password or its hash) in the caller's transaction. Changes
that must end sessions revoke them in Redis as their last step inside the transaction: if Redis
is down the change rolls back; a revocation whose change then fails only forces a new sign-in.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from kinerja.errors import ConflictError, ValidationError
from services.identity import store
from services.identity.domain import check_new_password, clean_text, password_too_large
from services.identity.service.audit import Actor, record, snapshot
from services.identity.service.common import found
from services.identity.service.deps import AccessDeps
from services.identity.service.passwords import temporary_password
from services.identity.service.sessions import (
    AccessUnavailableError,
    TokenPair,
    open_session,
    revoke_sid,
    revoke_subject,
)
from services.identity.service.throttle import REDIS_ERRORS, ThrottleKey
from services.identity.store import AccountRow, ServiceAccountRow

_SCOPE = re.compile(r"[a-z][a-z0-9_-]*:[a-z][a-z0-9_-]*")


async def load_account(session: AsyncSession, employee_id: str) -> AccountRow:
    account = await store.get_account_of_employee(session, employee_id)
    return found(account, what="employee", id=employee_id)


async def granted_roles(session: AsyncSession, employee_id: str) -> list[Role]:
    """The roles granted to an employee (their account is SYSTEM_ADMIN's alone if any)."""
    return [Role(grant.role) for grant in await store.list_active_grants(session, employee_id)]


async def end_all_sessions(
    session: AsyncSession, deps: AccessDeps, account: AccountRow, *, now: datetime
) -> None:
    """Revoke every refresh family of the account and its access tokens issued before now."""
    families = await store.list_live_families(session, account.id)
    await store.revoke_families(session, families)
    await session.flush()
    # The subject cut-off is whole seconds; naming each session also ends a token issued in
    # the very second of the revocation.
    for sid in families:
        await revoke_sid(deps, sid)
    await revoke_subject(deps, account.employee_id, now=now)


@dataclass(frozen=True)
class PasswordChange:
    """Input of `change_password`."""

    employee_id: str
    current: str
    new: str


async def change_password(
    sessions: async_sessionmaker[AsyncSession],
    deps: AccessDeps,
    change: PasswordChange,
    actor: Actor,
    *,
    now: datetime,
) -> TokenPair:
    """Replace the caller's password; other sessions end and a fresh session is returned."""
    policy = deps.config.password_policy()
    if password_too_large(change.current, policy):
        raise ValidationError("currentPassword", "the current password is incorrect")
    check_new_password(change.new, policy)
    async with sessions() as session:
        account = await load_account(session, change.employee_id)
    stored = account.password_hash
    if not await deps.hasher.verify(stored, change.current):
        raise ValidationError("currentPassword", "the current password is incorrect")
    new_hash = await deps.hasher.hash(change.new)
    async with sessions() as session, session.begin():
        account = await load_account(session, change.employee_id)
        if account.password_hash != stored:
            raise ConflictError("the password was changed meanwhile; sign in again")
        before = snapshot(account)
        account.password_hash, account.must_change_password = new_hash, False
        account.password_changed_at = now
        account.touch(now)
        record(
            session,
            actor,
            "account.change_password",
            entity=("Account", account.id),
            before=before,
            after=snapshot(account),
            now=now,
        )
        await end_all_sessions(session, deps, account, now=now)
        return await open_session(session, deps, account, now=now)


async def reset_password(
    session: AsyncSession, deps: AccessDeps, employee_id: str, actor: Actor, *, now: datetime
) -> str:
    """Give the account a one-time password it must change at first use; end its sessions."""
    account = await load_account(session, employee_id)
    temporary = temporary_password()
    before = snapshot(account)
    account.password_hash = await deps.hasher.hash(temporary)
    account.must_change_password, account.password_changed_at = True, now
    account.touch(now)
    record(
        session,
        actor,
        "account.reset_password",
        entity=("Account", account.id),
        before=before,
        after=snapshot(account),
        now=now,
    )
    await end_all_sessions(session, deps, account, now=now)
    return temporary


async def set_account_active(
    session: AsyncSession,
    deps: AccessDeps,
    employee_id: str,
    actor: Actor,
    *,
    active: bool,
    now: datetime,
) -> AccountRow:
    """Activate or deactivate an account; deactivation ends every session at once."""
    account = await load_account(session, employee_id)
    if account.active == active:
        return account
    before = snapshot(account)
    account.active = active
    account.touch(now)
    action = "account.activate" if active else "account.deactivate"
    record(
        session,
        actor,
        action,
        entity=("Account", account.id),
        before=before,
        after=snapshot(account),
        now=now,
    )
    if not active:
        await end_all_sessions(session, deps, account, now=now)
    return account


async def unlock_account(
    session: AsyncSession, deps: AccessDeps, employee_id: str, actor: Actor, *, now: datetime
) -> AccountRow:
    """Clear the sign-in lockout (and back-off) of an account's NIP."""
    account = await load_account(session, employee_id)
    key = ThrottleKey.of("nip", account.login)
    locked = await account_locked(deps, account)
    record(
        session,
        actor,
        "account.unlock",
        entity=("Account", account.id),
        before={"locked": locked},
        after={"locked": False},
        now=now,
    )
    await session.flush()
    try:
        await deps.throttle.unlock(key)
    except REDIS_ERRORS as exc:
        raise AccessUnavailableError from exc
    return account


async def account_locked(deps: AccessDeps, account: AccountRow) -> bool:
    """True when the account's NIP is locked out."""
    try:
        return await deps.throttle.is_locked(ThrottleKey.of("nip", account.login))
    except REDIS_ERRORS as exc:
        raise AccessUnavailableError from exc


@dataclass(frozen=True)
class NewServiceAccount:
    """Input of `create_service_account`."""

    name: str
    scopes: list[str]


async def create_service_account(
    session: AsyncSession, deps: AccessDeps, new: NewServiceAccount, actor: Actor, *, now: datetime
) -> tuple[ServiceAccountRow, str]:
    """A new service account and its secret (shown once; only its hash is kept)."""
    name = clean_text(new.name, field="name")
    scopes = sorted({scope.strip() for scope in new.scopes})
    if not scopes or not all(_SCOPE.fullmatch(scope) for scope in scopes):
        raise ValidationError("scopes", "scopes must be like allowance:export (at least one)")
    secret = secrets.token_urlsafe(32)
    client = ServiceAccountRow(
        id=str(uuid.uuid4()),
        client_id="svc_" + secrets.token_hex(8),
        name=name,
        secret_hash=await deps.hasher.hash(secret),
        scopes=scopes,
        active=True,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(client)
    await session.flush()
    record(
        session,
        actor,
        "service_account.create",
        entity=("ServiceAccount", client.id),
        before=None,
        after=snapshot(client),
        now=now,
    )
    return client, secret
