"""Use cases of the organisation tree: create, update and move units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.identity import store
from services.identity.domain import (
    CODE_MAX_LENGTH,
    OrgUnitType,
    check_time_zone,
    check_unit_parent,
    clean_text,
    rebase_path,
    unit_path,
)
from services.identity.events import publish_unit
from services.identity.service.common import flush_unique, found
from services.identity.store import OrgUnitRow, encode_path


@dataclass(frozen=True)
class NewUnit:
    """Input of `create_unit`."""

    code: str
    name: str
    type: OrgUnitType
    time_zone: str
    parent_id: str | None = None


@dataclass(frozen=True)
class UnitChanges:
    """Input of `update_unit`; None leaves a field as it is."""

    code: str | None = None
    name: str | None = None
    type: OrgUnitType | None = None
    time_zone: str | None = None
    active: bool | None = None


async def create_unit(
    session: AsyncSession, new: NewUnit, *, unit_id: str, now: datetime
) -> OrgUnitRow:
    """Add a unit under its parent (or as a root) and publish it."""
    code = clean_text(new.code, field="code", max_length=CODE_MAX_LENGTH)
    name = clean_text(new.name, field="name")
    time_zone = check_time_zone(new.time_zone)
    parent_path = None
    if new.parent_id is not None:
        # The parent's path is copied: it must not move while this transaction runs.
        await store.serialize_structure_changes(session)
        parent = await store.get_unit(session, new.parent_id)
        parent_path = found(parent, what="parent org unit", id=new.parent_id).path_ids
    await _ensure_code_free(session, code)
    unit = OrgUnitRow(
        id=unit_id,
        code=code,
        name=name,
        type=new.type,
        parent_id=new.parent_id,
        path=encode_path(unit_path(parent_path, unit_id)),
        time_zone=time_zone,
        active=True,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(unit)
    await flush_unique(session, conflict=_code_taken(code))
    publish_unit(session, unit)
    return unit


async def update_unit(
    session: AsyncSession, unit_id: str, changes: UnitChanges, *, now: datetime
) -> OrgUnitRow:
    """Change a unit's code, name, type, time zone or active flag and publish it."""
    unit = found(await store.get_unit(session, unit_id), what="org unit", id=unit_id)
    if changes.code is not None:
        code = clean_text(changes.code, field="code", max_length=CODE_MAX_LENGTH)
        if code != unit.code:
            await _ensure_code_free(session, code)
        unit.code = code
    if changes.name is not None:
        unit.name = clean_text(changes.name, field="name")
    if changes.time_zone is not None:
        unit.time_zone = check_time_zone(changes.time_zone)
    if changes.type is not None:
        unit.type = changes.type
    if changes.active is not None:
        unit.active = changes.active
    if not session.is_modified(unit):
        return unit
    unit.touch(now)
    await flush_unique(session, conflict=_code_taken(unit.code))
    publish_unit(session, unit)
    return unit


async def move_unit(
    session: AsyncSession, unit_id: str, *, parent_id: str | None, now: datetime
) -> OrgUnitRow:
    """Put a unit (with its subtree) under another parent, or make it a root; publish all paths."""
    await store.serialize_structure_changes(session)
    unit = found(await store.get_unit(session, unit_id), what="org unit", id=unit_id)
    parent_path = None
    if parent_id is not None:
        parent = await store.get_unit(session, parent_id)
        parent_path = found(parent, what="parent org unit", id=parent_id).path_ids
    check_unit_parent(unit.id, parent_path=parent_path)
    if unit.parent_id == parent_id:
        return unit
    descendants = await store.lock_descendants(session, unit)
    old_path, new_path = unit.path_ids, unit_path(parent_path, unit.id)
    unit.parent_id = parent_id
    unit.path = encode_path(new_path)
    unit.touch(now)
    publish_unit(session, unit)
    for descendant in descendants:
        moved = rebase_path(descendant.path_ids, old_prefix=old_path, new_prefix=new_path)
        descendant.path = encode_path(moved)
        descendant.touch(now)
        publish_unit(session, descendant)
    await session.flush()
    return unit


async def _ensure_code_free(session: AsyncSession, code: str) -> None:
    if await store.find_unit_id_by_code(session, code) is not None:
        raise ConflictError(_code_taken(code))


def _code_taken(code: str) -> str:
    return f"an org unit with code {code} already exists"
