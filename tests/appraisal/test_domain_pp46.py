"""PP 46/2011 scoring (DOMAIN.md §4): time/cost formula, activity scores, SKP, final, bands."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.evaluation import (
    AppraisalInputs,
    Evaluation,
    Pp46ActivityInput,
    check_rating_input,
    evaluate,
)
from services.appraisal.domain.regimes.common import band_of
from services.appraisal.domain.regimes.pp46_2011 import (
    activity_score,
    additional_task_bonus,
    efficiency_score,
)
from services.appraisal.domain.rules import DEFAULT_RULES, PP46_ASPECTS
from services.appraisal.domain.types import AppraisalRuleError, Predicate, Regime

D = Decimal
RULES = DEFAULT_RULES
NON_STRUCTURAL = tuple(aspect for aspect in PP46_ASPECTS if aspect != "KEPEMIMPINAN")


def activity(**overrides: Any) -> Pp46ActivityInput:
    """A PP46 activity: 10 reports in 12 months at quality 100, all realised as planned."""
    base = Pp46ActivityInput(
        id="a1",
        lineage_id="l1",
        title="Laporan bulanan",
        quantity_target=D(10),
        quantity_realised=D(10),
        quality_target=D(100),
        quality_realised=D(100),
        time_target_months=12,
        time_realised_months=12,
        cost_target=None,
        cost_realised=None,
        position=1,
    )
    return replace(base, **overrides)


def behaviour(*scores: str, structural: bool = False) -> dict[str, Decimal]:
    """The superior's scores for the aspects in order (leadership last, when structural)."""
    aspects = PP46_ASPECTS if structural else NON_STRUCTURAL
    assert len(scores) == len(aspects)
    return {aspect: D(score) for aspect, score in zip(aspects, scores, strict=True)}


