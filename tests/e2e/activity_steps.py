"""Activity operations through the real gateway, shared by the activity journey and the bench.

Plain functions over a `Call` (the gateway's JSON answer for a query, variables and token):
logs, verification, attendance and month close, plus reading the ACTIVITY stream with a real
durable JetStream consumer.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from nats.aio.client import Client as Nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import FetchTimeoutError

from tests.authz.org import Call, Person

ACTIVITY_STREAM = "ACTIVITY"
LOG_APPROVED = "activity.log.approved.v1"
MONTH_CLOSED = "activity.attendance.month_closed.v1"
EVENTUALLY_SECONDS = 30
# The smallest file activity recognises as a PDF by its magic bytes.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

ERRORS = """
    ... on NotFound { message }
    ... on ValidationFailed { field message }
    ... on Conflict { message }
"""
LOG = "id date minutes status outputQuantity employee { id } evidence { evidenceId mediaType }"

CREATE_LOG = f"""
mutation($input: CreateLogInput!) {{
  createLog(input: $input) {{ __typename ... on LogPayload {{ log {{ {LOG} }} }} {ERRORS} }}
}}
"""
ATTACH_EVIDENCE = f"""
mutation($input: AttachEvidenceInput!) {{
  attachEvidence(input: $input) {{ __typename ... on LogPayload {{ log {{ {LOG} }} }} {ERRORS} }}
}}
"""
APPROVE_LOG = f"""
mutation($input: ApproveLogInput!) {{
  approveLog(input: $input) {{ __typename ... on LogPayload {{ log {{ {LOG} }} }} {ERRORS} }}
}}
"""
APPROVE_LOGS = """
mutation($input: ApproveLogsInput!) {
  approveLogs(input: $input) {
    outcomes { logId log { id status } error { __typename } }
  }
}
"""
VERIFICATION_QUEUE = f"""
query($first: Int) {{ verificationQueue(first: $first) {{ edges {{ node {{ {LOG} }} }} }} }}
"""
RECORD_ATTENDANCE = f"""
mutation($input: RecordAttendanceInput!) {{
  recordAttendance(input: $input) {{
    __typename ... on AttendanceRecordPayload {{ record {{ id kind at date source }} }} {ERRORS}
  }}
}}
"""
CLOSE_MONTH = f"""
mutation($input: CloseMonthInput!) {{
  closeMonth(input: $input) {{
    __typename ... on MonthClosePayload {{ monthClose {{ unitId month closed revision }} }}
    {ERRORS}
  }}
}}
"""
EMPLOYEE_ATTENDANCE = """
query($id: ID!, $month: String!) {
  employee(id: $id) {
    attendance(month: $month) {
      month timeZone closed revision
      days { date kind checkIn checkOut tl tlMinutes psw pswMinutes }
      summary {
        workingDays presentDays tl { code days } tlMinutes psw { code days } pswMinutes
        unexcusedDays officialDutyDays effectiveMinutes
      }
    }
  }
}
"""
SKP_ITEMS = """
query($id: ID!, $on: Date!) {
  employee(id: $id) { skp(on: $on) { id status items { id title indicators { id } } } }
}
"""


def field(call: Call, who: Person, query: str, name: str, **variables: Any) -> Any:
    """Run one operation as `who`; its result field (no GraphQL errors allowed)."""
    body = call(query, variables, who.token)
    assert body.get("errors") is None, body
    return body["data"][name]


def eventually(what: str, attempt: Callable[[], Any], seconds: float = EVENTUALLY_SECONDS) -> Any:
    """Poll `attempt` until it returns something truthy (a replica catching up)."""
    deadline = time.monotonic() + seconds
    while not (result := attempt()):
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.1)
    return result


def approved_indicator(call: Call, who: Person, on: str, title: str) -> tuple[str, str]:
    """(SKP item id, first indicator id) of the RHK titled `title` on `who`'s approved SKP."""
    skp = field(call, who, SKP_ITEMS, "employee", id=who.id, on=on)["skp"]
    assert skp["status"] == "APPROVED", skp
    [item] = [item for item in skp["items"] if item["title"] == title]
    return item["id"], item["indicators"][0]["id"]


def create_log(call: Call, who: Person, **input_: Any) -> dict[str, Any]:
    """`createLog` as `who`: the result as returned."""
    result: dict[str, Any] = field(call, who, CREATE_LOG, "createLog", input=input_)
    return result


def create_log_when_replicated(call: Call, who: Person, **input_: Any) -> dict[str, Any]:
    """`createLog`, retried until activity's SKP replica has the approved SKP; the log."""

    def attempt() -> dict[str, Any] | None:
        result = create_log(call, who, **input_)
        if result["__typename"] == "LogPayload":
            log: dict[str, Any] = result["log"]
            return log
        assert result["__typename"] == "ValidationFailed", result
        return None

    log: dict[str, Any] = eventually("activity has the approved SKP", attempt)
    return log


def upload_evidence(activity_url: str, who: Person, content: bytes, name: str) -> dict[str, Any]:
    """POST the file to activity's own `/evidence` with `who`'s bearer token."""
    response = httpx.post(
        f"{activity_url}/evidence",
        files={"file": (name, content, "application/pdf")},
        headers={"authorization": f"Bearer {who.token}"},
        timeout=15,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def read_stream(
    nats_url: str, durable: str, *, stream: str = ACTIVITY_STREAM, settle_seconds: float = 1.0
) -> list[Any]:
    """Every message of a stream (ACTIVITY unless told) through a new durable pull consumer,
    acked one by one.

    Fetches until the stream has been quiet for `settle_seconds`, then drains the connection.
    Returns (subject, data) pairs of CloudEvents.
    """

    async def consume() -> list[Any]:
        nc = Nats()
        await nc.connect(nats_url)
        try:
            js = nc.jetstream()
            config = ConsumerConfig(
                durable_name=durable,
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
            )
            sub = await js.pull_subscribe(
                f"{stream.lower()}.>", durable=durable, stream=stream, config=config
            )
            seen: list[Any] = []
            while True:
                try:
                    batch = await sub.fetch(100, timeout=settle_seconds)
                except (FetchTimeoutError, TimeoutError):
                    break
                for message in batch:
                    event = json.loads(message.data)
                    seen.append((message.subject, event["data"]))
                    await message.ack()
            return seen
        finally:
            await nc.drain()

    return asyncio.run(consume())
