"""SKP content use cases: create or copy an SKP, edit its RHK, indicators and PP46 activities.

Nothing here commits: the caller (a GraphQL mutation) owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from services.targets import store
from services.targets.domain import (
    DEFAULT_REGIME,
    ActivitySpec,
    CascadeError,
    IndicatorSpec,
    ParentRhk,
    Period,
    Regime,
    RhkKind,
    SkpStatus,
    check_activity,
    check_activity_allowed,
    check_indicator,
    check_period,
    check_rhk_source,
    clean_text,
    decide_copy,
    decide_create,
    local_date,
)
from services.targets.service.common import (
    editable_indicator,
    editable_rhk,
    editable_skp,
    found,
    rules,
    state_of,
    superior_of,
)
from services.targets.service.copying import copy_content
from services.targets.store import ActivityRow, IndicatorRow, MonthlyTargetRow, RhkRow, SkpRow


@dataclass(frozen=True)
class NewSkp:
    """Input of `create_skp`."""

    employee_id: str
    period_start: date
    period_end: date
    regime: Regime = DEFAULT_REGIME


@dataclass(frozen=True)
class RhkInput:
    """The fields of an RHK (what `add_rhk` takes and `update_rhk` replaces)."""

    kind: RhkKind
    title: str
    parent_rhk_id: str | None = None
    plan_output_id: str | None = None
    unit_indicator_id: str | None = None


def _skp_row(
    skp_id: str, employee_id: str, period: Period, regime: Regime, now: datetime
) -> SkpRow:
    return SkpRow(
        id=skp_id,
        lineage_id=skp_id,
        employee_id=employee_id,
        period_start=period.start,
        period_end=period.end,
        regime=regime,
        status=SkpStatus.DRAFT,
        version=1,
        created_at=now,
        updated_at=now,
        items=[],
        activities=[],
    )


async def _unit_of(session: AsyncSession, employee_id: str, day: date) -> str | None:
    position = await replica.position_of(session, employee_id, day)
    return position.unit_id if position else None


async def create_skp(session: AsyncSession, new: NewSkp, *, skp_id: str, now: datetime) -> SkpRow:
    """A new draft SKP for an employee the directory knows, for a period no other SKP covers."""
    found(await replica.get_employee(session, new.employee_id), what="employee", id=new.employee_id)
    with rules():
        period = check_period(new.period_start, new.period_end)
        await store.lock_employee(session, new.employee_id)
        others = await store.current_periods(session, new.employee_id)
        state = decide_create(
            skp_id, new.employee_id, period=period, regime=new.regime, others=others
        )
    row = _skp_row(state.id, state.employee_id, period, state.regime, now)
    row.unit_id = await _unit_of(session, new.employee_id, period.clamp(local_date(now)))
    session.add(row)
    await session.flush()
    return row


async def copy_skp(
    session: AsyncSession,
    from_skp_id: str,
    *,
    period_start: date,
    period_end: date,
    skp_id: str,
    now: datetime,
) -> SkpRow:
    """A new draft for another period with the source's RHK, indicators and activities.

    Cascade links (superior RHK, plan output, unit indicator) belong to the source's period and
    are not copied; monthly targets move by whole years and those outside the period are dropped.
    """
    source = found(await store.get_skp(session, from_skp_id), what="SKP", id=from_skp_id)
    with rules():
        period = check_period(period_start, period_end)
        await store.lock_employee(session, source.employee_id)
        others = await store.current_periods(session, source.employee_id)
        state = decide_copy(state_of(source), skp_id, period=period, others=others)
    row = _skp_row(state.id, state.employee_id, period, state.regime, now)
    row.unit_id = await _unit_of(session, source.employee_id, period.clamp(local_date(now)))
    session.add(row)
    await session.flush()
    await copy_content(session, source, row, now=now, keep_links=False)
    return row


async def _parent(session: AsyncSession, parent_rhk_id: str) -> ParentRhk:
    parent = await store.get_rhk(session, parent_rhk_id)
    if parent is None:
        raise CascadeError(
            f"RHK {parent_rhk_id} is not an RHK of your direct superior", field="parentRhkId"
        )
    return ParentRhk(parent.id, parent.employee_id, parent.skp.status, parent.skp.period)


async def _check_source(
    session: AsyncSession, skp: SkpRow, fields: RhkInput, now: datetime
) -> None:
    if fields.parent_rhk_id is None and not (fields.plan_output_id or fields.unit_indicator_id):
        return
    day = skp.period.clamp(local_date(now))
    superior = await superior_of(session, skp.employee_id, day)
    parent = await _parent(session, fields.parent_rhk_id) if fields.parent_rhk_id else None
    from_plan = bool(fields.plan_output_id or fields.unit_indicator_id)
    check_rhk_source(superior, parent=parent, from_plan=from_plan, period=skp.period)
    await check_plan_refs(session, fields, year=skp.period_start.year)


async def check_plan_refs(session: AsyncSession, fields: RhkInput, *, year: int) -> None:
    """The plan output (RO) and unit indicator are in a published work plan of the SKP's year."""
    output, indicator = fields.plan_output_id, fields.unit_indicator_id
    if output and await store.find_published_output(session, output, year=year) is None:
        raise CascadeError(
            f"plan output {output} is not in a published {year} work plan", field="planOutputId"
        )
    if indicator and await store.find_published_indicator(session, indicator, year=year) is None:
        raise CascadeError(
            f"unit indicator {indicator} is not in a published {year} work plan",
            field="unitIndicatorId",
        )


