"""Allowance rule sets: every parameter of DOMAIN.md §5 as data, date-effective per organisation.

Which rules a month uses: those in force on the month's FIRST day — the organisation's own rule
set in force then, else the all-organisations one (organisation_id NULL), else the seeded
`DEFAULT_RULES`, which apply from `DEFAULT_RULES_FROM` (2018-01-01, the first seeded tariff).
A month before that with no stored rule set has no rules: AllowanceRuleError("month").

The defaults are not a row: a run computed with them stores `rule_set_id = None`. A rule set is
never edited or deleted; a change is a new rule set. A rule change therefore never alters a
locked run — its payments are stored, and it keeps the rule set it was computed with; open runs
pick the change up when recomputed. Dates in the past are allowed (a decision taking effect
retroactively), like tariff versions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.rules_json import rules_from_dict, rules_to_dict
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.service import audit
from services.allowance.service.tariffs import month_label
from services.allowance.store import tariffs as store
from services.allowance.store.tariffs import RuleSetRow

DEFAULT_RULES_FROM = date(2018, 1, 1)


def parse_rules(row: RuleSetRow) -> AllowanceRules:
    """The rules a stored rule set holds."""
    data: dict[str, Any] = json.loads(row.parameters)
    return rules_from_dict(data)


async def rules_in_force(
    session: AsyncSession, organisation_id: str, month: date
) -> tuple[RuleSetRow | None, AllowanceRules]:
    """The rule set in force on the month's first day (None: the defaults) and its rules.

    AllowanceRuleError("month") for a month before any rule set and before the defaults.
    """
    first_day = month.replace(day=1)
    row = await store.rule_set_on(session, organisation_id, first_day)
    if row is None:
        row = await store.rule_set_on(session, None, first_day)
    if row is not None:
        return row, parse_rules(row)
    if first_day < DEFAULT_RULES_FROM:
        raise AllowanceRuleError(
            "month",
            f"no rule set in force for {month_label(first_day)}: the default rules apply from "
            f"{DEFAULT_RULES_FROM.isoformat()} and no rule set takes effect earlier",
        )
    return None, DEFAULT_RULES


def parse_parameters(parameters: str | Mapping[str, Any]) -> AllowanceRules:
    """Rules from a JSON object (text or parsed); keys left out take DEFAULT_RULES' values.

    AllowanceRuleError("parameters" or "parameters.<key>") when it is not valid.
    """
    data: Any = parameters
    if isinstance(parameters, str):
        try:
            data = json.loads(parameters)
        except ValueError as exc:
            raise AllowanceRuleError("parameters", f"parameters are not valid JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise AllowanceRuleError("parameters", "parameters must be a JSON object")
    try:
        return rules_from_dict(dict(data))
    except AllowanceRuleError as exc:
        field = f"parameters.{exc.field}" if exc.field else "parameters"
        raise AllowanceRuleError(field, exc.message) from exc


async def set_rules(
    session: AsyncSession,
    *,
    organisation_id: str | None,
    effective_from: date,
    parameters: str | Mapping[str, Any],
    note: str = "",
    actor_id: str,
    now: datetime,
    rule_set_id: str | None = None,
) -> tuple[RuleSetRow, AllowanceRules]:
    """Store a rule set of an organisation (None: every organisation) from a date (audited).

    AllowanceRuleError for invalid parameters; ConflictError when that organisation already has
    a rule set taking effect that day.
    """
    rules = parse_parameters(parameters)
    if await store.rule_set_from(session, organisation_id, effective_from) is not None:
        raise _taken(organisation_id, effective_from)
    stored = rules_to_dict(rules)
    row = RuleSetRow(
        id=rule_set_id or str(uuid.uuid4()),
        organisation_id=organisation_id,
        effective_from=effective_from,
        parameters=audit.canonical(stored),
        note=note.strip(),
        created_by=actor_id,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as exc:  # a concurrent rule set for the same date
        raise _taken(organisation_id, effective_from) from exc
    await audit.record(
        session,
        actor_id=actor_id,
        action="rules.set",
        entity="rule_set",
        entity_id=row.id,
        detail={
            "organisation_id": organisation_id,
            "effective_from": effective_from.isoformat(),
            "parameters": stored,
            "note": row.note,
        },
        now=now,
    )
    return row, rules


def _taken(organisation_id: str | None, day: date) -> ConflictError:
    whose = f"organisation {organisation_id}" if organisation_id else "every organisation"
    return ConflictError(f"a rule set of {whose} already takes effect on {day.isoformat()}")


async def list_rule_sets(
    session: AsyncSession, organisation_id: str | None, *, first: int, after: date | None = None
) -> Sequence[RuleSetRow]:
    """An organisation's (None: every organisation's) rule sets by date (`first + 1` rows)."""
    return await store.list_rule_sets(session, organisation_id, first=first, after=after)
