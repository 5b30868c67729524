"""The platform as its users meet it: one month of one directorate general, through the gateway.

The SKP journey's organisation (a director general over a director, who heads a directorate
with two staff members and a unit admin; both staff and the director with approved 2025 SKPs)
plus an HR officer granted on the directorate general live through September 2025:

1. The employee's day: staff 1 uploads a PDF to activity's `/evidence`, logs the morning's work
   against the approved SKP and attaches the evidence, checks in and out from the mobile app
   (their own taps, source MOBILE), and their view of the day shows both.
2. The superior's morning: the director's verification queue holds the staff's logs; the
   director approves them in one `approveLogs` and leaves staff 1 a feedback note, which
   staff 1 then reads.
3. Month end: HR closes September in both units; appraisal has realised the approved work; the
   director appraises both staff (staff 2's results fall short), staff 2 objects and the
   director general — the appraiser's superior — rejects the objection; the director general
   rates the directorate BAIK, the director's results follow it, and the directorate's roll-up
   keeps to the distribution a BAIK unit allows. Everything is finalised; HR computes the
   allowance run of the directorate general, whose PERFORMANCE lines carry each finalised
   predicate (BUTUH_PERBAIKAN costs 12 %, not the 21 % of "no appraisal"), reviews and locks
   it (with a reason, as people without an appraisal remain) and the export is written.
4. An HR system signs in as a service account with `allowance:export`, reads the locked run
   with its payments and unit totals through the gateway and downloads the CSV export from the
   allowance service: its checksum is the manifest's.
5. The employee dashboard (`platform_steps.DASHBOARD`): one request, answered by all five
   subgraphs.

September 2025 is used by no other journey of the session (they use June).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.authz.org import Call, OrgBuilder, Person
from tests.e2e import activity_steps as activity
from tests.e2e import appraisal_steps as appraisal
from tests.e2e import platform_steps as steps
from tests.e2e.clients import Clients
from tests.e2e.conftest import Platform
from tests.e2e.test_activity_journey import slow_call
from tests.e2e.test_allowance_journey import (
    COMPUTE,
    EMPLOYEE_ALLOWANCE,
    LOCK,
    REVIEW,
    RUN_QUERY,
    rp,
    service_token,
)
from tests.e2e.test_appraisal_journey import ok, rate
from tests.e2e.test_targets_journey import STAFF1_RHK, STAFF2_RHK, Team, skp_journey

pytestmark = pytest.mark.e2e

MONTH = "2025-09"
DAY = "2025-09-02"  # a Tuesday
SECOND_DAY = "2025-09-03"
CHECK_IN, CHECK_OUT = f"{DAY}T07:25:00+07:00", f"{DAY}T16:10:00+07:00"
FEEDBACK = "Bukti asesmen lengkap; lanjutkan untuk LKS berikutnya."
OVERRIDE = "Pegawai tanpa SKP September tidak dinilai; dibayar 65 %."


@dataclass
class Journey:
    """The organisation, the month's ids and what each journey saw."""

    team: Team
    hr: Person
    general: str
    call: Call
    slow: Call
    platform: Platform
    ids: dict[str, str] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)

    def url(self, service: str) -> str:
        """A service's own base URL (not the gateway's)."""
        return f"http://127.0.0.1:{self.platform.env[f'KINERJA_{service.upper()}_PORT']}"


@pytest.fixture(scope="module")
def org(clients: Clients, admin: Person, platform: Platform) -> Journey:
    """The SKP journey's organisation, and an HR officer over its whole directorate general."""
    call = clients.via_gateway
    team = skp_journey(clients, admin)
    unit = activity.field(
        call, team.director_general, steps.UNIT_OF, "employee", id=team.director_general.id
    )
    general = unit["unit"]["id"]
    builder = OrgBuilder(call, admin.token)
    hr = builder.give_account(
        builder.person("SDM Ditjen", team.directorate, reports_to_id=team.director.position_id)
    )
    builder.grant(hr, "HR", general)
    return Journey(team, hr, general, call, slow_call(clients), platform)


def log(journey: Journey, who: Person, title: str, day: str, output: str, start: str) -> Any:
    """`who` logs two hours of `day`'s work against their RHK titled `title`."""
    item_id, indicator_id = activity.approved_indicator(journey.call, who, day, title)
    end = f"{int(start[:2]) + 2:02d}{start[2:]}"
    return activity.create_log_when_replicated(
        journey.call,
        who,
        date=day,
        startTime=start,
        endTime=end,
        description=f"{title} ({day})",
        skpItemId=item_id,
        indicatorId=indicator_id,
        outputQuantity=output,
    )