def published(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(D("0.01"))


# --- the time (and cost) formula --------------------------------------------------------------

TIME_TABLE = [
    # TW=12, RW=12: E = 100 − 12/12×100 = 0 ≤ 24 → ((1.76·12 − 12)/12)×100 = (9.12/12)×100 = 76
    (12, 12, "76.00"),
    # RW=10: E = 16.67 ≤ 24 → ((21.12 − 10)/12)×100 = 92.67
    (12, 10, "92.67"),
    # RW=9: E = 25 > 24 → 76 − ((((21.12 − 9)/12)×100) − 100) = 76 − (101 − 100) = 75
    (12, 9, "75.00"),
    # RW=8: E = 33.33 > 24 → 76 − ((((21.12 − 8)/12)×100) − 100) = 76 − (109.33 − 100) = 66.67
    (12, 8, "66.67"),
    # RW=6: E = 50 > 24 → 76 − (126 − 100) = 50
    (12, 6, "50.00"),
    # RW=0: E = 100 > 24 → 76 − (176 − 100) = 0 (documented: formula followed, no special case)
    (12, 0, "0.00"),
    # RW=15: E = −25 ≤ 24 → ((21.12 − 15)/12)×100 = 51
    (12, 15, "51.00"),
    # RW=21: E = −75 ≤ 24 → ((21.12 − 21)/12)×100 = 1
    (12, 21, "1.00"),
    # RW=24: ((21.12 − 24)/12)×100 = −24 → never below 0 (documented) → 0
    (12, 24, "0.00"),
    # TW=25, RW=19: E = 100 − 76 = 24 exactly → ≤ 24 branch → ((44 − 19)/25)×100 = 100
    (25, 19, "100.00"),
    # TW=25, RW=18: E = 28 > 24 → 76 − ((((44 − 18)/25)×100) − 100) = 76 − (104 − 100) = 72
    (25, 18, "72.00"),
    # TW=1, RW=1: E = 0 → (1.76 − 1)×100 = 76
    (1, 1, "76.00"),
]


@pytest.mark.parametrize(("target", "realised", "expected"), TIME_TABLE)
def test_time_score_worked_examples(target: int, realised: int, expected: str) -> None:
    score = efficiency_score(D(target), D(realised), RULES)
    assert published(score) == D(expected)


COST_TABLE = [
    # TB = RB = 1,000,000: E = 0 → ((1.76·TB − RB)/TB)×100 = 76
    (1_000_000, 1_000_000, "76.00"),
    # RB = 700,000: E = 30 > 24 → 76 − ((((1,760,000 − 700,000)/1,000,000)×100) − 100) = 76 − 6 = 70
    (1_000_000, 700_000, "70.00"),
    # RB = 800,000: E = 20 ≤ 24 → ((1,760,000 − 800,000)/1,000,000)×100 = 96
    (1_000_000, 800_000, "96.00"),
    # RB = 760,000: E = 24 ≤ 24 → ((1,760,000 − 760,000)/1,000,000)×100 = 100
    (1_000_000, 760_000, "100.00"),
    # RB = 1,200,000 (over budget): E = −20 → (560,000/1,000,000)×100 = 56
    (1_000_000, 1_200_000, "56.00"),
]


@pytest.mark.parametrize(("target", "realised", "expected"), COST_TABLE)
def test_cost_uses_the_same_formula_with_budgets(target: int, realised: int, expected: str) -> None:
    only_cost = activity(quality_target=D(0), time_target_months=0)
    # quantity 100 and cost X → score = (100 + X)/2
    score, missing = activity_score(
        replace(only_cost, cost_target=target, cost_realised=realised), RULES
    )
    assert missing == ()
    assert published(score) == published((D(100) + D(expected)) / 2)


# --- activity scores --------------------------------------------------------------------------

ACTIVITY_TABLE = [
    # (RO, RK, RW, TB, RB) with TO=10, TK=100, TW=12 → expected activity score
    # 100 + 100 + 76 = 276 / 3 = 92
    (10, 100, 12, None, None, "92.00"),
    # RO=8 → 80; RK=90 → 90; RW=12 → 76: 246/3 = 82
    (8, 90, 12, None, None, "82.00"),
    # 100 + 100 + 66.667 (RW=8) = 266.667/3 = 88.89
    (10, 100, 8, None, None, "88.89"),
    # with cost: 100 + 100 + 76 + 76 (TB = RB) = 352/4 = 88
    (10, 100, 12, 1_000_000, 1_000_000, "88.00"),
    # with cost 700k of 1m: 100 + 100 + 76 + 70 = 346/4 = 86.5
    (10, 100, 12, 1_000_000, 700_000, "86.50"),
    # over-achievement, uncapped: RO=12 → 120; 120 + 100 + 76 = 296/3 = 98.67
    (12, 100, 12, None, None, "98.67"),
    # RO=0: every aspect 0 → 0, whatever the others
    (0, 100, 12, 1_000_000, 1_000_000, "0.00"),
    # RO=5 → 50, RK=75 → 75, RW=15 → 51: 176/3 = 58.67
    (5, 75, 15, None, None, "58.67"),
]


@pytest.mark.parametrize(
    ("quantity", "quality", "months", "budget", "spent", "expected"), ACTIVITY_TABLE
)
def test_activity_score_worked_examples(
    quantity: int, quality: int, months: int, budget: int | None, spent: int | None, expected: str
) -> None:
    given_activity = activity(
        quantity_realised=D(quantity),
        quality_realised=D(quality),
        time_realised_months=months,
        cost_target=budget,
        cost_realised=spent,
    )
    score, missing = activity_score(given_activity, RULES)
    assert missing == ()
    assert published(score) == D(expected)


def test_activity_with_zero_output_scores_zero_even_with_nothing_else_entered() -> None:
    idle = activity(quantity_realised=D(0), quality_realised=None, time_realised_months=None)
    assert activity_score(idle, RULES) == (D(0), ())


def test_zero_quantity_target_leaves_the_activity_out() -> None:
    untargeted = activity(id="a2", quantity_target=D(0), quantity_realised=D(3))
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(activities=(activity(), untargeted), behaviour_scores=behaviour(*"88888")),
        RULES,
    )
    assert result.indicators[1].achievement is None
    assert result.indicators[1].value is None
    assert result.skp_score == D("92.00")  # only a1 counts


def test_zero_quality_and_time_targets_leave_those_aspects_out() -> None:
    # only quantity is targeted: 8/10 → 80
    only_quantity = activity(
        quantity_realised=D(8), quality_target=D(0), time_target_months=0, time_realised_months=None
    )
    assert activity_score(only_quantity, RULES) == (D(80), ())


def test_a_zero_cost_target_means_cost_is_not_targeted() -> None:
    assert activity_score(activity(cost_target=0, cost_realised=None), RULES) == (D(92), ())


