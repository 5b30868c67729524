"""The distribution check: the share of a unit's predicates allowed by the unit's rating.

Each `DistributionRule` of the unit's rating counts its predicates together; the share is
count/total×100 over all the predicates given (every appraisal of the unit with a predicate,
whatever its regime). Bounds are compared with the exact share; `Violation.percent` is the
share rounded to two decimals half-up for display. No appraisals: nothing to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.appraisal.domain.rules import AppraisalRules, DistributionRule
from services.appraisal.domain.types import Predicate, UnitRating

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Violation:
    """A distribution rule the unit's predicates break: `count` of `total` is `percent` %."""

    predicates: tuple[Predicate, ...]
    count: int
    total: int
    percent: Decimal
    message: str


def predicate_counts(predicates: Iterable[Predicate]) -> dict[Predicate, int]:
    """How many of each predicate (every `Predicate` is a key, with 0 when absent)."""
    counts = dict.fromkeys(Predicate, 0)
    for predicate in predicates:
        counts[predicate] += 1
    return counts


def _label(predicates: Iterable[Predicate]) -> str:
    return " or ".join(p.value.replace("_", " ").title() for p in _ordered(predicates))


def _ordered(predicates: Iterable[Predicate]) -> tuple[Predicate, ...]:
    order = list(Predicate)
    return tuple(sorted(predicates, key=order.index))


def _percent_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _broken(rule: DistributionRule, count: int, share: Decimal) -> str | None:
    """What `rule` requires, when the count or share breaks it; `None` when it holds."""
    if rule.at_least_one and count < 1:
        return "at least one"
    if rule.min_percent is not None and share < rule.min_percent:
        return f"at least {_percent_text(rule.min_percent)} %"
    if rule.max_percent is not None and share > rule.max_percent:
        if rule.max_percent == 0:
            return "no"
        return f"at most {_percent_text(rule.max_percent)} %"
    return None


def check_distribution(
    rating: UnitRating, predicates: Sequence[Predicate], rules: AppraisalRules
) -> tuple[Violation, ...]:
    """The distribution rules of a unit rated `rating` that its `predicates` break."""
    total = len(predicates)
    if total == 0:
        return ()
    unit_rules = next((group for key, group in rules.distribution if key is rating), ())
    counts = predicate_counts(predicates)
    violations: list[Violation] = []
    for rule in unit_rules:
        count = sum(counts[predicate] for predicate in rule.predicates)
        share = Decimal(count) * _HUNDRED / total
        required = _broken(rule, count, share)
        if required is None:
            continue
        shown = share.quantize(_CENT, rounding=ROUND_HALF_UP)
        label = _label(rule.predicates)
        rating_label = rating.value.replace("_", " ").title()
        violations.append(
            Violation(
                _ordered(rule.predicates),
                count,
                total,
                shown,
                f"a unit rated {rating_label} needs {required} {label}: "
                f"{count} of {total} ({shown} %)",
            )
        )
    return tuple(violations)
