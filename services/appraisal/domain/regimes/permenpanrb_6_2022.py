"""PermenPANRB 6/2022: results and behaviour rated below / as / above expectation, no scores.

The predicate comes from `rules.p6_matrix` by (results rating, behaviour rating). The seven
BerAKHLAK values must each carry the superior's level before the appraisal can be finalised.
Each indicator's achievement C (the 8/2021 formula, see `common.achievement`) is shown to
support the results rating; it has no value and there is no SKP, behaviour or final score.
"""

from __future__ import annotations

from services.appraisal.domain.behaviour import behaviour_aspects
from services.appraisal.domain.regimes.common import (
    AppraisalInputs,
    Evaluation,
    IndicatorOutcome,
    achievement,
    publish_optional,
)
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import Expectation, Predicate, Regime


def matrix_predicate(
    results: Expectation, behaviour: Expectation, rules: AppraisalRules
) -> Predicate | None:
    """The matrix cell for (results, behaviour); `None` if the rules lack that cell."""
    for row, column, predicate in rules.p6_matrix:
        if row is results and column is behaviour:
            return predicate
    return None


def evaluate(inputs: AppraisalInputs, rules: AppraisalRules) -> Evaluation:
    """Evaluate a PermenPANRB 6/2022 appraisal (see the module docstring)."""
    outcomes = tuple(
        IndicatorOutcome(
            indicator.id,
            publish_optional(
                achievement(indicator.target, indicator.realisation, indicator.direction)
            ),
            None,
        )
        for indicator in sorted(inputs.indicators, key=lambda item: (item.position, item.id))
    )
    missing = [
        f"behaviour:{value}"
        for value in behaviour_aspects(Regime.PERMENPANRB_6_2022, inputs.structural)
        if value not in inputs.behaviour_levels
    ]
    if inputs.results_rating is None:
        missing.append("results_rating")
    if inputs.behaviour_rating is None:
        missing.append("behaviour_rating")
    predicate = None
    if inputs.results_rating is not None and inputs.behaviour_rating is not None:
        predicate = matrix_predicate(inputs.results_rating, inputs.behaviour_rating, rules)
    if missing:
        predicate = None
    return Evaluation(outcomes, None, None, None, predicate, tuple(missing))
