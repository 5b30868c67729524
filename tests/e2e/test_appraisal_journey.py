"""The appraisal journey through the real gateway: a month of work becomes a final appraisal.

The SKP journey's organisation (a directorate general whose head supervises a director, who
heads a directorate with two staff members, all with approved SKPs for 2025) works through
June 2025: the staff log their work and the director approves it in bulk, then takes one
approval back. Appraisal's realisation, fed only by activity's events, adds up what stayed
approved. The director opens and rates both staff members' June appraisals (BerAKHLAK, the
6/2022 regime); one staff member objects, and the director general — the appraiser's own
superior — upholds the objection. The director general rates the directorate BAIK; the
director's own results follow that rating. Before anything is final, the directorate's
roll-up lists the distribution rules the all-BAIK mix breaks. Finalisation publishes one
`appraisal.appraisal.finalized.v1` per appraisal, received exactly once by a durable
JetStream consumer of the test's own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from tests.authz.org import Call, Person
from tests.e2e import activity_steps as activity
from tests.e2e import appraisal_steps as steps
from tests.e2e.clients import Clients
from tests.e2e.conftest import Platform
from tests.e2e.test_activity_journey import slow_call
from tests.e2e.test_targets_journey import STAFF1_RHK, STAFF2_RHK, Team, skp_journey

pytestmark = pytest.mark.e2e

PERIOD = "2025-06"
# (day, output) of each staff member's June logs; the last of staff 1's is revoked later.
STAFF1_LOGS = [("2025-06-02", "3"), ("2025-06-03", "2"), ("2025-06-04", "4")]
STAFF2_LOGS = [("2025-06-02", "5"), ("2025-06-05", "1")]


@dataclass
class Journey:
    """What the journey did and saw."""

    team: Team
    seen: dict[str, Any] = field(default_factory=dict)
    appraisals: dict[str, str] = field(default_factory=dict)  # employee name → appraisal id
    nats_url: str = ""


def log_month(call: Call, who: Person, title: str, logs: list[tuple[str, str]]) -> list[str]:
    """`who` logs each day's output against the indicator of their RHK titled `title`."""
    ids = []
    for day, output in logs:
        item_id, indicator_id = activity.approved_indicator(call, who, day, title)
        log = activity.create_log_when_replicated(
            call,
            who,
            date=day,
            startTime="08:00",
            endTime="10:00",
            description=f"Pekerjaan {day}",
            skpItemId=item_id,
            indicatorId=indicator_id,
            outputQuantity=output,
        )
        ids.append(log["id"])
    return ids


def realised(call: Call, viewer: Person, who: Person, expected: Decimal) -> Any:
    """`who`'s June realisation as `viewer` sees it, once appraisal has caught up."""

    def attempt() -> Any:
        body = call(steps.REALISATION, {"id": who.id, "period": PERIOD}, viewer.token)
        assert body.get("errors") is None, body
        rows = body["data"]["employee"]["realisation"]
        total = sum((Decimal(row["periodTotal"]) for row in rows), Decimal(0))
        return rows if total == expected else None

    return activity.eventually(f"appraisal realises {who.name}'s June", attempt)


def ok(call: Call, who: Person, query: str, name: str, typename: str, **input_: Any) -> Any:
    """Run one mutation as `who`; assert it answered `typename`."""
    result = activity.field(call, who, query, name, input=input_)
    assert result["__typename"] == typename, result
    return result


def open_appraisal(call: Call, appraiser: Person, who: Person) -> str:
    """Open `who`'s June appraisal, retried until appraisal has their approved SKP."""

    def attempt() -> str | None:
        result = activity.field(
            call,
            appraiser,
            steps.OPEN,
            "openAppraisal",
            input={"employeeId": who.id, "period": PERIOD},
        )
        if result["__typename"] == "AppraisalPayload":
            appraisal_id: str = result["appraisal"]["id"]
            return appraisal_id
        assert result["__typename"] in {"ValidationFailed", "NotFound"}, result
        return None

    appraisal_id: str = activity.eventually(f"appraisal knows {who.name}", attempt)
    return appraisal_id


