# mypy: disable-error-code="untyped-decorator"
# (strawberry.field with arguments is untyped to mypy; the resolvers themselves are typed)
"""GraphQL types of access: tokens, accounts, role grants, signing keys, the audit log, `me`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from kinerja.graphql import Error, Info
from services.identity.domain import GrantableRole, KeyStatus
from services.identity.schema.types import Employee, OrgUnit, load_unit
from services.identity.service.sessions import TokenPair
from services.identity.store import (
    AccountRow,
    AuditLogRow,
    RoleGrantRow,
    ServiceAccountRow,
    SigningKeyRow,
)

strawberry.enum(GrantableRole, description="A role an admin may grant (SUPERVISOR is derived).")
strawberry.enum(KeyStatus, description="ACTIVE signs; VERIFYING still verifies; RETIRED is gone.")


@strawberry.type(description="Tokens after a sign-in or refresh (service sign-in: no refresh).")
class TokenPayload:
    """An access token (JWT, EdDSA) and, for employees, a one-use refresh token."""

    access_token: str
    refresh_token: str | None
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    token_type: str
    must_change_password: bool

    @classmethod
    def from_pair(cls, pair: TokenPair) -> TokenPayload:
        """The GraphQL view of a token pair."""
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
            token_type="Bearer",  # noqa: S106 - the OAuth token type, not a secret
            must_change_password=pair.must_change_password,
        )


@strawberry.type(description="A sign-in, refresh or sign-out that was refused.")
class LoginFailed(Error):
    """One message for every wrong credential, so it never tells which logins exist."""


@strawberry.type(description="An employee's sign-in account (login = NIP).")
class Account:
    """Account state; never the password."""

    employee_id: strawberry.ID
    login: str
    active: bool
    has_password: bool
    must_change_password: bool

    @classmethod
    def from_row(cls, row: AccountRow) -> Account:
        """The GraphQL view of an account row."""
        return cls(
            employee_id=strawberry.ID(row.employee_id),
            login=row.login,
            active=row.active,
            has_password=row.password_hash is not None,
            must_change_password=row.must_change_password,
        )


@strawberry.type(description="A role granted over a unit subtree (no unit: everywhere).")
class RoleGrant:
    """A role grant; revoked ones carry when and why."""

    id: strawberry.ID
    employee_id: strawberry.ID
    role: GrantableRole
    unit_id: strawberry.ID | None
    reason: str
    granted_at: datetime
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: RoleGrantRow) -> RoleGrant:
        """The GraphQL view of a grant row."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            role=row.role,
            unit_id=None if row.unit_id is None else strawberry.ID(row.unit_id),
            reason=row.reason,
            granted_at=row.granted_at,
            revoked_at=row.revoked_at,
        )

    @strawberry.field(description="The unit whose subtree the grant covers.")
    async def unit(self, info: Info) -> OrgUnit | None:
        """The granted unit."""
        return None if self.unit_id is None else await load_unit(info, str(self.unit_id))


@strawberry.type(description="A machine client acting through its scopes.")
class ServiceAccount:
    """A service account (its secret is shown once, at creation)."""

    id: strawberry.ID
    client_id: str
    name: str
    scopes: list[str]
    active: bool

    @classmethod
    def from_row(cls, row: ServiceAccountRow) -> ServiceAccount:
        """The GraphQL view of a service-account row."""
        return cls(
            id=strawberry.ID(row.id),
            client_id=row.client_id,
            name=row.name,
            scopes=list(row.scopes),
            active=row.active,
        )


@strawberry.type(description="A token-signing key (public part only).")
class SigningKey:
    """A signing key's id, status and public JWK."""

    kid: str
    status: KeyStatus
    created_at: datetime
    retired_at: datetime | None
    public_jwk: JSON

    @classmethod
    def from_row(cls, row: SigningKeyRow) -> SigningKey:
        """The GraphQL view of a key row."""
        return cls(
            kid=row.kid,
            status=row.status,
            created_at=row.created_at,
            retired_at=row.retired_at,
            public_jwk=JSON(dict(row.public_jwk)),
        )


@strawberry.type(description="One recorded change: who, when, what, why, before and after.")
class AuditEntry:
    """An audit-log entry (secrets are never recorded)."""

    id: strawberry.ID
    at: datetime
    actor_id: str | None
    actor_kind: str
    action: str
    entity_type: str
    entity_id: str
    before: JSON | None
    after: JSON | None
    reason: str | None
    request_id: str | None

    @classmethod
    def from_row(cls, row: AuditLogRow) -> AuditEntry:
        """The GraphQL view of an audit row."""
        return cls(
            id=strawberry.ID(str(row.id)),
            at=row.at,
            actor_id=row.actor_id,
            actor_kind=row.actor_kind,
            action=row.action,
            entity_type=row.entity_type,
            entity_id=row.entity_id,
            before=None if row.before is None else JSON(row.before),
            after=None if row.after is None else JSON(row.after),
            reason=row.reason,
            request_id=row.request_id,
        )


@strawberry.type(description="The signed-in employee, their roles and pending password change.")
class Me:
    """What the caller's token stands for."""

    employee: Employee
    roles: list[RoleGrant]
    must_change_password: bool
