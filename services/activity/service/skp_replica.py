"""Keeping the local replica of approved SKPs in step with `targets.skp.approved.v1`.

Idempotent (the consumer's inbox, and re-applying the same version replaces it with itself) and
safe out of order: a version already superseded is ignored, and a superseding version arriving
before the one it replaces leaves a tombstone that the late one finds.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import CloudEvent
from services.activity.store.skp_replica import (
    IndicatorReplicaRow,
    SkpItemReplicaRow,
    SkpReplicaRow,
    forget_skp_content,
    get_replica_skp,
)

SKP_APPROVED = "targets.skp.approved.v1"
TARGETS_STREAM = "TARGETS"


def _content(skp_id: str, data: dict[str, Any]) -> list[SkpItemReplicaRow | IndicatorReplicaRow]:
    rows: list[SkpItemReplicaRow | IndicatorReplicaRow] = []
    for item in data.get("items", []):
        rows.append(
            SkpItemReplicaRow(id=item["id"], skp_id=skp_id, kind=item["kind"], title=item["title"])
        )
        rows += [
            IndicatorReplicaRow(
                id=indicator["id"],
                item_id=item["id"],
                skp_id=skp_id,
                name=indicator["name"],
                unit=indicator.get("unit", ""),
                additive=bool(indicator.get("additive", True)),
            )
            for indicator in item.get("indicators", [])
        ]
    return rows


async def _retire(session: AsyncSession, old_id: str, *, by: SkpReplicaRow) -> None:
    """Mark the replaced version superseded (a tombstone when it has not arrived yet)."""
    old = await get_replica_skp(session, old_id)
    if old is None:
        old = SkpReplicaRow(
            id=old_id,
            employee_id=by.employee_id,
            period_start=by.period_start,
            period_end=by.period_end,
            version=by.version - 1,
        )
        session.add(old)
    old.superseded_by = by.id
    await forget_skp_content(session, old_id)


def _parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def apply_skp_approved(session: AsyncSession, event: CloudEvent) -> None:
    """Keep the latest approved version of each SKP, with its items and indicators."""
    data = event.data
    known = await get_replica_skp(session, data["skp_id"])
    if known is not None and known.superseded_by is not None:
        return  # a newer version already replaced this one
    if known is not None:
        await forget_skp_content(session, known.id)
        await session.delete(known)
        await session.flush()
    skp = SkpReplicaRow(
        id=data["skp_id"],
        employee_id=data["employee_id"],
        period_start=date.fromisoformat(data["period_start"]),
        period_end=date.fromisoformat(data["period_end"]),
        version=int(data["version"]),
        appraiser_id=data.get("appraiser_id"),
        approved_at=_parse_time(data.get("approved_at")),
    )
    session.add(skp)
    await session.flush()
    content = _content(skp.id, data)
    session.add_all([row for row in content if isinstance(row, SkpItemReplicaRow)])
    await session.flush()  # items before the indicators that reference them
    session.add_all([row for row in content if isinstance(row, IndicatorReplicaRow)])
    if data.get("supersedes"):
        await _retire(session, data["supersedes"], by=skp)
    await session.flush()


SKP_HANDLERS = {SKP_APPROVED: apply_skp_approved}
