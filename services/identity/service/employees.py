"""Use cases of employees: create (with a validated, never reused NIP) and update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.identity import store
from services.identity.domain import (
    EASTERNMOST_TIME_ZONE,
    AsnType,
    EmployeeStatus,
    check_status,
    clean_text,
    local_date,
    normalize_golongan,
    parse_nip,
)
from services.identity.events import publish_employee
from services.identity.service.common import KEEP, Keep, flush_unique, found
from services.identity.store import AccountRow, EmployeeRow


@dataclass(frozen=True)
class NewEmployee:
    """Input of `create_employee`; the NIP may contain spaces."""

    nip: str
    name: str
    asn_type: AsnType
    status: EmployeeStatus
    golongan: str | None = None


@dataclass(frozen=True)
class EmployeeChanges:
    """Input of `update_employee`; None (KEEP for golongan) leaves a field as it is."""

    name: str | None = None
    asn_type: AsnType | None = None
    status: EmployeeStatus | None = None
    golongan: str | Keep | None = KEEP


async def create_employee(
    session: AsyncSession, new: NewEmployee, *, employee_id: str, now: datetime
) -> EmployeeRow:
    """Register an employee under a valid, unused NIP and publish them."""
    nip = parse_nip(new.nip, today=local_date(now, EASTERNMOST_TIME_ZONE))
    name = clean_text(new.name, field="name")
    status = check_status(new.status, asn_type=new.asn_type)
    golongan = normalize_golongan(new.golongan, asn_type=new.asn_type)
    if await store.get_employee_by_nip(session, nip.value) is not None:
        raise ConflictError(_nip_taken(nip.value))
    employee = EmployeeRow(
        id=employee_id,
        nip=nip.value,
        name=name,
        name_key=name.lower(),
        asn_type=new.asn_type,
        status=status,
        golongan=golongan,
        birth_date=nip.birth_date,
        appointment_date=nip.appointment_date,
        gender=nip.gender,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(employee)
    await flush_unique(session, conflict=_nip_taken(nip.value))
    session.add(_account_for(employee, now=now))
    await session.flush()
    publish_employee(session, employee)
    return employee


def _account_for(employee: EmployeeRow, *, now: datetime) -> AccountRow:
    # Every employee gets an account (login = NIP) without a password: it cannot sign in
    # until an admin sets one (resetPassword).
    return AccountRow(
        id=employee.id,
        employee_id=employee.id,
        login=employee.nip,
        password_hash=None,
        must_change_password=False,
        active=True,
        password_changed_at=None,
        version=1,
        created_at=now,
        updated_at=now,
    )


async def update_employee(
    session: AsyncSession, employee_id: str, changes: EmployeeChanges, *, now: datetime
) -> EmployeeRow:
    """Change an employee's name, ASN type, status or golongan (never the NIP) and publish."""
    name = None if changes.name is None else clean_text(changes.name, field="name")
    employee = found(
        await store.get_employee(session, employee_id), what="employee", id=employee_id
    )
    asn_type = changes.asn_type or employee.asn_type
    status = check_status(changes.status or employee.status, asn_type=asn_type)
    raw_golongan = employee.golongan if isinstance(changes.golongan, Keep) else changes.golongan
    golongan = normalize_golongan(raw_golongan, asn_type=asn_type)
    if name is not None:
        employee.name, employee.name_key = name, name.lower()
    employee.asn_type, employee.status, employee.golongan = asn_type, status, golongan
    if not session.is_modified(employee):
        return employee
    employee.touch(now)
    await session.flush()
    publish_employee(session, employee)
    return employee


def _nip_taken(nip: str) -> str:
    return f"an employee with NIP {nip} already exists (a NIP is never reused)"
