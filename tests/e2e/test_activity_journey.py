"""The activity journey through the real gateway: attendance → evidence → log → approval → close.

A staff member with an approved SKP (the SKP journey's organisation, built again here) has their
check-in and check-out recorded by the unit's HR from the attendance device, uploads a PDF to
activity's own `/evidence` with their bearer token, logs a day of work against their SKP
indicator and attaches the evidence; their director sees the log in `verificationQueue` and
approves it. A durable JetStream consumer on the ACTIVITY stream (the `kinerja up` of the test
session's own NATS) receives `activity.log.approved.v1` for that log exactly once. HR then
closes the month for the directorate; the published summary of the staff member matches the
days `Employee.attendance(month)` shows.

Everything happens in June 2025: a month long over in the unit's zone (Asia/Jakarta), covered
by the 2025 SKP period, so the "not in the future" rules hold.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.authz.org import Call, OrgBuilder, Person
from tests.e2e import activity_steps as steps
from tests.e2e.clients import Clients
from tests.e2e.conftest import Platform
from tests.e2e.test_targets_journey import STAFF1_RHK, Team, skp_journey

pytestmark = pytest.mark.e2e

SLOW_SECONDS = 60
MONTH = "2025-06"
LOG_DAY = "2025-06-03"  # a Tuesday
# (day, check-in, check-out) in Jakarta time: 15 min late (TL1) / 20 min early leave (PSW1).
TAPS = [
    ("2025-06-03", "07:45", "16:05"),
    ("2025-06-04", "07:25", "15:40"),
]


@dataclass
class Journey:
    """What the journey did and saw."""

    team: Team
    hr: Person
    seen: dict[str, Any] = field(default_factory=dict)
    nats_url: str = ""


def record_taps(clients: Clients, hr: Person, employee: Person) -> list[dict[str, Any]]:
    """HR feeds the device's taps for `employee` (retried until activity knows HR's grant)."""
    recorded = []
    for day, check_in, check_out in TAPS:
        for kind, clock in (("CHECK_IN", check_in), ("CHECK_OUT", check_out)):
            input_ = {
                "employeeId": employee.id,
                "kind": kind,
                "at": f"{day}T{clock}:00+07:00",
                "source": "DEVICE",
                "deviceEventId": f"fp-01/{uuid.uuid4()}",
            }

            def attempt(input_: dict[str, Any] = input_) -> dict[str, Any] | None:
                result: dict[str, Any] = steps.field(
                    clients.via_gateway,
                    hr,
                    steps.RECORD_ATTENDANCE,
                    "recordAttendance",
                    input=input_,
                )
                return result if result["__typename"] == "AttendanceRecordPayload" else None

            recorded.append(steps.eventually("activity knows HR", attempt)["record"])
    return recorded


def slow_call(clients: Clients) -> Call:
    """A `Call` through the gateway that waits up to a minute for the answer."""

    def call(query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
        response = clients.http.post(
            clients.gateway_url,
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
            timeout=SLOW_SECONDS,
        )
        body: dict[str, Any] = response.json()
        return body

    return call


def approved(journey: Journey) -> bool:
    """Did the superior's approveLog succeed?"""
    body = journey.seen["approved"]
    result = (body.get("data") or {}).get("approveLog") or {}
    return bool(result.get("__typename") == "LogPayload")


@pytest.fixture(scope="module")
def journey(clients: Clients, admin: Person, platform: Platform) -> Journey:
    """The whole journey, run once; the tests check what it recorded."""
    call = clients.via_gateway
    team = skp_journey(clients, admin)
    builder = OrgBuilder(call, admin.token)
    hr = builder.give_account(
        builder.person("SDM Direktorat", team.directorate, reports_to_id=team.director.position_id)
    )
    builder.grant(hr, "HR", team.directorate)
    journey = Journey(team, hr)
    staff, director = team.staff1, team.director
    seen = journey.seen

    seen["taps"] = record_taps(clients, hr, staff)

    item_id, indicator_id = steps.approved_indicator(call, staff, LOG_DAY, STAFF1_RHK)
    activity_url = f"http://127.0.0.1:{platform.env['KINERJA_ACTIVITY_PORT']}"
    seen["upload"] = steps.upload_evidence(activity_url, staff, steps.PDF, "notulen.pdf")
    log = steps.create_log_when_replicated(
        call,
        staff,
        date=LOG_DAY,
        startTime="09:00",
        endTime="11:30",
        description="Asesmen ATENSI tiga anak di LKS mitra",
        skpItemId=item_id,
        indicatorId=indicator_id,
        outputQuantity="3",
    )
    seen["log"] = log
    seen["attached"] = steps.field(
        call,
        staff,
        steps.ATTACH_EVIDENCE,
        "attachEvidence",
        input={"logId": log["id"], "evidenceId": seen["upload"]["id"]},
    )
    seen["queue"] = steps.eventually(
        "the director's queue has the log",
        lambda: steps.field(call, director, steps.VERIFICATION_QUEUE, "verificationQueue")["edges"],
    )
    # Both wait on the service's write lock for up to its SQLite busy timeout (30 s): see
    # test_the_superior_approves_and_a_durable_consumer_receives_it_exactly_once.
    slow = slow_call(clients)
    seen["approved"] = slow(steps.APPROVE_LOG, {"input": {"logId": log["id"]}}, director.token)
    seen["closed"] = steps.field(
        slow,
        hr,
        steps.CLOSE_MONTH,
        "closeMonth",
        input={"unitId": team.directorate, "month": MONTH},
    )
    seen["attendance"] = steps.field(
        call, hr, steps.EMPLOYEE_ATTENDANCE, "employee", id=staff.id, month=MONTH
    )["attendance"]
    nats_url = f"nats://127.0.0.1:{platform.env['KINERJA_EMBEDDED_NATS_PORT']}"

    journey.nats_url = nats_url

    def events() -> list[Any] | None:
        found = steps.read_stream(nats_url, f"e2e-journey-{uuid.uuid4().hex[:8]}")
        closed = [d for s, d in found if s == steps.MONTH_CLOSED and d["employee_id"] == staff.id]
        return found if closed else None

    seen["events"] = steps.eventually("the relay published the month close", events)
    return journey


