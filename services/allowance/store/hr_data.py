"""What HR records for the allowance: disciplinary sanctions, profession allowances, study leave."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, Select, String, Text, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.allowance.store.base import Base, UtcDateTime, percent


class SanctionRow(Base):
    """A disciplinary sanction on the tukin (e.g. −25 % for 6, 9 or 12 months)."""

    __tablename__ = "sanction"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    start_month: Mapped[date] = mapped_column(Date)  # first day of the first month
    months: Mapped[int] = mapped_column(Integer)
    percent: Mapped[Decimal] = mapped_column(percent())
    reference: Mapped[str] = mapped_column(Text)  # the decision letter (SK) number
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_by: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ProfessionAllowanceRow(Base):
    """A functional official's monthly profession allowance (tunjangan profesi) from a month."""

    __tablename__ = "profession_allowance"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    monthly_amount: Mapped[int] = mapped_column(BigInteger)  # whole rupiah
    start_month: Mapped[date] = mapped_column(Date)
    end_month: Mapped[date | None] = mapped_column(Date)  # inclusive; None: open
    reference: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StudyLeaveRow(Base):
    """Tugas belajar: the education level studied for sets the class paid."""

    __tablename__ = "study_leave"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    education: Mapped[str] = mapped_column(String(10))  # D | S1 | S2 | S3
    start_month: Mapped[date] = mapped_column(Date)
    end_month: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- queries -----------------------------------------------------------------------------------


async def get_sanction(session: AsyncSession, sanction_id: str) -> SanctionRow | None:
    """A sanction by id."""
    return await session.get(SanctionRow, sanction_id)


async def get_profession_allowance(
    session: AsyncSession, allowance_id: str, *, for_update: bool = False
) -> ProfessionAllowanceRow | None:
    """A profession allowance by id (locked for the transaction when asked, on PostgreSQL)."""
    return await session.get(ProfessionAllowanceRow, allowance_id, with_for_update=for_update)


async def sanctions_of(session: AsyncSession, employee_id: str) -> list[SanctionRow]:
    """The employee's sanctions (revoked ones too), oldest first."""
    query = (
        select(SanctionRow)
        .where(SanctionRow.employee_id == employee_id)
        .order_by(SanctionRow.start_month, SanctionRow.recorded_at, SanctionRow.id)
    )
    return list((await session.scalars(query)).all())


async def profession_allowances_of(
    session: AsyncSession, employee_id: str, *, for_update: bool = False
) -> list[ProfessionAllowanceRow]:
    """The employee's profession allowances, oldest first."""
    query = (
        select(ProfessionAllowanceRow)
        .where(ProfessionAllowanceRow.employee_id == employee_id)
        .order_by(ProfessionAllowanceRow.start_month, ProfessionAllowanceRow.id)
    )
    if for_update:
        query = query.with_for_update()
    return list((await session.scalars(query)).all())


async def study_leaves_of(
    session: AsyncSession, employee_id: str, *, for_update: bool = False
) -> list[StudyLeaveRow]:
    """The employee's study leaves, oldest first."""
    query = (
        select(StudyLeaveRow)
        .where(StudyLeaveRow.employee_id == employee_id)
        .order_by(StudyLeaveRow.start_month, StudyLeaveRow.id)
    )
    if for_update:
        query = query.with_for_update()
    return list((await session.scalars(query)).all())


async def unrevoked_sanctions_from(
    session: AsyncSession, employees: Select[Any], month: date
) -> list[SanctionRow]:
    """Unrevoked sanctions of those employees that started by `month` (the caller checks
    whether they still run)."""
    query = select(SanctionRow).where(
        SanctionRow.employee_id.in_(employees),
        SanctionRow.revoked_at.is_(None),
        SanctionRow.start_month <= month,
    )
    return list((await session.scalars(query)).all())


async def profession_allowances_in(
    session: AsyncSession, employees: Select[Any], month: date
) -> list[ProfessionAllowanceRow]:
    """Profession allowances of those employees in force in `month`."""
    query = select(ProfessionAllowanceRow).where(
        ProfessionAllowanceRow.employee_id.in_(employees),
        ProfessionAllowanceRow.start_month <= month,
        or_(ProfessionAllowanceRow.end_month.is_(None), ProfessionAllowanceRow.end_month >= month),
    )
    return list((await session.scalars(query)).all())


async def study_leaves_in(
    session: AsyncSession, employees: Select[Any], month: date
) -> list[StudyLeaveRow]:
    """Study leaves of those employees in force in `month`."""
    query = select(StudyLeaveRow).where(
        StudyLeaveRow.employee_id.in_(employees),
        StudyLeaveRow.start_month <= month,
        or_(StudyLeaveRow.end_month.is_(None), StudyLeaveRow.end_month >= month),
    )
    return list((await session.scalars(query)).all())
