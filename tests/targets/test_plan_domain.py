"""The plan file's rules, pure: each row on its own, the rows together, and the round trip."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.targets.domain.plan import (
    COLUMNS,
    Direction,
    IndicatorLine,
    OutputLine,
    PlanContent,
    PlanStatus,
    Revision,
    RowError,
    indicator_id,
    output_id,
    plain_decimal,
    plan_revision,
)
from services.targets.domain.plan_file import (
    MAX_ERRORS,
    check_lines,
    parse_header,
    parse_line,
    parse_plan_rows,
    plan_rows,
)

SAMPLE = Path(__file__).parents[2] / "services/targets/samples/rencana-kerja-rehsos-2025.csv"
RO: dict[str, str] = {
    "type": "RO",
    "year": "2025",
    "program_code": "027.06.DL",
    "program_name": "Program Rehabilitasi Sosial",
    "kegiatan_code": "5678",
    "kegiatan_name": "Rehabilitasi Sosial Anak",
    "kro_code": "5678.QAH",
    "kro_name": "Pelayanan Publik kepada Masyarakat",
    "code": "5678.QAH.001",
    "name": "Anak yang Mendapatkan ATENSI",
    "unit": "Orang",
    "volume": "18500",
    "budget": "55500000000",
    "target_value": "",
    "direction": "",
}
IKU: dict[str, str] = {
    **dict.fromkeys(COLUMNS, ""),
    "type": "IKU",
    "year": "2025",
    "code": "IKU.01",
    "name": "Persentase penerima manfaat yang meningkat keberfungsian sosialnya",
    "unit": "Persen",
    "target_value": "80",
    "direction": "HIGHER_IS_BETTER",
}


def ro(**changes: str) -> dict[str, str]:
    return {**RO, **changes}


def iku(**changes: str) -> dict[str, str]:
    return {**IKU, **changes}


def line(values: dict[str, str], row: int = 2) -> Any:
    return parse_line(row, values, year=2025)


def table(*rows: dict[str, str]) -> list[list[str]]:
    return [list(COLUMNS), *[[r[c] for c in COLUMNS] for r in rows]]


def errors_of(*rows: dict[str, str]) -> list[tuple[int, str | None, str]]:
    result = parse_plan_rows(table(*rows), year=2025)
    assert isinstance(result, list), "expected errors"
    return [(e.row, e.column, e.message) for e in result]


# --- one row ---------------------------------------------------------------------------------


def test_a_valid_ro_row_is_an_output_line() -> None:
    result = line(ro())

    assert isinstance(result, OutputLine)
    assert result.program == ("027.06.DL", "Program Rehabilitasi Sosial")
    assert result.kegiatan == ("5678", "Rehabilitasi Sosial Anak")
    assert result.kro == ("5678.QAH", "Pelayanan Publik kepada Masyarakat")
    assert result.output.code == "5678.QAH.001"
    assert result.output.volume == Decimal(18500)
    assert result.output.budget == 55_500_000_000


def test_a_valid_iku_row_is_an_indicator_line() -> None:
    result = line(iku(target_value="3.5", direction="lower_is_better", unit="indeks"))

    assert isinstance(result, IndicatorLine)
    assert result.indicator.target_value == Decimal("3.5")
    assert result.indicator.direction is Direction.LOWER_IS_BETTER
    assert result.indicator.unit == "Indeks"  # the catalogue's spelling


def test_codes_are_trimmed_and_upper_cased_and_names_keep_single_spaces() -> None:
    result = line(ro(kro_code=" 5678.qah ", code="5678.qah.001", name="  Anak   yang  dilayani "))

    assert isinstance(result, OutputLine)
    assert result.kro[0] == "5678.QAH"
    assert result.output.code == "5678.QAH.001"
    assert result.output.name == "Anak yang dilayani"


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("1500000.50", "budget must be whole rupiah; a fraction of a rupiah is not allowed "
         "(got 1500000.5)"),
        ("0.01", "budget must be whole rupiah; a fraction of a rupiah is not allowed (got 0.01)"),
        ("-1000", "budget must not be negative (got -1000)"),
        ("1.500.000", "budget '1.500.000' is not a number (digits, decimal point '.')"),
        ("Rp 1500000", "budget 'Rp 1500000' is not a number (digits, decimal point '.')"),
        ("NaN", "budget 'NaN' is not a number (digits, decimal point '.')"),
        ("", "budget is required"),
        ("1000000000000000", "budget is too large (at most 999999999999999)"),
    ],
)  # fmt: skip
def test_a_budget_must_be_whole_rupiah_and_not_negative(budget: str, message: str) -> None:
    assert line(ro(budget=budget)) == [RowError(2, "budget", message)]


@pytest.mark.parametrize("budget", ["0", "1500000", "1500000.00", " 1500000 "])
def test_whole_rupiah_budgets_are_accepted(budget: str) -> None:
    result = line(ro(budget=budget))

    assert isinstance(result, OutputLine)
    assert result.output.budget == int(Decimal(budget))


@pytest.mark.parametrize(
    ("volume", "message"),
    [
        ("0", "volume must be greater than 0 (got 0)"),
        ("-5", "volume must be greater than 0 (got -5)"),
        ("abc", "volume 'abc' is not a number (digits, decimal point '.')"),
        ("", "volume is required"),
        ("1.23456", "volume has more than 4 decimal places"),
        ("1000000000000", "volume is too large (below 1000000000000 please)"),
    ],
)
def test_a_volume_must_be_a_positive_number(volume: str, message: str) -> None:
    assert line(ro(volume=volume)) == [RowError(2, "volume", message)]


def test_a_volume_may_have_decimals() -> None:
    result = line(ro(volume="2.5000"))

    assert isinstance(result, OutputLine)
    assert result.output.volume == Decimal("2.5")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("program_code", "027.6.DL",
         "program_code '027.6.DL' is not a valid code (like 027.06.DL)"),
        ("kegiatan_code", "567", "kegiatan_code '567' is not a valid code (4 digits, like 5678)"),
        ("code", "5678.QAH.1", "code '5678.QAH.1' is not a valid code (like 5678.QAH.001)"),
        ("program_code", "", "program_code is required"),
    ],
)  # fmt: skip
def test_codes_must_follow_the_dipa_format(column: str, value: str, message: str) -> None:
    assert line(ro(**{column: value})) == [RowError(2, column, message)]


def test_a_kro_code_must_start_with_its_kegiatan_code() -> None:
    assert line(ro(kro_code="5679.QAH", code="5679.QAH.001")) == [
        RowError(2, "kro_code", "KRO code 5679.QAH does not start with its kegiatan code 5678")
    ]


def test_an_ro_code_must_start_with_its_kro_code() -> None:
    assert line(ro(code="5678.QDB.001")) == [
        RowError(2, "code", "RO code 5678.QDB.001 does not start with its KRO code 5678.QAH")
    ]


def test_an_unknown_or_missing_unit_of_measure_is_refused() -> None:
    assert line(ro(unit="Buah")) == [
        RowError(2, "unit", f"unknown unit of measure 'Buah' (known: {_known_units()})")
    ]
    assert line(ro(unit=" ")) == [RowError(2, "unit", "unit of measure is required")]


def _known_units() -> str:
    from services.targets.domain.plan import DEFAULT_UNITS_OF_MEASURE

    return ", ".join(DEFAULT_UNITS_OF_MEASURE)


def test_the_units_of_measure_are_data() -> None:
    result = parse_line(2, ro(unit="Buah"), year=2025, units=("Buah",))

    assert isinstance(result, OutputLine)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2024", "year 2024 does not match the plan's year 2025"),
        ("25", "year '25' is not a fiscal year (4 digits)"),
        ("", "year is required"),
    ],
)
def test_the_row_year_must_be_the_plans_year(year: str, message: str) -> None:
    assert line(ro(year=year)) == [RowError(2, "year", message)]


def test_an_unknown_row_type_is_refused_alone() -> None:
    assert line(ro(type="KRO", budget="x")) == [
        RowError(2, "type", "type must be RO or IKU (got 'KRO')")
    ]
    assert line(ro(type="")) == [RowError(2, "type", "type must be RO or IKU")]


def test_every_problem_of_a_row_is_reported_with_its_column() -> None:
    result = line(ro(volume="0", budget="10.5", unit="", name=""), row=7)

    assert result == [
        RowError(7, "name", "name is required"),
        RowError(7, "unit", "unit of measure is required"),
        RowError(7, "volume", "volume must be greater than 0 (got 0)"),
        RowError(7, "budget", "budget must be whole rupiah; a fraction of a rupiah is not "
                 "allowed (got 10.5)"),
    ]  # fmt: skip


def test_iku_columns_must_be_empty_on_an_ro_row_and_the_reverse() -> None:
    assert line(ro(target_value="80")) == [
        RowError(2, "target_value", "target_value must be empty on an RO row")
    ]
    assert line(iku(budget="1000")) == [RowError(2, "budget", "budget must be empty on an IKU row")]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"direction": "UP"}, ("direction", "direction must be HIGHER_IS_BETTER or "
                                            "LOWER_IS_BETTER (got 'UP')")),
        ({"target_value": "-1"}, ("target_value", "target_value must not be negative (got -1)")),
        ({"target_value": ""}, ("target_value", "target_value is required")),
        ({"code": "IKU 01"}, ("code", "code 'IKU 01' is not a valid code (like IKU.01 (letters, "
                                       "digits, .-_))")),
    ],
)  # fmt: skip
def test_iku_rows_are_checked(changes: dict[str, str], error: tuple[str, str]) -> None:
    assert line(iku(**changes)) == [RowError(2, *error)]


def test_an_iku_target_of_zero_is_allowed() -> None:
    assert isinstance(line(iku(target_value="0", direction="LOWER_IS_BETTER")), IndicatorLine)


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)"])
def test_a_name_that_a_spreadsheet_would_run_as_a_formula_is_refused(name: str) -> None:
    assert line(ro(name=name)) == [
        RowError(2, "name", "name must not start with =, +, - or @ (a formula)")
    ]


# --- the header ------------------------------------------------------------------------------


def test_a_header_with_every_column_in_any_order_is_fine() -> None:
    assert parse_header([c.upper() for c in reversed(COLUMNS)]) == []


def test_missing_unknown_and_repeated_columns_are_reported_on_row_1() -> None:
    header = [c for c in COLUMNS if c != "budget"] + ["pagu", "name", ""]
    header.append("")  # trailing empty cells are padding, ignored

    assert parse_header(header) == [
        RowError(1, "budget", "missing column budget"),
        RowError(1, "pagu", "unknown column pagu"),
        RowError(1, "name", "column name appears more than once"),
    ]


def test_an_unnamed_column_between_named_ones_is_reported() -> None:
    assert parse_header(["type", "", *COLUMNS[1:]]) == [RowError(1, None, "a column has no name")]


# --- the rows together -----------------------------------------------------------------------


def test_a_duplicate_ro_code_is_reported_on_the_second_row() -> None:
    assert errors_of(ro(), ro(name="Lagi"), ro(code="5678.QAH.002")) == [
        (3, "code", "RO code 5678.QAH.001 already appears in row 2")
    ]


def test_a_duplicate_iku_code_is_reported() -> None:
    assert errors_of(ro(), iku(), iku()) == [
        (4, "code", "IKU code IKU.01 already appears in row 3")
    ]


def test_a_program_named_twice_is_reported() -> None:
    assert errors_of(ro(), ro(code="5678.QAH.002", program_name="Program Lain")) == [
        (3, "program_name", "program 027.06.DL is named 'Program Rehabilitasi Sosial' in row 2, "
                            "not 'Program Lain'"),
    ]  # fmt: skip


def test_a_kegiatan_under_two_programs_is_reported() -> None:
    other = ro(code="5678.QAH.002", program_code="027.06.WA", program_name="Dukungan Manajemen")

    assert errors_of(ro(), other) == [
        (3, "kegiatan_code", "kegiatan 5678 is under 027.06.DL in row 2, not 027.06.WA")
    ]


def test_a_kro_named_twice_is_reported() -> None:
    assert errors_of(ro(), ro(code="5678.QAH.002", kro_name="Layanan")) == [
        (3, "kro_name", "KRO 5678.QAH is named 'Pelayanan Publik kepada Masyarakat' in row 2, "
                        "not 'Layanan'"),
    ]  # fmt: skip


def test_a_file_without_ro_rows_is_refused() -> None:
    assert errors_of(iku()) == [(0, None, "the file has no RO rows")]


def test_an_empty_file_is_refused() -> None:
    assert parse_plan_rows([], year=2025) == [
        RowError(0, None, "the file is empty (the first row must be the header)")
    ]


def test_header_problems_stop_the_parse() -> None:
    rows = [[c for c in COLUMNS if c != "year"], ["RO"]]

    assert parse_plan_rows(rows, year=2025) == [RowError(1, "year", "missing column year")]


def test_blank_rows_are_skipped_but_row_numbers_still_count_them() -> None:
    rows = table(ro(), ro(code="5678.QAH.002", volume="0"))
    rows.insert(2, [""] * len(COLUMNS))

    assert parse_plan_rows(rows, year=2025) == [
        RowError(4, "volume", "volume must be greater than 0 (got 0)")
    ]


def test_a_row_longer_than_the_header_is_reported() -> None:
    rows = table(ro())
    rows[1].append("extra")

    assert parse_plan_rows(rows, year=2025) == [
        RowError(2, None, "the row has more cells than the header")
    ]


def test_bad_rows_and_clashes_between_good_rows_are_all_reported_in_row_order() -> None:
    result = errors_of(ro(), ro(budget="1.5"), ro(), iku(year="2024"))

    assert result == [
        (3, "budget",
         "budget must be whole rupiah; a fraction of a rupiah is not allowed (got 1.5)"),
        (4, "code", "RO code 5678.QAH.001 already appears in row 2"),
        (5, "year", "year 2024 does not match the plan's year 2025"),
    ]  # fmt: skip


def test_a_flood_of_errors_is_capped() -> None:
    result = parse_plan_rows(table(*[ro(volume="0")] * (MAX_ERRORS + 5)), year=2025)

    assert isinstance(result, list)
    assert len(result) == MAX_ERRORS + 1
    assert result[-1] == RowError(0, None, "… and 5 more problems")


def test_check_lines_on_good_lines_finds_nothing() -> None:
    lines = [line(ro()), line(ro(code="5678.QAH.002"), row=3), line(iku(), row=4)]

    assert check_lines(lines) == []


# --- the whole plan --------------------------------------------------------------------------


def test_the_plan_is_a_tree_sorted_by_code_whatever_the_row_order() -> None:
    rows = table(
        ro(code="5678.QAH.002", budget="200"),
        iku(code="IKU.02"),
        ro(kro_code="5678.QDB", kro_name="Fasilitasi Lembaga", code="5678.QDB.001", budget="50"),
        ro(budget="100"),
        iku(),
    )

    plan = parse_plan_rows(rows, year=2025)

    assert isinstance(plan, PlanContent)
    [program] = plan.programs
    [kegiatan] = program.kegiatan
    assert [k.code for k in kegiatan.kros] == ["5678.QAH", "5678.QDB"]
    assert [o.code for o in kegiatan.kros[0].outputs] == ["5678.QAH.001", "5678.QAH.002"]
    assert [i.code for i in plan.indicators] == ["IKU.01", "IKU.02"]
    assert plan.total_budget == 350


def test_the_sample_plan_parses_with_its_two_programs() -> None:
    from services.targets.service.plan_files import read_csv

    plan = parse_plan_rows(read_csv(SAMPLE.read_text()), year=2025)

    assert isinstance(plan, PlanContent)
    assert [p.code for p in plan.programs] == ["027.06.DL", "027.06.WA"]
    assert sum(1 for _ in plan.outputs()) == 13
    assert len(plan.indicators) == 4
    assert plan.total_budget == 251_775_000_000


def test_plan_rows_read_back_as_the_same_plan() -> None:
    plan = parse_plan_rows(table(ro(volume="2.5"), ro(code="5678.QAH.002"), iku()), year=2025)
    assert isinstance(plan, PlanContent)

    assert parse_plan_rows(plan_rows(plan, year=2025), year=2025) == plan


@given(
    budgets=st.lists(st.integers(min_value=0, max_value=10**15 - 1), min_size=1, max_size=8),
    volume=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**9), places=4),
)
def test_any_whole_rupiah_budgets_round_trip_exactly(budgets: list[int], volume: Decimal) -> None:
    rows = [
        ro(code=f"5678.QAH.{n + 1:03d}", budget=str(b), volume=str(volume))
        for n, b in enumerate(budgets)
    ]
    plan = parse_plan_rows(table(*rows), year=2025)
    assert isinstance(plan, PlanContent)

    again = parse_plan_rows(plan_rows(plan, year=2025), year=2025)

    assert again == plan
    assert isinstance(again, PlanContent)
    assert again.total_budget == sum(budgets)


# --- versions and ids ------------------------------------------------------------------------


def test_the_first_import_is_version_1() -> None:
    assert plan_revision(None) == Revision(version=1, replaces_draft=False)


def test_an_import_over_a_draft_replaces_that_draft() -> None:
    assert plan_revision((3, PlanStatus.DRAFT)) == Revision(version=3, replaces_draft=True)


@pytest.mark.parametrize("status", [PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED])
def test_an_import_after_a_published_plan_starts_the_next_version(status: PlanStatus) -> None:
    assert plan_revision((2, status)) == Revision(version=3, replaces_draft=False)


def test_ro_and_iku_ids_are_stable_per_unit_year_and_code() -> None:
    assert output_id("u1", 2025, "5678.QAH.001") == output_id("u1", 2025, "5678.QAH.001")
    assert output_id("u1", 2025, "5678.QAH.001") != output_id("u1", 2026, "5678.QAH.001")
    assert output_id("u1", 2025, "5678.QAH.001") != output_id("u2", 2025, "5678.QAH.001")
    assert indicator_id("u1", 2025, "IKU.01") != output_id("u1", 2025, "IKU.01")


@pytest.mark.parametrize(
    ("value", "text"),
    [("12.5000", "12.5"), ("10", "10"), ("1E+1", "10"), ("0.0001", "0.0001"), ("100.00", "100")],
)
def test_decimals_are_written_plainly(value: str, text: str) -> None:
    assert plain_decimal(Decimal(value)) == text