def rate(call: Call, appraiser: Person, appraisal_id: str, results: str | None, level: str) -> Any:
    """The appraiser's BerAKHLAK levels and the rating of results and behaviour."""
    ok(
        call,
        appraiser,
        steps.RATE_BEHAVIOUR,
        "rateBehaviour",
        "RateBehaviourPayload",
        appraisalId=appraisal_id,
        role="SUPERIOR",
        ratings=steps.behaviour(level),
    )
    input_: dict[str, Any] = {"appraisalId": appraisal_id, "behaviourRating": level}
    if results is not None:
        input_["resultsRating"] = results
    return ok(call, appraiser, steps.RATE, "rateAppraisal", "AppraisalPayload", **input_)


def performance(call: Call, viewer: Person, unit_id: str) -> Any:
    """The directorate's June roll-up as `viewer` sees it."""
    body = call(steps.PERFORMANCE, {"id": unit_id, "period": PERIOD}, viewer.token)
    assert body.get("errors") is None, body
    return body["data"]["orgUnit"]["performance"]


@pytest.fixture(scope="module")
def journey(clients: Clients, admin: Person, platform: Platform) -> Journey:
    """The whole journey, run once; the tests check what it recorded."""
    call = clients.via_gateway
    slow = slow_call(clients)  # activity's writes may queue behind SQLite's writer
    team = skp_journey(clients, admin)
    journey = Journey(team)
    seen = journey.seen
    dg, director, staff1, staff2 = team.director_general, team.director, team.staff1, team.staff2

    # June's work, approved in bulk; one approval taken back.
    logs1 = log_month(call, staff1, STAFF1_RHK, STAFF1_LOGS)
    logs2 = log_month(call, staff2, STAFF2_RHK, STAFF2_LOGS)
    seen["bulk"] = activity.field(
        slow, director, activity.APPROVE_LOGS, "approveLogs", input={"logIds": logs1 + logs2}
    )
    seen["revoked"] = activity.field(
        slow,
        director,
        steps.REVOKE_LOG,
        "revokeLogApproval",
        input={"logId": logs1[-1], "reason": "Keluaran dicatat ganda"},
    )
    seen["realisation staff1"] = realised(call, director, staff1, Decimal(5))
    seen["realisation staff2"] = realised(call, director, staff2, Decimal(6))

    # The director opens and rates the staff; the DG opens the director's appraisal.
    for person, appraiser in ((staff1, director), (staff2, director), (director, dg)):
        journey.appraisals[person.name] = open_appraisal(call, appraiser, person)
    a1, a2, a_head = (journey.appraisals[p.name] for p in (staff1, staff2, director))
    seen["self"] = ok(
        call,
        staff1,
        steps.SELF_ASSESS,
        "submitSelfAssessment",
        "AppraisalPayload",
        appraisalId=a1,
        text="Asesmen berjalan sesuai rencana.",
    )
    seen["feedback"] = ok(
        call,
        director,
        steps.ADD_FEEDBACK,
        "addFeedbackNote",
        "FeedbackNotePayload",
        employeeId=staff2.id,
        body="Percepat verifikasi data minggu depan.",
    )
    seen["rated staff1"] = rate(call, director, a1, "AS_EXPECTED", "AS_EXPECTED")
    seen["rated staff2"] = rate(call, director, a2, "BELOW", "AS_EXPECTED")

    # Staff 2 objects; the director general (the appraiser's superior) decides.
    seen["objected"] = ok(
        call,
        staff2,
        steps.OBJECT,
        "objectToAppraisal",
        "AppraisalPayload",
        appraisalId=a2,
        reason="Verifikasi data tertunda karena sistem mitra tidak tersedia.",
    )
    seen["pending"] = activity.field(call, dg, steps.PENDING_OBJECTIONS, "pendingObjections")
    seen["decided"] = ok(
        call,
        dg,
        steps.DECIDE,
        "decideObjection",
        "AppraisalPayload",
        appraisalId=a2,
        note="Keterlambatan di luar kendali pegawai.",
        resultsRating="AS_EXPECTED",
    )

    # The DG rates the directorate; the director's results follow the unit's rating.
    seen["unit rated"] = ok(
        call,
        dg,
        steps.RATE_UNIT,
        "rateUnit",
        "RateUnitPayload",
        unitId=team.directorate,
        period=PERIOD,
        rating="BAIK",
    )
    seen["rated head"] = rate(call, dg, a_head, None, "AS_EXPECTED")
    seen["before final"] = performance(call, dg, team.directorate)

    # Acknowledged or decided, every appraisal is finalised by its appraiser.
    for who, appraisal_id in ((staff1, a1), (director, a_head)):
        ok(
            call,
            who,
            steps.ACKNOWLEDGE,
            "acknowledgeAppraisal",
            "AppraisalPayload",
            appraisalId=appraisal_id,
        )
    for appraiser, appraisal_id in ((director, a1), (director, a2), (dg, a_head)):
        seen[f"final {appraisal_id}"] = ok(
            call,
            appraiser,
            steps.FINALIZE,
            "finalizeAppraisal",
            "AppraisalPayload",
            appraisalId=appraisal_id,
        )
    seen["after final"] = performance(call, dg, team.directorate)
    seen["staff2 sees"] = activity.field(
        call, staff2, steps.EMPLOYEE_APPRAISAL, "employee", id=staff2.id, period=PERIOD
    )
    # A subordinate sees their director in the directory, but not the director's appraisal.
    seen["subordinate sees"] = activity.field(
        call, staff1, steps.EMPLOYEE_APPRAISAL, "employee", id=director.id, period=PERIOD
    )

    journey.nats_url = f"nats://127.0.0.1:{platform.env['KINERJA_EMBEDDED_NATS_PORT']}"

    def finalized() -> Any:
        found = activity.read_stream(
            journey.nats_url, f"e2e-{uuid.uuid4().hex[:8]}", stream=steps.APPRAISAL_STREAM
        )
        mine = [d for s, d in found if s == steps.FINALIZED and d["appraisal_id"] == a_head]
        return found if mine else None

    seen["events"] = activity.eventually("the relay published the finalisations", finalized)
    return journey


