"""The appraisal workflow end to end through the schema: open → self-assess → rate → behaviour →
object → decide → finalize, and every refused step changing nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from services.appraisal.domain.rules import BERAKHLAK
from tests.appraisal.appraisal_steps import (
    PP46_COMMON,
    TABLES,
    behaviour_rating,
    days_later,
    error,
    levels,
    mutate,
    open_,
    outbox,
    rated,
    world,
)
from tests.appraisal.factories import pp46_activity_payload, totals

DB = async_sessionmaker[AsyncSession]
FINALIZED = "appraisal.appraisal.finalized.v1"


async def test_a_6_2022_appraisal_goes_from_open_to_finalized_with_one_event(
    appraisal_db: DB,
) -> None:
    w = await world(appraisal_db)
    org = w.org
    opened = await open_(w)
    assert opened["status"] == "OPEN"
    assert (opened["regime"], opened["kind"], opened["period"]) == (
        "PERMENPANRB_6_2022",
        "PERIODIC",
        "2026-03",
    )
    assert opened["appraiser"] == {"id": org.sub_head}
    appraisal_id = opened["id"]
    again = await open_(w, "sub_head")
    assert again["id"] == appraisal_id  # opening twice returns the same appraisal

    assessed = await mutate(
        w.as_("staff"), "submitSelfAssessment", appraisalId=appraisal_id, text="Eight reports"
    )
    assert assessed["appraisal"]["status"] == "SELF_ASSESSED"

    result = await mutate(
        w.as_("sub_head"),
        "rateAppraisal",
        appraisalId=appraisal_id,
        resultsRating="AS_EXPECTED",
        behaviourRating="AS_EXPECTED",
    )
    appraisal = result["appraisal"]
    assert (appraisal["status"], appraisal["predicate"]) == ("RATED", None)  # levels missing
    assert appraisal["objectionDeadline"] == "2026-04-20"
    assert appraisal["skpScore"] is None  # 6/2022 rates, it does not score

    behaviour = await behaviour_rating(w.as_("sub_head"), appraisal_id, "SUPERIOR", levels())
    assert behaviour["appraisal"]["predicate"] == "BAIK"

    objected = await mutate(
        w.as_("staff"), "objectToAppraisal", appraisalId=appraisal_id, reason="Above target"
    )
    assert objected["appraisal"]["status"] == "OBJECTED"

    decided = await mutate(
        w.as_("director"),
        "decideObjection",
        appraisalId=appraisal_id,
        note="Results were above expectation",
        resultsRating="ABOVE",
        behaviourRating="ABOVE",
    )
    assert decided["appraisal"]["status"] == "DECIDED"
    assert decided["appraisal"]["predicate"] == "SANGAT_BAIK"

    finalized = await mutate(w.as_("sub_head"), "finalizeAppraisal", appraisalId=appraisal_id)
    assert finalized["appraisal"]["status"] == "FINALIZED"
    events = await outbox(appraisal_db)
    assert [subject for subject, _ in events] == [FINALIZED]
    data = events[0][1]
    assert data["finalized_at"] == "2026-04-06T02:00:00+00:00"
    assert data["employee_nip"].startswith("198001012005011")
    del data["employee_nip"], data["finalized_at"]
    assert data == {
        "appraisal_id": appraisal_id,
        "employee_id": org.staff,
        "unit_id": org.sub,
        "unit_path": [org.dg, org.dir, org.sub],
        "period": "2026-03",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "kind": "PERIODIC",
        "regime": "PERMENPANRB_6_2022",
        "skp_id": data["skp_id"],
        "appraiser_id": org.sub_head,
        "results_rating": "ABOVE",
        "behaviour_rating": "ABOVE",
        "skp_score": None,
        "behaviour_score": None,
        "final_score": None,
        "predicate": "SANGAT_BAIK",
        "objection": {"upheld": True, "decided_by": org.director},
        "finalized_by": org.sub_head,
    }
    assert data["skp_id"]


async def test_the_rating_snapshots_the_indicator_figures(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    query = """query($id: ID!) { appraisal(id: $id) {
        indicatorResults { kind target realisation achievement value }
        missing history { action actor { id } }
    } }"""
    data = await w.as_("staff").data(query, id=appraisal["id"])
    assert data["appraisal"]["indicatorResults"] == [
        {"kind": "UTAMA", "target": "10", "realisation": "8", "achievement": "80", "value": None}
    ]
    assert data["appraisal"]["missing"] == []
    actions = [(e["action"], e["actor"]["id"]) for e in data["appraisal"]["history"]]
    assert actions == [
        ("opened", w.org.staff),
        ("rated", w.org.sub_head),
        ("behaviour_rated", w.org.sub_head),
    ]


async def test_a_pp46_appraisal_is_scored_and_finalized_after_the_objection_window(
    appraisal_db: DB,
) -> None:
    activity = pp46_activity_payload(quantity="12", quality="100", months=12)
    w = await world(appraisal_db, regime="PP46_2011", activities=[activity])
    appraisal = await open_(w, period="2026")
    assert (appraisal["regime"], appraisal["kind"]) == ("PP46_2011", "ANNUAL")
    result = await mutate(
        w.as_("sub_head"),
        "rateAppraisal",
        appraisalId=appraisal["id"],
        activities=[
            {"activityId": activity["id"], "quantity": "12", "quality": "100", "timeMonths": 12}
        ],
    )
    # quantity 100, quality 100, time 76 (12 of 12 months: ((1.76·12 − 12)/12)·100) → 92
    assert result["appraisal"]["skpScore"] == "92"
    assert result["appraisal"]["predicate"] is None  # behaviour missing
    scores = [{"aspect": aspect, "score": "80"} for aspect in PP46_COMMON]
    behaviour = await behaviour_rating(w.as_("sub_head"), appraisal["id"], "SUPERIOR", scores)
    figures = behaviour["appraisal"]
    assert (figures["behaviourScore"], figures["finalScore"]) == ("80", "87.2")  # 60/40
    assert figures["predicate"] == "BAIK"

    early = await mutate(w.as_("sub_head"), "finalizeAppraisal", appraisalId=appraisal["id"])
    assert error(early) == (
        "ValidationFailed",
        "the employee may still acknowledge or object until 2026-04-20",
    )
    late = w.as_("sub_head").at(days_later(15))
    finalized = await mutate(late, "finalizeAppraisal", appraisalId=appraisal["id"])
    assert finalized["appraisal"]["status"] == "FINALIZED"
    [(subject, data)] = await outbox(appraisal_db)
    assert subject == FINALIZED
    figures = (data["skp_score"], data["behaviour_score"], data["final_score"])
    assert (data["regime"], figures) == ("PP46_2011", ("92.00", "80.00", "87.20"))
    assert (data["predicate"], data["objection"], data["kind"]) == ("BAIK", None, "ANNUAL")


async def test_only_the_appraiser_finalizes_an_acknowledged_appraisal(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    ack = await mutate(w.as_("staff"), "acknowledgeAppraisal", appraisalId=appraisal["id"])
    assert ack["appraisal"]["status"] == "ACKNOWLEDGED"
    expected = "only the appraiser may finalize this appraisal"
    for client in (w.as_("outsider", (Role.HR, w.org.dg)), w.as_("director"), w.as_("staff")):
        await refused(w, client, "finalizeAppraisal", expected, appraisalId=appraisal["id"])
    result = await mutate(w.as_("sub_head"), "finalizeAppraisal", appraisalId=appraisal["id"])
    assert result["appraisal"]["status"] == "FINALIZED"


async def test_opening_without_an_approved_skp_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    before = await totals(appraisal_db, *TABLES)
    result = await mutate(w.as_("peer"), "openAppraisal", employeeId=w.org.peer, period="2026-03")
    assert error(result) == (
        "ValidationFailed",
        "there is no approved SKP covering 2026-03 for this employee",
    )
    assert await totals(appraisal_db, *TABLES) == before


async def test_a_quarterly_label_is_refused_while_appraisals_are_monthly(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    result = await mutate(w.as_("staff"), "openAppraisal", employeeId=w.org.staff, period="2026-Q1")
    assert result["__typename"] == "ValidationFailed"
    assert result["field"] == "period"


# bad input: each refused with a clear error, nothing written


async def refused(w: Any, client: Any, name: str, expected: str, **input: Any) -> None:
    """The mutation fails with ValidationFailed(expected) and no row or event is written."""
    before = await totals(w.db, *TABLES)
    result = await mutate(client, name, **input)
    assert error(result) == ("ValidationFailed", expected)
    assert await totals(w.db, *TABLES) == before


async def test_rating_ones_own_appraisal_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await refused(
        w,
        w.as_("staff"),
        "rateAppraisal",
        "you cannot rate your own appraisal",
        appraisalId=appraisal["id"],
        resultsRating="ABOVE",
        behaviourRating="ABOVE",
    )


async def test_rating_by_someone_not_the_superior_in_the_period_is_refused(
    appraisal_db: DB,
) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await refused(
        w,
        w.as_("director"),  # sees it (superior chain) but is not the direct superior
        "rateAppraisal",
        "only the employee's direct superior in the period may rate this appraisal",
        appraisalId=appraisal["id"],
        resultsRating="ABOVE",
        behaviourRating="ABOVE",
    )


async def test_finalizing_with_missing_behaviour_ratings_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"], behaviour=False)
    await refused(
        w,
        w.as_("sub_head").at(days_later(15)),
        "finalizeAppraisal",
        "the appraisal is not complete; missing: "
        + ", ".join(f"behaviour:{aspect}" for aspect in BERAKHLAK),
        appraisalId=appraisal["id"],
    )


async def test_an_objection_after_14_days_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    await refused(
        w,
        w.as_("staff").at(days_later(15)),
        "objectToAppraisal",
        "the objection period ended on 2026-04-20",
        appraisalId=appraisal["id"],
        reason="late",
    )
    on_time = await mutate(
        w.as_("staff").at(days_later(14)),
        "objectToAppraisal",
        appraisalId=appraisal["id"],
        reason="last day",
    )
    assert on_time["appraisal"]["status"] == "OBJECTED"


async def test_a_second_objection_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    await mutate(w.as_("staff"), "objectToAppraisal", appraisalId=appraisal["id"], reason="one")
    await refused(
        w,
        w.as_("staff"),
        "objectToAppraisal",
        "an objection has already been lodged",
        appraisalId=appraisal["id"],
        reason="two",
    )


async def test_an_objection_by_someone_else_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    await refused(
        w,
        w.as_("sub_head"),
        "objectToAppraisal",
        "only the appraised employee may object to the rating",
        appraisalId=appraisal["id"],
        reason="on their behalf",
    )


async def test_a_decision_by_anyone_but_the_appraisers_superior_is_refused(
    appraisal_db: DB,
) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    await mutate(w.as_("staff"), "objectToAppraisal", appraisalId=appraisal["id"], reason="low")
    for name in ("sub_head", "dg_head", "staff"):
        await refused(
            w,
            w.as_(name),
            "decideObjection",
            "only the appraiser's direct superior may decide this objection",
            appraisalId=appraisal["id"],
            note="no",
        )
    hr = w.as_("outsider", (Role.HR, None))
    await refused(
        w,
        hr,
        "decideObjection",
        "only the appraiser's direct superior may decide this objection",
        appraisalId=appraisal["id"],
        note="no",
    )


async def test_a_finalized_appraisal_cannot_be_changed(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    appraisal_id = appraisal["id"]
    await rated(w, appraisal_id)
    await mutate(w.as_("staff"), "acknowledgeAppraisal", appraisalId=appraisal_id)
    await mutate(w.as_("sub_head"), "finalizeAppraisal", appraisalId=appraisal_id)
    message = "a finalized appraisal cannot be changed"
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("sub_head", "rateAppraisal", {"resultsRating": "BELOW", "behaviourRating": "BELOW"}),
        ("staff", "submitSelfAssessment", {"text": "again"}),
        ("staff", "objectToAppraisal", {"reason": "now"}),
        ("staff", "acknowledgeAppraisal", {}),
        ("sub_head", "finalizeAppraisal", {}),
    ]
    for name, mutation, fields in steps:
        await refused(w, w.as_(name), mutation, message, appraisalId=appraisal_id, **fields)
    before = await totals(appraisal_db, *TABLES)
    result = await behaviour_rating(w.as_("sub_head"), appraisal_id, "SUPERIOR", levels("BELOW"))
    assert error(result) == ("ValidationFailed", message)
    assert await totals(appraisal_db, *TABLES) == before
    assert [s for s, _ in await outbox(appraisal_db)] == [FINALIZED]