@pytest.mark.parametrize(
    ("overrides", "needed"),
    [
        ({"quality_realised": None}, "pp46:a1 quality"),
        ({"time_realised_months": None}, "pp46:a1 time"),
        ({"cost_target": 500_000, "cost_realised": None}, "pp46:a1 cost"),
    ],
)
def test_an_unentered_realisation_is_missing(overrides: dict[str, Any], needed: str) -> None:
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(activities=(activity(**overrides),), behaviour_scores=behaviour(*"88888")),
        RULES,
    )
    assert result.missing == (needed,)
    assert result.indicators[0].value is None
    assert (result.skp_score, result.final_score, result.predicate) == (None, None, None)


def test_no_activities_is_missing() -> None:
    result = evaluate(
        Regime.PP46_2011, AppraisalInputs(behaviour_scores=behaviour(*"88888")), RULES
    )
    assert result.missing == ("pp46:activities",)
    assert result.predicate is None
    assert result.behaviour_score == D("8.00")


# --- bonuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "bonus"),
    [(0, 0), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (20, 3)],
)
def test_additional_task_bonus(tasks: int, bonus: int) -> None:
    assert additional_task_bonus(tasks, RULES) == D(bonus)


@pytest.mark.parametrize("points", ["0", "3", "6", "12"])
def test_creativity_points_add_to_the_skp_score(points: str) -> None:
    check_rating_input(
        Regime.PP46_2011,
        additional_tasks=0,
        creativity_points=D(points),
        activities=(),
        rules=RULES,
    )
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(
            activities=(activity(),),
            behaviour_scores=behaviour(*["80"] * 5),
            creativity_points=D(points),
        ),
        RULES,
    )
    # 92 (the activity) + creativity
    assert result.skp_score == D(92) + D(points)


# --- whole appraisals -------------------------------------------------------------------------

APPRAISAL_TABLE = [
    # activities 92 and 82 → mean 87; 4 tasks → +2; creativity +3 → SKP 92.
    # behaviour (80+85+90+75+70)/5 = 80; final 0.6·92 + 0.4·80 = 55.2 + 32 = 87.2 → Baik
    (
        ("10", "100", 12),
        ("8", "90", 12),
        4,
        "3",
        ("80", "85", "90", "75", "70"),
        False,
        "92.00",
        "80.00",
        "87.20",
        Predicate.BAIK,
    ),
    # activities 92 and 88.889 → 90.444; 7 tasks → +3; creativity 12 → SKP 105.444 → 105.44.
    # structural: (90+90+95+95+100+100)/6 = 95; final 0.6·105.444 + 0.4·95 = 63.267 + 38 = 101.27
    (
        ("10", "100", 12),
        ("10", "100", 8),
        7,
        "12",
        ("90", "90", "95", "95", "100", "100"),
        True,
        "105.44",
        "95.00",
        "101.27",
        Predicate.SANGAT_BAIK,
    ),
    # activities 58.667 and 0 (no output) → 29.333; no bonus → SKP 29.33.
    # behaviour 60 each; final 0.6·29.333 + 0.4·60 = 17.6 + 24 = 41.6 → Buruk
    (
        ("5", "75", 15),
        ("0", "100", 12),
        0,
        "0",
        ("60", "60", "60", "60", "60"),
        False,
        "29.33",
        "60.00",
        "41.60",
        Predicate.BURUK,
    ),
    # activities 82 and 82 → 82; 1 task → +1 → 83. behaviour 50 → final 49.8 + 20 = 69.8 → Cukup
    (
        ("8", "90", 12),
        ("8", "90", 12),
        1,
        "0",
        ("50", "50", "50", "50", "50"),
        False,
        "83.00",
        "50.00",
        "69.80",
        Predicate.CUKUP,
    ),
    # 82 + 82 → 82, no bonus; behaviour 20 → 49.2 + 8 = 57.2 → Kurang
    (
        ("8", "90", 12),
        ("8", "90", 12),
        0,
        "0",
        ("20", "20", "20", "20", "20"),
        False,
        "82.00",
        "20.00",
        "57.20",
        Predicate.KURANG,
    ),
]