def tap(journey: Journey, who: Person, kind: str, at: str) -> Any:
    """`who`'s own tap from the mobile app (retried until activity knows them)."""
    input_ = {
        "employeeId": who.id,
        "kind": kind,
        "at": at,
        "source": "MOBILE",
        "deviceEventId": f"mobile/{who.id}/{at}",
    }

    def attempt() -> Any:
        result = activity.field(
            journey.slow, who, activity.RECORD_ATTENDANCE, "recordAttendance", input=input_
        )
        return result if result["__typename"] == "AttendanceRecordPayload" else None

    return activity.eventually(f"activity records {who.name}'s {kind}", attempt)


@pytest.fixture(scope="module")
def day(org: Journey) -> Journey:
    """1. The employee's day: evidence, the log, the evidence attached, check-in and check-out."""
    staff, seen = org.team.staff1, org.seen
    seen["upload"] = activity.upload_evidence(
        org.url("activity"), staff, activity.PDF, "berita-acara-asesmen.pdf"
    )
    seen["log"] = log(org, staff, STAFF1_RHK, DAY, "3", "08:00")
    seen["attached"] = activity.field(
        org.slow,
        staff,
        activity.ATTACH_EVIDENCE,
        "attachEvidence",
        input={"logId": seen["log"]["id"], "evidenceId": seen["upload"]["id"]},
    )
    seen["check in"] = tap(org, staff, "CHECK_IN", CHECK_IN)
    seen["check out"] = tap(org, staff, "CHECK_OUT", CHECK_OUT)
    seen["day view"] = activity.field(
        org.call, staff, steps.EMPLOYEE_DAY, "employee", id=staff.id, day=DAY, month=MONTH
    )
    return org


def test_the_employee_logs_the_day_with_evidence(day: Journey) -> None:
    upload, logged = day.seen["upload"], day.seen["log"]
    assert upload["mediaType"] == "application/pdf"
    assert (logged["date"], logged["minutes"], logged["status"]) == (DAY, 120, "SUBMITTED")
    attached = day.seen["attached"]
    assert attached["__typename"] == "LogPayload", attached
    assert attached["log"]["evidence"] == [
        {"evidenceId": upload["id"], "mediaType": "application/pdf"}
    ]


def test_the_employee_checks_in_and_out_from_the_mobile_app(day: Journey) -> None:
    taps = [day.seen["check in"]["record"], day.seen["check out"]["record"]]
    assert [(t["date"], t["kind"], t["source"]) for t in taps] == [
        (DAY, "CHECK_IN", "MOBILE"),
        (DAY, "CHECK_OUT", "MOBILE"),
    ]


def test_the_days_view_shows_the_log_and_the_taps(day: Journey) -> None:
    view = day.seen["day view"]
    [edge] = view["activities"]["edges"]
    assert edge["node"]["id"] == day.seen["log"]["id"]
    assert edge["node"]["evidence"] == [
        {"evidenceId": day.seen["upload"]["id"], "mediaType": "application/pdf"}
    ]
    [today] = [d for d in view["attendance"]["days"] if d["date"] == DAY]
    assert today["kind"] == "PRESENT"
    assert datetime.fromisoformat(today["checkIn"]) == datetime.fromisoformat(CHECK_IN)
    assert datetime.fromisoformat(today["checkOut"]) == datetime.fromisoformat(CHECK_OUT)
    assert (today["tl"], today["psw"]) == (None, None)  # on time, left after 16:00


