"""Unit ratings, the appraisal rule sets in force, and competency gaps from identity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Date, Integer, String, Table, Text, UniqueConstraint, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import is_postgres
from kinerja.directory.tables import DirectoryUnit
from services.appraisal.domain.types import UnitRating
from services.appraisal.store.base import Base, UtcDateTime, enum_column


class UnitRatingRow(Base):
    """A unit's rating for a period by the head of the level above (one per unit and period;
    a re-rating before the unit's appraisals are final replaces it, with `revision` bumped)."""

    __tablename__ = "unit_rating"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_unit_rating_period"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), index=True)
    period: Mapped[str] = mapped_column(String(10), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    rating: Mapped[UnitRating] = mapped_column(enum_column(UnitRating))
    note: Mapped[str] = mapped_column(Text, default="")
    rated_by: Mapped[str] = mapped_column(String(36))
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revision: Mapped[int] = mapped_column(Integer, default=1)


class RuleSetRow(Base):
    """Appraisal parameters (`AppraisalRules` as JSON) in force from `effective_from`."""

    __tablename__ = "rule_set"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    parameters: Mapped[str] = mapped_column(Text)  # JSON (domain.rules_json.rules_to_dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CompetencyGapRow(Base):
    """An employee's competency gap as identity publishes it (required level above assessed)."""

    __tablename__ = "competency_gap"

    employee_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    competency: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # TECHNICAL | MANAGERIAL | SOCIO_CULTURAL
    required_level: Mapped[int] = mapped_column(Integer)
    assessed_level: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CompetencyGapSetRow(Base):
    """The version of an employee's competency gaps last applied (kept even when the gap list
    is empty, so an older, redelivered version never revives gaps that were closed)."""

    __tablename__ = "competency_gap_set"

    employee_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- queries ---------------------------------------------------------------------------------


async def get_unit_rating(session: AsyncSession, unit_id: str, period: str) -> UnitRatingRow | None:
    """The unit's rating for a period label, or None."""
    query = select(UnitRatingRow).where(
        UnitRatingRow.unit_id == unit_id, UnitRatingRow.period == period
    )
    return (await session.scalars(query)).one_or_none()


async def revise_unit_rating(
    session: AsyncSession,
    row: UnitRatingRow,
    *,
    rating: UnitRating,
    note: str,
    rated_by: str,
    rated_at: datetime,
) -> bool:
    """Replace a rating if nobody revised it since it was read (False otherwise)."""
    statement = (
        update(UnitRatingRow)
        .where(UnitRatingRow.id == row.id, UnitRatingRow.revision == row.revision)
        .values(
            rating=rating,
            note=note,
            rated_by=rated_by,
            rated_at=rated_at,
            revision=row.revision + 1,
        )
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    changed = bool(getattr(result, "rowcount", 0))
    if changed:
        await session.refresh(row)
    return changed


async def child_units(session: AsyncSession, unit_id: str) -> list[DirectoryUnit]:
    """The unit's active child units in the directory replica, by code."""
    query = (
        select(DirectoryUnit)
        .where(DirectoryUnit.parent_id == unit_id, DirectoryUnit.active.is_(True))
        .order_by(DirectoryUnit.code, DirectoryUnit.id)
    )
    return list((await session.scalars(query)).all())


async def rule_set_on(session: AsyncSession, day: date) -> RuleSetRow | None:
    """The rule set in force on `day` (latest `effective_from` on or before it), or None."""
    query = (
        select(RuleSetRow)
        .where(RuleSetRow.effective_from <= day)
        .order_by(RuleSetRow.effective_from.desc())
        .limit(1)
    )
    return (await session.scalars(query)).one_or_none()


async def rule_set_from(session: AsyncSession, effective_from: date) -> RuleSetRow | None:
    """The rule set that takes effect exactly on `effective_from`, or None."""
    query = select(RuleSetRow).where(RuleSetRow.effective_from == effective_from)
    return (await session.scalars(query)).one_or_none()


async def list_rule_sets(
    session: AsyncSession, *, first: int, after: date | None = None
) -> Sequence[RuleSetRow]:
    """Rule sets by `effective_from`, `first + 1` of them after the cursor (keyset paging)."""
    query = select(RuleSetRow).order_by(RuleSetRow.effective_from).limit(first + 1)
    if after is not None:
        query = query.where(RuleSetRow.effective_from > after)
    return (await session.scalars(query)).all()


async def gaps_of(session: AsyncSession, employee_id: str) -> list[CompetencyGapRow]:
    """The employee's competency gaps, by competency."""
    query = (
        select(CompetencyGapRow)
        .where(CompetencyGapRow.employee_id == employee_id)
        .order_by(CompetencyGapRow.competency)
    )
    return list((await session.scalars(query)).all())


async def delete_gaps(session: AsyncSession, employee_id: str) -> None:
    """Remove every competency gap of the employee."""
    await session.execute(
        delete(CompetencyGapRow).where(CompetencyGapRow.employee_id == employee_id)
    )


async def claim_gap_version(
    session: AsyncSession, employee_id: str, version: int, *, at: datetime
) -> bool:
    """Record `version` as the employee's gap version if it is newer than the stored one, in one
    atomic statement; True when it was (the caller then replaces the gaps)."""
    table = cast(Table, CompetencyGapSetRow.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    values = {"employee_id": employee_id, "version": version, "updated_at": at}
    statement = insert(table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.employee_id],
        set_={"version": statement.excluded.version, "updated_at": statement.excluded.updated_at},
        where=table.c.version < statement.excluded.version,
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))
