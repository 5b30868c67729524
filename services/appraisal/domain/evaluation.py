"""Evaluate an appraisal under its SKP's regime — the one entry point to the scoring regimes.

`evaluate` picks the regime module (regimes/pp46_2011.py, permenpanrb_8_2021.py,
permenpanrb_6_2022.py); the inputs, outcome types and rounding policy live in regimes/common.py
and are re-exported here. Everything is pure `Decimal` arithmetic; only published figures are
rounded (two decimals, half-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from services.appraisal.domain.behaviour import behaviour_aspects, check_behaviour_input
from services.appraisal.domain.regimes import permenpanrb_6_2022, permenpanrb_8_2021, pp46_2011
from services.appraisal.domain.regimes.common import (
    AppraisalInputs,
    Evaluation,
    IndicatorInput,
    IndicatorOutcome,
    Pp46ActivityInput,
    achievement,
)
from services.appraisal.domain.regimes.permenpanrb_8_2021 import p8_value
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import AppraisalRuleError, Regime

__all__ = [
    "AppraisalInputs",
    "Evaluation",
    "IndicatorInput",
    "IndicatorOutcome",
    "Pp46ActivityInput",
    "achievement",
    "behaviour_aspects",
    "check_behaviour_input",
    "check_rating_input",
    "evaluate",
    "p8_value",
]

_QUALITY_MAX = Decimal(100)


def evaluate(regime: Regime, inputs: AppraisalInputs, rules: AppraisalRules) -> Evaluation:
    """Compute the appraisal's figures and predicate under `regime` (never raises on gaps:
    what is still needed is listed in `Evaluation.missing`)."""
    if regime is Regime.PP46_2011:
        return pp46_2011.evaluate(inputs, rules)
    if regime is Regime.PERMENPANRB_8_2021:
        return permenpanrb_8_2021.evaluate(inputs, rules)
    return permenpanrb_6_2022.evaluate(inputs, rules)


def check_rating_input(
    regime: Regime,
    *,
    additional_tasks: int,
    creativity_points: Decimal,
    activities: Sequence[Pp46ActivityInput],
    rules: AppraisalRules,
) -> None:
    """Raise `AppraisalRuleError` (with the input's field name) for a rating outside the rules.

    Additional tasks and creativity points exist only under PP46: other regimes accept 0 only.
    """
    if additional_tasks < 0:
        raise AppraisalRuleError("additionalTasks", "additional tasks cannot be negative")
    if creativity_points not in rules.pp46_creativity_points:
        allowed = ", ".join(str(points) for points in rules.pp46_creativity_points)
        raise AppraisalRuleError("creativityPoints", f"creativity points must be one of {allowed}")
    if regime is not Regime.PP46_2011 and (additional_tasks or creativity_points):
        raise AppraisalRuleError(
            "additionalTasks" if additional_tasks else "creativityPoints",
            "additional tasks and creativity points apply to PP 46/2011 appraisals only",
        )
    for activity in activities:
        _check_activity(activity)


def _check_activity(activity: Pp46ActivityInput) -> None:
    name = activity.title or activity.id
    if not activity.quantity_realised.is_finite() or activity.quantity_realised < 0:
        raise AppraisalRuleError(
            "quantityRealised", f"the realised quantity of {name!r} cannot be negative"
        )
    quality = activity.quality_realised
    if quality is not None and not (quality.is_finite() and 0 <= quality <= _QUALITY_MAX):
        raise AppraisalRuleError(
            "qualityRealised", f"the realised quality of {name!r} must be between 0 and 100"
        )
    if activity.time_realised_months is not None and activity.time_realised_months < 0:
        raise AppraisalRuleError(
            "timeRealisedMonths", f"the realised time of {name!r} cannot be negative"
        )
    if activity.cost_realised is not None and activity.cost_realised < 0:
        raise AppraisalRuleError(
            "costRealised", f"the realised cost of {name!r} cannot be negative"
        )
