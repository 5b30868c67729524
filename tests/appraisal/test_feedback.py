"""Dialog kinerja: notes between an employee and their direct superior, visible to both, the
superior chain and HR, listed in the appraisal; never written or seen by peers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from tests.appraisal.appraisal_steps import TABLES, days_later, open_, world
from tests.appraisal.factories import totals
from tests.appraisal.graphql import ERRORS, Client

DB = async_sessionmaker[AsyncSession]

ADD = f"""mutation($input: AddFeedbackNoteInput!) {{ addFeedbackNote(input: $input) {{
    __typename
    ... on FeedbackNotePayload {{ note {{ date body employee {{ id }} author {{ id }} }} }}
    {ERRORS}
}} }}"""
LIST = """query($id: ID!) { feedbackNotes(employeeId: $id, from: "2026-04-01", to: "2026-04-30") {
    nodes { body author { id } }
} }"""


async def _add(client: Client, employee_id: str, body: str) -> dict[str, Any]:
    data = await client.data(ADD, input={"employeeId": employee_id, "body": body})
    result: dict[str, Any] = data["addFeedbackNote"]
    return result


async def test_the_employee_and_the_superior_write_and_both_read(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    staff = w.org.staff
    mine = await _add(w.as_("staff"), staff, "  Need access to the archive  ")
    assert mine["note"] == {
        "date": "2026-04-06",
        "body": "Need access to the archive",
        "employee": {"id": staff},
        "author": {"id": staff},
    }
    reply = await _add(w.as_("sub_head").at(days_later(1)), staff, "Granted")
    assert reply["note"]["author"] == {"id": w.org.sub_head}
    expected = [
        {"body": "Need access to the archive", "author": {"id": staff}},
        {"body": "Granted", "author": {"id": w.org.sub_head}},
    ]
    for name in ("staff", "sub_head", "director"):
        data = await w.as_(name).data(LIST, id=staff)
        assert data["feedbackNotes"]["nodes"] == expected
    hr = w.as_("outsider", (Role.HR, w.org.dg))
    assert (await hr.data(LIST, id=staff))["feedbackNotes"]["nodes"] == expected


async def test_peers_neither_read_nor_write_notes(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    await _add(w.as_("staff"), w.org.staff, "Progress is good")
    assert (await w.as_("peer").data(LIST, id=w.org.staff))["feedbackNotes"]["nodes"] == []
    before = await totals(appraisal_db, *TABLES)
    result = await _add(w.as_("peer"), w.org.staff, "Gossip")
    assert result == {
        "__typename": "NotFound",
        "message": f"employee {w.org.staff} not found",
        "id": w.org.staff,
    }
    assert await totals(appraisal_db, *TABLES) == before


async def test_the_superiors_superior_reads_but_does_not_write(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    before = await totals(appraisal_db, *TABLES)
    result = await _add(w.as_("director"), w.org.staff, "Skip-level note")
    assert (result["__typename"], result["message"]) == (
        "ValidationFailed",
        "only the employee and their direct superior write feedback notes",
    )
    empty = await _add(w.as_("staff"), w.org.staff, "   ")
    assert (empty["__typename"], empty["message"]) == ("ValidationFailed", "body must not be empty")
    assert await totals(appraisal_db, *TABLES) == before


async def test_the_appraisal_lists_the_notes_of_its_period(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    march = w.as_("staff").at(days_later(-10))  # 27 March
    await _add(march, w.org.staff, "Halfway through the reports")
    await _add(w.as_("staff"), w.org.staff, "April already")
    appraisal = await open_(w)
    query = """query($id: ID!) { appraisal(id: $id) { feedbackNotes { date body } } }"""
    data = await w.as_("sub_head").data(query, id=appraisal["id"])
    assert data["appraisal"]["feedbackNotes"] == [
        {"date": "2026-03-27", "body": "Halfway through the reports"}
    ]
    employee = """query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Employee { feedbackNotes(from: "2026-03-01", to: "2026-04-30", first: 1) {
            nodes { body } pageInfo { hasNextPage }
        } }
    } }"""
    reps = [{"__typename": "Employee", "id": w.org.staff}]
    notes = (await w.as_("staff").data(employee, reps=reps))["_entities"][0]["feedbackNotes"]
    assert notes == {
        "nodes": [{"body": "Halfway through the reports"}],
        "pageInfo": {"hasNextPage": True},
    }
