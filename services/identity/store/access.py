"""Access tables: accounts, service accounts, role grants, refresh tokens, signing keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import UtcDateTime, enum_column, is_postgres
from services.identity.domain import GrantableRole, KeyStatus, RefreshStatus
from services.identity.store.base import Base, Versioned


class AccountRow(Versioned, Base):
    """An employee's sign-in account: login = NIP; no password until an admin sets one."""

    __tablename__ = "account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), unique=True)
    login: Mapped[str] = mapped_column(String(18), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean)
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ServiceAccountRow(Versioned, Base):
    """A machine client (HR integration…): client id + secret, acting through its scopes."""

    __tablename__ = "service_account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean)


class RoleGrantRow(Base):
    """A role granted to an employee over a unit subtree (None: everywhere) until revoked."""

    __tablename__ = "role_grant"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), index=True)
    role: Mapped[GrantableRole] = mapped_column(enum_column(GrantableRole))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    reason: Mapped[str] = mapped_column(String(500))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    granted_by: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(36))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))


class RefreshTokenRow(Base):
    """A refresh token, stored as its SHA-256; `family_id` is the session id (`sid`)."""

    __tablename__ = "refresh_token"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id"), index=True)
    status: Mapped[RefreshStatus] = mapped_column(enum_column(RefreshStatus))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SigningKeyRow(Base):
    """An Ed25519 token-signing key: one ACTIVE; VERIFYING still in JWKS; RETIRED gone."""

    __tablename__ = "signing_key"
    __table_args__ = (Index("ix_signing_key_status", "status"),)

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, str]] = mapped_column(JSON)
    status: Mapped[KeyStatus] = mapped_column(enum_column(KeyStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# --- accounts --------------------------------------------------------------------------------


async def get_account_of_employee(session: AsyncSession, employee_id: str) -> AccountRow | None:
    """The account of an employee."""
    stmt = select(AccountRow).where(AccountRow.employee_id == employee_id)
    return await session.scalar(stmt)


async def get_account_by_login(session: AsyncSession, login: str) -> AccountRow | None:
    """The account whose login (NIP) is `login`."""
    return await session.scalar(select(AccountRow).where(AccountRow.login == login))


async def get_account(session: AsyncSession, account_id: str) -> AccountRow | None:
    """An account by id."""
    return await session.get(AccountRow, account_id)


async def get_service_account_by_client(
    session: AsyncSession, client_id: str
) -> ServiceAccountRow | None:
    """A service account by its client id."""
    stmt = select(ServiceAccountRow).where(ServiceAccountRow.client_id == client_id)
    return await session.scalar(stmt)


# --- role grants -----------------------------------------------------------------------------


async def list_active_grants(session: AsyncSession, employee_id: str) -> list[RoleGrantRow]:
    """The employee's grants not revoked, oldest first."""
    stmt = select(RoleGrantRow).where(
        RoleGrantRow.employee_id == employee_id, RoleGrantRow.revoked_at.is_(None)
    )
    return list(await session.scalars(stmt.order_by(RoleGrantRow.granted_at, RoleGrantRow.id)))


async def get_grant(session: AsyncSession, grant_id: str) -> RoleGrantRow | None:
    """A role grant by id."""
    return await session.get(RoleGrantRow, grant_id)


async def list_superuser_ids(session: AsyncSession) -> list[str]:
    """Employees holding an active SYSTEM_ADMIN grant."""
    stmt = select(RoleGrantRow.employee_id).where(
        RoleGrantRow.role == GrantableRole.SYSTEM_ADMIN, RoleGrantRow.revoked_at.is_(None)
    )
    return list(await session.scalars(stmt))


# --- refresh tokens --------------------------------------------------------------------------


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshTokenRow | None:
    """A refresh token by its hash."""
    stmt = select(RefreshTokenRow).where(RefreshTokenRow.token_hash == token_hash)
    return await session.scalar(stmt)


async def mark_rotated(session: AsyncSession, token_id: str, *, now: datetime) -> bool:
    """Atomically move an ACTIVE token to ROTATED; False when someone else got there first."""
    stmt = (
        update(RefreshTokenRow)
        .where(RefreshTokenRow.id == token_id, RefreshTokenRow.status == RefreshStatus.ACTIVE)
        .values(status=RefreshStatus.ROTATED, used_at=now)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


async def revoke_families(session: AsyncSession, family_ids: Sequence[str]) -> None:
    """Revoke every token of the given families."""
    if not family_ids:
        return
    stmt = (
        update(RefreshTokenRow)
        .where(
            RefreshTokenRow.family_id.in_(family_ids),
            RefreshTokenRow.status != RefreshStatus.REVOKED,
        )
        .values(status=RefreshStatus.REVOKED)
        .execution_options(synchronize_session=False)
    )
    await session.execute(stmt)


async def list_live_families(session: AsyncSession, account_id: str) -> list[str]:
    """Session ids of the account that still have an ACTIVE refresh token."""
    stmt = select(RefreshTokenRow.family_id).where(
        RefreshTokenRow.account_id == account_id,
        RefreshTokenRow.status == RefreshStatus.ACTIVE,
    )
    return sorted(set(await session.scalars(stmt)))


# --- signing keys ----------------------------------------------------------------------------

# Any fixed 64-bit number: the advisory lock that makes key generation and rotation one at a time.
_KEY_LOCK = 4101_0002


async def serialize_key_changes(session: AsyncSession) -> None:
    """Make replicas generate or rotate signing keys one at a time (SQLite already does)."""
    if is_postgres(session):
        await session.execute(select(func.pg_advisory_xact_lock(_KEY_LOCK)))


async def list_keys(session: AsyncSession, statuses: Sequence[KeyStatus]) -> list[SigningKeyRow]:
    """Signing keys in the given statuses, newest first."""
    stmt = select(SigningKeyRow).where(SigningKeyRow.status.in_(list(statuses)))
    return list(
        await session.scalars(stmt.order_by(SigningKeyRow.created_at.desc(), SigningKeyRow.kid))
    )


async def get_key(session: AsyncSession, kid: str) -> SigningKeyRow | None:
    """A signing key by kid."""
    return await session.get(SigningKeyRow, kid)
