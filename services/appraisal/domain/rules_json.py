"""`AppraisalRules` as JSON: how a rule set is stored in `rule_set` and edited through
`setAppraisalRules`, with every parameter validated on the way in.

The JSON keys are the fields of `AppraisalRules`. Decimals are strings ("12.5"), enums their values,
bands a list of {"minimum", "predicate"} from the top, the task bonus a list of
{"minimum_tasks", "bonus"}, the 6/2022 matrix {results: {behaviour: predicate}}, the unit head's
results {unit rating: expectation}, the distribution {unit rating: [rule, ...]}, credit
percentages {predicate: percent} and coefficients {job type: coefficient}. A missing key keeps
DEFAULT_RULES' value; an unknown key is an error (a typo must not pass silently).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from typing import Any, TypeVar

from services.appraisal.domain.rules import (
    DEFAULT_RULES,
    AppraisalRules,
    Band,
    DistributionRule,
)
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Expectation,
    Frequency,
    Predicate,
    UnitRating,
)

_WEIGHT_PAIRS = (
    ("pp46_skp_weight", "pp46_behaviour_weight"),
    ("p8_skp_weight", "p8_behaviour_weight"),
    ("p8_skp_weight_360", "p8_behaviour_weight_360"),
)
_DECIMAL_FIELDS = (
    "pp46_skp_weight",
    "pp46_behaviour_weight",
    "pp46_efficiency_threshold",
    "pp46_time_factor",
    "pp46_behaviour_max",
    "p8_skp_weight",
    "p8_behaviour_weight",
    "p8_skp_weight_360",
    "p8_behaviour_weight_360",
    "p8_behaviour_max",
)
_MAX_OBJECTION_DAYS = 90


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _rule_to_dict(rule: DistributionRule) -> dict[str, Any]:
    return {
        "predicates": [p.value for p in Predicate if p in rule.predicates],
        "min_percent": None if rule.min_percent is None else _text(rule.min_percent),
        "max_percent": None if rule.max_percent is None else _text(rule.max_percent),
        "at_least_one": rule.at_least_one,
    }


def rules_to_dict(rules: AppraisalRules) -> dict[str, Any]:
    """The rules as JSON-safe data (decimals as strings, enums by value)."""
    matrix: dict[str, dict[str, str]] = {}
    for results, behaviour, predicate in rules.p6_matrix:
        matrix.setdefault(results.value, {})[behaviour.value] = predicate.value
    data: dict[str, Any] = {name: _text(getattr(rules, name)) for name in _DECIMAL_FIELDS}
    data.update(
        frequency=rules.frequency.value,
        objection_days=rules.objection_days,
        pp46_bands=[_band_to_dict(band) for band in rules.pp46_bands],
        pp46_additional_task_bonus=[
            {"minimum_tasks": tasks, "bonus": _text(bonus)}
            for tasks, bonus in rules.pp46_additional_task_bonus
        ],
        pp46_creativity_points=[_text(points) for points in rules.pp46_creativity_points],
        p8_bands=[_band_to_dict(band) for band in rules.p8_bands],
        p8_sangat_baik_needs_innovation=rules.p8_sangat_baik_needs_innovation,
        p6_matrix=matrix,
        unit_head_results={rating.value: exp.value for rating, exp in rules.unit_head_results},
        distribution={
            rating.value: [_rule_to_dict(rule) for rule in group]
            for rating, group in rules.distribution
        },
        credit_percent={p.value: _text(percent) for p, percent in rules.credit_percent},
        credit_coefficients={job: _text(value) for job, value in rules.credit_coefficients},
        reward_predicates=[p.value for p in Predicate if p in rules.reward_predicates],
        coaching_predicates=[p.value for p in Predicate if p in rules.coaching_predicates],
    )
    return {item.name: data[item.name] for item in fields(AppraisalRules)}


def _band_to_dict(band: Band) -> dict[str, str]:
    return {"minimum": _text(band.minimum), "predicate": band.predicate.value}


_Enum = TypeVar("_Enum", bound=StrEnum)


def _decimal(value: Any, name: str) -> Decimal:
    """A finite decimal from a string or a number (a JSON float is read by its shortest text)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise AppraisalRuleError(name, f"{name} must be a number")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise AppraisalRuleError(name, f"{name} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise AppraisalRuleError(name, f"{name} must be a finite number")
    return number


def _non_negative(value: Any, name: str) -> Decimal:
    number = _decimal(value, name)
    if number < 0:
        raise AppraisalRuleError(name, f"{name} cannot be negative")
    return number


def _percent(value: Any, name: str) -> Decimal:
    number = _decimal(value, name)
    if not 0 <= number <= 100:
        raise AppraisalRuleError(name, f"{name} must be a percentage between 0 and 100")
    return number


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AppraisalRuleError(name, f"{name} must be a whole number")
    return value


def _enum(kind: type[_Enum], value: Any, name: str) -> _Enum:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise AppraisalRuleError(name, f"{name}: {value!r} is not one of {allowed}") from None


def _items(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise AppraisalRuleError(name, f"{name} must be a list")
    return list(value)


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise AppraisalRuleError(name, f"{name} must be an object")
    return value


def _keys(value: Any, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    entry = _mapping(value, name)
    unknown = set(entry) - set(required) - set(optional)
    if unknown:
        raise AppraisalRuleError(name, f"{name}: unknown key {sorted(unknown)[0]!r}")
    for key in required:
        if key not in entry:
            raise AppraisalRuleError(name, f"{name}: {key!r} is required")


def _bands_from(value: Any, name: str) -> tuple[Band, ...]:
    bands: list[Band] = []
    for entry in _items(value, name):
        _keys(entry, name, ("minimum", "predicate"))
        bands.append(
            Band(
                _non_negative(entry["minimum"], name),
                _enum(Predicate, entry["predicate"], name),
            )
        )
    minimums = [band.minimum for band in bands]
    if not bands or minimums[-1] != 0 or any(a <= b for a, b in pairwise(minimums)):
        raise AppraisalRuleError(
            name, f"{name} must go from the top, minimums strictly descending to 0"
        )
    return tuple(bands)


def _task_bonus_from(value: Any, name: str) -> tuple[tuple[int, Decimal], ...]:
    pairs: list[tuple[int, Decimal]] = []
    for entry in _items(value, name):
        _keys(entry, name, ("minimum_tasks", "bonus"))
        tasks = _integer(entry["minimum_tasks"], name)
        if tasks < 1:
            raise AppraisalRuleError(name, f"{name}: minimum_tasks must be at least 1")
        pairs.append((tasks, _non_negative(entry["bonus"], name)))
    if any(a[0] <= b[0] for a, b in pairwise(pairs)):
        raise AppraisalRuleError(name, f"{name} must be listed from the most tasks down")
    return tuple(pairs)


def _creativity_from(value: Any, name: str) -> tuple[Decimal, ...]:
    points = tuple(_non_negative(item, name) for item in _items(value, name))
    if Decimal(0) not in points:
        raise AppraisalRuleError(name, f"{name} must include 0 (no creativity)")
    return points


def _matrix_from(value: Any, name: str) -> tuple[tuple[Expectation, Expectation, Predicate], ...]:
    cells: list[tuple[Expectation, Expectation, Predicate]] = []
    for results, row in _mapping(value, name).items():
        for behaviour, predicate in _mapping(row, name).items():
            cells.append(
                (
                    _enum(Expectation, results, name),
                    _enum(Expectation, behaviour, name),
                    _enum(Predicate, predicate, name),
                )
            )
    if {(r, b) for r, b, _ in cells} != {(r, b) for r in Expectation for b in Expectation}:
        raise AppraisalRuleError(name, f"{name} must give a predicate for all nine cells")
    return tuple(cells)


def _unit_head_from(value: Any, name: str) -> tuple[tuple[UnitRating, Expectation], ...]:
    pairs = tuple(
        (_enum(UnitRating, rating, name), _enum(Expectation, expectation, name))
        for rating, expectation in _mapping(value, name).items()
    )
    if {rating for rating, _ in pairs} != set(UnitRating):
        raise AppraisalRuleError(name, f"{name} must give a results rating for every unit rating")
    return pairs


def _distribution_rule_from(entry: Any, name: str) -> DistributionRule:
    _keys(entry, name, ("predicates",), ("min_percent", "max_percent", "at_least_one"))
    predicates = frozenset(_enum(Predicate, p, name) for p in _items(entry["predicates"], name))
    if not predicates:
        raise AppraisalRuleError(name, f"{name}: a rule needs at least one predicate")
    low, high = entry.get("min_percent"), entry.get("max_percent")
    rule = DistributionRule(
        predicates,
        None if low is None else _percent(low, name),
        None if high is None else _percent(high, name),
        bool(entry.get("at_least_one", False)),
    )
    if (
        rule.min_percent is not None
        and rule.max_percent is not None
        and (rule.min_percent > rule.max_percent)
    ):
        raise AppraisalRuleError(name, f"{name}: min_percent is above max_percent")
    return rule


def _distribution_from(
    value: Any, name: str
) -> tuple[tuple[UnitRating, tuple[DistributionRule, ...]], ...]:
    return tuple(
        (
            _enum(UnitRating, rating, name),
            tuple(_distribution_rule_from(entry, name) for entry in _items(group, name)),
        )
        for rating, group in _mapping(value, name).items()
    )


def _credit_percent_from(value: Any, name: str) -> tuple[tuple[Predicate, Decimal], ...]:
    return tuple(
        (_enum(Predicate, predicate, name), _non_negative(percent, name))
        for predicate, percent in _mapping(value, name).items()
    )


def _coefficients_from(value: Any, name: str) -> tuple[tuple[str, Decimal], ...]:
    pairs: list[tuple[str, Decimal]] = []
    for job, coefficient in _mapping(value, name).items():
        if not isinstance(job, str) or not job.strip():
            raise AppraisalRuleError(name, f"{name}: a job type must be a non-empty name")
        pairs.append((job, _non_negative(coefficient, name)))
    return tuple(pairs)


def _predicates_from(value: Any, name: str) -> frozenset[Predicate]:
    return frozenset(_enum(Predicate, p, name) for p in _items(value, name))


def _objection_days_from(value: Any, name: str) -> int:
    days = _integer(value, name)
    if not 1 <= days <= _MAX_OBJECTION_DAYS:
        raise AppraisalRuleError(name, f"{name} must be between 1 and {_MAX_OBJECTION_DAYS}")
    return days


def _positive(value: Any, name: str) -> Decimal:
    number = _decimal(value, name)
    if number <= 0:
        raise AppraisalRuleError(name, f"{name} must be greater than 0")
    return number


def _boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise AppraisalRuleError(name, f"{name} must be true or false")
    return value


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "frequency": lambda value, name: _enum(Frequency, value, name),
    "objection_days": _objection_days_from,
    "pp46_skp_weight": _percent,
    "pp46_behaviour_weight": _percent,
    "pp46_bands": _bands_from,
    "pp46_efficiency_threshold": _percent,
    "pp46_time_factor": _positive,
    "pp46_additional_task_bonus": _task_bonus_from,
    "pp46_creativity_points": _creativity_from,
    "pp46_behaviour_max": _positive,
    "p8_skp_weight": _percent,
    "p8_behaviour_weight": _percent,
    "p8_skp_weight_360": _percent,
    "p8_behaviour_weight_360": _percent,
    "p8_bands": _bands_from,
    "p8_sangat_baik_needs_innovation": _boolean,
    "p8_behaviour_max": _positive,
    "p6_matrix": _matrix_from,
    "unit_head_results": _unit_head_from,
    "distribution": _distribution_from,
    "credit_percent": _credit_percent_from,
    "credit_coefficients": _coefficients_from,
    "reward_predicates": _predicates_from,
    "coaching_predicates": _predicates_from,
}


def rules_from_dict(data: Mapping[str, Any]) -> AppraisalRules:
    """Rules from JSON-safe data (see `rules_to_dict`); a missing key keeps DEFAULT_RULES' value.

    Raises `AppraisalRuleError(key, message)` for an unknown key or an invalid value: weights of a
    pair must sum to 100, bands descend strictly to 0, objection days are 1..90, percentages
    0..100, coefficients and credit percentages ≥ 0, the 6/2022 matrix and the unit head's
    results cover every case.
    """
    if not isinstance(data, Mapping):
        raise AppraisalRuleError(None, "the rules must be an object")
    for key in data:
        if key not in _PARSERS:
            raise AppraisalRuleError(str(key), f"{key!r} is not an appraisal rule parameter")
    changes = {key: _PARSERS[key](value, key) for key, value in data.items()}
    rules = replace(DEFAULT_RULES, **changes)
    for first, second in _WEIGHT_PAIRS:
        if getattr(rules, first) + getattr(rules, second) != 100:
            raise AppraisalRuleError(first, f"{first} and {second} must add up to 100")
    return rules
