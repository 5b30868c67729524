"""The local replica of approved SKPs (`targets.skp.approved.v1`), every version kept.

Unlike activity's replica, superseded versions keep their content: realisation recorded against
an earlier version's indicator follows it into the revision through `lineage_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.appraisal.domain.types import Direction, Regime
from services.appraisal.store.base import Base, UtcDateTime, enum_column, quantity


class SkpReplicaRow(Base):
    """One approved SKP version (a tombstone, with `received` false, when only its successor
    has arrived so far)."""

    __tablename__ = "skp_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    regime: Mapped[Regime] = mapped_column(enum_column(Regime))
    version: Mapped[int] = mapped_column(Integer)
    appraiser_id: Mapped[str | None] = mapped_column(String(36))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    received: Mapped[bool] = mapped_column(default=True)


class SkpItemReplicaRow(Base):
    """An RHK item of an approved version."""

    __tablename__ = "skp_item_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(String(36), ForeignKey("skp_replica.id"), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # UTAMA | TAMBAHAN
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)  # order in the SKP


class IndicatorReplicaRow(Base):
    """An indicator (IKI) of an RHK item, with its period target."""

    __tablename__ = "indicator_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), ForeignKey("skp_item_replica.id"), index=True)
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    additive: Mapped[bool] = mapped_column(default=True)
    target_value: Mapped[Decimal] = mapped_column(quantity())
    position: Mapped[int] = mapped_column(Integer)


class MonthlyTargetReplicaRow(Base):
    """An indicator's target for one month (`month` is the first day of the month)."""

    __tablename__ = "monthly_target_replica"

    indicator_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("indicator_replica.id"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    target: Mapped[Decimal] = mapped_column(quantity())


class Pp46ActivityReplicaRow(Base):
    """A PP46 activity with its quantity, quality, time (months) and optional cost targets."""

    __tablename__ = "pp46_activity_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(String(36), ForeignKey("skp_replica.id"), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(Text)
    quantity_target: Mapped[Decimal] = mapped_column(quantity())
    quantity_unit: Mapped[str] = mapped_column(String(100))
    quality_target: Mapped[Decimal] = mapped_column(quantity())
    time_target_months: Mapped[int] = mapped_column(Integer)
    cost_target: Mapped[int | None] = mapped_column(Integer)  # whole rupiah
    position: Mapped[int] = mapped_column(Integer)


# --- queries ---------------------------------------------------------------------------------


async def get_replica_skp(session: AsyncSession, skp_id: str) -> SkpReplicaRow | None:
    """An SKP version of the replica (a tombstone included)."""
    return await session.get(SkpReplicaRow, skp_id)


async def latest_skp_overlapping(
    session: AsyncSession, employee_id: str, *, start: date, end: date
) -> SkpReplicaRow | None:
    """The employee's received, not superseded SKP version overlapping `start`..`end` (the one
    reaching furthest, then the highest version)."""
    query = (
        select(SkpReplicaRow)
        .where(
            SkpReplicaRow.employee_id == employee_id,
            SkpReplicaRow.received.is_(True),
            SkpReplicaRow.superseded_by.is_(None),
            SkpReplicaRow.period_start <= end,
            SkpReplicaRow.period_end >= start,
        )
        .order_by(SkpReplicaRow.period_end.desc(), SkpReplicaRow.version.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def indicators_of(
    session: AsyncSession, skp_id: str
) -> list[tuple[SkpItemReplicaRow, IndicatorReplicaRow]]:
    """Every indicator of an SKP version with its item, in the SKP's order."""
    query = (
        select(SkpItemReplicaRow, IndicatorReplicaRow)
        .join(IndicatorReplicaRow, IndicatorReplicaRow.item_id == SkpItemReplicaRow.id)
        .where(SkpItemReplicaRow.skp_id == skp_id)
        .order_by(SkpItemReplicaRow.position, IndicatorReplicaRow.position)
    )
    return [(item, indicator) for item, indicator in (await session.execute(query)).all()]


async def monthly_targets_of(
    session: AsyncSession, indicator_ids: Sequence[str]
) -> dict[str, dict[date, Decimal]]:
    """The monthly targets of some indicators: indicator id → month → target."""
    found: dict[str, dict[date, Decimal]] = {indicator_id: {} for indicator_id in indicator_ids}
    if not indicator_ids:
        return found
    query = select(MonthlyTargetReplicaRow).where(
        MonthlyTargetReplicaRow.indicator_id.in_(list(indicator_ids))
    )
    for row in await session.scalars(query):
        found[row.indicator_id][row.month] = row.target
    return found


async def activities_of(session: AsyncSession, skp_id: str) -> list[Pp46ActivityReplicaRow]:
    """The PP46 activities of an SKP version, in the SKP's order."""
    query = (
        select(Pp46ActivityReplicaRow)
        .where(Pp46ActivityReplicaRow.skp_id == skp_id)
        .order_by(Pp46ActivityReplicaRow.position)
    )
    return list(await session.scalars(query))


async def indicator_with_skp(
    session: AsyncSession, indicator_id: str
) -> tuple[IndicatorReplicaRow, SkpReplicaRow] | None:
    """An indicator of any received version, with that version; None when unknown."""
    query = (
        select(IndicatorReplicaRow, SkpReplicaRow)
        .join(SkpReplicaRow, SkpReplicaRow.id == IndicatorReplicaRow.skp_id)
        .where(IndicatorReplicaRow.id == indicator_id, SkpReplicaRow.received.is_(True))
    )
    found = (await session.execute(query)).first()
    return None if found is None else (found[0], found[1])
