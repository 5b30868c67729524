"""The allowance journey through the real gateway: a closed month becomes a locked, exported run.

A ministry with one directorate (its head, a staff member and an HR officer granted on the
ministry) works through June 2025 without a single check-in recorded, so every working day is
an unexcused absence. HR closes the month in activity; allowance, fed only by activity's and
identity's events, computes the run: every payment explained line by line, the deductions held
at the discipline component's cap. Nobody was appraised, so the run lists what is missing and
will not lock without a reason; HR reviews it and locks it with one. The staff member sees their
own payment, their superior does not. An HR system signs in as a service account with
`allowance:export`, reads the locked run through the gateway and downloads its export from the
allowance service, whose checksum matches the manifest and the `allowance.run.locked.v1` event
a durable JetStream consumer receives exactly once. A service account without the scope sees
nothing, and the locked run refuses to be computed again.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.authz.org import OrgBuilder, Person
from tests.authz.probes_access import CREATE_SERVICE_ACCOUNT, SERVICE_LOGIN
from tests.e2e import activity_steps as activity
from tests.e2e.clients import Clients
from tests.e2e.conftest import Platform
from tests.e2e.test_activity_journey import slow_call

pytestmark = pytest.mark.e2e

MONTH = "2025-06"
ALLOWANCE_STREAM = "ALLOWANCE"
RUN_LOCKED = "allowance.run.locked.v1"
ERRORS = """
    ... on NotFound { message }
    ... on ValidationFailed { field message }
    ... on Conflict { message }
"""
RUN = """
    id organisationId month status revision missing employees total { amount } resultsDigest
    overrideReason totalsByUnit { unitId employees total { amount } }
    files { format path sha256 size }
    payments { edges { node { nip name total { amount } lines { kind code amount { amount } } } } }
"""


def run_mutation(name: str, input_type: str) -> str:
    """computeRun / reviewRun / lockRun answering the run (or a typed error)."""
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ __typename ... on RunPayload {{ run {{ {RUN} }} }} {ERRORS} }}
}}
"""


COMPUTE = run_mutation("computeRun", "ComputeRunInput")
REVIEW = run_mutation("reviewRun", "ReviewRunInput")
LOCK = run_mutation("lockRun", "LockRunInput")
RUN_QUERY = f"query($id: ID!) {{ allowanceRun(id: $id) {{ {RUN} }} }}"
EMPLOYEE_ALLOWANCE = """
query($id: ID!, $month: String!) {
  employee(id: $id) {
    name
    allowance(month: $month) {
      month total { amount } status kelas runStatus
      lines { kind code label count percent basis { amount } amount { amount } }
    }
  }
}
"""


def rp(money: dict[str, str]) -> int:
    """Whole rupiah of a `Money` value."""
    return int(money["amount"])


@dataclass
class Journey:
    """What the journey did and saw."""

    org: dict[str, Any]
    people: dict[str, Person]
    seen: dict[str, Any] = field(default_factory=dict)


def service_token(clients: Clients, admin: Person, name: str, scopes: list[str]) -> str:
    """A service account with `scopes`, created by the admin and signed in through the gateway."""
    call = clients.via_gateway
    body = call(CREATE_SERVICE_ACCOUNT, {"input": {"name": name, "scopes": scopes}}, admin.token)
    created = body["data"]["createServiceAccount"]
    client = {
        "clientId": created["serviceAccount"]["clientId"],
        "clientSecret": created["clientSecret"],
    }
    login = call(SERVICE_LOGIN, {"i": client}, None)["data"]["serviceLogin"]
    token: str = login["accessToken"]
    return token


@pytest.fixture(scope="module")
def journey(clients: Clients, admin: Person, platform: Platform) -> Journey:
    """The whole journey, run once; the tests check what it recorded."""
    call = clients.via_gateway
    slow = slow_call(clients)
    builder = OrgBuilder(call, admin.token)
    ministry = builder.unit("Kementerian Tukin", type="MINISTRY")
    directorate = builder.unit("Direktorat Tukin", parent_id=ministry)
    head = builder.person("Kepala Tukin", directorate, job="JPT_PRATAMA")
    staff = builder.person("Staf Tukin", directorate, reports_to_id=head.position_id)
    hr = builder.person("SDM Tukin", directorate, reports_to_id=head.position_id)
    for person in (head, staff, hr):
        builder.give_account(person)
    builder.grant(hr, "HR", ministry)
    journey = Journey(
        {"ministry": ministry, "directorate": directorate}, {"head": head, "staff": staff, "hr": hr}
    )
    seen = journey.seen

    def closed() -> Any:
        result = activity.field(
            slow,
            hr,
            activity.CLOSE_MONTH,
            "closeMonth",
            input={"unitId": directorate, "month": MONTH},
        )
        return result if result["__typename"] == "MonthClosePayload" else None

    seen["closed"] = activity.eventually("activity knows HR and the directorate", closed)

    def computed() -> Any:
        result = activity.field(
            slow, hr, COMPUTE, "computeRun", input={"organisationId": ministry, "month": MONTH}
        )
        if result["__typename"] != "RunPayload":
            return None
        run = result["run"]
        waiting = [line for line in run["missing"] if "attendance" in line.lower()]
        return run if run["employees"] == 3 and not waiting else None

    seen["computed"] = activity.eventually("allowance has the closed month", computed, seconds=60)
    run_id = seen["computed"]["id"]
    seen["reviewed"] = activity.field(slow, hr, REVIEW, "reviewRun", input={"runId": run_id})
    seen["lock without reason"] = activity.field(slow, hr, LOCK, "lockRun", input={"runId": run_id})
    seen["locked"] = activity.field(
        slow,
        hr,
        LOCK,
        "lockRun",
        input={"runId": run_id, "overrideReason": "Penilaian Juni belum ada; dibayar 65 %."},
    )
    seen["recompute locked"] = activity.field(
        slow, hr, COMPUTE, "computeRun", input={"organisationId": ministry, "month": MONTH}
    )
    for who, whose in (("staff", staff), ("head", staff)):
        viewer = journey.people[who]
        seen[f"{who} sees staff"] = activity.field(
            call, viewer, EMPLOYEE_ALLOWANCE, "employee", id=whose.id, month=MONTH
        )

    exporter = service_token(clients, admin, "Sistem Penggajian", ["allowance:export"])
    reader = service_token(clients, admin, "Sistem Direktori", ["directory:read"])
    for name, token in (("exporter", exporter), ("reader", reader)):
        body = call(RUN_QUERY, {"id": run_id}, token)
        assert body.get("errors") is None, body
        seen[f"{name} reads"] = body["data"]["allowanceRun"]
    allowance_url = f"http://127.0.0.1:{platform.env['KINERJA_ALLOWANCE_PORT']}"
    for name, token in (("exporter", exporter), ("reader", reader)):
        seen[f"{name} downloads"] = httpx.get(
            f"{allowance_url}/runs/{run_id}/export.csv",
            headers={"authorization": f"Bearer {token}"},
            timeout=30,
        )
    seen["manifest"] = httpx.get(
        f"{allowance_url}/runs/{run_id}/manifest.json",
        headers={"authorization": f"Bearer {exporter}"},
        timeout=30,
    )
    nats_url = f"nats://127.0.0.1:{platform.env['KINERJA_EMBEDDED_NATS_PORT']}"

    def locked_events() -> Any:
        found = activity.read_stream(
            nats_url, f"e2e-{uuid.uuid4().hex[:8]}", stream=ALLOWANCE_STREAM
        )
        mine = [d for s, d in found if s == RUN_LOCKED and d["run_id"] == run_id]
        return mine or None

    seen["events"] = activity.eventually("the relay published the lock", locked_events)
    return journey


