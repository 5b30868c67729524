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

from dataclasses import dataclass, field
from enum import StrEnum

from starlette.requests import HTTPConnection

from kinerja.settings import Settings


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
        return self.kind is PrincipalKind.EMPLOYEE and not self.must_change_password

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


async def resolve_principal(conn: HTTPConnection, settings: Settings) -> Principal:
    """The principal behind a request: ANONYMOUS without a token; AuthenticationError if bad."""
    del conn, settings
    return ANONYMOUS
