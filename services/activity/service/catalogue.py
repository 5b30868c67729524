"""Keeping a unit's standard activity catalogue (*norma waktu*): create, update, import."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import ConflictError, NotFoundError
from services.activity.domain.catalogue import (
    RowError,
    StandardActivityDraft,
    check_code,
    check_name,
    check_output_unit,
    check_standard_minutes,
    parse_catalogue_csv,
)
from services.activity.store.catalogue import (
    StandardActivityRow,
    by_codes,
    find_by_code,
    get_standard_activity,
)


class CatalogueFileError(Exception):
    """A catalogue file with bad rows; nothing of it was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"the file has {len(errors)} problem(s); nothing was imported")
        self.message = str(self)
        self.errors = errors


@dataclass(frozen=True)
class StandardActivityChanges:
    """What an update sets (None: unchanged)."""

    code: str | None = None
    name: str | None = None
    standard_minutes: int | None = None
    output_unit: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """The unit's entries after an import, and how many were new."""

    rows: list[StandardActivityRow]
    created: int
    updated: int


async def _require_unit(session: AsyncSession, unit_id: str) -> None:
    if await replica.get_unit(session, unit_id) is None:
        raise NotFoundError("org unit", unit_id)


async def _flush_unique(session: AsyncSession, code: str) -> None:
    """Flush; a concurrent insert of the same code is a conflict (the transaction rolls back)."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ConflictError(f"the unit already has a standard activity {code}") from exc


async def create_standard_activity(
    session: AsyncSession,
    unit_id: str,
    draft: StandardActivityDraft,
    *,
    entry_id: str,
    now: datetime,
) -> StandardActivityRow:
    """Add an active entry to the unit's catalogue; ConflictError when the code is taken."""
    await _require_unit(session, unit_id)
    if await find_by_code(session, unit_id, draft.code) is not None:
        raise ConflictError(f"the unit already has a standard activity {draft.code}")
    row = StandardActivityRow(
        id=entry_id,
        unit_id=unit_id,
        code=draft.code,
        name=draft.name,
        standard_minutes=draft.standard_minutes,
        output_unit=draft.output_unit,
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await _flush_unique(session, draft.code)
    return row


async def update_standard_activity(
    session: AsyncSession, entry_id: str, changes: StandardActivityChanges, *, now: datetime
) -> StandardActivityRow:
    """Change an entry (logs already recorded keep the standard minutes they were logged with)."""
    row = await get_standard_activity(session, entry_id)
    if row is None:
        raise NotFoundError("standard activity", entry_id)
    if changes.code is not None:
        code = check_code(changes.code)
        taken = await find_by_code(session, row.unit_id, code)
        if taken is not None and taken.id != row.id:
            raise ConflictError(f"the unit already has a standard activity {code}")
        row.code = code
    if changes.name is not None:
        row.name = check_name(changes.name)
    if changes.standard_minutes is not None:
        row.standard_minutes = check_standard_minutes(changes.standard_minutes)
    if changes.output_unit is not None:
        row.output_unit = check_output_unit(changes.output_unit)
    if changes.active is not None:
        row.active = changes.active
    row.updated_at = now
    await _flush_unique(session, row.code)
    return row


async def import_standard_activities(
    session: AsyncSession,
    unit_id: str,
    content: str,
    *,
    now: datetime,
    new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> ImportOutcome:
    """Every row of a CSV file (new codes added, known codes updated and made active), or none.

    CatalogueFileError lists every problem when any row is bad.
    """
    await _require_unit(session, unit_id)
    parsed = parse_catalogue_csv(content)
    drafts = [d for d in parsed if isinstance(d, StandardActivityDraft)]
    if len(drafts) != len(parsed):
        raise CatalogueFileError([e for e in parsed if isinstance(e, RowError)])
    known = await by_codes(session, unit_id, [d.code for d in drafts])
    rows: list[StandardActivityRow] = []
    for draft in drafts:
        row = known.get(draft.code)
        if row is None:
            row = StandardActivityRow(id=new_id(), unit_id=unit_id, code=draft.code, created_at=now)
            session.add(row)
        row.name, row.standard_minutes = draft.name, draft.standard_minutes
        row.output_unit, row.active, row.updated_at = draft.output_unit, True, now
        rows.append(row)
    await _flush_unique(session, "in the file")
    return ImportOutcome(rows=rows, created=len(drafts) - len(known), updated=len(known))