@pytest.fixture(scope="module")
def morning(day: Journey) -> Journey:
    """2. The superior's morning: the queue, one bulk approval, a feedback note staff 1 reads."""
    team, seen = day.team, day.seen
    second = log(day, team.staff1, STAFF1_RHK, SECOND_DAY, "2", "09:00")
    other = log(day, team.staff2, STAFF2_RHK, DAY, "4", "08:00")
    day.ids["logs"] = ",".join(sorted([seen["log"]["id"], second["id"], other["id"]]))

    def queue() -> Any:
        edges = activity.field(
            day.call, team.director, activity.VERIFICATION_QUEUE, "verificationQueue", first=50
        )["edges"]
        return edges if len(edges) == 3 else None

    seen["queue"] = activity.eventually("the director's queue has the three logs", queue)
    ids = [edge["node"]["id"] for edge in seen["queue"]]
    seen["bulk"] = activity.field(
        day.slow, team.director, activity.APPROVE_LOGS, "approveLogs", input={"logIds": ids}
    )
    seen["feedback"] = ok(
        day.call,
        team.director,
        appraisal.ADD_FEEDBACK,
        "addFeedbackNote",
        "FeedbackNotePayload",
        employeeId=team.staff1.id,
        body=FEEDBACK,
    )
    today = datetime.now(UTC).date()
    seen["notes"] = activity.field(
        day.call,
        team.staff1,
        steps.FEEDBACK_NOTES,
        "employee",
        id=team.staff1.id,
        **{"from": str(today - timedelta(days=1)), "to": str(today + timedelta(days=1))},
    )["feedbackNotes"]["nodes"]
    seen["after approval"] = activity.field(
        day.call, team.director, activity.VERIFICATION_QUEUE, "verificationQueue", first=50
    )["edges"]
    return day


def test_the_superior_approves_the_queue_in_one_go(morning: Journey) -> None:
    queued = sorted(edge["node"]["id"] for edge in morning.seen["queue"])
    assert ",".join(queued) == morning.ids["logs"]
    assert {edge["node"]["status"] for edge in morning.seen["queue"]} == {"SUBMITTED"}
    outcomes = morning.seen["bulk"]["outcomes"]
    assert sorted(o["logId"] for o in outcomes) == queued
    assert all(o["error"] is None and o["log"]["status"] == "APPROVED" for o in outcomes), outcomes
    assert morning.seen["after approval"] == []


def test_the_employee_reads_the_superiors_feedback_note(morning: Journey) -> None:
    note = morning.seen["feedback"]["note"]
    assert morning.seen["notes"] == [
        {"id": note["id"], "body": FEEDBACK, "author": {"id": morning.team.director.id}}
    ]


def close_month(journey: Journey, unit_id: str) -> Any:
    """HR closes September for a unit (retried until activity knows HR's grant)."""

    def attempt() -> Any:
        result = activity.field(
            journey.slow,
            journey.hr,
            activity.CLOSE_MONTH,
            "closeMonth",
            input={"unitId": unit_id, "month": MONTH},
        )
        return result if result["__typename"] == "MonthClosePayload" else None

    return activity.eventually("activity knows HR's grant", attempt)


def appraise(journey: Journey) -> None:
    """Open, rate, object, decide, rate the unit, check the distribution and finalise."""
    call, team, seen = journey.call, journey.team, journey.seen
    dg, director, staff1, staff2 = team.director_general, team.director, team.staff1, team.staff2
    seen["realisation staff1"] = steps.realised(call, director, staff1, MONTH, Decimal(5))
    seen["realisation staff2"] = steps.realised(call, director, staff2, MONTH, Decimal(4))
    for person, appraiser in ((staff1, director), (staff2, director), (director, dg)):
        journey.ids[person.name] = steps.open_appraisal(call, appraiser, person, MONTH)
    a1, a2, a_head = (journey.ids[p.name] for p in (staff1, staff2, director))
    seen["rated staff1"] = rate(call, director, a1, "AS_EXPECTED", "AS_EXPECTED")
    seen["rated staff2"] = rate(call, director, a2, "BELOW", "AS_EXPECTED")
    seen["objected"] = ok(
        call,
        staff2,
        appraisal.OBJECT,
        "objectToAppraisal",
        "AppraisalPayload",
        appraisalId=a2,
        reason="Data penerima tertunda karena sistem mitra tidak tersedia.",
    )
    seen["pending"] = activity.field(call, dg, appraisal.PENDING_OBJECTIONS, "pendingObjections")
    seen["decided"] = ok(
        call,
        dg,
        appraisal.DECIDE,
        "decideObjection",
        "AppraisalPayload",
        appraisalId=a2,
        note="Target bulanan tetap wajar; keberatan tidak diterima.",
    )
    seen["unit rated"] = ok(
        call,
        dg,
        appraisal.RATE_UNIT,
        "rateUnit",
        "RateUnitPayload",
        unitId=team.directorate,
        period=MONTH,
        rating="BAIK",
    )
    seen["rated head"] = rate(call, dg, a_head, None, "AS_EXPECTED")
    for who, appraisal_id in ((staff1, a1), (director, a_head)):
        ok(
            call,
            who,
            appraisal.ACKNOWLEDGE,
            "acknowledgeAppraisal",
            "AppraisalPayload",
            appraisalId=appraisal_id,
        )
    for appraiser, appraisal_id in ((director, a1), (director, a2), (dg, a_head)):
        seen[f"final {appraisal_id}"] = ok(
            call,
            appraiser,
            appraisal.FINALIZE,
            "finalizeAppraisal",
            "AppraisalPayload",
            appraisalId=appraisal_id,
        )
    seen["performance"] = steps.performance(call, dg, team.directorate, MONTH)


