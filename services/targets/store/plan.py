"""Work-plan tables (versions, programs, kegiatan, KRO, RO, IKU) and every query on them.

Each import of a unit's plan for a year is a version (`plan`); its content lives in the child
tables keyed by (plan id, code). RO and IKU ids are the same in every version of the plan
(`domain.plan.output_id`), so RHK cascaded from them survive a revision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import UtcDateTime, enum_column
from kinerja.directory.tables import DirectoryUnit
from services.targets.domain.plan import PlanStatus
from services.targets.domain.skp import Direction
from services.targets.store.base import Base, money
from services.targets.store.skp import RhkRow

CODE_LENGTH = 40


def _plan_id() -> Mapped[str]:
    return mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)


class PlanRow(Base):
    """One version of a unit's work plan for a fiscal year."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("unit_id", "year", "version"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PlanProgramRow(Base):
    """A program of a plan version."""

    __tablename__ = "plan_program"

    plan_id: Mapped[str] = _plan_id()
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class PlanKegiatanRow(Base):
    """A kegiatan (activity) of a plan version, under its program."""

    __tablename__ = "plan_kegiatan"

    plan_id: Mapped[str] = _plan_id()
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    program_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    name: Mapped[str] = mapped_column(Text)


class PlanKroRow(Base):
    """A KRO (output class) of a plan version, under its kegiatan."""

    __tablename__ = "plan_kro"

    plan_id: Mapped[str] = _plan_id()
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    kegiatan_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    name: Mapped[str] = mapped_column(Text)


class PlanOutputRow(Base):
    """An RO (detailed output) of a plan version: unit of measure, volume, pagu in rupiah."""

    __tablename__ = "plan_output"
    __table_args__ = (
        CheckConstraint("volume > 0", name="volume_positive"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
    )

    plan_id: Mapped[str] = _plan_id()
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), index=True)
    kro_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100))
    volume: Mapped[Decimal] = mapped_column(money())
    budget: Mapped[int] = mapped_column(BigInteger)


class PlanIndicatorRow(Base):
    """A unit indicator (IKU) of a plan version with its target."""

    __tablename__ = "plan_indicator"

    plan_id: Mapped[str] = _plan_id()
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(Text)
    target_value: Mapped[Decimal] = mapped_column(money())
    unit: Mapped[str] = mapped_column(String(100))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))


CONTENT_TABLES = (PlanProgramRow, PlanKegiatanRow, PlanKroRow, PlanOutputRow, PlanIndicatorRow)


async def get_plan(
    session: AsyncSession, plan_id: str, *, for_update: bool = False
) -> PlanRow | None:
    """A plan version by id (locked for the transaction when `for_update`)."""
    stmt = select(PlanRow).where(PlanRow.id == plan_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def latest_plan(
    session: AsyncSession,
    unit_id: str,
    year: int,
    *,
    statuses: Sequence[PlanStatus] | None = None,
    for_update: bool = False,
) -> PlanRow | None:
    """The unit's newest plan version of `year` (among `statuses` when given)."""
    stmt = select(PlanRow).where(PlanRow.unit_id == unit_id, PlanRow.year == year)
    if statuses is not None:
        stmt = stmt.where(PlanRow.status.in_(list(statuses)))
    stmt = stmt.order_by(PlanRow.version.desc()).limit(1)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def plan_version(
    session: AsyncSession, unit_id: str, year: int, version: int
) -> PlanRow | None:
    """One version of the unit's plan of `year`."""
    stmt = select(PlanRow).where(
        PlanRow.unit_id == unit_id, PlanRow.year == year, PlanRow.version == version
    )
    return (await session.scalars(stmt)).first()


async def list_published_plans(session: AsyncSession, unit_id: str, year: int) -> list[PlanRow]:
    """The unit's PUBLISHED plan versions of `year` (normally one)."""
    stmt = select(PlanRow).where(
        PlanRow.unit_id == unit_id,
        PlanRow.year == year,
        PlanRow.status == PlanStatus.PUBLISHED,
    )
    return list(await session.scalars(stmt))


async def delete_content(session: AsyncSession, plan_id: str) -> None:
    """Remove a plan version's content (a draft about to be replaced)."""
    for table in CONTENT_TABLES:
        await session.execute(delete(table).where(table.plan_id == plan_id))


@dataclass(frozen=True)
class PlanContentRows:
    """A plan version's content rows, each level by code."""

    programs: list[PlanProgramRow]
    kegiatan: list[PlanKegiatanRow]
    kros: list[PlanKroRow]
    outputs: list[PlanOutputRow]
    indicators: list[PlanIndicatorRow]


ContentT = TypeVar(
    "ContentT", PlanProgramRow, PlanKegiatanRow, PlanKroRow, PlanOutputRow, PlanIndicatorRow
)


async def _content(session: AsyncSession, table: type[ContentT], plan_id: str) -> list[ContentT]:
    stmt = select(table).where(table.plan_id == plan_id).order_by(table.code)
    return list(await session.scalars(stmt))


async def list_content(session: AsyncSession, plan_id: str) -> PlanContentRows:
    """A plan version's programs, kegiatan, KROs, ROs and IKUs."""
    return PlanContentRows(
        programs=await _content(session, PlanProgramRow, plan_id),
        kegiatan=await _content(session, PlanKegiatanRow, plan_id),
        kros=await _content(session, PlanKroRow, plan_id),
        outputs=await _content(session, PlanOutputRow, plan_id),
        indicators=await _content(session, PlanIndicatorRow, plan_id),
    )


async def list_subtree_unit_ids(session: AsyncSession, unit_id: str) -> list[str]:
    """The unit and every unit below it in the directory replica, by parent links."""
    found = [unit_id]
    frontier = [unit_id]
    while frontier:
        stmt = select(DirectoryUnit.id).where(DirectoryUnit.parent_id.in_(frontier))
        frontier = [i for i in await session.scalars(stmt) if i not in found]
        found += frontier
    return found


async def rhk_lineages(session: AsyncSession, rhk_ids: Sequence[str]) -> dict[str, str]:
    """The lineage of each RHK version (to follow a parent link to the version in view)."""
    if not rhk_ids:
        return {}
    stmt = select(RhkRow.id, RhkRow.lineage_id).where(RhkRow.id.in_(list(rhk_ids)))
    return {str(row.id): str(row.lineage_id) for row in await session.execute(stmt)}


async def find_published_output(
    session: AsyncSession, output_id: str, *, year: int
) -> PlanOutputRow | None:
    """An RO of a PUBLISHED plan of `year` (what an RHK may be cascaded from)."""
    stmt = (
        select(PlanOutputRow)
        .join(PlanRow, PlanRow.id == PlanOutputRow.plan_id)
        .where(
            PlanOutputRow.id == output_id,
            PlanRow.year == year,
            PlanRow.status == PlanStatus.PUBLISHED,
        )
    )
    return (await session.scalars(stmt)).first()


async def find_published_indicator(
    session: AsyncSession, indicator_id: str, *, year: int
) -> PlanIndicatorRow | None:
    """An IKU of a PUBLISHED plan of `year` (what an RHK may be cascaded from)."""
    stmt = (
        select(PlanIndicatorRow)
        .join(PlanRow, PlanRow.id == PlanIndicatorRow.plan_id)
        .where(
            PlanIndicatorRow.id == indicator_id,
            PlanRow.year == year,
            PlanRow.status == PlanStatus.PUBLISHED,
        )
    )
    return (await session.scalars(stmt)).first()
