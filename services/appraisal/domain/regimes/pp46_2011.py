"""PP 46/2011 with Perka BKN 1/2013: activity scores, SKP, behaviour and the final score.

Per activity (DOMAIN.md §4): quantity = RO/TO×100, quality = RK/TK×100; time efficiency
E = 100 − RW/TW×100, time = ((1.76·TW − RW)/TW)×100 if E ≤ 24 else
76 − ((((1.76·TW − RW)/TW)×100) − 100); cost likewise with budgets. The activity score is the
mean of the targeted aspects, 0 when the realised quantity is 0. SKP = mean of the activity
scores + the additional-task bonus + creativity points; behaviour = mean of the aspects;
final = 60 % SKP + 40 % behaviour; predicate by `pp46_bands` on the published final score.

Choices where DOMAIN.md is silent (all documented in tests):
- Bands are checked from the top with their lower bounds: ≥ 91, ≥ 76, ≥ 61, ≥ 51, else Buruk —
  so 90.99 is Baik and 50.5 is Kurang.
- A zero target of quantity, quality, time or cost means the aspect is not targeted and is left
  out of the activity's mean (cost `None` likewise). An activity with a zero quantity target has
  no score and is left out of the SKP mean; it is shown with achievement and value `None`.
- RW = 0 (or RB = 0) follows the formula: E = 100 > 24, so time = 100·RW/TW = 0 — the
  regulation's > 24 % branch penalises a completion far faster than planned, and 0 is its limit.
- An aspect is never below 0: RW > 1.76·TW would make the ≤ 24 branch negative; it counts 0.
- Quantity and quality are not capped (over-achievement raises the score, as in the annex).
- Rounding: see regimes/common.py — only the published figures are rounded.
"""

from __future__ import annotations

from decimal import Decimal

from services.appraisal.domain.regimes.common import (
    HUNDRED,
    ZERO,
    AppraisalInputs,
    Evaluation,
    IndicatorOutcome,
    Pp46ActivityInput,
    band_of,
    behaviour_mean,
    mean,
    publish,
    publish_optional,
    weighted,
)
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import Regime


def percent(realised: Decimal, target: Decimal) -> Decimal:
    """Realised over target, in percent (unrounded); the target is not zero."""
    return realised / target * HUNDRED


def efficiency_score(target: Decimal, realised: Decimal, rules: AppraisalRules) -> Decimal:
    """PP46's time (or cost) score from target and realisation (unrounded, never below 0)."""
    efficiency = HUNDRED - realised / target * HUNDRED
    base = (rules.pp46_time_factor * target - realised) / target * HUNDRED
    score = base if efficiency <= rules.pp46_efficiency_threshold else 76 - (base - HUNDRED)
    return max(score, ZERO)


def additional_task_bonus(tasks: int, rules: AppraisalRules) -> Decimal:
    """The bonus for `tasks` additional tasks (+1 for 1–3, +2 for 4–6, +3 for ≥ 7 by default)."""
    for minimum, bonus in rules.pp46_additional_task_bonus:
        if tasks >= minimum:
            return bonus
    return ZERO


def activity_score(
    activity: Pp46ActivityInput, rules: AppraisalRules
) -> tuple[Decimal | None, tuple[str, ...]]:
    """One activity's score (unrounded; `None` when not scorable) and what it still needs."""
    if activity.quantity_target == 0:
        return None, ()
    if activity.quantity_realised == 0:
        return ZERO, ()
    aspects = [percent(activity.quantity_realised, activity.quantity_target)]
    missing: list[str] = []
    if activity.quality_target != 0:
        if activity.quality_realised is None:
            missing.append(f"pp46:{activity.id} quality")
        else:
            aspects.append(percent(activity.quality_realised, activity.quality_target))
    if activity.time_target_months != 0:
        if activity.time_realised_months is None:
            missing.append(f"pp46:{activity.id} time")
        else:
            aspects.append(
                efficiency_score(
                    Decimal(activity.time_target_months),
                    Decimal(activity.time_realised_months),
                    rules,
                )
            )
    if activity.cost_target:
        if activity.cost_realised is None:
            missing.append(f"pp46:{activity.id} cost")
        else:
            target, realised = Decimal(activity.cost_target), Decimal(activity.cost_realised)
            aspects.append(efficiency_score(target, realised, rules))
    if missing:
        return None, tuple(missing)
    return mean(aspects), ()


def _outcome(activity: Pp46ActivityInput, score: Decimal | None) -> IndicatorOutcome:
    quantity = (
        None
        if activity.quantity_target == 0
        else publish(percent(activity.quantity_realised, activity.quantity_target))
    )
    return IndicatorOutcome(activity.id, quantity, publish_optional(score))


def evaluate(inputs: AppraisalInputs, rules: AppraisalRules) -> Evaluation:
    """Score a PP 46/2011 appraisal (see the module docstring)."""
    outcomes: list[IndicatorOutcome] = []
    scores: list[Decimal] = []
    missing: list[str] = []
    for activity in sorted(inputs.activities, key=lambda item: (item.position, item.id)):
        score, needs = activity_score(activity, rules)
        outcomes.append(_outcome(activity, score))
        missing.extend(needs)
        if score is not None:
            scores.append(score)
    activities_mean = mean(scores)
    if not inputs.activities or (activities_mean is None and not missing):
        missing.append("pp46:activities")
    skp = None
    if activities_mean is not None and not missing:
        bonus = additional_task_bonus(inputs.additional_tasks, rules)
        skp = activities_mean + bonus + inputs.creativity_points
    behaviour, behaviour_missing = behaviour_mean(inputs, Regime.PP46_2011)
    missing.extend(behaviour_missing)
    final = None
    if skp is not None and behaviour is not None:
        final = publish(
            weighted(skp, rules.pp46_skp_weight, behaviour, rules.pp46_behaviour_weight)
        )
    predicate = band_of(final, rules.pp46_bands) if final is not None and not missing else None
    return Evaluation(
        tuple(outcomes),
        publish_optional(skp),
        publish_optional(behaviour),
        final,
        predicate,
        tuple(missing),
    )
