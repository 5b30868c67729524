"""SKP tables (versions, RHK items, indicators, monthly targets, PP46 activities) and queries.

Versions of one SKP share a `lineage_id` (the first version's id); a revision points back with
`supersedes_id`, and the older version gets `superseded_by_id`. Only a version without
`superseded_by_id` is current. RHK and indicators carry a `lineage_id` too, kept when a version
or a copy duplicates them, so two versions can be compared item by item.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from kinerja.db import UtcDateTime, enum_column, is_postgres, keyset
from services.targets.domain import Direction, Period, Regime, RhkKind, SkpStatus
from services.targets.store.base import Base, money


class SkpRow(Base):
    """One version of an employee's SKP for a period."""

    __tablename__ = "skp"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lineage_id: Mapped[str] = mapped_column(String(36), index=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    regime: Mapped[Regime] = mapped_column(enum_column(Regime))
    status: Mapped[SkpStatus] = mapped_column(enum_column(SkpStatus))
    version: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[str | None] = mapped_column(String(36))
    superseded_by_id: Mapped[str | None] = mapped_column(String(36))
    revision_reason: Mapped[str | None] = mapped_column(Text)
    appraiser_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    items: Mapped[list[RhkRow]] = relationship(
        back_populates="skp", lazy="raise", order_by="RhkRow.position"
    )
    activities: Mapped[list[ActivityRow]] = relationship(
        lazy="raise", order_by="ActivityRow.position"
    )

    @property
    def period(self) -> Period:
        """The days the SKP covers."""
        return Period(self.period_start, self.period_end)

    @property
    def superseded(self) -> bool:
        """True once a newer version replaced this one."""
        return self.superseded_by_id is not None


class RhkRow(Base):
    """An RHK item of an SKP version; `employee_id` repeats the SKP's owner for cascade reads."""

    __tablename__ = "skp_rhk"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(ForeignKey("skp.id"), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36))
    employee_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RhkKind] = mapped_column(enum_column(RhkKind))
    title: Mapped[str] = mapped_column(Text)
    parent_rhk_id: Mapped[str | None] = mapped_column(ForeignKey("skp_rhk.id"), index=True)
    plan_output_id: Mapped[str | None] = mapped_column(String(36), index=True)
    unit_indicator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    skp: Mapped[SkpRow] = relationship(back_populates="items", lazy="raise")
    indicators: Mapped[list[IndicatorRow]] = relationship(
        back_populates="rhk", lazy="raise", order_by="IndicatorRow.position"
    )

    @property
    def skp_status(self) -> SkpStatus:
        """The status of the SKP version the RHK belongs to (needs `skp` loaded)."""
        return self.skp.status


class IndicatorRow(Base):
    """An indicator (IKI) of an RHK with its annual target."""

    __tablename__ = "skp_indicator"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rhk_id: Mapped[str] = mapped_column(ForeignKey("skp_rhk.id"), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    target_value: Mapped[Decimal] = mapped_column(money())
    unit: Mapped[str] = mapped_column(String(100))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    additive: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    rhk: Mapped[RhkRow] = relationship(back_populates="indicators", lazy="raise")
    monthly_targets: Mapped[list[MonthlyTargetRow]] = relationship(
        lazy="raise", order_by="MonthlyTargetRow.month", cascade="all, delete-orphan"
    )


class MonthlyTargetRow(Base):
    """The part of an indicator's target planned for one month (`month`: its first day)."""

    __tablename__ = "skp_monthly_target"

    indicator_id: Mapped[str] = mapped_column(ForeignKey("skp_indicator.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    target: Mapped[Decimal] = mapped_column(money())


class ActivityRow(Base):
    """A PP 46/2011 activity: quantity, quality, time and optional cost (whole rupiah) targets."""

    __tablename__ = "skp_activity"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(ForeignKey("skp.id"), index=True)
    lineage_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    quantity_target: Mapped[Decimal] = mapped_column(money())
    quantity_unit: Mapped[str] = mapped_column(String(100))
    quality_target: Mapped[Decimal] = mapped_column(money())
    time_target_months: Mapped[int] = mapped_column(Integer)
    cost_target: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


_FULL = (
    selectinload(SkpRow.items)
    .selectinload(RhkRow.indicators)
    .selectinload(IndicatorRow.monthly_targets),
    selectinload(SkpRow.activities),
)


async def lock_employee(session: AsyncSession, employee_id: str) -> None:
    """Serialise SKP creation per employee (PostgreSQL advisory lock; SQLite writes serially)."""
    if is_postgres(session):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"targets.skp:{employee_id}"},
        )


async def get_skp(session: AsyncSession, skp_id: str, *, for_update: bool = False) -> SkpRow | None:
    """An SKP version with its items, indicators, monthly targets and activities.

    `for_update` locks the row and reloads it (and its content) over what the session holds.
    """
    stmt = select(SkpRow).where(SkpRow.id == skp_id).options(*_FULL)
    if for_update:
        stmt = stmt.with_for_update(of=SkpRow).execution_options(populate_existing=True)
    return (await session.scalars(stmt)).one_or_none()


async def get_skps(session: AsyncSession, skp_ids: Sequence[str]) -> list[SkpRow | None]:
    """SKP versions (with content) in the order of `skp_ids` (None where missing)."""
    rows = await session.scalars(select(SkpRow).where(SkpRow.id.in_(skp_ids)).options(*_FULL))
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in skp_ids]


