"""AllowanceRules as JSON: round trip, defaults, and validation errors naming the field."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.rules_json import rules_from_dict, rules_to_dict
from services.allowance.domain.types import AllowanceRuleError


def test_default_rules_round_trip() -> None:
    assert rules_from_dict(rules_to_dict(DEFAULT_RULES)) == DEFAULT_RULES


def test_rules_to_dict_is_json_safe_with_every_field() -> None:
    data = rules_to_dict(DEFAULT_RULES)

    assert json.loads(json.dumps(data)) == data
    assert data["performance_percent"] == "60"
    assert data["band_deductions"]["TL1"] == "0.5"
    assert data["study_leave_class"] == {"S1": 6, "D": 6, "S2": 7, "S3": 7}
    assert data["not_paid_statuses"] == sorted(DEFAULT_RULES.not_paid_statuses)
    assert data["profession_difference"] is True
    assert set(data) == set(AllowanceRules.__dataclass_fields__)


def test_changed_rules_round_trip_through_json_text() -> None:
    rules = replace(
        DEFAULT_RULES,
        performance_percent=Decimal(70),
        discipline_percent=Decimal(30),
        leave_deductions=(("SAKIT", Decimal(2)),),
        not_paid_statuses=frozenset({"CLTN"}),
        study_leave_percent=Decimal(50),
        profession_difference=False,
    )

    assert rules_from_dict(json.loads(json.dumps(rules_to_dict(rules)))) == rules


def test_missing_keys_keep_the_defaults() -> None:
    rules = rules_from_dict({"cpns_percent": "75"})

    assert rules == replace(DEFAULT_RULES, cpns_percent=Decimal(75))


def test_empty_object_is_the_defaults() -> None:
    assert rules_from_dict({}) == DEFAULT_RULES


def test_numbers_may_be_given_as_json_numbers() -> None:
    rules = rules_from_dict({"band_deductions": {"TL1": 0.5, "TL2": 1}})

    assert rules.band_deductions == (("TL1", Decimal("0.5")), ("TL2", Decimal(1)))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"performance_precent": "60"}, "performance_precent", "not an allowance rule"),
        ({"performance_percent": "70"}, "performance_percent", "add up to 100"),
        ({"discipline_percent": "101"}, "discipline_percent", "between 0 and 100"),
        ({"cpns_percent": "-1"}, "cpns_percent", "between 0 and 100"),
        ({"cpns_percent": "eighty"}, "cpns_percent", "must be a number"),
        ({"cpns_percent": True}, "cpns_percent", "must be a number"),
        ({"cpns_percent": "NaN"}, "cpns_percent", "finite"),
        ({"no_appraisal_factor": None}, "no_appraisal_factor", "must be a number"),
        ({"deduction_cap_percent": "150"}, "deduction_cap_percent", "between 0 and 100"),
        ({"performance_factors": {"BAIK": "120"}}, "performance_factors", "between 0 and 100"),
        ({"performance_factors": ["BAIK"]}, "performance_factors", "must be an object"),
        ({"performance_factors": {"baik": "100"}}, "performance_factors", "predicate"),
        ({"band_deductions": {"TL0": "1"}}, "band_deductions", "band like TL1"),
        ({"band_deductions": {"LATE": "1"}}, "band_deductions", "band like TL1"),
        ({"band_deductions": {"TL1": "-0.5"}}, "band_deductions", "between 0 and 100"),
        ({"leave_deductions": {"": "2"}}, "leave_deductions", "leave type"),
        ({"study_leave_class": {"S1": 18}}, "study_leave_class", "between 1 and 17"),
        ({"study_leave_class": {"S1": "6"}}, "study_leave_class", "whole number"),
        ({"study_leave_default_class": 0}, "study_leave_default_class", "between 1 and 17"),
        ({"study_leave_default_class": 7.0}, "study_leave_default_class", "whole number"),
        ({"study_leave_percent": "100.5"}, "study_leave_percent", "between 0 and 100"),
        ({"not_paid_statuses": "CLTN"}, "not_paid_statuses", "must be a list"),
        ({"not_paid_statuses": ["cltn"]}, "not_paid_statuses", "status like CLTN"),
        ({"default_sanction_percent": "125"}, "default_sanction_percent", "between 0 and 100"),
        ({"profession_difference": "yes"}, "profession_difference", "true or false"),
    ],
)
def test_invalid_parameter_names_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(AllowanceRuleError, match=message) as error:
        rules_from_dict(data)
    assert error.value.field == field


def test_rules_must_be_an_object() -> None:
    with pytest.raises(AllowanceRuleError, match="must be an object") as error:
        rules_from_dict(["performance_percent"])  # type: ignore[arg-type]
    assert error.value.field is None


def test_split_may_change_when_both_halves_change() -> None:
    rules = rules_from_dict({"performance_percent": "70", "discipline_percent": "30"})

    assert (rules.performance_percent, rules.discipline_percent) == (Decimal(70), Decimal(30))
