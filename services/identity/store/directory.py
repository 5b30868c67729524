"""The directory's tables (units, positions, employees, assignments) and every query on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import enum_column, is_postgres, keyset
from services.identity.domain import (
    AsnType,
    AssignmentKind,
    EmployeeStatus,
    Gender,
    JobType,
    OrgUnitType,
)
from services.identity.store.base import PATH_SEPARATOR, Base, Versioned


class OrgUnitRow(Versioned, Base):
    """A unit of the organisation tree; `path` is `/root/…/own/` for subtree queries."""

    __tablename__ = "org_unit"
    # Pattern ops let PostgreSQL use the index for `path LIKE '/a/b/%'` whatever the collation.
    __table_args__ = (
        Index("ix_org_unit_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[OrgUnitType] = mapped_column(enum_column(OrgUnitType))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(2000))
    time_zone: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool]

    @property
    def path_ids(self) -> tuple[str, ...]:
        """Ids from the root down to this unit."""
        return tuple(part for part in self.path.split(PATH_SEPARATOR) if part)


def encode_path(ids: Sequence[str]) -> str:
    """The stored form of a path: `/a/b/c/` (a prefix of every descendant's path)."""
    return PATH_SEPARATOR + "".join(f"{i}{PATH_SEPARATOR}" for i in ids)


class PositionRow(Versioned, Base):
    """A position (jabatan) in a unit, with its job type, kelas jabatan and reports-to line."""

    __tablename__ = "position"
    __table_args__ = (
        CheckConstraint("kelas_jabatan BETWEEN 1 AND 17", name="kelas_jabatan_range"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    job_type: Mapped[JobType] = mapped_column(enum_column(JobType))
    kelas_jabatan: Mapped[int] = mapped_column(Integer)
    reports_to_id: Mapped[str | None] = mapped_column(ForeignKey("position.id"), index=True)
    active: Mapped[bool]


class EmployeeRow(Versioned, Base):
    """An ASN; `name_key` is the lower-cased name that searches match against."""

    __tablename__ = "employee"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    asn_type: Mapped[AsnType] = mapped_column(enum_column(AsnType))
    status: Mapped[EmployeeStatus] = mapped_column(enum_column(EmployeeStatus))
    golongan: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    appointment_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(enum_column(Gender))


class AssignmentRow(Versioned, Base):
    """Who holds which position from/to (inclusive), definitively or acting."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"), index=True)
    position_id: Mapped[str] = mapped_column(ForeignKey("position.id"), index=True)
    kind: Mapped[AssignmentKind] = mapped_column(enum_column(AssignmentKind))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


def like_prefix(text: str) -> str:
    """A LIKE pattern matching `text` literally at the start (escape character `\\`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def _active_on(day: date) -> Any:
    return (AssignmentRow.start_date <= day) & (
        AssignmentRow.end_date.is_(None) | (AssignmentRow.end_date >= day)
    )


# Any fixed 64-bit number: the advisory lock that serialises changes to the tree and reports-to.
_STRUCTURE_LOCK_KEY = 4101_0001


async def serialize_structure_changes(session: AsyncSession) -> None:
    """Take the transaction-wide lock that makes moves and reports-to changes one at a time.

    Cycle checks read the tree and then write; two concurrent moves could each pass their check
    and together form a cycle. SQLite already serialises writers (BEGIN IMMEDIATE).
    """
    if is_postgres(session):
        await session.execute(select(func.pg_advisory_xact_lock(_STRUCTURE_LOCK_KEY)))


# --- units -----------------------------------------------------------------------------------


async def get_unit(session: AsyncSession, unit_id: str) -> OrgUnitRow | None:
    """A unit by id."""
    return await session.get(OrgUnitRow, unit_id)


async def get_units(session: AsyncSession, unit_ids: Iterable[str]) -> list[OrgUnitRow]:
    """Units by id (any order; missing ids are left out)."""
    ids = list(set(unit_ids))
    if not ids:
        return []
    return list(await session.scalars(select(OrgUnitRow).where(OrgUnitRow.id.in_(ids))))


async def find_unit_id_by_code(session: AsyncSession, code: str) -> str | None:
    """The id of the unit with `code`, if any."""
    return await session.scalar(select(OrgUnitRow.id).where(OrgUnitRow.code == code))


async def list_children(session: AsyncSession, parent_ids: Sequence[str]) -> list[OrgUnitRow]:
    """Direct children of the given units, by code."""
    stmt = select(OrgUnitRow).where(OrgUnitRow.parent_id.in_(parent_ids))
    return list(await session.scalars(stmt.order_by(OrgUnitRow.code, OrgUnitRow.id)))


def _subtree(stmt: Select[Any], unit: OrgUnitRow) -> Select[Any]:
    return stmt.where(OrgUnitRow.path.like(like_prefix(unit.path), escape="\\"))


async def list_subtree_page(
    session: AsyncSession, unit: OrgUnitRow, *, first: int, after: Sequence[Any] | None
) -> list[OrgUnitRow]:
    """A page (first + 1 rows) of a unit and its descendants in tree order (by path)."""
    stmt = keyset(_subtree(select(OrgUnitRow), unit), [OrgUnitRow.path.expression], after)
    return list(await session.scalars(stmt.limit(first + 1)))


async def lock_descendants(session: AsyncSession, unit: OrgUnitRow) -> list[OrgUnitRow]:
    """Every descendant of a unit (not the unit itself), locked for update, in tree order."""
    stmt = _subtree(select(OrgUnitRow), unit).where(OrgUnitRow.id != unit.id)
    stmt = stmt.order_by(OrgUnitRow.path).with_for_update()
    return list(await session.scalars(stmt.execution_options(populate_existing=True)))


# --- positions -------------------------------------------------------------------------------


async def get_position(session: AsyncSession, position_id: str) -> PositionRow | None:
    """A position by id."""
    return await session.get(PositionRow, position_id)


async def get_positions(session: AsyncSession, position_ids: Iterable[str]) -> list[PositionRow]:
    """Positions by id (any order; missing ids are left out)."""
    ids = list(set(position_ids))
    if not ids:
        return []
    return list(await session.scalars(select(PositionRow).where(PositionRow.id.in_(ids))))


async def lock_position(session: AsyncSession, position_id: str) -> PositionRow | None:
    """A position locked for update, so assignments to it are checked one at a time."""
    stmt = select(PositionRow).where(PositionRow.id == position_id).with_for_update()
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def list_positions_page(
    session: AsyncSession, *, unit_id: str | None, first: int, after: Sequence[Any] | None
) -> list[PositionRow]:
    """A page (first + 1 rows) of positions, of one unit or all, by title."""
    stmt = select(PositionRow)
    if unit_id is not None:
        stmt = stmt.where(PositionRow.unit_id == unit_id)
    stmt = keyset(stmt, [PositionRow.title.expression, PositionRow.id.expression], after)
    return list(await session.scalars(stmt.limit(first + 1)))


async def reporting_line(session: AsyncSession, position_id: str) -> list[str]:
    """The position's id and every position above it along reports-to (stops on a loop)."""
    start = select(PositionRow.id, PositionRow.reports_to_id).where(PositionRow.id == position_id)
    line = start.cte("line", recursive=True)
    parent = select(PositionRow.id, PositionRow.reports_to_id).join(
        line, PositionRow.id == line.c.reports_to_id
    )
    line = line.union(parent)
    return list(await session.scalars(select(line.c.id)))


async def list_positions_reporting_to(
    session: AsyncSession, position_ids: Sequence[str]
) -> list[PositionRow]:
    """Positions whose reports-to is one of the given positions."""
    stmt = select(PositionRow).where(PositionRow.reports_to_id.in_(position_ids))
    return list(await session.scalars(stmt.order_by(PositionRow.id)))


# --- employees -------------------------------------------------------------------------------


async def get_employee(session: AsyncSession, employee_id: str) -> EmployeeRow | None:
    """An employee by id."""
    return await session.get(EmployeeRow, employee_id)


async def get_employees(session: AsyncSession, employee_ids: Iterable[str]) -> list[EmployeeRow]:
    """Employees by id (any order; missing ids are left out)."""
    ids = list(set(employee_ids))
    if not ids:
        return []
    return list(await session.scalars(select(EmployeeRow).where(EmployeeRow.id.in_(ids))))


async def lock_employee(session: AsyncSession, employee_id: str) -> EmployeeRow | None:
    """An employee locked for update (assignments of one employee are checked one at a time)."""
    stmt = select(EmployeeRow).where(EmployeeRow.id == employee_id).with_for_update()
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def get_employee_by_nip(session: AsyncSession, nip: str) -> EmployeeRow | None:
    """An employee by NIP (the stored form, without spaces)."""
    return await session.scalar(select(EmployeeRow).where(EmployeeRow.nip == nip))


@dataclass(frozen=True)
class EmployeeScope:
    """The employees a caller may list: these ids, plus whoever works in these subtrees."""

    employee_ids: frozenset[str]
    unit_paths: tuple[str, ...]


def _working_in(paths: Sequence[str], day: date) -> Any:
    stmt = (
        select(AssignmentRow.employee_id)
        .join(PositionRow, PositionRow.id == AssignmentRow.position_id)
        .join(OrgUnitRow, OrgUnitRow.id == PositionRow.unit_id)
        .where(_active_on(day))
    )
    prefixes = [OrgUnitRow.path.like(like_prefix(path), escape="\\") for path in paths]
    return stmt.where(or_(*prefixes))


async def search_employees_page(
    session: AsyncSession,
    *,
    search: str | None,
    unit: OrgUnitRow | None,
    day: date,
    first: int,
    after: Sequence[Any] | None,
    within: EmployeeScope | None = None,
) -> list[EmployeeRow]:
    """A page (first + 1 rows) of employees by name: name-word or NIP prefix, unit subtree;
    `within` limits it to the employees a caller may see."""
    stmt = select(EmployeeRow)
    if search:
        stmt = stmt.where(_matches(search))
    if unit is not None:
        stmt = stmt.where(EmployeeRow.id.in_(_working_in([unit.path], day)))
    if within is not None:
        visible: Any = EmployeeRow.id.in_(sorted(within.employee_ids))
        if within.unit_paths:
            visible = or_(visible, EmployeeRow.id.in_(_working_in(within.unit_paths, day)))
        stmt = stmt.where(visible)
    stmt = keyset(stmt, [EmployeeRow.name.expression, EmployeeRow.id.expression], after)
    return list(await session.scalars(stmt.limit(first + 1)))


def _matches(search: str) -> Any:
    words = " ".join(search.lower().split())
    conditions = [
        EmployeeRow.name_key.like(like_prefix(words), escape="\\"),
        EmployeeRow.name_key.like("% " + like_prefix(words), escape="\\"),
    ]
    digits = "".join(search.split())
    if digits.isdigit():
        conditions.append(EmployeeRow.nip.like(like_prefix(digits), escape="\\"))
    return or_(*conditions)


# --- assignments -----------------------------------------------------------------------------


async def get_assignment(session: AsyncSession, assignment_id: str) -> AssignmentRow | None:
    """An assignment by id."""
    return await session.get(AssignmentRow, assignment_id)


async def list_assignments_of_employees(
    session: AsyncSession, employee_ids: Sequence[str]
) -> list[AssignmentRow]:
    """Every assignment of the given employees, newest start first."""
    stmt = select(AssignmentRow).where(AssignmentRow.employee_id.in_(employee_ids))
    order = (AssignmentRow.start_date.desc(), AssignmentRow.id)
    return list(await session.scalars(stmt.order_by(*order)))


async def list_assignments_of_positions(
    session: AsyncSession, position_ids: Sequence[str], *, on: date | None = None
) -> list[AssignmentRow]:
    """Assignments to the given positions (only those active `on` a day, when given)."""
    stmt = select(AssignmentRow).where(AssignmentRow.position_id.in_(position_ids))
    if on is not None:
        stmt = stmt.where(_active_on(on))
    return list(await session.scalars(stmt.order_by(AssignmentRow.start_date, AssignmentRow.id)))


async def list_assignments_touching(
    session: AsyncSession, *, employee_id: str, position_id: str
) -> list[AssignmentRow]:
    """Assignments of this employee or to this position (the ones an overlap rule compares)."""
    stmt = select(AssignmentRow).where(
        or_(AssignmentRow.employee_id == employee_id, AssignmentRow.position_id == position_id)
    )
    return list(await session.scalars(stmt.order_by(AssignmentRow.start_date, AssignmentRow.id)))
