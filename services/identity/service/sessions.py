"""Sign-in sessions: access tokens, rotating refresh tokens, reuse detection and logout.

A session is a refresh-token family; its id is the access tokens' `sid`. Each refresh token is
usable once: using it marks it ROTATED and issues the next one in the family. A ROTATED token
presented again means it was copied: the whole family is revoked, and so is its `sid` in Redis,
so the access tokens already issued stop working everywhere within seconds.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import revoke_session, revoke_subject_before
from kinerja.errors import KinerjaError
from kinerja.tokens import REFRESH_TOKEN_PREFIX, issue_access_token
from services.identity import store
from services.identity.domain import RefreshOutcome, RefreshStatus, refresh_outcome
from services.identity.service.deps import AccessDeps
from services.identity.service.keys import active_key
from services.identity.service.throttle import REDIS_ERRORS
from services.identity.store import AccountRow, RefreshTokenRow, ServiceAccountRow

logger = logging.getLogger("identity.sessions")
INVALID_REFRESH = "the refresh token is invalid or expired; sign in again"


class AccessUnavailableError(KinerjaError):
    """Redis (the revocation list) is unreachable: the change is refused and rolled back."""

    def __init__(self) -> None:
        super().__init__("access changes are temporarily unavailable; nothing was changed")


async def revoke_subject(deps: AccessDeps, subject: str, *, now: datetime) -> None:
    """Refuse the subject's access tokens issued before `now`, on every service."""
    try:
        await revoke_subject_before(deps.redis, subject, now)
    except REDIS_ERRORS as exc:
        raise AccessUnavailableError from exc


async def revoke_sid(deps: AccessDeps, sid: str) -> None:
    """Refuse every access token of a session, on every service."""
    try:
        await revoke_session(deps.redis, sid)
    except REDIS_ERRORS as exc:
        raise AccessUnavailableError from exc


@dataclass(frozen=True)
class TokenPair:
    """What a successful sign-in or refresh hands out."""

    access_token: str
    refresh_token: str | None
    expires_in: int
    must_change_password: bool


@dataclass(frozen=True)
class SignInRefused:
    """A refused sign-in, refresh or logout, with the message the caller sees."""

    message: str


def hash_refresh_token(raw: str) -> str:
    """The stored form of a refresh token (SHA-256: the token itself has 256 random bits)."""
    return hashlib.sha256(raw.encode()).hexdigest()


async def _role_claims(session: AsyncSession, employee_id: str) -> list[dict[str, str | None]]:
    grants = await store.list_active_grants(session, employee_id)
    return [{"role": grant.role.value, "unit": grant.unit_id} for grant in grants]


async def _sign(
    session: AsyncSession, deps: AccessDeps, claims: dict[str, object], *, now: datetime
) -> str:
    key = await active_key(session, now=now)
    return issue_access_token(
        private_pem=key.private_key_pem.encode(),
        kid=key.kid,
        claims=claims,
        settings=deps.settings,
        now=now,
    )


async def _issue(
    session: AsyncSession, deps: AccessDeps, account: AccountRow, *, family: str, now: datetime
) -> TokenPair:
    raw = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        RefreshTokenRow(
            id=str(uuid.uuid4()),
            token_hash=hash_refresh_token(raw),
            family_id=family,
            account_id=account.id,
            status=RefreshStatus.ACTIVE,
            issued_at=now,
            expires_at=now + timedelta(seconds=deps.settings.refresh_token_ttl_seconds),
            used_at=None,
        )
    )
    claims: dict[str, object] = {
        "sub": account.employee_id,
        "sid": family,
        "kind": "employee",
        "roles": await _role_claims(session, account.employee_id),
        "scopes": [],
    }
    if account.must_change_password:
        claims["pwd_change"] = True
    access = await _sign(session, deps, claims, now=now)
    await session.flush()
    return TokenPair(
        access, raw, deps.settings.access_token_ttl_seconds, account.must_change_password
    )


async def open_session(
    session: AsyncSession, deps: AccessDeps, account: AccountRow, *, now: datetime
) -> TokenPair:
    """Start a new session (refresh-token family) for a signed-in account."""
    return await _issue(session, deps, account, family=str(uuid.uuid4()), now=now)


async def service_token(
    session: AsyncSession, deps: AccessDeps, client: ServiceAccountRow, *, now: datetime
) -> TokenPair:
    """An access token (no refresh token) for a service account, carrying its scopes."""
    claims: dict[str, object] = {
        "sub": client.id,
        "sid": str(uuid.uuid4()),
        "kind": "service",
        "roles": [],
        "scopes": sorted(client.scopes),
    }
    access = await _sign(session, deps, claims, now=now)
    return TokenPair(access, None, deps.settings.access_token_ttl_seconds, False)


async def refresh(
    sessions: async_sessionmaker[AsyncSession], deps: AccessDeps, raw: str, *, now: datetime
) -> TokenPair | SignInRefused:
    """Rotate a refresh token; a reused one revokes its family and session (and fails)."""
    async with sessions() as session, session.begin():
        token = await store.get_refresh_token(session, hash_refresh_token(raw))
        status = None if token is None else token.status
        expires = now.timestamp() if token is None else token.expires_at.timestamp()
        outcome = refresh_outcome(status, expires_at=expires, now=now.timestamp())
        if token is not None and outcome is RefreshOutcome.ROTATE:
            if not await store.mark_rotated(session, token.id, now=now):
                outcome = RefreshOutcome.REUSED  # a concurrent use of the same token won
            else:
                account = await store.get_account(session, token.account_id)
                if account is not None and account.active:
                    return await _issue(session, deps, account, family=token.family_id, now=now)
                outcome = RefreshOutcome.REUSED  # a deactivated account: end the session
        if token is None or outcome is not RefreshOutcome.REUSED:
            return SignInRefused(INVALID_REFRESH)
        await store.revoke_families(session, [token.family_id])
        family = token.family_id
    await _revoke_sessions(deps, [family])
    return SignInRefused(INVALID_REFRESH)


async def logout(
    sessions: async_sessionmaker[AsyncSession],
    deps: AccessDeps,
    raw: str,
    *,
    employee_id: str,
    current_sid: str | None,
) -> bool:
    """End the caller's session of `raw` (and the current one); False if it is not theirs."""
    async with sessions() as session, session.begin():
        token = await store.get_refresh_token(session, hash_refresh_token(raw))
        account = None if token is None else await store.get_account(session, token.account_id)
        if token is None or account is None or account.employee_id != employee_id:
            return False
        await store.revoke_families(session, [token.family_id])
        families = {token.family_id} | ({current_sid} if current_sid else set())
        # Inside the transaction: if Redis is down, nothing is revoked and the caller retries.
        for sid in sorted(families):
            await revoke_sid(deps, sid)
    return True


async def _revoke_sessions(deps: AccessDeps, families: list[str]) -> None:
    for sid in families:
        try:
            await revoke_session(deps.redis, sid)
        except REDIS_ERRORS:
            logger.exception("could not revoke session %s in Redis (family revoked in DB)", sid)
