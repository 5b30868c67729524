"""Appraisal rules as data: JSON round trip, defaults for missing keys, validation."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.rules import DEFAULT_RULES, AppraisalRules, Band
from services.appraisal.domain.rules_json import rules_from_dict, rules_to_dict
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Expectation,
    Frequency,
    Predicate,
    UnitRating,
)

D = Decimal


def test_defaults_round_trip_through_json() -> None:
    text = json.dumps(rules_to_dict(DEFAULT_RULES))
    assert rules_from_dict(json.loads(text)) == DEFAULT_RULES


def test_serialised_defaults_read_plainly() -> None:
    data = rules_to_dict(DEFAULT_RULES)
    assert list(data)[:3] == ["frequency", "objection_days", "pp46_skp_weight"]
    assert data["frequency"] == "MONTHLY"
    assert data["objection_days"] == 14
    assert data["pp46_time_factor"] == "1.76"
    assert data["pp46_bands"][0] == {"minimum": "91", "predicate": "SANGAT_BAIK"}
    assert data["pp46_bands"][-1] == {"minimum": "0", "predicate": "BURUK"}
    assert data["pp46_additional_task_bonus"][0] == {"minimum_tasks": 7, "bonus": "3"}
    assert data["pp46_creativity_points"] == ["0", "3", "6", "12"]
    assert data["p6_matrix"]["ABOVE"] == {
        "BELOW": "KURANG",
        "AS_EXPECTED": "BAIK",
        "ABOVE": "SANGAT_BAIK",
    }
    assert data["unit_head_results"]["ISTIMEWA"] == "ABOVE"
    assert data["distribution"]["BAIK"] == [
        {"predicates": ["BAIK"], "min_percent": None, "max_percent": "70", "at_least_one": False},
        {
            "predicates": ["BUTUH_PERBAIKAN", "KURANG"],
            "min_percent": None,
            "max_percent": None,
            "at_least_one": True,
        },
    ]
    assert data["credit_percent"]["SANGAT_BAIK"] == "150"
    assert data["credit_coefficients"]["JF_AHLI_PERTAMA"] == "12.5"
    assert data["reward_predicates"] == ["SANGAT_BAIK"]


def test_missing_keys_take_the_defaults() -> None:
    assert rules_from_dict({}) == DEFAULT_RULES
    changed = rules_from_dict(
        {"objection_days": 21, "frequency": "QUARTERLY", "credit_coefficients": {"JF_X": "7.5"}}
    )
    assert changed == replace(
        DEFAULT_RULES,
        objection_days=21,
        frequency=Frequency.QUARTERLY,
        credit_coefficients=(("JF_X", D("7.5")),),
    )


def test_a_changed_weight_pair_and_bands_are_read() -> None:
    rules = rules_from_dict(
        {
            "p8_skp_weight": 80,
            "p8_behaviour_weight": "20",
            "pp46_bands": [
                {"minimum": "90.5", "predicate": "SANGAT_BAIK"},
                {"minimum": 0, "predicate": "BAIK"},
            ],
        }
    )
    assert (rules.p8_skp_weight, rules.p8_behaviour_weight) == (D(80), D(20))
    assert rules.pp46_bands == (Band(D("90.5"), Predicate.SANGAT_BAIK), Band(D(0), Predicate.BAIK))


def test_json_numbers_with_fractions_are_read_exactly() -> None:
    rules = rules_from_dict(json.loads('{"credit_coefficients": {"JF_A": 12.5, "JF_B": 0.1}}'))
    assert rules.credit_coefficients == (("JF_A", D("12.5")), ("JF_B", D("0.1")))


BAD = [
    ({"pp46_skp_weight": "70"}, "pp46_skp_weight", "add up to 100"),
    ({"p8_skp_weight": 70, "p8_behaviour_weight": 40}, "p8_skp_weight", "add up to 100"),
    (
        {"p8_skp_weight_360": 50, "p8_behaviour_weight_360": 40},
        "p8_skp_weight_360",
        "add up to 100",
    ),
    ({"pp46_behaviour_weight": "101"}, "pp46_behaviour_weight", "between 0 and 100"),
    ({"objection_days": 0}, "objection_days", "between 1 and 90"),
    ({"objection_days": 91}, "objection_days", "between 1 and 90"),
    ({"objection_days": "14"}, "objection_days", "whole number"),
    ({"objection_days": True}, "objection_days", "whole number"),
    ({"frequency": "WEEKLY"}, "frequency", "not one of"),
    ({"pp46_bands": []}, "pp46_bands", "descending"),
    (
        {
            "pp46_bands": [
                {"minimum": 50, "predicate": "BAIK"},
                {"minimum": 60, "predicate": "BURUK"},
            ]
        },
        "pp46_bands",
        "descending",
    ),
    (
        {
            "p8_bands": [
                {"minimum": 90, "predicate": "BAIK"},
                {"minimum": 10, "predicate": "KURANG"},
            ]
        },
        "p8_bands",
        "to 0",
    ),
    (
        {
            "p8_bands": [
                {"minimum": 90, "predicate": "BAIK"},
                {"minimum": 90, "predicate": "KURANG"},
            ]
        },
        "p8_bands",
        "descending",
    ),
    ({"p8_bands": [{"minimum": 0, "predicate": "GREAT"}]}, "p8_bands", "not one of"),
    ({"p8_bands": [{"minimum": 0}]}, "p8_bands", "'predicate' is required"),
    (
        {"p8_bands": [{"minimum": 0, "predicate": "BAIK", "colour": "red"}]},
        "p8_bands",
        "unknown key 'colour'",
    ),
    ({"pp46_time_factor": 0}, "pp46_time_factor", "greater than 0"),
    ({"pp46_behaviour_max": "-1"}, "pp46_behaviour_max", "greater than 0"),
    ({"pp46_efficiency_threshold": 120}, "pp46_efficiency_threshold", "between 0 and 100"),
    ({"pp46_creativity_points": ["3", "6"]}, "pp46_creativity_points", "include 0"),
    ({"pp46_creativity_points": "3"}, "pp46_creativity_points", "must be a list"),
    (
        {
            "pp46_additional_task_bonus": [
                {"minimum_tasks": 1, "bonus": 1},
                {"minimum_tasks": 4, "bonus": 2},
            ]
        },
        "pp46_additional_task_bonus",
        "most tasks down",
    ),
    (
        {"pp46_additional_task_bonus": [{"minimum_tasks": 0, "bonus": 1}]},
        "pp46_additional_task_bonus",
        "at least 1",
    ),
    ({"p6_matrix": {"ABOVE": {"ABOVE": "SANGAT_BAIK"}}}, "p6_matrix", "all nine cells"),
    ({"unit_head_results": {"ISTIMEWA": "ABOVE"}}, "unit_head_results", "every unit rating"),
    (
        {"distribution": {"BAIK": [{"predicates": ["BAIK"], "max_percent": "170"}]}},
        "distribution",
        "between 0 and 100",
    ),
    (
        {"distribution": {"BAIK": [{"predicates": ["BAIK"], "min_percent": "-1"}]}},
        "distribution",
        "between 0 and 100",
    ),
    (
        {
            "distribution": {
                "BAIK": [{"predicates": ["BAIK"], "min_percent": 60, "max_percent": 50}]
            }
        },
        "distribution",
        "above max_percent",
    ),
    ({"distribution": {"BAIK": [{"predicates": []}]}}, "distribution", "at least one predicate"),
    ({"distribution": {"GREAT": []}}, "distribution", "not one of"),
    ({"credit_coefficients": {"JF_AHLI_PERTAMA": "-12.5"}}, "credit_coefficients", "negative"),
    ({"credit_coefficients": {"JF_AHLI_PERTAMA": "NaN"}}, "credit_coefficients", "finite"),
    ({"credit_coefficients": {"JF_AHLI_PERTAMA": "twelve"}}, "credit_coefficients", "a number"),
    ({"credit_coefficients": {" ": "1"}}, "credit_coefficients", "non-empty"),
    ({"credit_percent": {"BAIK": -100}}, "credit_percent", "negative"),
    ({"reward_predicates": ["EXCELLENT"]}, "reward_predicates", "not one of"),
    (
        {"p8_sangat_baik_needs_innovation": "yes"},
        "p8_sangat_baik_needs_innovation",
        "true or false",
    ),
    ({"objection_day": 14}, "objection_day", "not an appraisal rule parameter"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD)
def test_invalid_rules_are_refused_with_the_parameter_named(
    data: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(AppraisalRuleError, match=message) as caught:
        rules_from_dict(data)
    assert caught.value.field == field


def test_rules_must_be_an_object() -> None:
    with pytest.raises(AppraisalRuleError, match="object"):
        rules_from_dict([])  # type: ignore[arg-type]


weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    weights,
    st.integers(1, 90),
    st.sampled_from(list(Frequency)),
    st.dictionaries(
        st.text(alphabet="ABCDEFGHIJ_", min_size=1, max_size=12),
        st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
        max_size=5,
    ),
    st.booleans(),
)
def test_any_valid_rules_round_trip(
    skp_weight: Decimal,
    objection_days: int,
    frequency: Frequency,
    coefficients: dict[str, Decimal],
    innovation: bool,
) -> None:
    rules = replace(
        DEFAULT_RULES,
        pp46_skp_weight=skp_weight,
        pp46_behaviour_weight=100 - skp_weight,
        objection_days=objection_days,
        frequency=frequency,
        credit_coefficients=tuple(coefficients.items()),
        p8_sangat_baik_needs_innovation=innovation,
        unit_head_results=tuple((rating, Expectation.BELOW) for rating in UnitRating),
    )
    assert rules_from_dict(json.loads(json.dumps(rules_to_dict(rules)))) == rules


def test_every_field_has_a_serialised_key() -> None:
    assert set(rules_to_dict(AppraisalRules())) == set(AppraisalRules.__dataclass_fields__)
