"""Rule sets: the defaults apply from 2018 without any row; an organisation's own rule set wins
over the all-organisations one; a month uses the rules in force on its first day; invalid
parameters and a second rule set on the same date are refused with nothing written."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError
from services.allowance.domain.rules import DEFAULT_RULES
from services.allowance.domain.rules_json import rules_to_dict
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.service.audit import canonical
from services.allowance.service.rule_sets import rules_in_force, set_rules
from services.allowance.store.audit import AuditRow
from services.allowance.store.tariffs import RuleSetRow
from tests.allowance.conftest import NOW
from tests.allowance.factories import totals

Db = async_sessionmaker[AsyncSession]
ORG = "org-kemensos"
HR = "hr-officer"


async def given_rules(
    db: Db, organisation: str | None, day: date, parameters: Any, note: str = ""
) -> RuleSetRow:
    """HR sets rules in their own transaction."""
    async with db() as session, session.begin():
        row, _ = await set_rules(
            session,
            organisation_id=organisation,
            effective_from=day,
            parameters=parameters,
            note=note,
            actor_id=HR,
            now=NOW,
        )
        return row


async def in_force(db: Db, month: date, organisation: str = ORG) -> tuple[str | None, Any]:
    """(rule set id, rules) of an organisation's month."""
    async with db() as session:
        row, rules = await rules_in_force(session, organisation, month)
        return (row.id if row else None), rules


async def test_without_any_rule_set_the_defaults_apply(allowance_db: Db) -> None:
    assert await in_force(allowance_db, date(2026, 3, 1)) == (None, DEFAULT_RULES)
    assert await in_force(allowance_db, date(2018, 1, 1)) == (None, DEFAULT_RULES)


async def test_a_month_before_the_defaults_without_a_rule_set_is_refused(allowance_db: Db) -> None:
    with pytest.raises(AllowanceRuleError) as caught:
        await in_force(allowance_db, date(2017, 12, 1))
    assert caught.value.field == "month"
    assert caught.value.message == (
        "no rule set in force for 2017-12: the default rules apply from 2018-01-01 and no rule "
        "set takes effect earlier"
    )


async def test_the_organisations_own_rule_set_wins_over_the_general_one(allowance_db: Db) -> None:
    general = await given_rules(allowance_db, None, date(2026, 1, 1), {"cpns_percent": "75"})
    own = await given_rules(allowance_db, ORG, date(2026, 3, 1), '{"cpns_percent": "90"}')
    feb_id, feb = await in_force(allowance_db, date(2026, 2, 1))
    mar_id, mar = await in_force(allowance_db, date(2026, 3, 1))
    other_id, other = await in_force(allowance_db, date(2026, 3, 1), "org-other")
    assert (feb_id, feb.cpns_percent) == (general.id, Decimal(75))
    assert (mar_id, mar.cpns_percent) == (own.id, Decimal(90))
    assert (other_id, other.cpns_percent) == (general.id, Decimal(75))


async def test_a_month_uses_the_rules_in_force_on_its_first_day(allowance_db: Db) -> None:
    await given_rules(allowance_db, ORG, date(2026, 3, 15), {"no_appraisal_factor": "50"})
    assert (await in_force(allowance_db, date(2026, 3, 1)))[0] is None
    assert (await in_force(allowance_db, date(2026, 4, 1)))[1].no_appraisal_factor == 50


async def test_a_rule_set_may_cover_months_before_the_defaults(allowance_db: Db) -> None:
    row = await given_rules(allowance_db, None, date(2017, 1, 1), {})
    rule_set_id, rules = await in_force(allowance_db, date(2017, 6, 1))
    assert rule_set_id == row.id
    assert canonical(rules_to_dict(rules)) == canonical(rules_to_dict(DEFAULT_RULES))


async def test_a_rule_set_is_stored_canonically_and_audited(allowance_db: Db) -> None:
    row = await given_rules(
        allowance_db, ORG, date(2026, 3, 1), {"cpns_percent": 85}, note=" SK 12/2026 "
    )
    stored = json.loads(row.parameters)
    assert stored["cpns_percent"] == "85"
    assert stored["performance_percent"] == "60"
    assert row.note == "SK 12/2026"
    async with allowance_db() as session:
        audit_row = (await session.scalars(select(AuditRow))).one()
    assert (audit_row.action, audit_row.entity, audit_row.entity_id) == (
        "rules.set",
        "rule_set",
        row.id,
    )
    detail = json.loads(audit_row.detail)
    assert detail["organisation_id"] == ORG
    assert detail["parameters"]["cpns_percent"] == "85"


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ("{not json", "parameters", "parameters are not valid JSON"),
        ("[1, 2]", "parameters", "parameters must be a JSON object"),
        ({"cpns_percentage": "80"}, "parameters.cpns_percentage", "is not an allowance rule"),
        (
            {"performance_percent": "70"},
            "parameters.performance_percent",
            "must add up to 100",
        ),
        ({"cpns_percent": "120"}, "parameters.cpns_percent", ""),
    ],
    ids=["not-json", "not-object", "unknown-key", "split", "over-100"],
)
async def test_invalid_parameters_are_refused_and_nothing_is_written(
    allowance_db: Db, parameters: Any, field: str, message: str
) -> None:
    with pytest.raises(AllowanceRuleError) as caught:
        await given_rules(allowance_db, ORG, date(2026, 3, 1), parameters)
    assert caught.value.field == field
    assert message in caught.value.message
    assert await totals(allowance_db, RuleSetRow, AuditRow) == (0, 0, 0)


async def test_a_second_rule_set_on_the_same_date_is_a_conflict(allowance_db: Db) -> None:
    await given_rules(allowance_db, ORG, date(2026, 3, 1), {})
    await given_rules(allowance_db, None, date(2026, 3, 1), {})  # another organisation: fine
    with pytest.raises(ConflictError) as caught:
        await given_rules(allowance_db, ORG, date(2026, 3, 1), {"cpns_percent": "90"})
    assert caught.value.message == (
        "a rule set of organisation org-kemensos already takes effect on 2026-03-01"
    )
    with pytest.raises(ConflictError, match="every organisation already takes effect"):
        await given_rules(allowance_db, None, date(2026, 3, 1), {})
    assert await totals(allowance_db, RuleSetRow, AuditRow) == (2, 2, 0)
