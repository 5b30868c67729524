"""Who is calling: the one place where a request's principal is resolved.

Token contract (identity issues, every service verifies — ARCHITECTURE.md §4):

* Access token: a JWT signed with EdDSA (Ed25519). Header `{"alg": "EdDSA", "typ": "JWT",
  "kid": …}`. Claims: `iss` (settings.token_issuer), `aud` (settings.token_audience), `sub`
  (employee id, or service-account id), `iat`, `nbf`, `exp` (at most 15 minutes after `iat`),
  `jti`, `sid` (the login session = refresh-token family), `token_use: "access"`, `kind`
  (`"employee"` | `"service"`), `roles` (`[{"role": "HR", "unit": "<unit id>" | null}]`),
  `scopes` (`["allowance:export", …]`), and `pwd_change: true` while the account must change
  its password (such a token may only change the password, read `me` and log out).
* Refresh token: opaque (`rt_` + 43 url-safe characters), stored hashed by identity; never a JWT,
  so it can never pass as an access token.
* JWKS: identity serves `GET /.well-known/jwks.json` → `{"keys": [{"kty": "OKP", "crv":
  "Ed25519", "x": …, "kid": …, "use": "sig", "alg": "EdDSA"}]}`: the active key and rotated keys
  that still verify; a retired key is absent, so its tokens fail.
* Revocation, in Redis, written by identity and read by every service on every request:
  `identity:revoked:sid:<sid>` (exists → that session's tokens are refused) and
  `identity:revoked:sub:<sub>` = unix time T (tokens of that subject issued before T are
  refused: deactivation, password reset, role change). Both expire after the access-token
  lifetime plus a margin. Redis unreachable → authentication fails closed.

SUPERVISOR is never in a token: it is derived from positions on the date in question (policy).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import HTTPConnection

from kinerja.settings import ACCESS_TOKEN_MAX_LIFETIME_SECONDS, Settings
from kinerja.tokens import LEEWAY_SECONDS, InvalidTokenError, TokenVerifier

logger = logging.getLogger("kinerja.auth")

REVOKED_SESSION_KEY = "identity:revoked:sid:{}"
REVOKED_SUBJECT_KEY = "identity:revoked:sub:{}"
REVOCATION_CHECK_TIMEOUT_SECONDS = 1.0
# A revocation must outlive every token it refuses: the longest lifetime, the leeway on both
# ends (iat and exp), and a margin.
REVOCATION_TTL_SECONDS = ACCESS_TOKEN_MAX_LIFETIME_SECONDS + 2 * LEEWAY_SECONDS + 60
_BEARER = re.compile(r"Bearer ([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)


class Role(StrEnum):
    """Roles; all but EMPLOYEE and SUPERVISOR are granted (identity data, audited)."""

    EMPLOYEE = "EMPLOYEE"
    SUPERVISOR = "SUPERVISOR"
    UNIT_ADMIN = "UNIT_ADMIN"
    HR = "HR"
    EXECUTIVE = "EXECUTIVE"
    AUDITOR = "AUDITOR"
    SYSTEM_ADMIN = "SYSTEM_ADMIN"


class PrincipalKind(StrEnum):
    """An employee signed in with their NIP, a service account, or nobody."""

    ANONYMOUS = "anonymous"
    EMPLOYEE = "employee"
    SERVICE = "service"


@dataclass(frozen=True)
class RoleGrant:
    """A granted role, scoped to an org-unit subtree (`unit_id`) or to everything (None)."""

    role: Role
    unit_id: str | None = None


@dataclass(frozen=True)
class Principal:
    """The caller, as established from a verified access token."""

    subject: str | None = None
    kind: PrincipalKind = PrincipalKind.ANONYMOUS
    grants: frozenset[RoleGrant] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: str | None = None
    token_id: str | None = None
    must_change_password: bool = False

    @property
    def authenticated(self) -> bool:
        """True when a subject was established."""
        return self.subject is not None

    @property
    def is_employee(self) -> bool:
        """True for an employee who may act (signed in, password not pending a change)."""
        employee = self.kind is PrincipalKind.EMPLOYEE and self.subject is not None
        return employee and not self.must_change_password

    def grants_of(self, role: Role) -> list[RoleGrant]:
        """This principal's grants of one role."""
        return [grant for grant in self.grants if grant.role is role]

    def has_role(self, role: Role) -> bool:
        """True when the principal holds `role` anywhere."""
        return any(grant.role is role for grant in self.grants)


ANONYMOUS = Principal()


