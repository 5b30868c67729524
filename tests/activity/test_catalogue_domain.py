"""Reading a standard activity file and checking one entry: pure rules, no database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.activity.domain.catalogue import (
    MAX_ROWS,
    CatalogueRuleError,
    RowError,
    StandardActivityDraft,
    StandardActivityRef,
    check_entry,
    check_log_standard,
    parse_catalogue_csv,
)
from services.activity.domain.logs import LogRuleError

HEADER = "code,name,standard_minutes,output_unit\n"


def test_an_entry_is_normalised() -> None:
    draft = check_entry(
        code=" nw-1 ", name="  Rapat   koordinasi ", standard_minutes=1, output_unit="x"
    )
    assert draft == StandardActivityDraft("NW-1", "Rapat koordinasi", 1, "x")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "NW 01"}, "code"),
        ({"code": "N" * 31}, "code"),
        ({"name": " "}, "name"),
        ({"name": "@SUM(A1)"}, "name"),
        ({"standard_minutes": 0}, "standardMinutes"),
        ({"standard_minutes": 1441}, "standardMinutes"),
        ({"output_unit": "u" * 51}, "outputUnit"),
    ],
)
def test_a_bad_entry_names_its_field(fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "code": "NW.01",
        "name": "Rapat",
        "standard_minutes": 60,
        "output_unit": "kegiatan",
        **fields,
    }
    with pytest.raises(CatalogueRuleError) as raised:
        check_entry(**values)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_a_file_with_bom_semicolons_and_blank_rows_is_read() -> None:
    content = (
        "\ufeffCODE;Name;standard_minutes;output_unit\r\n"
        "\r\n"
        "NW.01;Rapat, koordinasi;60;kegiatan\r\n"
    )
    assert parse_catalogue_csv(content) == [
        StandardActivityDraft("NW.01", "Rapat, koordinasi", 60, "kegiatan")
    ]


@pytest.mark.parametrize(
    ("content", "errors"),
    [
        ("", [RowError(0, None, "the file is empty (the first row must be the header)")]),
        (HEADER, [RowError(0, None, "the file has no activity rows")]),
        (
            HEADER + "NW.01,Rapat,60,kegiatan,extra\n",
            [RowError(2, None, "the row has more cells than the header")],
        ),
        (
            HEADER + "NW.01,Rapat,60\n",
            [RowError(2, "output_unit", "the output unit must be 1–50 characters")],
        ),
        (
            HEADER + "NW.01,Rapat,-5,kegiatan\n",
            [RowError(2, "standard_minutes", "the standard minutes must be greater than 0")],
        ),
        (
            "code,code,name,standard_minutes,output_unit\n",
            [RowError(1, "code", "column code appears more than once")],
        ),
        (
            HEADER + "NW.01,Rapat,60,kegiatan\n" * (MAX_ROWS + 1),
            [RowError(0, None, f"the file has more than {MAX_ROWS} rows")],
        ),
    ],
    ids=["empty", "header only", "extra cell", "short row", "negative", "repeated", "too long"],
)
def test_a_bad_file_yields_only_its_problems(content: str, errors: list[RowError]) -> None:
    assert parse_catalogue_csv(content) == errors


def test_a_log_may_use_an_active_entry_of_its_unit_or_above() -> None:
    entry = StandardActivityRef("e1", "dir", active=True, standard_minutes=45)
    assert check_log_standard(entry, unit_path=("dg", "dir", "sub")) == 45
    with pytest.raises(LogRuleError, match="not in the catalogue"):
        check_log_standard(entry, unit_path=("other",))
    with pytest.raises(LogRuleError, match="no longer active"):
        check_log_standard(replace(entry, active=False), unit_path=("dg", "dir"))
    with pytest.raises(LogRuleError, match="not in the catalogue"):
        check_log_standard(None, unit_path=("dg",))
