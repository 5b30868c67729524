"""Factories for the organisation tests: appraisal rows written directly (the table the lead
defined), so unit ratings and roll-ups are tested apart from the appraisal workflow."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events.tables import OutboxRow
from services.appraisal.domain.types import AppraisalKind, AppraisalStatus, Predicate, Regime
from services.appraisal.store.appraisals import AppraisalRow
from tests.appraisal.conftest import NOW

MARCH = "2026-03"


async def add_appraisal(
    db: async_sessionmaker[AsyncSession],
    employee_id: str,
    unit_id: str,
    predicate: Predicate | None,
    *,
    status: AppraisalStatus = AppraisalStatus.RATED,
    period: str = MARCH,
    start: date = date(2026, 3, 1),
    end: date = date(2026, 3, 31),
    **overrides: Any,
) -> AppraisalRow:
    """An appraisal of the employee in the unit with a predicate (RATED unless told)."""
    fields: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "employee_id": employee_id,
        "unit_id": unit_id,
        "kind": AppraisalKind.PERIODIC if "-" in period else AppraisalKind.ANNUAL,
        "period": period,
        "period_start": start,
        "period_end": end,
        "regime": Regime.PERMENPANRB_6_2022,
        "status": status,
        "predicate": predicate,
        "created_by": employee_id,
        "created_at": NOW,
    }
    row = AppraisalRow(**(fields | overrides))
    async with db() as session, session.begin():
        session.add(row)
    return row


async def outbox_events(db: async_sessionmaker[AsyncSession], subject: str) -> list[dict[str, Any]]:
    """The staged events of a subject, oldest first, as CloudEvent JSON."""
    async with db() as session:
        query = select(OutboxRow.payload).where(OutboxRow.subject == subject)
        payloads = (await session.scalars(query.order_by(OutboxRow.seq))).all()
    return [json.loads(payload) for payload in payloads]
