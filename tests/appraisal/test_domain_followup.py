"""Follow-up: credit points, reward/coaching/development, the unit head's results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.followup import (
    Gap,
    Recommendation,
    credit_points,
    recommendations,
    unit_head_results,
)
from services.appraisal.domain.rules import DEFAULT_RULES
from services.appraisal.domain.types import (
    AppraisalRuleError,
    Expectation,
    Predicate,
    RecommendationKind,
    UnitRating,
)

D = Decimal
P = Predicate
K = RecommendationKind
RULES = DEFAULT_RULES

CREDIT_TABLE = [
    # percent/100 × coefficient × months/12, rounded once, half-up
    (P.SANGAT_BAIK, "JF_AHLI_PERTAMA", 12, "18.75"),  # 1.5 × 12.5 × 12/12 = 18.75
    (P.BAIK, "JF_AHLI_PERTAMA", 12, "12.50"),  # 1 × 12.5
    (P.SANGAT_BAIK, "JF_AHLI_PERTAMA", 6, "9.38"),  # 1.5 × 12.5 × 6/12 = 9.375 → 9.38
    (P.BUTUH_PERBAIKAN, "JF_AHLI_PERTAMA", 3, "2.34"),  # 0.75 × 12.5 × 3/12 = 2.34375
    (P.BAIK, "JF_AHLI_MUDA", 1, "2.08"),  # 1 × 25 × 1/12 = 2.0833
    (P.SANGAT_BAIK, "JF_AHLI_MUDA", 1, "3.13"),  # 1.5 × 25/12 = 3.125 → 3.13
    (P.KURANG, "JF_AHLI_MADYA", 12, "18.75"),  # 0.5 × 37.5
    (P.SANGAT_KURANG, "JF_PENYELIA", 1, "0.52"),  # 0.25 × 25/12 = 0.5208
    (P.SANGAT_BAIK, "JF_AHLI_UTAMA", 12, "75.00"),  # 1.5 × 50
    (P.BAIK, "JF_PEMULA", 4, "1.25"),  # 1 × 3.75 × 4/12 = 1.25
    (P.CUKUP, "JF_TERAMPIL", 12, "3.75"),  # PP46's Cukup counts 75 %: 0.75 × 5
    (P.BURUK, "JF_MAHIR", 12, "3.13"),  # PP46's Buruk counts 25 %: 0.25 × 12.5 = 3.125
    (P.BAIK, "JF_AHLI_PERTAMA", 0, "0.00"),
]


@pytest.mark.parametrize(("predicate", "job_type", "months", "points"), CREDIT_TABLE)
def test_credit_points_worked_examples(
    predicate: Predicate, job_type: str, months: int, points: str
) -> None:
    assert credit_points(predicate, job_type, months, RULES) == D(points)


@pytest.mark.parametrize("job_type", [None, "", "PENGAWAS", "PELAKSANA"])
def test_no_credit_points_without_a_coefficient(job_type: str | None) -> None:
    assert credit_points(P.SANGAT_BAIK, job_type, 12, RULES) is None


@pytest.mark.parametrize("months", [-1, 13])
def test_credit_points_cover_at_most_a_year(months: int) -> None:
    with pytest.raises(AppraisalRuleError) as caught:
        credit_points(P.BAIK, "JF_AHLI_PERTAMA", months, RULES)
    assert caught.value.field == "months"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(Predicate)),
    st.sampled_from([job for job, _ in RULES.credit_coefficients]),
    st.integers(0, 12),
)
def test_monthly_credit_points_are_two_decimal_parts_of_the_annual(
    predicate: Predicate, job_type: str, months: int
) -> None:
    points = credit_points(predicate, job_type, months, RULES)
    annual = credit_points(predicate, job_type, 12, RULES)
    assert points is not None
    assert annual is not None
    assert not isinstance(points, float)
    assert points == points.quantize(D("0.01"))
    assert abs(points - annual * months / 12) <= D("0.01")


GAPS = (
    Gap("Pengelolaan data", "TECHNICAL", required_level=3, assessed_level=2),
    Gap("Kepemimpinan", "MANAGERIAL", required_level=4, assessed_level=1),
    Gap("Perekat bangsa", "SOCIO_CULTURAL", required_level=2, assessed_level=2),
    Gap("Analisis kebijakan", "TECHNICAL", required_level=4, assessed_level=2),
)


def test_sangat_baik_earns_a_reward_and_credit_points() -> None:
    result = recommendations(P.SANGAT_BAIK, "JF_AHLI_PERTAMA", 12, GAPS, RULES)
    assert [r.kind for r in result] == [K.REWARD, K.CREDIT_POINTS]
    assert result[1].credit_points == D("18.75")
    assert result[0].text == "Consider a reward: predicate Sangat Baik"


def test_baik_in_a_structural_position_has_no_follow_up() -> None:
    assert recommendations(P.BAIK, "PENGAWAS", 12, GAPS, RULES) == ()


def test_baik_in_a_functional_position_earns_credit_points_only() -> None:
    result = recommendations(P.BAIK, "JF_AHLI_MUDA", 1, (), RULES)
    assert result == (
        Recommendation(
            K.CREDIT_POINTS, "Credit points for 1 month(s) at Baik: 2.08", credit_points=D("2.08")
        ),
    )


@pytest.mark.parametrize(
    "predicate",
    [P.CUKUP, P.BUTUH_PERBAIKAN, P.KURANG, P.SANGAT_KURANG, P.BURUK],
)
def test_butuh_perbaikan_and_below_get_coaching_and_development_for_the_gaps(
    predicate: Predicate,
) -> None:
    result = recommendations(predicate, None, 12, GAPS, RULES)
    assert [r.kind for r in result] == [K.COACHING, K.DEVELOPMENT]
    # largest gap first (3, 2, 1); a met requirement is no gap
    assert result[1].competencies == ("Kepemimpinan", "Analisis kebijakan", "Pengelolaan data")
    assert result[1].text == (
        "Plan development for the competency gaps: Kepemimpinan (level 1 of 4), "
        "Analisis kebijakan (level 2 of 4), Pengelolaan data (level 2 of 3)"
    )


def test_development_without_known_gaps_still_asks_for_a_plan() -> None:
    result = recommendations(P.KURANG, "JF_AHLI_PERTAMA", 12, (), RULES)
    assert [r.kind for r in result] == [K.COACHING, K.DEVELOPMENT, K.CREDIT_POINTS]
    assert result[1].competencies == ()
    assert result[2].credit_points == D("6.25")  # 0.5 × 12.5


def test_equal_gaps_are_listed_by_name() -> None:
    gaps = (Gap("B", "TECHNICAL", 3, 2), Gap("A", "TECHNICAL", 3, 2))
    result = recommendations(P.KURANG, None, 12, gaps, RULES)
    assert result[1].competencies == ("A", "B")


@pytest.mark.parametrize(
    ("rating", "results"),
    [
        (UnitRating.ISTIMEWA, Expectation.ABOVE),
        (UnitRating.BAIK, Expectation.AS_EXPECTED),
        (UnitRating.BUTUH_PERBAIKAN, Expectation.BELOW),
        (UnitRating.KURANG, Expectation.BELOW),
        (UnitRating.SANGAT_KURANG, Expectation.BELOW),
    ],
)
def test_the_unit_heads_results_follow_the_units_rating(
    rating: UnitRating, results: Expectation
) -> None:
    assert unit_head_results(rating, RULES) is results
