# mypy: disable-error-code="untyped-decorator"
# (strawberry.mutation with arguments is untyped to mypy; the resolvers themselves are typed)
"""Administering access: passwords, accounts, role grants, signing keys, service accounts.

Account changes need `can_change(…, area=ACCESS)` on the employee; roles `can_grant` (never
one's own); keys and service accounts SYSTEM_ADMIN. Refused looks exactly like missing.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from kinerja.auth import Role
from kinerja.errors import NotFoundError
from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from kinerja.policy import EmployeeRef, can_grant, can_manage_account
from services.identity.domain import GrantableRole
from services.identity.schema import guard
from services.identity.schema.access_types import Account, RoleGrant, ServiceAccount, SigningKey
from services.identity.service import accounts, keys, roles


@strawberry.input(description="The employee whose account is meant.")
class AccountInput:
    """Input of resetPassword, deactivateAccount, activateAccount and unlockAccount."""

    employee_id: strawberry.ID


@strawberry.input(description="A role to grant; without unitId it covers the whole organisation.")
class GrantRoleInput:
    """Input of grantRole."""

    employee_id: strawberry.ID
    role: GrantableRole
    unit_id: strawberry.ID | None = None
    reason: str


@strawberry.input(description="The grant to revoke and why.")
class RevokeRoleInput:
    """Input of revokeRole."""

    grant_id: strawberry.ID
    reason: str


@strawberry.input(description="The rotated-out key to retire.")
class RetireSigningKeyInput:
    """Input of retireSigningKey."""

    kid: str


@strawberry.input(description="A new service account and the scopes it acts through.")
class CreateServiceAccountInput:
    """Input of createServiceAccount."""

    name: str
    scopes: list[str]


@strawberry.type(description="A one-time password; the account must change it at first use.")
class ResetPasswordPayload:
    """Reset outcome: hand the temporary password to the employee."""

    account: Account
    temporary_password: str


@strawberry.type(description="The account as it is after the change.")
class AccountPayload:
    """Account outcome."""

    account: Account
    locked: bool


@strawberry.type(description="The grant as it is after the change.")
class RoleGrantPayload:
    """Grant outcome."""

    grant: RoleGrant


@strawberry.type(description="The key as it is after the change.")
class SigningKeyPayload:
    """Key outcome."""

    key: SigningKey


@strawberry.type(description="The new service account and its secret (shown only now).")
class ServiceAccountPayload:
    """Service-account outcome."""

    service_account: ServiceAccount
    client_secret: str


AccountResult = Annotated[AccountPayload | NotFound, strawberry.union("AccountResult")]
ResetPasswordResult = Annotated[
    ResetPasswordPayload | NotFound, strawberry.union("ResetPasswordResult")
]
RoleResult = Annotated[
    RoleGrantPayload | ValidationFailed | NotFound | Conflict, strawberry.union("RoleResult")
]
SigningKeyResult = Annotated[
    SigningKeyPayload | NotFound | Conflict, strawberry.union("SigningKeyResult")
]
ServiceAccountResult = Annotated[
    ServiceAccountPayload | ValidationFailed | NotFound, strawberry.union("ServiceAccountResult")
]


async def _require_access(info: Info, employee_id: str) -> None:
    async with info.context.read() as session:
        held = await accounts.granted_roles(session, employee_id)
    allowed = await can_manage_account(
        info.context.principal,
        EmployeeRef(employee_id),
        guard.today(info),
        guard.directory(info),
        target_roles=held,
    )
    if not allowed:
        raise NotFoundError("employee", employee_id)


def _require_admin(info: Info, what: str, id: str) -> None:
    if not guard.holds(info, Role.SYSTEM_ADMIN):
        raise NotFoundError(what, id)


async def _account_payload(info: Info, employee_id: str, *, active: bool | None) -> AccountPayload:
    deps, now = guard.access(info), info.context.now()
    async with info.context.transaction() as session:
        if active is None:
            row = await accounts.unlock_account(
                session, deps, employee_id, guard.actor(info), now=now
            )
        else:
            row = await accounts.set_account_active(
                session, deps, employee_id, guard.actor(info), active=active, now=now
            )
    return AccountPayload(
        account=Account.from_row(row), locked=await accounts.account_locked(deps, row)
    )


@strawberry.type
class AccessMutation:
    """Identity's access-administration mutations."""

    @strawberry.mutation(description="Give an account a one-time password (forces a change).")
    @mutation_errors
    async def reset_password(self, info: Info, input: AccountInput) -> ResetPasswordResult:
        """Reset a password; the account's sessions end."""
        employee_id = str(input.employee_id)
        await _require_access(info, employee_id)
        async with info.context.transaction() as session:
            temporary = await accounts.reset_password(
                session, guard.access(info), employee_id, guard.actor(info), now=info.context.now()
            )
            row = await accounts.load_account(session, employee_id)
        return ResetPasswordPayload(account=Account.from_row(row), temporary_password=temporary)

    @strawberry.mutation(description="Stop an account signing in; every session ends at once.")
    @mutation_errors
    async def deactivate_account(self, info: Info, input: AccountInput) -> AccountResult:
        """Deactivate an account."""
        await _require_access(info, str(input.employee_id))
        return await _account_payload(info, str(input.employee_id), active=False)

    @strawberry.mutation(description="Let a deactivated account sign in again.")
    @mutation_errors
    async def activate_account(self, info: Info, input: AccountInput) -> AccountResult:
        """Activate an account."""
        await _require_access(info, str(input.employee_id))
        return await _account_payload(info, str(input.employee_id), active=True)

    @strawberry.mutation(description="Clear an account's sign-in lockout.")
    @mutation_errors
    async def unlock_account(self, info: Info, input: AccountInput) -> AccountResult:
        """Unlock an account."""
        await _require_access(info, str(input.employee_id))
        return await _account_payload(info, str(input.employee_id), active=None)

    @strawberry.mutation(description="Grant a role over a unit subtree (SYSTEM_ADMIN; not self).")
    @mutation_errors
    async def grant_role(self, info: Info, input: GrantRoleInput) -> RoleResult:
        """Grant a role."""
        employee_id = str(input.employee_id)
        if not can_grant(info.context.principal, employee_id):
            raise NotFoundError("employee", employee_id)
        unit = None if input.unit_id is None else str(input.unit_id)
        new = roles.NewGrant(employee_id, input.role, unit, input.reason)
        async with info.context.transaction() as session:
            row = await roles.grant_role(
                session,
                guard.access(info),
                new,
                guard.actor(info),
                grant_id=str(uuid.uuid4()),
                now=info.context.now(),
            )
        return RoleGrantPayload(grant=RoleGrant.from_row(row))

    @strawberry.mutation(description="Revoke a role grant (SYSTEM_ADMIN; not one's own).")
    @mutation_errors
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RoleResult:
        """Revoke a role."""
        grant_id = str(input.grant_id)
        async with info.context.transaction() as session:
            grant = await roles.load_grant(session, grant_id)
            if not can_grant(info.context.principal, grant.employee_id):
                raise NotFoundError("role grant", grant_id)
            row = await roles.revoke_role(
                session,
                guard.access(info),
                grant_id,
                input.reason,
                guard.actor(info),
                now=info.context.now(),
            )
        return RoleGrantPayload(grant=RoleGrant.from_row(row))

    @strawberry.mutation(description="Sign with a new key; the old one keeps verifying.")
    @mutation_errors
    async def rotate_signing_key(self, info: Info) -> SigningKeyResult:
        """Rotate the signing key (SYSTEM_ADMIN)."""
        _require_admin(info, "signing key", "active")
        async with info.context.transaction() as session:
            row = await keys.rotate_key(session, guard.actor(info), now=info.context.now())
        return SigningKeyPayload(key=SigningKey.from_row(row))

    @strawberry.mutation(description="Retire a rotated-out key: its tokens stop verifying.")
    @mutation_errors
    async def retire_signing_key(
        self, info: Info, input: RetireSigningKeyInput
    ) -> SigningKeyResult:
        """Retire a signing key (SYSTEM_ADMIN)."""
        _require_admin(info, "signing key", input.kid)
        async with info.context.transaction() as session:
            row = await keys.retire_key(
                session, input.kid, guard.actor(info), now=info.context.now()
            )
        return SigningKeyPayload(key=SigningKey.from_row(row))

    @strawberry.mutation(description="Create a service account; its secret is shown only now.")
    @mutation_errors
    async def create_service_account(
        self, info: Info, input: CreateServiceAccountInput
    ) -> ServiceAccountResult:
        """Create a service account (SYSTEM_ADMIN)."""
        _require_admin(info, "service account", "new")
        new = accounts.NewServiceAccount(input.name, input.scopes)
        async with info.context.transaction() as session:
            row, secret = await accounts.create_service_account(
                session, guard.access(info), new, guard.actor(info), now=info.context.now()
            )
        return ServiceAccountPayload(
            service_account=ServiceAccount.from_row(row), client_secret=secret
        )
