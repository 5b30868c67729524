"""The inputs of a run, kept from other services' events: each employee's closed month of
attendance (`activity.attendance.month_closed.v1`, highest revision; withdrawn by a reopening)
and finalised appraisals (`appraisal.appraisal.finalized.v1`). The directory (kelas jabatan,
status, unit) is the kit's replica."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Table,
    Text,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import is_postgres
from kinerja.directory.rules import AssignmentKind, Holding
from kinerja.directory.tables import (
    DirectoryAssignment,
    DirectoryEmployee,
    DirectoryPosition,
    DirectoryUnit,
)
from services.allowance.store.base import Base, UtcDateTime


class MonthSummaryRow(Base):
    """An employee's closed month in one unit (counts as published; JSON maps as text)."""

    __tablename__ = "month_summary"

    employee_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the month
    revision: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[bool] = mapped_column(default=False)  # reopened, not closed again yet
    working_days: Mapped[int] = mapped_column(Integer)
    present_days: Mapped[int] = mapped_column(Integer)
    tl: Mapped[str] = mapped_column(Text)  # {"TL1": n, …}
    psw: Mapped[str] = mapped_column(Text)  # {"PSW1": n, …}
    tl_minutes: Mapped[int] = mapped_column(Integer)
    psw_minutes: Mapped[int] = mapped_column(Integer)
    unexcused_days: Mapped[int] = mapped_column(Integer)
    leave_days: Mapped[str] = mapped_column(Text)  # {leave type: days}
    official_duty_days: Mapped[int] = mapped_column(Integer)
    effective_minutes: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    event_id: Mapped[str] = mapped_column(String(64))


class AppraisalResultRow(Base):
    """A finalised appraisal: the predicate of its period."""

    __tablename__ = "appraisal_result"

    appraisal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36))
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # PERIODIC | ANNUAL
    predicate: Mapped[str] = mapped_column(String(40))
    finalized_at: Mapped[datetime] = mapped_column(UtcDateTime())
    event_id: Mapped[str] = mapped_column(String(64))


class MonthReopeningRow(Base):
    """A unit's month reopened at a revision: summaries up to it stay withdrawn, whichever of
    the close and the reopening arrives first."""

    __tablename__ = "month_reopening"

    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    reopened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    event_id: Mapped[str] = mapped_column(String(64))


# --- consuming events --------------------------------------------------------------------------


def _insert(session: AsyncSession, model: type[Base], values: dict[str, Any]) -> Any:
    table = cast(Table, model.__table__)
    insert = pg_insert if is_postgres(session) else sqlite_insert
    return insert(table).values(values)


async def reopened_up_to(session: AsyncSession, unit_id: str, month: date) -> int:
    """The highest revision of the unit's month that was reopened (0: never)."""
    query = select(func.max(MonthReopeningRow.revision)).where(
        MonthReopeningRow.unit_id == unit_id, MonthReopeningRow.month == month
    )
    return int(await session.scalar(query) or 0)


async def upsert_month_summary(session: AsyncSession, values: dict[str, Any]) -> None:
    """Keep the highest revision per (employee, unit, month); a lower or equal one changes
    nothing. One atomic statement, so concurrent consumers cannot interleave."""
    statement = _insert(session, MonthSummaryRow, values)
    table = cast(Table, MonthSummaryRow.__table__)
    keys = {"employee_id", "unit_id", "month"}
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.employee_id, table.c.unit_id, table.c.month],
        set_={name: statement.excluded[name] for name in values if name not in keys},
        where=table.c.revision < statement.excluded.revision,
    )
    await session.execute(statement)


async def record_month_reopening(session: AsyncSession, values: dict[str, Any]) -> None:
    """Remember a reopening (a replay does nothing) and withdraw the summaries it covers."""
    statement = _insert(session, MonthReopeningRow, values).on_conflict_do_nothing()
    await session.execute(statement)
    await session.execute(
        update(MonthSummaryRow)
        .where(
            MonthSummaryRow.unit_id == values["unit_id"],
            MonthSummaryRow.month == values["month"],
            MonthSummaryRow.revision <= values["revision"],
        )
        .values(withdrawn=True)
    )


async def insert_appraisal_result(session: AsyncSession, values: dict[str, Any]) -> None:
    """Store a finalised appraisal once; a duplicate or replay does nothing."""
    await session.execute(_insert(session, AppraisalResultRow, values).on_conflict_do_nothing())


# --- reading for a run (set-based: a few queries per chunk of units) ---------------------------

_KINDS = [kind.value for kind in AssignmentKind]
CHUNK = 1000  # ids per IN list: well below SQLite's and asyncpg's bound-parameter limits


def chunks(ids: Sequence[str], size: int = CHUNK) -> list[list[str]]:
    """`ids` in lists of at most `size` (at least one list, possibly empty)."""
    items = list(ids)
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


