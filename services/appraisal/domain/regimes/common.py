"""What every scoring regime shares: the inputs, the outcome, achievement and rounding.

Rounding: every figure is computed with unrounded `Decimal`s (exact where the arithmetic allows,
otherwise 28 significant digits) and rounded once, to two decimals half-up (`ROUND_HALF_UP`), when
it is published — `IndicatorOutcome.achievement`/`value`, `Evaluation.skp_score`,
`behaviour_score`, `final_score`. Means and weighted sums use the unrounded figures, so a published
final score may differ by 0.01 from recomputing it with the published parts. A predicate is banded
on the published (rounded) final score, so the figure shown and its predicate always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from services.appraisal.domain.behaviour import behaviour_aspects
from services.appraisal.domain.rules import Band
from services.appraisal.domain.types import Direction, Expectation, Predicate, Regime

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorInput:
    """An SKP indicator (IKI) of the new regimes with its target and realisation for the period.

    `kind` is "UTAMA" (main) or "TAMBAHAN" (additional) — the RHK kind of PermenPANRB 6/2022.
    """

    id: str
    lineage_id: str
    item_title: str
    name: str
    kind: str
    direction: Direction
    target: Decimal
    realisation: Decimal
    position: int


@dataclass(frozen=True)
class Pp46ActivityInput:
    """A PP 46/2011 SKP activity: targets and realisations of quantity, quality, time and cost.

    Time is in months; cost in whole rupiah (`None`: cost not targeted). A realisation that is
    `None` has not been entered yet.
    """

    id: str
    lineage_id: str
    title: str
    quantity_target: Decimal
    quantity_realised: Decimal
    quality_target: Decimal
    quality_realised: Decimal | None
    time_target_months: int
    time_realised_months: int | None
    cost_target: int | None
    cost_realised: int | None
    position: int


@dataclass(frozen=True)
class AppraisalInputs:
    """Everything `evaluate` needs besides the rules.

    `behaviour_scores`: the SUPERIOR's score per aspect (PP46, 8/2021). `behaviour_levels`: the
    superior's level per BerAKHLAK value (6/2022). `additional_tasks` and `creativity_points` are
    PP46's bonuses; `innovation` is 8/2021's "new idea or method" for Sangat Baik;
    `results_rating` and `behaviour_rating` are 6/2022's two ratings.
    """

    indicators: tuple[IndicatorInput, ...] = ()
    activities: tuple[Pp46ActivityInput, ...] = ()
    behaviour_scores: Mapping[str, Decimal] = field(default_factory=dict)
    behaviour_levels: Mapping[str, Expectation] = field(default_factory=dict)
    structural: bool = False
    with_360: bool = False
    additional_tasks: int = 0
    creativity_points: Decimal = ZERO
    innovation: bool = False
    results_rating: Expectation | None = None
    behaviour_rating: Expectation | None = None


@dataclass(frozen=True)
class IndicatorOutcome:
    """One indicator's (or PP46 activity's) published achievement percent and value."""

    id: str
    achievement: Decimal | None
    value: Decimal | None


@dataclass(frozen=True)
class Evaluation:
    """The computed figures of an appraisal; `missing` lists what is still needed to finalise."""

    indicators: tuple[IndicatorOutcome, ...]
    skp_score: Decimal | None
    behaviour_score: Decimal | None
    final_score: Decimal | None
    predicate: Predicate | None
    missing: tuple[str, ...]


def publish(value: Decimal) -> Decimal:
    """Round a figure for publication: two decimals, half-up."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def publish_optional(value: Decimal | None) -> Decimal | None:
    """`publish`, passing `None` through."""
    return None if value is None else publish(value)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The arithmetic mean, unrounded; `None` for no values."""
    items = list(values)
    if not items:
        return None
    return sum(items, ZERO) / len(items)


def weighted(
    first: Decimal, first_weight: Decimal, second: Decimal, second_weight: Decimal
) -> Decimal:
    """`first` and `second` weighted by percentages (which sum to 100), unrounded."""
    return (first * first_weight + second * second_weight) / HUNDRED


def band_of(score: Decimal, bands: Iterable[Band]) -> Predicate | None:
    """The predicate of the first band (from the top) whose minimum `score` reaches."""
    for band in bands:
        if score >= band.minimum:
            return band.predicate
    return None


def achievement(target: Decimal, realisation: Decimal, direction: Direction) -> Decimal | None:
    """Achievement C in percent (unrounded): R/T×100, or (2 − R/T)×100 when lower is better.

    A zero target has no defined achievement (the formula divides by it): `None`, so the
    indicator's value is `None` and it is left out of the SKP mean (documented choice; DOMAIN.md
    is silent). Over-achievement is not capped here (the value curve caps it); lower-is-better
    far above target gives a negative C, which the curve maps to 0.
    """
    if target == 0:
        return None
    ratio = realisation / target
    if direction is Direction.LOWER_IS_BETTER:
        return (2 - ratio) * HUNDRED
    return ratio * HUNDRED


def behaviour_mean(
    inputs: AppraisalInputs, regime: Regime
) -> tuple[Decimal | None, tuple[str, ...]]:
    """The mean of the superior's aspect scores (unrounded) and the aspects still unrated."""
    aspects = behaviour_aspects(regime, inputs.structural)
    missing = tuple(
        f"behaviour:{aspect}" for aspect in aspects if aspect not in inputs.behaviour_scores
    )
    if missing:
        return None, missing
    return mean(inputs.behaviour_scores[aspect] for aspect in aspects), ()
