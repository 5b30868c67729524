"""Behaviour aspects per regime and the check of one rating of one aspect.

PP46 and 8/2021 score each aspect as a number (0..pp46_behaviour_max / 0..p8_behaviour_max);
leadership (KEPEMIMPINAN) is rated for structural officials only. PermenPANRB 6/2022 rates each
of the seven BerAKHLAK values below / as / above expectation, with no number.
"""

from __future__ import annotations

from decimal import Decimal

from services.appraisal.domain.rules import (
    BERAKHLAK,
    P8_ASPECTS,
    PP46_ASPECTS,
    PP46_LEADERSHIP,
    AppraisalRules,
)
from services.appraisal.domain.types import AppraisalRuleError, Expectation, Regime


def behaviour_aspects(regime: Regime, structural: bool) -> tuple[str, ...]:
    """The aspects rated under `regime`; leadership only for a structural official."""
    if regime is Regime.PERMENPANRB_6_2022:
        return BERAKHLAK
    aspects = PP46_ASPECTS if regime is Regime.PP46_2011 else P8_ASPECTS
    if structural:
        return aspects
    return tuple(aspect for aspect in aspects if aspect != PP46_LEADERSHIP)


def behaviour_max(regime: Regime, rules: AppraisalRules) -> Decimal | None:
    """The highest score of an aspect under `regime` (`None`: 6/2022 has no scores)."""
    if regime is Regime.PP46_2011:
        return rules.pp46_behaviour_max
    if regime is Regime.PERMENPANRB_8_2021:
        return rules.p8_behaviour_max
    return None


def check_behaviour_input(
    regime: Regime,
    aspect: str,
    score: Decimal | None,
    level: Expectation | None,
    rules: AppraisalRules,
) -> None:
    """Raise `AppraisalRuleError` unless (`score` or `level`) is a valid rating of `aspect`.

    Leadership is accepted here for any employee (whether it counts is decided by `evaluate`,
    which knows whether the employee is structural).
    """
    known = behaviour_aspects(regime, structural=True)
    if aspect not in known:
        raise AppraisalRuleError(
            "aspect", f"{aspect!r} is not a behaviour aspect here; use one of {', '.join(known)}"
        )
    top = behaviour_max(regime, rules)
    if top is None:
        if score is not None:
            raise AppraisalRuleError(
                "score", "this regime rates behaviour by level (below/as/above), not by a score"
            )
        if level is None:
            raise AppraisalRuleError("level", f"give a level (below/as/above) for {aspect}")
        return
    if level is not None:
        raise AppraisalRuleError("level", "this regime rates behaviour by a score, not by a level")
    if score is None:
        raise AppraisalRuleError("score", f"give a score for {aspect}")
    if not score.is_finite() or not 0 <= score <= top:
        raise AppraisalRuleError("score", f"a behaviour score must be between 0 and {top}")