def test_a_month_of_approved_work_becomes_realisation_and_a_revocation_subtracts(
    journey: Journey,
) -> None:
    bulk = journey.seen["bulk"]["outcomes"]
    assert all(outcome["error"] is None for outcome in bulk), bulk
    assert journey.seen["revoked"]["__typename"] == "LogPayload", journey.seen["revoked"]
    [staff1] = journey.seen["realisation staff1"]
    assert Decimal(staff1["periodTotal"]) == 3 + 2  # the third log's 4 was revoked
    assert Decimal(staff1["periodTarget"]) == 100  # 1,200 a year, 100 a month
    [june] = staff1["months"]
    assert (june["month"], Decimal(june["fromLogs"]), Decimal(june["total"])) == (
        PERIOD,
        Decimal(5),
        Decimal(5),
    )
    staff2 = journey.seen["realisation staff2"]
    assert sum(Decimal(row["periodTotal"]) for row in staff2) == 5 + 1


def test_the_rating_shows_the_realisation_and_the_predicate_of_the_matrix(
    journey: Journey,
) -> None:
    rated = journey.seen["rated staff1"]["appraisal"]
    assert journey.seen["self"]["appraisal"]["status"] == "SELF_ASSESSED"
    assert rated["status"] == "RATED"
    assert rated["regime"] == "PERMENPANRB_6_2022"
    assert rated["predicate"] == "BAIK"
    [result] = rated["indicatorResults"]
    assert (Decimal(result["target"]), Decimal(result["realisation"])) == (Decimal(100), Decimal(5))
    assert Decimal(result["achievement"]) == 5  # percent
    assert rated["objectionDeadline"] is not None
    assert journey.seen["rated staff2"]["appraisal"]["predicate"] == "BUTUH_PERBAIKAN"


