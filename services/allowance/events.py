"""What allowance publishes (CloudEvents `type` == NATS subject; `data` below) and consumes.

Published (stream `ALLOWANCE`):

- `allowance.run.locked.v1` — a month's run is locked (it never changes again):
  {run_id, organisation_id, month: "YYYY-MM", employees: int, total: int (whole rupiah),
   totals_by_unit: [{unit_id, employees, total}] (sorted by unit id), results_digest: SHA-256 of
   the payments, override_reason | null (locked with inputs missing), locked_by, locked_at,
   files: [{format: "csv" | "xlsx" | "json", path: "/runs/<run_id>/export.<format>", sha256}],
   manifest: "/runs/<run_id>/manifest.json"}
  Paths are on the allowance service (`GET`, a service account token with `allowance:export`).
  The event `subject` is the run id.

Consumed: identity's directory events (kelas jabatan, status and unit on the month);
`activity.attendance.month_closed.v1` (highest revision per employee, unit and month) and
`activity.attendance.month_reopened.v1` (withdraws that revision until the next close);
`appraisal.appraisal.finalized.v1` (the predicate of the period).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import add_event

if TYPE_CHECKING:
    from services.allowance.store.runs import RunRow

SOURCE = "kinerja/allowance"
STREAM = "ALLOWANCE"
RUN_LOCKED = "allowance.run.locked.v1"

ACTIVITY_STREAM = "ACTIVITY"
APPRAISAL_STREAM = "APPRAISAL"
IDENTITY_STREAM = "IDENTITY"
MONTH_CLOSED = "activity.attendance.month_closed.v1"
MONTH_REOPENED = "activity.attendance.month_reopened.v1"
APPRAISAL_FINALIZED = "appraisal.appraisal.finalized.v1"
EXPORT_SCOPE = "allowance:export"


class ExportedFile(Protocol):
    """What the event needs of an export file (service.exports.ExportFile)."""

    @property
    def format(self) -> str:
        """csv | xlsx | json."""

    @property
    def path(self) -> str:
        """Where the allowance service serves it."""

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of its bytes."""


def run_locked_payload(
    run: RunRow,
    *,
    totals_by_unit: Sequence[tuple[str | None, int, int]],
    files: Sequence[ExportedFile],
) -> dict[str, Any]:
    """The data of `allowance.run.locked.v1` (see the module docstring)."""
    return {
        "run_id": run.id,
        "organisation_id": run.organisation_id,
        "month": f"{run.month:%Y-%m}",
        "employees": run.employees,
        "total": run.total,
        "totals_by_unit": [
            {"unit_id": unit_id, "employees": employees, "total": total}
            for unit_id, employees, total in totals_by_unit
        ],
        "results_digest": run.results_digest,
        "override_reason": run.override_reason,
        "locked_by": run.locked_by,
        "locked_at": run.locked_at.isoformat() if run.locked_at else None,
        "files": [{"format": f.format, "path": f.path, "sha256": f.sha256} for f in files],
        "manifest": f"/runs/{run.id}/manifest.json",
    }


def publish_run_locked(
    session: AsyncSession,
    run: RunRow,
    *,
    totals_by_unit: Sequence[tuple[str | None, int, int]],
    files: Sequence[ExportedFile],
    now: datetime,
) -> None:
    """Stage `allowance.run.locked.v1` in the outbox of the lock's transaction."""
    data = run_locked_payload(run, totals_by_unit=totals_by_unit, files=files)
    add_event(session, RUN_LOCKED, data, source=SOURCE, subject=run.id, now=now)
