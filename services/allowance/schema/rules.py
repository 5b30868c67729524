# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The allowance rules in the graph: `allowanceRules(organisationId, on)`, `allowanceRuleSets`
(every signed-in employee: the rules are not personal) and `setAllowanceRules` (HR or system
admins granted organisation-wide for any organisation or all of them; HR over an organisation's
top unit for that organisation; audited)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import strawberry

from kinerja.directory import replica
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
from services.allowance.domain.rules_json import rules_to_dict
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.schema import guard
from services.allowance.service import rule_sets as rule_service
from services.allowance.service.audit import canonical
from services.allowance.store.tariffs import RuleSetRow


@strawberry.type(description="Allowance parameters of an organisation (or all) from a date.")
class AllowanceRuleSet:
    """A stored rule set; `parameters` is its JSON (every parameter, defaults filled in)."""

    id: strawberry.ID
    organisation_id: strawberry.ID | None = strawberry.field(description="Null: every one.")
    effective_from: date
    parameters: str
    note: str
    created_by: strawberry.ID
    created_at: datetime

    @classmethod
    def from_row(cls, row: RuleSetRow) -> AllowanceRuleSet:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            organisation_id=strawberry.ID(row.organisation_id) if row.organisation_id else None,
            effective_from=row.effective_from,
            parameters=row.parameters,
            note=row.note,
            created_by=strawberry.ID(row.created_by),
            created_at=row.created_at,
        )


@strawberry.type(description="The allowance rules an organisation's month is computed with.")
class AllowanceRulesInForce:
    """The rule set in force on the month's first day (null: the defaults) and its parameters."""

    organisation_id: strawberry.ID
    on: date = strawberry.field(description="The first day of the month asked about.")
    rule_set: AllowanceRuleSet | None
    parameters: str


@strawberry.input(description="Allowance parameters in force from a date.")
class SetAllowanceRulesInput:
    """`organisationId` null: every organisation; `parameters` a JSON object (keys left out take
    the default values)."""

    organisation_id: strawberry.ID | None = None
    effective_from: date
    parameters: str
    note: str = ""


@strawberry.type
class SetAllowanceRulesPayload:
    """The stored rule set."""

    rule_set: AllowanceRuleSet


SetAllowanceRulesResult = Annotated[
    SetAllowanceRulesPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("SetAllowanceRulesResult"),
]


def _after_date(after: str | None) -> date | None:
    values = decode_cursor(after)
    if not values:
        return None
    try:
        return date.fromisoformat(str(values[0]))
    except ValueError as exc:
        raise ValidationError("after", "after is not a valid cursor") from exc


async def _may_set(info: Info, organisation_id: str | None) -> bool:
    if guard.may_administer(info):
        return True
    return organisation_id is not None and await guard.may_run(info, organisation_id)


@strawberry.type
class AllowanceRulesQuery:
    """Reading the allowance rules."""

    @strawberry.field(description="The rules of an organisation's month (default: this month).")
    async def allowance_rules(
        self, info: Info, organisation_id: strawberry.ID, on: date | None = None
    ) -> AllowanceRulesInForce:
        """The rule set in force on the first day of the month of `on`."""
        guard.caller_id(info)
        day = (on or guard.today(info)).replace(day=1)
        try:
            async with info.context.read() as session:
                row, rules = await rule_service.rules_in_force(session, str(organisation_id), day)
        except AllowanceRuleError as exc:
            raise ValidationError("on", exc.message) from exc
        return AllowanceRulesInForce(
            organisation_id=organisation_id,
            on=day,
            rule_set=AllowanceRuleSet.from_row(row) if row else None,
            parameters=canonical(rules_to_dict(rules)),
        )

    @strawberry.field(description="An organisation's (null: every organisation's) rule sets.")
    async def allowance_rule_sets(
        self,
        info: Info,
        organisation_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AllowanceRuleSet]:
        """By the date they take effect (empty for callers who are not employees)."""
        size = validate_page_size(first)
        rows: list[RuleSetRow] = []
        if info.context.principal.is_employee:
            organisation = str(organisation_id) if organisation_id else None
            async with info.context.read() as session:
                rows = list(
                    await rule_service.list_rule_sets(
                        session, organisation, first=size, after=_after_date(after)
                    )
                )
        return build_connection(
            rows,
            first=size,
            cursor_of=lambda row: [row.effective_from.isoformat()],
            node_of=AllowanceRuleSet.from_row,
            after=after,
        )


@strawberry.type
class AllowanceRulesMutation:
    """Setting the allowance rules."""

    @strawberry.mutation(description="Set the allowance rules in force from a date.")
    @mutation_errors
    async def set_allowance_rules(
        self, info: Info, input: SetAllowanceRulesInput
    ) -> SetAllowanceRulesResult:
        """The stored rule set; runs already locked keep the rules they were computed with."""
        actor = guard.caller_id(info)
        organisation_id = str(input.organisation_id) if input.organisation_id else None
        if not await _may_set(info, organisation_id):
            raise NotFoundError("organisation", organisation_id or "all")
        async with info.context.transaction() as session:
            if organisation_id and await replica.get_unit(session, organisation_id) is None:
                raise NotFoundError("organisation", organisation_id)
            row, _ = await rule_service.set_rules(
                session,
                organisation_id=organisation_id,
                effective_from=input.effective_from,
                parameters=input.parameters,
                note=input.note,
                actor_id=actor,
                now=info.context.now(),
                rule_set_id=str(uuid.uuid4()),
            )
        return SetAllowanceRulesPayload(rule_set=AllowanceRuleSet.from_row(row))


__all__ = ["AllowanceRulesMutation", "AllowanceRulesQuery"]