def performance_codes(run: dict[str, Any]) -> dict[str, str]:
    """NIP → the code of the payment's PERFORMANCE line."""
    return {
        node["nip"]: line["code"]
        for node in (edge["node"] for edge in run["payments"]["edges"])
        for line in node["lines"]
        if line["kind"] == "PERFORMANCE"
    }


EXPECTED_PREDICATES = {"staff1": "BAIK", "staff2": "BUTUH_PERBAIKAN", "director": "BAIK"}


def run_allowance(journey: Journey) -> None:
    """HR computes the directorate general's run once every input arrived; review, lock."""
    team, seen, hr = journey.team, journey.seen, journey.hr
    expected = {getattr(team, who).nip: code for who, code in EXPECTED_PREDICATES.items()}

    def computed() -> Any:
        result = activity.field(
            journey.slow,
            hr,
            COMPUTE,
            "computeRun",
            input={"organisationId": journey.general, "month": MONTH},
        )
        if result["__typename"] != "RunPayload":
            return None
        run = result["run"]
        waiting = [line for line in run["missing"] if "attendance" in line.lower()]
        codes = performance_codes(run)
        arrived = all(codes.get(nip) == code for nip, code in expected.items())
        return run if run["employees"] == 6 and not waiting and arrived else None

    seen["computed"] = activity.eventually("allowance has every input", computed, seconds=60)
    run_id = seen["computed"]["id"]
    journey.ids["run"] = run_id
    seen["reviewed"] = activity.field(
        journey.slow, hr, REVIEW, "reviewRun", input={"runId": run_id}
    )
    lock: dict[str, Any] = {"runId": run_id}
    if seen["reviewed"]["run"]["missing"]:
        lock["overrideReason"] = OVERRIDE
    seen["locked"] = activity.field(journey.slow, hr, LOCK, "lockRun", input=lock)
    seen["staff2 pay"] = activity.field(
        journey.call, team.staff2, EMPLOYEE_ALLOWANCE, "employee", id=team.staff2.id, month=MONTH
    )["allowance"]
    seen["hr pay"] = activity.field(
        journey.call, hr, EMPLOYEE_ALLOWANCE, "employee", id=hr.id, month=MONTH
    )["allowance"]


@pytest.fixture(scope="module")
def month_end(morning: Journey) -> Journey:
    """3. Month end: close, realise, appraise, object, decide, rate the unit, finalise, pay."""
    morning.seen["closed directorate"] = close_month(morning, morning.team.directorate)
    morning.seen["closed general"] = close_month(morning, morning.general)
    appraise(morning)
    run_allowance(morning)
    return morning


def test_hr_closes_the_month_in_every_unit_of_the_organisation(month_end: Journey) -> None:
    for unit in ("directorate", "general"):
        closed = month_end.seen[f"closed {unit}"]["monthClose"]
        assert (closed["month"], closed["closed"], closed["revision"]) == (MONTH, True, 1)


def test_the_approved_work_is_realised_in_appraisal(month_end: Journey) -> None:
    [staff1] = month_end.seen["realisation staff1"]
    assert Decimal(staff1["periodTarget"]) == 100  # 1,200 a year
    [september] = staff1["months"]
    assert (september["month"], Decimal(september["fromLogs"])) == (MONTH, Decimal(5))
    staff2 = {row["name"]: row for row in month_end.seen["realisation staff2"]}
    assert Decimal(staff2["Data penerima terverifikasi"]["periodTotal"]) == 4
    assert Decimal(staff2["Laporan kegiatan"]["periodTotal"]) == 0  # the extra RHK, not logged


