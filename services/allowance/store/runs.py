"""Monthly runs, their payments (with explanation lines) and corrections of locked months."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.allowance.domain.types import RunStatus
from services.allowance.store.base import Base, UtcDateTime, enum_column
from services.allowance.store.tariffs import RuleSetRow, TariffAmountRow


class RunRow(Base):
    """One organisation's run for one month (at most one: concurrent requests meet here)."""

    __tablename__ = "allowance_run"
    __table_args__ = (UniqueConstraint("organisation_id", "month", name="uq_run_month"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(36), index=True)  # a top unit
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus))
    revision: Mapped[int] = mapped_column(Integer, default=1)  # +1 per recomputation
    rule_set_id: Mapped[str | None] = mapped_column(String(36))  # None: the seeded defaults
    tariff_version_id: Mapped[str] = mapped_column(String(36))
    inputs_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the canonical inputs
    results_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the payments
    missing: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of what is missing
    employees: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)  # whole rupiah
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    computed_by: Mapped[str] = mapped_column(String(36))
    reviewed_by: Mapped[str | None] = mapped_column(String(36))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    locked_by: Mapped[str | None] = mapped_column(String(36))
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    override_reason: Mapped[str | None] = mapped_column(Text)  # locked with inputs missing


class PaymentRow(Base):
    """One employee's payment in a run: the total and the lines that explain it (JSON)."""

    __tablename__ = "payment"
    __table_args__ = (UniqueConstraint("run_id", "employee_id", name="uq_payment_employee"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), ForeignKey("allowance_run.id"), index=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    nip: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str | None] = mapped_column(String(36), index=True)
    kelas: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40))
    total: Mapped[int] = mapped_column(BigInteger)  # whole rupiah; = sum of the lines
    lines: Mapped[str] = mapped_column(Text)  # canonical JSON list of lines
    inputs: Mapped[str] = mapped_column(Text)  # canonical JSON of what it was computed from


