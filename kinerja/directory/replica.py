"""The employee directory replica: identity's events applied to local tables, and its queries.

Event contract (identity publishes these; CloudEvents `type` == NATS subject; `data` fields):

- `identity.unit.upserted.v1`: {id, code, name, type, parent_id|null,
  path: [root id, …, own id], time_zone, active, version: int, updated_at}
- `identity.position.upserted.v1`: {id, unit_id, title, job_type, kelas_jabatan,
  reports_to_id|null, active, version, updated_at}
- `identity.employee.upserted.v1`: {id, nip, name, asn_type, status, golongan|null,
  version, updated_at}
- `identity.assignment.changed.v1`: {id, employee_id, position_id,
  kind: "DEFINITIVE"|"PLT"|"PLH", start_date: "YYYY-MM-DD", end_date|null, deleted: bool,
  version, updated_at}

Every event carries the whole entity (a snapshot, not a diff). The replica upserts by id and keeps
the highest `version` it has seen, so redelivered and out-of-order events are harmless; fields it
does not know are ignored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from nats.js import JetStreamContext
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import is_postgres
from kinerja.directory.rules import AssignmentKind, Holding, pick_holder, primary_holding
from kinerja.directory.tables import (
    DirectoryAssignment,
    DirectoryBase,
    DirectoryEmployee,
    DirectoryPosition,
    DirectoryUnit,
)
from kinerja.events.consumer import Consumer, Handler
from kinerja.events.envelope import CloudEvent

logger = logging.getLogger(__name__)

IDENTITY_STREAM = "IDENTITY"
UNIT_UPSERTED = "identity.unit.upserted.v1"
POSITION_UPSERTED = "identity.position.upserted.v1"
EMPLOYEE_UPSERTED = "identity.employee.upserted.v1"
ASSIGNMENT_CHANGED = "identity.assignment.changed.v1"

_KINDS = [kind.value for kind in AssignmentKind]


# --- applying events -------------------------------------------------------------------------


async def _upsert(
    session: AsyncSession, model: type[DirectoryBase], values: dict[str, Any]
) -> None:
    # One atomic statement, so concurrent replicas cannot interleave a read and a write.
    table = cast(Table, model.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = insert(table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: statement.excluded[name] for name in values if name != "id"},
        where=table.c.version <= statement.excluded.version,
    )
    await session.execute(statement)


def _parse_datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _parse_date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _versioning(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": int(data.get("version") or 0),
        "updated_at": _parse_datetime(data.get("updated_at")),
    }


async def apply_unit_upserted(session: AsyncSession, event: CloudEvent) -> None:
    """Upsert an org unit."""
    data = event.data
    path = data.get("path") or [data["id"]]
    values = {
        "id": data["id"],
        "code": data["code"],
        "name": data["name"],
        "type": data["type"],
        "parent_id": data.get("parent_id"),
        "path": json.dumps([str(unit_id) for unit_id in path]),
        "time_zone": data["time_zone"],
        "active": bool(data.get("active", True)),
    }
    await _upsert(session, DirectoryUnit, values | _versioning(data))


async def apply_position_upserted(session: AsyncSession, event: CloudEvent) -> None:
    """Upsert a position."""
    data = event.data
    values = {
        "id": data["id"],
        "unit_id": data["unit_id"],
        "title": data["title"],
        "job_type": data["job_type"],
        "kelas_jabatan": int(data["kelas_jabatan"]),
        "reports_to_id": data.get("reports_to_id"),
        "active": bool(data.get("active", True)),
    }
    await _upsert(session, DirectoryPosition, values | _versioning(data))


async def apply_employee_upserted(session: AsyncSession, event: CloudEvent) -> None:
    """Upsert an employee."""
    data = event.data
    values = {
        "id": data["id"],
        "nip": data["nip"],
        "name": data["name"],
        "asn_type": data["asn_type"],
        "status": data["status"],
        "golongan": data.get("golongan"),
    }
    await _upsert(session, DirectoryEmployee, values | _versioning(data))


async def apply_assignment_changed(session: AsyncSession, event: CloudEvent) -> None:
    """Upsert an assignment; a deleted one stays, flagged, so no older version revives it."""
    data = event.data
    values = {
        "id": data["id"],
        "employee_id": data["employee_id"],
        "position_id": data["position_id"],
        "kind": data["kind"],
        "start_date": _parse_date(data["start_date"]),
        "end_date": _parse_date(data.get("end_date")),
        "deleted": bool(data.get("deleted", False)),
    }
    await _upsert(session, DirectoryAssignment, values | _versioning(data))


DIRECTORY_HANDLERS: dict[str, Handler] = {
    UNIT_UPSERTED: apply_unit_upserted,
    POSITION_UPSERTED: apply_position_upserted,
    EMPLOYEE_UPSERTED: apply_employee_upserted,
    ASSIGNMENT_CHANGED: apply_assignment_changed,
}


def directory_consumer(
    *,
    service: str,
    session_factory: async_sessionmaker[AsyncSession],
    js: JetStreamContext,
    **kw: Any,
) -> Consumer:
    """The consumer that keeps `service`'s directory replica in step with identity."""
    return Consumer(
        service=service,
        stream=IDENTITY_STREAM,
        handlers=DIRECTORY_HANDLERS,
        session_factory=session_factory,
        js=js,
        **kw,
    )


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    """What every service needs to know about an employee on a given day."""

    id: str
    nip: str
    name: str
    status: str
    unit_id: str | None
    unit_path: tuple[str, ...]
    time_zone: str | None
    position_id: str | None
    kelas_jabatan: int | None
    job_type: str | None
    supervisor_id: str | None


