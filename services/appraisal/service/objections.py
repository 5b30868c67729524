"""The employee's answer to a rating and what follows: acknowledge, object (keberatan), and
the decision of the appraiser's own superior, which is final (DOMAIN.md §4)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.graphql.schema import plain_decimal
from services.appraisal.domain import workflow
from services.appraisal.domain.evaluation import check_behaviour_input
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import (
    AppraisalRuleError,
    AppraisalStatus,
    Expectation,
    RaterRole,
)
from services.appraisal.service.appraisal_records import (
    current_evaluation,
    load_for_update,
    local_day,
    record_change,
    refresh_figures,
)
from services.appraisal.service.appraisals import RatingInput, check_ratings_apply
from services.appraisal.service.rules import rules_on
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalRow, BehaviourRatingRow, ObjectionRow

S = AppraisalStatus


@dataclass(frozen=True)
class DecisionInput:
    """The decision on an objection: a note and, when upheld, the changed ratings."""

    note: str
    results_rating: Expectation | None = None
    behaviour_rating: Expectation | None = None
    behaviour_scores: Mapping[str, Decimal] = field(default_factory=dict)
    behaviour_levels: Mapping[str, Expectation] = field(default_factory=dict)


async def acknowledge_appraisal(
    session: AsyncSession, appraisal_id: str, *, actor_id: str, now: datetime
) -> AppraisalRow:
    """The employee accepts a complete rating."""
    row = await load_for_update(session, appraisal_id)
    workflow.check_changeable(row.status)
    rules = await rules_on(session, row.period_start)
    missing = (await current_evaluation(session, row, rules)).missing
    workflow.check_acknowledgement(
        row.status, actor_id=actor_id, employee_id=row.employee_id, missing=missing
    )
    row.status, row.acknowledged_at = S.ACKNOWLEDGED, now
    record_change(session, row, actor_id=actor_id, action="acknowledged", now=now)
    await session.flush()
    return row


async def object_to_appraisal(
    session: AsyncSession, appraisal_id: str, *, actor_id: str, reason: str, now: datetime
) -> AppraisalRow:
    """The employee's objection (keberatan), once, within the window after the rating."""
    row = await load_for_update(session, appraisal_id)
    today = local_day(now)
    cleaned = workflow.check_objection(
        row.status,
        actor_id=actor_id,
        employee_id=row.employee_id,
        already_objected=await store.get_objection(session, row.id) is not None,
        day=today,
        deadline=row.objection_deadline,
        reason=reason,
    )
    decider = (
        await replica.supervisor_of(session, row.appraiser_id, today) if row.appraiser_id else None
    )
    session.add(
        ObjectionRow(
            appraisal_id=row.id,
            reason=cleaned,
            objected_by=actor_id,
            objected_at=now,
            decider_id=decider,
        )
    )
    row.status = S.OBJECTED
    record_change(session, row, actor_id=actor_id, action="objected", now=now)
    await session.flush()
    return row


def _rating_state(row: AppraisalRow, superior: list[BehaviourRatingRow]) -> dict[str, object]:
    return {
        "results_rating": row.results_rating,
        "behaviour_rating": row.behaviour_rating,
        "predicate": row.predicate,
        "final_score": row.final_score,
        "behaviour": {r.aspect: r.level or r.score for r in superior},
    }


async def _apply_behaviour_changes(
    session: AsyncSession,
    row: AppraisalRow,
    decision: DecisionInput,
    rules: AppraisalRules,
    *,
    decider_id: str,
    now: datetime,
) -> bool:
    """Write the decision's behaviour changes into the SUPERIOR's ratings; True if any."""
    changes: dict[str, tuple[Decimal | None, Expectation | None]] = {
        **{aspect: (score, None) for aspect, score in decision.behaviour_scores.items()},
        **{aspect: (None, level) for aspect, level in decision.behaviour_levels.items()},
    }
    changed = False
    rater = row.appraiser_id or decider_id
    for aspect, (score, level) in sorted(changes.items()):
        check_behaviour_input(row.regime, aspect, score, level, rules)
        existing = await store.get_behaviour_rating(session, row.id, rater, aspect)
        if existing is None:
            existing = BehaviourRatingRow(
                id=str(uuid.uuid4()), appraisal_id=row.id, rater_id=rater,
                role=RaterRole.SUPERIOR, aspect=aspect, rated_at=now,
            )  # fmt: skip
            session.add(existing)
        changed = changed or (existing.score, existing.level) != (score, level)
        existing.score, existing.level, existing.rated_at = score, level, now
        existing.comment = f"changed by the objection decision of {decider_id}"
    return changed


async def decide_objection(
    session: AsyncSession,
    appraisal_id: str,
    *,
    actor_id: str,
    decision: DecisionInput,
    now: datetime,
) -> AppraisalRow:
    """The appraiser's own superior decides the objection — final; may change the ratings."""
    row = await load_for_update(session, appraisal_id)
    today = local_day(now)
    decider = (
        await replica.supervisor_of(session, row.appraiser_id, today) if row.appraiser_id else None
    )
    note = workflow.check_decision(
        row.status, actor_id=actor_id, decider_id=decider, note=decision.note
    )
    objection = await store.get_objection(session, row.id)
    assert objection is not None  # OBJECTED has one
    rules = await rules_on(session, row.period_start)
    check_ratings_apply(
        row.regime,
        RatingInput(
            results_rating=decision.results_rating, behaviour_rating=decision.behaviour_rating
        ),
    )
    ratings = await store.list_behaviour_ratings(session, row.id)
    before = _rating_state(row, [r for r in ratings if r.role is RaterRole.SUPERIOR])
    changed = await _apply_behaviour_changes(
        session, row, decision, rules, decider_id=actor_id, now=now
    )
    for name in ("results_rating", "behaviour_rating"):
        value = getattr(decision, name)
        if value is not None and value != getattr(row, name):
            setattr(row, name, value)
            changed = True
    evaluation = await refresh_figures(session, row, rules)
    if evaluation.missing:
        missing = ", ".join(evaluation.missing)
        raise AppraisalRuleError(
            None, f"the decision leaves the appraisal incomplete; missing: {missing}"
        )
    objection.decided_by, objection.decided_at, objection.decision_note = actor_id, now, note
    objection.upheld, objection.decider_id = changed, actor_id
    objection.before = json.dumps(before, default=_plain, sort_keys=True)
    row.status = S.DECIDED
    detail = {"upheld": changed, "predicate": row.predicate}
    record_change(
        session, row, actor_id=actor_id, action="objection_decided", now=now, detail=detail
    )
    await session.flush()
    return row


def _plain(value: object) -> str:
    """JSON for what `json` cannot write itself: decimals as people write them."""
    return plain_decimal(value) if isinstance(value, Decimal) else str(value)
