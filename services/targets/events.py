"""What targets publishes about SKPs (CloudEvents `type` == NATS subject; `data` fields below).

- `targets.skp.approved.v1` — an SKP version was approved. It carries the whole approved
  content, so a consumer needs nothing else:

  {skp_id, version: int, supersedes: previous version id | null, employee_id, employee_nip,
   unit_id | null, unit_path: [root unit id, …, unit_id], period_start: "YYYY-MM-DD",
   period_end: "YYYY-MM-DD", regime: "PP46_2011" | "PERMENPANRB_8_2021" | "PERMENPANRB_6_2022",
   appraiser_id, approved_at: ISO 8601 UTC,
   items: [{id, lineage_id, kind: "UTAMA" | "TAMBAHAN", title, parent_rhk_id | null,
            plan_output_id | null, unit_indicator_id | null,
            indicators: [{id, lineage_id, name, target_value: decimal string, unit,
                          direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER", additive: bool,
                          monthly_targets: [{month: "YYYY-MM", target: decimal string}]}]}],
   activities: [{id, lineage_id, title, quantity_target: decimal string, quantity_unit,
                 quality_target: decimal string, time_target_months: int,
                 cost_target: int (whole rupiah) | null}]}

  `unit_id`/`unit_path` are the employee's unit on the approval date. `lineage_id` is the same
  in every version of an item, indicator or activity (the first version's id), so a consumer
  can follow work recorded against an earlier version (e.g. realisation) into a revision.
  A newer approved version of the same SKP names the one it replaces in `supersedes`;
  consumers keep the latest.

- `targets.skp.revised.v1` — an approved SKP got a new draft version (the approved one stays
  in force until the new version is approved):

  {skp_id (the approved version), new_version_id, version: int (the new version's number),
   employee_id, reason, revised_at: ISO 8601 UTC}

The event `subject` is the SKP id (the approved or revised version).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory.replica import DirectoryEntry
from kinerja.events import add_event
from services.targets.domain import format_month
from services.targets.store import ActivityRow, IndicatorRow, RhkRow, SkpRow

SOURCE = "kinerja/targets"
SKP_APPROVED = "targets.skp.approved.v1"
SKP_REVISED = "targets.skp.revised.v1"


def _decimal(value: Decimal) -> str:
    """A decimal without storage padding (`10.0000` → `10`)."""
    normal = value.normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))


def indicator_payload(row: IndicatorRow) -> dict[str, Any]:
    """An indicator as published."""
    return {
        "id": row.id,
        "lineage_id": row.lineage_id,
        "name": row.name,
        "target_value": _decimal(row.target_value),
        "unit": row.unit,
        "direction": row.direction.value,
        "additive": row.additive,
        "monthly_targets": [
            {"month": format_month(m.month), "target": _decimal(m.target)}
            for m in row.monthly_targets
        ],
    }


def rhk_payload(row: RhkRow) -> dict[str, Any]:
    """An RHK item with its indicators, as published."""
    return {
        "id": row.id,
        "lineage_id": row.lineage_id,
        "kind": row.kind.value,
        "title": row.title,
        "parent_rhk_id": row.parent_rhk_id,
        "plan_output_id": row.plan_output_id,
        "unit_indicator_id": row.unit_indicator_id,
        "indicators": [indicator_payload(i) for i in row.indicators],
    }


def activity_payload(row: ActivityRow) -> dict[str, Any]:
    """A PP46 activity, as published."""
    return {
        "id": row.id,
        "lineage_id": row.lineage_id,
        "title": row.title,
        "quantity_target": _decimal(row.quantity_target),
        "quantity_unit": row.quantity_unit,
        "quality_target": _decimal(row.quality_target),
        "time_target_months": row.time_target_months,
        "cost_target": row.cost_target,
    }


def skp_approved_payload(skp: SkpRow, entry: DirectoryEntry) -> dict[str, Any]:
    """The data of `targets.skp.approved.v1` for an approved version (content loaded)."""
    return {
        "skp_id": skp.id,
        "version": skp.version,
        "supersedes": skp.supersedes_id,
        "employee_id": skp.employee_id,
        "employee_nip": entry.nip,
        "unit_id": entry.unit_id,
        "unit_path": list(entry.unit_path),
        "period_start": skp.period_start.isoformat(),
        "period_end": skp.period_end.isoformat(),
        "regime": skp.regime.value,
        "appraiser_id": skp.appraiser_id,
        "approved_at": skp.approved_at.isoformat() if skp.approved_at else None,
        "items": [rhk_payload(item) for item in skp.items],
        "activities": [activity_payload(a) for a in skp.activities],
    }


def publish_skp_approved(
    session: AsyncSession, skp: SkpRow, entry: DirectoryEntry, *, now: datetime
) -> None:
    """Stage `targets.skp.approved.v1` in the outbox of the current transaction."""
    data = skp_approved_payload(skp, entry)
    add_event(session, SKP_APPROVED, data, source=SOURCE, subject=skp.id, now=now)


def publish_skp_revised(
    session: AsyncSession, old: SkpRow, new: SkpRow, *, reason: str, now: datetime
) -> None:
    """Stage `targets.skp.revised.v1` in the outbox of the current transaction."""
    data = {
        "skp_id": old.id,
        "new_version_id": new.id,
        "version": new.version,
        "employee_id": old.employee_id,
        "reason": reason,
        "revised_at": now.isoformat(),
    }
    add_event(session, SKP_REVISED, data, source=SOURCE, subject=old.id, now=now)
