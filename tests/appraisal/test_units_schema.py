"""`rateUnit` and `OrgUnit.performance(period)` through the graph, with their authorization."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from services.appraisal.domain.types import AppraisalStatus, Predicate
from services.appraisal.store.organisation import UnitRatingRow
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import Org, seed_org, totals
from tests.appraisal.graphql import ERRORS, Client
from tests.appraisal.org_factories import MARCH, add_appraisal

Db = async_sessionmaker[AsyncSession]

RATE_UNIT = f"""
mutation($input: RateUnitInput!) {{
  rateUnit(input: $input) {{
    __typename
    ... on RateUnitPayload {{
      unitRating {{ unitId period periodStart periodEnd rating note ratedBy ratedAt revision }}
    }}
    {ERRORS}
  }}
}}"""

PERFORMANCE = """
query($id: ID!, $period: String!) {
  _entities(representations: [{__typename: "OrgUnit", id: $id}]) {
    ... on OrgUnit {
      performance(period: $period) {
        unitId period
        rating { rating revision }
        own { appraisals finalized pending byPredicate { predicate count } }
        subtree { appraisals pending }
        children { unitId own { appraisals } children { unitId } }
        violations { predicates count total percent message }
      }
    }
  }
}"""


async def _org(db: Db) -> Org:
    async with db() as session, session.begin():
        return await seed_org(session)


def _input(unit_id: str, rating: str = "BAIK", period: str = MARCH) -> dict[str, Any]:
    return {"unitId": unit_id, "period": period, "rating": rating, "note": "catatan"}


async def _performance(client: Client, unit_id: str, period: str = MARCH) -> Any:
    data = await client.data(PERFORMANCE, id=unit_id, period=period)
    return data["_entities"][0]["performance"]


async def test_the_director_rates_the_subdirectorate(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    data = await Client(appraisal_db).as_(org.director).data(RATE_UNIT, input=_input(org.sub))

    assert data["rateUnit"] == {
        "__typename": "RateUnitPayload",
        "unitRating": {
            "unitId": org.sub,
            "period": "2026-03",
            "periodStart": "2026-03-01",
            "periodEnd": "2026-03-31",
            "rating": "BAIK",
            "note": "catatan",
            "ratedBy": org.director,
            "ratedAt": NOW.isoformat(),
            "revision": 1,
        },
    }


@pytest.mark.parametrize(
    ("rater", "grants"),
    [
        ("sub_head", ()),
        ("peer", ()),
        ("outsider", ()),
        ("peer", ((Role.HR, None),)),
        ("peer", ((Role.SYSTEM_ADMIN, None),)),
    ],
)
async def test_anyone_but_the_head_of_the_level_above_is_told_who_rates(
    appraisal_db: Db, rater: str, grants: tuple[tuple[Role, str | None], ...]
) -> None:
    org = await _org(appraisal_db)
    before = await totals(appraisal_db, UnitRatingRow)
    client = Client(appraisal_db).as_(getattr(org, rater), *grants)

    data = await client.data(RATE_UNIT, input=_input(org.sub))

    assert data["rateUnit"]["__typename"] == "ValidationFailed"
    assert data["rateUnit"]["field"] == "unitId"
    assert data["rateUnit"]["message"].endswith(f"the head of Unit {org.dir} rates this unit") or (
        data["rateUnit"]["message"].endswith(f"only the head of Unit {org.dir} does")
    )
    assert await totals(appraisal_db, UnitRatingRow) == before


async def test_a_caller_who_is_no_employee_or_an_unknown_unit_is_not_found(
    appraisal_db: Db,
) -> None:
    org = await _org(appraisal_db)
    before = await totals(appraisal_db, UnitRatingRow)

    anonymous = await Client(appraisal_db).data(RATE_UNIT, input=_input(org.sub))
    unknown = await Client(appraisal_db).as_(org.director).data(RATE_UNIT, input=_input("nope"))

    assert anonymous["rateUnit"]["__typename"] == "NotFound"
    assert unknown["rateUnit"] == {
        "__typename": "NotFound",
        "message": "org unit nope not found",
        "id": "nope",
    }
    assert await totals(appraisal_db, UnitRatingRow) == before


async def test_re_rating_after_finalisation_is_a_conflict(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)
    client = Client(appraisal_db).as_(org.director)
    await client.data(RATE_UNIT, input=_input(org.sub))
    await add_appraisal(
        appraisal_db, org.staff, org.sub, Predicate.BAIK, status=AppraisalStatus.FINALIZED
    )
    before = await totals(appraisal_db, UnitRatingRow)

    data = await client.data(RATE_UNIT, input=_input(org.sub, "ISTIMEWA"))

    assert data["rateUnit"] == {
        "__typename": "Conflict",
        "message": f"appraisals of Unit {org.sub} for 2026-03 are final: "
        "its rating no longer changes",
    }
    assert await totals(appraisal_db, UnitRatingRow) == before


async def test_a_top_unit_cannot_be_rated(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    data = await Client(appraisal_db).as_(org.dg_head).data(RATE_UNIT, input=_input(org.dg))

    assert data["rateUnit"] == {
        "__typename": "ValidationFailed",
        "message": f"Unit {org.dg} is a top unit: there is no level above it to rate it",
        "field": "unitId",
    }


async def test_performance_shows_counts_and_violations_never_names(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)
    await add_appraisal(appraisal_db, org.staff, org.sub, Predicate.BAIK)
    await add_appraisal(appraisal_db, org.peer, org.sub, Predicate.BAIK)
    await Client(appraisal_db).as_(org.director).data(RATE_UNIT, input=_input(org.sub))

    performance = await _performance(Client(appraisal_db).as_(org.peer), org.dir)

    [sub] = performance["children"]
    assert performance["subtree"] == {"appraisals": 2, "pending": 2}
    assert performance["rating"] is None
    assert sub == {"unitId": org.sub, "own": {"appraisals": 2}, "children": []}
    sub_performance = await _performance(Client(appraisal_db).as_(org.peer), org.sub)
    assert sub_performance["rating"] == {"rating": "BAIK", "revision": 1}
    assert sub_performance["own"]["byPredicate"][:2] == [
        {"predicate": "SANGAT_BAIK", "count": 0},
        {"predicate": "BAIK", "count": 2},
    ]
    assert [
        (v["predicates"], v["count"], v["total"], v["percent"])
        for v in sub_performance["violations"]
    ] == [(["BAIK"], 2, 2, "100"), (["BUTUH_PERBAIKAN", "KURANG"], 0, 2, "0")]
    assert org.staff not in str(sub_performance)
    assert org.peer not in str(sub_performance)


async def test_performance_is_hidden_from_callers_who_are_not_employees(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    assert await _performance(Client(appraisal_db), org.sub) is None


async def test_a_bad_period_in_performance_is_a_clear_error(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    result = await Client(appraisal_db).as_(org.peer).run(PERFORMANCE, id=org.sub, period="2026-Q1")

    assert result.errors is not None
    assert "periodic appraisals are monthly here" in result.errors[0].message
