"""Keeping appraisal's replica of approved SKPs in step with `targets.skp.approved.v1`, and
reading an SKP version's indicators as the scoring regimes need them.

Every version is kept with its content (a superseded one too), so realisation recorded against
an earlier version's indicator follows it into the revision through `lineage_id`.

Idempotent and safe out of order: an approved version never changes, so re-applying one that has
arrived is a no-op; a superseding version arriving first leaves a tombstone (`received` false)
that the late one fills without un-superseding itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import CloudEvent
from kinerja.events.consumer import Handler
from services.appraisal.domain.evaluation import IndicatorInput
from services.appraisal.domain.periods import Period
from services.appraisal.domain.types import Direction, Regime
from services.appraisal.events import SKP_APPROVED
from services.appraisal.service.realisation import (
    period_realisation,
    period_target,
    realisation_by_month,
)
from services.appraisal.store.skp_replica import (
    IndicatorReplicaRow,
    MonthlyTargetReplicaRow,
    Pp46ActivityReplicaRow,
    SkpItemReplicaRow,
    SkpReplicaRow,
    activities_of,
    get_replica_skp,
    indicators_of,
    latest_skp_overlapping,
    monthly_targets_of,
)


def _parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)).astimezone(UTC) if value else None


def _month(label: str) -> date:
    """`YYYY-MM` → the first day of that month."""
    year, month = label.split("-")[:2]
    return date(int(year), int(month), 1)


def _fill_header(skp: SkpReplicaRow, data: Mapping[str, Any]) -> None:
    skp.employee_id = data["employee_id"]
    skp.unit_id = data.get("unit_id")
    skp.period_start = date.fromisoformat(data["period_start"])
    skp.period_end = date.fromisoformat(data["period_end"])
    skp.regime = Regime(data["regime"])
    skp.version = int(data["version"])
    skp.appraiser_id = data.get("appraiser_id")
    skp.approved_at = _parse_time(data.get("approved_at"))
    skp.received = True


def _indicator_rows(
    skp_id: str, item_id: str, indicators: list[dict[str, Any]]
) -> list[IndicatorReplicaRow | MonthlyTargetReplicaRow]:
    rows: list[IndicatorReplicaRow | MonthlyTargetReplicaRow] = []
    for position, indicator in enumerate(indicators):
        rows.append(
            IndicatorReplicaRow(
                id=indicator["id"],
                item_id=item_id,
                skp_id=skp_id,
                lineage_id=indicator.get("lineage_id") or indicator["id"],
                name=indicator["name"],
                unit=indicator.get("unit", ""),
                direction=Direction(indicator.get("direction", Direction.HIGHER_IS_BETTER)),
                additive=bool(indicator.get("additive", True)),
                target_value=Decimal(str(indicator["target_value"])),
                position=position,
            )
        )
        rows += [
            MonthlyTargetReplicaRow(
                indicator_id=indicator["id"],
                month=_month(target["month"]),
                target=Decimal(str(target["target"])),
            )
            for target in indicator.get("monthly_targets", [])
        ]
    return rows


def _activity_rows(skp_id: str, activities: list[dict[str, Any]]) -> list[Pp46ActivityReplicaRow]:
    return [
        Pp46ActivityReplicaRow(
            id=activity["id"],
            skp_id=skp_id,
            lineage_id=activity.get("lineage_id") or activity["id"],
            title=activity["title"],
            quantity_target=Decimal(str(activity["quantity_target"])),
            quantity_unit=activity.get("quantity_unit", ""),
            quality_target=Decimal(str(activity["quality_target"])),
            time_target_months=int(activity["time_target_months"]),
            cost_target=activity.get("cost_target"),
            position=position,
        )
        for position, activity in enumerate(activities)
    ]


async def _add_content(session: AsyncSession, skp_id: str, data: Mapping[str, Any]) -> None:
    items = data.get("items", [])
    session.add_all(
        SkpItemReplicaRow(
            id=item["id"],
            skp_id=skp_id,
            lineage_id=item.get("lineage_id") or item["id"],
            kind=item["kind"],
            title=item["title"],
            position=position,
        )
        for position, item in enumerate(items)
    )
    session.add_all(_activity_rows(skp_id, data.get("activities", [])))
    await session.flush()  # items before the indicators that reference them
    rows = [r for item in items for r in _indicator_rows(skp_id, item["id"], item["indicators"])]
    session.add_all([r for r in rows if isinstance(r, IndicatorReplicaRow)])
    await session.flush()  # indicators before their monthly targets
    session.add_all([r for r in rows if isinstance(r, MonthlyTargetReplicaRow)])


async def _retire(session: AsyncSession, old_id: str, *, by: SkpReplicaRow) -> None:
    """Mark the replaced version superseded (a tombstone when it has not arrived yet)."""
    old = await get_replica_skp(session, old_id)
    if old is None:
        old = SkpReplicaRow(
            id=old_id,
            employee_id=by.employee_id,
            unit_id=by.unit_id,
            period_start=by.period_start,
            period_end=by.period_end,
            regime=by.regime,
            version=by.version - 1,
            received=False,
        )
        session.add(old)
    old.superseded_by = by.id


async def apply_skp_approved(session: AsyncSession, event: CloudEvent) -> None:
    """Keep an approved SKP version with its content; mark the one it replaces superseded."""
    data = event.data
    skp = await get_replica_skp(session, data["skp_id"])
    if skp is not None and skp.received:
        return  # an approved version never changes: a redelivery has nothing to add
    if skp is None:
        skp = SkpReplicaRow(id=data["skp_id"])
        session.add(skp)
    _fill_header(skp, data)  # a tombstone keeps its `superseded_by`
    await session.flush()
    await _add_content(session, skp.id, data)
    if data.get("supersedes"):
        await _retire(session, data["supersedes"], by=skp)
    await session.flush()


SKP_HANDLERS: dict[str, Handler] = {SKP_APPROVED: apply_skp_approved}


# --- reading ---------------------------------------------------------------------------------


async def skp_in_force(session: AsyncSession, employee_id: str, on: date) -> SkpReplicaRow | None:
    """The employee's latest approved SKP version whose period covers `on`."""
    return await latest_skp_overlapping(session, employee_id, start=on, end=on)


async def indicator_inputs(
    session: AsyncSession, skp: SkpReplicaRow, period: Period
) -> tuple[IndicatorInput, ...]:
    """The indicators of an SKP version with their target and realisation for the period
    (realisation follows each indicator's lineage across versions)."""
    rows = await indicators_of(session, skp.id)
    targets = await monthly_targets_of(session, [indicator.id for _, indicator in rows])
    months = period.months
    realised = await realisation_by_month(
        session, skp.employee_id, [indicator.lineage_id for _, indicator in rows], months
    )
    inputs: list[IndicatorInput] = []
    for position, (item, indicator) in enumerate(rows):
        by_month = {
            month: realised[(indicator.lineage_id, month)]
            for month in months
            if (indicator.lineage_id, month) in realised
        }
        inputs.append(
            IndicatorInput(
                id=indicator.id,
                lineage_id=indicator.lineage_id,
                item_title=item.title,
                name=indicator.name,
                kind=item.kind,
                direction=indicator.direction,
                target=period_target(indicator, targets[indicator.id], months),
                realisation=period_realisation(indicator, by_month, months),
                position=position,
            )
        )
    return tuple(inputs)


async def pp46_activities(
    session: AsyncSession, skp: SkpReplicaRow
) -> list[Pp46ActivityReplicaRow]:
    """The PP46 activities of an SKP version, in its order."""
    return await activities_of(session, skp.id)
