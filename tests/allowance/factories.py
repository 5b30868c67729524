"""Plain factories: the organisation in the directory replica, and the month-closed, reopened
and appraisal-finalized events the allowance consumes, applied as other services publish them."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.directory import replica
from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from tests.targets.factories import Org, seed_org

__all__ = ["Org", "seed_org"]

MONTH_CLOSED = "activity.attendance.month_closed.v1"
MONTH_REOPENED = "activity.attendance.month_reopened.v1"
APPRAISAL_FINALIZED = "appraisal.appraisal.finalized.v1"
_versions = itertools.count(2)


def month_closed_event(
    employee_id: str,
    unit_id: str,
    month: str = "2026-03",
    *,
    revision: int = 1,
    working_days: int = 22,
    tl: dict[str, int] | None = None,
    psw: dict[str, int] | None = None,
    unexcused_days: int = 0,
    leave_days: dict[str, int] | None = None,
) -> CloudEvent:
    """`activity.attendance.month_closed.v1` as activity publishes it."""
    tl_counts = {f"TL{n}": 0 for n in range(1, 5)} | (tl or {})
    psw_counts = {f"PSW{n}": 0 for n in range(1, 5)} | (psw or {})
    absent = unexcused_days + sum((leave_days or {}).values())
    data: dict[str, Any] = {
        "employee_id": employee_id,
        "unit_id": unit_id,
        "month": month,
        "working_days": working_days,
        "present_days": working_days - absent,
        "tl": tl_counts,
        "tl_minutes": 0,
        "psw": psw_counts,
        "psw_minutes": 0,
        "unexcused_days": unexcused_days,
        "leave_days": leave_days or {},
        "official_duty_days": 0,
        "effective_minutes": 6750,
        "closed_at": "2026-04-02T03:00:00+00:00",
        "revision": revision,
    }
    return CloudEvent(type=MONTH_CLOSED, source="kinerja/activity", data=data, subject=employee_id)


def month_reopened_event(unit_id: str, month: str = "2026-03", *, revision: int = 1) -> CloudEvent:
    """`activity.attendance.month_reopened.v1` as activity publishes it."""
    data = {
        "unit_id": unit_id,
        "month": month,
        "revision": revision,
        "reason": "koreksi presensi",
        "reopened_by": "hr",
        "reopened_at": "2026-04-03T03:00:00+00:00",
    }
    return CloudEvent(type=MONTH_REOPENED, source="kinerja/activity", data=data, subject=unit_id)


def finalized_event(
    employee_id: str,
    predicate: str,
    period: str = "2026-03",
    *,
    start: str = "2026-03-01",
    end: str = "2026-03-31",
    kind: str = "PERIODIC",
    unit_id: str | None = None,
    appraisal_id: str | None = None,
    finalized_at: datetime | None = None,
) -> CloudEvent:
    """`appraisal.appraisal.finalized.v1` as appraisal publishes it."""
    when = finalized_at or datetime(2026, 4, 3, 3, 0, tzinfo=UTC)
    subject = appraisal_id or str(uuid.uuid4())
    data: dict[str, Any] = {
        "appraisal_id": subject,
        "employee_id": employee_id,
        "employee_nip": "198001012005011001",
        "unit_id": unit_id,
        "unit_path": [unit_id] if unit_id else [],
        "period": period,
        "period_start": start,
        "period_end": end,
        "kind": kind,
        "regime": "PERMENPANRB_6_2022",
        "skp_id": None,
        "appraiser_id": None,
        "results_rating": "AS_EXPECTED",
        "behaviour_rating": "AS_EXPECTED",
        "skp_score": None,
        "behaviour_score": None,
        "final_score": None,
        "predicate": predicate,
        "objection": None,
        "finalized_by": "appraiser",
        "finalized_at": when.isoformat(),
    }
    return CloudEvent(
        type=APPRAISAL_FINALIZED,
        source="kinerja/appraisal",
        data=data,
        subject=data["appraisal_id"],
    )


async def apply(session: AsyncSession, event: CloudEvent) -> None:
    """Apply an event with allowance's own consumer handler for its type."""
    from services.allowance.service.inputs import INPUT_HANDLERS

    await INPUT_HANDLERS[event.type](session, event)


async def set_status(session: AsyncSession, employee_id: str, status: str) -> None:
    """Identity's next version of an employee, with another status (e.g. CPNS, CLTN)."""
    row = await replica.get_employee(session, employee_id)
    assert row is not None
    data = {
        "id": employee_id,
        "nip": row.nip,
        "name": row.name,
        "asn_type": row.asn_type,
        "status": status,
        "version": next(_versions),
    }
    event = CloudEvent(type=replica.EMPLOYEE_UPSERTED, source="kinerja/identity", data=data)
    await replica.apply_employee_upserted(session, event)


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
