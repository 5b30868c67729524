"""The directory replica, fed by identity's events through JetStream and the directory consumer.

The organisation: a directorate general (DG) with a directorate (DIR) and a regional centre
(OTHER); DIR has a subdirectorate (SUB). Ani moves from SUB to OTHER on 1 February 2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.directory.replica import (
    ASSIGNMENT_CHANGED,
    EMPLOYEE_UPSERTED,
    POSITION_UPSERTED,
    UNIT_UPSERTED,
    DirectoryEntry,
    directory_consumer,
    directory_entry,
    get_employee,
    is_in_subtree,
    position_of,
    subordinates_of,
    supervisor_of,
    unit_path,
)
from kinerja.events import CloudEvent
from kinerja.events.streams import ensure_service_streams
from tests.fixtures.nats import consume_all

SessionFactory = async_sessionmaker[AsyncSession]
JetStream = tuple[Client, JetStreamContext]

JAN_31, FEB_1 = date(2025, 1, 31), date(2025, 2, 1)
MAR_31, APR_1, APR_10, APR_11 = (
    date(2025, 3, 31),
    date(2025, 4, 1),
    date(2025, 4, 10),
    date(2025, 4, 11),
)

UNITS = {  # id: (parent, path, time zone)
    "u-dg": (None, ["u-dg"], "Asia/Jakarta"),
    "u-dir": ("u-dg", ["u-dg", "u-dir"], "Asia/Jakarta"),
    "u-sub": ("u-dir", ["u-dg", "u-dir", "u-sub"], "Asia/Jakarta"),
    "u-other": ("u-dg", ["u-dg", "u-other"], "Asia/Makassar"),
}
POSITIONS = {  # id: (unit, reports to, kelas jabatan)
    "p-dg": ("u-dg", None, 17),
    "p-dir": ("u-dir", "p-dg", 15),
    "p-sub": ("u-sub", "p-dir", 12),
    "p-sub-staff": ("u-sub", "p-sub", 7),
    "p-other-head": ("u-other", "p-dg", 12),
    "p-other-staff": ("u-other", "p-other-head", 7),
}
ASSIGNMENTS = [  # (id, employee, position, kind, start, end)
    ("a-dg", "e-dg", "p-dg", "DEFINITIVE", "2024-01-01", None),
    ("a-dir", "e-dir", "p-dir", "DEFINITIVE", "2024-01-01", None),
    ("a-sub", "e-sub", "p-sub", "DEFINITIVE", "2024-01-01", "2025-03-31"),
    ("a-plh", "e-citra", "p-sub", "PLH", "2025-04-01", "2025-04-10"),
    ("a-oth", "e-oth", "p-other-head", "DEFINITIVE", "2024-01-01", None),
    ("a-ani-1", "e-ani", "p-sub-staff", "DEFINITIVE", "2024-01-01", "2025-01-31"),
    ("a-ani-2", "e-ani", "p-other-staff", "DEFINITIVE", "2025-02-01", None),
    ("a-budi", "e-budi", "p-sub-staff", "DEFINITIVE", "2024-01-01", None),
    ("a-citra", "e-citra", "p-sub-staff", "DEFINITIVE", "2024-01-01", None),
]


def unit(unit_id: str, **overrides: Any) -> dict[str, Any]:
    parent, path, time_zone = UNITS[unit_id]
    return {
        "id": unit_id,
        "code": unit_id.upper(),
        "name": f"Unit {unit_id}",
        "type": "DIREKTORAT",
        "parent_id": parent,
        "path": path,
        "time_zone": time_zone,
        "active": True,
        "version": 1,
        "updated_at": "2025-01-01T00:00:00+00:00",
    } | overrides


def position(position_id: str) -> dict[str, Any]:
    unit_id, reports_to, kelas = POSITIONS[position_id]
    return {
        "id": position_id,
        "unit_id": unit_id,
        "title": f"Jabatan {position_id}",
        "job_type": "STRUCTURAL" if kelas >= 12 else "FUNCTIONAL",
        "kelas_jabatan": kelas,
        "reports_to_id": reports_to,
        "active": True,
        "version": 1,
        "updated_at": "2025-01-01T00:00:00+00:00",
    }


def employee(employee_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "id": employee_id,
        "nip": "1990" + employee_id.encode().hex(),  # unique per id, stable across runs
        "name": employee_id.removeprefix("e-").title(),
        "asn_type": "PNS",
        "status": "ACTIVE",
        "golongan": "III/a",
        "version": 1,
        "updated_at": "2025-01-01T00:00:00+00:00",
    } | overrides


def assignment(row: tuple[str, str, str, str, str, str | None], **overrides: Any) -> dict[str, Any]:
    assignment_id, employee_id, position_id, kind, start, end = row
    return {
        "id": assignment_id,
        "employee_id": employee_id,
        "position_id": position_id,
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "deleted": False,
        "version": 1,
        "updated_at": "2025-01-01T00:00:00+00:00",
    } | overrides


def organisation() -> list[tuple[str, dict[str, Any]]]:
    employees = {row[1] for row in ASSIGNMENTS}
    return (
        [(UNIT_UPSERTED, unit(u)) for u in UNITS]
        + [(POSITION_UPSERTED, position(p)) for p in POSITIONS]
        + [(EMPLOYEE_UPSERTED, employee(e)) for e in sorted(employees)]
        + [(ASSIGNMENT_CHANGED, assignment(a)) for a in ASSIGNMENTS]
    )


async def feed(
    js: JetStreamContext, db: SessionFactory, events: list[tuple[str, dict[str, Any]]]
) -> None:
    """Publish identity events and let the directory consumer apply all of them."""
    for subject, data in events:
        event = CloudEvent(type=subject, source="identity", data=data)
        await js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": event.id})
    consumer = directory_consumer(
        service="targets", session_factory=db, js=js, fetch_timeout=0.2, backoff=[0.05]
    )
    await consume_all(js, consumer)


@pytest.fixture
async def db(kit_db: SessionFactory, jetstream: JetStream) -> SessionFactory:
    js = jetstream[1]
    await ensure_service_streams(js, "identity")
    await feed(js, kit_db, organisation())
    return kit_db


@pytest.fixture
def js(jetstream: JetStream) -> JetStreamContext:
    return jetstream[1]


async def test_supervisor_follows_a_transfer_from_its_first_day(db: SessionFactory) -> None:
    async with db() as session:
        assert await supervisor_of(session, "e-ani", JAN_31) == "e-sub"
        assert await supervisor_of(session, "e-ani", FEB_1) == "e-oth"


async def test_directory_entry_shows_the_employee_as_of_the_day(db: SessionFactory) -> None:
    async with db() as session:
        before = await directory_entry(session, "e-ani", JAN_31)
        after = await directory_entry(session, "e-ani", FEB_1)

    assert before == DirectoryEntry(
        id="e-ani",
        nip=employee("e-ani")["nip"],
        name="Ani",
        status="ACTIVE",
        unit_id="u-sub",
        unit_path=("u-dg", "u-dir", "u-sub"),
        time_zone="Asia/Jakarta",
        position_id="p-sub-staff",
        kelas_jabatan=7,
        job_type="FUNCTIONAL",
        supervisor_id="e-sub",
    )
    assert after is not None
    assert (after.unit_path, after.time_zone, after.supervisor_id) == (
        ("u-dg", "u-other"),
        "Asia/Makassar",
        "e-oth",
    )


async def test_an_unknown_employee_has_no_directory_entry(db: SessionFactory) -> None:
    async with db() as session:
        assert await directory_entry(session, "e-nobody", FEB_1) is None
        assert await supervisor_of(session, "e-nobody", FEB_1) is None


async def test_acting_head_supervises_while_the_head_position_is_vacant(
    db: SessionFactory,
) -> None:
    async with db() as session:
        assert await supervisor_of(session, "e-budi", MAR_31) == "e-sub"
        assert await supervisor_of(session, "e-budi", APR_1) == "e-citra"
        assert await supervisor_of(session, "e-budi", APR_10) == "e-citra"


async def test_a_vacant_head_position_passes_supervision_one_level_up(db: SessionFactory) -> None:
    async with db() as session:
        assert await supervisor_of(session, "e-budi", APR_11) == "e-dir"


async def test_an_acting_head_is_not_their_own_supervisor(db: SessionFactory) -> None:
    async with db() as session:
        assert await position_of(session, "e-citra", APR_1) is not None
        assert await supervisor_of(session, "e-citra", APR_1) == "e-dir"


async def test_subordinates_are_those_whose_supervisor_the_employee_is(db: SessionFactory) -> None:
    async with db() as session:
        assert await subordinates_of(session, "e-sub", JAN_31) == ["e-ani", "e-budi", "e-citra"]
        assert await subordinates_of(session, "e-sub", FEB_1) == ["e-budi", "e-citra"]
        assert await subordinates_of(session, "e-citra", APR_1) == ["e-budi"]
        assert await subordinates_of(session, "e-dir", APR_1) == ["e-citra"]
        assert await subordinates_of(session, "e-dir", APR_11) == ["e-budi", "e-citra"]
        assert await subordinates_of(session, "e-dg", FEB_1) == ["e-dir", "e-oth"]


async def test_the_top_of_the_organisation_has_no_supervisor(db: SessionFactory) -> None:
    async with db() as session:
        assert await supervisor_of(session, "e-dg", FEB_1) is None


async def test_unit_path_runs_from_the_root_to_the_unit(db: SessionFactory) -> None:
    async with db() as session:
        assert await unit_path(session, "u-sub") == ["u-dg", "u-dir", "u-sub"]
        assert await unit_path(session, "u-dg") == ["u-dg"]
        assert await unit_path(session, "u-nowhere") == []


async def test_subtree_membership_includes_the_root_itself(db: SessionFactory) -> None:
    async with db() as session:
        assert await is_in_subtree(session, "u-sub", "u-dir")
        assert await is_in_subtree(session, "u-dir", "u-dir")
        assert not await is_in_subtree(session, "u-other", "u-dir")
        assert not await is_in_subtree(session, "u-dir", "u-sub")


async def test_moving_a_unit_moves_its_subtree(db: SessionFactory, js: JetStreamContext) -> None:
    moved = unit("u-dir", parent_id="u-other", path=["u-dg", "u-other", "u-dir"], version=2)

    await feed(js, db, [(UNIT_UPSERTED, moved)])

    async with db() as session:
        assert await unit_path(session, "u-sub") == ["u-dg", "u-other", "u-dir", "u-sub"]
        assert await is_in_subtree(session, "u-sub", "u-other")


async def test_older_versions_arriving_late_are_ignored(
    db: SessionFactory, js: JetStreamContext
) -> None:
    await feed(
        js,
        db,
        [
            (EMPLOYEE_UPSERTED, employee("e-ani", name="Ani Rahmawati", version=3)),
            (EMPLOYEE_UPSERTED, employee("e-ani", name="Ani R.", version=2)),
            (ASSIGNMENT_CHANGED, assignment(ASSIGNMENTS[6], deleted=True, version=2)),
            (ASSIGNMENT_CHANGED, assignment(ASSIGNMENTS[6], version=1)),
        ],
    )

    async with db() as session:
        ani = await get_employee(session, "e-ani")
        assert ani is not None
        assert (ani.name, ani.version) == ("Ani Rahmawati", 3)
        assert await position_of(session, "e-ani", FEB_1) is None
        assert await supervisor_of(session, "e-ani", FEB_1) is None


async def test_unknown_fields_in_an_event_are_ignored(
    db: SessionFactory, js: JetStreamContext
) -> None:
    await feed(js, db, [(EMPLOYEE_UPSERTED, employee("e-dedi", hobby="catur", version=1))])

    async with db() as session:
        dedi = await get_employee(session, "e-dedi")
    assert dedi is not None
    assert dedi.name == "Dedi"
