"""Activity logs, their verification audit trail, and evidence files: tables and queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.activity.domain.logs import LogSpan, LogStatus
from services.activity.store.base import Base, UtcDateTime, enum_column, quantity


class ActivityLogRow(Base):
    """One daily activity log of an employee (local date and times of the employee's unit)."""

    __tablename__ = "activity_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    skp_id: Mapped[str] = mapped_column(String(36))
    skp_item_id: Mapped[str] = mapped_column(String(36), index=True)
    indicator_id: Mapped[str] = mapped_column(String(36))
    output_quantity: Mapped[Decimal | None] = mapped_column(quantity())
    standard_activity_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("standard_activity.id"), index=True
    )
    standard_minutes: Mapped[int | None] = mapped_column(Integer)  # the norm when logged
    status: Mapped[LogStatus] = mapped_column(enum_column(LogStatus))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)


class LogRevocationRow(Base):
    """The audit of an approval taken back: who, when, why."""

    __tablename__ = "log_revocation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    log_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("activity_log.id", ondelete="CASCADE"), index=True
    )
    revoked_by: Mapped[str] = mapped_column(String(36))
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(Text)


class EvidenceRow(Base):
    """An uploaded file: its content lives in the evidence store under its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[str] = mapped_column(String(36), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LogEvidenceRow(Base):
    """Evidence attached to a log; `duplicate_of`: another employee's log with the same file."""

    __tablename__ = "log_evidence"
    __table_args__ = (UniqueConstraint("log_id", "evidence_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    log_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("activity_log.id", ondelete="CASCADE"), index=True
    )
    evidence_id: Mapped[str] = mapped_column(String(36), ForeignKey("evidence.id"), index=True)
    employee_id: Mapped[str] = mapped_column(String(36))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    attached_at: Mapped[datetime] = mapped_column(UtcDateTime())
    duplicate_of: Mapped[str | None] = mapped_column(String(36))


def month_bounds(month: str) -> tuple[date, date]:
    """The first day of `YYYY-MM` and the first day of the next month."""
    start = date.fromisoformat(f"{month}-01")
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following


async def get_log(session: AsyncSession, log_id: str) -> ActivityLogRow | None:
    """A log by id."""
    return await session.get(ActivityLogRow, log_id)


async def get_logs(session: AsyncSession, log_ids: Sequence[str]) -> list[ActivityLogRow | None]:
    """Logs by id, in the order asked (None where missing)."""
    rows = await session.scalars(select(ActivityLogRow).where(ActivityLogRow.id.in_(log_ids)))
    found = {row.id: row for row in rows}
    return [found.get(i) for i in log_ids]


async def spans_on_day(session: AsyncSession, *, employee_id: str, day: date) -> list[LogSpan]:
    """The employee's logged stretches on a day, every status."""
    rows = await session.scalars(
        select(ActivityLogRow).where(
            ActivityLogRow.employee_id == employee_id, ActivityLogRow.day == day
        )
    )
    return [_span(row) for row in rows]


def _span(row: ActivityLogRow) -> LogSpan:
    return LogSpan(row.day, row.start_time, row.end_time, row.status, row.id)


async def approved_minutes(session: AsyncSession, *, employee_id: str, month: str) -> int:
    """Minutes of the employee's approved logs in a month (`YYYY-MM`)."""
    start, following = month_bounds(month)
    total = await session.scalar(
        select(func.coalesce(func.sum(ActivityLogRow.minutes), 0)).where(
            ActivityLogRow.employee_id == employee_id,
            ActivityLogRow.status == LogStatus.APPROVED,
            ActivityLogRow.day >= start,
            ActivityLogRow.day < following,
        )
    )
    return int(total or 0)


async def log_days(session: AsyncSession, *, employee_id: str, month: str) -> list[LogSpan]:
    """The employee's logs in a month (`YYYY-MM`): date, local start, end, status; by time."""
    start, following = month_bounds(month)
    rows = await session.scalars(
        select(ActivityLogRow)
        .where(
            ActivityLogRow.employee_id == employee_id,
            ActivityLogRow.day >= start,
            ActivityLogRow.day < following,
        )
        .order_by(ActivityLogRow.day, ActivityLogRow.start_time, ActivityLogRow.id)
    )
    return [_span(row) for row in rows]


async def list_employee_logs(
    session: AsyncSession,
    employee_id: str,
    *,
    start: date,
    end: date,
    status: LogStatus | None,
    first: int,
    after: list[Any] | None,
) -> list[ActivityLogRow]:
    """A page (first + 1 rows) of an employee's logs between two dates, by date and time."""
    query = select(ActivityLogRow).where(
        ActivityLogRow.employee_id == employee_id,
        ActivityLogRow.day >= start,
        ActivityLogRow.day <= end,
    )
    if status is not None:
        query = query.where(ActivityLogRow.status == status)
    return await _page(session, query, first=first, after=after)


async def list_item_logs(
    session: AsyncSession, skp_item_id: str, *, first: int, after: list[Any] | None
) -> list[ActivityLogRow]:
    """A page (first + 1 rows) of the logs serving an SKP item."""
    query = select(ActivityLogRow).where(ActivityLogRow.skp_item_id == skp_item_id)
    return await _page(session, query, first=first, after=after)


async def list_submitted_logs(
    session: AsyncSession, employee_ids: Sequence[str], *, first: int, after: list[Any] | None
) -> list[ActivityLogRow]:
    """A page (first + 1 rows) of the submitted logs of some employees."""
    query = select(ActivityLogRow).where(
        ActivityLogRow.employee_id.in_(employee_ids),
        ActivityLogRow.status == LogStatus.SUBMITTED,
    )
    return await _page(session, query, first=first, after=after)


async def _page(
    session: AsyncSession, query: Any, *, first: int, after: list[Any] | None
) -> list[ActivityLogRow]:
    key = (ActivityLogRow.day, ActivityLogRow.start_time, ActivityLogRow.id)
    if after is not None and len(after) == len(key):
        day, start, log_id = after
        query = query.where(
            tuple_(*key) > tuple_(date.fromisoformat(day), time.fromisoformat(start), log_id)
        )
    rows = await session.scalars(query.order_by(*key).limit(first + 1))
    return list(rows)


def log_cursor(row: ActivityLogRow) -> list[object]:
    """The keyset of a log in listings."""
    return [row.day.isoformat(), row.start_time.isoformat(), row.id]


async def get_evidence(session: AsyncSession, evidence_id: str) -> EvidenceRow | None:
    """An uploaded file's record."""
    return await session.get(EvidenceRow, evidence_id)


async def list_log_evidence(session: AsyncSession, log_id: str) -> list[LogEvidenceRow]:
    """The files attached to a log, oldest first."""
    rows = await session.scalars(
        select(LogEvidenceRow)
        .where(LogEvidenceRow.log_id == log_id)
        .order_by(LogEvidenceRow.attached_at, LogEvidenceRow.id)
    )
    return list(rows)


async def find_foreign_attachment(
    session: AsyncSession, *, sha256: str, employee_id: str
) -> LogEvidenceRow | None:
    """The first attachment of the same content to ANOTHER employee's log."""
    rows = await session.scalars(
        select(LogEvidenceRow)
        .where(LogEvidenceRow.sha256 == sha256, LogEvidenceRow.employee_id != employee_id)
        .order_by(LogEvidenceRow.attached_at, LogEvidenceRow.id)
        .limit(1)
    )
    return rows.first()


async def is_attached(session: AsyncSession, *, log_id: str, evidence_id: str) -> bool:
    """Is the file already attached to the log?"""
    found = await session.scalar(
        select(LogEvidenceRow.id).where(
            LogEvidenceRow.log_id == log_id, LogEvidenceRow.evidence_id == evidence_id
        )
    )
    return found is not None


async def list_revocations(session: AsyncSession, log_id: str) -> list[LogRevocationRow]:
    """The revocations of a log's approvals, oldest first."""
    rows = await session.scalars(
        select(LogRevocationRow)
        .where(LogRevocationRow.log_id == log_id)
        .order_by(LogRevocationRow.revoked_at)
    )
    return list(rows)
