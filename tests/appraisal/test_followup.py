"""Follow-up recommendations of an appraisal: reward, coaching and development linked to the
employee's competency gaps, and functional credit points for the months of the period."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events import CloudEvent
from services.appraisal.domain.types import Predicate, RecommendationKind
from services.appraisal.events import COMPETENCY_GAPS
from services.appraisal.service.competency import apply_competency_gaps
from services.appraisal.service.followup import recommendations_for
from services.appraisal.service.rules import set_rules
from services.appraisal.store.appraisals import AppraisalRow
from tests.appraisal.conftest import NOW
from tests.appraisal.org_factories import add_appraisal

Db = async_sessionmaker[AsyncSession]
K = RecommendationKind


async def _recommend(db: Db, row: AppraisalRow):  # type: ignore[no-untyped-def]
    async with db() as session:
        return await recommendations_for(session, row)


async def test_an_appraisal_without_a_predicate_has_no_recommendations(appraisal_db: Db) -> None:
    row = await add_appraisal(appraisal_db, "e-1", "u-1", None)

    assert await _recommend(appraisal_db, row) == ()


async def test_sangat_baik_earns_a_reward_and_credit_points_for_the_months_of_the_period(
    appraisal_db: Db,
) -> None:
    row = await add_appraisal(
        appraisal_db,
        "e-1",
        "u-1",
        Predicate.SANGAT_BAIK,
        period="2026",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        job_type="JF_AHLI_MUDA",
    )
    monthly = await add_appraisal(
        appraisal_db, "e-2", "u-1", Predicate.SANGAT_BAIK, job_type="JF_AHLI_MUDA"
    )

    annual = await _recommend(appraisal_db, row)
    march = await _recommend(appraisal_db, monthly)

    assert [r.kind for r in annual] == [K.REWARD, K.CREDIT_POINTS]
    assert annual[1].credit_points == Decimal("37.50")  # 150 % × 25 × 12/12
    assert march[1].credit_points == Decimal("3.13")  # 150 % × 25 × 1/12, half-up


async def test_butuh_perbaikan_brings_coaching_and_development_on_the_largest_gaps_first(
    appraisal_db: Db,
) -> None:
    event = CloudEvent(
        type=COMPETENCY_GAPS,
        source="kinerja/identity",
        data={
            "employee_id": "e-1",
            "version": 1,
            "gaps": [
                {
                    "competency": "Menulis",
                    "kind": "TECHNICAL",
                    "required_level": 3,
                    "assessed_level": 2,
                },
                {
                    "competency": "Analisis",
                    "kind": "TECHNICAL",
                    "required_level": 4,
                    "assessed_level": 1,
                },
            ],
        },
    )
    async with appraisal_db() as session, session.begin():
        await apply_competency_gaps(session, event)
    row = await add_appraisal(appraisal_db, "e-1", "u-1", Predicate.BUTUH_PERBAIKAN)

    result = await _recommend(appraisal_db, row)

    assert [r.kind for r in result] == [K.COACHING, K.DEVELOPMENT]
    assert result[1].competencies == ("Analisis", "Menulis")


async def test_the_rules_in_force_for_the_period_decide(appraisal_db: Db) -> None:
    async with appraisal_db() as session, session.begin():
        await set_rules(
            session,
            date(2026, 5, 1),
            json.dumps({"reward_predicates": ["SANGAT_BAIK", "BAIK"]}),
            actor="hr",
            now=NOW,
        )
    march = await add_appraisal(appraisal_db, "e-1", "u-1", Predicate.BAIK)
    may = await add_appraisal(
        appraisal_db,
        "e-2",
        "u-1",
        Predicate.BAIK,
        period="2026-05",
        start=date(2026, 5, 1),
        end=date(2026, 5, 31),
    )

    assert await _recommend(appraisal_db, march) == ()
    assert [r.kind for r in await _recommend(appraisal_db, may)] == [K.REWARD]
