"""Plain factories: the organisation in the directory replica, approved SKPs and activity log
events, all applied as identity, targets and activity publish them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from tests.targets.factories import Org, seed_org

__all__ = ["Org", "seed_org"]

SKP_APPROVED = "targets.skp.approved.v1"
LOG_APPROVED = "activity.log.approved.v1"
LOG_REVOKED = "activity.log.revoked.v1"


@dataclass(frozen=True)
class Skp:
    """An approved SKP in the replica: its id, first item and the item's first indicator."""

    id: str
    item: str
    indicator: str
    indicator_lineage: str
    event: CloudEvent


def months_of(year: int) -> list[str]:
    """`YYYY-MM` of every month of a year."""
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def skp_event(
    employee_id: str,
    *,
    skp_id: str | None = None,
    version: int = 1,
    supersedes: str | None = None,
    year: int = 2026,
    regime: str = "PERMENPANRB_6_2022",
    appraiser_id: str | None = None,
    unit_id: str | None = None,
    indicators: list[dict[str, Any]] | None = None,
    activities: list[dict[str, Any]] | None = None,
    item_id: str | None = None,
    item_lineage: str | None = None,
) -> CloudEvent:
    """A `targets.skp.approved.v1` event as targets publishes it.

    By default one UTAMA item with one additive indicator: 120 reports a year, 10 a month.
    """
    item = item_id or str(uuid.uuid4())
    if indicators is None:
        indicator = str(uuid.uuid4())
        indicators = [indicator_payload(indicator)]
    data: dict[str, Any] = {
        "skp_id": skp_id or str(uuid.uuid4()),
        "version": version,
        "supersedes": supersedes,
        "employee_id": employee_id,
        "employee_nip": "198001012005011001",
        "unit_id": unit_id,
        "unit_path": [unit_id] if unit_id else [],
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "regime": regime,
        "appraiser_id": appraiser_id,
        "approved_at": f"{year}-01-10T02:00:00+00:00",
        "items": [
            {
                "id": item,
                "lineage_id": item_lineage or item,
                "kind": "UTAMA",
                "title": "Laporan evaluasi tersusun",
                "parent_rhk_id": None,
                "plan_output_id": None,
                "unit_indicator_id": None,
                "indicators": indicators,
            }
        ],
        "activities": activities or [],
        "future_field": "ignored",
    }
    return CloudEvent(type=SKP_APPROVED, source="kinerja/targets", data=data)


def indicator_payload(
    indicator_id: str,
    *,
    lineage_id: str | None = None,
    monthly: str = "10",
    year: int = 2026,
    direction: str = "HIGHER_IS_BETTER",
    additive: bool = True,
    name: str = "Jumlah laporan",
) -> dict[str, Any]:
    """An indicator of an SKP event with the same target every month."""
    total = Decimal(monthly) * 12 if additive else Decimal(monthly)
    return {
        "id": indicator_id,
        "lineage_id": lineage_id or indicator_id,
        "name": name,
        "target_value": str(total),
        "unit": "laporan",
        "direction": direction,
        "additive": additive,
        "monthly_targets": [{"month": m, "target": monthly} for m in months_of(year)],
    }


def pp46_activity_payload(
    activity_id: str | None = None,
    *,
    quantity: str = "12",
    quality: str = "100",
    months: int = 12,
    cost: int | None = None,
) -> dict[str, Any]:
    """A PP46 activity of an SKP event."""
    new_id = activity_id or str(uuid.uuid4())
    return {
        "id": new_id,
        "lineage_id": new_id,
        "title": "Menyusun laporan",
        "quantity_target": quantity,
        "quantity_unit": "laporan",
        "quality_target": quality,
        "time_target_months": months,
        "cost_target": cost,
    }


def skp_of(event: CloudEvent) -> Skp:
    """The ids of an SKP event's first item and indicator."""
    item = event.data["items"][0]
    indicator = item["indicators"][0]
    return Skp(event.data["skp_id"], item["id"], indicator["id"], indicator["lineage_id"], event)


def log_event(
    skp: Skp,
    employee_id: str,
    *,
    day: date,
    quantity: str | None = "1",
    minutes: int = 60,
    log_id: str | None = None,
    revoked: bool = False,
    at: datetime | None = None,
    indicator_id: str | None = None,
) -> CloudEvent:
    """An `activity.log.approved.v1` (or `.revoked.v1`) event as activity publishes it."""
    when = at or datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    data: dict[str, Any] = {
        "log_id": log_id or str(uuid.uuid4()),
        "employee_id": employee_id,
        "date": day.isoformat(),
        "skp_id": skp.id,
        "skp_item_id": skp.item,
        "indicator_id": indicator_id or skp.indicator,
        "output_quantity": quantity,
        "minutes": minutes,
    }
    if revoked:
        data |= {"revoked_by": "superior", "reason": "duplicate", "revoked_at": when.isoformat()}
    else:
        data |= {"approved_by": "superior", "approved_at": when.isoformat()}
    return CloudEvent(
        type=LOG_REVOKED if revoked else LOG_APPROVED,
        source="kinerja/activity",
        data=data,
        subject=data["log_id"],
    )


async def apply(session: AsyncSession, event: CloudEvent) -> None:
    """Apply an event with appraisal's own consumer handler for its type."""
    from services.appraisal.service.realisation import LOG_HANDLERS
    from services.appraisal.service.skp_replica import SKP_HANDLERS

    handlers = {**SKP_HANDLERS, **LOG_HANDLERS}
    await handlers[event.type](session, event)


async def approved_skp(
    db: async_sessionmaker[AsyncSession], employee_id: str, **overrides: Any
) -> Skp:
    """An approved SKP of the employee, applied to the replica in its own transaction."""
    event = skp_event(employee_id, **overrides)
    async with db() as session, session.begin():
        await apply(session, event)
    return skp_of(event)


async def count_rows(session: AsyncSession, model: type[Any]) -> int:
    """How many rows a table has."""
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def totals(db: async_sessionmaker[AsyncSession], *models: type[Any]) -> tuple[int, ...]:
    """Row counts of some tables and the outbox."""
    async with db() as session:
        return (
            *[await count_rows(session, m) for m in models],
            await count_rows(session, OutboxRow),
        )
