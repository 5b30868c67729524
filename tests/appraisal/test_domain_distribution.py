"""The distribution check of a unit's predicates against its rating (DOMAIN.md §4)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal.domain.distribution import Violation, check_distribution, predicate_counts
from services.appraisal.domain.rules import DEFAULT_RULES
from services.appraisal.domain.types import Predicate, UnitRating

D = Decimal
P = Predicate
RULES = DEFAULT_RULES


def mix(**counts: int) -> list[Predicate]:
    """Predicates by count, e.g. mix(SANGAT_BAIK=7, BAIK=3)."""
    return [Predicate[name] for name, count in counts.items() for _ in range(count)]


COMPLIANT = [
    # Istimewa: at most 70 % Sangat Baik — 7 of 10 is exactly 70 %
    (UnitRating.ISTIMEWA, mix(SANGAT_BAIK=7, BAIK=3)),
    (UnitRating.ISTIMEWA, mix(BAIK=2, SANGAT_KURANG=1)),
    # Baik: at most 70 % Baik, at least one Butuh Perbaikan or Kurang
    (UnitRating.BAIK, mix(SANGAT_BAIK=2, BAIK=6, BUTUH_PERBAIKAN=1, KURANG=1)),
    (UnitRating.BAIK, mix(BAIK=7, KURANG=1, SANGAT_KURANG=2)),
    # Butuh Perbaikan: at least 60 % Butuh Perbaikan, at most 10 % Sangat Baik
    (UnitRating.BUTUH_PERBAIKAN, mix(BUTUH_PERBAIKAN=6, SANGAT_BAIK=1, BAIK=3)),
    # Kurang: at least 60 % Kurang, at least 10 % Butuh Perbaikan, at most 10 % Sangat Baik
    (UnitRating.KURANG, mix(KURANG=6, BUTUH_PERBAIKAN=1, SANGAT_BAIK=1, BAIK=2)),
    # Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang/Butuh Perbaikan, no SB
    (UnitRating.SANGAT_KURANG, mix(SANGAT_KURANG=6, KURANG=1, BUTUH_PERBAIKAN=1, BAIK=2)),
    (UnitRating.SANGAT_KURANG, mix(SANGAT_KURANG=9, BUTUH_PERBAIKAN=1)),
]


@pytest.mark.parametrize(("rating", "predicates"), COMPLIANT)
def test_a_compliant_mix_has_no_violations(rating: UnitRating, predicates: list[Predicate]) -> None:
    assert check_distribution(rating, predicates, RULES) == ()


VIOLATING = [
    # (rating, mix, [(predicates, count, percent)])
    (UnitRating.ISTIMEWA, mix(SANGAT_BAIK=8, BAIK=2), [((P.SANGAT_BAIK,), 8, "80.00")]),
    (
        UnitRating.BAIK,
        mix(BAIK=8, SANGAT_BAIK=2),
        [((P.BAIK,), 8, "80.00"), ((P.BUTUH_PERBAIKAN, P.KURANG), 0, "0.00")],
    ),
    (UnitRating.BAIK, mix(BAIK=7, SANGAT_BAIK=3), [((P.BUTUH_PERBAIKAN, P.KURANG), 0, "0.00")]),
    (
        UnitRating.BUTUH_PERBAIKAN,
        mix(BUTUH_PERBAIKAN=5, SANGAT_BAIK=2, BAIK=3),
        [((P.BUTUH_PERBAIKAN,), 5, "50.00"), ((P.SANGAT_BAIK,), 2, "20.00")],
    ),
    (
        UnitRating.KURANG,
        mix(KURANG=6, SANGAT_BAIK=2, BAIK=2),
        [((P.BUTUH_PERBAIKAN,), 0, "0.00"), ((P.SANGAT_BAIK,), 2, "20.00")],
    ),
    (
        UnitRating.KURANG,
        mix(KURANG=5, BUTUH_PERBAIKAN=5),
        [((P.KURANG,), 5, "50.00")],
    ),
    (
        UnitRating.SANGAT_KURANG,
        mix(SANGAT_KURANG=6, BAIK=3, SANGAT_BAIK=1),
        [((P.BUTUH_PERBAIKAN, P.KURANG), 0, "0.00"), ((P.SANGAT_BAIK,), 1, "10.00")],
    ),
    (
        UnitRating.SANGAT_KURANG,
        mix(SANGAT_KURANG=1, SANGAT_BAIK=1, KURANG=1),
        [((P.SANGAT_KURANG,), 1, "33.33"), ((P.SANGAT_BAIK,), 1, "33.33")],
    ),
]


@pytest.mark.parametrize(("rating", "predicates", "expected"), VIOLATING)
def test_a_violating_mix_lists_each_broken_rule(
    rating: UnitRating,
    predicates: list[Predicate],
    expected: list[tuple[tuple[Predicate, ...], int, str]],
) -> None:
    violations = check_distribution(rating, predicates, RULES)
    assert [(v.predicates, v.count, v.total, v.percent) for v in violations] == [
        (group, count, len(predicates), D(percent)) for group, count, percent in expected
    ]


def test_violation_messages_say_what_is_needed() -> None:
    assert check_distribution(UnitRating.ISTIMEWA, mix(SANGAT_BAIK=8, BAIK=2), RULES) == (
        Violation(
            (P.SANGAT_BAIK,),
            8,
            10,
            D("80.00"),
            "a unit rated Istimewa needs at most 70 % Sangat Baik: 8 of 10 (80.00 %)",
        ),
    )
    messages = [
        v.message
        for v in check_distribution(
            UnitRating.SANGAT_KURANG, mix(SANGAT_KURANG=6, BAIK=3, SANGAT_BAIK=1), RULES
        )
    ]
    assert messages == [
        "a unit rated Sangat Kurang needs at least 10 % Butuh Perbaikan or Kurang: "
        "0 of 10 (0.00 %)",
        "a unit rated Sangat Kurang needs no Sangat Baik: 1 of 10 (10.00 %)",
    ]
    baik = check_distribution(UnitRating.BAIK, mix(BAIK=1), RULES)
    assert baik[-1].message == (
        "a unit rated Baik needs at least one Butuh Perbaikan or Kurang: 0 of 1 (0.00 %)"
    )


@pytest.mark.parametrize("rating", list(UnitRating))
def test_no_appraisals_no_violations(rating: UnitRating) -> None:
    assert check_distribution(rating, [], RULES) == ()


def test_old_regime_predicates_count_in_the_total_only() -> None:
    # Cukup and Buruk (PP46) match no rule but are part of the unit: 7 SB of 10 → 70 %, allowed
    predicates = mix(SANGAT_BAIK=7, CUKUP=2, BURUK=1)
    assert check_distribution(UnitRating.ISTIMEWA, predicates, RULES) == ()


def test_predicate_counts_lists_every_predicate() -> None:
    counts = predicate_counts(mix(BAIK=3, KURANG=1))
    assert counts == {
        P.SANGAT_BAIK: 0,
        P.BAIK: 3,
        P.CUKUP: 0,
        P.BUTUH_PERBAIKAN: 0,
        P.KURANG: 1,
        P.SANGAT_KURANG: 0,
        P.BURUK: 0,
    }
    assert predicate_counts([]) == dict.fromkeys(P, 0)


# --- properties: the check agrees with the rules read independently -------------------------


def complies(rating: UnitRating, predicates: list[Predicate]) -> bool:
    """DOMAIN.md's distribution rules, written out with exact fractions."""
    if not predicates:
        return True
    n = len(predicates)
    count = Counter(predicates)

    def share(*which: Predicate) -> Fraction:
        return Fraction(sum(count[p] for p in which) * 100, n)

    if rating is UnitRating.ISTIMEWA:
        return share(P.SANGAT_BAIK) <= 70
    if rating is UnitRating.BAIK:
        return share(P.BAIK) <= 70 and count[P.BUTUH_PERBAIKAN] + count[P.KURANG] >= 1
    if rating is UnitRating.BUTUH_PERBAIKAN:
        return share(P.BUTUH_PERBAIKAN) >= 60 and share(P.SANGAT_BAIK) <= 10
    if rating is UnitRating.KURANG:
        return (
            share(P.KURANG) >= 60 and share(P.BUTUH_PERBAIKAN) >= 10 and share(P.SANGAT_BAIK) <= 10
        )
    return (
        share(P.SANGAT_KURANG) >= 60
        and share(P.KURANG, P.BUTUH_PERBAIKAN) >= 10
        and count[P.SANGAT_BAIK] == 0
    )


