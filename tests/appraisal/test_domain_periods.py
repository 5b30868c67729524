"""Appraisal periods: labels per the organisation's frequency, their days and months."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.appraisal.domain.periods import Period, month_start, parse_period
from services.appraisal.domain.types import AppraisalKind, AppraisalRuleError, Frequency

M, Q, S = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.SEMESTER


@pytest.mark.parametrize(
    ("label", "frequency", "kind", "start", "end"),
    [
        ("2026", M, AppraisalKind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026", Q, AppraisalKind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026", S, AppraisalKind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-03", M, AppraisalKind.PERIODIC, date(2026, 3, 1), date(2026, 3, 31)),
        ("2026-02", M, AppraisalKind.PERIODIC, date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", M, AppraisalKind.PERIODIC, date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", M, AppraisalKind.PERIODIC, date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q1", Q, AppraisalKind.PERIODIC, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", Q, AppraisalKind.PERIODIC, date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q4", Q, AppraisalKind.PERIODIC, date(2026, 10, 1), date(2026, 12, 31)),
        ("2021-S1", S, AppraisalKind.PERIODIC, date(2021, 1, 1), date(2021, 6, 30)),
        ("2021-S2", S, AppraisalKind.PERIODIC, date(2021, 7, 1), date(2021, 12, 31)),
    ],
)
def test_labels_parse_to_their_days(
    label: str, frequency: Frequency, kind: AppraisalKind, start: date, end: date
) -> None:
    assert parse_period(label, frequency) == Period(label, kind, start, end)


def test_months_of_periods() -> None:
    assert parse_period("2026-03", M).months == (date(2026, 3, 1),)
    assert parse_period("2026-Q2", Q).months == (
        date(2026, 4, 1),
        date(2026, 5, 1),
        date(2026, 6, 1),
    )
    assert len(parse_period("2021-S2", S).months) == 6
    assert parse_period("2026", M).months == tuple(date(2026, m, 1) for m in range(1, 13))


def test_contains() -> None:
    quarter = parse_period("2026-Q1", Q)
    assert quarter.contains(date(2026, 1, 1))
    assert quarter.contains(date(2026, 3, 31))
    assert not quarter.contains(date(2026, 4, 1))
    assert not quarter.contains(date(2025, 12, 31))


@pytest.mark.parametrize(
    ("label", "frequency"),
    [
        ("2026-Q1", M),
        ("2026-S1", M),
        ("2026-03", Q),
        ("2026-S2", Q),
        ("2026-03", S),
        ("2026-Q3", S),
    ],
)
def test_a_periodic_label_of_another_frequency_is_refused(label: str, frequency: Frequency) -> None:
    with pytest.raises(AppraisalRuleError, match=frequency.value.lower()) as caught:
        parse_period(label, frequency)
    assert caught.value.field == "period"


@pytest.mark.parametrize(
    "label",
    [
        "",
        "26",
        "2026-3",
        "2026-13",
        "2026-00",
        "2026-Q0",
        "2026-Q5",
        "2026-S0",
        "2026-S3",
        "2026-q1",
        "2026/03",
        "March 2026",
        "0999",
        "2026-03-01",
        "２０２６",
    ],
)
def test_a_malformed_label_is_refused(label: str) -> None:
    frequency = S if "S" in label else Q if "Q" in label else M
    with pytest.raises(AppraisalRuleError) as caught:
        parse_period(label, frequency)
    assert caught.value.field == "period"
    assert repr(label) in caught.value.message


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_period(" 2026-03 ", M).label == "2026-03"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_month_start_and_the_monthly_period_contain_the_day(day: date) -> None:
    start = month_start(day)
    assert start.day == 1
    assert (start.year, start.month) == (day.year, day.month)
    period = parse_period(f"{day.year:04d}-{day.month:02d}", M)
    assert period.contains(day)
    assert period.months == (start,)


@given(st.integers(1900, 9999), st.sampled_from([(Q, 4, "Q"), (S, 2, "S"), (M, 12, "")]))
def test_the_periods_of_a_year_tile_it(year: int, kind: tuple[Frequency, int, str]) -> None:
    frequency, count, letter = kind
    labels = [f"{year}-{letter}{n}" if letter else f"{year}-{n:02d}" for n in range(1, count + 1)]
    periods = [parse_period(label, frequency) for label in labels]
    assert periods[0].start == date(year, 1, 1)
    assert periods[-1].end == date(year, 12, 31)
    for before, after in pairwise(periods):
        assert (after.start - before.end).days == 1
    assert sum(len(p.months) for p in periods) == 12
