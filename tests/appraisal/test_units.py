"""Unit ratings by the head of the level above, and the performance roll-up with the
distribution check (issue 6, item 6).

The organisation (seed_org): dg ⊃ dir ⊃ sub; dg_head heads dg, director heads dir, sub_head
heads sub, where staff and peer work; outsider heads an unrelated root unit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError, NotFoundError
from services.appraisal.domain.types import (
    AppraisalRuleError,
    AppraisalStatus,
    Predicate,
    UnitRating,
)
from services.appraisal.events import UNIT_RATED
from services.appraisal.service.units import rate_unit, unit_performance, unit_rating_of
from services.appraisal.store.organisation import UnitRatingRow
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import Org, seed_org, totals
from tests.appraisal.org_factories import MARCH, add_appraisal, outbox_events
from tests.targets.factories import end_assignment

Db = async_sessionmaker[AsyncSession]
P = Predicate


async def _org(db: Db) -> Org:
    async with db() as session, session.begin():
        return await seed_org(session)


async def _rate(
    db: Db, unit_id: str, actor: str, rating: UnitRating = UnitRating.BAIK, period: str = MARCH
) -> UnitRatingRow:
    async with db() as session, session.begin():
        return await rate_unit(
            session, unit_id, period, rating, note=" tim solid ", actor=actor, now=NOW
        )


async def test_the_head_of_the_parent_unit_rates_a_unit_and_the_rating_is_published(
    appraisal_db: Db,
) -> None:
    org = await _org(appraisal_db)

    row = await _rate(appraisal_db, org.sub, org.director)

    async with appraisal_db() as session:
        stored = await unit_rating_of(session, org.sub, MARCH)
    assert stored is not None
    assert (stored.id, stored.rating, stored.note, stored.rated_by, stored.revision) == (
        row.id,
        UnitRating.BAIK,
        "tim solid",
        org.director,
        1,
    )
    [event] = await outbox_events(appraisal_db, UNIT_RATED)
    assert event["subject"] == org.sub
    assert event["data"] == {
        "unit_rating_id": row.id,
        "unit_id": org.sub,
        "unit_path": [org.dg, org.dir, org.sub],
        "period": "2026-03",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "rating": "BAIK",
        "rated_by": org.director,
        "rated_at": NOW.isoformat(),
        "revision": 1,
    }


async def test_a_unit_not_rated_has_no_rating(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    async with appraisal_db() as session:
        assert await unit_rating_of(session, org.sub, MARCH) is None


async def test_a_re_rating_before_finalisation_replaces_the_rating_and_bumps_the_revision(
    appraisal_db: Db,
) -> None:
    org = await _org(appraisal_db)
    await add_appraisal(appraisal_db, org.staff, org.sub, P.BAIK)
    first = await _rate(appraisal_db, org.sub, org.director)

    second = await _rate(appraisal_db, org.sub, org.director, UnitRating.ISTIMEWA)

    assert (second.id, second.rating, second.revision) == (first.id, UnitRating.ISTIMEWA, 2)
    events = await outbox_events(appraisal_db, UNIT_RATED)
    assert [(e["data"]["rating"], e["data"]["revision"]) for e in events] == [
        ("BAIK", 1),
        ("ISTIMEWA", 2),
    ]


async def test_re_rating_after_an_appraisal_of_the_unit_is_final_is_a_conflict(
    appraisal_db: Db,
) -> None:
    org = await _org(appraisal_db)
    await add_appraisal(appraisal_db, org.staff, org.sub, P.BAIK, status=AppraisalStatus.FINALIZED)
    await _rate(appraisal_db, org.sub, org.director)
    before = await totals(appraisal_db, UnitRatingRow)

    with pytest.raises(ConflictError, match="are final: its rating no longer changes"):
        await _rate(appraisal_db, org.sub, org.director, UnitRating.KURANG)

    assert await totals(appraisal_db, UnitRatingRow) == before
    async with appraisal_db() as session:
        stored = await unit_rating_of(session, org.sub, MARCH)
    assert stored is not None
    assert (stored.rating, stored.revision) == (UnitRating.BAIK, 1)


@pytest.mark.parametrize(
    ("rater", "message"),
    [
        ("sub_head", "a head does not rate their own unit: only the head of Unit {dir} does"),
        ("peer", "only the head of Unit {dir} rates this unit"),
        ("staff", "only the head of Unit {dir} rates this unit"),
        ("dg_head", "only the head of Unit {dir} rates this unit"),  # two levels above
        ("outsider", "only the head of Unit {dir} rates this unit"),
    ],
)
async def test_only_the_head_of_the_level_above_rates_a_unit(
    appraisal_db: Db, rater: str, message: str
) -> None:
    org = await _org(appraisal_db)
    before = await totals(appraisal_db, UnitRatingRow)

    with pytest.raises(AppraisalRuleError) as error:
        await _rate(appraisal_db, org.sub, getattr(org, rater))

    assert (error.value.field, error.value.message) == ("unitId", message.format(dir=org.dir))
    assert await totals(appraisal_db, UnitRatingRow) == before


async def test_a_top_unit_has_no_level_above_and_is_not_rated(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)
    before = await totals(appraisal_db, UnitRatingRow)

    with pytest.raises(AppraisalRuleError, match="is a top unit: there is no level above it"):
        await _rate(appraisal_db, org.dg, org.dg_head)

    assert await totals(appraisal_db, UnitRatingRow) == before


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-05", "2026-05 has not begun"),
        ("2026-Q1", "periodic appraisals are monthly here"),
        ("maret", "'maret' is not a period"),
    ],
)
async def test_a_bad_period_is_refused(appraisal_db: Db, period: str, message: str) -> None:
    org = await _org(appraisal_db)
    before = await totals(appraisal_db, UnitRatingRow)

    with pytest.raises(AppraisalRuleError, match=message) as error:
        await _rate(appraisal_db, org.sub, org.director, period=period)

    assert error.value.field == "period"
    assert await totals(appraisal_db, UnitRatingRow) == before


async def test_an_unknown_unit_is_not_found(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    with pytest.raises(NotFoundError):
        await _rate(appraisal_db, "no-such-unit", org.director)


async def test_the_annual_period_is_rated_by_the_head_on_its_last_day(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)

    row = await _rate(appraisal_db, org.dir, org.dg_head, period="2026")

    assert (row.period, row.period_start.isoformat(), row.period_end.isoformat()) == (
        "2026",
        "2026-01-01",
        "2026-12-31",
    )


# --- performance -------------------------------------------------------------------------------


def _counts(**counts: int) -> dict[Predicate, int]:
    return {p: counts.get(p.name, 0) for p in Predicate}


async def test_performance_counts_own_and_subtree_predicates_and_rolls_children_up(
    appraisal_db: Db,
) -> None:
    org = await _org(appraisal_db)
    await add_appraisal(appraisal_db, org.staff, org.sub, P.BAIK, status=AppraisalStatus.FINALIZED)
    await add_appraisal(appraisal_db, org.peer, org.sub, P.BUTUH_PERBAIKAN)
    await add_appraisal(appraisal_db, org.sub_head, org.sub, None, status=AppraisalStatus.OPEN)
    await add_appraisal(appraisal_db, org.director, org.dir, P.SANGAT_BAIK)
    await add_appraisal(appraisal_db, org.outsider, org.other, P.KURANG)
    await add_appraisal(appraisal_db, org.staff, org.sub, P.KURANG, period="2026-02")

    async with appraisal_db() as session:
        dg = await unit_performance(session, org.dg, MARCH)

    assert (dg.unit_id, dg.period, dg.rating, dg.violations) == (org.dg, MARCH, None, ())
    assert (dg.own.appraisals, dg.own.by_predicate) == (0, _counts())
    assert (dg.subtree.appraisals, dg.subtree.finalized, dg.subtree.pending) == (4, 1, 3)
    assert dg.subtree.by_predicate == _counts(BAIK=1, BUTUH_PERBAIKAN=1, SANGAT_BAIK=1)
    [directorate] = dg.children
    assert directorate.own.by_predicate == _counts(SANGAT_BAIK=1)
    assert directorate.subtree.appraisals == 4
    [sub] = directorate.children
    assert (sub.unit_id, sub.own.appraisals, sub.own.pending, sub.children) == (org.sub, 3, 2, ())
    assert sub.own.by_predicate == _counts(BAIK=1, BUTUH_PERBAIKAN=1)


async def test_a_violating_mix_is_listed_before_finalisation(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)
    for employee in (org.staff, org.peer, org.sub_head):
        await add_appraisal(appraisal_db, employee, org.sub, P.BAIK)
    await _rate(appraisal_db, org.sub, org.director, UnitRating.BAIK)

    async with appraisal_db() as session:
        sub = await unit_performance(session, org.sub, MARCH)

    assert sub.rating is not None
    assert sub.rating.rating is UnitRating.BAIK
    assert [(v.predicates, v.count, v.total, v.percent) for v in sub.violations] == [
        ((P.BAIK,), 3, 3, Decimal("100.00")),
        ((P.BUTUH_PERBAIKAN, P.KURANG), 0, 3, Decimal("0.00")),
    ]
    assert all(v.message for v in sub.violations)


async def test_a_mix_within_the_distribution_has_no_violations(appraisal_db: Db) -> None:
    org = await _org(appraisal_db)
    for employee, predicate in (
        (org.staff, P.BAIK),
        (org.peer, P.KURANG),
        (org.sub_head, P.SANGAT_BAIK),
    ):
        await add_appraisal(appraisal_db, employee, org.sub, predicate)
    await _rate(appraisal_db, org.sub, org.director, UnitRating.BAIK)

    async with appraisal_db() as session:
        sub = await unit_performance(session, org.sub, MARCH)

    assert sub.violations == ()


async def test_performance_of_an_unknown_unit_is_not_found(appraisal_db: Db) -> None:
    await _org(appraisal_db)

    with pytest.raises(NotFoundError):
        async with appraisal_db() as session:
            await unit_performance(session, "no-such-unit", MARCH)


async def test_the_rating_is_by_the_head_on_the_periods_last_day(appraisal_db: Db) -> None:
    """The director leaves on 15 March: nobody heads dir on 31 March, so nobody rates sub."""
    org = await _org(appraisal_db)
    async with appraisal_db() as session, session.begin():
        await end_assignment(session, org, "director", end=date(2026, 3, 15))

    with pytest.raises(AppraisalRuleError, match="only the head of"):
        await _rate(appraisal_db, org.sub, org.director)
