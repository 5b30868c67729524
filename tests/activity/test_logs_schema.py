"""Recording and listing logs through the real schema; every bad input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.activity.store import ActivityLogRow, MonthCloseRow
from tests.activity.conftest import NOW
from tests.activity.factories import Org, Skp, approved_skp, seed_org, totals
from tests.activity.graphql import Client

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def world(activity_db: Sessions) -> tuple[Org, Skp, Skp]:
    """The organisation; staff and peer each with an approved 2025 SKP."""
    async with activity_db() as session, session.begin():
        org = await seed_org(session)
        staff_skp = await approved_skp(session, org.staff)
        peer_skp = await approved_skp(session, org.peer)
    return org, staff_skp, peer_skp


def log_input(skp: Skp, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "date": "2025-06-16",
        "startTime": "08:00:00",
        "endTime": "09:30:00",
        "description": "Menyusun laporan evaluasi",
        "skpItemId": skp.item,
        "indicatorId": skp.indicator,
        "outputQuantity": "1",
    }
    fields.update(overrides)
    return fields


async def test_an_employee_records_a_log_of_their_own_work(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, skp, _ = world
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log_input(skp))
    log = result["log"]
    assert result["__typename"] == "LogPayload"
    assert {k: log[k] for k in ("date", "startTime", "endTime", "minutes", "status")} == {
        "date": "2025-06-16",
        "startTime": "08:00:00",
        "endTime": "09:30:00",
        "minutes": 90,
        "status": "SUBMITTED",
    }
    assert (log["employee"], log["skpItem"], log["skpId"]) == (
        {"id": org.staff},
        {"id": skp.item},
        skp.id,
    )
    assert log["outputQuantity"] == "1"
    assert await totals(activity_db, ActivityLogRow) == (1, 0)


BAD_INPUTS = [
    ("future", {"date": "2025-06-17"}, "date", "a log cannot be in the future"),
    ("before period", {"date": "2024-12-31"}, "date", "the date is before the SKP period"),
    (
        "end before start",
        {"endTime": "07:00:00"},
        "end",
        "the end time must be after the start time",
    ),
    (
        "zero output",
        {"outputQuantity": "0"},
        "outputQuantity",
        "the output quantity must be greater than zero",
    ),
    (
        "negative output",
        {"outputQuantity": "-2"},
        "outputQuantity",
        "the output quantity must be greater than zero",
    ),
    (
        "missing output",
        {"outputQuantity": None},
        "outputQuantity",
        "this indicator needs an output quantity",
    ),
    (
        "unknown item",
        {"skpItemId": "nope"},
        "indicatorId",
        "the indicator is not on an approved SKP of the employee",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "field", "message"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
async def test_a_bad_log_is_refused_and_nothing_changes(
    activity_db: Sessions,
    world: tuple[Org, Skp, Skp],
    case: str,
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    org, skp, _ = world
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log_input(skp, **change))
    assert result == {"__typename": "ValidationFailed", "field": field, "message": message}
    assert await totals(activity_db, ActivityLogRow) == (0, 0)


async def test_another_employees_skp_item_is_refused(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, _, peer_skp = world
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log_input(peer_skp))
    assert result["__typename"] == "ValidationFailed"
    assert result["field"] == "indicatorId"
    assert await totals(activity_db, ActivityLogRow) == (0, 0)


async def test_a_superseded_skp_item_is_refused(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, skp, _ = world
    async with activity_db() as session, session.begin():
        await approved_skp(session, org.staff, version=2, supersedes=skp.id)
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log_input(skp))
    assert result["field"] == "indicatorId"
    assert await totals(activity_db, ActivityLogRow) == (0, 0)


async def test_an_overlapping_log_is_refused(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, skp, _ = world
    client = Client(activity_db).as_(org.staff)
    await client.mutate("createLog", log_input(skp))
    result = await client.mutate(
        "createLog", log_input(skp, startTime="09:00:00", endTime="10:00:00")
    )
    assert result == {
        "__typename": "ValidationFailed",
        "field": "start",
        "message": "overlaps another log from 08:00 to 09:30",
    }
    assert await totals(activity_db, ActivityLogRow) == (1, 0)


async def test_a_log_in_a_closed_month_is_refused(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, skp, _ = world
    async with activity_db() as session, session.begin():
        session.add(
            MonthCloseRow(
                id="c1",
                unit_id=org.sub,
                month="2025-06",
                closed=True,
                revision=1,
                closed_by=org.sub_head,
                closed_at=NOW,
            )
        )
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log_input(skp))
    assert result == {
        "__typename": "ValidationFailed",
        "field": "date",
        "message": "the month is closed",
    }
    assert await totals(activity_db, ActivityLogRow) == (0, 0)


ACTIVITIES = """
query($r: [_Any!]!, $from: Date!, $to: Date!, $status: LogStatus) {
  _entities(representations: $r) {
    ... on Employee { activities(from: $from, to: $to, status: $status, first: 1) {
      edges { cursor node { startTime } } pageInfo { hasNextPage } } }
    ... on SkpItem { activities { nodes { id } } }
  }
}"""


async def test_logs_are_listed_by_date_and_time_to_those_who_may_see_them(
    activity_db: Sessions, world: tuple[Org, Skp, Skp]
) -> None:
    org, skp, _ = world
    client = Client(activity_db).as_(org.staff)
    await client.mutate("createLog", log_input(skp, startTime="10:00:00", endTime="11:00:00"))
    await client.mutate("createLog", log_input(skp))
    window = {"from": "2025-06-01", "to": "2025-06-30"}
    for viewer in (org.staff, org.sub_head):
        data = await client.as_(viewer).data(
            ACTIVITIES, r=[{"__typename": "Employee", "id": org.staff}], **window
        )
        page = data["_entities"][0]["activities"]
        assert [e["node"]["startTime"] for e in page["edges"]] == ["08:00:00"]
        assert page["pageInfo"] == {"hasNextPage": True}
    hidden = await client.as_(org.peer).data(
        ACTIVITIES, r=[{"__typename": "Employee", "id": org.staff}], **window
    )
    assert hidden["_entities"][0]["activities"]["edges"] == []
    approved = await client.data(
        ACTIVITIES, r=[{"__typename": "Employee", "id": org.staff}], status="APPROVED", **window
    )
    assert approved["_entities"][0]["activities"]["edges"] == []
    item = await client.data(ACTIVITIES, r=[{"__typename": "SkpItem", "id": skp.item}], **window)
    assert len(item["_entities"][0]["activities"]["nodes"]) == 2
