"""Plain factory functions: real rows through the real use cases, with overridable defaults."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events.tables import OutboxRow
from services.identity import service
from services.identity.domain import AsnType, AssignmentKind, EmployeeStatus, JobType, OrgUnitType
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow
from tests.identity.conftest import NOW

_numbers = itertools.count(1)


async def create_unit(session: AsyncSession, **overrides: Any) -> OrgUnitRow:
    """A unit (a root Asia/Jakarta directorate unless overridden)."""
    n = next(_numbers)
    fields: dict[str, Any] = {
        "code": f"U{n:03d}",
        "name": f"Unit {n}",
        "type": OrgUnitType.DIRECTORATE,
        "time_zone": "Asia/Jakarta",
        "parent_id": None,
    }
    fields.update(overrides)
    unit_id = fields.pop("id", None) or str(uuid.uuid4())
    return await service.create_unit(session, service.NewUnit(**fields), unit_id=unit_id, now=NOW)


async def create_position(session: AsyncSession, unit: OrgUnitRow, **overrides: Any) -> PositionRow:
    """A position in `unit` (a pelaksana, kelas 7, reporting to nobody unless overridden)."""
    n = next(_numbers)
    fields: dict[str, Any] = {
        "unit_id": unit.id,
        "title": f"Position {n}",
        "job_type": JobType.PELAKSANA,
        "kelas_jabatan": 7,
        "reports_to_id": None,
    }
    fields.update(overrides)
    return await service.create_position(
        session, service.NewPosition(**fields), position_id=str(uuid.uuid4()), now=NOW
    )


def make_nip(n: int, *, birth: str = "19800101", appointed: str = "200501", gender: int = 1) -> str:
    """A valid NIP whose sequence number is `n` (1–999)."""
    return f"{birth}{appointed}{gender}{n:03d}"


async def create_employee(session: AsyncSession, **overrides: Any) -> EmployeeRow:
    """A PNS employee with a fresh valid NIP unless overridden."""
    n = next(_numbers)
    fields: dict[str, Any] = {
        "nip": make_nip(n % 999 + 1, birth=f"19{70 + n // 999 % 20}0101"),
        "name": f"Pegawai {n}",
        "asn_type": AsnType.PNS,
        "status": EmployeeStatus.PNS,
        "golongan": "III/a",
    }
    fields.update(overrides)
    return await service.create_employee(
        session, service.NewEmployee(**fields), employee_id=str(uuid.uuid4()), now=NOW
    )


async def assign(
    session: AsyncSession,
    employee: EmployeeRow,
    position: PositionRow,
    *,
    kind: AssignmentKind = AssignmentKind.DEFINITIVE,
    start: date = date(2025, 1, 1),
    end: date | None = None,
) -> AssignmentRow:
    """Assign `employee` to `position`."""
    new = service.NewAssignment(employee.id, position.id, kind, start, end)
    return await service.assign_employee(session, new, assignment_id=str(uuid.uuid4()), now=NOW)


async def count_rows(session: AsyncSession, model: type[Any]) -> int:
    """How many rows a table holds."""
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def outbox_count(session: AsyncSession) -> int:
    """How many events are in the outbox."""
    return await count_rows(session, OutboxRow)
