"""The appraisal rules in force: date-effective rule sets kept by HR (`rule_set`).

A rule set takes effect on its `effective_from` and stays in force until the next one; with none,
`DEFAULT_RULES` apply. A new rule set may take effect today or later, never in the past, so the
figures of periods already appraised never move (finalized appraisals keep their own figures
anyway). A period is judged by the rules in force on its first day.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.appraisal.domain.periods import Period, parse_period
from services.appraisal.domain.rules import DEFAULT_RULES, AppraisalRules
from services.appraisal.domain.rules_json import rules_from_dict, rules_to_dict
from services.appraisal.domain.types import AppraisalRuleError, Frequency
from services.appraisal.store import organisation as store
from services.appraisal.store.organisation import RuleSetRow

CAPITAL = ZoneInfo("Asia/Jakarta")  # "today" is the capital's date, as everywhere in appraisal


def parse_rules(row: RuleSetRow) -> AppraisalRules:
    """The rules a stored rule set holds."""
    data: dict[str, Any] = json.loads(row.parameters)
    return rules_from_dict(data)


async def rules_on(session: AsyncSession, day: date) -> AppraisalRules:
    """The rules in force on `day` (DEFAULT_RULES before the first rule set)."""
    row = await store.rule_set_on(session, day)
    return parse_rules(row) if row is not None else DEFAULT_RULES


async def period_rules(session: AsyncSession, label: str) -> tuple[Period, AppraisalRules]:
    """A period label parsed with the frequency in force on its first day, and those rules.

    AppraisalRuleError("period") for a malformed label or a periodic one of another frequency.
    """
    first_day: date | None = None
    for frequency in Frequency:
        try:
            first_day = parse_period(label, frequency).start
            break
        except AppraisalRuleError:
            continue
    if first_day is None:
        parse_period(label, DEFAULT_RULES.frequency)  # raises the clear message
        raise AppraisalRuleError("period", f"{label!r} is not a period")  # pragma: no cover
    rules = await rules_on(session, first_day)
    return parse_period(label, rules.frequency), rules


def _parameters(parameters: str) -> AppraisalRules:
    try:
        data = json.loads(parameters)
    except ValueError as exc:
        raise AppraisalRuleError("parameters", f"parameters are not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise AppraisalRuleError("parameters", "parameters must be a JSON object")
    try:
        return rules_from_dict(data)
    except AppraisalRuleError as exc:
        field = f"parameters.{exc.field}" if exc.field else "parameters"
        raise AppraisalRuleError(field, exc.message) from exc


async def set_rules(
    session: AsyncSession,
    effective_from: date,
    parameters: str,
    *,
    actor: str,
    now: datetime,
    note: str = "",
    rule_set_id: str | None = None,
) -> RuleSetRow:
    """Store a rule set (JSON; keys left out take DEFAULT_RULES' values) in force from a date.

    AppraisalRuleError for invalid parameters or a date in the past; ConflictError when a rule
    set already takes effect on that date.
    """
    today = now.astimezone(CAPITAL).date()
    if effective_from < today:
        raise AppraisalRuleError(
            "effectiveFrom",
            f"rules cannot take effect in the past ({effective_from.isoformat()} is before "
            f"{today.isoformat()}): history is judged by the rules then in force",
        )
    rules = _parameters(parameters)
    if await store.rule_set_from(session, effective_from) is not None:
        raise ConflictError(f"a rule set already takes effect on {effective_from.isoformat()}")
    row = RuleSetRow(
        id=rule_set_id or str(uuid.uuid4()),
        effective_from=effective_from,
        parameters=json.dumps(rules_to_dict(rules), sort_keys=True),
        note=note.strip(),
        created_by=actor,
        created_at=now,
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent rule set for the same date
        raise ConflictError(
            f"a rule set already takes effect on {effective_from.isoformat()}"
        ) from exc
    return row


async def rule_sets(
    session: AsyncSession, *, first: int, after: date | None = None
) -> Sequence[RuleSetRow]:
    """Rule sets by the date they take effect (`first + 1` rows, for keyset paging)."""
    return await store.list_rule_sets(session, first=first, after=after)
