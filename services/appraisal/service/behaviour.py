"""Behaviour ratings from several raters (DOMAIN.md §4): the superior's decides; the employee's
own (SELF) and invited peers' and subordinates' (360) are inputs shown beside it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from services.appraisal.domain import workflow
from services.appraisal.domain.evaluation import check_behaviour_input
from services.appraisal.domain.types import AppraisalRuleError, Expectation, RaterRole
from services.appraisal.service.appraisal_records import (
    is_superior_in_period,
    load_for_update,
    local_day,
    record_change,
    refresh_figures,
)
from services.appraisal.service.rules import rules_on
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalRow, BehaviourRatingRow, RaterInvitationRow

MAX_RATERS = 20


@dataclass(frozen=True)
class AspectRating:
    """One aspect rated: a score (PP46, 8/2021) or a level (6/2022), with an optional comment."""

    aspect: str
    score: Decimal | None = None
    level: Expectation | None = None
    comment: str | None = None


async def rate_behaviour(
    session: AsyncSession,
    appraisal_id: str,
    *,
    rater_id: str,
    role: RaterRole,
    ratings: Sequence[AspectRating],
    now: datetime,
) -> AppraisalRow:
    """Record (or replace) one rater's ratings of some aspects; the superior's recompute the
    figures of a rated appraisal."""
    row = await load_for_update(session, appraisal_id)
    workflow.check_changeable(row.status)
    invitation = await store.get_invitation(session, row.id, rater_id)
    workflow.check_behaviour_rater(
        row.status,
        role,
        actor_id=rater_id,
        employee_id=row.employee_id,
        is_appraiser=await is_superior_in_period(session, row, rater_id, local_day(now)),
        invited_as=invitation.role if invitation else None,
    )
    if not ratings:
        raise AppraisalRuleError("ratings", "give at least one aspect's rating")
    rules = await rules_on(session, row.period_start)
    for rating in ratings:
        check_behaviour_input(row.regime, rating.aspect, rating.score, rating.level, rules)
    if len({rating.aspect for rating in ratings}) != len(ratings):
        raise AppraisalRuleError("ratings", "each aspect may be rated once")
    for rating in ratings:
        await _save(session, row, rater_id=rater_id, role=role, rating=rating, now=now)
    if role is RaterRole.SUPERIOR:
        await refresh_figures(session, row, rules)
    anonymous = role in workflow.PEER_ROLES
    detail = {"role": role, "aspects": sorted(r.aspect for r in ratings)}
    action = "behaviour_rated_360" if anonymous else "behaviour_rated"
    record_change(session, row, actor_id=rater_id, action=action, now=now, detail=detail)
    await session.flush()
    return row


async def _save(
    session: AsyncSession,
    row: AppraisalRow,
    *,
    rater_id: str,
    role: RaterRole,
    rating: AspectRating,
    now: datetime,
) -> None:
    comment = workflow.check_text("comment", rating.comment, required=False)
    existing = await store.get_behaviour_rating(session, row.id, rater_id, rating.aspect)
    if existing is None:
        existing = BehaviourRatingRow(
            id=str(uuid.uuid4()),
            appraisal_id=row.id,
            rater_id=rater_id,
            aspect=rating.aspect,
        )
        session.add(existing)
    existing.role, existing.score, existing.level = role, rating.score, rating.level
    existing.comment, existing.rated_at = comment, now


async def invite_raters(
    session: AsyncSession,
    appraisal_id: str,
    *,
    actor_id: str,
    raters: Sequence[tuple[str, RaterRole]],
    now: datetime,
) -> AppraisalRow:
    """The superior chooses peers and subordinates as 360 raters (inviting twice is harmless)."""
    row = await load_for_update(session, appraisal_id)
    today = local_day(now)
    is_appraiser = await is_superior_in_period(session, row, actor_id, today)
    if not raters or len(raters) > MAX_RATERS:
        raise AppraisalRuleError("raters", f"invite between 1 and {MAX_RATERS} raters")
    added: list[str] = []
    for rater_id, role in raters:
        workflow.check_invitation(
            row.status,
            actor_id=actor_id,
            employee_id=row.employee_id,
            is_appraiser=is_appraiser,
            rater_id=rater_id,
            role=role,
        )
        await _check_rater(session, row, rater_id, role, now)
        if await store.get_invitation(session, row.id, rater_id) is None and rater_id not in added:
            added.append(rater_id)
            session.add(
                RaterInvitationRow(
                    id=str(uuid.uuid4()),
                    appraisal_id=row.id,
                    rater_id=rater_id,
                    role=role,
                    invited_by=actor_id,
                    invited_at=now,
                )
            )
    if added:
        detail = {"count": len(added)}  # who was invited stays out of the employee's history
        record_change(
            session, row, actor_id=actor_id, action="raters_invited", now=now, detail=detail
        )
        await session.flush()
    return row


async def _check_rater(
    session: AsyncSession, row: AppraisalRow, rater_id: str, role: RaterRole, now: datetime
) -> None:
    """The rater exists; a SUBORDINATE reports to the employee."""
    if await replica.get_employee(session, rater_id) is None:
        raise AppraisalRuleError("raters", f"employee {rater_id} not found")
    if role is RaterRole.SUBORDINATE:
        day = min(row.period_end, local_day(now))
        if await replica.supervisor_of(session, rater_id, day) != row.employee_id:
            raise AppraisalRuleError(
                "raters", f"employee {rater_id} is not a subordinate of the appraised employee"
            )
