"""Follow-up of an appraisal (DOMAIN.md §4): reward, coaching and development linked to the
employee's competency gaps (as identity publishes them), functional credit points."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.appraisal.domain.followup import Gap, Recommendation, recommendations
from services.appraisal.domain.periods import Period
from services.appraisal.service.rules import rules_on
from services.appraisal.store.appraisals import AppraisalRow
from services.appraisal.store.organisation import gaps_of


async def recommendations_for(
    session: AsyncSession, appraisal: AppraisalRow
) -> tuple[Recommendation, ...]:
    """What follows from the appraisal's predicate (empty while it has none), by the rules in
    force on the period's first day; credit points count the months of the period."""
    if appraisal.predicate is None:
        return ()
    period = Period(appraisal.period, appraisal.kind, appraisal.period_start, appraisal.period_end)
    rules = await rules_on(session, period.start)
    gaps = [
        Gap(
            competency=row.competency,
            kind=row.kind,
            required_level=row.required_level,
            assessed_level=row.assessed_level,
        )
        for row in await gaps_of(session, appraisal.employee_id)
    ]
    return recommendations(appraisal.predicate, appraisal.job_type, len(period.months), gaps, rules)
