"""Use cases of positions (jabatan): create and update, keeping reports-to free of cycles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.identity import store
from services.identity.domain import (
    JobType,
    check_kelas_jabatan,
    check_reports_to,
    clean_text,
)
from services.identity.events import publish_position
from services.identity.service.common import KEEP, Keep, found
from services.identity.store import PositionRow


@dataclass(frozen=True)
class NewPosition:
    """Input of `create_position`."""

    unit_id: str
    title: str
    job_type: JobType
    kelas_jabatan: int
    reports_to_id: str | None = None


@dataclass(frozen=True)
class PositionChanges:
    """Input of `update_position`; None (or KEEP for reports-to) leaves a field as it is."""

    unit_id: str | None = None
    title: str | None = None
    job_type: JobType | None = None
    kelas_jabatan: int | None = None
    reports_to_id: str | Keep | None = KEEP
    active: bool | None = None


async def create_position(
    session: AsyncSession, new: NewPosition, *, position_id: str, now: datetime
) -> PositionRow:
    """Add a position to a unit and publish it."""
    title = clean_text(new.title, field="title")
    kelas = check_kelas_jabatan(new.kelas_jabatan)
    found(await store.get_unit(session, new.unit_id), what="org unit", id=new.unit_id)
    if new.reports_to_id is not None:
        await _ensure_position(session, new.reports_to_id)
    position = PositionRow(
        id=position_id,
        unit_id=new.unit_id,
        title=title,
        job_type=new.job_type,
        kelas_jabatan=kelas,
        reports_to_id=new.reports_to_id,
        active=True,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(position)
    await session.flush()
    publish_position(session, position)
    return position


async def update_position(
    session: AsyncSession, position_id: str, changes: PositionChanges, *, now: datetime
) -> PositionRow:
    """Change a position (its unit, title, job type, kelas jabatan, reports-to, active flag)."""
    title = None if changes.title is None else clean_text(changes.title, field="title")
    kelas = None if changes.kelas_jabatan is None else check_kelas_jabatan(changes.kelas_jabatan)
    if changes.reports_to_id is not KEEP:
        await store.serialize_structure_changes(session)
    position = await _ensure_position(session, position_id, what="position")
    if changes.unit_id is not None:
        found(await store.get_unit(session, changes.unit_id), what="org unit", id=changes.unit_id)
        position.unit_id = changes.unit_id
    if not isinstance(changes.reports_to_id, Keep):
        await _check_line(session, position, changes.reports_to_id)
        position.reports_to_id = changes.reports_to_id
    position.title = title or position.title
    position.kelas_jabatan = kelas or position.kelas_jabatan
    position.job_type = changes.job_type or position.job_type
    position.active = position.active if changes.active is None else changes.active
    if not session.is_modified(position):
        return position
    position.touch(now)
    await session.flush()
    publish_position(session, position)
    return position


async def _check_line(
    session: AsyncSession, position: PositionRow, reports_to_id: str | None
) -> None:
    if reports_to_id is None:
        return
    if reports_to_id != position.id:
        await _ensure_position(session, reports_to_id)
    chain = await store.reporting_line(session, reports_to_id)
    check_reports_to(position.id, reports_to_id, chain=chain)


async def _ensure_position(
    session: AsyncSession, position_id: str, *, what: str = "reports-to position"
) -> PositionRow:
    return found(await store.get_position(session, position_id), what=what, id=position_id)
