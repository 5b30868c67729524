"""The direct superior approves, rejects and revokes; every approval and revocation is an event."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events.tables import OutboxRow
from services.activity.service.evidence import store_upload
from services.activity.storage import LocalEvidenceStore
from services.activity.store import ActivityLogRow, LogRevocationRow
from tests.activity.conftest import NOW
from tests.activity.factories import Org, Skp, approved_skp, seed_org, totals
from tests.activity.graphql import Client
from tests.activity.test_evidence import PDF

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def logged(activity_db: Sessions) -> tuple[Org, Skp, str]:
    """Staff (under sub_head) logged 08:00–09:30 on 2025-06-16 for an approved SKP."""
    async with activity_db() as session, session.begin():
        org = await seed_org(session)
        skp = await approved_skp(session, org.staff)
    log = {
        "date": "2025-06-16",
        "startTime": "08:00:00",
        "endTime": "09:30:00",
        "description": "Menyusun laporan",
        "skpItemId": skp.item,
        "indicatorId": skp.indicator,
        "outputQuantity": "2",
    }
    result = await Client(activity_db).as_(org.staff).mutate("createLog", log)
    return org, skp, result["log"]["id"]


async def events(db: Sessions) -> list[tuple[str, dict[str, Any]]]:
    async with db() as session:
        rows = await session.scalars(select(OutboxRow).order_by(OutboxRow.created_at))
        return [(r.subject, json.loads(r.payload)["data"]) for r in rows]


async def test_the_superior_approves_and_the_approval_is_published(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, skp, log_id = logged
    result = await Client(activity_db).as_(org.sub_head).mutate("approveLog", {"logId": log_id})
    assert result["log"]["status"] == "APPROVED"
    assert result["log"]["decidedBy"] == {"id": org.sub_head}
    assert await events(activity_db) == [
        (
            "activity.log.approved.v1",
            {
                "log_id": log_id,
                "employee_id": org.staff,
                "date": "2025-06-16",
                "skp_id": skp.id,
                "skp_item_id": skp.item,
                "indicator_id": skp.indicator,
                "output_quantity": "2",
                "minutes": 90,
                "approved_by": org.sub_head,
                "approved_at": NOW.isoformat(),
            },
        )
    ]


@pytest.mark.parametrize("who", ["staff", "peer", "director", "outsider"])
async def test_only_the_direct_superior_approves(
    activity_db: Sessions, logged: tuple[Org, Skp, str], who: str
) -> None:
    org, _, log_id = logged
    result = (
        await Client(activity_db).as_(getattr(org, who)).mutate("approveLog", {"logId": log_id})
    )
    expected = {
        "staff": ("ValidationFailed", "nobody verifies their own log"),
        "peer": ("NotFound", f"log {log_id} not found"),
        "director": (
            "ValidationFailed",
            "only the employee's direct superior on the log's date verifies it",
        ),
        "outsider": ("NotFound", f"log {log_id} not found"),
    }[who]
    assert (result["__typename"], result["message"]) == expected
    async with activity_db() as session:
        row = await session.get(ActivityLogRow, log_id)
        assert row is not None
        assert row.status.value == "SUBMITTED"
    assert await totals(activity_db, ActivityLogRow) == (1, 0)


APPROVE_LOGS = """
mutation($input: ApproveLogsInput!) {
  approveLogs(input: $input) {
    outcomes { logId log { status } error { __typename message } }
  }
}"""


async def test_bulk_approval_reports_each_log(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, _, log_id = logged
    client = Client(activity_db).as_(org.sub_head)
    data = await client.data(APPROVE_LOGS, input={"logIds": [log_id, "missing", log_id]})
    assert data["approveLogs"]["outcomes"] == [
        {"logId": log_id, "log": {"status": "APPROVED"}, "error": None},
        {
            "logId": "missing",
            "log": None,
            "error": {"__typename": "NotFound", "message": "log missing not found"},
        },
        {
            "logId": log_id,
            "log": None,
            "error": {
                "__typename": "ValidationFailed",
                "message": "the log is approved, not waiting for review",
            },
        },
    ]
    assert len(await events(activity_db)) == 1


QUEUE = "{ verificationQueue { nodes { id } } }"


async def test_the_queue_holds_subordinates_submitted_logs(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, _, log_id = logged
    client = Client(activity_db)
    assert (await client.as_(org.sub_head).data(QUEUE))["verificationQueue"]["nodes"] == [
        {"id": log_id}
    ]
    assert (await client.as_(org.director).data(QUEUE))["verificationQueue"]["nodes"] == []
    await client.as_(org.sub_head).mutate("rejectLog", {"logId": log_id, "reason": "Bukti kurang"})
    assert (await client.as_(org.sub_head).data(QUEUE))["verificationQueue"]["nodes"] == []


async def test_rejecting_needs_a_reason_and_frees_the_time_slot(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, _, log_id = logged
    client = Client(activity_db).as_(org.sub_head)
    blank = await client.mutate("rejectLog", {"logId": log_id, "reason": "  "})
    assert blank["__typename"] == "ValidationFailed"
    assert blank["field"] == "reason"
    result = await client.mutate("rejectLog", {"logId": log_id, "reason": "Bukti kurang"})
    assert (result["log"]["status"], result["log"]["decisionReason"]) == (
        "REJECTED",
        "Bukti kurang",
    )
    assert await totals(activity_db, ActivityLogRow) == (1, 0)


async def test_an_approval_is_revoked_with_an_audited_reason(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, _, log_id = logged
    client = Client(activity_db).as_(org.sub_head)
    early = await client.mutate("revokeLogApproval", {"logId": log_id, "reason": "Salah"})
    assert early["message"] == "only an approved log can be revoked"
    await client.mutate("approveLog", {"logId": log_id})
    result = await client.mutate("revokeLogApproval", {"logId": log_id, "reason": "Output ganda"})
    assert result["log"]["status"] == "REVOKED"
    assert result["log"]["revocations"] == [
        {"revokedBy": {"id": org.sub_head}, "reason": "Output ganda", "revokedAt": NOW.isoformat()}
    ]
    subject, data = (await events(activity_db))[-1]
    assert subject == "activity.log.revoked.v1"
    assert (data["reason"], data["revoked_by"], data["minutes"]) == (
        "Output ganda",
        org.sub_head,
        90,
    )
    assert await totals(activity_db, LogRevocationRow) == (1, 2)


async def test_the_same_file_from_another_employee_is_flagged_to_the_superior(
    activity_db: Sessions, logged: tuple[Org, Skp, str], tmp_path: Any
) -> None:
    org, _, log_id = logged
    async with activity_db() as session, session.begin():
        peer_skp = await approved_skp(session, org.peer)
    peer_log = (
        await Client(activity_db)
        .as_(org.peer)
        .mutate(
            "createLog",
            {
                "date": "2025-06-16",
                "startTime": "10:00:00",
                "endTime": "11:00:00",
                "description": "Menyusun laporan",
                "skpItemId": peer_skp.item,
                "indicatorId": peer_skp.indicator,
                "outputQuantity": "1",
            },
        )
    )
    store = LocalEvidenceStore(tmp_path)
    ids = {}
    for who in ("staff", "peer"):
        async with activity_db() as session, session.begin():
            row = await store_upload(
                session,
                store,
                PDF,
                filename="laporan.pdf",
                uploaded_by=getattr(org, who),
                max_bytes=1024,
                now=NOW,
            )
            ids[who] = row.id
    client = Client(activity_db)
    first = await client.as_(org.staff).mutate(
        "attachEvidence", {"logId": log_id, "evidenceId": ids["staff"]}
    )
    assert first["log"]["evidence"][0]["duplicateOf"] is None
    stolen = await client.as_(org.staff).mutate(
        "attachEvidence", {"logId": log_id, "evidenceId": ids["peer"]}
    )
    assert stolen["__typename"] == "NotFound"
    peer_id = peer_log["log"]["id"]
    attached = await client.as_(org.peer).mutate(
        "attachEvidence", {"logId": peer_id, "evidenceId": ids["peer"]}
    )
    assert attached["log"]["evidence"][0]["duplicateOf"] is None  # hidden from the employee
    seen = await client.as_(org.sub_head).data(
        "query($id: ID!) { activityLog(id: $id) { evidence { mediaType duplicateOf } } }",
        id=peer_id,
    )
    assert seen["activityLog"]["evidence"] == [
        {"mediaType": "application/pdf", "duplicateOf": log_id}
    ]


PAGED_QUEUE = """query($after: String) { verificationQueue(first: 1, after: $after) {
  nodes { id } pageInfo { hasNextPage endCursor } } }"""


async def test_the_queue_pages_through_every_waiting_log(
    activity_db: Sessions, logged: tuple[Org, Skp, str]
) -> None:
    org, skp, first_log = logged
    client = Client(activity_db)
    later = []
    for start, end in (("10:00:00", "11:00:00"), ("13:00:00", "14:30:00")):
        created = await client.as_(org.staff).mutate(
            "createLog",
            {
                "date": "2025-06-16",
                "startTime": start,
                "endTime": end,
                "description": "Verifikasi data",
                "skpItemId": skp.item,
                "indicatorId": skp.indicator,
                "outputQuantity": "1",
            },
        )
        later.append(created["log"]["id"])

    seen, pages, after = [], [], None
    while True:
        page = (await client.as_(org.sub_head).data(PAGED_QUEUE, after=after))["verificationQueue"]
        seen += [node["id"] for node in page["nodes"]]
        pages.append(page["pageInfo"]["hasNextPage"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == [first_log, *later]
    assert pages == [True, True, False]
