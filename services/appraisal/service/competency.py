"""Competency gaps from identity (`identity.employee.competency_gaps.v1`), kept per employee.

Each event carries the employee's whole gap list and a version: a newer version replaces the
stored list (an empty list closes every gap); an older or repeated one changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events.consumer import Handler
from kinerja.events.envelope import CloudEvent
from services.appraisal.events import COMPETENCY_GAPS
from services.appraisal.store import organisation as store
from services.appraisal.store.organisation import CompetencyGapRow


def _gap_row(
    employee_id: str, gap: dict[str, Any], *, version: int, event: CloudEvent
) -> CompetencyGapRow:
    return CompetencyGapRow(
        employee_id=employee_id,
        competency=str(gap["competency"]),
        kind=str(gap.get("kind") or ""),
        required_level=int(gap["required_level"]),
        assessed_level=int(gap["assessed_level"]),
        version=version,
        updated_at=event.time,
    )


async def apply_competency_gaps(session: AsyncSession, event: CloudEvent) -> None:
    """Replace the employee's gaps when the event's version is newer than the one applied."""
    data = event.data
    employee_id = str(data["employee_id"])
    version = int(data.get("version") or 0)
    if not await store.claim_gap_version(session, employee_id, version, at=event.time):
        return
    await store.delete_gaps(session, employee_id)
    gaps: dict[str, CompetencyGapRow] = {}
    for gap in data.get("gaps") or []:
        row = _gap_row(employee_id, gap, version=version, event=event)
        gaps[row.competency] = row  # a competency named twice: the last entry counts
    session.add_all(gaps.values())
    await session.flush()


COMPETENCY_HANDLERS: dict[str, Handler] = {COMPETENCY_GAPS: apply_competency_gaps}
