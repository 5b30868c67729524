"""The local read model of approved SKPs, fed only by `targets.skp.approved.v1`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.activity.domain.logs import ServedIndicator
from services.activity.store.base import Base, UtcDateTime


class SkpReplicaRow(Base):
    """An approved SKP version; `superseded_by` set once a newer approved version replaced it."""

    __tablename__ = "skp_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    appraiser_id: Mapped[str | None] = mapped_column(String(36))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    superseded_by: Mapped[str | None] = mapped_column(String(36))


class SkpItemReplicaRow(Base):
    """An RHK item (or PP 46/2011 activity) of an approved SKP, which a log may serve."""

    __tablename__ = "skp_item_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("skp_replica.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)


class IndicatorReplicaRow(Base):
    """An indicator of an SKP item; `additive` indicators count output quantities."""

    __tablename__ = "indicator_replica"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("skp_item_replica.id", ondelete="CASCADE"), index=True
    )
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100))
    additive: Mapped[bool] = mapped_column(Boolean)


async def get_replica_skp(session: AsyncSession, skp_id: str) -> SkpReplicaRow | None:
    """An SKP version of the replica (a superseded tombstone included)."""
    return await session.get(SkpReplicaRow, skp_id)


async def forget_skp_content(session: AsyncSession, skp_id: str) -> None:
    """Drop an SKP version's items and indicators (before replacing or retiring it)."""
    await session.execute(delete(IndicatorReplicaRow).where(IndicatorReplicaRow.skp_id == skp_id))
    await session.execute(delete(SkpItemReplicaRow).where(SkpItemReplicaRow.skp_id == skp_id))


async def served_indicator(
    session: AsyncSession, *, skp_item_id: str, indicator_id: str
) -> ServedIndicator | None:
    """The indicator of an item of an SKP in force, or None (unknown, or superseded)."""
    query = (
        select(SkpReplicaRow, IndicatorReplicaRow)
        .join(IndicatorReplicaRow, IndicatorReplicaRow.skp_id == SkpReplicaRow.id)
        .where(
            IndicatorReplicaRow.id == indicator_id,
            IndicatorReplicaRow.item_id == skp_item_id,
            SkpReplicaRow.superseded_by.is_(None),
        )
    )
    found = (await session.execute(query)).first()
    if found is None:
        return None
    skp, indicator = found
    return ServedIndicator(
        skp_id=skp.id,
        employee_id=skp.employee_id,
        period_start=skp.period_start,
        period_end=skp.period_end,
        skp_item_id=skp_item_id,
        indicator_id=indicator.id,
        requires_output=indicator.additive,
    )
