"""Who sees an appraisal and what of it: the employee, the superior chain and HR; never peers,
subordinates or outsiders (NotFound, like a missing id); 360 raters anonymous to the employee."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from services.appraisal.domain.types import AppraisalStatus, Predicate, UnitRating
from services.appraisal.service.appraisals import predicates_for_unit
from services.appraisal.store.organisation import UnitRatingRow
from tests.appraisal.appraisal_steps import (
    APPRAISAL_FIELDS,
    behaviour_rating,
    levels,
    mutate,
    open_,
    rated,
    world,
)
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import approved_skp

DB = async_sessionmaker[AsyncSession]

BY_ID = """query($id: ID!) { appraisal(id: $id) {
    id status
    behaviourRatings { role aspect level rater { id } }
    raterInvitations { role rater { id } hasRated }
    history { action actor { id } }
} }"""


async def _with_peer_rating(db: DB) -> tuple[Any, str]:
    w = await world(db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    invited = await mutate(
        w.as_("sub_head"),
        "inviteRaters",
        appraisalId=appraisal["id"],
        raters=[{"raterId": w.org.peer, "role": "PEER"}],
    )
    assert invited["__typename"] == "AppraisalPayload"
    peer = await behaviour_rating(
        w.as_("peer"), appraisal["id"], "PEER", [{"aspect": "HARMONIS", "level": "ABOVE"}]
    )
    assert peer["appraisal"] is None  # a 360 rater does not see the appraisal
    assert peer["ratings"] == [
        {"role": "PEER", "aspect": "HARMONIS", "score": None, "level": "ABOVE",
         "rater": {"id": w.org.peer}}
    ]  # fmt: skip
    return w, appraisal["id"]


async def test_the_employee_sees_peer_ratings_without_the_rater(appraisal_db: DB) -> None:
    w, appraisal_id = await _with_peer_rating(appraisal_db)
    data = await w.as_("staff").data(BY_ID, id=appraisal_id)
    ratings = data["appraisal"]["behaviourRatings"]
    assert [r for r in ratings if r["role"] == "PEER"] == [
        {"role": "PEER", "aspect": "HARMONIS", "level": "ABOVE", "rater": None}
    ]
    superior = [r for r in ratings if r["role"] == "SUPERIOR"]
    assert len(superior) == 7
    assert all(r["rater"] == {"id": w.org.sub_head} for r in superior)
    assert data["appraisal"]["raterInvitations"] == []
    history = [(e["action"], e["actor"]) for e in data["appraisal"]["history"]]
    assert ("behaviour_rated_360", None) in history
    assert ("raters_invited", None) in history
    assert w.org.peer not in str(data)


async def test_the_superior_chain_sees_who_rated(appraisal_db: DB) -> None:
    w, appraisal_id = await _with_peer_rating(appraisal_db)
    data = await w.as_("director").data(BY_ID, id=appraisal_id)
    peer = [r for r in data["appraisal"]["behaviourRatings"] if r["role"] == "PEER"]
    assert peer[0]["rater"] == {"id": w.org.peer}
    assert data["appraisal"]["raterInvitations"] == [
        {"role": "PEER", "rater": {"id": w.org.peer}, "hasRated": True}
    ]


async def test_peers_subordinates_and_outsiders_see_nothing(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    for name in ("peer", "outsider"):
        data = await w.as_(name).data(BY_ID, id=appraisal["id"])
        assert data == {"appraisal": None}
    # the sub_head's appraisal is invisible to their subordinate (staff)
    await approved_skp(appraisal_db, w.org.sub_head)
    boss = await mutate(
        w.as_("sub_head"), "openAppraisal", employeeId=w.org.sub_head, period="2026-03"
    )
    boss_id = boss["appraisal"]["id"]
    assert await w.as_("staff").data(BY_ID, id=boss_id) == {"appraisal": None}
    missing = await mutate(w.as_("staff"), "acknowledgeAppraisal", appraisalId="nope")
    hidden = await mutate(w.as_("staff"), "acknowledgeAppraisal", appraisalId=boss_id)
    assert missing == {
        "__typename": "NotFound",
        "message": "appraisal nope not found",
        "id": "nope",
    }
    assert hidden == {
        "__typename": "NotFound",
        "message": f"appraisal {boss_id} not found",
        "id": boss_id,
    }


async def test_an_uninvited_peer_cannot_rate_and_sees_not_found(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    result = await behaviour_rating(
        w.as_("peer"), appraisal["id"], "PEER", [{"aspect": "HARMONIS", "level": "ABOVE"}]
    )
    assert result["__typename"] == "NotFound"


async def test_an_outsider_cannot_open_someones_appraisal(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    result = await mutate(
        w.as_("outsider"), "openAppraisal", employeeId=w.org.staff, period="2026-03"
    )
    assert result["__typename"] == "NotFound"


async def test_hr_over_the_subtree_sees_the_appraisal(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    hr = w.as_("outsider", (Role.HR, w.org.dir))
    data = await hr.data(BY_ID, id=appraisal["id"])
    assert data["appraisal"]["id"] == appraisal["id"]
    elsewhere = w.as_("outsider", (Role.HR, w.org.other))
    assert await elsewhere.data(BY_ID, id=appraisal["id"]) == {"appraisal": None}


async def test_employee_appraisals_and_the_entity_reference(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    query = f"""query($reps: [_Any!]!) {{ _entities(representations: $reps) {{
        ... on Employee {{
            appraisals(first: 5) {{ nodes {{ id period }} pageInfo {{ hasNextPage }} }}
            appraisal(period: "2026-03") {{ {APPRAISAL_FIELDS} }}
        }}
        ... on Appraisal {{ id status }}
    }} }}"""

    def reps() -> list[dict[str, str]]:  # the federation resolver consumes them
        return [
            {"__typename": "Employee", "id": w.org.staff},
            {"__typename": "Appraisal", "id": appraisal["id"]},
        ]

    mine = await w.as_("staff").data(query, reps=reps())
    employee, entity = mine["_entities"]
    assert employee["appraisals"] == {
        "nodes": [{"id": appraisal["id"], "period": "2026-03"}],
        "pageInfo": {"hasNextPage": False},
    }
    assert employee["appraisal"] == appraisal
    assert entity == {"id": appraisal["id"], "status": "OPEN"}
    theirs = await w.as_("peer").data(query, reps=reps())
    assert theirs["_entities"][0]["appraisals"]["nodes"] == []
    assert theirs["_entities"][0]["appraisal"] is None
    assert theirs["_entities"][1] is None


async def test_the_decider_lists_pending_objections(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    appraisal = await open_(w)
    await rated(w, appraisal["id"])
    await mutate(w.as_("staff"), "objectToAppraisal", appraisalId=appraisal["id"], reason="low")
    query = "{ pendingObjections { nodes { id status } } }"
    assert (await w.as_("director").data(query))["pendingObjections"]["nodes"] == [
        {"id": appraisal["id"], "status": "OBJECTED"}
    ]
    assert (await w.as_("sub_head").data(query))["pendingObjections"]["nodes"] == []


async def test_an_invited_rater_sees_whom_to_rate(appraisal_db: DB) -> None:
    w, appraisal_id = await _with_peer_rating(appraisal_db)
    query = """{ myRatingRequests {
        appraisalId period role aspects employee { id } myRatings { aspect level }
    } }"""
    data = await w.as_("peer").data(query)
    [request] = data["myRatingRequests"]
    assert request["appraisalId"] == appraisal_id
    assert (request["role"], request["employee"]) == ("PEER", {"id": w.org.staff})
    assert request["aspects"][0] == "BERORIENTASI_PELAYANAN"
    assert request["myRatings"] == [{"aspect": "HARMONIS", "level": "ABOVE"}]
    assert (await w.as_("staff").data(query))["myRatingRequests"] == []


async def test_the_unit_heads_results_follow_the_units_rating(appraisal_db: DB) -> None:
    w = await world(appraisal_db)
    await approved_skp(appraisal_db, w.org.sub_head)
    async with appraisal_db() as session, session.begin():
        session.add(
            UnitRatingRow(
                id="ur-1",
                unit_id=w.org.sub,
                period="2026-03",
                period_start=date(2026, 3, 1),
                period_end=date(2026, 3, 31),
                rating=UnitRating.ISTIMEWA,
                rated_by=w.org.director,
                rated_at=NOW,
            )
        )
    opened = await mutate(
        w.as_("sub_head"), "openAppraisal", employeeId=w.org.sub_head, period="2026-03"
    )
    appraisal_id = opened["appraisal"]["id"]
    result = await mutate(
        w.as_("director"),
        "rateAppraisal",
        appraisalId=appraisal_id,
        resultsRating="BELOW",
        behaviourRating="AS_EXPECTED",
    )
    assert result["appraisal"]["resultsRating"] == "ABOVE"
    assert result["appraisal"]["resultsFollowUnit"] is True
    behaviour = await behaviour_rating(w.as_("director"), appraisal_id, "SUPERIOR", levels())
    assert behaviour["appraisal"]["predicate"] == "BAIK"
    async with appraisal_db() as session:
        rows = await predicates_for_unit(session, w.org.sub, "2026-03")
    assert rows == [(w.org.sub_head, Predicate.BAIK, AppraisalStatus.RATED)]
