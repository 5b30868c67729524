# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Unit ratings, `OrgUnit.performance(period)` and the appraisal rules in the graph.

Performance is visible to whoever may view the unit, as counts only: which employee got which
predicate is appraisal data and never appears here. A unit is rated only by the head of its
parent unit (others who may see the unit are told so; a unit they may not see is NotFound).
The rules are read by every employee and changed only by HR or system admins granted
organisation-wide.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError, ValidationError
from kinerja.graphql import (
    Conflict,
    Connection,
    Info,
    NotFound,
    ValidationFailed,
    build_connection,
    decode_cursor,
    mutation_errors,
    validate_page_size,
)
from services.appraisal.domain.rules import DEFAULT_RULES
from services.appraisal.domain.rules_json import rules_to_dict
from services.appraisal.domain.types import AppraisalRuleError
from services.appraisal.schema import guard
from services.appraisal.schema.organisation_types import (
    AppraisalRuleSet,
    AppraisalRulesInForce,
    RateUnitInput,
    RateUnitPayload,
    SetAppraisalRulesInput,
    SetAppraisalRulesPayload,
    UnitPerformance,
    UnitRatingRecord,
)
from services.appraisal.service import rules as rules_service
from services.appraisal.service import units
from services.appraisal.store import organisation as store
from services.appraisal.store.organisation import RuleSetRow

RateUnitResult = Annotated[
    RateUnitPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("RateUnitResult"),
]
SetAppraisalRulesResult = Annotated[
    SetAppraisalRulesPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("SetAppraisalRulesResult"),
]


async def unit_performance(info: Info, unit_id: str, period: str) -> UnitPerformance | None:
    """The unit's roll-up for a period; None for a unit the caller may not view (or unknown).

    A malformed period label is a client error with a clear message."""
    if not await guard.may_view_unit(info, unit_id):
        return None
    try:
        async with info.context.read() as session:
            performance = await units.unit_performance(session, unit_id, period)
    except NotFoundError:
        return None
    except AppraisalRuleError as exc:
        raise ValidationError(exc.field, exc.message) from exc
    return UnitPerformance.from_performance(performance)


@strawberry.type
class OrgUnitPerformanceFields:
    """What appraisal adds to `OrgUnit`; the entity inherits it."""

    id: strawberry.ID

    @strawberry.field(description="The unit's rating and appraisal counts for a period, rolled up.")
    async def performance(self, info: Info, period: str) -> UnitPerformance | None:
        """Counts per predicate (own and subtree), children, rating and distribution violations."""
        return await unit_performance(info, str(self.id), period)


def _rule_set_cursor(row: RuleSetRow) -> list[str]:
    return [row.effective_from.isoformat()]


def _after_date(after: str | None) -> date | None:
    values = decode_cursor(after)
    if not values:
        return None
    try:
        return date.fromisoformat(str(values[0]))
    except ValueError as exc:
        raise ValidationError("after", "after is not a valid cursor") from exc


@strawberry.type
class OrganisationQuery:
    """Reading the appraisal rules."""

    @strawberry.field(description="The appraisal rules in force on a day (default: today).")
    async def appraisal_rules(self, info: Info, on: date | None = None) -> AppraisalRulesInForce:
        """The rule set in force (null while the defaults apply) and its parameters."""
        guard.caller_id(info)
        day = on or guard.today(info)
        async with info.context.read() as session:
            row = await store.rule_set_on(session, day)
        rules = rules_service.parse_rules(row) if row else DEFAULT_RULES
        return AppraisalRulesInForce(
            on=day,
            rule_set=AppraisalRuleSet.from_row(row) if row else None,
            frequency=rules.frequency,
            objection_days=rules.objection_days,
            parameters=json.dumps(rules_to_dict(rules), sort_keys=True),
        )

    @strawberry.field(description="Every rule set, by the date it takes effect.")
    async def rule_sets(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AppraisalRuleSet]:
        """A page of rule sets (empty for callers who are not signed-in employees)."""
        size = validate_page_size(first)
        rows: list[RuleSetRow] = []
        if info.context.principal.is_employee:
            async with info.context.read() as session:
                rows = list(
                    await rules_service.rule_sets(session, first=size, after=_after_date(after))
                )
        return build_connection(
            rows,
            first=size,
            cursor_of=_rule_set_cursor,
            node_of=AppraisalRuleSet.from_row,
            after=after,
        )


@strawberry.type
class OrganisationMutation:
    """Rating units and setting the appraisal rules."""

    @strawberry.mutation(description="Rate a unit for a period (the head of its parent unit).")
    @mutation_errors
    async def rate_unit(self, info: Info, input: RateUnitInput) -> RateUnitResult:
        """The rating; a re-rating bumps its revision until the unit's appraisals are final."""
        actor = guard.caller_id(info)
        unit_id = str(input.unit_id)
        if not await guard.may_view_unit(info, unit_id):
            raise NotFoundError("org unit", unit_id)
        async with info.context.transaction() as session:
            row = await units.rate_unit(
                session,
                unit_id,
                input.period,
                input.rating,
                note=input.note,
                actor=actor,
                now=info.context.now(),
                rating_id=str(uuid.uuid4()),
            )
        return RateUnitPayload(unit_rating=UnitRatingRecord.from_row(row))

    @strawberry.mutation(description="Set the appraisal rules in force from a date (HR, admins).")
    @mutation_errors
    async def set_appraisal_rules(
        self, info: Info, input: SetAppraisalRulesInput
    ) -> SetAppraisalRulesResult:
        """The stored rule set (parameters validated; keys left out take the defaults)."""
        actor = guard.caller_id(info)
        if not await guard.may_administer_rules(info):
            raise NotFoundError("appraisal rules", input.effective_from.isoformat())
        async with info.context.transaction() as session:
            row = await rules_service.set_rules(
                session,
                input.effective_from,
                input.parameters,
                actor=actor,
                now=info.context.now(),
                note=input.note,
                rule_set_id=str(uuid.uuid4()),
            )
        return SetAppraisalRulesPayload(rule_set=AppraisalRuleSet.from_row(row))