def _apply(row: RhkRow, fields: RhkInput) -> None:
    row.kind = fields.kind
    row.title = clean_text(fields.title, field="title")
    row.parent_rhk_id = fields.parent_rhk_id
    row.plan_output_id = fields.plan_output_id
    row.unit_indicator_id = fields.unit_indicator_id


async def add_rhk(
    session: AsyncSession, skp_id: str, fields: RhkInput, *, rhk_id: str, now: datetime
) -> RhkRow:
    """Add an RHK to a draft SKP, cascaded from the superior's approved RHK or the plan."""
    skp = await editable_skp(session, skp_id)
    row = RhkRow(
        id=rhk_id,
        skp_id=skp.id,
        lineage_id=rhk_id,
        employee_id=skp.employee_id,
        position=await store.next_position(session, RhkRow, skp.id),
        created_at=now,
        updated_at=now,
    )
    _apply(row, fields)
    await _check_source(session, skp, fields, now)
    row.indicators = []
    session.add(row)
    skp.items.append(row)
    skp.updated_at = now
    await session.flush()
    return row


async def update_rhk(
    session: AsyncSession, rhk_id: str, fields: RhkInput, *, now: datetime
) -> RhkRow:
    """Replace an RHK's fields (its indicators stay)."""
    skp, row = await editable_rhk(session, rhk_id)
    await _check_source(session, skp, fields, now)
    _apply(row, fields)
    row.updated_at = skp.updated_at = now
    await session.flush()
    return row


async def remove_rhk(session: AsyncSession, rhk_id: str, *, now: datetime) -> SkpRow:
    """Remove an RHK and its indicators from a draft SKP."""
    skp, row = await editable_rhk(session, rhk_id)
    for indicator in row.indicators:
        await session.delete(indicator)
    await session.flush()
    await session.delete(row)
    skp.items.remove(row)
    skp.updated_at = now
    await session.flush()
    return skp


def _set_indicator(row: IndicatorRow, spec: IndicatorSpec) -> None:
    row.name = spec.name
    row.target_value = spec.target_value
    row.unit = spec.unit
    row.direction = spec.direction
    row.additive = spec.additive
    row.monthly_targets = [
        MonthlyTargetRow(indicator_id=row.id, month=m.month, target=m.target)
        for m in spec.monthly_targets
    ]


async def add_indicator(
    session: AsyncSession, rhk_id: str, spec: IndicatorSpec, *, indicator_id: str, now: datetime
) -> IndicatorRow:
    """Add an indicator (with its monthly targets) to an RHK of a draft SKP."""
    skp, rhk = await editable_rhk(session, rhk_id)
    checked = check_indicator(spec, skp.period)
    row = IndicatorRow(
        id=indicator_id,
        rhk_id=rhk.id,
        lineage_id=indicator_id,
        position=await store.next_indicator_position(session, rhk.id),
        created_at=now,
        updated_at=now,
    )
    _set_indicator(row, checked)
    session.add(row)
    rhk.indicators.append(row)
    skp.updated_at = now
    await session.flush()
    return row


async def update_indicator(
    session: AsyncSession, indicator_id: str, spec: IndicatorSpec, *, now: datetime
) -> IndicatorRow:
    """Replace an indicator's fields and monthly targets."""
    skp, row = await editable_indicator(session, indicator_id)
    checked = check_indicator(spec, skp.period)
    row.monthly_targets.clear()
    await session.flush()
    _set_indicator(row, checked)
    row.updated_at = skp.updated_at = now
    await session.flush()
    return row


async def add_pp46_activity(
    session: AsyncSession, skp_id: str, spec: ActivitySpec, *, activity_id: str, now: datetime
) -> ActivityRow:
    """Add a PP 46/2011 activity to a draft SKP of that regime."""
    skp = await editable_skp(session, skp_id)
    check_activity_allowed(skp.regime)
    checked = check_activity(spec, skp.period)
    row = ActivityRow(
        id=activity_id,
        skp_id=skp.id,
        lineage_id=activity_id,
        position=await store.next_position(session, ActivityRow, skp.id),
        title=checked.title,
        quantity_target=checked.quantity_target,
        quantity_unit=checked.quantity_unit,
        quality_target=checked.quality_target,
        time_target_months=checked.time_target_months,
        cost_target=checked.cost_target,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    skp.activities.append(row)
    skp.updated_at = now
    await session.flush()
    return row
