"""`unit_head_of`: who heads an org unit on a day, from the directory replica.

A unit's head position is the one of its positions that reports to no position, or to a position
of another unit; its definitive holder heads the unit, else the acting (Plt, then Plh) holder.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.directory import replica
from kinerja.events import CloudEvent

SessionFactory = async_sessionmaker[AsyncSession]
DAY = date(2026, 3, 31)


def _event(event_type: str, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(type=event_type, source="kinerja/identity", data=data | {"version": 1})


async def _unit(session: AsyncSession, unit_id: str, parent: str | None) -> None:
    data = {
        "id": unit_id,
        "code": unit_id.upper(),
        "name": f"Unit {unit_id}",
        "type": "DIREKTORAT",
        "parent_id": parent,
        "path": [parent, unit_id] if parent else [unit_id],
        "time_zone": "Asia/Jakarta",
    }
    await replica.apply_unit_upserted(session, _event(replica.UNIT_UPSERTED, data))


async def _position(
    session: AsyncSession, position_id: str, unit_id: str, reports_to: str | None, kelas: int = 9
) -> None:
    data = {
        "id": position_id,
        "unit_id": unit_id,
        "title": position_id,
        "job_type": "STRUKTURAL",
        "kelas_jabatan": kelas,
        "reports_to_id": reports_to,
    }
    await replica.apply_position_upserted(session, _event(replica.POSITION_UPSERTED, data))


async def _assign(
    session: AsyncSession,
    employee_id: str,
    position_id: str,
    *,
    kind: str = "DEFINITIVE",
    start: str = "2025-01-01",
    end: str | None = None,
) -> None:
    data = {
        "id": f"a-{employee_id}-{position_id}",
        "employee_id": employee_id,
        "position_id": position_id,
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "deleted": False,
    }
    await replica.apply_assignment_changed(session, _event(replica.ASSIGNMENT_CHANGED, data))


async def _org(db: SessionFactory) -> None:
    """u-dg ⊃ u-dir; p-dg heads u-dg, p-dir (reports to p-dg) heads u-dir, p-staff reports to
    p-dir inside u-dir."""
    async with db() as session, session.begin():
        await _unit(session, "u-dg", None)
        await _unit(session, "u-dir", "u-dg")
        await _position(session, "p-dg", "u-dg", None, kelas=17)
        await _position(session, "p-dir", "u-dir", "p-dg", kelas=15)
        await _position(session, "p-staff", "u-dir", "p-dir", kelas=7)
        await _assign(session, "e-dg", "p-dg")
        await _assign(session, "e-staff", "p-staff")


async def _head(db: SessionFactory, unit_id: str, day: date = DAY) -> str | None:
    async with db() as session:
        return await replica.unit_head_of(session, unit_id, day)


async def test_the_holder_of_a_top_units_unreporting_position_heads_it(
    kit_db: SessionFactory,
) -> None:
    await _org(kit_db)

    assert await _head(kit_db, "u-dg") == "e-dg"


async def test_a_unit_whose_head_position_is_vacant_has_no_head(kit_db: SessionFactory) -> None:
    await _org(kit_db)

    assert await _head(kit_db, "u-dir") is None  # e-staff reports inside the unit: not the head


async def test_an_acting_plt_holder_heads_the_unit_while_the_post_is_vacant(
    kit_db: SessionFactory,
) -> None:
    await _org(kit_db)
    async with kit_db() as session, session.begin():
        await _assign(session, "e-staff", "p-dir", kind="PLT", start="2026-03-01", end="2026-04-30")

    assert await _head(kit_db, "u-dir") == "e-staff"
    assert await _head(kit_db, "u-dir", date(2026, 5, 1)) is None


async def test_the_definitive_holder_comes_before_the_acting_one(kit_db: SessionFactory) -> None:
    await _org(kit_db)
    async with kit_db() as session, session.begin():
        await _assign(session, "e-staff", "p-dir", kind="PLT", start="2026-01-01")
        await _assign(session, "e-dir", "p-dir", start="2026-03-15")

    assert await _head(kit_db, "u-dir", date(2026, 3, 14)) == "e-staff"
    assert await _head(kit_db, "u-dir") == "e-dir"


async def test_a_position_reporting_to_one_in_the_same_unit_is_not_the_head(
    kit_db: SessionFactory,
) -> None:
    await _org(kit_db)
    async with kit_db() as session, session.begin():
        # A senior staff post, higher kelas than the head's, but reporting inside the unit.
        await _position(session, "p-senior", "u-dir", "p-dir", kelas=16)
        await _assign(session, "e-senior", "p-senior")
        await _assign(session, "e-dir", "p-dir")

    assert await _head(kit_db, "u-dir") == "e-dir"


async def test_an_unknown_unit_has_no_head(kit_db: SessionFactory) -> None:
    await _org(kit_db)

    assert await _head(kit_db, "u-missing") is None
