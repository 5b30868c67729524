"""What targets publishes: the approved SKP with its whole content, and revisions."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import CloudEvent
from kinerja.events.tables import OutboxRow
from services.targets import service
from services.targets.domain import ActivitySpec, Regime
from services.targets.events import SKP_APPROVED, SKP_REVISED
from tests.targets.conftest import NOW
from tests.targets.factories import approved_skp, create_skp, seed_org


async def events(session: AsyncSession, subject: str) -> list[CloudEvent]:
    await session.flush()  # the outbox rows are pending until the transaction flushes
    rows = await session.scalars(select(OutboxRow).where(OutboxRow.subject == subject))
    return [CloudEvent.from_json(row.payload) for row in rows]


async def test_approval_publishes_the_whole_approved_content(session: AsyncSession) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    skp = await approved_skp(session, org.sub_head, org.director, title="Kebijakan teknis")

    [event] = [e for e in await events(session, SKP_APPROVED) if e.subject == skp.id]

    item = skp.items[0]
    indicator = item.indicators[0]
    assert event.type == SKP_APPROVED
    assert event.source == "kinerja/targets"
    assert event.data == {
        "skp_id": skp.id,
        "version": 1,
        "supersedes": None,
        "employee_id": org.sub_head,
        "employee_nip": event.data["employee_nip"],
        "unit_id": org.sub,
        "unit_path": [org.dg, org.dir, org.sub],
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "regime": "PERMENPANRB_6_2022",
        "appraiser_id": org.director,
        "approved_at": NOW.isoformat(),
        "items": [
            {
                "id": item.id,
                "lineage_id": item.id,
                "kind": "UTAMA",
                "title": "Kebijakan teknis",
                "parent_rhk_id": None,
                "plan_output_id": None,
                "unit_indicator_id": None,
                "indicators": [
                    {
                        "id": indicator.id,
                        "lineage_id": indicator.id,
                        "name": indicator.name,
                        "target_value": "12",
                        "unit": "dokumen",
                        "direction": "HIGHER_IS_BETTER",
                        "additive": True,
                        "monthly_targets": [
                            {"month": f"2025-{m:02d}", "target": "3"} for m in (3, 6, 9, 12)
                        ],
                    }
                ],
            }
        ],
        "activities": [],
    }
    assert len(event.data["employee_nip"]) == 18


async def test_revision_and_its_approval_name_the_versions(session: AsyncSession) -> None:
    org = await seed_org(session)
    await create_skp(session, org.dg_head)
    await approved_skp(session, org.director, org.dg_head)
    old = await approved_skp(session, org.sub_head, org.director)

    new = await service.revise_skp(session, old.id, reason=" Mutasi tugas ", now=NOW)
    await service.submit_skp(session, new.id, now=NOW)
    await service.approve_skp(session, new.id, approver_id=org.director, now=NOW)

    [revised] = await events(session, SKP_REVISED)
    approvals = {e.data["skp_id"]: e.data for e in await events(session, SKP_APPROVED)}
    assert revised.data == {
        "skp_id": old.id,
        "new_version_id": new.id,
        "version": 2,
        "employee_id": org.sub_head,
        "reason": "Mutasi tugas",
        "revised_at": NOW.isoformat(),
    }
    assert approvals[new.id]["supersedes"] == old.id
    assert approvals[new.id]["version"] == 2
    # Items and indicators get new ids in the new version but keep the first version's lineage,
    # so work recorded against the old version (realisation) follows them.
    old_items, new_items = approvals[old.id]["items"], approvals[new.id]["items"]
    assert {i["id"] for i in new_items}.isdisjoint({i["id"] for i in old_items})
    assert [i["lineage_id"] for i in new_items] == [i["id"] for i in old_items]
    old_indicators = [x["id"] for i in old_items for x in i["indicators"]]
    assert [x["lineage_id"] for i in new_items for x in i["indicators"]] == old_indicators


async def test_pp46_activities_travel_with_the_approval(session: AsyncSession) -> None:
    org = await seed_org(session)
    skp = await create_skp(session, org.staff, regime=Regime.PP46_2011)
    await create_skp(session, org.sub_head)
    spec = ActivitySpec("Laporan", Decimal("6.5"), "laporan", Decimal(100), 12, 2_500_000_000)
    activity = await service.add_pp46_activity(session, skp.id, spec, activity_id="a1", now=NOW)
    await service.submit_skp(session, skp.id, now=NOW)
    await service.approve_skp(session, skp.id, approver_id=org.sub_head, now=NOW)

    [event] = await events(session, SKP_APPROVED)

    assert event.data["regime"] == "PP46_2011"
    assert event.data["activities"] == [
        {
            "id": activity.id,
            "lineage_id": activity.id,
            "title": "Laporan",
            "quantity_target": "6.5",
            "quantity_unit": "laporan",
            "quality_target": "100",
            "time_target_months": 12,
            "cost_target": 2_500_000_000,
        }
    ]
    assert json.loads(event.to_json())["data"] == event.data