async def get_rhk(session: AsyncSession, rhk_id: str) -> RhkRow | None:
    """An RHK with its SKP (without the SKP's content)."""
    stmt = select(RhkRow).where(RhkRow.id == rhk_id).options(selectinload(RhkRow.skp))
    return (await session.scalars(stmt)).one_or_none()


async def get_indicator(session: AsyncSession, indicator_id: str) -> IndicatorRow | None:
    """An indicator with its monthly targets and its RHK (and the RHK's SKP)."""
    stmt = (
        select(IndicatorRow)
        .where(IndicatorRow.id == indicator_id)
        .options(
            selectinload(IndicatorRow.monthly_targets),
            selectinload(IndicatorRow.rhk).selectinload(RhkRow.skp),
        )
    )
    return (await session.scalars(stmt)).one_or_none()


async def get_rhks(session: AsyncSession, rhk_ids: Sequence[str]) -> list[RhkRow | None]:
    """RHK with their SKP and indicators, in the order of `rhk_ids` (None where missing)."""
    stmt = (
        select(RhkRow)
        .where(RhkRow.id.in_(rhk_ids))
        .options(
            selectinload(RhkRow.skp),
            selectinload(RhkRow.indicators).selectinload(IndicatorRow.monthly_targets),
        )
    )
    by_id = {row.id: row for row in await session.scalars(stmt)}
    return [by_id.get(i) for i in rhk_ids]


async def get_indicators(
    session: AsyncSession, indicator_ids: Sequence[str]
) -> list[IndicatorRow | None]:
    """Indicators with monthly targets and RHK (and SKP), in key order (None where missing)."""
    stmt = (
        select(IndicatorRow)
        .where(IndicatorRow.id.in_(indicator_ids))
        .options(
            selectinload(IndicatorRow.monthly_targets),
            selectinload(IndicatorRow.rhk).selectinload(RhkRow.skp),
        )
    )
    by_id = {row.id: row for row in await session.scalars(stmt)}
    return [by_id.get(i) for i in indicator_ids]


async def list_children(session: AsyncSession, rhk_ids: Sequence[str]) -> list[list[RhkRow]]:
    """For each RHK, the RHK of current SKP versions cascaded from it (with SKP), oldest first."""
    stmt = (
        select(RhkRow)
        .join(SkpRow, SkpRow.id == RhkRow.skp_id)
        .where(RhkRow.parent_rhk_id.in_(rhk_ids), SkpRow.superseded_by_id.is_(None))
        .options(
            selectinload(RhkRow.skp),
            selectinload(RhkRow.indicators).selectinload(IndicatorRow.monthly_targets),
        )
        .order_by(RhkRow.created_at, RhkRow.id)
    )
    children: dict[str, list[RhkRow]] = {i: [] for i in rhk_ids}
    for row in await session.scalars(stmt):
        children[str(row.parent_rhk_id)].append(row)
    return [children[i] for i in rhk_ids]


async def current_periods(
    session: AsyncSession, employee_id: str, *, exclude_lineage: str | None = None
) -> list[Period]:
    """Periods of the employee's current (not superseded) SKP versions."""
    stmt = select(SkpRow.period_start, SkpRow.period_end).where(
        SkpRow.employee_id == employee_id, SkpRow.superseded_by_id.is_(None)
    )
    if exclude_lineage is not None:
        stmt = stmt.where(SkpRow.lineage_id != exclude_lineage)
    return [Period(start, end) for start, end in (await session.execute(stmt)).all()]


