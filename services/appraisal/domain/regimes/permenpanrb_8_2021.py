"""PP 30/2019 with PermenPANRB 8/2021: indicator achievement, the value curve, the final score.

Achievement C = R/T×100 (lower is better: (2 − R/T)×100). Value (DOMAIN.md §4):
C > 110 → 120; 101–110 → 110 + (C − 101)×10/9; 100 → 109; 80–99 → 70 + (C − 80);
60–79 → 50 + (C − 60); ≤ 59 → C/59×49. SKP = mean of the values of the UTAMA (main)
indicators; behaviour = mean of the aspects (0..p8_behaviour_max, leadership for structural
officials only); final = 70 % SKP + 30 % behaviour (60/40 with 360 input); predicate by
`p8_bands` on the published final score, Sangat Baik only with an innovation (else Baik).

Choices where DOMAIN.md is silent:
- The curve's bands are read as half-open intervals from their lower bound, so a C between two
  bands takes the lower band's formula: 59 < C < 60 → C/59×49; 79 < C < 80 → 50 + (C − 60);
  99 < C < 100 → 70 + (C − 80); 100 ≤ C < 101 → 109; 101 ≤ C ≤ 110 → the 101–110 formula.
  The curve stays monotone non-decreasing and within 0..120.
- A negative C (lower is better, realisation above twice the target) has value 0.
- TAMBAHAN (additional) indicators are shown with their achievement and value but are not
  counted in the SKP score, which measures the main results (PermenPANRB 8/2021 rates the
  kinerja utama; additional results support the predicate discussion, not the number).
- A zero target gives no achievement (see `common.achievement`): value `None`, not counted.
- Not implemented: the annex's exception "100 % of a target that is already the maximum
  possible counts as 120" (no input marks such targets).
- Rounding: see regimes/common.py.
"""

from __future__ import annotations

from decimal import Decimal

from services.appraisal.domain.regimes.common import (
    ZERO,
    AppraisalInputs,
    Evaluation,
    IndicatorOutcome,
    achievement,
    band_of,
    behaviour_mean,
    mean,
    publish,
    publish_optional,
    weighted,
)
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import Predicate, Regime

UTAMA = "UTAMA"
TAMBAHAN = "TAMBAHAN"
_MAX = Decimal(120)


def p8_value(c: Decimal) -> Decimal:
    """The value (0..120, unrounded) of achievement `c` percent on the 8/2021 curve."""
    if c > 110:
        value = _MAX
    elif c >= 101:
        value = 110 + (c - 101) * 10 / Decimal(9)
    elif c >= 100:
        value = Decimal(109)
    elif c >= 80:
        value = 70 + (c - 80)
    elif c >= 60:
        value = 50 + (c - 60)
    else:
        value = max(c, ZERO) / 59 * 49
    return value


def evaluate(inputs: AppraisalInputs, rules: AppraisalRules) -> Evaluation:
    """Score a PermenPANRB 8/2021 appraisal (see the module docstring)."""
    outcomes: list[IndicatorOutcome] = []
    main_values: list[Decimal] = []
    for indicator in sorted(inputs.indicators, key=lambda item: (item.position, item.id)):
        c = achievement(indicator.target, indicator.realisation, indicator.direction)
        value = None if c is None else p8_value(c)
        outcomes.append(
            IndicatorOutcome(indicator.id, publish_optional(c), publish_optional(value))
        )
        if value is not None and indicator.kind == UTAMA:
            main_values.append(value)
    missing: list[str] = []
    skp = mean(main_values)
    if skp is None:
        missing.append("indicators")
    behaviour, behaviour_missing = behaviour_mean(inputs, Regime.PERMENPANRB_8_2021)
    missing.extend(behaviour_missing)
    final = None
    if skp is not None and behaviour is not None:
        weights = (
            (rules.p8_skp_weight_360, rules.p8_behaviour_weight_360)
            if inputs.with_360
            else (rules.p8_skp_weight, rules.p8_behaviour_weight)
        )
        final = publish(weighted(skp, weights[0], behaviour, weights[1]))
    predicate = None
    if final is not None and not missing:
        predicate = band_of(final, rules.p8_bands)
        if (
            predicate is Predicate.SANGAT_BAIK
            and rules.p8_sangat_baik_needs_innovation
            and not inputs.innovation
        ):
            predicate = Predicate.BAIK
    return Evaluation(
        tuple(outcomes),
        publish_optional(skp),
        publish_optional(behaviour),
        final,
        predicate,
        tuple(missing),
    )