def test_the_objection_is_decided_by_the_appraisers_superior(month_end: Journey) -> None:
    a2 = month_end.ids[month_end.team.staff2.name]
    assert month_end.seen["rated staff2"]["appraisal"]["predicate"] == "BUTUH_PERBAIKAN"
    assert month_end.seen["objected"]["appraisal"]["status"] == "OBJECTED"
    assert [edge["node"]["id"] for edge in month_end.seen["pending"]["edges"]] == [a2]
    decided = month_end.seen["decided"]["appraisal"]
    assert (decided["status"], decided["predicate"]) == ("DECIDED", "BUTUH_PERBAIKAN")
    assert decided["objection"]["upheld"] is False
    assert decided["objection"]["decidedBy"] == {"id": month_end.team.director_general.id}


def test_the_unit_rating_and_the_distribution_hold(month_end: Journey) -> None:
    rating = month_end.seen["unit rated"]["unitRating"]
    assert (rating["unitId"], rating["rating"]) == (month_end.team.directorate, "BAIK")
    head = month_end.seen["rated head"]["appraisal"]
    assert (head["resultsFollowUnit"], head["predicate"]) == (True, "BAIK")
    roll_up = month_end.seen["performance"]
    counts = {row["predicate"]: row["count"] for row in roll_up["own"]["byPredicate"]}
    assert {predicate: n for predicate, n in counts.items() if n} == {
        "BAIK": 2,
        "BUTUH_PERBAIKAN": 1,
    }
    assert (roll_up["own"]["finalized"], roll_up["own"]["pending"]) == (3, 0)
    # A BAIK unit: at most 70 % BAIK (2 of 3) and at least one BUTUH_PERBAIKAN or KURANG.
    assert roll_up["violations"] == []
    for appraisal_id in (
        month_end.ids[p.name]
        for p in (month_end.team.staff1, month_end.team.staff2, month_end.team.director)
    ):
        assert month_end.seen[f"final {appraisal_id}"]["appraisal"]["status"] == "FINALIZED"


def test_the_run_pays_performance_by_the_finalised_predicate(month_end: Journey) -> None:
    run = month_end.seen["computed"]
    team = month_end.team
    assert (run["month"], run["status"], run["employees"]) == (MONTH, "DRAFT", 6)
    codes = performance_codes(run)
    assert codes[team.staff1.nip] == codes[team.director.nip] == "BAIK"
    assert codes[team.staff2.nip] == "BUTUH_PERBAIKAN"
    assert codes[month_end.hr.nip] == "NO_APPRAISAL"
    pay = month_end.seen["staff2 pay"]
    [line] = [line for line in pay["lines"] if line["kind"] == "PERFORMANCE"]
    basis = rp(line["basis"])
    # Factor 80 % of the 60 % performance component: −12 %, not the −21 % of "no appraisal".
    assert Decimal(line["percent"]) == 12
    assert rp(line["amount"]) == -round(basis * Decimal("0.12"))
    [no_appraisal] = [
        line for line in month_end.seen["hr pay"]["lines"] if line["kind"] == "PERFORMANCE"
    ]
    assert Decimal(no_appraisal["percent"]) == 21
    assert sum(rp(line["amount"]) for line in pay["lines"]) == rp(pay["total"])


def test_the_run_is_reviewed_locked_and_exported(month_end: Journey) -> None:
    assert month_end.seen["reviewed"]["run"]["status"] == "REVIEWED"
    locked = month_end.seen["locked"]
    assert locked["__typename"] == "RunPayload", locked
    run = locked["run"]
    assert run["status"] == "LOCKED"
    # Only the people without a September SKP (the DG, the unit admin, HR) lack an appraisal.
    assert run["missing"] == ["no final appraisal for September 2025: 3 employees"]
    assert run["overrideReason"] == OVERRIDE
    assert run["resultsDigest"] == month_end.seen["computed"]["resultsDigest"]
    assert {f["format"] for f in run["files"]} >= {"csv"}
    assert month_end.seen["staff2 pay"]["runStatus"] == "LOCKED"


@pytest.fixture(scope="module")
def hr_system(month_end: Journey, clients: Clients, admin: Person) -> Journey:
    """4. An HR system with `allowance:export` pulls the locked run and its export."""
    token = service_token(clients, admin, "Sistem Kepegawaian", ["allowance:export"])
    run_id = month_end.ids["run"]
    body = month_end.call(RUN_QUERY, {"id": run_id}, token)
    assert body.get("errors") is None, body
    month_end.seen["pulled"] = body["data"]["allowanceRun"]
    headers = {"authorization": f"Bearer {token}"}
    base = f"{month_end.url('allowance')}/runs/{run_id}"
    month_end.seen["csv"] = httpx.get(f"{base}/export.csv", headers=headers, timeout=30)
    month_end.seen["manifest"] = httpx.get(f"{base}/manifest.json", headers=headers, timeout=30)
    return month_end


