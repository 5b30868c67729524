"""Copying an SKP's content into another version (a revision) or another period (a copy)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.targets.store import ActivityRow, IndicatorRow, MonthlyTargetRow, RhkRow, SkpRow


def _new_id() -> str:
    return str(uuid.uuid4())


def _shift(month: date, years: int) -> date:
    return month.replace(year=month.year + years)


def _copy_indicator(
    source: IndicatorRow, rhk_id: str, *, years: int, now: datetime
) -> IndicatorRow:
    row = IndicatorRow(
        id=_new_id(),
        rhk_id=rhk_id,
        lineage_id=source.lineage_id,
        position=source.position,
        name=source.name,
        target_value=source.target_value,
        unit=source.unit,
        direction=source.direction,
        additive=source.additive,
        created_at=now,
        updated_at=now,
    )
    row.monthly_targets = [
        MonthlyTargetRow(indicator_id=row.id, month=_shift(m.month, years), target=m.target)
        for m in source.monthly_targets
    ]
    return row


def _copy_rhk(source: RhkRow, target: SkpRow, *, keep_links: bool, now: datetime) -> RhkRow:
    return RhkRow(
        id=_new_id(),
        skp_id=target.id,
        lineage_id=source.lineage_id,
        employee_id=target.employee_id,
        position=source.position,
        kind=source.kind,
        title=source.title,
        parent_rhk_id=source.parent_rhk_id if keep_links else None,
        plan_output_id=source.plan_output_id if keep_links else None,
        unit_indicator_id=source.unit_indicator_id if keep_links else None,
        created_at=now,
        updated_at=now,
    )


def _copy_activity(source: ActivityRow, target: SkpRow, *, now: datetime) -> ActivityRow:
    return ActivityRow(
        id=_new_id(),
        skp_id=target.id,
        lineage_id=source.lineage_id,
        position=source.position,
        title=source.title,
        quantity_target=source.quantity_target,
        quantity_unit=source.quantity_unit,
        quality_target=source.quality_target,
        time_target_months=source.time_target_months,
        cost_target=source.cost_target,
        created_at=now,
        updated_at=now,
    )


async def copy_content(
    session: AsyncSession, source: SkpRow, target: SkpRow, *, keep_links: bool, now: datetime
) -> None:
    """Duplicate the source's RHK, indicators and activities into `target` (a fresh SKP).

    Lineages are kept, so the two can be compared; monthly targets move by the whole years
    between the periods, and an indicator whose months would fall outside the target's period
    loses its monthly split (to be entered again) rather than keep one that no longer adds up.
    """
    years = target.period_start.year - source.period_start.year
    months = set(target.period.months())
    for item in source.items:
        rhk = _copy_rhk(item, target, keep_links=keep_links, now=now)
        rhk.indicators = []
        for indicator in item.indicators:
            copied = _copy_indicator(indicator, rhk.id, years=years, now=now)
            if any(m.month not in months for m in copied.monthly_targets):
                copied.monthly_targets = []  # a partial split would no longer add up
            rhk.indicators.append(copied)
        target.items.append(rhk)
    target.activities.extend(_copy_activity(a, target, now=now) for a in source.activities)
    session.add_all([*target.items, *target.activities])
    await session.flush()