predicate_lists = st.lists(st.sampled_from(list(Predicate)), max_size=40)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(list(UnitRating)), predicate_lists)
def test_violations_exactly_when_the_rules_are_broken(
    rating: UnitRating, predicates: list[Predicate]
) -> None:
    violations = check_distribution(rating, predicates, RULES)
    assert (violations == ()) is complies(rating, predicates)
    for violation in violations:
        assert violation.total == len(predicates)
        assert violation.percent == violation.percent.quantize(D("0.01"))


@st.composite
def compliant_mixes(draw: st.DrawFn) -> tuple[UnitRating, list[Predicate]]:
    """A unit rating and a mix built to satisfy it (60 %+ of the main predicate, etc.)."""
    rating = draw(st.sampled_from(list(UnitRating)))
    n = draw(st.integers(10, 60))
    tenth = -(-n // 10)  # at least 10 %
    main = {
        UnitRating.BUTUH_PERBAIKAN: P.BUTUH_PERBAIKAN,
        UnitRating.KURANG: P.KURANG,
        UnitRating.SANGAT_KURANG: P.SANGAT_KURANG,
    }
    if rating is UnitRating.ISTIMEWA:
        best = draw(st.integers(0, n * 7 // 10))
        rest = draw(
            st.lists(st.sampled_from([P.BAIK, P.KURANG]), min_size=n - best, max_size=n - best)
        )
        return rating, [P.SANGAT_BAIK] * best + rest
    if rating is UnitRating.BAIK:
        good = draw(st.integers(0, n * 7 // 10))
        return rating, [P.BAIK] * good + [P.KURANG] + [P.SANGAT_BAIK] * (n - good - 1)
    majority = -(-n * 6 // 10)
    result = [main[rating]] * majority
    if rating is UnitRating.KURANG:
        result += [P.BUTUH_PERBAIKAN] * tenth
    if rating is UnitRating.SANGAT_KURANG:
        result += [P.KURANG] * tenth
    result += [P.BAIK] * max(n - len(result), 0)
    return rating, result


@settings(max_examples=300, deadline=None)
@given(compliant_mixes())
def test_an_all_compliant_mix_returns_no_violations(
    case: tuple[UnitRating, list[Predicate]],
) -> None:
    rating, predicates = case
    assert check_distribution(rating, predicates, RULES) == ()