def test_an_hr_system_reads_the_locked_run_with_payments_and_unit_totals(
    hr_system: Journey,
) -> None:
    pulled, locked = hr_system.seen["pulled"], hr_system.seen["locked"]["run"]
    assert (pulled["id"], pulled["status"]) == (hr_system.ids["run"], "LOCKED")
    payments = [edge["node"] for edge in pulled["payments"]["edges"]]
    assert len(payments) == 6
    assert sum(rp(p["total"]) for p in payments) == rp(pulled["total"]) == rp(locked["total"])
    by_unit = {u["unitId"]: (u["employees"], rp(u["total"])) for u in pulled["totalsByUnit"]}
    assert set(by_unit) == {hr_system.general, hr_system.team.directorate}
    assert by_unit[hr_system.general][0] == 1  # the director general
    assert by_unit[hr_system.team.directorate][0] == 5
    assert sum(total for _, total in by_unit.values()) == rp(pulled["total"])


def test_an_hr_system_downloads_the_export_matching_the_manifest(hr_system: Journey) -> None:
    csv, manifest = hr_system.seen["csv"], hr_system.seen["manifest"]
    assert csv.status_code == 200, csv.text
    assert manifest.status_code == 200, manifest.text
    digest = hashlib.sha256(csv.content).hexdigest()
    assert {f["format"]: f["sha256"] for f in manifest.json()["files"]}["csv"] == digest
    files = {f["format"]: f["sha256"] for f in hr_system.seen["pulled"]["files"]}
    assert files["csv"] == digest
    for nip in (hr_system.team.staff1.nip, hr_system.team.staff2.nip):
        assert nip in csv.text


@pytest.fixture(scope="module")
def dashboard(month_end: Journey) -> dict[str, Any]:
    """5. Staff 1's dashboard of September: one request through the gateway."""
    staff = month_end.team.staff1
    variables = {
        "id": staff.id,
        "on": "2025-09-15",
        "from": "2025-09-01",
        "to": "2025-09-30",
        "month": MONTH,
        "period": MONTH,
    }
    body = month_end.call(steps.DASHBOARD, variables, staff.token)
    assert body.get("errors") is None, body
    employee: dict[str, Any] = body["data"]["employee"]
    return employee


def test_the_dashboard_is_answered_by_identity_and_targets(
    dashboard: dict[str, Any], month_end: Journey
) -> None:
    staff = month_end.team.staff1
    assert (dashboard["id"], dashboard["name"], dashboard["nip"]) == (
        staff.id,
        staff.name,
        staff.nip,
    )
    assert dashboard["unit"]["id"] == month_end.team.directorate
    assert dashboard["skp"]["status"] == "APPROVED"
    assert [item["title"] for item in dashboard["skp"]["items"]] == [STAFF1_RHK]


def test_the_dashboard_is_answered_by_activity(dashboard: dict[str, Any]) -> None:
    logs = [edge["node"] for edge in dashboard["activities"]["edges"]]
    assert sorted((log["date"], log["status"]) for log in logs) == [
        (DAY, "APPROVED"),
        (SECOND_DAY, "APPROVED"),
    ]
    assert {log["skpItem"]["title"] for log in logs} == {STAFF1_RHK}  # targets, via activity
    attendance = dashboard["attendance"]
    assert (attendance["month"], attendance["closed"]) == (MONTH, True)
    assert attendance["summary"]["presentDays"] == 1
    assert attendance["summary"]["effectiveMinutes"] == 240


def test_the_dashboard_is_answered_by_appraisal_and_allowance(dashboard: dict[str, Any]) -> None:
    assert (dashboard["appraisal"]["status"], dashboard["appraisal"]["predicate"]) == (
        "FINALIZED",
        "BAIK",
    )
    [row] = dashboard["realisation"]
    assert (Decimal(row["periodTarget"]), Decimal(row["periodTotal"])) == (Decimal(100), Decimal(5))
    allowance = dashboard["allowance"]
    assert (allowance["month"], allowance["runStatus"]) == (MONTH, "LOCKED")
    assert allowance["total"]["currency"] == "IDR"
    assert rp(allowance["total"]) > 0
    assert "PERFORMANCE" in {line["kind"] for line in allowance["lines"]}
