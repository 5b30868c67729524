"""Plain factories: the organisation in the directory replica and approved SKPs in the SKP
replica, both applied as the events identity and targets publish."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from services.activity.service.skp_replica import SKP_APPROVED, apply_skp_approved
from tests.targets.factories import Org, seed_org

__all__ = ["Org", "seed_org"]


@dataclass(frozen=True)
class Skp:
    """An approved SKP in the replica: one item with one indicator."""

    id: str
    item: str
    indicator: str


def skp_event(
    employee_id: str,
    *,
    skp_id: str | None = None,
    version: int = 1,
    supersedes: str | None = None,
    start: date = date(2025, 1, 1),
    end: date = date(2025, 12, 31),
    additive: bool = True,
    item: str | None = None,
    indicator: str | None = None,
) -> CloudEvent:
    """A `targets.skp.approved.v1` event as targets publishes it."""
    data: dict[str, Any] = {
        "skp_id": skp_id or str(uuid.uuid4()),
        "version": version,
        "supersedes": supersedes,
        "employee_id": employee_id,
        "employee_nip": "198001012005011001",
        "unit_id": None,
        "unit_path": [],
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "regime": "PERMENPANRB_6_2022",
        "appraiser_id": None,
        "approved_at": "2025-01-10T02:00:00+00:00",
        "items": [
            {
                "id": item or str(uuid.uuid4()),
                "kind": "UTAMA",
                "title": "Laporan evaluasi tersusun",
                "parent_rhk_id": None,
                "plan_output_id": None,
                "unit_indicator_id": None,
                "indicators": [
                    {
                        "id": indicator or str(uuid.uuid4()),
                        "name": "Jumlah laporan",
                        "target_value": "12",
                        "unit": "laporan",
                        "direction": "HIGHER_IS_BETTER",
                        "additive": additive,
                        "monthly_targets": [],
                    }
                ],
            }
        ],
        "activities": [],
        "future_field": "ignored",
    }
    return CloudEvent(type=SKP_APPROVED, source="kinerja/targets", data=data)


async def approved_skp(session: AsyncSession, employee_id: str, **overrides: Any) -> Skp:
    """An approved SKP of the employee, applied to the replica."""
    event = skp_event(employee_id, **overrides)
    await apply_skp_approved(session, event)
    item = event.data["items"][0]
    return Skp(event.data["skp_id"], item["id"], item["indicators"][0]["id"])


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