def test_hr_records_the_device_taps_for_the_employee(journey: Journey) -> None:
    taps = journey.seen["taps"]
    assert [(t["date"], t["kind"], t["source"]) for t in taps] == [
        ("2025-06-03", "CHECK_IN", "DEVICE"),
        ("2025-06-03", "CHECK_OUT", "DEVICE"),
        ("2025-06-04", "CHECK_IN", "DEVICE"),
        ("2025-06-04", "CHECK_OUT", "DEVICE"),
    ]


def test_the_log_carries_the_uploaded_evidence_and_waits_in_the_superiors_queue(
    journey: Journey,
) -> None:
    log, upload = journey.seen["log"], journey.seen["upload"]
    assert upload["mediaType"] == "application/pdf"
    assert log["status"] == "SUBMITTED"
    assert log["minutes"] == 150
    assert log["employee"] == {"id": journey.team.staff1.id}
    attached = journey.seen["attached"]
    assert attached["__typename"] == "LogPayload", attached
    assert attached["log"]["evidence"] == [
        {"evidenceId": upload["id"], "mediaType": "application/pdf"}
    ]
    assert [edge["node"]["id"] for edge in journey.seen["queue"]] == [log["id"]]


def test_the_month_close_summary_matches_the_daily_records(journey: Journey) -> None:
    closed = journey.seen["closed"]
    assert closed["__typename"] == "MonthClosePayload", closed
    assert closed["monthClose"]["closed"] is True
    staff = journey.team.staff1
    [summary] = [
        data
        for subject, data in journey.seen["events"]
        if subject == steps.MONTH_CLOSED and data["employee_id"] == staff.id
    ]
    attendance = journey.seen["attendance"]
    days = attendance["days"]
    present = [day for day in days if day["kind"] == "PRESENT"]
    assert attendance["closed"] is True
    assert [day["date"] for day in present] == [day for day, _, _ in TAPS]
    assert summary["month"] == MONTH
    assert summary["unit_id"] == journey.team.directorate
    assert summary["present_days"] == len(present) == attendance["summary"]["presentDays"]
    for kind, expected in (("tl", {"TL1": 1}), ("psw", {"PSW1": 1})):
        bands = {band["code"]: band["days"] for band in attendance["summary"][kind]}
        counted = Counter(day[kind] for day in present if day[kind])
        assert summary[kind] == bands
        assert {code: days for code, days in summary[kind].items() if days} == counted == expected
    assert summary["tl_minutes"] == sum(d["tlMinutes"] for d in present) == 15
    assert summary["psw_minutes"] == sum(d["pswMinutes"] for d in present) == 20
    assert summary["working_days"] == attendance["summary"]["workingDays"]
    assert summary["unexcused_days"] == attendance["summary"]["unexcusedDays"]
    assert summary["revision"] == attendance["revision"] == 1
    # Effective minutes are those of approved logs: the superior approved the 150-minute log.
    assert approved(journey), journey.seen["approved"]
    effective = attendance["summary"]["effectiveMinutes"]
    assert summary["effective_minutes"] == effective == 150


def test_the_superior_approves_and_a_durable_consumer_receives_it_exactly_once(
    journey: Journey,
) -> None:
    assert approved(journey), journey.seen["approved"]
    log, staff = journey.seen["log"], journey.team.staff1
    found = steps.read_stream(journey.nats_url, f"e2e-approved-{uuid.uuid4().hex[:8]}")
    approvals = [d for s, d in found if s == steps.LOG_APPROVED and d["log_id"] == log["id"]]
    assert len(approvals) == 1
    [event] = approvals
    assert event["employee_id"] == staff.id
    assert event["date"] == LOG_DAY
    assert event["minutes"] == 150
    assert event["output_quantity"] == "3"
    assert event["approved_by"] == journey.team.director.id