async def get_employee(session: AsyncSession, employee_id: str) -> DirectoryEmployee | None:
    """An employee by id, or None when the replica has not seen them."""
    return await session.get(DirectoryEmployee, employee_id)


async def get_unit(session: AsyncSession, unit_id: str) -> DirectoryUnit | None:
    """An org unit by id, or None when the replica has not seen it."""
    return await session.get(DirectoryUnit, unit_id)


async def get_position(session: AsyncSession, position_id: str) -> DirectoryPosition | None:
    """A position by id, or None when the replica has not seen it."""
    return await session.get(DirectoryPosition, position_id)


async def unit_path(session: AsyncSession, unit_id: str) -> list[str]:
    """Ids from the root unit down to `unit_id` (empty for an unknown unit)."""
    # Walk parent links so a moved ancestor moves its subtree without an event per descendant.
    chain: list[str] = []
    current = await get_unit(session, unit_id)
    while current is not None:
        if current.id in chain:
            logger.error("directory unit cycle at %s; using the published path", current.id)
            return [str(u) for u in json.loads(current.path)]
        chain.append(current.id)
        if current.parent_id is None:
            return chain[::-1]
        parent = await get_unit(session, current.parent_id)
        if parent is None:
            # The parent has not arrived yet: trust the path identity published for this unit.
            published = [str(u) for u in json.loads(current.path)]
            return published[:-1] + chain[::-1]
        current = parent
    return chain[::-1]


async def is_in_subtree(session: AsyncSession, unit_id: str, root_unit_id: str) -> bool:
    """True when `unit_id` is `root_unit_id` or one of its descendants."""
    return root_unit_id in await unit_path(session, unit_id)


def _holding(row: DirectoryAssignment) -> Holding:
    return Holding(
        employee_id=row.employee_id,
        position_id=row.position_id,
        kind=AssignmentKind(row.kind),
        start=row.start_date,
        end=row.end_date,
    )


async def _holdings(
    session: AsyncSession, *, employee_id: str | None = None, position_ids: Iterable[str] = ()
) -> list[Holding]:
    query = select(DirectoryAssignment).where(
        DirectoryAssignment.deleted.is_(False), DirectoryAssignment.kind.in_(_KINDS)
    )
    if employee_id is not None:
        query = query.where(DirectoryAssignment.employee_id == employee_id)
    else:
        query = query.where(DirectoryAssignment.position_id.in_(list(position_ids)))
    return [_holding(row) for row in (await session.scalars(query)).all()]


async def holdings_of(session: AsyncSession, employee_id: str) -> list[Holding]:
    """Every assignment of the employee (all dates), for `position_of` on many days."""
    return await _holdings(session, employee_id=employee_id)


