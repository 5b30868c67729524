"""The appraisal workflow's use cases: open, self-assess, rate, finalize (DOMAIN.md §4; the
employee's answer and the objection are in `objections`). Each loads, asks `domain.workflow`,
saves, audits and — on finalisation — stages the event, all in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from services.appraisal.domain import workflow
from services.appraisal.domain.evaluation import (
    IndicatorInput,
    Pp46ActivityInput,
    check_rating_input,
    evaluate,
)
from services.appraisal.domain.followup import unit_head_results
from services.appraisal.domain.periods import Period
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import (
    AppraisalRuleError,
    AppraisalStatus,
    Expectation,
    Predicate,
    Regime,
)
from services.appraisal.events import publish_appraisal_finalized
from services.appraisal.service.appraisal_records import (
    PP46_ACTIVITY,
    appraisal_inputs,
    is_superior_in_period,
    load_for_update,
    local_day,
    record_change,
    refresh_figures,
    regime_label,
    store_figures,
)
from services.appraisal.service.rules import period_rules, rules_on
from services.appraisal.service.skp_replica import indicator_inputs, pp46_activities, skp_in_force
from services.appraisal.service.units import unit_rating_of
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import (
    AppraisalRow,
    IndicatorResultRow,
)
from services.appraisal.store.skp_replica import SkpReplicaRow

S = AppraisalStatus


@dataclass(frozen=True)
class RealisedActivity:
    """What the appraiser enters for one PP46 activity: quantity, quality, months and cost."""

    activity_id: str
    quantity: Decimal
    quality: Decimal | None = None
    time_months: int | None = None
    cost: int | None = None


@dataclass(frozen=True)
class RatingInput:
    """The appraiser's rating: 6/2022's two ratings, PP46's bonuses and activity realisations,
    8/2021's innovation, and a note."""

    results_rating: Expectation | None = None
    behaviour_rating: Expectation | None = None
    additional_tasks: int = 0
    creativity_points: Decimal = Decimal(0)
    innovation: bool = False
    activities: tuple[RealisedActivity, ...] = ()
    note: str | None = None


async def _skp_for(session: AsyncSession, employee_id: str, period: Period) -> SkpReplicaRow:
    skp = await skp_in_force(session, employee_id, period.end)
    skp = skp or await skp_in_force(session, employee_id, period.start)
    if skp is None:
        raise AppraisalRuleError(
            "period", f"there is no approved SKP covering {period.label} for this employee"
        )
    return skp


