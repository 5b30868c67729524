"""Behaviour ratings: the superior's decide, self and invited 360 ratings are inputs; scores
stay inside the regime's range; a decision on an objection may change the scores."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.appraisal.appraisal_steps import (
    PP46_COMMON,
    TABLES,
    behaviour_rating,
    error,
    levels,
    mutate,
    open_,
    world,
)
from tests.appraisal.factories import indicator_payload, pp46_activity_payload, totals

DB = async_sessionmaker[AsyncSession]


async def _refused(w: Any, client: Any, appraisal_id: str, role: str, ratings: Any) -> str:
    """The rating is refused, nothing written; the message."""
    before = await totals(w.db, *TABLES)
    result = await behaviour_rating(client, appraisal_id, role, ratings)
    assert result["__typename"] == "ValidationFailed", result
    assert await totals(w.db, *TABLES) == before
    message: str = result["message"]
    return message


async def test_a_pp46_score_above_100_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db, regime="PP46_2011", activities=[pp46_activity_payload()])
    appraisal = await open_(w, period="2026")
    ratings = [{"aspect": "INTEGRITAS", "score": "100.5"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", ratings)
    assert message == "a behaviour score must be between 0 and 100"
    negative = [{"aspect": "INTEGRITAS", "score": "-1"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", negative)
    assert message == "a behaviour score must be between 0 and 100"


async def test_an_8_2021_score_goes_up_to_120(appraisal_db: DB) -> None:
    w = await world(appraisal_db, regime="PERMENPANRB_8_2021")
    appraisal = await open_(w)
    too_high = [{"aspect": "KOMITMEN", "score": "121"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", too_high)
    assert message == "a behaviour score must be between 0 and 120"
    ok = await behaviour_rating(
        w.as_("sub_head"), appraisal["id"], "SUPERIOR", [{"aspect": "KOMITMEN", "score": "120"}]
    )
    assert ok["ratings"][0]["score"] == "120"


async def test_a_level_under_a_scored_regime_and_an_unknown_aspect_are_refused(
    appraisal_db: DB,
) -> None:
    w = await world(appraisal_db, regime="PP46_2011", activities=[pp46_activity_payload()])
    appraisal = await open_(w, period="2026")
    level = [{"aspect": "INTEGRITAS", "level": "ABOVE"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", level)
    assert message == "this regime rates behaviour by a score, not by a level"
    unknown = [{"aspect": "LOYAL", "score": "80"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", unknown)
    assert message.startswith("'LOYAL' is not a behaviour aspect here")


async def test_a_score_under_6_2022_is_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    score = [{"aspect": "LOYAL", "score": "80"}]
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SUPERIOR", score)
    assert message == "this regime rates behaviour by level (below/as/above), not by a score"


async def test_the_employee_rates_themself_as_self_only(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    own = await behaviour_rating(w.as_("staff"), appraisal["id"], "SELF", levels("ABOVE"))
    assert own["__typename"] == "RateBehaviourPayload"
    assert own["appraisal"]["predicate"] is None  # SELF does not decide
    message = await _refused(w, w.as_("staff"), appraisal["id"], "SUPERIOR", levels("ABOVE"))
    assert message == "you cannot rate your own appraisal"
    message = await _refused(w, w.as_("sub_head"), appraisal["id"], "SELF", levels())
    assert message == "only the appraised employee rates as SELF"


async def test_bad_invitations_are_refused(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    cases = [
        ("sub_head", w.org.staff, "PEER", "the employee cannot be their own 360 rater"),
        (
            "director",
            w.org.peer,
            "PEER",
            "only the employee's direct superior may invite 360 raters",
        ),
        ("staff", w.org.peer, "PEER", "only the employee's direct superior may invite 360 raters"),
        (
            "sub_head",
            w.org.peer,
            "SUBORDINATE",
            f"employee {w.org.peer} is not a subordinate of the appraised employee",
        ),
        ("sub_head", w.org.peer, "SELF", "raters are invited as PEER or SUBORDINATE"),
    ]
    for caller, rater, role, expected in cases:
        before = await totals(w.db, *TABLES)
        result = await mutate(
            w.as_(caller),
            "inviteRaters",
            appraisalId=appraisal["id"],
            raters=[{"raterId": rater, "role": role}],
        )
        assert error(result) == ("ValidationFailed", expected)
        assert await totals(w.db, *TABLES) == before


async def test_a_decision_may_change_the_behaviour_scores_of_a_scored_regime(
    appraisal_db: DB,
) -> None:
    indicator = indicator_payload("ind-8", monthly="10")
    w = await world(appraisal_db, regime="PERMENPANRB_8_2021", indicators=[indicator])
    appraisal = await open_(w)
    appraisal_id = appraisal["id"]
    await mutate(w.as_("sub_head"), "rateAppraisal", appraisalId=appraisal_id)
    aspects = ("ORIENTASI_PELAYANAN", "KOMITMEN", "INISIATIF_KERJA", "KERJA_SAMA")
    scores = [{"aspect": aspect, "score": "80"} for aspect in aspects]
    rated = await behaviour_rating(w.as_("sub_head"), appraisal_id, "SUPERIOR", scores)
    assert rated["appraisal"]["behaviourScore"] == "80"
    await mutate(w.as_("staff"), "objectToAppraisal", appraisalId=appraisal_id, reason="low")
    decided = await mutate(
        w.as_("director"),
        "decideObjection",
        appraisalId=appraisal_id,
        note="Commitment was exemplary",
        behaviour=[{"aspect": "KOMITMEN", "score": "120"}],
    )
    figures = decided["appraisal"]
    assert (figures["status"], figures["behaviourScore"]) == ("DECIDED", "90")
    query = """query($id: ID!) { appraisal(id: $id) {
        objection { upheld decisionNote decidedBy { id } ratingBefore }
    } }"""
    data = await w.as_("staff").data(query, id=appraisal_id)
    objection = data["appraisal"]["objection"]
    assert (objection["upheld"], objection["decidedBy"]) == (True, {"id": w.org.director})
    assert '"KOMITMEN": "80"' in objection["ratingBefore"]


async def test_a_decision_with_a_score_out_of_range_changes_nothing(appraisal_db: DB) -> None:
    w = await world(appraisal_db, regime="PP46_2011", activities=[pp46_activity_payload()])
    appraisal = await open_(w, period="2026")
    await mutate(w.as_("sub_head"), "rateAppraisal", appraisalId=appraisal["id"])
    scores = [{"aspect": aspect, "score": "80"} for aspect in PP46_COMMON]
    await behaviour_rating(w.as_("sub_head"), appraisal["id"], "SUPERIOR", scores)
    await mutate(w.as_("staff"), "objectToAppraisal", appraisalId=appraisal["id"], reason="x")
    before = await totals(w.db, *TABLES)
    result = await mutate(
        w.as_("director"),
        "decideObjection",
        appraisalId=appraisal["id"],
        note="raise",
        behaviour=[{"aspect": "DISIPLIN", "score": "130"}],
    )
    assert error(result) == ("ValidationFailed", "a behaviour score must be between 0 and 100")
    assert await totals(w.db, *TABLES) == before
