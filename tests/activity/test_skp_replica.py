"""The SKP replica follows `targets.skp.approved.v1`: latest version wins, in any order."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.activity.service.skp_replica import apply_skp_approved
from services.activity.store import IndicatorReplicaRow, SkpItemReplicaRow
from services.activity.store.skp_replica import get_replica_skp, served_indicator
from tests.activity.factories import count_rows, skp_event


async def test_an_approved_skp_becomes_servable(
    activity_db: async_sessionmaker[AsyncSession],
) -> None:
    event = skp_event("e1", item="i1", indicator="n1")
    async with activity_db() as session, session.begin():
        await apply_skp_approved(session, event)
        await apply_skp_approved(session, event)  # a redelivery changes nothing
    async with activity_db() as session:
        served = await served_indicator(session, skp_item_id="i1", indicator_id="n1")
        assert served is not None
        assert (served.employee_id, served.period_start, served.requires_output) == (
            "e1",
            date(2025, 1, 1),
            True,
        )
        assert await count_rows(session, SkpItemReplicaRow) == 1
        assert await served_indicator(session, skp_item_id="other", indicator_id="n1") is None


async def test_a_newer_version_supersedes_whatever_order_they_arrive_in(
    activity_db: async_sessionmaker[AsyncSession],
) -> None:
    first = skp_event("e1", skp_id="v1", item="i1", indicator="n1")
    second = skp_event("e1", skp_id="v2", version=2, supersedes="v1", item="i2", indicator="n2")
    async with activity_db() as session, session.begin():
        await apply_skp_approved(session, second)
        await apply_skp_approved(session, first)  # late: ignored
    async with activity_db() as session:
        old = await get_replica_skp(session, "v1")
        assert old is not None
        assert old.superseded_by == "v2"
        assert await served_indicator(session, skp_item_id="i1", indicator_id="n1") is None
        assert await served_indicator(session, skp_item_id="i2", indicator_id="n2") is not None
        assert await count_rows(session, IndicatorReplicaRow) == 1


async def test_in_order_versions_leave_only_the_latest(
    activity_db: async_sessionmaker[AsyncSession],
) -> None:
    first = skp_event("e1", skp_id="v1", item="i1", indicator="n1")
    second = skp_event("e1", skp_id="v2", version=2, supersedes="v1", item="i2", indicator="n2")
    for event in (first, second):
        async with activity_db() as session, session.begin():
            await apply_skp_approved(session, event)
    async with activity_db() as session:
        assert await served_indicator(session, skp_item_id="i1", indicator_id="n1") is None
        assert await served_indicator(session, skp_item_id="i2", indicator_id="n2") is not None
