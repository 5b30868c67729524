"""Appraisals, their computed figures, behaviour ratings (360), objections and feedback notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.appraisal.domain.types import (
    AppraisalKind,
    AppraisalStatus,
    Expectation,
    Predicate,
    RaterRole,
    Regime,
)
from services.appraisal.store.base import Base, UtcDateTime, enum_column, quantity


class AppraisalRow(Base):
    """One employee's appraisal for one period (`period` e.g. "2026-03", "2026-Q1", "2026-S1",
    "2026"). Scores are null where the regime has none (6/2022 rates, it does not score)."""

    __tablename__ = "appraisal"
    __table_args__ = (UniqueConstraint("employee_id", "period", name="uq_appraisal_period"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36), index=True)  # on period_end
    position_id: Mapped[str | None] = mapped_column(String(36))
    job_type: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[AppraisalKind] = mapped_column(enum_column(AppraisalKind))
    period: Mapped[str] = mapped_column(String(10), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    skp_id: Mapped[str | None] = mapped_column(String(36))  # the version in force when rated
    regime: Mapped[Regime] = mapped_column(enum_column(Regime))
    appraiser_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[AppraisalStatus] = mapped_column(enum_column(AppraisalStatus), index=True)
    self_assessment: Mapped[str | None] = mapped_column(Text)
    self_assessed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # the appraiser's rating
    results_rating: Mapped[Expectation | None] = mapped_column(enum_column(Expectation))
    results_follow_unit: Mapped[bool] = mapped_column(default=False)
    behaviour_rating: Mapped[Expectation | None] = mapped_column(enum_column(Expectation))
    additional_tasks: Mapped[int] = mapped_column(Integer, default=0)
    creativity_points: Mapped[Decimal] = mapped_column(quantity(), default=Decimal(0))
    innovation: Mapped[bool] = mapped_column(default=False)
    skp_score: Mapped[Decimal | None] = mapped_column(quantity())
    behaviour_score: Mapped[Decimal | None] = mapped_column(quantity())
    final_score: Mapped[Decimal | None] = mapped_column(quantity())
    predicate: Mapped[Predicate | None] = mapped_column(enum_column(Predicate), index=True)
    rating_note: Mapped[str | None] = mapped_column(Text)
    rated_by: Mapped[str | None] = mapped_column(String(36))
    rated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    objection_deadline: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finalized_by: Mapped[str | None] = mapped_column(String(36))
    finalized_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revision: Mapped[int] = mapped_column(Integer, default=1)  # bumped on every change


class IndicatorResultRow(Base):
    """The computed figures of one indicator (or PP46 activity) when the appraisal was rated:
    target, realisation, achievement and value, kept so a finalized appraisal never moves."""

    __tablename__ = "indicator_result"

    appraisal_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("appraisal.id"), primary_key=True
    )
    indicator_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # or PP46 activity
    lineage_id: Mapped[str] = mapped_column(String(36))
    item_title: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # UTAMA | TAMBAHAN | PP46_ACTIVITY
    target: Mapped[Decimal] = mapped_column(quantity())
    realisation: Mapped[Decimal] = mapped_column(quantity())
    achievement: Mapped[Decimal | None] = mapped_column(quantity())  # percent
    value: Mapped[Decimal | None] = mapped_column(quantity())
    # PP46 activities: realised quality, time (months) and cost as the appraiser entered them
    quality: Mapped[Decimal | None] = mapped_column(quantity())
    time_months: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class BehaviourRatingRow(Base):
    """One rater's rating of one behaviour aspect: a PP46/8-2021 score or a 6/2022 level."""

    __tablename__ = "behaviour_rating"
    __table_args__ = (
        UniqueConstraint("appraisal_id", "rater_id", "aspect", name="uq_behaviour_rating"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appraisal_id: Mapped[str] = mapped_column(String(36), ForeignKey("appraisal.id"), index=True)
    rater_id: Mapped[str] = mapped_column(String(36))
    role: Mapped[RaterRole] = mapped_column(enum_column(RaterRole))
    aspect: Mapped[str] = mapped_column(String(50))
    score: Mapped[Decimal | None] = mapped_column(quantity())
    level: Mapped[Expectation | None] = mapped_column(enum_column(Expectation))
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RaterInvitationRow(Base):
    """A peer or subordinate the superior chose as a 360 rater of an appraisal."""

    __tablename__ = "rater_invitation"
    __table_args__ = (UniqueConstraint("appraisal_id", "rater_id", name="uq_rater_invitation"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appraisal_id: Mapped[str] = mapped_column(String(36), ForeignKey("appraisal.id"), index=True)
    rater_id: Mapped[str] = mapped_column(String(36), index=True)
    role: Mapped[RaterRole] = mapped_column(enum_column(RaterRole))
    invited_by: Mapped[str] = mapped_column(String(36))
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ObjectionRow(Base):
    """An employee's objection (keberatan) and the decision of the appraiser's superior."""

    __tablename__ = "objection"

    appraisal_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("appraisal.id"), primary_key=True
    )  # at most one objection per appraisal
    reason: Mapped[str] = mapped_column(Text)
    objected_by: Mapped[str] = mapped_column(String(36))
    objected_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decider_id: Mapped[str | None] = mapped_column(String(36))  # who must decide
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)
    upheld: Mapped[bool | None] = mapped_column()  # True: the rating was changed
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the rating before the decision


class FeedbackNoteRow(Base):
    """A *dialog kinerja* note between an employee and their superior (both see it)."""

    __tablename__ = "feedback_note"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)  # whose performance
    author_id: Mapped[str] = mapped_column(String(36))
    superior_id: Mapped[str | None] = mapped_column(String(36))  # on the note's day
    day: Mapped[date] = mapped_column(Date, index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AppraisalAuditRow(Base):
    """Who did what to an appraisal, when (append-only)."""

    __tablename__ = "appraisal_audit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appraisal_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # the appraisal's, after the step
    actor_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON
    at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- queries -----------------------------------------------------------------------------------


async def get_appraisal(session: AsyncSession, appraisal_id: str) -> AppraisalRow | None:
    """An appraisal by id."""
    return await session.get(AppraisalRow, appraisal_id)


async def get_appraisal_of(
    session: AsyncSession, employee_id: str, period: str
) -> AppraisalRow | None:
    """The employee's appraisal for a period label."""
    query = select(AppraisalRow).where(
        AppraisalRow.employee_id == employee_id, AppraisalRow.period == period
    )
    return (await session.scalars(query)).first()


def appraisal_cursor(row: AppraisalRow) -> list[object]:
    """The keyset of an appraisal in an employee's listing (latest period first)."""
    return [row.period_end.isoformat(), row.period_start.isoformat(), row.id]


async def list_employee_appraisals(
    session: AsyncSession, employee_id: str, *, first: int, after: list[Any] | None
) -> list[AppraisalRow]:
    """A page (first + 1 rows) of an employee's appraisals, the latest period first."""
    key = (AppraisalRow.period_end, AppraisalRow.period_start, AppraisalRow.id)
    query = select(AppraisalRow).where(AppraisalRow.employee_id == employee_id)
    if after is not None and len(after) == len(key):
        end, start, appraisal_id = after
        bound = (date.fromisoformat(end), date.fromisoformat(start), appraisal_id)
        query = query.where(tuple_(*key) < tuple_(*bound))
    rows = await session.scalars(query.order_by(*(k.desc() for k in key)).limit(first + 1))
    return list(rows)


async def list_unit_appraisals(
    session: AsyncSession, unit_id: str, period: str
) -> list[AppraisalRow]:
    """The appraisals of a unit's employees (their unit at the period's end) for a period."""
    query = select(AppraisalRow).where(
        AppraisalRow.unit_id == unit_id, AppraisalRow.period == period
    )
    return list(await session.scalars(query.order_by(AppraisalRow.employee_id)))


async def list_objected_by_appraisers(
    session: AsyncSession, appraiser_ids: Sequence[str]
) -> list[AppraisalRow]:
    """Appraisals with an undecided objection whose appraiser is one of `appraiser_ids`."""
    if not appraiser_ids:
        return []
    query = select(AppraisalRow).where(
        AppraisalRow.appraiser_id.in_(list(appraiser_ids)),
        AppraisalRow.status == AppraisalStatus.OBJECTED,
    )
    return list(await session.scalars(query.order_by(AppraisalRow.period_end, AppraisalRow.id)))


async def list_indicator_results(
    session: AsyncSession, appraisal_id: str
) -> list[IndicatorResultRow]:
    """The figures snapshotted when the appraisal was rated, in SKP order."""
    query = select(IndicatorResultRow).where(IndicatorResultRow.appraisal_id == appraisal_id)
    return list(await session.scalars(query.order_by(IndicatorResultRow.position)))


async def delete_indicator_results(session: AsyncSession, appraisal_id: str) -> None:
    """Forget an earlier snapshot (a re-rating replaces it)."""
    await session.execute(
        delete(IndicatorResultRow).where(IndicatorResultRow.appraisal_id == appraisal_id)
    )


async def list_behaviour_ratings(
    session: AsyncSession, appraisal_id: str
) -> list[BehaviourRatingRow]:
    """Every rater's behaviour ratings of an appraisal, by role, rater and aspect."""
    query = select(BehaviourRatingRow).where(BehaviourRatingRow.appraisal_id == appraisal_id)
    order = (BehaviourRatingRow.role, BehaviourRatingRow.rater_id, BehaviourRatingRow.aspect)
    return list(await session.scalars(query.order_by(*order)))


async def get_behaviour_rating(
    session: AsyncSession, appraisal_id: str, rater_id: str, aspect: str
) -> BehaviourRatingRow | None:
    """One rater's rating of one aspect."""
    query = select(BehaviourRatingRow).where(
        BehaviourRatingRow.appraisal_id == appraisal_id,
        BehaviourRatingRow.rater_id == rater_id,
        BehaviourRatingRow.aspect == aspect,
    )
    return (await session.scalars(query)).first()


async def list_invitations(session: AsyncSession, appraisal_id: str) -> list[RaterInvitationRow]:
    """The 360 raters invited to an appraisal, in invitation order."""
    query = select(RaterInvitationRow).where(RaterInvitationRow.appraisal_id == appraisal_id)
    order = (RaterInvitationRow.invited_at, RaterInvitationRow.rater_id)
    return list(await session.scalars(query.order_by(*order)))


async def get_invitation(
    session: AsyncSession, appraisal_id: str, rater_id: str
) -> RaterInvitationRow | None:
    """A rater's invitation to an appraisal."""
    query = select(RaterInvitationRow).where(
        RaterInvitationRow.appraisal_id == appraisal_id, RaterInvitationRow.rater_id == rater_id
    )
    return (await session.scalars(query)).first()


async def list_invitations_of(session: AsyncSession, rater_id: str) -> list[RaterInvitationRow]:
    """Every invitation a rater received, in invitation order."""
    query = select(RaterInvitationRow).where(RaterInvitationRow.rater_id == rater_id)
    order = (RaterInvitationRow.invited_at, RaterInvitationRow.appraisal_id)
    return list(await session.scalars(query.order_by(*order)))


async def get_objection(session: AsyncSession, appraisal_id: str) -> ObjectionRow | None:
    """The objection to an appraisal, if any."""
    return await session.get(ObjectionRow, appraisal_id)


async def list_audit(session: AsyncSession, appraisal_id: str) -> list[AppraisalAuditRow]:
    """What happened to an appraisal, oldest first."""
    query = select(AppraisalAuditRow).where(AppraisalAuditRow.appraisal_id == appraisal_id)
    order = (AppraisalAuditRow.revision, AppraisalAuditRow.at, AppraisalAuditRow.id)
    return list(await session.scalars(query.order_by(*order)))


def feedback_cursor(row: FeedbackNoteRow) -> list[object]:
    """The keyset of a feedback note in listings (by day, then as written)."""
    return [row.day.isoformat(), row.created_at.isoformat(), row.id]


async def list_feedback(
    session: AsyncSession,
    employee_id: str,
    *,
    start: date,
    end: date,
    first: int,
    after: list[Any] | None,
) -> list[FeedbackNoteRow]:
    """A page (first + 1 rows) of the notes about an employee between two days."""
    key = (FeedbackNoteRow.day, FeedbackNoteRow.created_at, FeedbackNoteRow.id)
    query = select(FeedbackNoteRow).where(
        FeedbackNoteRow.employee_id == employee_id,
        FeedbackNoteRow.day >= start,
        FeedbackNoteRow.day <= end,
    )
    if after is not None and len(after) == len(key):
        day, created, note_id = after
        bound = (date.fromisoformat(day), datetime.fromisoformat(created), note_id)
        query = query.where(tuple_(*key) > tuple_(*bound))
    return list(await session.scalars(query.order_by(*key).limit(first + 1)))
