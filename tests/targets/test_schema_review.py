"""The SKP review through real GraphQL operations: submit, approve, return, revise, copy, diff,
the cascade between superior and subordinate, and the Employee / entity extensions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.targets import store
from tests.targets import operations as op
from tests.targets.conftest import NOW
from tests.targets.factories import Org, end_assignment, seed_org
from tests.targets.graphql import Client
from tests.targets.test_schema_skp import add_indicator, add_rhk, create

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def org(targets_db: Sessions) -> Org:
    async with targets_db() as session, session.begin():
        return await seed_org(session)


@pytest.fixture
def client(targets_db: Sessions) -> Client:
    return Client(targets_db)


async def complete_skp(client: Client, employee: str, **rhk: Any) -> tuple[str, str]:
    """A draft with one RHK and one indicator; (skp id, rhk id)."""
    skp = await create(client, employee)
    item = await add_rhk(client, employee, skp["id"], **rhk)
    assert item["__typename"] == "RhkPayload", item
    await add_indicator(client, employee, item["rhk"]["id"])
    return skp["id"], item["rhk"]["id"]


async def step(client: Client, who: str, operation: str, **fields: Any) -> dict[str, Any]:
    data = await client.as_(who).data(operation, input=fields)
    return dict(next(iter(data.values())))


async def approved(client: Client, employee: str, approver: str, **rhk: Any) -> tuple[str, str]:
    skp_id, rhk_id = await complete_skp(client, employee, **rhk)
    assert (await step(client, employee, op.SUBMIT_SKP, skpId=skp_id))["__typename"] == "SkpPayload"
    result = await step(client, approver, op.APPROVE_SKP, skpId=skp_id)
    assert result["__typename"] == "SkpPayload", result
    return skp_id, rhk_id


async def test_superior_approves_a_submitted_skp(client: Client, org: Org) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, _ = await complete_skp(client, org.staff)

    submitted = await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)
    result = await step(client, org.sub_head, op.APPROVE_SKP, skpId=skp_id)

    assert submitted["skp"]["status"] == "SUBMITTED"
    assert submitted["skp"]["submittedAt"] == NOW.isoformat()
    assert result["skp"]["status"] == "APPROVED"
    assert result["skp"]["appraiser"] == {"id": org.sub_head}
    assert result["skp"]["approvedAt"] == NOW.isoformat()
    assert await client.totals() == (2, 2, 2, 8, 0, 1)  # one approved event


async def test_returned_skp_is_edited_and_submitted_again(client: Client, org: Org) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, rhk_id = await complete_skp(client, org.staff)
    await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)

    returned = await step(client, org.sub_head, op.RETURN_SKP, skpId=skp_id, note=" Perjelas ")
    edited = await step(client, org.staff, op.UPDATE_RHK, rhkId=rhk_id, title="Diperjelas")
    again = await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)

    assert returned["skp"]["status"] == "RETURNED"
    assert returned["skp"]["note"] == "Perjelas"
    assert edited["rhk"]["title"] == "Diperjelas"
    assert again["skp"]["status"] == "SUBMITTED"


async def test_submitting_without_rhk_is_refused(client: Client, org: Org) -> None:
    skp = await create(client, org.dg_head)
    before = await client.totals()

    result = await step(client, org.dg_head, op.SUBMIT_SKP, skpId=skp["id"])

    assert result == {
        "__typename": "ValidationFailed",
        "message": "an SKP needs at least one RHK before it is submitted",
        "field": "skpId",
    }
    assert await client.totals() == before


async def test_subordinate_cannot_submit_before_the_superior_has_an_skp(
    client: Client, org: Org
) -> None:
    skp_id, _ = await complete_skp(client, org.staff)
    before = await client.totals()

    result = await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)

    assert result == {
        "__typename": "Conflict",
        "message": "your direct superior has no SKP for this period yet; it must exist first",
    }
    assert await client.totals() == before


async def test_head_of_the_top_unit_submits_without_a_superior(client: Client, org: Org) -> None:
    skp_id, _ = await complete_skp(client, org.dg_head)

    result = await step(client, org.dg_head, op.SUBMIT_SKP, skpId=skp_id)

    assert result["skp"]["status"] == "SUBMITTED"


async def test_nobody_approves_their_own_skp(client: Client, org: Org) -> None:
    skp_id, _ = await complete_skp(client, org.dg_head)
    await step(client, org.dg_head, op.SUBMIT_SKP, skpId=skp_id)
    before = await client.totals()

    result = await step(client, org.dg_head, op.APPROVE_SKP, skpId=skp_id)

    assert result == {
        "__typename": "ValidationFailed",
        "message": "nobody approves or returns their own SKP",
        "field": "skpId",
    }
    assert await client.totals() == before


async def test_a_superior_further_up_is_not_the_appraiser(client: Client, org: Org) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, _ = await complete_skp(client, org.staff)
    await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)
    before = await client.totals()

    by_director = await step(client, org.director, op.APPROVE_SKP, skpId=skp_id)
    by_stranger = await step(client, org.outsider, op.APPROVE_SKP, skpId=skp_id)

    assert by_director == {
        "__typename": "ValidationFailed",
        "message": "only the employee's direct superior on this date may approve or return the SKP",
        "field": "skpId",
    }
    assert by_stranger == {
        "__typename": "NotFound",
        "message": f"SKP {skp_id} not found",
        "id": skp_id,
    }
    assert await client.totals() == before


async def test_the_appraiser_is_the_superior_on_the_approval_date(
    client: Client, org: Org, targets_db: Sessions
) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, _ = await complete_skp(client, org.staff)
    await step(client, org.staff, op.SUBMIT_SKP, skpId=skp_id)
    async with targets_db() as session, session.begin():  # the sub-head leaves after today
        await end_assignment(session, org, "sub_head", end=NOW.date())
    tomorrow = client.at(NOW + timedelta(days=1))
    before = await client.totals()

    by_former = await step(tomorrow, org.sub_head, op.APPROVE_SKP, skpId=skp_id)
    by_next_up = await step(tomorrow, org.director, op.APPROVE_SKP, skpId=skp_id)

    assert by_former == {
        "__typename": "NotFound",
        "message": f"SKP {skp_id} not found",
        "id": skp_id,
    }
    assert before == (2, 2, 2, 8, 0, 0)
    assert by_next_up["skp"]["appraiser"] == {"id": org.director}  # the vacancy passes it up


async def test_approved_skp_cannot_be_edited_without_a_revision(client: Client, org: Org) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, rhk_id = await approved(client, org.staff, org.sub_head)
    before = await client.totals()

    edit = await step(client, org.staff, op.UPDATE_RHK, rhkId=rhk_id, title="Diam-diam")
    add = await step(client, org.staff, op.ADD_RHK, skpId=skp_id, kind="UTAMA", title="Baru")

    expected = {
        "__typename": "Conflict",
        "message": "an approved SKP cannot be edited; revise it first",
    }
    assert edit == add == expected
    assert await client.totals() == before


async def test_revision_makes_a_new_draft_and_keeps_history(client: Client, org: Org) -> None:
    await complete_skp(client, org.sub_head)
    skp_id, rhk_id = await approved(client, org.staff, org.sub_head)

    revised = await step(client, org.staff, op.REVISE_SKP, skpId=skp_id, reason="Mutasi tugas")
    new = revised["skp"]
    await step(client, org.staff, op.UPDATE_RHK, rhkId=new["items"][0]["id"], title="Direvisi")
    await step(client, org.staff, op.ADD_RHK, skpId=new["id"], kind="TAMBAHAN", title="Baru")
    diff = await client.as_(org.staff).data(op.SKP_DIFF, **{"from": skp_id, "to": new["id"]})

    assert new["status"] == "DRAFT"
    assert new["version"] == 2
    assert new["history"] == [
        {"id": skp_id, "version": 1, "status": "APPROVED"},
        {"id": new["id"], "version": 2, "status": "DRAFT"},
    ]
    items = diff["skpDiff"]["items"]
    assert [(i["change"], i["fields"]) for i in items] == [("CHANGED", ["title"]), ("ADDED", [])]
    assert items[0]["before"]["id"] == rhk_id
    assert diff["skpDiff"]["indicators"] == []
    assert await client.totals() == (3, 4, 3, 12, 0, 2)  # approved + revised events


async def test_revising_a_draft_is_refused(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)

    result = await step(client, org.staff, op.REVISE_SKP, skpId=skp["id"], reason="x")

    assert result == {
        "__typename": "Conflict",
        "message": "only an approved SKP is revised (this one is DRAFT); edit it instead",
    }


async def test_copy_last_period_into_a_new_draft(client: Client, org: Org) -> None:
    skp_id, _ = await complete_skp(client, org.staff)

    result = await step(
        client,
        org.staff,
        op.COPY_SKP,
        fromSkpId=skp_id,
        periodStart="2026-01-01",
        periodEnd="2026-12-31",
    )

    copy = result["skp"]
    assert (copy["status"], copy["version"], copy["periodStart"]) == ("DRAFT", 1, "2026-01-01")
    assert [i["title"] for i in copy["items"]] == ["Laporan evaluasi program"]
    assert copy["items"][0]["indicators"][0]["monthlyTargets"] == [
        {"month": f"2026-{m:02d}", "target": "3"} for m in (3, 6, 9, 12)
    ]


async def test_rhk_cascades_from_the_superiors_approved_rhk(client: Client, org: Org) -> None:
    await complete_skp(client, org.director)
    _, parent = await approved(client, org.sub_head, org.director)
    skp = await create(client, org.staff)

    result = await add_rhk(client, org.staff, skp["id"], parentRhkId=parent)
    entities = await client.as_(org.sub_head).data(
        op.ENTITIES, reps=[{"__typename": "SkpItem", "id": parent}]
    )

    assert result["rhk"]["parent"]["id"] == parent
    assert entities["_entities"][0]["children"] == [{"id": result["rhk"]["id"]}]


@pytest.mark.parametrize("who", ["peer", "sub_head_draft"])
async def test_rhk_cascading_from_a_wrong_rhk_is_refused(
    client: Client, org: Org, who: str
) -> None:
    if who == "peer":  # an approved RHK, but not the superior's
        await complete_skp(client, org.sub_head)
        _, parent = await approved(client, org.peer, org.sub_head)
        message = f"RHK {parent} is not an RHK of your direct superior"
    else:  # the superior's RHK, but not approved
        _, parent = await complete_skp(client, org.sub_head)
        message = f"RHK {parent} belongs to an SKP that is not approved yet"
    skp = await create(client, org.staff)
    before = await client.totals()

    result = await add_rhk(client, org.staff, skp["id"], parentRhkId=parent)

    assert result == {"__typename": "ValidationFailed", "message": message, "field": "parentRhkId"}
    assert await client.totals() == before


async def test_only_unit_heads_cascade_from_the_plan(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)

    result = await add_rhk(client, org.staff, skp["id"], planOutputId="ro-1")

    assert result == {
        "__typename": "ValidationFailed",
        "message": "only the head of a unit cascades an RHK from the work plan",
        "field": "planOutputId",
    }


async def test_unit_head_cascades_only_from_a_published_plan_output(
    client: Client, org: Org
) -> None:
    skp = await create(client, org.sub_head)

    result = await add_rhk(client, org.sub_head, skp["id"], planOutputId="ro-1")

    assert result == {
        "__typename": "ValidationFailed",
        "message": "plan output ro-1 is not in a published 2025 work plan",
        "field": "planOutputId",
    }


async def test_employee_entity_lists_skps_for_those_who_may_see(client: Client, org: Org) -> None:
    skp = await create(client, org.staff)

    async def ask(who: str, on: str) -> Any:
        reps = [{"__typename": "Employee", "id": org.staff}]  # the executor consumes them
        return await client.as_(who).data(op.EMPLOYEE_SKP, reps=reps, on=on)

    mine = await ask(org.staff, "2025-03-01")
    theirs = await ask(org.outsider, "2025-03-01")
    outside = await ask(org.staff, "2024-03-01")

    assert mine["_entities"] == [
        {
            "id": org.staff,
            "skp": {"id": skp["id"], "status": "DRAFT", "periodStart": "2025-01-01"},
            "skps": {
                "edges": [{"node": {"id": skp["id"], "periodStart": "2025-01-01"}}],
                "pageInfo": {"hasNextPage": False},
            },
        }
    ]
    assert theirs["_entities"] == [
        {"id": org.staff, "skp": None, "skps": {"edges": [], "pageInfo": {"hasNextPage": False}}}
    ]
    assert outside["_entities"][0]["skp"] is None


async def test_entities_of_an_invisible_skp_resolve_to_null(client: Client, org: Org) -> None:
    _, rhk_id = await complete_skp(client, org.staff)
    async with client.db() as session:
        [rhk] = await store.get_rhks(session, [rhk_id])
    assert rhk is not None

    def reps() -> list[dict[str, str]]:
        return [
            {"__typename": "SkpItem", "id": rhk_id},
            {"__typename": "Indicator", "id": rhk.indicators[0].id},
        ]

    seen = await client.as_(org.sub_head).data(op.ENTITIES, reps=reps())
    hidden = await client.as_(org.outsider).data(op.ENTITIES, reps=reps())

    assert [e["id"] for e in seen["_entities"]] == [rhk_id, rhk.indicators[0].id]
    assert hidden["_entities"] == [None, None]
