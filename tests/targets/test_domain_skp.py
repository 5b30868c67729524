"""Pure rules of an SKP's content: periods, targets, monthly splits, PP46 activities, diffs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.targets.domain import (
    ActivitySpec,
    ChangeKind,
    Direction,
    IndicatorSnapshot,
    IndicatorSpec,
    InvalidPeriodError,
    InvalidTargetError,
    InvalidTextError,
    MonthlyTarget,
    MonthlyTargetsError,
    Period,
    PeriodOverlapError,
    Regime,
    RhkKind,
    RhkSnapshot,
    WrongRegimeError,
    check_activity,
    check_activity_allowed,
    check_indicator,
    check_no_overlap,
    check_period,
    clean_text,
    diff_skp,
    format_month,
    local_date,
    parse_month,
)

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
H1 = Period(date(2025, 1, 1), date(2025, 6, 30))


def month(m: int, target: str, year: int = 2025) -> MonthlyTarget:
    return MonthlyTarget(date(year, m, 1), Decimal(target))


def indicator(target: str = "12", *months: MonthlyTarget, additive: bool = True) -> IndicatorSpec:
    return IndicatorSpec(
        "Laporan", Decimal(target), "laporan", Direction.HIGHER_IS_BETTER, additive, months
    )


def activity(**overrides: object) -> ActivitySpec:
    fields: dict[str, object] = {
        "title": "Menyusun laporan",
        "quantity_target": Decimal(6),
        "quantity_unit": "laporan",
        "quality_target": Decimal(100),
        "time_target_months": 6,
        "cost_target": None,
    }
    fields.update(overrides)
    return ActivitySpec(**fields)  # type: ignore[arg-type]


def test_calendar_year_is_a_period() -> None:
    assert check_period(date(2025, 1, 1), date(2025, 12, 31)) == YEAR


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPeriodError, match="ends before it starts"):
        check_period(date(2025, 6, 1), date(2025, 5, 31))


def test_period_across_two_years_is_refused() -> None:
    with pytest.raises(InvalidPeriodError, match="within one calendar year"):
        check_period(date(2025, 7, 1), date(2026, 6, 30))


def test_2021_halves_do_not_overlap() -> None:
    check_no_overlap(
        Period(date(2021, 7, 1), date(2021, 12, 31)), [Period(date(2021, 1, 1), date(2021, 6, 30))]
    )


def test_sharing_one_day_is_an_overlap() -> None:
    with pytest.raises(PeriodOverlapError):
        check_no_overlap(Period(date(2025, 6, 30), date(2025, 12, 31)), [H1])


def test_period_months_and_clamp() -> None:
    assert H1.months() == [date(2025, m, 1) for m in range(1, 7)]
    assert H1.clamp(date(2024, 5, 5)) == H1.start
    assert H1.clamp(date(2025, 9, 1)) == H1.end
    assert H1.covers(date(2025, 6, 30))
    assert not H1.covers(date(2025, 7, 1))


def test_local_date_is_the_day_in_jakarta() -> None:
    assert local_date(datetime(2025, 6, 15, 18, 0, tzinfo=UTC)) == date(2025, 6, 16)


@pytest.mark.parametrize("target", ["0", "-1", "-0.0001"])
def test_target_must_be_positive(target: str) -> None:
    with pytest.raises(InvalidTargetError, match="targetValue must be greater than 0"):
        check_indicator(indicator(target), YEAR)


def test_target_with_more_than_four_decimals_is_refused() -> None:
    with pytest.raises(InvalidTargetError, match="more than 4 decimal places"):
        check_indicator(indicator("1.00001"), YEAR)


def test_target_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(InvalidTargetError, match="must be a number"):
        check_indicator(indicator("NaN"), YEAR)


def test_additive_monthly_targets_must_add_up() -> None:
    with pytest.raises(MonthlyTargetsError, match="add up to 11, not to the annual target 12"):
        check_indicator(indicator("12", month(1, "6"), month(2, "5")), YEAR)


def test_additive_monthly_targets_that_add_up_are_sorted() -> None:
    checked = check_indicator(indicator("12", month(6, "6"), month(1, "6")), YEAR)
    assert [m.month.month for m in checked.monthly_targets] == [1, 6]


def test_non_additive_monthly_targets_need_not_add_up() -> None:
    checked = check_indicator(indicator("95", month(1, "95"), month(2, "95"), additive=False), YEAR)
    assert len(checked.monthly_targets) == 2


def test_no_monthly_split_is_allowed() -> None:
    assert check_indicator(indicator("12"), YEAR).monthly_targets == ()


def test_month_outside_the_period_is_refused() -> None:
    with pytest.raises(MonthlyTargetsError, match="month 2025-07 lies outside the SKP period"):
        check_indicator(indicator("12", month(7, "12")), H1)


def test_month_twice_is_refused() -> None:
    with pytest.raises(MonthlyTargetsError, match="appears more than once"):
        check_indicator(indicator("12", month(1, "6"), month(1, "6")), YEAR)


def test_negative_month_is_refused() -> None:
    with pytest.raises(MonthlyTargetsError, match="negative"):
        check_indicator(indicator("12", month(1, "13"), month(2, "-1")), YEAR)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12))
def test_any_split_adding_up_to_the_target_is_accepted(parts: list[int]) -> None:
    total = sum(parts) or 1
    parts[0] += total - sum(parts)
    months = [month(i + 1, str(Decimal(p) / 100)) for i, p in enumerate(parts)]
    checked = check_indicator(indicator(str(Decimal(total) / 100), *months), YEAR)
    assert sum(m.target for m in checked.monthly_targets) == checked.target_value


def test_blank_name_and_unit_are_refused() -> None:
    with pytest.raises(InvalidTextError, match="name must not be blank"):
        check_indicator(IndicatorSpec(" ", Decimal(1), "x", Direction.HIGHER_IS_BETTER, True), YEAR)
    assert clean_text("  a   b ", field="title") == "a b"


@pytest.mark.parametrize(
    ("text", "first"), [("2025-01", date(2025, 1, 1)), (" 2025-12", date(2025, 12, 1))]
)
def test_months_are_written_yyyy_mm(text: str, first: date) -> None:
    assert parse_month(text) == first
    assert format_month(first) == text.strip()


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-1", "Jan 2025"])
def test_badly_written_month_is_refused(text: str) -> None:
    with pytest.raises(MonthlyTargetsError, match="is not written YYYY-MM"):
        parse_month(text)


def test_pp46_activity_with_defaults_is_valid() -> None:
    assert check_activity(activity(), H1).quality_target == Decimal(100)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity_target": Decimal(0)}, "quantityTarget"),
        ({"quality_target": Decimal(0)}, "qualityTarget"),
        ({"quality_target": Decimal(101)}, "qualityTarget"),
        ({"time_target_months": 0}, "timeTargetMonths"),
        ({"time_target_months": 7}, "timeTargetMonths"),
        ({"cost_target": 0}, "costTarget"),
    ],
)
def test_bad_pp46_targets_are_refused(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidTargetError) as error:
        check_activity(activity(**overrides), H1)
    assert error.value.field == field


def test_activities_belong_to_pp46_only() -> None:
    check_activity_allowed(Regime.PP46_2011)
    with pytest.raises(WrongRegimeError):
        check_activity_allowed(Regime.PERMENPANRB_6_2022)


def _rhk(id: str, lineage: str, title: str, *indicators: IndicatorSnapshot) -> RhkSnapshot:
    return RhkSnapshot(id, lineage, RhkKind.UTAMA, title, None, None, None, indicators)


def _ind(id: str, lineage: str, target: str) -> IndicatorSnapshot:
    return IndicatorSnapshot(
        id, lineage, "Laporan", Decimal(target), "laporan", Direction.HIGHER_IS_BETTER, True, ()
    )


def test_diff_matches_items_by_lineage() -> None:
    before = [_rhk("a1", "a", "A", _ind("i1", "i", "10")), _rhk("b1", "b", "B")]
    after = [_rhk("a2", "a", "A2", _ind("i2", "i", "12")), _rhk("c2", "c", "C")]

    diff = diff_skp(before, after)

    assert [(c.kind, c.before_id, c.after_id, c.fields) for c in diff.items] == [
        (ChangeKind.CHANGED, "a1", "a2", ("title",)),
        (ChangeKind.ADDED, None, "c2", ()),
        (ChangeKind.REMOVED, "b1", None, ()),
    ]
    assert [(c.kind, c.fields) for c in diff.indicators] == [(ChangeKind.CHANGED, ("targetValue",))]


def test_identical_versions_have_no_diff() -> None:
    items = [_rhk("a1", "a", "A", _ind("i1", "i", "10"))]
    copied = [_rhk("a2", "a", "A", _ind("i2", "i", "10"))]
    assert diff_skp(items, copied).items == diff_skp(items, copied).indicators == ()