def test_an_objection_is_decided_by_the_appraisers_superior(journey: Journey) -> None:
    a2 = journey.appraisals[journey.team.staff2.name]
    assert journey.seen["objected"]["appraisal"]["status"] == "OBJECTED"
    pending = [edge["node"]["id"] for edge in journey.seen["pending"]["edges"]]
    assert pending == [a2]
    decided = journey.seen["decided"]["appraisal"]
    assert decided["status"] == "DECIDED"
    assert decided["predicate"] == "BAIK"
    assert decided["objection"]["upheld"] is True
    assert decided["objection"]["decidedBy"] == {"id": journey.team.director_general.id}


def test_the_unit_rating_sets_the_heads_results_and_the_roll_up_flags_the_mix(
    journey: Journey,
) -> None:
    rating = journey.seen["unit rated"]["unitRating"]
    assert (rating["unitId"], rating["rating"], rating["revision"]) == (
        journey.team.directorate,
        "BAIK",
        1,
    )
    head = journey.seen["rated head"]["appraisal"]
    assert (head["resultsFollowUnit"], head["resultsRating"], head["predicate"]) == (
        True,
        "AS_EXPECTED",
        "BAIK",
    )
    before = journey.seen["before final"]
    assert before["rating"]["rating"] == "BAIK"
    counts = {row["predicate"]: row["count"] for row in before["own"]["byPredicate"]}
    assert counts["BAIK"] == 3
    assert before["own"]["finalized"] == 0
    # A BAIK unit: at most 70 % BAIK, and at least one BUTUH_PERBAIKAN or KURANG.
    broken = sorted(tuple(sorted(v["predicates"])) for v in before["violations"])
    assert broken == [("BAIK",), ("BUTUH_PERBAIKAN", "KURANG")]


def test_finalisation_publishes_each_appraisal_once_to_a_durable_consumer(
    journey: Journey,
) -> None:
    ids = set(journey.appraisals.values())
    for appraisal_id in ids:
        final = journey.seen[f"final {appraisal_id}"]["appraisal"]
        assert final["status"] == "FINALIZED"
    after = journey.seen["after final"]
    assert (after["own"]["finalized"], after["own"]["pending"]) == (3, 0)
    found = activity.read_stream(
        journey.nats_url, f"e2e-once-{uuid.uuid4().hex[:8]}", stream=steps.APPRAISAL_STREAM
    )
    finalized = [data for subject, data in found if subject == steps.FINALIZED]
    mine = [data for data in finalized if data["appraisal_id"] in ids]
    assert sorted(d["appraisal_id"] for d in mine) == sorted(ids)  # each exactly once
    by_employee = {d["employee_id"]: d for d in mine}
    staff2 = by_employee[journey.team.staff2.id]
    assert staff2["predicate"] == "BAIK"
    assert staff2["regime"] == "PERMENPANRB_6_2022"
    assert staff2["period"] == PERIOD
    assert staff2["objection"]["upheld"] is True
    rated = [
        d for s, d in found if s == steps.UNIT_RATED and d["unit_id"] == journey.team.directorate
    ]
    assert [d["rating"] for d in rated] == ["BAIK"]


def test_only_the_employee_and_the_superior_chain_see_the_appraisal(journey: Journey) -> None:
    own = journey.seen["staff2 sees"]["appraisal"]
    assert own is not None
    assert own["status"] == "FINALIZED"
    subordinate_view = journey.seen["subordinate sees"]
    assert subordinate_view["name"] == journey.team.director.name
    assert subordinate_view["appraisal"] is None
