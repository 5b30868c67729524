"""The standard activity catalogue (*norma waktu*): a unit's activities with standard minutes.

Pure rules: checking one entry, reading a catalogue CSV file (all rows or, when any row is bad,
every problem and nothing else), and whether a log may reference an entry.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.activity.domain.logs import LogRuleError

MAX_CODE = 30
MAX_NAME = 200
MAX_OUTPUT_UNIT = 50
MAX_STANDARD_MINUTES = 24 * 60  # one activity takes at most a day
MAX_ROWS = 2000
MAX_ERRORS = 100
HEADER_ROW = 1
COLUMNS = ("code", "name", "standard_minutes", "output_unit")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]*")
_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet runs such a cell as a formula
_SPACES = re.compile(r"\s+")


class CatalogueRuleError(ValueError):
    """A catalogue entry that breaks a rule; `field` names the input field."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StandardActivityDraft:
    """A checked catalogue entry: code (upper case), name, standard minutes, output unit."""

    code: str
    name: str
    standard_minutes: int
    output_unit: str


@dataclass(frozen=True)
class RowError:
    """A problem in a catalogue file: data rows count from 2 (1 the header, 0 the file)."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class StandardActivityRef:
    """What a log needs to know about a catalogue entry it references."""

    id: str
    unit_id: str
    active: bool
    standard_minutes: int


def check_code(code: str) -> str:
    """The code in upper case: letters, digits, `.`, `-`, `_`, at most 30."""
    text = code.strip().upper()
    if not text or len(text) > MAX_CODE or not _CODE.fullmatch(text):
        raise CatalogueRuleError(
            "code", f"the code is 1–{MAX_CODE} letters, digits, '.', '-' or '_' (like NW.01)"
        )
    return text


def _check_text(field: str, value: str, *, limit: int, what: str) -> str:
    text = _SPACES.sub(" ", value).strip()
    if not text or len(text) > limit:
        raise CatalogueRuleError(field, f"{what} must be 1–{limit} characters")
    if text.startswith(_FORMULA_START):
        raise CatalogueRuleError(field, f"{what} may not start with =, +, - or @")
    return text


def check_name(name: str) -> str:
    """The activity's name, spaces collapsed."""
    return _check_text("name", name, limit=MAX_NAME, what="the name")


def check_output_unit(output_unit: str) -> str:
    """The unit its output is counted in (laporan, dokumen, kegiatan …)."""
    return _check_text("outputUnit", output_unit, limit=MAX_OUTPUT_UNIT, what="the output unit")


def check_standard_minutes(minutes: int) -> int:
    """Standard minutes: a whole number from 1 to a day's 1440."""
    if minutes <= 0:
        raise CatalogueRuleError("standardMinutes", "the standard minutes must be greater than 0")
    if minutes > MAX_STANDARD_MINUTES:
        raise CatalogueRuleError(
            "standardMinutes", f"the standard minutes may be at most {MAX_STANDARD_MINUTES}"
        )
    return minutes


def check_entry(
    *, code: str, name: str, standard_minutes: int, output_unit: str
) -> StandardActivityDraft:
    """A catalogue entry, normalised; CatalogueRuleError naming the first broken rule."""
    return StandardActivityDraft(
        code=check_code(code),
        name=check_name(name),
        standard_minutes=check_standard_minutes(standard_minutes),
        output_unit=check_output_unit(output_unit),
    )


_COLUMN_OF_FIELD = {
    "code": "code",
    "name": "name",
    "standardMinutes": "standard_minutes",
    "outputUnit": "output_unit",
}


def _parse_minutes(cell: str) -> int:
    text = cell.strip()
    if not text.isascii() or not text.isdigit():
        if text.startswith("-") and text[1:].isdigit():
            raise CatalogueRuleError(
                "standardMinutes", "the standard minutes must be greater than 0"
            )
        raise CatalogueRuleError("standardMinutes", "the standard minutes are a whole number")
    return int(text)


def _parse_row(row: int, cells: dict[str, str]) -> StandardActivityDraft | RowError:
    try:
        return check_entry(
            code=cells["code"],
            name=cells["name"],
            standard_minutes=_parse_minutes(cells["standard_minutes"]),
            output_unit=cells["output_unit"],
        )
    except CatalogueRuleError as exc:
        return RowError(row, _COLUMN_OF_FIELD.get(exc.field or ""), str(exc))


def _header_errors(names: Sequence[str]) -> list[RowError]:
    errors = [RowError(HEADER_ROW, c, f"missing column {c}") for c in COLUMNS if c not in names]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            errors.append(RowError(HEADER_ROW, name, f"column {name} appears more than once"))
        elif name not in COLUMNS:
            errors.append(RowError(HEADER_ROW, name or None, f"unknown column {name!r}"))
        seen.add(name)
    return errors


def _duplicates(found: Sequence[tuple[int, StandardActivityDraft]]) -> list[RowError]:
    first_row: dict[str, int] = {}
    errors: list[RowError] = []
    for row, draft in found:
        if draft.code in first_row:
            message = f"code {draft.code} is already on row {first_row[draft.code]}"
            errors.append(RowError(row, "code", message))
        first_row.setdefault(draft.code, row)
    return errors


def _capped(errors: list[RowError]) -> list[RowError]:
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], RowError(0, None, f"… and {more} more problems")]


def _read_rows(content: str) -> list[list[str]]:
    text = content.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def parse_catalogue_csv(content: str) -> list[StandardActivityDraft] | list[RowError]:
    """Every entry of a catalogue CSV file, or every problem in it (then no entry at all)."""
    try:
        rows = _read_rows(content)
    except csv.Error as exc:
        return [RowError(0, None, f"the file is not valid CSV: {exc}")]
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [RowError(0, None, "the file is empty (the first row must be the header)")]
    if len(rows) - 1 > MAX_ROWS:
        return [RowError(0, None, f"the file has more than {MAX_ROWS} rows")]
    header = [cell.strip().lower() for cell in rows[0]]
    if errors := _header_errors(header):
        return errors
    found: list[tuple[int, StandardActivityDraft]] = []
    errors = []
    for number, cells in enumerate(rows[1:], start=HEADER_ROW + 1):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows are skipped (their numbers still count)
        if len(cells) > len(header):
            errors.append(RowError(number, None, "the row has more cells than the header"))
            continue
        padded = [*cells, *[""] * (len(header) - len(cells))]
        parsed = _parse_row(number, dict(zip(header, padded, strict=True)))
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            found.append((number, parsed))
    errors += _duplicates(found)
    if not errors and not found:
        errors.append(RowError(0, None, "the file has no activity rows"))
    if errors:
        return _capped(sorted(errors, key=lambda e: e.row))
    return [draft for _, draft in found]


def check_log_standard(found: StandardActivityRef | None, *, unit_path: Sequence[str]) -> int:
    """The standard minutes of the entry a log references; LogRuleError when it may not.

    The entry must be active and belong to the employee's unit or one of its ancestors
    (`unit_path`: root-to-unit ids of the employee's unit on the log's date).
    """
    if found is None or found.unit_id not in unit_path:
        raise LogRuleError(
            "standardActivityId",
            "the standard activity is not in the catalogue of the employee's unit or above it",
        )
    if not found.active:
        raise LogRuleError("standardActivityId", "the standard activity is no longer active")
    return found.standard_minutes