async def position_of(
    session: AsyncSession, employee_id: str, day: date, holdings: list[Holding] | None = None
) -> DirectoryPosition | None:
    """The employee's own position on `day`: definitive, else acting; None when unassigned.
    `holdings` (from `holdings_of`) saves the lookup when asking about many days."""
    if holdings is None:
        holdings = await _holdings(session, employee_id=employee_id)
    holding = primary_holding(holdings, day)
    return await get_position(session, holding.position_id) if holding else None


async def _holder_above(
    session: AsyncSession, position: DirectoryPosition, employee_id: str, day: date
) -> str | None:
    seen = {position.id}
    next_id = position.reports_to_id
    while next_id is not None and next_id not in seen:
        seen.add(next_id)
        holdings = await _holdings(session, position_ids=[next_id])
        holder = pick_holder(holdings, day, exclude=employee_id)
        if holder is not None:
            return holder.employee_id
        # Vacant: the question passes one level up.
        above = await get_position(session, next_id)
        next_id = above.reports_to_id if above else None
    return None


async def supervisor_of(session: AsyncSession, employee_id: str, day: date) -> str | None:
    """The employee's direct superior (atasan langsung) on `day`, or None."""
    position = await position_of(session, employee_id, day)
    return await _holder_above(session, position, employee_id, day) if position else None


async def head_position_of(session: AsyncSession, unit_id: str) -> DirectoryPosition | None:
    """The unit's head position: one of its active positions reporting to no position, or to a
    position of another unit (the highest kelas jabatan, then the lowest id, when several do)."""
    query = select(DirectoryPosition).where(
        DirectoryPosition.unit_id == unit_id, DirectoryPosition.active.is_(True)
    )
    positions = list((await session.scalars(query)).all())
    own = {position.id for position in positions}
    heads = [p for p in positions if p.reports_to_id is None or p.reports_to_id not in own]
    return min(heads, key=lambda p: (-p.kelas_jabatan, p.id), default=None)


async def unit_head_of(session: AsyncSession, unit_id: str, day: date) -> str | None:
    """Who heads the unit on `day`: the definitive holder of its head position, else the acting
    (Plt, then Plh) one; None when the position is vacant or the unit has none."""
    position = await head_position_of(session, unit_id)
    if position is None:
        return None
    holder = pick_holder(await _holdings(session, position_ids=[position.id]), day)
    return holder.employee_id if holder else None


async def _candidate_subordinates(
    session: AsyncSession, position_ids: set[str], day: date
) -> set[str]:
    # Holders of the positions reporting to these, looking through vacant ones.
    candidates: set[str] = set()
    descended = set(position_ids)
    frontier = set(position_ids)
    while frontier:
        query = select(DirectoryPosition.id).where(DirectoryPosition.reports_to_id.in_(frontier))
        children = set((await session.scalars(query)).all())
        holdings = [h for h in await _holdings(session, position_ids=children) if h.active_on(day)]
        candidates |= {h.employee_id for h in holdings}
        frontier = children - {h.position_id for h in holdings} - descended
        descended |= frontier
    return candidates


async def subordinates_of(session: AsyncSession, employee_id: str, day: date) -> list[str]:
    """Employees whose direct superior on `day` is `employee_id`, sorted by id."""
    own = await _holdings(session, employee_id=employee_id)
    positions = {h.position_id for h in own if h.active_on(day)}
    candidates = await _candidate_subordinates(session, positions, day) - {employee_id}
    return sorted([c for c in candidates if await supervisor_of(session, c, day) == employee_id])


async def directory_entry(
    session: AsyncSession, employee_id: str, day: date
) -> DirectoryEntry | None:
    """The employee as seen on `day`, or None when the replica has not seen them."""
    employee = await get_employee(session, employee_id)
    if employee is None:
        return None
    position = await position_of(session, employee_id, day)
    unit = await get_unit(session, position.unit_id) if position else None
    return DirectoryEntry(
        id=employee.id,
        nip=employee.nip,
        name=employee.name,
        status=employee.status,
        unit_id=position.unit_id if position else None,
        unit_path=tuple(await unit_path(session, unit.id)) if unit else (),
        time_zone=unit.time_zone if unit else None,
        position_id=position.id if position else None,
        kelas_jabatan=position.kelas_jabatan if position else None,
        job_type=position.job_type if position else None,
        supervisor_id=await _holder_above(session, position, employee_id, day)
        if position
        else None,
    )
