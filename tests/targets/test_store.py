"""SKP tables and queries, and the use cases behind them, on the real database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError, NotFoundError
from services.targets import service, store
from services.targets.domain import SkpStatus
from services.targets.store import SkpRow
from tests.targets.conftest import NOW
from tests.targets.factories import (
    add_indicator,
    add_rhk,
    approved_skp,
    create_skp,
    seed_org,
)


async def test_decimals_survive_the_round_trip(session: AsyncSession) -> None:
    org = await seed_org(session)
    skp = await create_skp(session, org.staff)
    item = await add_rhk(session, skp)
    indicator = await add_indicator(
        session, item, target_value=Decimal("1234567.8912"), monthly_targets=()
    )

    [row] = await store.get_indicators(session, [indicator.id])

    assert row is not None
    assert row.target_value == Decimal("1234567.8912")


async def test_cascade_reads_the_latest_approved_version(session: AsyncSession) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    boss = await approved_skp(session, org.sub_head, org.director)
    revised = await service.revise_skp(session, boss.id, reason="Mutasi", now=NOW)
    draft_only = await create_skp(session, org.staff)
    await add_rhk(session, draft_only, title="Draf")

    rows = await store.list_cascade_rhk(session, unit_ids=[org.sub], year=2025)
    everything = await store.list_cascade_rhk(session, unit_ids=None, year=2025)
    other_year = await store.list_cascade_rhk(session, unit_ids=None, year=2024)

    by_employee = {row.employee_id: row for row in rows}
    assert set(by_employee) == {org.sub_head, org.staff}
    assert by_employee[org.sub_head].skp_id == boss.id  # not the revision's draft
    assert by_employee[org.sub_head].skp_status is SkpStatus.APPROVED
    assert by_employee[org.staff].skp_status is SkpStatus.DRAFT
    assert revised.id not in {row.skp_id for row in everything}
    assert {row.employee_id for row in everything} == {org.sub_head, org.staff, org.director}
    assert other_year == []


async def test_skp_covering_a_day_is_the_current_version(session: AsyncSession) -> None:
    org = await seed_org(session)
    skp = await approved_skp(session, org.dg_head, None)  # submitted: nobody above approves

    assert (await store.skp_covering(session, org.dg_head, date(2025, 5, 1))) is not None
    assert (await store.skp_covering(session, org.dg_head, date(2026, 1, 1))) is None
    assert skp.status is SkpStatus.SUBMITTED


async def test_revision_supersedes_and_copies_the_content(session: AsyncSession) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    old = await approved_skp(session, org.sub_head, org.director)

    new = await service.revise_skp(session, old.id, reason="Mutasi", now=NOW)
    [history] = await store.list_history(session, [old.lineage_id])
    reloaded = await store.get_skp(session, new.id)

    assert [(s.version, s.superseded) for s in history] == [(1, True), (2, False)]
    assert reloaded is not None
    assert [i.lineage_id for i in reloaded.items] == [i.lineage_id for i in old.items]
    assert [i.id for i in reloaded.items] != [i.id for i in old.items]
    assert reloaded.supersedes_id == old.id
    assert await store.current_periods(session, org.sub_head) == [new.period]


async def test_revised_period_may_be_created_again_only_after_it_is_superseded(
    session: AsyncSession,
) -> None:
    org = await seed_org(session)
    await create_skp(session, org.staff)
    with pytest.raises(ConflictError, match="overlaps"):
        await create_skp(session, org.staff, period_start=date(2025, 12, 31))


async def test_unknown_ids_are_not_found(session: AsyncSession) -> None:
    with pytest.raises(NotFoundError, match="SKP nope not found"):
        await service.submit_skp(session, "nope", now=NOW)
    with pytest.raises(NotFoundError, match="employee nobody not found"):
        await create_skp(session, "nobody")


async def test_employee_skps_page_by_period(session: AsyncSession) -> None:
    org = await seed_org(session)
    for year in (2023, 2024, 2025):
        await create_skp(
            session, org.staff, period_start=date(year, 1, 1), period_end=date(year, 12, 31)
        )

    first = await store.list_employee_skps(session, org.staff, first=2, after=None)
    last: SkpRow = first[1]
    rest = await store.list_employee_skps(
        session, org.staff, first=2, after=[last.period_start.isoformat(), last.id]
    )

    assert [s.period_start.year for s in first] == [2023, 2024, 2025]
    assert [s.period_start.year for s in rest] == [2025]


async def test_children_are_rhk_of_current_versions_only(session: AsyncSession) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    boss = await approved_skp(session, org.sub_head, org.director)
    parent = boss.items[0].id
    child = await approved_skp(session, org.staff, org.sub_head, parent_rhk_id=parent)

    revised = await service.revise_skp(session, child.id, reason="Mutasi", now=NOW)
    [children] = await store.list_children(session, [parent])

    assert [row.skp_id for row in children] == [revised.id]
    assert children[0].parent_rhk_id == parent


async def test_copy_drops_cascade_links_and_a_split_that_no_longer_fits(
    session: AsyncSession,
) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    boss = await approved_skp(session, org.sub_head, org.director)
    source = await approved_skp(session, org.staff, org.sub_head, parent_rhk_id=boss.items[0].id)

    copy = await service.copy_skp(
        session,
        source.id,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        skp_id="copy",
        now=NOW,
    )

    [item] = copy.items
    assert (item.parent_rhk_id, item.lineage_id) == (None, source.items[0].lineage_id)
    assert item.indicators[0].monthly_targets == []  # September and December fall outside