@pytest.mark.parametrize(
    (
        "first",
        "second",
        "tasks",
        "creativity",
        "scores",
        "structural",
        "skp",
        "beh",
        "final",
        "pred",
    ),
    APPRAISAL_TABLE,
)
def test_appraisal_worked_examples(
    first: tuple[str, str, int],
    second: tuple[str, str, int],
    tasks: int,
    creativity: str,
    scores: tuple[str, ...],
    structural: bool,
    skp: str,
    beh: str,
    final: str,
    pred: Predicate,
) -> None:
    activities = tuple(
        activity(
            id=f"a{index}",
            position=index,
            quantity_realised=D(quantity),
            quality_realised=D(quality),
            time_realised_months=months,
        )
        for index, (quantity, quality, months) in enumerate((first, second))
    )
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(
            activities=activities,
            behaviour_scores=behaviour(*scores, structural=structural),
            structural=structural,
            additional_tasks=tasks,
            creativity_points=D(creativity),
        ),
        RULES,
    )
    assert result.missing == ()
    assert (result.skp_score, result.behaviour_score, result.final_score) == (
        D(skp),
        D(beh),
        D(final),
    )
    assert result.predicate is pred


def test_outcome_per_activity_is_quantity_percent_and_activity_score() -> None:
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(
            activities=(
                activity(id="b", position=2),
                activity(id="a", position=1, quantity_realised=D(8)),
            ),
            behaviour_scores=behaviour(*"99999"),
        ),
        RULES,
    )
    # sorted by position; a: 8/10 → 80 %, (80 + 100 + 76)/3 = 85.33; b: 100 %, 92
    assert [(o.id, o.achievement, o.value) for o in result.indicators] == [
        ("a", D("80.00"), D("85.33")),
        ("b", D("100.00"), D("92.00")),
    ]


# --- bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "predicate"),
    [
        ("120", Predicate.SANGAT_BAIK),
        ("91", Predicate.SANGAT_BAIK),
        ("90.99", Predicate.BAIK),  # lower bounds: ≥ 91, ≥ 76, ≥ 61, ≥ 51 (documented)
        ("76", Predicate.BAIK),
        ("75.99", Predicate.CUKUP),
        ("61", Predicate.CUKUP),
        ("60.99", Predicate.KURANG),
        ("51", Predicate.KURANG),
        ("50.99", Predicate.BURUK),
        ("50", Predicate.BURUK),
        ("0", Predicate.BURUK),
    ],
)
def test_pp46_bands(score: str, predicate: Predicate) -> None:
    assert band_of(D(score), RULES.pp46_bands) is predicate


def test_the_predicate_follows_the_published_final_score() -> None:
    # quality and time untargeted: SKP = quantity % = 90.995; behaviour 90.995 → final 90.995,
    # published 91.00 → Sangat Baik (the shown figure and its predicate agree)
    exact = activity(
        quantity_target=D(100),
        quantity_realised=D("90.995"),
        quality_target=D(0),
        time_target_months=0,
    )
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(activities=(exact,), behaviour_scores=behaviour(*["90.995"] * 5)),
        RULES,
    )
    assert result.final_score == D("91.00")
    assert result.predicate is Predicate.SANGAT_BAIK


# --- behaviour --------------------------------------------------------------------------------


def test_leadership_counts_only_for_structural_officials() -> None:
    scores = behaviour(*"88888") | {"KEPEMIMPINAN": D(20)}
    staff = evaluate(
        Regime.PP46_2011, AppraisalInputs(activities=(activity(),), behaviour_scores=scores), RULES
    )
    head = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(activities=(activity(),), behaviour_scores=scores, structural=True),
        RULES,
    )
    assert staff.behaviour_score == D("8.00")
    # (8·5 + 20)/6 = 10
    assert head.behaviour_score == D("10.00")


def test_a_structural_official_without_a_leadership_score_is_missing_it() -> None:
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(
            activities=(activity(),), behaviour_scores=behaviour(*"88888"), structural=True
        ),
        RULES,
    )
    assert result.missing == ("behaviour:KEPEMIMPINAN",)
    assert (result.behaviour_score, result.final_score, result.predicate) == (None, None, None)
    assert result.skp_score == D("92.00")


def test_every_unrated_aspect_is_listed() -> None:
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(activities=(activity(),), behaviour_scores={"INTEGRITAS": D(80)}),
        RULES,
    )
    assert result.missing == (
        "behaviour:ORIENTASI_PELAYANAN",
        "behaviour:KOMITMEN",
        "behaviour:DISIPLIN",
        "behaviour:KERJA_SAMA",
    )


