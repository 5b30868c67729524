"""Graph types of unit ratings, the performance roll-up and the appraisal rules in force."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from services.appraisal.domain.distribution import Violation
from services.appraisal.domain.types import Frequency, Predicate, UnitRating
from services.appraisal.service import units
from services.appraisal.store.organisation import RuleSetRow, UnitRatingRow

strawberry.enum(UnitRating, description="A unit's rating for a period (Istimewa … Sangat Kurang).")
strawberry.enum(Predicate, description="A performance predicate (per regime).")
strawberry.enum(Frequency, description="How often periodic appraisals happen.")


@strawberry.type(description="A unit's rating for a period by the head of the level above.")
class UnitRatingRecord:
    """The rating, who gave it and when; `revision` counts re-ratings (1 for the first)."""

    id: strawberry.ID
    unit_id: strawberry.ID
    period: str
    period_start: date
    period_end: date
    rating: UnitRating
    note: str
    rated_by: strawberry.ID
    rated_at: datetime
    revision: int

    @classmethod
    def from_row(cls, row: UnitRatingRow) -> UnitRatingRecord:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            unit_id=strawberry.ID(row.unit_id),
            period=row.period,
            period_start=row.period_start,
            period_end=row.period_end,
            rating=row.rating,
            note=row.note,
            rated_by=strawberry.ID(row.rated_by),
            rated_at=row.rated_at,
            revision=row.revision,
        )


@strawberry.type(description="How many appraisals carry a predicate.")
class PredicateCount:
    """One predicate and its count."""

    predicate: Predicate
    count: int


@strawberry.type(description="Appraisal counts of a unit or subtree for a period (no names).")
class PredicateCounts:
    """All appraisals, final and pending ones, and the count per predicate (every predicate)."""

    appraisals: int
    finalized: int
    pending: int = strawberry.field(description="Appraisals not final yet.")
    by_predicate: list[PredicateCount]

    @classmethod
    def from_tally(cls, tally: units.PredicateTally) -> PredicateCounts:
        """The type from a tally."""
        return cls(
            appraisals=tally.appraisals,
            finalized=tally.finalized,
            pending=tally.pending,
            by_predicate=[
                PredicateCount(predicate=p, count=tally.by_predicate[p]) for p in Predicate
            ],
        )


@strawberry.type(description="A distribution rule the unit's predicates break, given its rating.")
class DistributionViolation:
    """`count` of `total` predicates (`percent` %) are among `predicates`."""

    predicates: list[Predicate]
    count: int
    total: int
    percent: Decimal
    message: str

    @classmethod
    def from_violation(cls, violation: Violation) -> DistributionViolation:
        """The type from the domain's violation."""
        return cls(
            predicates=list(violation.predicates),
            count=violation.count,
            total=violation.total,
            percent=violation.percent,
            message=violation.message,
        )


@strawberry.type(description="A unit's performance for a period, with its child units' roll-ups.")
class UnitPerformance:
    """Rating, counts of the unit's own appraisals and of its whole subtree, children, and the
    distribution violations of its own appraisals against its rating (before finalisation too)."""

    unit_id: strawberry.ID
    code: str
    name: str
    period: str
    rating: UnitRatingRecord | None
    own: PredicateCounts = strawberry.field(description="The unit's own appraisals.")
    subtree: PredicateCounts = strawberry.field(description="The unit and every unit under it.")
    children: list[UnitPerformance]
    violations: list[DistributionViolation]

    @classmethod
    def from_performance(cls, performance: units.UnitPerformance) -> UnitPerformance:
        """The type from the service's roll-up."""
        return cls(
            unit_id=strawberry.ID(performance.unit_id),
            code=performance.code,
            name=performance.name,
            period=performance.period,
            rating=UnitRatingRecord.from_row(performance.rating) if performance.rating else None,
            own=PredicateCounts.from_tally(performance.own),
            subtree=PredicateCounts.from_tally(performance.subtree),
            children=[cls.from_performance(child) for child in performance.children],
            violations=[DistributionViolation.from_violation(v) for v in performance.violations],
        )


@strawberry.type(description="Appraisal parameters in force from a date (set by HR).")
class AppraisalRuleSet:
    """A stored rule set; `parameters` is its JSON (every parameter, defaults filled in)."""

    id: strawberry.ID
    effective_from: date
    parameters: str
    note: str
    created_by: strawberry.ID
    created_at: datetime

    @classmethod
    def from_row(cls, row: RuleSetRow) -> AppraisalRuleSet:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            effective_from=row.effective_from,
            parameters=row.parameters,
            note=row.note,
            created_by=strawberry.ID(row.created_by),
            created_at=row.created_at,
        )


@strawberry.type(description="The appraisal rules in force on a day.")
class AppraisalRulesInForce:
    """The rule set in force (null: the defaults apply) and its parameters as JSON."""

    on: date
    rule_set: AppraisalRuleSet | None
    frequency: Frequency
    objection_days: int
    parameters: str


@strawberry.input(description="A unit's rating for a period.")
class RateUnitInput:
    """The unit, the period label ("2026-03", "2026-Q1", "2026"…), the rating and a note."""

    unit_id: strawberry.ID
    period: str
    rating: UnitRating
    note: str = ""


@strawberry.type
class RateUnitPayload:
    """The unit's rating after the change."""

    unit_rating: UnitRatingRecord


@strawberry.input(description="Appraisal parameters in force from a date (today or later).")
class SetAppraisalRulesInput:
    """`parameters` is a JSON object; keys left out take the default values."""

    effective_from: date
    parameters: str
    note: str = ""


@strawberry.type
class SetAppraisalRulesPayload:
    """The stored rule set."""

    rule_set: AppraisalRuleSet