def test_the_run_explains_every_payment_and_caps_the_deductions(journey: Journey) -> None:
    run = journey.seen["computed"]
    assert (run["month"], run["status"], run["employees"]) == (MONTH, "DRAFT", 3)
    assert run["organisationId"] == journey.org["ministry"]
    payments = [edge["node"] for edge in run["payments"]["edges"]]
    assert len(payments) == 3
    for payment in payments:
        assert sum(rp(line["amount"]) for line in payment["lines"]) == rp(payment["total"])
        kinds = {line["kind"] for line in payment["lines"]}
        assert {"TARIFF", "PERFORMANCE", "DEDUCTION", "CAP"} <= kinds  # absent all month
    assert sum(rp(p["total"]) for p in payments) == rp(run["total"])
    [unit] = run["totalsByUnit"]
    assert (unit["unitId"], unit["employees"], rp(unit["total"])) == (
        journey.org["directorate"],
        3,
        rp(run["total"]),
    )


def test_a_run_with_missing_inputs_locks_only_with_a_reason_and_then_never_changes(
    journey: Journey,
) -> None:
    assert journey.seen["computed"]["missing"], "no appraisal was final: the run says so"
    assert journey.seen["reviewed"]["run"]["status"] == "REVIEWED"
    refused = journey.seen["lock without reason"]
    assert refused["__typename"] == "ValidationFailed", refused
    assert refused["field"] == "overrideReason"
    locked = journey.seen["locked"]["run"]
    assert locked["status"] == "LOCKED"
    assert locked["overrideReason"] == "Penilaian Juni belum ada; dibayar 65 %."
    assert locked["resultsDigest"] == journey.seen["computed"]["resultsDigest"]
    assert journey.seen["recompute locked"]["__typename"] == "Conflict"


def test_the_employee_sees_their_own_pay_and_the_superior_does_not(journey: Journey) -> None:
    own = journey.seen["staff sees staff"]["allowance"]
    assert own is not None
    assert (own["month"], own["runStatus"], own["kelas"]) == (MONTH, "LOCKED", 7)
    assert sum(rp(line["amount"]) for line in own["lines"]) == rp(own["total"])
    tariff = next(line for line in own["lines"] if line["kind"] == "TARIFF")
    assert rp(tariff["amount"]) == 3_915_950  # kelas 7, Perpres 71/2023
    assert journey.seen["head sees staff"]["allowance"] is None


def test_an_hr_system_exports_the_locked_run_with_its_scope_only(journey: Journey) -> None:
    locked = journey.seen["locked"]["run"]
    assert journey.seen["exporter reads"]["status"] == "LOCKED"
    assert rp(journey.seen["exporter reads"]["total"]) == rp(locked["total"])
    assert journey.seen["reader reads"] is None
    download = journey.seen["exporter downloads"]
    assert download.status_code == 200, download.text
    csv = next(f for f in locked["files"] if f["format"] == "csv")
    assert hashlib.sha256(download.content).hexdigest() == csv["sha256"]
    manifest = journey.seen["manifest"].json()
    assert {f["format"]: f["sha256"] for f in manifest["files"]}["csv"] == csv["sha256"]
    assert journey.seen["reader downloads"].status_code == 404


def test_the_lock_is_published_once_with_totals_and_where_to_fetch(journey: Journey) -> None:
    locked = journey.seen["locked"]["run"]
    [event] = journey.seen["events"]
    assert event["month"] == MONTH
    assert event["employees"] == 3
    assert event["total"] == rp(locked["total"])
    assert {f["format"]: f["sha256"] for f in event["files"]} == {
        f["format"]: f["sha256"] for f in locked["files"]
    }
    assert event["manifest"] == f"/runs/{locked['id']}/manifest.json"
