"""Competency gaps from identity: a newer version replaces the employee's gaps; an older or
redelivered one changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events import CloudEvent
from services.appraisal.events import COMPETENCY_GAPS
from services.appraisal.service.competency import COMPETENCY_HANDLERS
from services.appraisal.store.organisation import gaps_of

Db = async_sessionmaker[AsyncSession]


def _gaps_event(employee_id: str, version: int, *gaps: tuple[str, int, int]) -> CloudEvent:
    data: dict[str, Any] = {
        "employee_id": employee_id,
        "version": version,
        "gaps": [
            {"competency": name, "kind": "TECHNICAL", "required_level": req, "assessed_level": got}
            for name, req, got in gaps
        ],
        "future_field": "ignored",
    }
    return CloudEvent(
        type=COMPETENCY_GAPS,
        source="kinerja/identity",
        data=data,
        time=datetime(2026, 4, version, tzinfo=UTC),
    )


async def _apply(db: Db, event: CloudEvent) -> None:
    async with db() as session, session.begin():
        await COMPETENCY_HANDLERS[event.type](session, event)


async def _gaps(db: Db, employee_id: str) -> list[tuple[str, int, int, int]]:
    async with db() as session:
        rows = await gaps_of(session, employee_id)
    return [(r.competency, r.required_level, r.assessed_level, r.version) for r in rows]


async def test_the_gaps_of_an_employee_are_stored(appraisal_db: Db) -> None:
    await _apply(appraisal_db, _gaps_event("e-1", 1, ("Analisis Data", 3, 1), ("Menulis", 3, 2)))
    await _apply(appraisal_db, _gaps_event("e-2", 1, ("Negosiasi", 2, 1)))

    assert await _gaps(appraisal_db, "e-1") == [("Analisis Data", 3, 1, 1), ("Menulis", 3, 2, 1)]
    assert await _gaps(appraisal_db, "e-2") == [("Negosiasi", 2, 1, 1)]


async def test_a_newer_version_replaces_the_gaps(appraisal_db: Db) -> None:
    await _apply(appraisal_db, _gaps_event("e-1", 1, ("Analisis Data", 3, 1), ("Menulis", 3, 2)))

    await _apply(appraisal_db, _gaps_event("e-1", 2, ("Analisis Data", 3, 2)))

    assert await _gaps(appraisal_db, "e-1") == [("Analisis Data", 3, 2, 2)]


async def test_an_older_or_redelivered_version_changes_nothing(appraisal_db: Db) -> None:
    await _apply(appraisal_db, _gaps_event("e-1", 2, ("Analisis Data", 3, 2)))

    await _apply(appraisal_db, _gaps_event("e-1", 1, ("Menulis", 3, 1)))
    await _apply(appraisal_db, _gaps_event("e-1", 2, ("Menulis", 4, 1)))

    assert await _gaps(appraisal_db, "e-1") == [("Analisis Data", 3, 2, 2)]


async def test_closed_gaps_are_not_revived_by_an_older_version(appraisal_db: Db) -> None:
    await _apply(appraisal_db, _gaps_event("e-1", 1, ("Menulis", 3, 1)))
    await _apply(appraisal_db, _gaps_event("e-1", 3))  # every gap closed

    await _apply(appraisal_db, _gaps_event("e-1", 2, ("Menulis", 3, 2)))

    assert await _gaps(appraisal_db, "e-1") == []
