"""SKP review use cases: submit, approve, return, revise; and comparing two versions.

The day a rule is asked about is the review date in the capital's zone: the appraiser is the
direct superior on the approval date. For the cascade (submitting), that day is moved into the
SKP's period, so an SKP prepared ahead of its year is checked against that year's superior.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from services.targets import store
from services.targets.domain import (
    IndicatorSnapshot,
    RhkSnapshot,
    SkpDiff,
    SkpRevised,
    decide_approve,
    decide_return,
    decide_revise,
    decide_submit,
    diff_skp,
    local_date,
)
from services.targets.events import publish_skp_approved, publish_skp_revised
from services.targets.service.common import (
    content_of,
    entry_on,
    found,
    new_uuid,
    rules,
    state_of,
    superior_of,
)
from services.targets.service.copying import copy_content
from services.targets.store import IndicatorRow, RhkRow, SkpRow


async def _locked(session: AsyncSession, skp_id: str) -> SkpRow:
    return found(await store.get_skp(session, skp_id, for_update=True), what="SKP", id=skp_id)


async def submit_skp(session: AsyncSession, skp_id: str, *, now: datetime) -> SkpRow:
    """Hand a complete draft to the appraiser once the superior's SKP for the period exists."""
    row = await _locked(session, skp_id)
    day = row.period.clamp(local_date(now))
    superior = await superior_of(session, row.employee_id, day, period=row.period)
    with rules():
        decision = decide_submit(state_of(row), content_of(row), superior=superior, now=now)
    row.status, row.submitted_at = decision.state.status, decision.state.submitted_at
    row.unit_id = (await entry_on(session, row.employee_id, day)).unit_id
    row.updated_at = now
    await session.flush()
    return row


async def approve_skp(
    session: AsyncSession, skp_id: str, *, approver_id: str, now: datetime
) -> SkpRow:
    """The direct superior on the approval date approves a submitted SKP; the content goes out."""
    row = await _locked(session, skp_id)
    day = local_date(now)
    appraiser = await replica.supervisor_of(session, row.employee_id, day)
    with rules():
        decision = decide_approve(
            state_of(row), approver_id=approver_id, appraiser_id=appraiser, now=now
        )
    state = decision.state
    row.status, row.appraiser_id, row.approved_at = state.status, state.appraiser_id, now
    row.note, row.updated_at = None, now
    entry = await entry_on(session, row.employee_id, day)
    row.unit_id = entry.unit_id
    await session.flush()
    publish_skp_approved(session, row, entry, now=now)
    return row


async def return_skp(
    session: AsyncSession, skp_id: str, *, approver_id: str, note: str, now: datetime
) -> SkpRow:
    """The direct superior sends a submitted SKP back with a note."""
    row = await _locked(session, skp_id)
    appraiser = await replica.supervisor_of(session, row.employee_id, local_date(now))
    with rules():
        decision = decide_return(
            state_of(row), approver_id=approver_id, appraiser_id=appraiser, note=note, now=now
        )
    row.status, row.appraiser_id = decision.state.status, decision.state.appraiser_id
    row.note, row.updated_at = decision.state.note, now
    await session.flush()
    return row


async def revise_skp(
    session: AsyncSession, skp_id: str, *, reason: str, new_skp_id: str | None = None, now: datetime
) -> SkpRow:
    """A new draft version of an approved SKP with its content; the approved one is history."""
    old = await _locked(session, skp_id)
    new_id = new_skp_id or new_uuid()
    with rules():
        decision = decide_revise(state_of(old), new_id, reason=reason, now=now)
    draft = decision.state
    reason_text = next(e.reason for e in decision.events if isinstance(e, SkpRevised))
    new = SkpRow(
        id=new_id,
        lineage_id=old.lineage_id,
        employee_id=old.employee_id,
        unit_id=old.unit_id,
        period_start=old.period_start,
        period_end=old.period_end,
        regime=old.regime,
        status=draft.status,
        version=draft.version,
        supersedes_id=old.id,
        revision_reason=reason_text,
        created_at=now,
        updated_at=now,
        items=[],
        activities=[],
    )
    session.add(new)
    old.superseded_by_id, old.updated_at = new.id, now
    await session.flush()
    await copy_content(session, old, new, keep_links=True, now=now)
    publish_skp_revised(session, old, new, reason=reason_text, now=now)
    return new


def _indicator(row: IndicatorRow) -> IndicatorSnapshot:
    return IndicatorSnapshot(
        id=row.id,
        lineage_id=row.lineage_id,
        name=row.name,
        target_value=row.target_value,
        unit=row.unit,
        direction=row.direction,
        additive=row.additive,
        monthly_targets=tuple((m.month, m.target) for m in row.monthly_targets),
    )


def snapshot(row: RhkRow) -> RhkSnapshot:
    """An RHK (indicators loaded) as the diff compares it."""
    return RhkSnapshot(
        id=row.id,
        lineage_id=row.lineage_id,
        kind=row.kind,
        title=row.title,
        parent_rhk_id=row.parent_rhk_id,
        plan_output_id=row.plan_output_id,
        unit_indicator_id=row.unit_indicator_id,
        indicators=tuple(_indicator(i) for i in row.indicators),
    )


def compare(before: SkpRow, after: SkpRow) -> SkpDiff:
    """What changed from one SKP version (content loaded) to another."""
    return diff_skp([snapshot(i) for i in before.items], [snapshot(i) for i in after.items])
