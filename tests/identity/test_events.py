"""What identity publishes: the exact payload of each event, staged in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from services.identity import service
from services.identity.domain import AssignmentKind, JobType, OrgUnitType
from tests.identity.conftest import NOW
from tests.identity.factories import assign, create_employee, create_position, create_unit

STAMP = NOW.isoformat()


async def published(session: AsyncSession, subject: str | None = None) -> list[CloudEvent]:
    """Events in the outbox, oldest first (optionally of one subject)."""
    await session.flush()
    stmt = select(OutboxRow).order_by(OutboxRow.seq)
    if subject is not None:
        stmt = stmt.where(OutboxRow.subject == subject)
    return [CloudEvent.from_json(row.payload) for row in await session.scalars(stmt)]


def data_of(events: list[CloudEvent]) -> list[dict[str, Any]]:
    return [event.data for event in events]


async def test_a_new_unit_publishes_its_full_state(session: AsyncSession) -> None:
    root = await create_unit(session, code="DJ", name="Ditjen", type=OrgUnitType.MINISTRY)
    child = await create_unit(
        session, code="DIT", name="Direktorat", parent_id=root.id, time_zone="Asia/Jayapura"
    )

    events = await published(session, "identity.unit.upserted.v1")

    assert events[1].source == "identity"
    assert events[1].subject == child.id
    assert data_of(events) == [
        {
            "id": root.id,
            "code": "DJ",
            "name": "Ditjen",
            "type": "MINISTRY",
            "parent_id": None,
            "path": [root.id],
            "time_zone": "Asia/Jakarta",
            "active": True,
            "version": 1,
            "updated_at": STAMP,
        },
        {
            "id": child.id,
            "code": "DIT",
            "name": "Direktorat",
            "type": "DIRECTORATE",
            "parent_id": root.id,
            "path": [root.id, child.id],
            "time_zone": "Asia/Jayapura",
            "active": True,
            "version": 1,
            "updated_at": STAMP,
        },
    ]


async def test_moving_a_unit_publishes_it_and_every_descendant(session: AsyncSession) -> None:
    a, b = await create_unit(session), await create_unit(session)
    a1 = await create_unit(session, parent_id=a.id)
    a11 = await create_unit(session, parent_id=a1.id)
    a12 = await create_unit(session, parent_id=a1.id)
    before = len(await published(session))

    await service.move_unit(session, a1.id, parent_id=b.id, now=NOW)

    moved = data_of((await published(session))[before:])
    assert {(d["id"], tuple(d["path"]), d["version"]) for d in moved} == {
        (a1.id, (b.id, a1.id), 2),
        (a11.id, (b.id, a1.id, a11.id), 2),
        (a12.id, (b.id, a1.id, a12.id), 2),
    }
    assert moved[0]["parent_id"] == b.id


async def test_a_position_publishes_its_full_state(session: AsyncSession) -> None:
    unit = await create_unit(session)
    head = await create_position(
        session, unit, title="Direktur", job_type=JobType.JPT_PRATAMA, kelas_jabatan=14
    )
    staff = await create_position(session, unit, title="Analis", reports_to_id=head.id)
    await service.update_position(
        session, staff.id, service.PositionChanges(kelas_jabatan=9), now=NOW
    )

    assert data_of(await published(session, "identity.position.upserted.v1")) == [
        {
            "id": head.id,
            "unit_id": unit.id,
            "title": "Direktur",
            "job_type": "JPT_PRATAMA",
            "kelas_jabatan": 14,
            "reports_to_id": None,
            "active": True,
            "version": 1,
            "updated_at": STAMP,
        },
        {
            "id": staff.id,
            "unit_id": unit.id,
            "title": "Analis",
            "job_type": "PELAKSANA",
            "kelas_jabatan": 7,
            "reports_to_id": head.id,
            "active": True,
            "version": 1,
            "updated_at": STAMP,
        },
        {
            "id": staff.id,
            "unit_id": unit.id,
            "title": "Analis",
            "job_type": "PELAKSANA",
            "kelas_jabatan": 9,
            "reports_to_id": head.id,
            "active": True,
            "version": 2,
            "updated_at": STAMP,
        },
    ]


async def test_an_employee_publishes_their_full_state(session: AsyncSession) -> None:
    employee = await create_employee(
        session, nip="19660801 198803 1 001", name="Budi", golongan=None
    )

    assert data_of(await published(session, "identity.employee.upserted.v1")) == [
        {
            "id": employee.id,
            "nip": "196608011988031001",
            "name": "Budi",
            "asn_type": "PNS",
            "status": "PNS",
            "golongan": None,
            "version": 1,
            "updated_at": STAMP,
        },
    ]


async def test_assignment_changes_publish_each_state(session: AsyncSession) -> None:
    employee = await create_employee(session)
    position = await create_position(session, await create_unit(session))
    row = await assign(session, employee, position, kind=AssignmentKind.PLT, start=date(2025, 2, 3))
    await service.end_assignment(session, row.id, end=date(2025, 3, 31), now=NOW)
    await service.delete_assignment(session, row.id, now=NOW)

    common = {
        "id": row.id,
        "employee_id": employee.id,
        "position_id": position.id,
        "kind": "PLT",
        "start_date": "2025-02-03",
        "updated_at": STAMP,
    }
    assert data_of(await published(session, "identity.assignment.changed.v1")) == [
        {**common, "end_date": None, "deleted": False, "version": 1},
        {**common, "end_date": "2025-03-31", "deleted": False, "version": 2},
        {**common, "end_date": "2025-03-31", "deleted": True, "version": 3},
    ]
