# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The parts of an appraisal in GraphQL: indicator figures, behaviour ratings, invitations, the
objection, recommendations, feedback notes and the audit trail (`Appraisal` itself is in
`appraisal_types`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from kinerja.graphql import Info
from services.appraisal.domain.followup import Recommendation as RecommendationValue
from services.appraisal.domain.types import (
    AppraisalKind,
    AppraisalStatus,
    Expectation,
    Predicate,
    RaterRole,
    RecommendationKind,
    Regime,
)
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import (
    AppraisalAuditRow,
    BehaviourRatingRow,
    FeedbackNoteRow,
    IndicatorResultRow,
    ObjectionRow,
    RaterInvitationRow,
)

if TYPE_CHECKING:
    from services.appraisal.schema.entities import Employee

EmployeeRef = Annotated["Employee", strawberry.lazy("services.appraisal.schema.entities")]

strawberry.enum(Regime, description="The scoring regime of the SKP the appraisal follows.")
strawberry.enum(AppraisalKind, description="Periodic (month, quarter or semester) or annual.")
strawberry.enum(AppraisalStatus, description="Where the appraisal is in its workflow.")
strawberry.enum(Expectation, description="PermenPANRB 6/2022: below, as or above expectation.")
strawberry.enum(Predicate, description="A performance predicate (per regime).")
strawberry.enum(RaterRole, description="Who gave a behaviour rating (the SUPERIOR's decides).")
strawberry.enum(RecommendationKind, description="A kind of follow-up of an appraisal.")

_CENT = Decimal("0.01")
ANONYMOUS_ACTIONS = frozenset({"behaviour_rated_360", "raters_invited"})


def two_places(value: Decimal | None) -> Decimal | None:
    """A score or percentage as published: two decimals, half-up."""
    return None if value is None else value.quantize(_CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal | None) -> Decimal | None:
    """A stored quantity without its padding zeros (10.0000 → 10)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def employee_ref(employee_id: str | None) -> Employee | None:
    """The `Employee` stub of an id (identity resolves the rest)."""
    from services.appraisal.schema.entities import Employee  # a cycle otherwise

    return Employee(id=strawberry.ID(employee_id)) if employee_id else None


def is_caller(info: Info, employee_id: str) -> bool:
    """Is the signed-in employee this one?"""
    principal = info.context.principal
    return principal.is_employee and principal.subject == employee_id


@strawberry.type(description="An indicator's (or PP46 activity's) figures when rated.")
class IndicatorResult:
    """Target, realisation, achievement (percent) and value, kept as rated."""

    indicator_id: strawberry.ID
    lineage_id: strawberry.ID
    item_title: str
    name: str
    kind: str = strawberry.field(description="UTAMA, TAMBAHAN or PP46_ACTIVITY.")
    target: Decimal
    realisation: Decimal
    achievement: Decimal | None
    value: Decimal | None
    quality: Decimal | None = strawberry.field(description="PP46: realised quality.")
    time_months: int | None = strawberry.field(description="PP46: realised months.")
    cost: int | None = strawberry.field(description="PP46: realised cost (rupiah).")

    @classmethod
    def from_row(cls, row: IndicatorResultRow) -> IndicatorResult:
        """The type from its row."""
        return cls(
            indicator_id=strawberry.ID(row.indicator_id),
            lineage_id=strawberry.ID(row.lineage_id),
            item_title=row.item_title,
            name=row.name,
            kind=row.kind,
            target=plain(row.target) or Decimal(0),
            realisation=plain(row.realisation) or Decimal(0),
            achievement=two_places(row.achievement),
            value=two_places(row.value),
            quality=plain(row.quality),
            time_months=row.time_months,
            cost=row.cost,
        )


@strawberry.type(description="One rater's rating of one behaviour aspect.")
class BehaviourRating:
    """A score (PP46, 8/2021) or a level (6/2022); the rater is hidden from the appraised
    employee for PEER and SUBORDINATE ratings."""

    role: RaterRole
    aspect: str
    score: Decimal | None
    level: Expectation | None
    comment: str | None
    rated_at: datetime
    _rater_id: strawberry.Private[str | None]

    @strawberry.field(description="Who rated (null for 360 ratings shown to the employee).")
    def rater(self) -> EmployeeRef | None:
        """The rater, when the caller may know them."""
        return employee_ref(self._rater_id)

    @classmethod
    def from_row(cls, row: BehaviourRatingRow, *, anonymous: bool) -> BehaviourRating:
        """The type from its row (`anonymous` hides the rater)."""
        return cls(
            role=row.role,
            aspect=row.aspect,
            score=two_places(row.score),
            level=row.level,
            comment=row.comment,
            rated_at=row.rated_at,
            _rater_id=None if anonymous else row.rater_id,
        )


@strawberry.type(description="A peer or subordinate invited to rate behaviour (360).")
class RaterInvitation:
    """Who was invited, as what, by whom and when."""

    role: RaterRole
    invited_at: datetime
    _row: strawberry.Private[RaterInvitationRow]

    @strawberry.field(description="The invited rater.")
    def rater(self) -> EmployeeRef | None:
        """The rater."""
        return employee_ref(self._row.rater_id)

    @strawberry.field(description="Whether they have rated yet.")
    async def has_rated(self, info: Info) -> bool:
        """True once the rater gave at least one rating."""
        async with info.context.read() as session:
            ratings = await store.list_behaviour_ratings(session, self._row.appraisal_id)
        return any(r.rater_id == self._row.rater_id for r in ratings)


@strawberry.type(description="The employee's objection and the final decision on it.")
class Objection:
    """Keberatan: the reason, and the decision of the appraiser's superior."""

    reason: str
    objected_at: datetime
    decided_at: datetime | None
    decision_note: str | None
    upheld: bool | None = strawberry.field(description="True when the decision changed the rating.")
    rating_before: str | None = strawberry.field(
        description="JSON of the rating before the decision (when decided)."
    )
    _row: strawberry.Private[ObjectionRow]

    @strawberry.field(description="Who decided.")
    def decided_by(self) -> EmployeeRef | None:
        """The decider."""
        return employee_ref(self._row.decided_by)

    @classmethod
    def from_row(cls, row: ObjectionRow) -> Objection:
        """The type from its row."""
        return cls(
            reason=row.reason,
            objected_at=row.objected_at,
            decided_at=row.decided_at,
            decision_note=row.decision_note,
            upheld=row.upheld,
            rating_before=row.before,
            _row=row,
        )


@strawberry.type(description="A follow-up recommendation (reward, coaching, development, credit).")
class Recommendation:
    """What follows from the predicate."""

    kind: RecommendationKind
    text: str
    credit_points: Decimal | None
    competencies: list[str]

    @classmethod
    def from_value(cls, value: RecommendationValue) -> Recommendation:
        """The type from the domain's recommendation."""
        return cls(
            kind=value.kind,
            text=value.text,
            credit_points=value.credit_points,
            competencies=list(value.competencies),
        )


@strawberry.type(description="A dialog kinerja note between an employee and their superior.")
class FeedbackNote:
    """One note, on the day it was written."""

    id: strawberry.ID
    date: date
    body: str
    created_at: datetime
    _row: strawberry.Private[FeedbackNoteRow]

    @strawberry.field(description="Whose performance the note is about.")
    def employee(self) -> EmployeeRef | None:
        """The employee."""
        return employee_ref(self._row.employee_id)

    @strawberry.field(description="Who wrote it (the employee or their superior).")
    def author(self) -> EmployeeRef | None:
        """The author."""
        return employee_ref(self._row.author_id)

    @classmethod
    def from_row(cls, row: FeedbackNoteRow) -> FeedbackNote:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            date=row.day,
            body=row.body,
            created_at=row.created_at,
            _row=row,
        )


@strawberry.type(description="Something done to an appraisal: who, what, when.")
class AppraisalEvent:
    """One audit entry (the actor of 360 steps is hidden from the appraised employee)."""

    action: str
    at: datetime
    detail: str = strawberry.field(description="JSON details of the step.")
    _actor_id: strawberry.Private[str | None]

    @strawberry.field(description="Who did it.")
    def actor(self) -> EmployeeRef | None:
        """The actor, when the caller may know them."""
        return employee_ref(self._actor_id)

    @classmethod
    def from_row(cls, row: AppraisalAuditRow, *, anonymous: bool) -> AppraisalEvent:
        """The type from its row."""
        return cls(
            action=row.action,
            at=row.at,
            detail=row.detail,
            _actor_id=(None if anonymous else row.actor_id),
        )