class CorrectionRow(Base):
    """A change to a locked month (reopened attendance, an appraisal decided late), paid as a
    line in the next open run and pointing at the original payment."""

    __tablename__ = "correction"
    __table_args__ = (
        UniqueConstraint("original_payment_id", "inputs_digest", name="uq_correction_inputs"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    original_payment_id: Mapped[str] = mapped_column(String(36), ForeignKey("payment.id"))
    original_run_id: Mapped[str] = mapped_column(String(36), index=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    month: Mapped[date] = mapped_column(Date)  # the locked month corrected
    amount: Mapped[int] = mapped_column(BigInteger)  # recomputed total − total paid so far
    reason: Mapped[str] = mapped_column(Text)
    inputs_digest: Mapped[str] = mapped_column(String(64))  # the inputs it was computed from
    lines: Mapped[str] = mapped_column(Text)  # the recomputed payment's lines (JSON)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime())
    applied_run_id: Mapped[str | None] = mapped_column(String(36), index=True)


# --- queries (Helper C: runs) -------------------------------------------------------------


async def claim_run(session: AsyncSession, row: RunRow) -> RunRow:
    """Insert `row` unless the organisation's month already has a run; the run, locked.

    Concurrent callers meet at the unique constraint: the loser's insert waits for the winner
    and does nothing; both then hold the one run (FOR UPDATE on PostgreSQL; SQLite's single
    writer serialises them anyway).
    """
    values = {column.key: getattr(row, column.key) for column in RunRow.__table__.columns}
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(RunRow).values(values).on_conflict_do_nothing()
    await session.execute(statement)
    query = (
        select(RunRow)
        .where(RunRow.organisation_id == row.organisation_id, RunRow.month == row.month)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(query)).one()


async def get_run(session: AsyncSession, run_id: str, *, for_update: bool = False) -> RunRow | None:
    """A run by id (locked for the transaction when `for_update`)."""
    query = select(RunRow).where(RunRow.id == run_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return (await session.scalars(query)).one_or_none()


async def get_run_for_month(
    session: AsyncSession, organisation_id: str, month: date
) -> RunRow | None:
    """The organisation's run of a month, if any."""
    query = select(RunRow).where(RunRow.organisation_id == organisation_id, RunRow.month == month)
    return (await session.scalars(query)).one_or_none()


async def locked_runs_before(
    session: AsyncSession, organisation_id: str, month: date
) -> Sequence[RunRow]:
    """The organisation's locked runs of months before `month`, oldest first."""
    query = (
        select(RunRow)
        .where(
            RunRow.organisation_id == organisation_id,
            RunRow.month < month,
            RunRow.status == RunStatus.LOCKED,
        )
        .order_by(RunRow.month)
    )
    return (await session.scalars(query)).all()


async def payments_of_run(session: AsyncSession, run_id: str) -> Sequence[PaymentRow]:
    """A run's payments, sorted by employee id."""
    query = select(PaymentRow).where(PaymentRow.run_id == run_id).order_by(PaymentRow.employee_id)
    return (await session.scalars(query)).all()


async def delete_payments(session: AsyncSession, payment_ids: Sequence[str]) -> None:
    """Remove payments of a draft run that a recomputation no longer has."""
    for start in range(0, len(payment_ids), 1000):
        chunk = payment_ids[start : start + 1000]
        await session.execute(delete(PaymentRow).where(PaymentRow.id.in_(chunk)))


async def totals_by_unit(session: AsyncSession, run_id: str) -> list[tuple[str | None, int, int]]:
    """(unit id, employees, total) of a run's payments per unit, sorted by unit id."""
    query = (
        select(PaymentRow.unit_id, func.count(), func.coalesce(func.sum(PaymentRow.total), 0))
        .where(PaymentRow.run_id == run_id)
        .group_by(PaymentRow.unit_id)
        .order_by(PaymentRow.unit_id)
    )
    return [(unit, int(count), int(total)) for unit, count, total in await session.execute(query)]


async def corrections_of_payment(session: AsyncSession, payment_id: str) -> Sequence[CorrectionRow]:
    """The corrections of one original payment, oldest first."""
    query = (
        select(CorrectionRow)
        .where(CorrectionRow.original_payment_id == payment_id)
        .order_by(CorrectionRow.detected_at, CorrectionRow.id)
    )
    return (await session.scalars(query)).all()


async def corrections_of_payments(
    session: AsyncSession, payment_ids: Sequence[str]
) -> dict[str, list[CorrectionRow]]:
    """The corrections of some original payments (by payment id), oldest first."""
    found: dict[str, list[CorrectionRow]] = {}
    for start in range(0, len(payment_ids), 1000):
        chunk = payment_ids[start : start + 1000]
        query = (
            select(CorrectionRow)
            .where(CorrectionRow.original_payment_id.in_(chunk))
            .order_by(CorrectionRow.detected_at, CorrectionRow.id)
        )
        for row in await session.scalars(query):
            found.setdefault(row.original_payment_id, []).append(row)
    return found


async def corrections_for_run(
    session: AsyncSession, run_id: str, month: date, employee_ids: Sequence[str]
) -> Sequence[CorrectionRow]:
    """Corrections of earlier months to pay in this run: pending ones of its employees and
    those already applied to it, in a stable order."""
    query = (
        select(CorrectionRow)
        .where(
            CorrectionRow.month < month,
            or_(
                CorrectionRow.applied_run_id == run_id,
                CorrectionRow.applied_run_id.is_(None),
            ),
        )
        .order_by(CorrectionRow.employee_id, CorrectionRow.month, CorrectionRow.detected_at)
        .order_by(CorrectionRow.id)
    )
    wanted = set(employee_ids)
    return [row for row in await session.scalars(query) if row.employee_id in wanted]


async def corrections_applied_to(session: AsyncSession, run_id: str) -> Sequence[CorrectionRow]:
    """The corrections paid in a run, by employee and month."""
    query = (
        select(CorrectionRow)
        .where(CorrectionRow.applied_run_id == run_id)
        .order_by(CorrectionRow.employee_id, CorrectionRow.month, CorrectionRow.detected_at)
    )
    return (await session.scalars(query)).all()


async def tariff_amounts_of_version(session: AsyncSession, version_id: str) -> dict[int, int]:
    """The amounts (kelas → rupiah) of the tariff version a run was computed with."""
    query = select(TariffAmountRow.kelas, TariffAmountRow.amount).where(
        TariffAmountRow.version_id == version_id
    )
    return {int(kelas): int(amount) for kelas, amount in await session.execute(query)}


async def rule_parameters_of(session: AsyncSession, rule_set_id: str) -> str | None:
    """The stored parameters (JSON) of the rule set a run was computed with."""
    query = select(RuleSetRow.parameters).where(RuleSetRow.id == rule_set_id)
    return (await session.execute(query)).scalar_one_or_none()
