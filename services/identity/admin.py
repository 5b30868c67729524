"""Operator tasks run from the command line (`kinerja admin …`), outside any request.

`create_superuser` bootstraps the first SYSTEM_ADMIN: it creates the employee when the NIP is
new (validated like any NIP), sets the password and grants SYSTEM_ADMIN over the whole
organisation, all audited as the system in one transaction. It refuses a NIP that already is
a superuser, so running it twice changes nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.db import create_engine, create_session_factory
from kinerja.errors import ConflictError, ValidationError
from kinerja.settings import Settings
from services.identity import service, store
from services.identity.config import IdentityConfig
from services.identity.domain import (
    AsnType,
    EmployeeStatus,
    GrantableRole,
    check_new_password,
    normalize_nip,
)
from services.identity.service.audit import SYSTEM, record, snapshot
from services.identity.service.passwords import Hasher
from services.identity.store import EmployeeRow, RoleGrantRow

BOOTSTRAP_REASON = "bootstrap superuser (kinerja admin create-superuser)"


@dataclass(frozen=True)
class Superuser:
    """The outcome: who the superuser is and whether the employee was created."""

    employee_id: str
    nip: str
    created_employee: bool


async def _employee(
    session: AsyncSession, nip: str, name: str | None, *, now: datetime
) -> tuple[EmployeeRow, bool]:
    existing = await store.get_employee_by_nip(session, normalize_nip(nip))
    if existing is not None:
        return existing, False
    if not name or not name.strip():
        raise ValidationError("name", "a name is required to create a new employee")
    new = service.NewEmployee(nip, name, AsnType.PNS, EmployeeStatus.PNS)
    employee = await service.create_employee(session, new, employee_id=str(uuid.uuid4()), now=now)
    record(
        session,
        SYSTEM,
        "employee.create",
        entity=("Employee", employee.id),
        before=None,
        after=snapshot(employee),
        now=now,
    )
    return employee, True


async def _make_superuser(
    session: AsyncSession, employee: EmployeeRow, password_hash: str, *, now: datetime
) -> None:
    if employee.id in await store.list_superuser_ids(session):
        raise ConflictError(f"the employee with NIP {employee.nip} already is a superuser")
    account = await store.get_account_of_employee(session, employee.id)
    if account is None:
        raise ConflictError(f"the employee with NIP {employee.nip} has no account")
    before = snapshot(account)
    account.password_hash, account.active, account.must_change_password = password_hash, True, False
    account.password_changed_at = now
    account.touch(now)
    record(
        session,
        SYSTEM,
        "account.set_password",
        entity=("Account", account.id),
        before=before,
        after=snapshot(account),
        now=now,
    )
    _grant_system_admin(session, employee, now=now)
    await session.flush()


def _grant_system_admin(session: AsyncSession, employee: EmployeeRow, *, now: datetime) -> None:
    grant = RoleGrantRow(
        id=str(uuid.uuid4()),
        employee_id=employee.id,
        role=GrantableRole.SYSTEM_ADMIN,
        unit_id=None,
        reason=BOOTSTRAP_REASON,
        granted_at=now,
        granted_by=None,
        revoked_at=None,
        revoked_by=None,
        revoke_reason=None,
    )
    session.add(grant)
    record(
        session,
        SYSTEM,
        "role.grant",
        entity=("RoleGrant", grant.id),
        before=None,
        after=snapshot(grant),
        now=now,
        reason=BOOTSTRAP_REASON,
    )


async def create_superuser(
    database_url: str,
    *,
    nip: str,
    name: str | None,
    password: str,
    config: IdentityConfig | None = None,
    now: datetime | None = None,
) -> Superuser:
    """Bootstrap a SYSTEM_ADMIN (see the module docstring); raises KinerjaError/ValueError."""
    config = config or IdentityConfig()
    check_new_password(password, config.password_policy(), field="password")
    when = now or datetime.now(UTC)
    hasher = Hasher(config.hash_parameters(), on_check=lambda: None)
    password_hash = await hasher.hash(password)
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            employee, created = await _employee(session, nip, name, now=when)
            await _make_superuser(session, employee, password_hash, now=when)
    finally:
        await engine.dispose()
    return Superuser(employee.id, employee.nip, created)


def run_create_superuser(
    settings: Settings, *, nip: str, name: str | None, password: str
) -> Superuser:
    """`create_superuser` on identity's configured database, from synchronous code (the CLI)."""
    url = settings.database_url("identity")
    return asyncio.run(create_superuser(url, nip=nip, name=name, password=password))
