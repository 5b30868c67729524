"""Plain factories: an organisation in the directory replica (applied as identity's events) and
SKPs made through the real use cases."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from services.targets import service
from services.targets.domain import Direction, IndicatorSpec, MonthlyTarget, Regime, RhkKind
from services.targets.store import IndicatorRow, RhkRow, SkpRow
from tests.targets.conftest import NOW

YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)
_numbers = itertools.count(1)


def _event(event_type: str, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(type=event_type, source="kinerja/identity", data=data)


@dataclass(frozen=True)
class Org:
    """A directorate general (dg) ⊃ directorate (dir) ⊃ subdirectorate (sub); another root unit.

    dg_head heads the top unit (no superior); director heads dir (superior dg_head);
    sub_head heads sub (superior director); staff and peer work in sub under sub_head;
    outsider heads an unrelated root unit.
    """

    dg: str
    dir: str
    sub: str
    other: str
    dg_head: str
    director: str
    sub_head: str
    staff: str
    peer: str
    outsider: str
    positions: dict[str, str]
    assignments: dict[str, str]


async def add_unit(session: AsyncSession, unit_id: str, path: list[str]) -> None:
    """An org unit in the replica."""
    data = {
        "id": unit_id,
        "code": unit_id.upper()[:10],
        "name": f"Unit {unit_id}",
        "type": "DIRECTORATE",
        "parent_id": path[-2] if len(path) > 1 else None,
        "path": path,
        "time_zone": "Asia/Jakarta",
        "active": True,
        "version": 1,
    }
    await replica.apply_unit_upserted(session, _event(replica.UNIT_UPSERTED, data))


async def add_position(
    session: AsyncSession, position_id: str, unit_id: str, reports_to: str | None
) -> None:
    """A position in the replica."""
    data = {
        "id": position_id,
        "unit_id": unit_id,
        "title": f"Jabatan {position_id}",
        "job_type": "PELAKSANA",
        "kelas_jabatan": 9,
        "reports_to_id": reports_to,
        "active": True,
        "version": 1,
    }
    await replica.apply_position_upserted(session, _event(replica.POSITION_UPSERTED, data))


async def add_employee(session: AsyncSession, employee_id: str) -> None:
    """An employee in the replica with a fresh NIP."""
    n = next(_numbers)
    data = {
        "id": employee_id,
        "nip": f"198001012005011{n % 999 + 1:03d}",
        "name": f"Pegawai {n}",
        "asn_type": "PNS",
        "status": "PNS",
        "version": 1,
    }
    await replica.apply_employee_upserted(session, _event(replica.EMPLOYEE_UPSERTED, data))


async def assign(
    session: AsyncSession,
    employee_id: str,
    position_id: str,
    *,
    start: date = date(2024, 1, 1),
    end: date | None = None,
) -> str:
    """A definitive assignment in the replica; returns its id."""
    assignment_id = str(uuid.uuid4())
    data = {
        "id": assignment_id,
        "employee_id": employee_id,
        "position_id": position_id,
        "kind": "DEFINITIVE",
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else None,
        "deleted": False,
        "version": 1,
    }
    await replica.apply_assignment_changed(session, _event(replica.ASSIGNMENT_CHANGED, data))
    return assignment_id


async def seed_org(session: AsyncSession) -> Org:
    """The organisation of `Org`, in the directory replica."""
    skip = {"positions", "assignments"}
    ids = {name: str(uuid.uuid4()) for name in Org.__dataclass_fields__ if name not in skip}
    await add_unit(session, ids["dg"], [ids["dg"]])
    await add_unit(session, ids["dir"], [ids["dg"], ids["dir"]])
    await add_unit(session, ids["sub"], [ids["dg"], ids["dir"], ids["sub"]])
    await add_unit(session, ids["other"], [ids["other"]])
    layout = {  # position: (unit, reports to)
        "dg_head": ("dg", None),
        "director": ("dir", "dg_head"),
        "sub_head": ("sub", "director"),
        "staff": ("sub", "sub_head"),
        "peer": ("sub", "sub_head"),
        "outsider": ("other", None),
    }
    positions = {name: f"p-{name}-{uuid.uuid4().hex[:8]}" for name in layout}
    assignments: dict[str, str] = {}
    for name, (unit, above) in layout.items():
        reports_to = positions[above] if above else None
        await add_position(session, positions[name], ids[unit], reports_to)
        await add_employee(session, ids[name])
        assignments[name] = await assign(session, ids[name], positions[name])
    return Org(**ids, positions=positions, assignments=assignments)


async def end_assignment(session: AsyncSession, org: Org, name: str, *, end: date) -> None:
    """End one of the organisation's assignments (identity's next version of it)."""
    data = {
        "id": org.assignments[name],
        "employee_id": getattr(org, name),
        "position_id": org.positions[name],
        "kind": "DEFINITIVE",
        "start_date": "2024-01-01",
        "end_date": end.isoformat(),
        "deleted": False,
        "version": 2,
    }
    await replica.apply_assignment_changed(session, _event(replica.ASSIGNMENT_CHANGED, data))


async def create_skp(session: AsyncSession, employee_id: str, **overrides: Any) -> SkpRow:
    """A draft SKP for 2025 (PermenPANRB 6/2022 unless overridden)."""
    fields: dict[str, Any] = {
        "employee_id": employee_id,
        "period_start": YEAR_START,
        "period_end": YEAR_END,
        "regime": Regime.PERMENPANRB_6_2022,
    }
    fields.update(overrides)
    new = service.NewSkp(**fields)
    return await service.create_skp(session, new, skp_id=str(uuid.uuid4()), now=NOW)


async def add_rhk(session: AsyncSession, skp: SkpRow, **overrides: Any) -> RhkRow:
    """An RHK utama in a draft SKP."""
    fields: dict[str, Any] = {"kind": RhkKind.UTAMA, "title": f"RHK {next(_numbers)}"}
    fields.update(overrides)
    return await service.add_rhk(
        session, skp.id, service.RhkInput(**fields), rhk_id=str(uuid.uuid4()), now=NOW
    )


def quarterly(total: int, year: int = 2025) -> tuple[MonthlyTarget, ...]:
    """`total` split over March, June, September and December."""
    part = Decimal(total) / 4
    return tuple(MonthlyTarget(date(year, m, 1), part) for m in (3, 6, 9, 12))


async def add_indicator(session: AsyncSession, rhk: RhkRow, **overrides: Any) -> IndicatorRow:
    """An additive indicator with a target of 12 documents split over the quarters."""
    fields: dict[str, Any] = {
        "name": f"Dokumen {next(_numbers)}",
        "target_value": Decimal(12),
        "unit": "dokumen",
        "direction": Direction.HIGHER_IS_BETTER,
        "additive": True,
        "monthly_targets": quarterly(12),
    }
    fields.update(overrides)
    return await service.add_indicator(
        session, rhk.id, IndicatorSpec(**fields), indicator_id=str(uuid.uuid4()), now=NOW
    )


async def approved_skp(
    session: AsyncSession, employee_id: str, approver_id: str | None, **rhk: Any
) -> SkpRow:
    """An SKP with one RHK and one indicator, submitted and (when an approver is given) approved."""
    skp = await create_skp(session, employee_id)
    item = await add_rhk(session, skp, **rhk)
    await add_indicator(session, item)
    await service.submit_skp(session, skp.id, now=NOW)
    if approver_id is not None:
        await service.approve_skp(session, skp.id, approver_id=approver_id, now=NOW)
    return skp


async def count_rows(session: AsyncSession, model: type[Any]) -> int:
    """How many rows a table has."""
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def outbox_count(session: AsyncSession) -> int:
    """How many events wait in the outbox."""
    return await count_rows(session, OutboxRow)


def later(days: int) -> datetime:
    """NOW plus some days."""
    return NOW + timedelta(days=days)
