"""Realisation facts: approved activity output (one row per log, from activity's events) and
manual realisations with an evidence reference. Totals are computed from these rows on read,
so a redelivered or reordered event can never count twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Date, Integer, String, Table, Text, and_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import is_postgres
from services.appraisal.store.base import Base, UtcDateTime, quantity
from services.appraisal.store.skp_replica import IndicatorReplicaRow


class LogRealisationRow(Base):
    """The latest known state of one activity log (approved counts; revoked does not).

    `event_time` is the approval's or revocation's own time: an older event arriving after a
    newer one leaves the row as it is.
    """

    __tablename__ = "log_realisation"

    log_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    day: Mapped[date] = mapped_column(Date)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the log's month
    skp_id: Mapped[str] = mapped_column(String(36))
    skp_item_id: Mapped[str] = mapped_column(String(36))
    indicator_id: Mapped[str] = mapped_column(String(36), index=True)
    output_quantity: Mapped[Decimal | None] = mapped_column(quantity())
    minutes: Mapped[int] = mapped_column(Integer)
    approved: Mapped[bool] = mapped_column()
    event_time: Mapped[datetime] = mapped_column(UtcDateTime())
    event_id: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ManualRealisationRow(Base):
    """A realisation recorded by hand (work no activity log captured), with its evidence."""

    __tablename__ = "manual_realisation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    indicator_id: Mapped[str] = mapped_column(String(36))
    indicator_lineage_id: Mapped[str] = mapped_column(String(36), index=True)
    month: Mapped[date] = mapped_column(Date)
    quantity: Mapped[Decimal] = mapped_column(quantity())
    evidence_reference: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawn_by: Mapped[str | None] = mapped_column(String(36))


# --- queries ---------------------------------------------------------------------------------


async def upsert_log_realisation(session: AsyncSession, values: dict[str, Any]) -> None:
    """Store what an approval or revocation says of a log, unless the row already reflects a
    newer event (at the same time a revocation wins)."""
    # One atomic statement, so concurrent replicas cannot interleave a read and a write.
    table = cast(Table, LogRealisationRow.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = insert(table).values(values)
    newer = statement.excluded.event_time
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.log_id],
        set_={name: statement.excluded[name] for name in values if name != "log_id"},
        where=or_(
            table.c.event_time < newer,
            and_(
                table.c.event_time == newer,
                table.c.approved.is_(True),
                statement.excluded.approved.is_(False),
            ),
        ),
    )
    await session.execute(statement)


async def get_log_realisation(session: AsyncSession, log_id: str) -> LogRealisationRow | None:
    """The known state of one log."""
    return await session.get(LogRealisationRow, log_id)


async def approved_log_outputs(
    session: AsyncSession, employee_id: str, lineage_ids: Sequence[str], months: Sequence[date]
) -> list[tuple[str, date, Decimal]]:
    """(indicator lineage, month, output) of the employee's approved logs with an output,
    whichever SKP version's indicator they name."""
    if not lineage_ids or not months:
        return []
    query = (
        select(
            IndicatorReplicaRow.lineage_id,
            LogRealisationRow.month,
            LogRealisationRow.output_quantity,
        )
        .join(IndicatorReplicaRow, IndicatorReplicaRow.id == LogRealisationRow.indicator_id)
        .where(
            LogRealisationRow.employee_id == employee_id,
            LogRealisationRow.approved.is_(True),
            LogRealisationRow.output_quantity.is_not(None),
            LogRealisationRow.month.in_(list(months)),
            IndicatorReplicaRow.lineage_id.in_(list(lineage_ids)),
        )
    )
    rows = await session.execute(query)
    return [(lineage, month, output or Decimal(0)) for lineage, month, output in rows]


async def active_manual_realisations(
    session: AsyncSession, employee_id: str, lineage_ids: Sequence[str], months: Sequence[date]
) -> list[ManualRealisationRow]:
    """The employee's manual realisations not withdrawn, oldest first."""
    if not lineage_ids or not months:
        return []
    query = (
        select(ManualRealisationRow)
        .where(
            ManualRealisationRow.employee_id == employee_id,
            ManualRealisationRow.withdrawn_at.is_(None),
            ManualRealisationRow.month.in_(list(months)),
            ManualRealisationRow.indicator_lineage_id.in_(list(lineage_ids)),
        )
        .order_by(ManualRealisationRow.recorded_at, ManualRealisationRow.id)
    )
    return list(await session.scalars(query))


async def get_manual_realisation(
    session: AsyncSession, realisation_id: str
) -> ManualRealisationRow | None:
    """A manual realisation (withdrawn or not)."""
    return await session.get(ManualRealisationRow, realisation_id)
