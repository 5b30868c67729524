"""What every appraisal use case shares: loading under a lock, the audit trail, the appraiser
check, and (re)computing the figures from the rating's snapshot and the behaviour ratings."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import NotFoundError
from services.appraisal.domain.evaluation import (
    AppraisalInputs,
    Evaluation,
    IndicatorInput,
    Pp46ActivityInput,
    evaluate,
)
from services.appraisal.domain.rules import STRUCTURAL_JOB_TYPES, AppraisalRules
from services.appraisal.domain.types import Direction, RaterRole, Regime
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalAuditRow, AppraisalRow, IndicatorResultRow
from services.appraisal.store.skp_replica import IndicatorReplicaRow, Pp46ActivityReplicaRow

CAPITAL = ZoneInfo("Asia/Jakarta")  # "today" is the capital's date, as everywhere in appraisal
PP46_ACTIVITY = "PP46_ACTIVITY"  # IndicatorResultRow.kind of a PP46 activity
NOT_RATED = "rating"  # what `missing` says before the appraiser has rated


def local_day(now: datetime) -> date:
    """The capital's date at `now`."""
    return now.astimezone(CAPITAL).date()


async def load_for_update(session: AsyncSession, appraisal_id: str) -> AppraisalRow:
    """The appraisal, locked for this transaction (PostgreSQL); NotFoundError when missing."""
    query = select(AppraisalRow).where(AppraisalRow.id == appraisal_id).with_for_update()
    row = (await session.scalars(query)).first()
    if row is None:
        raise NotFoundError("appraisal", appraisal_id)
    return row


def record_change(
    session: AsyncSession,
    row: AppraisalRow,
    *,
    actor_id: str,
    action: str,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Bump the appraisal's revision and append who did what to its audit trail."""
    row.revision = (row.revision or 0) + 1
    session.add(
        AppraisalAuditRow(
            id=str(uuid.uuid4()),
            appraisal_id=row.id,
            revision=row.revision,
            actor_id=actor_id,
            action=action,
            detail=json.dumps(detail or {}, default=str, sort_keys=True),
            at=now,
        )
    )


def check_days(row: AppraisalRow, today: date) -> tuple[date, ...]:
    """The days on which the appraiser's relationship is checked: the period's start and end
    (and today, when the period is still running)."""
    days = {row.period_start, row.period_end}
    if row.period_start <= today < row.period_end:
        days.add(today)
    return tuple(sorted(days))


async def is_superior_in_period(
    session: AsyncSession, row: AppraisalRow, actor_id: str, today: date
) -> bool:
    """Was `actor_id` the employee's direct superior (or acting) on a checked day of the period?"""
    if actor_id == row.employee_id:
        return False
    for day in check_days(row, today):
        if await replica.supervisor_of(session, row.employee_id, day) == actor_id:
            return True
    return False


def is_structural(row: AppraisalRow) -> bool:
    """Does the employee hold a structural position (leadership is rated)?"""
    return row.job_type in STRUCTURAL_JOB_TYPES


async def _snapshot_inputs(
    session: AsyncSession, snapshot: list[IndicatorResultRow]
) -> tuple[tuple[IndicatorInput, ...], tuple[Pp46ActivityInput, ...]]:
    indicators: list[IndicatorInput] = []
    activities: list[Pp46ActivityInput] = []
    for result in snapshot:
        if result.kind == PP46_ACTIVITY:
            activity = await session.get(Pp46ActivityReplicaRow, result.indicator_id)
            activities.append(activity_input(result, activity))
            continue
        indicator = await session.get(IndicatorReplicaRow, result.indicator_id)
        direction = indicator.direction if indicator else Direction.HIGHER_IS_BETTER
        indicators.append(
            IndicatorInput(
                id=result.indicator_id,
                lineage_id=result.lineage_id,
                item_title=result.item_title,
                name=result.name,
                kind=result.kind,
                direction=direction,
                target=result.target,
                realisation=result.realisation,
                position=result.position,
            )
        )
    return tuple(indicators), tuple(activities)


def activity_input(
    result: IndicatorResultRow, activity: Pp46ActivityReplicaRow | None
) -> Pp46ActivityInput:
    """A PP46 activity's input from its snapshot (targets from the SKP version's replica)."""
    return Pp46ActivityInput(
        id=result.indicator_id,
        lineage_id=result.lineage_id,
        title=result.name,
        quantity_target=result.target,
        quantity_realised=result.realisation,
        quality_target=activity.quality_target if activity else Decimal(100),
        quality_realised=result.quality,
        time_target_months=activity.time_target_months if activity else 0,
        time_realised_months=result.time_months,
        cost_target=activity.cost_target if activity else None,
        cost_realised=result.cost,
        position=result.position,
    )


async def appraisal_inputs(
    session: AsyncSession,
    row: AppraisalRow,
    *,
    indicators: tuple[IndicatorInput, ...] | None = None,
    activities: tuple[Pp46ActivityInput, ...] | None = None,
) -> AppraisalInputs:
    """The evaluation inputs: the rating's figures (fresh ones, or the snapshot) and the
    SUPERIOR's behaviour ratings."""
    if indicators is None or activities is None:
        snapshot = await store.list_indicator_results(session, row.id)
        indicators, activities = await _snapshot_inputs(session, snapshot)
    ratings = await store.list_behaviour_ratings(session, row.id)
    superior = [r for r in ratings if r.role is RaterRole.SUPERIOR]
    invited = await store.list_invitations(session, row.id)
    return AppraisalInputs(
        indicators=indicators,
        activities=activities,
        behaviour_scores={r.aspect: r.score for r in superior if r.score is not None},
        behaviour_levels={r.aspect: r.level for r in superior if r.level is not None},
        structural=is_structural(row),
        with_360=bool(invited),
        additional_tasks=row.additional_tasks or 0,
        creativity_points=row.creativity_points or Decimal(0),
        innovation=bool(row.innovation),
        results_rating=row.results_rating,
        behaviour_rating=row.behaviour_rating,
    )


async def current_evaluation(
    session: AsyncSession, row: AppraisalRow, rules: AppraisalRules
) -> Evaluation:
    """The figures as they stand (with NOT_RATED first in `missing` before the rating)."""
    evaluation = evaluate(row.regime, await appraisal_inputs(session, row), rules)
    if row.rated_at is None:
        missing = (NOT_RATED, *evaluation.missing)
        return Evaluation(evaluation.indicators, None, None, None, None, missing)
    return evaluation


def store_figures(row: AppraisalRow, evaluation: Evaluation) -> None:
    """Keep the computed scores and predicate on the appraisal."""
    row.skp_score = evaluation.skp_score
    row.behaviour_score = evaluation.behaviour_score
    row.final_score = evaluation.final_score
    row.predicate = evaluation.predicate


async def refresh_figures(
    session: AsyncSession, row: AppraisalRow, rules: AppraisalRules
) -> Evaluation:
    """Recompute a rated appraisal's figures after its inputs changed (behaviour, decision)."""
    await session.flush()
    evaluation = await current_evaluation(session, row, rules)
    if row.rated_at is not None:
        store_figures(row, evaluation)
    return evaluation


def regime_label(regime: Regime) -> str:
    """How a regime is named in messages."""
    return {
        Regime.PP46_2011: "PP 46/2011",
        Regime.PERMENPANRB_8_2021: "PermenPANRB 8/2021",
        Regime.PERMENPANRB_6_2022: "PermenPANRB 6/2022",
    }[regime]
