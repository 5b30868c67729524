"""The SKP replica keeps every approved version with its content, in any order of arrival."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events import CloudEvent
from services.appraisal.domain.periods import Period
from services.appraisal.domain.types import AppraisalKind, Direction, Regime
from services.appraisal.service.skp_replica import (
    indicator_inputs,
    pp46_activities,
    skp_in_force,
)
from services.appraisal.store.skp_replica import (
    IndicatorReplicaRow,
    MonthlyTargetReplicaRow,
    Pp46ActivityReplicaRow,
    SkpItemReplicaRow,
    SkpReplicaRow,
    get_replica_skp,
)
from tests.appraisal.factories import (
    apply,
    indicator_payload,
    log_event,
    pp46_activity_payload,
    skp_event,
    skp_of,
    totals,
)

CONTENT = (SkpReplicaRow, SkpItemReplicaRow, IndicatorReplicaRow, MonthlyTargetReplicaRow)
Q1 = Period("2026-Q1", AppraisalKind.PERIODIC, date(2026, 1, 1), date(2026, 3, 31))


def _versions() -> tuple[CloudEvent, CloudEvent]:
    first = skp_event("e1", skp_id="v1", item_id="i1", indicators=[indicator_payload("n1")])
    second = skp_event(
        "e1",
        skp_id="v2",
        version=2,
        supersedes="v1",
        item_id="i2",
        item_lineage="i1",
        indicators=[indicator_payload("n2", lineage_id="n1", monthly="12")],
    )
    return first, second


async def test_every_version_is_kept_with_its_content(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    first, second = _versions()
    for event in (first, second):
        async with appraisal_db() as session, session.begin():
            await apply(session, event)
    async with appraisal_db() as session:
        old = await get_replica_skp(session, "v1")
        assert old is not None
        assert (old.received, old.superseded_by, old.regime) == (
            True,
            "v2",
            Regime.PERMENPANRB_6_2022,
        )
        in_force = await skp_in_force(session, "e1", date(2026, 3, 15))
        assert in_force is not None
        assert in_force.id == "v2"
        assert await skp_in_force(session, "e1", date(2027, 1, 1)) is None
        lineages = await session.execute(
            select(IndicatorReplicaRow.id, IndicatorReplicaRow.lineage_id)
        )
        assert sorted(tuple(row) for row in lineages) == [("n1", "n1"), ("n2", "n1")]
        months = await session.scalars(
            select(MonthlyTargetReplicaRow.month).where(
                MonthlyTargetReplicaRow.indicator_id == "n2"
            )
        )
        assert list(months)[:2] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert await totals(appraisal_db, *CONTENT) == (2, 2, 2, 24, 0)


async def test_a_successor_arriving_first_is_filled_in_by_the_late_version(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    first, second = _versions()
    async with appraisal_db() as session, session.begin():
        await apply(session, second)
        tombstone = await get_replica_skp(session, "v1")
        assert tombstone is not None
        assert (tombstone.received, tombstone.superseded_by) == (False, "v2")
    for event in (first, first, second):  # the late version, then redeliveries
        async with appraisal_db() as session, session.begin():
            await apply(session, event)
    async with appraisal_db() as session:
        old = await get_replica_skp(session, "v1")
        assert old is not None
        assert (old.received, old.superseded_by, old.version) == (True, "v2", 1)
        in_force = await skp_in_force(session, "e1", date(2026, 6, 1))
        assert in_force is not None
        assert in_force.id == "v2"
    assert await totals(appraisal_db, *CONTENT) == (2, 2, 2, 24, 0)


async def test_indicator_inputs_take_the_period_target_and_realisation(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    complaints = indicator_payload(
        "n-complaints",
        monthly="4",
        additive=False,
        direction="LOWER_IS_BETTER",
        name="Jumlah keluhan",
    )
    event = skp_event("e1", indicators=[indicator_payload("n-reports"), complaints])
    skp = skp_of(event)
    logs = [
        log_event(skp, "e1", day=date(2026, 1, 20), quantity="4"),
        log_event(skp, "e1", day=date(2026, 3, 2), quantity="3"),
        log_event(skp, "e1", day=date(2026, 4, 1), quantity="9"),  # outside the quarter
        log_event(skp, "e1", day=date(2026, 2, 3), quantity="2", indicator_id="n-complaints"),
        log_event(skp, "e1", day=date(2026, 3, 3), quantity=None, indicator_id="n-complaints"),
    ]
    async with appraisal_db() as session, session.begin():
        for each in (event, *logs):
            await apply(session, each)
    async with appraisal_db() as session:
        row = await get_replica_skp(session, skp.id)
        assert row is not None
        inputs = await indicator_inputs(session, row, Q1)
    assert [(i.id, i.kind, i.direction, i.target, i.realisation, i.position) for i in inputs] == [
        ("n-reports", "UTAMA", Direction.HIGHER_IS_BETTER, Decimal(30), Decimal(7), 0),
        # non-additive: the last month's target, the latest month with an output
        ("n-complaints", "UTAMA", Direction.LOWER_IS_BETTER, Decimal(4), Decimal(2), 1),
    ]
    assert inputs[0].item_title == "Laporan evaluasi tersusun"


async def test_pp46_activities_are_kept_in_order(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    activities = [
        pp46_activity_payload("a1", quantity="12", months=12),
        pp46_activity_payload("a2", quantity="4", quality="90", months=6, cost=5_000_000),
    ]
    event = skp_event("e1", regime="PP46_2011", activities=activities)
    async with appraisal_db() as session, session.begin():
        await apply(session, event)
    async with appraisal_db() as session:
        row = await get_replica_skp(session, skp_of(event).id)
        assert row is not None
        found = await pp46_activities(session, row)
    assert [
        (a.id, a.quantity_target, a.quality_target, a.time_target_months, a.cost_target)
        for a in found
    ] == [
        ("a1", Decimal(12), Decimal(100), 12, None),
        ("a2", Decimal(4), Decimal(90), 6, 5_000_000),
    ]
    assert [(a.lineage_id, a.position) for a in found] == [("a1", 0), ("a2", 1)]
    assert await totals(appraisal_db, Pp46ActivityReplicaRow) == (2, 0)
