"""Per-request reads of SKP data: DataLoaders (one query per batch) and owner look-ups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from kinerja.graphql import Info
from services.targets import store
from services.targets.store import IndicatorRow, RhkRow, SkpRow


async def _skps(session: AsyncSession, ids: list[str]) -> Sequence[SkpRow | None]:
    return await store.get_skps(session, ids)


async def _rhks(session: AsyncSession, ids: list[str]) -> Sequence[RhkRow | None]:
    return await store.get_rhks(session, ids)


async def _indicators(session: AsyncSession, ids: list[str]) -> Sequence[IndicatorRow | None]:
    return await store.get_indicators(session, ids)


async def _children(session: AsyncSession, ids: list[str]) -> Sequence[list[RhkRow]]:
    return await store.list_children(session, ids)


async def _history(session: AsyncSession, ids: list[str]) -> Sequence[list[SkpRow]]:
    return await store.list_history(session, ids)


def skps(info: Info) -> DataLoader[str, SkpRow | None]:
    """SKP versions (with content) by id."""
    return info.context.loader("targets.skps", _skps)


def rhks(info: Info) -> DataLoader[str, RhkRow | None]:
    """RHK (with SKP and indicators) by id."""
    return info.context.loader("targets.rhks", _rhks)


def indicators(info: Info) -> DataLoader[str, IndicatorRow | None]:
    """Indicators (with RHK and SKP) by id."""
    return info.context.loader("targets.indicators", _indicators)


def children(info: Info) -> DataLoader[str, list[RhkRow]]:
    """The RHK cascaded from an RHK, by the parent's id."""
    return info.context.loader("targets.children", _children)


def history(info: Info) -> DataLoader[str, list[SkpRow]]:
    """Every version of an SKP, by lineage id."""
    return info.context.loader("targets.history", _history)


async def skp_owner(info: Info, skp_id: str) -> str | None:
    """The employee an SKP belongs to (None: no such SKP)."""
    row = await skps(info).load(skp_id)
    return row.employee_id if row else None


async def rhk_owner(info: Info, rhk_id: str) -> str | None:
    """The employee an RHK belongs to (None: no such RHK)."""
    row = await rhks(info).load(rhk_id)
    return row.employee_id if row else None


async def indicator_owner(info: Info, indicator_id: str) -> str | None:
    """The employee an indicator belongs to (None: no such indicator)."""
    row = await indicators(info).load(indicator_id)
    return row.rhk.employee_id if row else None
