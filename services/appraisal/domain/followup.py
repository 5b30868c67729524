"""Follow-up of an appraisal: reward, coaching and development, functional credit points.

Credit points (*angka kredit*, PerBKN 3/2023) = predicate percent / 100 × the job type's annual
coefficient × months / 12, computed exactly and rounded once to two decimals half-up
(12.5 × 150 % × 12/12 = 18.75). A competency gap (from identity) is the distance between the
level the position requires and the level assessed; development lists the gaps largest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Expectation,
    Predicate,
    RecommendationKind,
    UnitRating,
)

_CENT = Decimal("0.01")
_MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Recommendation:
    """One follow-up recommendation; credit points and competencies where they apply."""

    kind: RecommendationKind
    text: str
    credit_points: Decimal | None = None
    competencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    """A competency whose assessed level is below the level the position requires.

    `kind` is the competency group as identity publishes it (e.g. TECHNICAL, MANAGERIAL,
    SOCIO_CULTURAL).
    """

    competency: str
    kind: str
    required_level: int
    assessed_level: int

    @property
    def size(self) -> int:
        """How many levels the assessed level lacks (0 or less: no gap)."""
        return self.required_level - self.assessed_level


def credit_points(
    predicate: Predicate, job_type: str | None, months: int, rules: AppraisalRules
) -> Decimal | None:
    """Credit points earned over `months` (0..12); `None` for a job type without coefficient."""
    if not 0 <= months <= _MONTHS_PER_YEAR:
        raise AppraisalRuleError("months", "credit points cover 0 to 12 months")
    coefficient = dict(rules.credit_coefficients).get(job_type) if job_type else None
    percent = dict(rules.credit_percent).get(predicate)
    if coefficient is None or percent is None:
        return None
    points = percent * coefficient * months / (100 * _MONTHS_PER_YEAR)
    return points.quantize(_CENT, rounding=ROUND_HALF_UP)


def _label(predicate: Predicate) -> str:
    return predicate.value.replace("_", " ").title()


def _development(gaps: Sequence[Gap]) -> Recommendation:
    real = sorted(
        (gap for gap in gaps if gap.size > 0), key=lambda gap: (-gap.size, gap.competency)
    )
    names = tuple(gap.competency for gap in real)
    if names:
        text = "Plan development for the competency gaps: " + ", ".join(
            f"{gap.competency} (level {gap.assessed_level} of {gap.required_level})" for gap in real
        )
    else:
        text = "Plan development with the employee; no competency gaps are on record"
    return Recommendation(RecommendationKind.DEVELOPMENT, text, competencies=names)


def recommendations(
    predicate: Predicate,
    job_type: str | None,
    months: int,
    gaps: Sequence[Gap],
    rules: AppraisalRules,
) -> tuple[Recommendation, ...]:
    """The follow-up of an appraisal with `predicate`, in the order reward, coaching,
    development, credit points."""
    result: list[Recommendation] = []
    label = _label(predicate)
    if predicate in rules.reward_predicates:
        result.append(
            Recommendation(RecommendationKind.REWARD, f"Consider a reward: predicate {label}")
        )
    if predicate in rules.coaching_predicates:
        result.append(
            Recommendation(
                RecommendationKind.COACHING,
                f"Coach the employee on the results behind the predicate {label}",
            )
        )
        result.append(_development(gaps))
    points = credit_points(predicate, job_type, months, rules)
    if points is not None:
        result.append(
            Recommendation(
                RecommendationKind.CREDIT_POINTS,
                f"Credit points for {months} month(s) at {label}: {points}",
                credit_points=points,
            )
        )
    return tuple(result)


def unit_head_results(rating: UnitRating, rules: AppraisalRules) -> Expectation:
    """The results rating of a unit's head, which follows the unit's rating."""
    for unit_rating, expectation in rules.unit_head_results:
        if unit_rating is rating:
            return expectation
    raise AppraisalRuleError("unitRating", f"no results rating is set for a unit rated {rating}")
