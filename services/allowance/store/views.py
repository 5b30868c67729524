"""Read-side queries of the graph (runs, payments, corrections as the schema pages them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allowance.domain.types import RunStatus
from services.allowance.store.runs import CorrectionRow, PaymentRow, RunRow


async def runs_of_organisation(
    session: AsyncSession,
    organisation_id: str,
    *,
    first: int,
    before_month: date | None = None,
    locked_only: bool = False,
) -> Sequence[RunRow]:
    """An organisation's runs, newest month first (`first + 1` rows; keyset on the month)."""
    stmt = select(RunRow).where(RunRow.organisation_id == organisation_id)
    if before_month is not None:
        stmt = stmt.where(RunRow.month < before_month)
    if locked_only:
        stmt = stmt.where(RunRow.status == RunStatus.LOCKED)
    stmt = stmt.order_by(RunRow.month.desc()).limit(first + 1)
    return (await session.scalars(stmt)).all()


async def units_of_run(session: AsyncSession, run_id: str) -> list[str | None]:
    """The distinct units of a run's payments."""
    stmt = select(PaymentRow.unit_id).where(PaymentRow.run_id == run_id).distinct()
    return sorted(await session.scalars(stmt), key=lambda unit: unit or "")


async def payments_page(
    session: AsyncSession,
    run_id: str,
    *,
    first: int,
    after: str | None = None,
    units: Sequence[str] | None = None,
) -> Sequence[PaymentRow]:
    """A run's payments by employee id (`first + 1` rows), optionally only some units'."""
    stmt = select(PaymentRow).where(PaymentRow.run_id == run_id)
    if units is not None:
        stmt = stmt.where(PaymentRow.unit_id.in_(list(units)))
    if after is not None:
        stmt = stmt.where(PaymentRow.employee_id > after)
    stmt = stmt.order_by(PaymentRow.employee_id).limit(first + 1)
    return (await session.scalars(stmt)).all()


async def payments_of_employee(
    session: AsyncSession,
    employee_id: str,
    *,
    first: int,
    after: tuple[date, str] | None = None,
) -> Sequence[tuple[PaymentRow, RunRow]]:
    """An employee's payments with their runs, newest month first (`first + 1` rows)."""
    stmt = (
        select(PaymentRow, RunRow)
        .join(RunRow, RunRow.id == PaymentRow.run_id)
        .where(PaymentRow.employee_id == employee_id)
    )
    if after is not None:
        month, payment_id = after
        stmt = stmt.where(
            or_(RunRow.month < month, and_(RunRow.month == month, PaymentRow.id > payment_id))
        )
    stmt = stmt.order_by(RunRow.month.desc(), PaymentRow.id).limit(first + 1)
    return [(payment, run) for payment, run in (await session.execute(stmt)).all()]


async def payments_of_employee_in_month(
    session: AsyncSession, employee_id: str, month: date
) -> Sequence[tuple[PaymentRow, RunRow]]:
    """An employee's payments of one month (one per organisation's run; usually one)."""
    stmt = (
        select(PaymentRow, RunRow)
        .join(RunRow, RunRow.id == PaymentRow.run_id)
        .where(PaymentRow.employee_id == employee_id, RunRow.month == month)
        .order_by(RunRow.computed_at, RunRow.id)
    )
    return [(payment, run) for payment, run in (await session.execute(stmt)).all()]


async def corrections_paid_in(
    session: AsyncSession, run_id: str, employee_id: str
) -> Sequence[CorrectionRow]:
    """The corrections of earlier months paid to an employee in a run, by month."""
    stmt = (
        select(CorrectionRow)
        .where(CorrectionRow.applied_run_id == run_id, CorrectionRow.employee_id == employee_id)
        .order_by(CorrectionRow.month, CorrectionRow.detected_at, CorrectionRow.id)
    )
    return (await session.scalars(stmt)).all()


async def unit_totals(
    session: AsyncSession, run_id: str, units: Sequence[str] | None = None
) -> list[tuple[str | None, int, int]]:
    """(unit id, employees, total) per unit of a run, sorted by unit id; optionally some units."""
    stmt = select(
        PaymentRow.unit_id, func.count(), func.coalesce(func.sum(PaymentRow.total), 0)
    ).where(PaymentRow.run_id == run_id)
    if units is not None:
        stmt = stmt.where(PaymentRow.unit_id.in_(list(units)))
    stmt = stmt.group_by(PaymentRow.unit_id).order_by(PaymentRow.unit_id)
    rows = [(unit, int(count), int(total)) for unit, count, total in await session.execute(stmt)]
    return sorted(rows, key=lambda row: row[0] or "")
