"""The plan file (one row per RO or IKU, with a `type` column), parsed and written as text rows.

`parse_plan_rows` turns the file's rows into a `PlanContent`, or into every problem it found:
each row is checked on its own (`parse_line`), then the rows against each other
(`check_lines`: duplicate codes, one name per code, one parent per kegiatan). A file with any
bad row gives no plan at all. `plan_rows` writes a plan back in the same format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from services.targets.domain.plan import (
    CODE_FORMATS,
    COLUMNS,
    DEFAULT_UNITS_OF_MEASURE,
    IKU_ONLY,
    MAX_BUDGET,
    MAX_DECIMALS,
    MAX_NAME,
    MAX_QUANTITY,
    MAX_ROWS,
    RO_ONLY,
    Indicator,
    IndicatorLine,
    Kegiatan,
    Kro,
    Line,
    Output,
    OutputLine,
    PlanContent,
    Program,
    RowError,
    RowType,
    plain_decimal,
)
from services.targets.domain.skp import Direction

MAX_ERRORS = 200
NUMERIC_COLUMNS = frozenset({"year", "volume", "budget", "target_value"})
FORMULA_PREFIXES = ("=", "+", "-", "@")  # a spreadsheet would run such a cell as a formula
HEADER_ROW = 1
FIRST_DATA_ROW = 2


class _Cells:
    """One row's cells by column, collecting the row's errors as fields are read."""

    def __init__(self, row: int, values: Mapping[str, str]) -> None:
        self.row = row
        self.values = values
        self.errors: list[RowError] = []

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def text(self, column: str, *, max_length: int = MAX_NAME) -> str:
        value = " ".join(self.values.get(column, "").split())
        if not value:
            self.fail(column, f"{column} is required")
        elif len(value) > max_length:
            self.fail(column, f"{column} is longer than {max_length} characters")
        elif value.startswith(FORMULA_PREFIXES):
            self.fail(column, f"{column} must not start with =, +, - or @ (a formula)")
        return value

    def code(self, column: str, kind: str) -> str:
        value = self.values.get(column, "").strip().upper()
        pattern, example = CODE_FORMATS[kind]
        if not value:
            self.fail(column, f"{column} is required")
        elif not pattern.fullmatch(value):
            self.fail(column, f"{column} {value!r} is not a valid code ({example})")
            return ""  # reported; the codes below it are not compared with it
        return value

    def decimal(self, column: str) -> Decimal | None:
        raw = self.values.get(column, "").strip()
        if not raw:
            self.fail(column, f"{column} is required")
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.fail(column, f"{column} {raw!r} is not a number (digits, decimal point '.')")
            return None
        return value

    def empty(self, columns: Sequence[str], row_type: RowType) -> None:
        for column in columns:
            if self.values.get(column, "").strip():
                self.fail(column, f"{column} must be empty on an {row_type} row")


def _quantity(cells: _Cells, column: str, *, positive: bool) -> Decimal:
    value = cells.decimal(column)
    if value is None:
        return Decimal(0)
    if positive and value <= 0:
        cells.fail(column, f"{column} must be greater than 0 (got {plain_decimal(value)})")
    elif value < 0:
        cells.fail(column, f"{column} must not be negative (got {plain_decimal(value)})")
    elif value >= MAX_QUANTITY:
        cells.fail(column, f"{column} is too large (below {MAX_QUANTITY} please)")
    elif value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        cells.fail(column, f"{column} has more than {MAX_DECIMALS} decimal places")
    return value


def _budget(cells: _Cells) -> int:
    value = cells.decimal("budget")
    if value is None:
        return 0
    if value < 0:
        cells.fail("budget", f"budget must not be negative (got {plain_decimal(value)})")
    elif value != value.to_integral_value():
        cells.fail(
            "budget",
            f"budget must be whole rupiah; a fraction of a rupiah is not allowed "
            f"(got {plain_decimal(value)})",
        )
    elif value > MAX_BUDGET:
        cells.fail("budget", f"budget is too large (at most {MAX_BUDGET})")
    else:
        return int(value)
    return 0


def _unit(cells: _Cells, units: Sequence[str]) -> str:
    value = " ".join(cells.values.get("unit", "").split())
    known = {unit.casefold(): unit for unit in units}
    if not value:
        cells.fail("unit", "unit of measure is required")
    elif value.casefold() not in known:
        cells.fail("unit", f"unknown unit of measure {value!r} (known: {', '.join(units)})")
    return known.get(value.casefold(), value)


def _year(cells: _Cells, year: int) -> None:
    raw = cells.values.get("year", "").strip()
    if not raw:
        cells.fail("year", "year is required")
    elif not (raw.isdigit() and len(raw) == 4):
        cells.fail("year", f"year {raw!r} is not a fiscal year (4 digits)")
    elif int(raw) != year:
        cells.fail("year", f"year {raw} does not match the plan's year {year}")


def _output_line(cells: _Cells, units: Sequence[str]) -> OutputLine:
    kegiatan_code = cells.code("kegiatan_code", "kegiatan_code")
    kro_code = cells.code("kro_code", "kro_code")
    code = cells.code("code", RowType.RO)
    if kegiatan_code and kro_code and not kro_code.startswith(f"{kegiatan_code}."):
        message = f"KRO code {kro_code} does not start with its kegiatan code {kegiatan_code}"
        cells.fail("kro_code", message)
    if kro_code and code and not code.startswith(f"{kro_code}."):
        cells.fail("code", f"RO code {code} does not start with its KRO code {kro_code}")
    output = Output(
        code=code,
        name=cells.text("name"),
        unit=_unit(cells, units),
        volume=_quantity(cells, "volume", positive=True),
        budget=_budget(cells),
    )
    return OutputLine(
        row=cells.row,
        program=(cells.code("program_code", "program_code"), cells.text("program_name")),
        kegiatan=(kegiatan_code, cells.text("kegiatan_name")),
        kro=(kro_code, cells.text("kro_name")),
        output=output,
    )


def _direction(cells: _Cells) -> Direction:
    raw = cells.values.get("direction", "").strip().upper()
    if raw in Direction.__members__:
        return Direction(raw)
    names = " or ".join(Direction)
    cells.fail("direction", f"direction must be {names}" + (f" (got {raw!r})" if raw else ""))
    return Direction.HIGHER_IS_BETTER


def _indicator_line(cells: _Cells, units: Sequence[str]) -> IndicatorLine:
    indicator = Indicator(
        code=cells.code("code", RowType.IKU),
        name=cells.text("name"),
        target_value=_quantity(cells, "target_value", positive=False),
        unit=_unit(cells, units),
        direction=_direction(cells),
    )
    return IndicatorLine(row=cells.row, indicator=indicator)


def parse_line(
    row: int,
    values: Mapping[str, str],
    *,
    year: int,
    units: Sequence[str] = DEFAULT_UNITS_OF_MEASURE,
) -> Line | list[RowError]:
    """One data row (cells by column name) as a typed line, or every problem in it."""
    cells = _Cells(row, values)
    raw_type = values.get("type", "").strip().upper()
    if raw_type not in RowType.__members__:
        shown = f" (got {raw_type!r})" if raw_type else ""
        return [RowError(row, "type", f"type must be RO or IKU{shown}")]
    row_type = RowType(raw_type)
    _year(cells, year)
    if row_type is RowType.RO:
        cells.empty(IKU_ONLY, row_type)
        line: Line = _output_line(cells, units)
    else:
        cells.empty(RO_ONLY, row_type)
        line = _indicator_line(cells, units)
    return cells.errors or line


def _trimmed(cells: Sequence[str]) -> list[str]:
    """The cells without the empty ones at the end (spreadsheets pad rows)."""
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def parse_header(cells: Sequence[str]) -> list[RowError]:
    """Problems with the header row: every column of the format, each once, nothing else."""
    names = [cell.strip().lower() for cell in _trimmed(cells)]
    errors = [RowError(HEADER_ROW, c, f"missing column {c}") for c in COLUMNS if c not in names]
    seen: set[str] = set()
    for name in names:
        if not name:
            errors.append(RowError(HEADER_ROW, None, "a column has no name"))
        elif name in seen:
            errors.append(RowError(HEADER_ROW, name, f"column {name} appears more than once"))
        elif name not in COLUMNS:
            errors.append(RowError(HEADER_ROW, name, f"unknown column {name}"))
        seen.add(name)
    return errors


class _Registry:
    """Remembers where a code was first seen with which name and parent (for `check_lines`)."""

    def __init__(self, what: str, column: str) -> None:
        self.what, self.column = what, column
        self.first: dict[str, tuple[int, str, str]] = {}

    def check(self, row: int, code: str, name: str, parent: str = "") -> list[RowError]:
        seen = self.first.setdefault(code, (row, name, parent))
        errors = []
        if seen[2] != parent:
            message = f"{self.what} {code} is under {seen[2]} in row {seen[0]}, not {parent}"
            errors.append(RowError(row, self.column, message))
        if seen[1] != name:
            message = f"{self.what} {code} is named {seen[1]!r} in row {seen[0]}, not {name!r}"
            name_column = self.column.replace("code", "name")
            errors.append(RowError(row, name_column, message))
        return errors


def _duplicates(lines: Sequence[Line]) -> list[RowError]:
    first: dict[tuple[type, str], int] = {}
    errors = []
    for line in lines:
        code = line.output.code if isinstance(line, OutputLine) else line.indicator.code
        what = "RO" if isinstance(line, OutputLine) else "IKU"
        seen = first.setdefault((type(line), code), line.row)
        if seen != line.row:
            message = f"{what} code {code} already appears in row {seen}"
            errors.append(RowError(line.row, "code", message))
    return errors


def check_lines(lines: Sequence[Line]) -> list[RowError]:
    """Problems between valid rows: duplicate codes; a code with two names or two parents."""
    programs = _Registry("program", "program_code")
    kegiatan = _Registry("kegiatan", "kegiatan_code")
    kros = _Registry("KRO", "kro_code")
    errors = _duplicates(lines)
    for line in lines:
        if isinstance(line, OutputLine):
            errors += programs.check(line.row, *line.program)
            errors += kegiatan.check(line.row, *line.kegiatan, line.program[0])
            errors += kros.check(line.row, *line.kro, line.kegiatan[0])
    if not any(isinstance(line, OutputLine) for line in lines):
        errors.append(RowError(0, None, "the file has no RO rows"))
    return sorted(errors, key=lambda e: e.row)


def _named(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(dict(items).items())


def assemble(lines: Sequence[Line]) -> PlanContent:
    """The plan the lines describe (lines already checked), every level sorted by code."""
    outputs = [line for line in lines if isinstance(line, OutputLine)]

    def ros(kro: str) -> tuple[Output, ...]:
        found = [line.output for line in outputs if line.kro[0] == kro]
        return tuple(sorted(found, key=lambda output: output.code))

    def kros(kegiatan: str) -> tuple[Kro, ...]:
        found = [line.kro for line in outputs if line.kegiatan[0] == kegiatan]
        return tuple(Kro(code, name, ros(code)) for code, name in _named(found))

    def activities(program: str) -> tuple[Kegiatan, ...]:
        found = [line.kegiatan for line in outputs if line.program[0] == program]
        return tuple(Kegiatan(code, name, kros(code)) for code, name in _named(found))

    found = [line.program for line in outputs]
    programs = tuple(Program(code, name, activities(code)) for code, name in _named(found))
    indicators = [line.indicator for line in lines if isinstance(line, IndicatorLine)]
    return PlanContent(programs, tuple(sorted(indicators, key=lambda i: i.code)))


def _parse_data_rows(
    rows: Sequence[Sequence[str]], header: list[str], *, year: int, units: Sequence[str]
) -> tuple[list[Line], list[RowError]]:
    lines: list[Line] = []
    errors: list[RowError] = []
    for offset, cells in enumerate(rows[1:]):
        number = FIRST_DATA_ROW + offset
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between blocks are common in spreadsheets
        if any(cell.strip() for cell in cells[len(header) :]):
            errors.append(RowError(number, None, "the row has more cells than the header"))
            continue
        result = parse_line(number, dict(zip(header, cells, strict=False)), year=year, units=units)
        if isinstance(result, list):
            errors += result
        else:
            lines.append(result)
    return lines, errors


def _capped(errors: list[RowError]) -> list[RowError]:
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], RowError(0, None, f"… and {more} more problems")]


def parse_plan_rows(
    rows: Sequence[Sequence[str]],
    *,
    year: int,
    units: Sequence[str] = DEFAULT_UNITS_OF_MEASURE,
) -> PlanContent | list[RowError]:
    """The plan in a file's rows (header first), or every problem found: never half a plan."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [RowError(0, None, "the file is empty (the first row must be the header)")]
    if len(rows) - 1 > MAX_ROWS:
        return [RowError(0, None, f"the file has more than {MAX_ROWS} rows")]
    header_errors = parse_header(rows[0])
    if header_errors:
        return header_errors
    header = [cell.strip().lower() for cell in _trimmed(rows[0])]
    lines, errors = _parse_data_rows(rows, header, year=year, units=units)
    between = check_lines(lines)
    if errors:  # "no RO rows" only when every row was readable
        between = [error for error in between if error.row != 0]
    errors = sorted(errors + between, key=lambda e: e.row)
    return _capped(errors) if errors else assemble(lines)


def _output_row(year: int, program: Program, kegiatan: Kegiatan, kro: Kro, ro: Output) -> list[str]:
    return [
        RowType.RO, str(year), program.code, program.name, kegiatan.code, kegiatan.name,
        kro.code, kro.name, ro.code, ro.name, ro.unit, plain_decimal(ro.volume), str(ro.budget),
        "", "",
    ]  # fmt: skip


def _indicator_row(year: int, iku: Indicator) -> list[str]:
    return [
        RowType.IKU, str(year), "", "", "", "", "", "", iku.code, iku.name, iku.unit, "", "",
        plain_decimal(iku.target_value), iku.direction,
    ]  # fmt: skip


def plan_rows(content: PlanContent, *, year: int) -> list[list[str]]:
    """The plan as the file's rows: the header, then one row per RO, then one per IKU."""
    rows = [list(COLUMNS)]
    rows += [_output_row(year, *levels) for levels in content.outputs()]
    rows += [_indicator_row(year, indicator) for indicator in content.indicators]
    return [[str(cell) for cell in row] for row in rows]