async def has_skp_overlapping(session: AsyncSession, employee_id: str, period: Period) -> bool:
    """True when the employee has a current SKP version sharing a day with `period`."""
    stmt = select(func.count()).where(
        SkpRow.employee_id == employee_id,
        SkpRow.superseded_by_id.is_(None),
        SkpRow.period_start <= period.end,
        SkpRow.period_end >= period.start,
    )
    return bool(await session.scalar(stmt))


async def skp_covering(session: AsyncSession, employee_id: str, day: date) -> SkpRow | None:
    """The employee's current SKP version whose period covers `day` (with content)."""
    stmt = (
        select(SkpRow)
        .where(
            SkpRow.employee_id == employee_id,
            SkpRow.superseded_by_id.is_(None),
            SkpRow.period_start <= day,
            SkpRow.period_end >= day,
        )
        .options(*_FULL)
    )
    return (await session.scalars(stmt)).first()


async def list_history(session: AsyncSession, lineage_ids: Sequence[str]) -> list[list[SkpRow]]:
    """For each lineage, every version (with content), oldest first."""
    stmt = (
        select(SkpRow)
        .where(SkpRow.lineage_id.in_(lineage_ids))
        .options(*_FULL)
        .order_by(SkpRow.version)
    )
    history: dict[str, list[SkpRow]] = {i: [] for i in lineage_ids}
    for row in await session.scalars(stmt):
        history[row.lineage_id].append(row)
    return [history[i] for i in lineage_ids]


async def list_employee_skps(
    session: AsyncSession, employee_id: str, *, first: int, after: Sequence[object] | None
) -> list[SkpRow]:
    """A page (first + 1 rows) of the employee's current SKP versions, by period start."""
    stmt = (
        select(SkpRow)
        .where(SkpRow.employee_id == employee_id, SkpRow.superseded_by_id.is_(None))
        .options(*_FULL)
    )
    cursor = [date.fromisoformat(str(after[0])), str(after[1])] if after else None
    stmt = keyset(stmt, [SkpRow.period_start.expression, SkpRow.id.expression], cursor)
    stmt = stmt.limit(first + 1)
    return list(await session.scalars(stmt))


async def list_cascade_rhk(
    session: AsyncSession, *, unit_ids: Sequence[str] | None, year: int
) -> list[RhkRow]:
    """RHK of every SKP of `year` (in `unit_ids`, or all) for the cascade view.

    Per SKP lineage, the latest APPROVED version is taken, or the current one when none is
    approved yet. Each row has `skp` loaded: `row.employee_id`, `row.skp_status`,
    `row.parent_rhk_id`, `row.plan_output_id`, `row.unit_indicator_id`, `row.skp.unit_id`.
    """
    stmt = select(SkpRow).where(
        SkpRow.period_start >= date(year, 1, 1), SkpRow.period_start <= date(year, 12, 31)
    )
    if unit_ids is not None:
        stmt = stmt.where(SkpRow.unit_id.in_(list(unit_ids)))
    chosen: dict[str, SkpRow] = {}
    for row in await session.scalars(stmt.order_by(SkpRow.version)):
        held = chosen.get(row.lineage_id)
        if (
            held is None
            or row.status is SkpStatus.APPROVED
            or held.status is not SkpStatus.APPROVED
        ):
            chosen[row.lineage_id] = row
    if not chosen:
        return []
    rhk = (
        select(RhkRow)
        .where(RhkRow.skp_id.in_([row.id for row in chosen.values()]))
        .options(selectinload(RhkRow.skp))
        .order_by(RhkRow.employee_id, RhkRow.skp_id, RhkRow.position)
    )
    return list(await session.scalars(rhk))


async def next_position(
    session: AsyncSession, model: type[RhkRow | ActivityRow], skp_id: str
) -> int:
    """The position after the last RHK (or activity) of an SKP."""
    last = await session.scalar(select(func.max(model.position)).where(model.skp_id == skp_id))
    return (last or 0) + 1


async def next_indicator_position(session: AsyncSession, rhk_id: str) -> int:
    """The position after the last indicator of an RHK."""
    stmt = select(func.max(IndicatorRow.position)).where(IndicatorRow.rhk_id == rhk_id)
    return (await session.scalar(stmt) or 0) + 1
