"""Sign-in with a NIP and password, or a client id and secret, behind the Redis throttle.

An unknown login, a wrong password, an account without a password and a deactivated account
all get the same message after the same work (one Argon2 verification, against a dummy hash
when there is no real one). No transaction is held while hashing. Redis unreachable → refused.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.identity import store
from services.identity.domain import AttemptVerdict, normalize_nip, password_too_large
from services.identity.service.deps import AccessDeps
from services.identity.service.sessions import (
    SignInRefused,
    TokenPair,
    open_session,
    service_token,
)
from services.identity.service.throttle import REDIS_ERRORS, Attempt, ThrottleKey
from services.identity.store import AccountRow

WRONG_CREDENTIALS = "the NIP or password is incorrect"
WRONG_CLIENT = "the client id or secret is incorrect"
UNAVAILABLE = "sign-in is temporarily unavailable"
LOCKED = "too many failed sign-ins; sign-in is locked until an administrator unlocks it"


@dataclass(frozen=True)
class Credentials:
    """What a caller submitted: a login (NIP or client id), its secret, and their address."""

    login: str
    secret: str
    address: str


def _throttled(attempt: Attempt) -> SignInRefused:
    if attempt.verdict is AttemptVerdict.LOCKED:
        return SignInRefused(LOCKED)
    wait = max(1, math.ceil(attempt.retry_after))
    return SignInRefused(f"too many failed sign-ins; try again in {wait} seconds")


async def _begin(deps: AccessDeps, keys: list[ThrottleKey], now: datetime) -> Attempt | None:
    try:
        return await deps.throttle.begin(keys, attempt_id=uuid.uuid4().hex, now=now.timestamp())
    except REDIS_ERRORS:
        return None


async def _settle(deps: AccessDeps, attempt: Attempt, *, ok: bool) -> bool:
    """Record the outcome; False when Redis failed (the sign-in is then refused)."""
    try:
        if ok:
            await deps.throttle.succeeded(attempt)
        else:
            await deps.throttle.failed(attempt)
    except REDIS_ERRORS:
        return False
    return True


async def _gate(
    deps: AccessDeps, keys: list[ThrottleKey], credentials: Credentials, *, now: datetime
) -> Attempt | SignInRefused:
    """Count the attempt; refuse it when throttled, Redis is down or the secret is oversized."""
    attempt = await _begin(deps, keys, now)
    if attempt is None:
        return SignInRefused(UNAVAILABLE)
    if attempt.verdict is not AttemptVerdict.ALLOWED:
        return _throttled(attempt)
    if password_too_large(credentials.secret, deps.config.password_policy()):
        ok = await _settle(deps, attempt, ok=False)
        limit = deps.config.password_max_bytes
        return SignInRefused(
            f"password must be at most {limit} bytes (UTF-8)" if ok else UNAVAILABLE
        )
    return attempt


async def _open(
    sessions: async_sessionmaker[AsyncSession],
    deps: AccessDeps,
    account: AccountRow,
    rehashed: str | None,
    *,
    now: datetime,
) -> TokenPair | SignInRefused:
    async with sessions() as session, session.begin():
        current = await store.get_account(session, account.id)
        if current is None or not current.active:
            return SignInRefused(WRONG_CREDENTIALS)
        if rehashed is not None and current.password_hash == account.password_hash:
            current.password_hash = rehashed  # new costs, same password: no audit entry
        return await open_session(session, deps, current, now=now)


async def login(
    sessions: async_sessionmaker[AsyncSession],
    deps: AccessDeps,
    credentials: Credentials,
    *,
    now: datetime,
) -> TokenPair | SignInRefused:
    """Sign an employee in with NIP + password: a new session, or the one refusal message."""
    login_id = normalize_nip(credentials.login)
    keys = [ThrottleKey.of("nip", login_id), ThrottleKey.of("ip", credentials.address)]
    attempt = await _gate(deps, keys, credentials, now=now)
    if isinstance(attempt, SignInRefused):
        return attempt
    async with sessions() as session:
        account = await store.get_account_by_login(session, login_id)
    stored = None if account is None else account.password_hash
    verified = await deps.hasher.verify(stored, credentials.secret)
    ok = verified and account is not None and account.active
    if not await _settle(deps, attempt, ok=ok):
        return SignInRefused(UNAVAILABLE)
    if not ok or account is None or stored is None:
        return SignInRefused(WRONG_CREDENTIALS)
    rehashed = None
    if deps.hasher.needs_rehash(stored):
        rehashed = await deps.hasher.hash(credentials.secret)
    return await _open(sessions, deps, account, rehashed, now=now)


async def service_login(
    sessions: async_sessionmaker[AsyncSession],
    deps: AccessDeps,
    credentials: Credentials,
    *,
    now: datetime,
) -> TokenPair | SignInRefused:
    """Client-credentials sign-in of a service account: an access token with its scopes."""
    keys = [ThrottleKey.of("client", credentials.login), ThrottleKey.of("ip", credentials.address)]
    attempt = await _gate(deps, keys, credentials, now=now)
    if isinstance(attempt, SignInRefused):
        return attempt
    async with sessions() as session:
        client = await store.get_service_account_by_client(session, credentials.login.strip())
    stored = None if client is None else client.secret_hash
    verified = await deps.hasher.verify(stored, credentials.secret)
    ok = verified and client is not None and client.active
    if not await _settle(deps, attempt, ok=ok):
        return SignInRefused(UNAVAILABLE)
    if not ok or client is None:
        return SignInRefused(WRONG_CLIENT)
    async with sessions() as session, session.begin():
        return await service_token(session, deps, client, now=now)
