# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The `Appraisal` entity in GraphQL.

An `Appraisal` object is only built after the policy allowed the caller to see it; its fields
then hide what the appraised employee must not see (who gave a 360 rating, who was invited).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from kinerja.graphql import Info
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import (
    AppraisalKind,
    AppraisalStatus,
    Expectation,
    Predicate,
    RaterRole,
    Regime,
)
from services.appraisal.schema import guard
from services.appraisal.schema.appraisal_parts import (
    ANONYMOUS_ACTIONS,
    AppraisalEvent,
    BehaviourRating,
    EmployeeRef,
    FeedbackNote,
    IndicatorResult,
    Objection,
    RaterInvitation,
    Recommendation,
    employee_ref,
    is_caller,
    plain,
    two_places,
)
from services.appraisal.service.appraisal_records import current_evaluation
from services.appraisal.service.followup import recommendations_for
from services.appraisal.service.rules import rules_on
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalRow

__all__ = [
    "Appraisal",
    "AppraisalEvent",
    "BehaviourRating",
    "EmployeeRef",
    "FeedbackNote",
    "IndicatorResult",
    "Objection",
    "RaterInvitation",
    "Recommendation",
    "employee_ref",
]


@strawberry.federation.type(keys=["id"], description="An employee's appraisal for a period.")
class Appraisal:
    """The appraisal, its rating, computed figures, behaviour, objection and follow-up."""

    id: strawberry.ID
    period: str
    period_start: date
    period_end: date
    kind: AppraisalKind
    regime: Regime
    status: AppraisalStatus
    self_assessment: str | None
    self_assessed_at: datetime | None
    results_rating: Expectation | None
    behaviour_rating: Expectation | None
    results_follow_unit: bool = strawberry.field(
        description="The unit head's results rating follows the unit's rating."
    )
    additional_tasks: int
    creativity_points: Decimal
    innovation: bool
    skp_score: Decimal | None
    behaviour_score: Decimal | None
    final_score: Decimal | None
    predicate: Predicate | None
    rating_note: str | None
    rated_at: datetime | None
    objection_deadline: date | None = strawberry.field(
        description="The last day (inclusive) the employee may object."
    )
    acknowledged_at: datetime | None
    finalized_at: datetime | None
    revision: int
    _row: strawberry.Private[AppraisalRow]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Appraisal | None:
        """The appraisal when the caller may see it (null otherwise, like a missing one)."""
        async with info.context.read() as session:
            row = await store.get_appraisal(session, str(id))
        if row is None or not await guard.may_view_appraisal(info, row.employee_id):
            return None
        return cls.from_row(row)

    @classmethod
    def from_row(cls, row: AppraisalRow) -> Appraisal:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            period=row.period,
            period_start=row.period_start,
            period_end=row.period_end,
            kind=row.kind,
            regime=row.regime,
            status=row.status,
            self_assessment=row.self_assessment,
            self_assessed_at=row.self_assessed_at,
            results_rating=row.results_rating,
            behaviour_rating=row.behaviour_rating,
            results_follow_unit=row.results_follow_unit,
            additional_tasks=row.additional_tasks,
            creativity_points=plain(row.creativity_points) or Decimal(0),
            innovation=row.innovation,
            skp_score=two_places(row.skp_score),
            behaviour_score=two_places(row.behaviour_score),
            final_score=two_places(row.final_score),
            predicate=row.predicate,
            rating_note=row.rating_note,
            rated_at=row.rated_at,
            objection_deadline=row.objection_deadline,
            acknowledged_at=row.acknowledged_at,
            finalized_at=row.finalized_at,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="The appraised employee.")
    def employee(self) -> EmployeeRef:
        """The employee."""
        from services.appraisal.schema.entities import Employee  # a cycle otherwise

        return Employee(id=strawberry.ID(self._row.employee_id))

    @strawberry.field(description="The appraiser (the employee's direct superior in the period).")
    def appraiser(self) -> EmployeeRef | None:
        """The appraiser."""
        return employee_ref(self._row.appraiser_id)

    @strawberry.field(description="Who finalized it.")
    def finalized_by(self) -> EmployeeRef | None:
        """The finalizer."""
        return employee_ref(self._row.finalized_by)

    @strawberry.field(description="The figures of each indicator (or PP46 activity) as rated.")
    async def indicator_results(self, info: Info) -> list[IndicatorResult]:
        """In SKP order; empty before the rating."""
        async with info.context.read() as session:
            rows = await store.list_indicator_results(session, self._row.id)
        return [IndicatorResult.from_row(row) for row in rows]

    @strawberry.field(description="Every behaviour rating (360 raters anonymous to the employee).")
    async def behaviour_ratings(self, info: Info) -> list[BehaviourRating]:
        """By role, rater and aspect."""
        own = is_caller(info, self._row.employee_id)
        async with info.context.read() as session:
            rows = await store.list_behaviour_ratings(session, self._row.id)
        peer_roles = (RaterRole.PEER, RaterRole.SUBORDINATE)
        return [BehaviourRating.from_row(r, anonymous=own and r.role in peer_roles) for r in rows]

    @strawberry.field(
        description="The 360 raters invited by the superior (hidden from the employee)."
    )
    async def rater_invitations(self, info: Info) -> list[RaterInvitation]:
        """Empty for the appraised employee."""
        if is_caller(info, self._row.employee_id):
            return []
        async with info.context.read() as session:
            rows = await store.list_invitations(session, self._row.id)
        return [RaterInvitation(role=r.role, invited_at=r.invited_at, _row=r) for r in rows]

    @strawberry.field(description="The employee's objection and its decision, if any.")
    async def objection(self, info: Info) -> Objection | None:
        """The objection."""
        async with info.context.read() as session:
            row = await store.get_objection(session, self._row.id)
        return Objection.from_row(row) if row else None

    @strawberry.field(description="The dialog kinerja notes of the period, oldest first.")
    async def feedback_notes(self, info: Info) -> list[FeedbackNote]:
        """Notes about the employee written during the period (at most 100)."""
        async with info.context.read() as session:
            rows = await store.list_feedback(
                session,
                self._row.employee_id,
                start=self._row.period_start,
                end=self._row.period_end,
                first=99,
                after=None,
            )
        return [FeedbackNote.from_row(row) for row in rows]

    @strawberry.field(description="Follow-up recommendations (empty until there is a predicate).")
    async def recommendations(self, info: Info) -> list[Recommendation]:
        """Reward, coaching, development and credit points."""
        async with info.context.read() as session:
            values = await recommendations_for(session, self._row)
        return [Recommendation.from_value(value) for value in values]

    @strawberry.field(description="What is still needed before it can be finalized.")
    async def missing(self, info: Info) -> list[str]:
        """E.g. "rating", "behaviour:INTEGRITAS", "results_rating"; empty when complete."""
        async with info.context.read() as session:
            rules: AppraisalRules = await rules_on(session, self._row.period_start)
            evaluation = await current_evaluation(session, self._row, rules)
        return list(evaluation.missing)

    @strawberry.field(description="What was done to the appraisal, oldest first.")
    async def history(self, info: Info) -> list[AppraisalEvent]:
        """The audit trail."""
        own = is_caller(info, self._row.employee_id)
        async with info.context.read() as session:
            rows = await store.list_audit(session, self._row.id)
        return [
            AppraisalEvent.from_row(row, anonymous=own and row.action in ANONYMOUS_ACTIONS)
            for row in rows
        ]
