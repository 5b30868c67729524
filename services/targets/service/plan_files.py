"""Plan files in and out: CSV text and XLSX workbooks as rows of text cells (openpyxl).

Reading never trusts the file: sizes are bounded before anything is parsed, a workbook's
uncompressed size is checked before openpyxl opens it, and formulas are read as their cached
values, never evaluated.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING

from kinerja.errors import ValidationError
from services.targets.domain.plan import MAX_ROWS, PlanFormat
from services.targets.domain.plan_file import NUMERIC_COLUMNS

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 64
SHEET_TITLE = "Rencana Kerja"
CONTENT_TYPES = {
    PlanFormat.CSV: "text/csv; charset=utf-8",
    PlanFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Rows = list[list[str]]


def _too_large() -> ValidationError:
    return ValidationError("content", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")


def read_csv(text: str) -> Rows:
    """The rows of CSV text (UTF-8; comma, or semicolon as Excel writes in Indonesian locale)."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise _too_large()
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return [row[:MAX_COLUMNS] for row, _ in zip(reader, range(MAX_ROWS + 2), strict=False)]
    except csv.Error as exc:
        raise ValidationError("content", f"the CSV cannot be read: {exc}") from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _workbook_bytes(content: str) -> bytes:
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("content", "an XLSX file must be sent as base64") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError("content", "the content is not an XLSX workbook") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError("content", "the workbook unpacks to more than 50 MB")
    return data


def read_xlsx(content: str) -> Rows:
    """The rows of the first worksheet of a base64-encoded XLSX workbook, as text."""
    data = _workbook_bytes(content)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken workbook
        raise ValidationError("content", "the content is not a readable XLSX workbook") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)
        return [[_cell_text(value) for value in row[:MAX_COLUMNS]] for row in rows]
    finally:
        workbook.close()


def read_rows(fmt: PlanFormat, content: str) -> Rows:
    """The rows of a plan file sent as CSV text or base64 XLSX."""
    return read_csv(content) if fmt is PlanFormat.CSV else read_xlsx(content)


def write_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """Rows as UTF-8 CSV (comma separated, CRLF line ends)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def _number(text: str) -> int | float | str:
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else text


def write_xlsx(rows: Sequence[Sequence[str]], *, modified: datetime) -> bytes:
    """Rows as an XLSX workbook: numbers as numbers, every other cell as text (never a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEET_TITLE
    header = list(rows[0]) if rows else []
    for row in rows:
        cells = []
        for column, text in zip(header, row, strict=True):
            numeric = column in NUMERIC_COLUMNS and text and row is not rows[0]
            cells.append(_number(text) if numeric else text)
        sheet.append(cells)
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    workbook.properties.created = workbook.properties.modified = modified.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def encode_file(fmt: PlanFormat, rows: Sequence[Sequence[str]], *, modified: datetime) -> bytes:
    """A plan file's bytes in `fmt`."""
    return write_csv(rows) if fmt is PlanFormat.CSV else write_xlsx(rows, modified=modified)