@dataclass(frozen=True)
class UnitLink:
    """A unit of the directory replica: its parent and name."""

    id: str
    parent_id: str | None
    name: str


@dataclass(frozen=True)
class PlacedHolding:
    """A holding with the unit and kelas jabatan of its position."""

    holding: Holding
    unit_id: str
    kelas: int


async def all_units(session: AsyncSession) -> list[UnitLink]:
    """Every unit of the replica (id, parent, name) — small next to the employees."""
    query = select(DirectoryUnit.id, DirectoryUnit.parent_id, DirectoryUnit.name)
    return [UnitLink(*row) for row in (await session.execute(query)).all()]


def members_of(unit_ids: Sequence[str], first: date, last: date) -> Select[Any]:
    """Employees holding a position of one of the units on some day of first..last."""
    return (
        select(DirectoryAssignment.employee_id)
        .join(DirectoryPosition, DirectoryPosition.id == DirectoryAssignment.position_id)
        .where(
            DirectoryPosition.unit_id.in_(list(unit_ids)),
            *_overlapping(first, last),
        )
    )


def _overlapping(first: date, last: date) -> list[ColumnElement[bool]]:
    return [
        DirectoryAssignment.deleted.is_(False),
        DirectoryAssignment.kind.in_(_KINDS),
        DirectoryAssignment.start_date <= last,
        or_(DirectoryAssignment.end_date.is_(None), DirectoryAssignment.end_date >= first),
    ]


async def placed_holdings(
    session: AsyncSession, employees: Select[Any], first: date, last: date
) -> dict[str, PlacedHolding]:
    """Assignment id → every holding of those employees overlapping first..last (anywhere)."""
    query = (
        select(DirectoryAssignment, DirectoryPosition.unit_id, DirectoryPosition.kelas_jabatan)
        .join(DirectoryPosition, DirectoryPosition.id == DirectoryAssignment.position_id)
        .where(DirectoryAssignment.employee_id.in_(employees), *_overlapping(first, last))
    )
    found: dict[str, PlacedHolding] = {}
    for row, unit_id, kelas in (await session.execute(query)).all():
        holding = Holding(
            employee_id=row.employee_id,
            position_id=row.position_id,
            kind=AssignmentKind(row.kind),
            start=row.start_date,
            end=row.end_date,
        )
        found[row.id] = PlacedHolding(holding, unit_id, kelas)
    return found


async def directory_employees(
    session: AsyncSession, employees: Select[Any]
) -> list[tuple[str, str, str, str]]:
    """(id, nip, name, status) of those employees the replica knows."""
    employee = DirectoryEmployee
    query = select(employee.id, employee.nip, employee.name, employee.status).where(
        employee.id.in_(employees)
    )
    return [(a, b, c, d) for a, b, c, d in (await session.execute(query)).all()]


async def month_summaries(
    session: AsyncSession, unit_ids: Sequence[str], month: date
) -> list[MonthSummaryRow]:
    """The closed months (withdrawn ones too) of the units' members in `month`."""
    query = select(MonthSummaryRow).where(
        MonthSummaryRow.unit_id.in_(list(unit_ids)), MonthSummaryRow.month == month
    )
    return list((await session.scalars(query)).all())


async def periodic_results_covering(
    session: AsyncSession, employees: Select[Any], first: date, last: date
) -> list[AppraisalResultRow]:
    """Finalised PERIODIC appraisals of those employees whose period covers first..last."""
    query = select(AppraisalResultRow).where(
        AppraisalResultRow.employee_id.in_(employees),
        AppraisalResultRow.kind == "PERIODIC",
        AppraisalResultRow.period_start <= first,
        AppraisalResultRow.period_end >= last,
    )
    return list((await session.scalars(query)).all())


def one_employee(employee_id: str) -> Select[Any]:
    """The employee as a one-row subquery, to read with the organisation-wide queries."""
    return select(literal(employee_id, String))


async def month_summaries_of(
    session: AsyncSession, employee_id: str, month: date
) -> list[MonthSummaryRow]:
    """The employee's closed months (withdrawn ones too) in every unit in `month`."""
    query = select(MonthSummaryRow).where(
        MonthSummaryRow.employee_id == employee_id, MonthSummaryRow.month == month
    )
    return list((await session.scalars(query)).all())


async def latest_position_unit(session: AsyncSession, employee_id: str) -> str | None:
    """The unit of the employee's most recently started holding (any day), or None."""
    query = (
        select(DirectoryPosition.unit_id)
        .join(DirectoryAssignment, DirectoryAssignment.position_id == DirectoryPosition.id)
        .where(
            DirectoryAssignment.employee_id == employee_id,
            DirectoryAssignment.deleted.is_(False),
        )
        .order_by(DirectoryAssignment.start_date.desc(), DirectoryAssignment.id)
        .limit(1)
    )
    return await session.scalar(query)
