"""Helpers shared by the SKP use cases: loading, rule errors, and the directory replica."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.directory.replica import DirectoryEntry
from kinerja.errors import ConflictError, NotFoundError
from services.targets import store
from services.targets.domain import (
    Period,
    SkpContent,
    SkpRuleError,
    SkpState,
    Superior,
    ensure_editable,
)
from services.targets.store import IndicatorRow, RhkRow, SkpRow

T = TypeVar("T")
IdFactory = Callable[[], str]


def new_uuid() -> str:
    """A fresh random id."""
    return str(uuid.uuid4())


def found(row: T | None, *, what: str, id: str) -> T:
    """The row, or NotFoundError naming what was looked for."""
    if row is None:
        raise NotFoundError(what, id)
    return row


@contextmanager
def rules() -> Iterator[None]:
    """Domain rule errors that clash with the current state become ConflictError."""
    try:
        yield
    except SkpRuleError as exc:
        if exc.conflict:
            raise ConflictError(exc.message) from exc
        raise


def state_of(row: SkpRow) -> SkpState:
    """The review state of an SKP row."""
    return SkpState(
        id=row.id,
        employee_id=row.employee_id,
        period=row.period,
        regime=row.regime,
        status=row.status,
        version=row.version,
        superseded=row.superseded,
        appraiser_id=row.appraiser_id,
        note=row.note,
        submitted_at=row.submitted_at,
        approved_at=row.approved_at,
    )


def content_of(row: SkpRow) -> SkpContent:
    """What a submission checks (the row's content loaded)."""
    return SkpContent(
        indicators_per_rhk=tuple(len(item.indicators) for item in row.items),
        activity_count=len(row.activities),
    )


async def editable_skp(session: AsyncSession, skp_id: str) -> SkpRow:
    """An SKP (locked, content loaded) that may still be edited."""
    row = found(await store.get_skp(session, skp_id, for_update=True), what="SKP", id=skp_id)
    with rules():
        ensure_editable(state_of(row))
    return row


async def editable_rhk(session: AsyncSession, rhk_id: str) -> tuple[SkpRow, RhkRow]:
    """An RHK of an editable SKP, with that SKP."""
    rhk = found(await store.get_rhk(session, rhk_id), what="RHK", id=rhk_id)
    skp = await editable_skp(session, rhk.skp_id)
    return skp, next(item for item in skp.items if item.id == rhk_id)


async def editable_indicator(
    session: AsyncSession, indicator_id: str
) -> tuple[SkpRow, IndicatorRow]:
    """An indicator of an editable SKP, with that SKP."""
    row = found(await store.get_indicator(session, indicator_id), what="indicator", id=indicator_id)
    skp = await editable_skp(session, row.rhk.skp_id)
    indicators = [i for item in skp.items for i in item.indicators]
    return skp, next(i for i in indicators if i.id == indicator_id)


async def entry_on(session: AsyncSession, employee_id: str, day: date) -> DirectoryEntry:
    """The employee as the directory replica sees them on `day`."""
    entry = await replica.directory_entry(session, employee_id, day)
    return found(entry, what="employee", id=employee_id)


async def superior_of(
    session: AsyncSession, employee_id: str, day: date, *, period: Period | None = None
) -> Superior:
    """The employee's place in the cascade on `day` (and whether the superior has an SKP)."""
    entry = await entry_on(session, employee_id, day)
    superior_id = entry.supervisor_id
    if superior_id is None:
        return Superior(None, heads_unit=True)
    position = await replica.position_of(session, superior_id, day)
    heads_unit = position is None or position.unit_id != entry.unit_id
    has_skp = period is not None and await store.has_skp_overlapping(session, superior_id, period)
    return Superior(superior_id, heads_unit=heads_unit, superior_has_skp=has_skp)
