"""What activity publishes about logs (CloudEvents `type` == NATS subject; `data` below).

- `activity.log.approved.v1` — the direct superior approved a log:
  {log_id, employee_id, date: "YYYY-MM-DD", skp_id, skp_item_id, indicator_id,
   output_quantity: decimal string | null, minutes: int, approved_by, approved_at: ISO 8601 UTC}
- `activity.log.revoked.v1` — an approval was taken back (the log no longer counts):
  {log_id, employee_id, date, skp_id, skp_item_id, indicator_id, output_quantity, minutes,
   revoked_by, reason, revoked_at: ISO 8601 UTC}

The event `subject` is the log id. Consumers (appraisal's realisation, allowance) add approved
outputs and minutes and subtract revoked ones.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import add_event
from services.activity.store.logs import ActivityLogRow

SOURCE = "kinerja/activity"
LOG_APPROVED = "activity.log.approved.v1"
LOG_REVOKED = "activity.log.revoked.v1"


def _decimal(value: Decimal | None) -> str | None:
    """A decimal without storage padding (`10.0000` → `10`)."""
    if value is None:
        return None
    normal = value.normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))


def log_payload(row: ActivityLogRow) -> dict[str, Any]:
    """What both log events say about the log."""
    return {
        "log_id": row.id,
        "employee_id": row.employee_id,
        "date": row.day.isoformat(),
        "skp_id": row.skp_id,
        "skp_item_id": row.skp_item_id,
        "indicator_id": row.indicator_id,
        "output_quantity": _decimal(row.output_quantity),
        "minutes": row.minutes,
    }


def publish_log_approved(
    session: AsyncSession, row: ActivityLogRow, *, approved_by: str, now: datetime
) -> None:
    """Stage `activity.log.approved.v1` in the outbox of the current transaction."""
    data = {**log_payload(row), "approved_by": approved_by, "approved_at": now.isoformat()}
    add_event(session, LOG_APPROVED, data, source=SOURCE, subject=row.id, now=now)


def publish_log_revoked(
    session: AsyncSession, row: ActivityLogRow, *, revoked_by: str, reason: str, now: datetime
) -> None:
    """Stage `activity.log.revoked.v1` in the outbox of the current transaction."""
    data = {
        **log_payload(row),
        "revoked_by": revoked_by,
        "reason": reason,
        "revoked_at": now.isoformat(),
    }
    add_event(session, LOG_REVOKED, data, source=SOURCE, subject=row.id, now=now)
