"""What appraisal publishes (CloudEvents `type` == NATS subject; `data` below) and consumes.

Published (stream `APPRAISAL`):

- `appraisal.appraisal.finalized.v1` — an appraisal became final (immutable from now on):
  {appraisal_id, employee_id, employee_nip, unit_id | null, unit_path: [root, …, unit],
   period: "2026-03" | "2026-Q1" | "2026-S1" | "2026", period_start, period_end: "YYYY-MM-DD",
   kind: "PERIODIC" | "ANNUAL", regime, skp_id | null, appraiser_id | null,
   results_rating: "BELOW" | "AS_EXPECTED" | "ABOVE" | null,
   behaviour_rating: same | null,
   skp_score, behaviour_score, final_score: decimal string (two places) | null where the
   regime has no score, predicate: "SANGAT_BAIK" | "BAIK" | "CUKUP" | "BUTUH_PERBAIKAN" |
   "KURANG" | "SANGAT_KURANG" | "BURUK",
   objection: {upheld: bool, decided_by} | null, finalized_by, finalized_at: ISO 8601 UTC}
  The event `subject` is the appraisal id.

- `appraisal.unit.rated.v1` — a unit was rated for a period by the head of the level above:
  {unit_rating_id, unit_id, unit_path, period, period_start, period_end,
   rating: "ISTIMEWA" | "BAIK" | "BUTUH_PERBAIKAN" | "KURANG" | "SANGAT_KURANG",
   rated_by, rated_at, revision: int (a re-rating bumps it)}
  The event `subject` is the unit id.

Consumed: identity's directory events (the replica the policy reads); `targets.skp.approved.v1`
(the SKP replica, every version kept); `activity.log.approved.v1` / `activity.log.revoked.v1`
(realisation); `identity.employee.competency_gaps.v1` (competency gaps, when identity publishes
them: {employee_id, version: int, gaps: [{competency, kind, required_level, assessed_level}]}).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import add_event
from services.appraisal.store.appraisals import AppraisalRow, ObjectionRow
from services.appraisal.store.organisation import UnitRatingRow

SOURCE = "kinerja/appraisal"
STREAM = "APPRAISAL"
APPRAISAL_FINALIZED = "appraisal.appraisal.finalized.v1"
UNIT_RATED = "appraisal.unit.rated.v1"

TARGETS_STREAM = "TARGETS"
ACTIVITY_STREAM = "ACTIVITY"
IDENTITY_STREAM = "IDENTITY"
SKP_APPROVED = "targets.skp.approved.v1"
LOG_APPROVED = "activity.log.approved.v1"
LOG_REVOKED = "activity.log.revoked.v1"
COMPETENCY_GAPS = "identity.employee.competency_gaps.v1"


def unit_rated_payload(row: UnitRatingRow, unit_path: Sequence[str]) -> dict[str, Any]:
    """The data of `appraisal.unit.rated.v1` for a unit rating (see the module docstring)."""
    return {
        "unit_rating_id": row.id,
        "unit_id": row.unit_id,
        "unit_path": list(unit_path),
        "period": row.period,
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
        "rating": row.rating.value,
        "rated_by": row.rated_by,
        "rated_at": row.rated_at.isoformat(),
        "revision": row.revision,
    }


def publish_unit_rated(
    session: AsyncSession, row: UnitRatingRow, *, unit_path: Sequence[str], now: datetime
) -> None:
    """Stage `appraisal.unit.rated.v1` in the outbox of the current transaction."""
    data = unit_rated_payload(row, unit_path)
    add_event(session, UNIT_RATED, data, source=SOURCE, subject=row.unit_id, now=now)


def _score(value: Decimal | None) -> str | None:
    """A score as a decimal string with two places (None where the regime has none)."""
    return None if value is None else f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}"


def publish_appraisal_finalized(
    session: AsyncSession,
    row: AppraisalRow,
    *,
    employee_nip: str | None,
    unit_path: Sequence[str],
    objection: ObjectionRow | None,
    now: datetime,
) -> None:
    """Stage `appraisal.appraisal.finalized.v1` (payload above) in the current transaction."""
    decided = objection is not None and objection.decided_by is not None
    data: dict[str, Any] = {
        "appraisal_id": row.id,
        "employee_id": row.employee_id,
        "employee_nip": employee_nip,
        "unit_id": row.unit_id,
        "unit_path": list(unit_path),
        "period": row.period,
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
        "kind": row.kind.value,
        "regime": row.regime.value,
        "skp_id": row.skp_id,
        "appraiser_id": row.appraiser_id,
        "results_rating": row.results_rating.value if row.results_rating else None,
        "behaviour_rating": row.behaviour_rating.value if row.behaviour_rating else None,
        "skp_score": _score(row.skp_score),
        "behaviour_score": _score(row.behaviour_score),
        "final_score": _score(row.final_score),
        "predicate": row.predicate.value if row.predicate else None,
        "objection": (
            {"upheld": bool(objection.upheld), "decided_by": objection.decided_by}
            if objection is not None and decided
            else None
        ),
        "finalized_by": row.finalized_by,
        "finalized_at": now.isoformat(),
    }
    add_event(session, APPRAISAL_FINALIZED, data, source=SOURCE, subject=row.id, now=now)
