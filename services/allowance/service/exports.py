"""Export files of a locked run for HR systems: CSV, XLSX and JSON, each with a SHA-256, and a
manifest listing them (issue 7, item 6).

Byte-stable: the same run always gives the same bytes, so the checksums published in
`allowance.run.locked.v1` keep matching the files fetched later. Only what the run stored is
written (NIP, name, unit id, kelas, status as of the run; never the live directory, whose names
change), rows sorted by employee id; the XLSX's document properties are the lock time and every
zip entry carries the lock time, where openpyxl would write the current time.

Columns (CSV and XLSX, one row per payment): nip, name, unit_id, kelas, status, total,
employee_id. Totals are whole rupiah. CSV is UTF-8 with CRLF line ends; a text cell starting
with = + - @ (formula injection in spreadsheet programs) is prefixed with an apostrophe; the
XLSX stores every text cell as text (never a formula). The JSON holds the run and each payment
with its explanation lines (canonical JSON: sorted keys, compact).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.writer.excel import ExcelWriter
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.allowance.service.audit import canonical
from services.allowance.store import runs as run_store
from services.allowance.store.runs import PaymentRow, RunRow

COLUMNS = ("nip", "name", "unit_id", "kelas", "status", "total", "employee_id")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMATS = tuple(MEDIA_TYPES)
SHEET_TITLE = "Tukin"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFile:
    """One export file of a run: its format, where it is served, checksum and bytes."""

    format: str  # csv | xlsx | json
    path: str  # /runs/<run id>/export.<format>
    sha256: str
    content: bytes
    media_type: str

    @property
    def size(self) -> int:
        """The size in bytes."""
        return len(self.content)


def month_label(run: RunRow) -> str:
    """The run's month as `YYYY-MM`."""
    return f"{run.month.year:04d}-{run.month.month:02d}"


def export_path(run_id: str, fmt: str) -> str:
    """Where an export file of a run is served."""
    return f"/runs/{run_id}/export.{fmt}"


def manifest_path(run_id: str) -> str:
    """Where a run's manifest is served."""
    return f"/runs/{run_id}/manifest.json"


def _row(payment: PaymentRow) -> list[str | int | None]:
    return [
        payment.nip,
        payment.name,
        payment.unit_id,
        payment.kelas,
        payment.status,
        payment.total,
        payment.employee_id,
    ]


def _safe_text(value: str | int | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_STARTS) else text


def write_csv(payments: Sequence[PaymentRow]) -> bytes:
    """The payments as CSV (UTF-8, comma separated, CRLF line ends, a header row)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([_safe_text(value) for value in _row(payment)] for payment in payments)
    return buffer.getvalue().encode()


def _fixed_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip with every entry's timestamp fixed (entries and order kept)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def write_xlsx(run: RunRow, payments: Sequence[PaymentRow]) -> bytes:
    """The payments as an XLSX workbook, byte-stable (properties and zip times = lock time)."""
    if run.locked_at is None:
        raise ConflictError(f"allowance run {run.id} is not locked: only locked runs export")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for payment in payments:
        sheet.append(_row(payment))
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # NIPs and names stay text, never formulas
    locked = run.locked_at.replace(tzinfo=None, microsecond=0)
    properties = workbook.properties
    properties.created = properties.modified = locked
    properties.creator = properties.lastModifiedBy = "Kinerja"
    properties.title = f"Tukin {month_label(run)} — {run.organisation_id}"
    buffer = io.BytesIO()
    # ExcelWriter directly: `Workbook.save` would stamp `modified` with the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_zip(buffer.getvalue(), locked.timetuple()[:6])


def _run_data(run: RunRow) -> dict[str, Any]:
    return {
        "id": run.id,
        "organisation_id": run.organisation_id,
        "month": month_label(run),
        "revision": run.revision,
        "status": run.status.value,
        "employees": run.employees,
        "total": run.total,
        "tariff_version_id": run.tariff_version_id,
        "rule_set_id": run.rule_set_id,
        "results_digest": run.results_digest,
        "override_reason": run.override_reason,
        "locked_by": run.locked_by,
        "locked_at": run.locked_at,
    }


def write_json(run: RunRow, payments: Sequence[PaymentRow]) -> bytes:
    """The run and every payment with its explanation lines (canonical JSON)."""
    data = {
        "run": _run_data(run),
        "payments": [
            {
                "employee_id": p.employee_id,
                "nip": p.nip,
                "name": p.name,
                "unit_id": p.unit_id,
                "kelas": p.kelas,
                "status": p.status,
                "total": p.total,
                "lines": json.loads(p.lines),
            }
            for p in payments
        ],
    }
    return (canonical(data) + "\n").encode()


def _file(run: RunRow, fmt: str, content: bytes) -> ExportFile:
    return ExportFile(
        format=fmt,
        path=export_path(run.id, fmt),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        media_type=MEDIA_TYPES[fmt],
    )


async def export_files(session: AsyncSession, run: RunRow) -> list[ExportFile]:
    """The run's CSV, XLSX and JSON files (in that order); the same run gives the same bytes.

    ConflictError when the run has no lock time yet (only locked runs are exported; call it
    after setting `locked_at`).
    """
    if run.locked_at is None:
        raise ConflictError(f"allowance run {run.id} is not locked: only locked runs export")
    payments = await run_store.payments_of_run(session, run.id)
    return [
        _file(run, "csv", write_csv(payments)),
        _file(run, "xlsx", write_xlsx(run, payments)),
        _file(run, "json", write_json(run, payments)),
    ]


def manifest(
    run: RunRow,
    files: Sequence[ExportFile],
    totals_by_unit: Sequence[tuple[str | None, int, int]] = (),
) -> bytes:
    """The manifest (JSON): the run, its totals and every file with its SHA-256 and size."""
    data = {
        "run_id": run.id,
        "organisation_id": run.organisation_id,
        "month": month_label(run),
        "revision": run.revision,
        "locked_at": run.locked_at,
        "employees": run.employees,
        "total": run.total,
        "results_digest": run.results_digest,
        "totals_by_unit": [
            {"unit_id": unit, "employees": employees, "total": total}
            for unit, employees, total in totals_by_unit
        ],
        "files": [
            {
                "format": f.format,
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "media_type": f.media_type,
            }
            for f in files
        ],
    }
    return (canonical(data) + "\n").encode()


async def manifest_file(session: AsyncSession, run: RunRow) -> bytes:
    """The manifest of a locked run, with its files and totals per unit."""
    files = await export_files(session, run)
    return manifest(run, files, await run_store.totals_by_unit(session, run.id))