# --- rating input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "creativity", "overrides", "field"),
    [
        (-1, "0", {}, "additionalTasks"),
        (0, "5", {}, "creativityPoints"),
        (0, "-3", {}, "creativityPoints"),
        (0, "0", {"quality_realised": D("100.01")}, "qualityRealised"),
        (0, "0", {"quality_realised": D(-1)}, "qualityRealised"),
        (0, "0", {"quantity_realised": D(-1)}, "quantityRealised"),
        (0, "0", {"time_realised_months": -1}, "timeRealisedMonths"),
        (0, "0", {"cost_target": 100, "cost_realised": -5}, "costRealised"),
    ],
)
def test_bad_rating_input_names_the_field(
    tasks: int, creativity: str, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(AppraisalRuleError) as caught:
        check_rating_input(
            Regime.PP46_2011,
            additional_tasks=tasks,
            creativity_points=D(creativity),
            activities=(activity(**overrides),),
            rules=RULES,
        )
    assert caught.value.field == field


@pytest.mark.parametrize("regime", [Regime.PERMENPANRB_8_2021, Regime.PERMENPANRB_6_2022])
def test_bonuses_apply_to_pp46_only(regime: Regime) -> None:
    with pytest.raises(AppraisalRuleError, match="PP 46/2011 appraisals only"):
        check_rating_input(
            regime, additional_tasks=2, creativity_points=D(0), activities=(), rules=RULES
        )
    check_rating_input(
        regime, additional_tasks=0, creativity_points=D(0), activities=(), rules=RULES
    )


def test_valid_rating_input_passes() -> None:
    check_rating_input(
        Regime.PP46_2011,
        additional_tasks=9,
        creativity_points=D(12),
        activities=(activity(quality_realised=D(0)), activity(quality_realised=D(100))),
        rules=RULES,
    )


# --- properties -------------------------------------------------------------------------------

amounts = st.decimals(
    min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
positive = st.decimals(
    min_value=D("0.01"), max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
quality = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
months = st.integers(min_value=0, max_value=36)


@st.composite
def activities(draw: st.DrawFn, index: int = 0) -> Pp46ActivityInput:
    budget = draw(st.none() | st.integers(min_value=0, max_value=10**12))
    return activity(
        id=f"a{index}",
        position=index,
        quantity_target=draw(positive),
        quantity_realised=draw(amounts),
        quality_target=draw(st.sampled_from([D(0), D(100)])),
        quality_realised=draw(quality),
        time_target_months=draw(st.integers(min_value=0, max_value=12)),
        time_realised_months=draw(months),
        cost_target=budget,
        cost_realised=None if budget is None else draw(st.integers(0, 2 * 10**12)),
    )


def no_floats(value: Any) -> None:
    assert not isinstance(value, float)
    if is_dataclass(value):
        for item in fields(value):
            no_floats(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            no_floats(item)


def two_places(value: Decimal | None) -> bool:
    return value is None or value == value.quantize(D("0.01"))


@settings(max_examples=200, deadline=None)
@given(activities(), st.lists(quality, min_size=5, max_size=5), st.integers(0, 10))
def test_evaluate_publishes_decimals_with_two_places(
    item: Pp46ActivityInput, scores: list[Decimal], tasks: int
) -> None:
    result = evaluate(
        Regime.PP46_2011,
        AppraisalInputs(
            activities=(item,),
            behaviour_scores=dict(zip(NON_STRUCTURAL, scores, strict=True)),
            additional_tasks=tasks,
        ),
        RULES,
    )
    assert isinstance(result, Evaluation)
    no_floats(result)
    figures = [result.skp_score, result.behaviour_score, result.final_score]
    figures += [o.achievement for o in result.indicators] + [o.value for o in result.indicators]
    assert all(two_places(figure) for figure in figures)
    assert result.missing == ()
    assert result.predicate is not None


@settings(max_examples=200, deadline=None)
@given(activities())
def test_an_activity_without_output_scores_zero(item: Pp46ActivityInput) -> None:
    assert activity_score(replace(item, quantity_realised=D(0)), RULES) == (D(0), ())


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(0, 200))
def test_time_score_is_never_negative_and_at_most_100(target: int, realised: int) -> None:
    # the ≤ 24 branch peaks at E = 24 (100); the > 24 branch is 100·RW/TW < 76
    assert D(0) <= efficiency_score(D(target), D(realised), RULES) <= D(100)