class AuthenticationError(Exception):
    """A request whose credentials were presented but cannot be trusted (→ HTTP 401)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_DERIVED_ROLES = frozenset({Role.EMPLOYEE.value, Role.SUPERVISOR.value})


def _grants(roles: Any) -> frozenset[RoleGrant]:
    """Grants from the `roles` claim; unknown and derived roles are never granted by a token."""
    if not isinstance(roles, list):
        raise AuthenticationError("roles claim is not a list")
    grants: set[RoleGrant] = set()
    for entry in roles:
        if not isinstance(entry, Mapping):
            raise AuthenticationError("roles claim entry is not an object")
        name, unit = entry.get("role"), entry.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise AuthenticationError("role unit is not a string")
        if not isinstance(name, str) or name not in Role.__members__ or name in _DERIVED_ROLES:
            continue
        grants.add(RoleGrant(Role(name), unit))
    return frozenset(grants)


def _scopes(scopes: Any) -> frozenset[str]:
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise AuthenticationError("scopes claim is not a list of strings")
    return frozenset(scopes)


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """The principal a verified token's claims describe."""
    must_change = claims.get("pwd_change", False)
    if not isinstance(must_change, bool):
        raise AuthenticationError("pwd_change claim is not a boolean")
    return Principal(
        subject=str(claims["sub"]),
        kind=PrincipalKind(claims["kind"]),
        grants=_grants(claims.get("roles", [])),
        scopes=_scopes(claims.get("scopes", [])),
        session_id=str(claims["sid"]),
        token_id=str(claims["jti"]),
        must_change_password=must_change,
    )


def bearer_token(conn: HTTPConnection) -> str | None:
    """The bearer token of a request; None without an Authorization header."""
    values = conn.headers.getlist("authorization")
    if not values:
        return None
    match = _BEARER.fullmatch(values[0]) if len(values) == 1 else None
    if match is None:
        raise AuthenticationError("malformed Authorization header")
    return match.group(1)


async def _check_not_revoked(redis: Redis, claims: Mapping[str, Any]) -> None:
    keys = [REVOKED_SESSION_KEY.format(claims["sid"]), REVOKED_SUBJECT_KEY.format(claims["sub"])]
    try:
        session_revoked, revoked_before = await asyncio.wait_for(
            redis.mget(keys), REVOCATION_CHECK_TIMEOUT_SECONDS
        )
    except (RedisError, OSError, TimeoutError) as exc:
        # Without the revocation list we cannot tell a live token from a revoked one.
        logger.error("revocation check failed: %s", exc)
        raise AuthenticationError("authentication unavailable") from exc
    if session_revoked is not None:
        raise AuthenticationError("session revoked")
    if revoked_before is not None and _revoked_before(claims["iat"], revoked_before):
        raise AuthenticationError("subject revoked")


def _revoked_before(issued_at: float, stored: str | bytes) -> bool:
    try:
        threshold = float(stored)
    except ValueError:
        return True  # an unreadable revocation is still a revocation
    return issued_at < threshold


async def resolve_principal(
    conn: HTTPConnection,
    settings: Settings,
    *,
    verifier: TokenVerifier | None,
    redis: Redis | None,
) -> Principal:
    """The principal behind a request: ANONYMOUS without a token; AuthenticationError if bad."""
    del settings  # the verifier carries the token settings
    token = bearer_token(conn)
    if token is None:
        return ANONYMOUS
    if verifier is None or redis is None:
        raise AuthenticationError("authentication unavailable")
    try:
        claims = await verifier.verify(token)
    except InvalidTokenError as exc:
        raise AuthenticationError(exc.reason) from exc
    await _check_not_revoked(redis, claims)
    return principal_from_claims(claims)


async def revoke_session(redis: Redis, sid: str, *, ttl: int = REVOCATION_TTL_SECONDS) -> None:
    """Refuse every access token of a login session (logout, refresh-token reuse)."""
    await redis.set(REVOKED_SESSION_KEY.format(sid), "1", ex=ttl)


# Keeps the latest threshold: an earlier revocation arriving late must not shorten a later one.
_RAISE_THRESHOLD = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local wanted = tonumber(ARGV[1])
if wanted > current then current = wanted end
redis.call('SET', KEYS[1], tostring(current), 'EX', tonumber(ARGV[2]))
return current
"""


async def revoke_subject_before(
    redis: Redis, sub: str, when: datetime, *, ttl: int = REVOCATION_TTL_SECONDS
) -> None:
    """Refuse the subject's access tokens issued before `when` (whole seconds, like `iat`).

    A token issued in the same second as `when` survives, so the fresh token identity issues
    right after a password change (iat = that second) is accepted.
    """
    if when.tzinfo is None:
        raise ValueError("when must be timezone-aware")
    threshold = math.floor(when.timestamp())
    await redis.eval(_RAISE_THRESHOLD, 1, REVOKED_SUBJECT_KEY.format(sub), threshold, ttl)
