"""PermenPANRB 6/2022 (DOMAIN.md §4): results × behaviour matrix, BerAKHLAK levels, no scores."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.evaluation import (
    AppraisalInputs,
    IndicatorInput,
    behaviour_aspects,
    check_behaviour_input,
    evaluate,
)
from services.appraisal.domain.rules import BERAKHLAK, DEFAULT_RULES
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Direction,
    Expectation,
    Predicate,
    Regime,
)

D = Decimal
RULES = DEFAULT_RULES
P6 = Regime.PERMENPANRB_6_2022
BELOW, AS, ABOVE = Expectation.BELOW, Expectation.AS_EXPECTED, Expectation.ABOVE


def levels(level: Expectation = AS) -> dict[str, Expectation]:
    return dict.fromkeys(BERAKHLAK, level)


def indicator(position: int, target: str, realisation: str, direction: Direction) -> IndicatorInput:
    return IndicatorInput(
        id=f"i{position}",
        lineage_id=f"l{position}",
        item_title="RHK",
        name="IKI",
        kind="UTAMA",
        direction=direction,
        target=D(target),
        realisation=D(realisation),
        position=position,
    )


MATRIX = [
    # rows results, columns behaviour (DOMAIN.md §4)
    (ABOVE, BELOW, Predicate.KURANG),
    (ABOVE, AS, Predicate.BAIK),
    (ABOVE, ABOVE, Predicate.SANGAT_BAIK),
    (AS, BELOW, Predicate.KURANG),
    (AS, AS, Predicate.BAIK),
    (AS, ABOVE, Predicate.BAIK),
    (BELOW, BELOW, Predicate.SANGAT_KURANG),
    (BELOW, AS, Predicate.BUTUH_PERBAIKAN),
    (BELOW, ABOVE, Predicate.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("results", "behaviour", "predicate"), MATRIX)
def test_matrix_all_nine_cells(
    results: Expectation, behaviour: Expectation, predicate: Predicate
) -> None:
    result = evaluate(
        P6,
        AppraisalInputs(
            behaviour_levels=levels(), results_rating=results, behaviour_rating=behaviour
        ),
        RULES,
    )
    assert result.missing == ()
    assert result.predicate is predicate
    assert (result.skp_score, result.behaviour_score, result.final_score) == (None, None, None)


def test_a_changed_matrix_in_the_rules_is_followed() -> None:
    strict = replace(
        RULES,
        p6_matrix=tuple(
            (r, b, Predicate.BUTUH_PERBAIKAN if (r, b) == (AS, AS) else p)
            for r, b, p in RULES.p6_matrix
        ),
    )
    inputs = AppraisalInputs(behaviour_levels=levels(), results_rating=AS, behaviour_rating=AS)
    assert evaluate(P6, inputs, strict).predicate is Predicate.BUTUH_PERBAIKAN


def test_indicators_show_achievement_without_value() -> None:
    result = evaluate(
        P6,
        AppraisalInputs(
            indicators=(
                indicator(2, "10", "8", Direction.LOWER_IS_BETTER),
                indicator(1, "3", "2", Direction.HIGHER_IS_BETTER),
                indicator(3, "0", "2", Direction.HIGHER_IS_BETTER),
            ),
            behaviour_levels=levels(),
            results_rating=AS,
            behaviour_rating=AS,
        ),
        RULES,
    )
    # 2/3 → 66.67 %; lower-is-better (2 − 0.8)×100 = 120 %; zero target → None
    assert [(o.id, o.achievement, o.value) for o in result.indicators] == [
        ("i1", D("66.67"), None),
        ("i2", D("120.00"), None),
        ("i3", None, None),
    ]


def test_all_seven_values_results_and_behaviour_ratings_are_required() -> None:
    partial = levels()
    del partial["LOYAL"], partial["ADAPTIF"]
    result = evaluate(P6, AppraisalInputs(behaviour_levels=partial), RULES)
    assert result.missing == (
        "behaviour:LOYAL",
        "behaviour:ADAPTIF",
        "results_rating",
        "behaviour_rating",
    )
    assert result.predicate is None


def test_a_missing_level_withholds_the_predicate_even_with_both_ratings() -> None:
    partial = levels()
    del partial["KOLABORATIF"]
    result = evaluate(
        P6,
        AppraisalInputs(behaviour_levels=partial, results_rating=ABOVE, behaviour_rating=ABOVE),
        RULES,
    )
    assert result.missing == ("behaviour:KOLABORATIF",)
    assert result.predicate is None


@pytest.mark.parametrize(
    ("results", "behaviour", "missing"),
    [(None, AS, ("results_rating",)), (AS, None, ("behaviour_rating",))],
)
def test_each_rating_is_required(
    results: Expectation | None, behaviour: Expectation | None, missing: tuple[str, ...]
) -> None:
    result = evaluate(
        P6,
        AppraisalInputs(
            behaviour_levels=levels(), results_rating=results, behaviour_rating=behaviour
        ),
        RULES,
    )
    assert (result.missing, result.predicate) == (missing, None)


def test_berakhlak_has_no_leadership_value_even_for_structural_officials() -> None:
    assert behaviour_aspects(P6, structural=True) == BERAKHLAK
    assert behaviour_aspects(P6, structural=False) == BERAKHLAK
    result = evaluate(
        P6,
        AppraisalInputs(
            behaviour_levels=levels(), structural=True, results_rating=AS, behaviour_rating=AS
        ),
        RULES,
    )
    assert result.missing == ()


@pytest.mark.parametrize("value", BERAKHLAK)
@pytest.mark.parametrize("level", list(Expectation))
def test_each_value_takes_a_level(value: str, level: Expectation) -> None:
    check_behaviour_input(P6, value, None, level, RULES)


@pytest.mark.parametrize(
    ("aspect", "score", "level", "field"),
    [
        ("AKUNTABEL", D(100), None, "score"),
        ("AKUNTABEL", D(100), ABOVE, "score"),
        ("AKUNTABEL", None, None, "level"),
        ("INTEGRITAS", None, ABOVE, "aspect"),
        ("KEPEMIMPINAN", None, ABOVE, "aspect"),
    ],
)
def test_bad_behaviour_input_names_the_field(
    aspect: str, score: Decimal | None, level: Expectation | None, field: str
) -> None:
    with pytest.raises(AppraisalRuleError) as caught:
        check_behaviour_input(P6, aspect, score, level, RULES)
    assert caught.value.field == field


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(list(Expectation)),
    st.sampled_from(list(Expectation)),
    st.dictionaries(st.sampled_from(BERAKHLAK), st.sampled_from(list(Expectation))),
)
def test_predicate_is_the_matrix_cell_once_every_value_is_rated(
    results: Expectation, behaviour: Expectation, given_levels: dict[str, Expectation]
) -> None:
    result = evaluate(
        P6,
        AppraisalInputs(
            behaviour_levels=given_levels, results_rating=results, behaviour_rating=behaviour
        ),
        RULES,
    )
    cell = {(r, b): p for r, b, p in MATRIX}[(results, behaviour)]
    complete = set(given_levels) == set(BERAKHLAK)
    assert result.predicate is (cell if complete else None)
    assert (result.missing == ()) is complete
