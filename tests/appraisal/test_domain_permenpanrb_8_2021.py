"""PermenPANRB 8/2021 scoring (DOMAIN.md §4): achievement, the value curve, SKP, final, bands."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.evaluation import (
    AppraisalInputs,
    IndicatorInput,
    achievement,
    check_behaviour_input,
    evaluate,
    p8_value,
)
from services.appraisal.domain.regimes.common import band_of
from services.appraisal.domain.rules import DEFAULT_RULES, P8_ASPECTS
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Direction,
    Expectation,
    Predicate,
    Regime,
)

D = Decimal
RULES = DEFAULT_RULES
P8 = Regime.PERMENPANRB_8_2021
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER
NON_STRUCTURAL = tuple(aspect for aspect in P8_ASPECTS if aspect != "KEPEMIMPINAN")


def indicator(
    target: str, realisation: str, *, position: int = 1, **overrides: Any
) -> IndicatorInput:
    """A main (UTAMA) higher-is-better indicator."""
    base = IndicatorInput(
        id=f"i{position}",
        lineage_id=f"l{position}",
        item_title="Layanan rehabilitasi sosial",
        name="Jumlah penerima manfaat",
        kind="UTAMA",
        direction=HIGHER,
        target=D(target),
        realisation=D(realisation),
        position=position,
    )
    return replace(base, **overrides)


def behaviour(score: str, *, structural: bool = False) -> dict[str, Decimal]:
    aspects = P8_ASPECTS if structural else NON_STRUCTURAL
    return dict.fromkeys(aspects, D(score))


def rounded(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"))


# --- the value curve --------------------------------------------------------------------------

VALUE_TABLE = [
    # C ≤ 59 → C/59×49
    ("0", "0.00"),
    ("29.5", "24.50"),  # 29.5/59×49 = 24.5
    ("59", "49.00"),  # 59/59×49 = 49
    ("59.5", "49.42"),  # between 59 and 60: lower branch (documented) → 59.5/59×49 = 49.415
    # 60–79 → 50 + (C − 60)
    ("60", "50.00"),
    ("70", "60.00"),
    ("79", "69.00"),
    ("79.5", "69.50"),  # between 79 and 80: lower branch → 50 + 19.5
    # 80–99 → 70 + (C − 80)
    ("80", "70.00"),
    ("90", "80.00"),
    ("99", "89.00"),
    ("99.5", "89.50"),  # between 99 and 100: lower branch → 70 + 19.5
    # 100 → 109 (and up to, not including, 101)
    ("100", "109.00"),
    ("100.5", "109.00"),
    # 101–110 → 110 + (C − 101)×10/9
    ("101", "110.00"),
    ("102", "111.11"),  # 110 + 10/9
    ("105.5", "115.00"),  # 110 + 4.5×10/9 = 115
    ("110", "120.00"),  # 110 + 9×10/9
    # > 110 → 120 (the over-achievement cap)
    ("110.01", "120.00"),
    ("150", "120.00"),
    ("1000", "120.00"),
    # negative C (lower is better, far over target) → 0 (documented)
    ("-10", "0.00"),
]


@pytest.mark.parametrize(("c", "value"), VALUE_TABLE)
def test_value_curve_worked_examples(c: str, value: str) -> None:
    assert rounded(p8_value(D(c))) == D(value)


ACHIEVEMENT_TABLE = [
    # (T, R, direction, C): higher R/T×100; lower (2 − R/T)×100
    ("10", "8", HIGHER, "80"),
    ("10", "10", HIGHER, "100"),
    ("10", "12", HIGHER, "120"),
    ("10", "0", HIGHER, "0"),  # zero realisation → 0 → value 0
    ("3", "1", HIGHER, "33.33"),  # 1/3×100
    ("10", "8", LOWER, "120"),  # (2 − 0.8)×100
    ("10", "12", LOWER, "80"),  # (2 − 1.2)×100
    ("10", "10", LOWER, "100"),
    ("10", "0", LOWER, "200"),  # nothing at all of a bad thing → 200 → value 120
    ("10", "25", LOWER, "-50"),  # (2 − 2.5)×100 → value 0
]


@pytest.mark.parametrize(("target", "realisation", "direction", "c"), ACHIEVEMENT_TABLE)
def test_achievement_worked_examples(
    target: str, realisation: str, direction: Direction, c: str
) -> None:
    result = achievement(D(target), D(realisation), direction)
    assert result is not None
    assert rounded(result) == D(c)


@pytest.mark.parametrize("direction", list(Direction))
def test_a_zero_target_has_no_achievement(direction: Direction) -> None:
    assert achievement(D(0), D(5), direction) is None
    assert achievement(D(0), D(0), direction) is None


# --- whole appraisals -------------------------------------------------------------------------

APPRAISAL_TABLE = [
    # UTAMA 10/10 → 100 → 109; 9/10 → 90 → 80: SKP (109 + 80)/2 = 94.5.
    # behaviour 100 → final 0.7·94.5 + 0.3·100 = 66.15 + 30 = 96.15 → Baik
    ((("10", "10"), ("10", "9")), "100", False, False, "94.50", "100.00", "96.15", Predicate.BAIK),
    # the same with 360 input: 0.6·94.5 + 0.4·100 = 56.7 + 40 = 96.7 → Baik
    ((("10", "10"), ("10", "9")), "100", True, False, "94.50", "100.00", "96.70", Predicate.BAIK),
    # 12/10 → 120 → 120; 11.5/10 → 115 → 120: SKP 120; behaviour 120 → final 120;
    # Sangat Baik needs an innovation: without one → Baik
    (
        (("10", "12"), ("10", "11.5")),
        "120",
        False,
        False,
        "120.00",
        "120.00",
        "120.00",
        Predicate.BAIK,
    ),
    # ... with one → Sangat Baik
    (
        (("10", "12"), ("10", "11.5")),
        "120",
        False,
        True,
        "120.00",
        "120.00",
        "120.00",
        Predicate.SANGAT_BAIK,
    ),
    # 8/10 → 80 → 70; 7/10 → 70 → 60: SKP 65; behaviour 80 → 45.5 + 24 = 69.5 → Kurang
    ((("10", "8"), ("10", "7")), "80", False, False, "65.00", "80.00", "69.50", Predicate.KURANG),
    # 8.5/10 → 85 → 75; 8/10 → 70: SKP 72.5; behaviour 65 → 50.75 + 19.5 = 70.25 → Cukup
    ((("10", "8.5"), ("10", "8")), "65", False, False, "72.50", "65.00", "70.25", Predicate.CUKUP),
    # 3/10 → 30 → 30/59×49 = 24.915; 0/10 → 0: SKP 12.458; behaviour 40
    # final 0.7·12.458 + 0.3·40 = 8.720 + 12 = 20.72 → Sangat Kurang
    (
        (("10", "3"), ("10", "0")),
        "40",
        False,
        False,
        "12.46",
        "40.00",
        "20.72",
        Predicate.SANGAT_KURANG,
    ),
    # 1/3 → 33.33 → 33.33/59×49 = 27.684; 2/3 → 66.67 → 56.667: SKP 42.175;
    # behaviour 90: 0.7·42.175 + 27 = 29.523 + 27 = 56.52 → Kurang
    ((("3", "1"), ("3", "2")), "90", False, False, "42.18", "90.00", "56.52", Predicate.KURANG),
]


@pytest.mark.parametrize(
    ("pairs", "score", "with_360", "innovation", "skp", "beh", "final", "predicate"),
    APPRAISAL_TABLE,
)
def test_appraisal_worked_examples(
    pairs: tuple[tuple[str, str], ...],
    score: str,
    with_360: bool,
    innovation: bool,
    skp: str,
    beh: str,
    final: str,
    predicate: Predicate,
) -> None:
    indicators = tuple(
        indicator(target, realisation, position=index)
        for index, (target, realisation) in enumerate(pairs, start=1)
    )
    result = evaluate(
        P8,
        AppraisalInputs(
            indicators=indicators,
            behaviour_scores=behaviour(score),
            with_360=with_360,
            innovation=innovation,
        ),
        RULES,
    )
    assert result.missing == ()
    assert (result.skp_score, result.behaviour_score, result.final_score) == (
        D(skp),
        D(beh),
        D(final),
    )
    assert result.predicate is predicate


def test_sangat_baik_without_innovation_when_the_rules_do_not_ask_for_one() -> None:
    rules = replace(RULES, p8_sangat_baik_needs_innovation=False)
    result = evaluate(
        P8,
        AppraisalInputs(indicators=(indicator("10", "12"),), behaviour_scores=behaviour("120")),
        rules,
    )
    assert result.predicate is Predicate.SANGAT_BAIK


def test_indicator_outcomes_show_achievement_and_value() -> None:
    result = evaluate(
        P8,
        AppraisalInputs(
            indicators=(
                indicator("10", "8", position=2, direction=LOWER),
                indicator("3", "1", position=1),
                indicator("0", "4", position=3),
            ),
            behaviour_scores=behaviour("100"),
        ),
        RULES,
    )
    # i1: 33.33 % → 27.68; i2: lower-is-better 120 % → 120; i3: zero target → nothing
    assert [(o.id, o.achievement, o.value) for o in result.indicators] == [
        ("i1", D("33.33"), D("27.68")),
        ("i2", D("120.00"), D("120.00")),
        ("i3", None, None),
    ]
    # SKP = (27.684 + 120)/2 = 73.84 (the zero-target indicator is left out)
    assert result.skp_score == D("73.84")


def test_additional_indicators_are_shown_but_not_counted() -> None:
    result = evaluate(
        P8,
        AppraisalInputs(
            indicators=(
                indicator("10", "10", position=1),
                indicator("10", "5", position=2, kind="TAMBAHAN"),
            ),
            behaviour_scores=behaviour("100"),
        ),
        RULES,
    )
    # TAMBAHAN 50 % → 50/59×49 = 41.53, shown; SKP is the UTAMA's 109 alone
    assert result.indicators[1].value == D("41.53")
    assert result.skp_score == D("109.00")


@pytest.mark.parametrize(
    "indicators",
    [
        (),
        (indicator("10", "10", kind="TAMBAHAN"),),
        (indicator("0", "10"),),
    ],
)
def test_without_a_counted_main_indicator_the_skp_is_missing(
    indicators: tuple[IndicatorInput, ...],
) -> None:
    result = evaluate(
        P8, AppraisalInputs(indicators=indicators, behaviour_scores=behaviour("100")), RULES
    )
    assert result.missing == ("indicators",)
    assert (result.skp_score, result.final_score, result.predicate) == (None, None, None)
    assert result.behaviour_score == D("100.00")


# --- bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skp", "predicate"),
    [
        ("120", Predicate.SANGAT_BAIK),  # before the innovation condition
        ("110", Predicate.SANGAT_BAIK),
        ("109.99", Predicate.BAIK),
        ("90", Predicate.BAIK),
        ("89.99", Predicate.CUKUP),
        ("70", Predicate.CUKUP),
        ("69.99", Predicate.KURANG),
        ("50", Predicate.KURANG),
        ("49.99", Predicate.SANGAT_KURANG),
        ("0", Predicate.SANGAT_KURANG),
    ],
)
def test_p8_bands(skp: str, predicate: Predicate) -> None:
    assert band_of(D(skp), RULES.p8_bands) is predicate


# --- behaviour --------------------------------------------------------------------------------


def test_leadership_counts_only_for_structural_officials() -> None:
    scores = behaviour("100") | {"KEPEMIMPINAN": D(40)}
    staff = evaluate(
        P8, AppraisalInputs(indicators=(indicator("1", "1"),), behaviour_scores=scores), RULES
    )
    head = evaluate(
        P8,
        AppraisalInputs(
            indicators=(indicator("1", "1"),), behaviour_scores=scores, structural=True
        ),
        RULES,
    )
    assert staff.behaviour_score == D("100.00")
    assert head.behaviour_score == D("88.00")  # (4·100 + 40)/5
    missing = evaluate(
        P8,
        AppraisalInputs(
            indicators=(indicator("1", "1"),), behaviour_scores=behaviour("100"), structural=True
        ),
        RULES,
    )
    assert missing.missing == ("behaviour:KEPEMIMPINAN",)


@pytest.mark.parametrize("score", ["0", "60", "120", "119.99"])
def test_behaviour_scores_within_0_to_120_are_accepted(score: str) -> None:
    check_behaviour_input(P8, "INISIATIF_KERJA", D(score), None, RULES)
    check_behaviour_input(P8, "KEPEMIMPINAN", D(score), None, RULES)


@pytest.mark.parametrize(
    ("aspect", "score", "level", "field"),
    [
        ("INISIATIF_KERJA", D("120.01"), None, "score"),
        ("INISIATIF_KERJA", D(-1), None, "score"),
        ("INISIATIF_KERJA", D("NaN"), None, "score"),
        ("INISIATIF_KERJA", None, None, "score"),
        ("INISIATIF_KERJA", D(100), Expectation.ABOVE, "level"),
        ("INTEGRITAS", D(100), None, "aspect"),  # a PP46 aspect, not an 8/2021 one
        ("AKUNTABEL", D(100), None, "aspect"),
    ],
)
def test_bad_behaviour_input_names_the_field(
    aspect: str, score: Decimal | None, level: Expectation | None, field: str
) -> None:
    with pytest.raises(AppraisalRuleError) as caught:
        check_behaviour_input(P8, aspect, score, level, RULES)
    assert caught.value.field == field


def test_pp46_behaviour_scores_stop_at_100() -> None:
    check_behaviour_input(Regime.PP46_2011, "INTEGRITAS", D(100), None, RULES)
    with pytest.raises(AppraisalRuleError, match="between 0 and 100"):
        check_behaviour_input(Regime.PP46_2011, "INTEGRITAS", D("100.5"), None, RULES)


# --- properties -------------------------------------------------------------------------------

achievements = st.decimals(
    min_value=-500, max_value=500, places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=250, deadline=None)
@given(achievements, achievements)
def test_value_curve_is_monotone_and_within_0_to_120(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert D(0) <= p8_value(low) <= p8_value(high) <= D(120)


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(amounts, amounts, st.sampled_from(list(Direction)), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.decimals(min_value=0, max_value=120, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(),
)
def test_evaluate_publishes_decimals_with_two_places(
    rows: list[tuple[Decimal, Decimal, Direction, bool]], score: Decimal, with_360: bool
) -> None:
    indicators = tuple(
        indicator(
            str(target),
            str(realised),
            position=index,
            direction=direction,
            kind="UTAMA" if main else "TAMBAHAN",
        )
        for index, (target, realised, direction, main) in enumerate(rows)
    )
    result = evaluate(
        P8,
        AppraisalInputs(
            indicators=indicators, behaviour_scores=behaviour(str(score)), with_360=with_360
        ),
        RULES,
    )
    figures = [result.skp_score, result.behaviour_score, result.final_score]
    figures += [o.achievement for o in result.indicators] + [o.value for o in result.indicators]
    for figure in figures:
        assert not isinstance(figure, float)
        assert figure is None or figure == figure.quantize(D("0.01"))
    for outcome in result.indicators:
        assert outcome.value is None or D(0) <= outcome.value <= D(120)
    if result.final_score is not None:
        assert D(0) <= result.final_score <= D(120)
        assert result.predicate is not None