async def open_appraisal(
    session: AsyncSession,
    employee_id: str,
    label: str,
    *,
    actor_id: str,
    hr: bool,
    now: datetime,
) -> AppraisalRow:
    """The employee's appraisal for a period, opened now unless it exists (idempotent)."""
    period, _ = await period_rules(session, label)
    existing = await store.get_appraisal_of(session, employee_id, period.label)
    if existing is not None:
        return existing
    on = min(period.end, local_day(now))
    appraiser = await replica.supervisor_of(session, employee_id, on)
    if actor_id not in (employee_id, appraiser) and not hr:
        raise AppraisalRuleError(
            None, "only the employee, their direct superior or HR may open an appraisal"
        )
    skp = await _skp_for(session, employee_id, period)
    position = await replica.position_of(session, employee_id, on)
    row = AppraisalRow(
        id=str(uuid.uuid4()),
        employee_id=employee_id,
        unit_id=position.unit_id if position else None,
        position_id=position.id if position else None,
        job_type=position.job_type if position else None,
        kind=period.kind,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        skp_id=skp.id,
        regime=skp.regime,
        appraiser_id=appraiser,
        status=S.OPEN,
        results_follow_unit=False,
        additional_tasks=0,
        creativity_points=Decimal(0),
        innovation=False,
        created_by=actor_id,
        created_at=now,
        revision=0,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            record_change(session, row, actor_id=actor_id, action="opened", now=now)
    except IntegrityError:  # opened concurrently: the other request's appraisal stands
        existing = await store.get_appraisal_of(session, employee_id, period.label)
        if existing is None:
            raise
        return existing
    return row


async def submit_self_assessment(
    session: AsyncSession, appraisal_id: str, *, actor_id: str, text: str, now: datetime
) -> AppraisalRow:
    """The employee's own account of the period, before the appraiser rates."""
    row = await load_for_update(session, appraisal_id)
    cleaned = workflow.check_self_assessment(
        row.status, actor_id=actor_id, employee_id=row.employee_id, text=text
    )
    row.self_assessment, row.self_assessed_at = cleaned, now
    row.status = S.SELF_ASSESSED
    record_change(session, row, actor_id=actor_id, action="self_assessed", now=now)
    await session.flush()
    return row


def check_ratings_apply(regime: Regime, rating: RatingInput) -> None:
    """Refuse rating fields the regime does not have (6/2022 ratings, PP46 activities, …)."""
    if regime is not Regime.PERMENPANRB_6_2022:
        for name, value in (
            ("resultsRating", rating.results_rating),
            ("behaviourRating", rating.behaviour_rating),
        ):
            if value is not None:
                raise AppraisalRuleError(
                    name, f"{name} applies to PermenPANRB 6/2022, not {regime_label(regime)}"
                )
    if rating.innovation and regime is not Regime.PERMENPANRB_8_2021:
        raise AppraisalRuleError(
            "innovation", f"innovation applies to PermenPANRB 8/2021, not {regime_label(regime)}"
        )
    if rating.activities and regime is not Regime.PP46_2011:
        raise AppraisalRuleError(
            "activities", f"activities apply to PP 46/2011, not {regime_label(regime)}"
        )


async def _activities(
    session: AsyncSession, skp: SkpReplicaRow, entered: tuple[RealisedActivity, ...]
) -> tuple[Pp46ActivityInput, ...]:
    rows = await pp46_activities(session, skp)
    by_id = {activity.activity_id: activity for activity in entered}
    unknown = set(by_id) - {row.id for row in rows}
    if unknown:
        raise AppraisalRuleError(
            "activities", f"not an activity of the SKP: {', '.join(sorted(unknown))}"
        )
    inputs: list[Pp46ActivityInput] = []
    for position, row in enumerate(rows):
        given = by_id.get(row.id)
        inputs.append(
            Pp46ActivityInput(
                id=row.id,
                lineage_id=row.lineage_id,
                title=row.title,
                quantity_target=row.quantity_target,
                quantity_realised=given.quantity if given else Decimal(0),
                quality_target=row.quality_target,
                quality_realised=given.quality if given else None,
                time_target_months=row.time_target_months,
                time_realised_months=given.time_months if given else None,
                cost_target=row.cost_target,
                cost_realised=given.cost if given else None,
                position=position,
            )
        )
    return tuple(inputs)


async def _unit_head_results(
    session: AsyncSession, row: AppraisalRow, rules: AppraisalRules
) -> Expectation | None:
    """The results rating the unit's own rating gives its head (None: not the head, or the
    unit is not rated yet)."""
    if row.unit_id is None or row.regime is not Regime.PERMENPANRB_6_2022:
        return None
    if await replica.unit_head_of(session, row.unit_id, row.period_end) != row.employee_id:
        return None
    unit_rating = await unit_rating_of(session, row.unit_id, row.period)
    return unit_head_results(unit_rating.rating, rules) if unit_rating else None


def _snapshot(
    row: AppraisalRow,
    indicators: tuple[IndicatorInput, ...],
    activities: tuple[Pp46ActivityInput, ...],
    outcomes: Mapping[str, tuple[Decimal | None, Decimal | None]],
) -> list[IndicatorResultRow]:
    results = [
        IndicatorResultRow(
            appraisal_id=row.id,
            indicator_id=i.id,
            lineage_id=i.lineage_id,
            item_title=i.item_title,
            name=i.name,
            kind=i.kind,
            target=i.target,
            realisation=i.realisation,
            achievement=outcomes.get(i.id, (None, None))[0],
            value=outcomes.get(i.id, (None, None))[1],
            position=i.position,
        )
        for i in indicators
    ]
    offset = len(results)
    results += [
        IndicatorResultRow(
            appraisal_id=row.id,
            indicator_id=a.id,
            lineage_id=a.lineage_id,
            item_title=a.title,
            name=a.title,
            kind=PP46_ACTIVITY,
            target=a.quantity_target,
            realisation=a.quantity_realised,
            achievement=outcomes.get(a.id, (None, None))[0],
            value=outcomes.get(a.id, (None, None))[1],
            quality=a.quality_realised,
            time_months=a.time_realised_months,
            cost=a.cost_realised,
            position=offset + a.position,
        )
        for a in activities
    ]
    return results


async def rate_appraisal(
    session: AsyncSession, appraisal_id: str, *, rater_id: str, rating: RatingInput, now: datetime
) -> AppraisalRow:
    """The appraiser's rating: the figures computed from the SKP in force and the realisation,
    snapshotted, scored under the regime; the objection window starts today."""
    row = await load_for_update(session, appraisal_id)
    today = local_day(now)
    workflow.check_rating(
        row.status,
        actor_id=rater_id,
        employee_id=row.employee_id,
        is_superior_in_period=await is_superior_in_period(session, row, rater_id, today),
    )
    period = Period(row.period, row.kind, row.period_start, row.period_end)
    skp = await _skp_for(session, row.employee_id, period)
    row.skp_id, row.regime = skp.id, skp.regime
    rules = await rules_on(session, row.period_start)
    check_ratings_apply(row.regime, rating)
    pp46 = row.regime is Regime.PP46_2011
    activities = await _activities(session, skp, rating.activities) if pp46 else ()
    indicators = () if pp46 else await indicator_inputs(session, skp, period)
    check_rating_input(
        row.regime,
        additional_tasks=rating.additional_tasks,
        creativity_points=rating.creativity_points,
        activities=activities,
        rules=rules,
    )
    note = workflow.check_text("note", rating.note, required=False)
    followed = await _unit_head_results(session, row, rules)
    row.results_rating = followed or rating.results_rating
    row.results_follow_unit = followed is not None
    row.behaviour_rating = rating.behaviour_rating
    row.additional_tasks, row.creativity_points = rating.additional_tasks, rating.creativity_points
    row.innovation, row.rating_note = rating.innovation, note
    inputs = await appraisal_inputs(session, row, indicators=indicators, activities=activities)
    evaluation = evaluate(row.regime, inputs, rules)
    outcomes = {o.id: (o.achievement, o.value) for o in evaluation.indicators}
    await store.delete_indicator_results(session, row.id)
    session.add_all(_snapshot(row, indicators, activities, outcomes))
    store_figures(row, evaluation)
    row.appraiser_id, row.rated_by, row.rated_at = rater_id, rater_id, now
    row.status = S.RATED
    objection_days = (await rules_on(session, today)).objection_days
    row.objection_deadline = workflow.objection_deadline(today, objection_days)
    detail = {"predicate": row.predicate, "missing": list(evaluation.missing)}
    record_change(session, row, actor_id=rater_id, action="rated", now=now, detail=detail)
    await session.flush()
    return row


async def finalize_appraisal(
    session: AsyncSession, appraisal_id: str, *, actor_id: str, now: datetime
) -> AppraisalRow:
    """The appraiser makes the appraisal final (immutable) and stages
    `appraisal.appraisal.finalized.v1` (neither DOMAIN.md nor the issue lets HR finalize)."""
    row = await load_for_update(session, appraisal_id)
    workflow.check_changeable(row.status)
    rules = await rules_on(session, row.period_start)
    evaluation = await refresh_figures(session, row, rules)
    workflow.check_finalization(
        row.status,
        may_finalize=actor_id == row.appraiser_id and actor_id != row.employee_id,
        day=local_day(now),
        deadline=row.objection_deadline,
        missing=evaluation.missing,
    )
    row.status, row.finalized_by, row.finalized_at = S.FINALIZED, actor_id, now
    record_change(session, row, actor_id=actor_id, action="finalized", now=now)
    employee = await replica.get_employee(session, row.employee_id)
    unit_path = await replica.unit_path(session, row.unit_id) if row.unit_id else []
    publish_appraisal_finalized(
        session,
        row,
        employee_nip=employee.nip if employee else None,
        unit_path=unit_path,
        objection=await store.get_objection(session, row.id),
        now=now,
    )
    await session.flush()
    return row


async def predicates_for_unit(
    session: AsyncSession, unit_id: str, period: str
) -> list[tuple[str, Predicate | None, AppraisalStatus]]:
    """(employee id, predicate, status) of the unit's appraisals for a period."""
    rows = await store.list_unit_appraisals(session, unit_id, period)
    return [(row.employee_id, row.predicate, row.status) for row in rows]


async def pending_objections(
    session: AsyncSession, decider_id: str, today: date
) -> list[AppraisalRow]:
    """Objections the caller decides: those to appraisals by their direct subordinates."""
    team = await replica.subordinates_of(session, decider_id, today)
    return await store.list_objected_by_appraisers(session, team)
