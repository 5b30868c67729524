"""`AllowanceRules` as JSON: how a rule set is stored in `rule_set` and edited through
`setAllowanceRules`, with every parameter validated on the way in.

The JSON keys are the fields of `AllowanceRules`. Decimals are strings ("0.5"); the performance
factors, band deductions and leave deductions are objects {name: percent}; the study-leave
classes {education: kelas}; the not-paid statuses a sorted list; `profession_difference` a
boolean. A missing key keeps DEFAULT_RULES' value; an unknown key is an error (a typo must not
pass silently). The order of an object's keys is kept but never changes a payment (the payment
orders its lines by code).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.tariffs import MAX_KELAS, MIN_KELAS
from services.allowance.domain.types import AllowanceRuleError

_BAND = re.compile(r"(TL|PSW)[1-9][0-9]*")
_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_PERCENT_FIELDS = (
    "performance_percent",
    "discipline_percent",
    "no_appraisal_factor",
    "unexcused_absence_percent",
    "deduction_cap_percent",
    "cpns_percent",
    "study_leave_percent",
    "default_sanction_percent",
)
_PERCENT_MAPS = ("performance_factors", "band_deductions", "leave_deductions")


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rules_to_dict(rules: AllowanceRules) -> dict[str, Any]:
    """The rules as JSON-safe data (decimals as strings, pairs as objects, statuses sorted)."""
    data: dict[str, Any] = {name: _text(getattr(rules, name)) for name in _PERCENT_FIELDS}
    data.update(
        {name: {key: _text(value) for key, value in getattr(rules, name)} for name in _PERCENT_MAPS}
    )
    data.update(
        study_leave_class=dict(rules.study_leave_class),
        study_leave_default_class=rules.study_leave_default_class,
        not_paid_statuses=sorted(rules.not_paid_statuses),
        profession_difference=rules.profession_difference,
    )
    return {item.name: data[item.name] for item in fields(AllowanceRules)}


def _decimal(value: Any, name: str) -> Decimal:
    """A finite decimal from a string or a number (a JSON float is read by its shortest text)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise AllowanceRuleError(name, f"{name} must be a number")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise AllowanceRuleError(name, f"{name} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise AllowanceRuleError(name, f"{name} must be a finite number")
    return number


def _percent(value: Any, name: str) -> Decimal:
    number = _decimal(value, name)
    if not 0 <= number <= 100:
        raise AllowanceRuleError(name, f"{name} must be a percentage between 0 and 100")
    return number


def _kelas(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllowanceRuleError(name, f"{name} must be a whole number")
    if not MIN_KELAS <= value <= MAX_KELAS:
        raise AllowanceRuleError(
            name, f"{name} must be a kelas jabatan between {MIN_KELAS} and {MAX_KELAS}"
        )
    return value


def _mapping(value: Any, name: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise AllowanceRuleError(name, f"{name} must be an object")
    return value


def _key(key: Any, name: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(key, str) or not pattern.fullmatch(key):
        raise AllowanceRuleError(name, f"{name}: {key!r} is not {what}")
    return key


def _percent_map(pattern: re.Pattern[str], what: str) -> Callable[[Any, str], Any]:
    def parse(value: Any, name: str) -> tuple[tuple[str, Decimal], ...]:
        return tuple(
            (_key(key, name, pattern, what), _percent(percent, name))
            for key, percent in _mapping(value, name).items()
        )

    return parse


def _study_classes(value: Any, name: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (_key(key, name, _NAME, "an education level like S1"), _kelas(kelas, name))
        for key, kelas in _mapping(value, name).items()
    )


def _statuses(value: Any, name: str) -> frozenset[str]:
    if not isinstance(value, list | tuple):
        raise AllowanceRuleError(name, f"{name} must be a list")
    return frozenset(_key(item, name, _NAME, "a status like CLTN") for item in value)


def _boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise AllowanceRuleError(name, f"{name} must be true or false")
    return value


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    **dict.fromkeys(_PERCENT_FIELDS, _percent),
    "performance_factors": _percent_map(_NAME, "a predicate like BAIK"),
    "band_deductions": _percent_map(_BAND, "a band like TL1 or PSW4"),
    "leave_deductions": _percent_map(_NAME, "a leave type like SAKIT"),
    "study_leave_class": _study_classes,
    "study_leave_default_class": _kelas,
    "not_paid_statuses": _statuses,
    "profession_difference": _boolean,
}


def rules_from_dict(data: Mapping[str, Any]) -> AllowanceRules:
    """Rules from JSON-safe data (see `rules_to_dict`); a missing key keeps DEFAULT_RULES' value.

    Raises `AllowanceRuleError(key, message)` for an unknown key or an invalid value: the
    performance and discipline percentages must add up to 100; every percentage (factors, bands,
    leave, cap, CPNS, study leave, sanction) is 0..100; classes are 1..17; band codes are TL<n> or
    PSW<n>; names (predicates, leave types, educations, statuses) are upper-case identifiers;
    `profession_difference` is a boolean.
    """
    if not isinstance(data, Mapping):
        raise AllowanceRuleError(None, "the rules must be an object")
    for key in data:
        if key not in _PARSERS:
            raise AllowanceRuleError(str(key), f"{key!r} is not an allowance rule parameter")
    changes = {key: _PARSERS[key](value, key) for key, value in data.items()}
    rules = replace(DEFAULT_RULES, **changes)
    if rules.performance_percent + rules.discipline_percent != 100:
        raise AllowanceRuleError(
            "performance_percent", "performance_percent and discipline_percent must add up to 100"
        )
    return rules
