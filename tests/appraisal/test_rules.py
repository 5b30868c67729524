"""The appraisal rules in force: date-effective rule sets set by HR, the defaults before them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from kinerja.errors import ConflictError
from services.appraisal.domain.rules import DEFAULT_RULES
from services.appraisal.domain.types import AppraisalRuleError, Frequency
from services.appraisal.service.rules import period_rules, rules_on, set_rules
from services.appraisal.store.organisation import RuleSetRow
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import totals
from tests.appraisal.graphql import ERRORS, Client

Db = async_sessionmaker[AsyncSession]
TODAY = date(2026, 4, 6)
MAY = date(2026, 5, 1)


async def _set(db: Db, effective_from: date, parameters: dict[str, object]) -> RuleSetRow:
    async with db() as session, session.begin():
        return await set_rules(session, effective_from, json.dumps(parameters), actor="hr", now=NOW)


async def _rules_on(db: Db, day: date):  # type: ignore[no-untyped-def]
    async with db() as session:
        return await rules_on(session, day)


async def test_the_defaults_are_in_force_before_any_rule_set(appraisal_db: Db) -> None:
    assert await _rules_on(appraisal_db, TODAY) == DEFAULT_RULES


async def test_a_rule_set_is_in_force_from_its_date_and_left_out_keys_keep_the_defaults(
    appraisal_db: Db,
) -> None:
    row = await _set(appraisal_db, MAY, {"objection_days": 21, "frequency": "QUARTERLY"})

    before = await _rules_on(appraisal_db, MAY - timedelta(days=1))
    after = await _rules_on(appraisal_db, date(2027, 1, 1))
    assert before == DEFAULT_RULES
    assert (after.objection_days, after.frequency) == (21, Frequency.QUARTERLY)
    assert after.p8_bands == DEFAULT_RULES.p8_bands
    assert (row.created_by, row.created_at) == ("hr", NOW)
    assert json.loads(row.parameters)["objection_days"] == 21


async def test_the_latest_rule_set_on_or_before_the_day_wins(appraisal_db: Db) -> None:
    await _set(appraisal_db, MAY, {"objection_days": 21})
    await _set(appraisal_db, date(2026, 7, 1), {"objection_days": 10})

    assert (await _rules_on(appraisal_db, date(2026, 6, 30))).objection_days == 21
    assert (await _rules_on(appraisal_db, date(2026, 7, 1))).objection_days == 10


async def test_a_period_is_parsed_with_the_frequency_in_force_on_its_first_day(
    appraisal_db: Db,
) -> None:
    await _set(appraisal_db, date(2026, 7, 1), {"frequency": "QUARTERLY"})

    async with appraisal_db() as session:
        march, _ = await period_rules(session, "2026-03")
        q3, rules = await period_rules(session, "2026-Q3")
        with pytest.raises(AppraisalRuleError, match="quarterly") as error:
            await period_rules(session, "2026-08")
    assert (march.start, q3.start, q3.end) == (
        date(2026, 3, 1),
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert rules.frequency is Frequency.QUARTERLY
    assert error.value.field == "period"


@pytest.mark.parametrize(
    ("effective_from", "parameters", "field", "message"),
    [
        (MAY, "{not json", "parameters", "parameters are not valid JSON"),
        (MAY, "[1, 2]", "parameters", "parameters must be a JSON object"),
        (MAY, '{"objection_days": 0}', "parameters.objection_days", "between 1 and 90"),
        (MAY, '{"p8_skp_weight": "80"}', "parameters.p8_skp_weight", "add up to 100"),
        (MAY, '{"bonus": 1}', "parameters.bonus", "not an appraisal rule parameter"),
        (TODAY - timedelta(days=1), "{}", "effectiveFrom", "cannot take effect in the past"),
    ],
)
async def test_bad_rule_sets_are_refused_and_nothing_is_stored(
    appraisal_db: Db, effective_from: date, parameters: str, field: str, message: str
) -> None:
    before = await totals(appraisal_db, RuleSetRow)

    with pytest.raises(AppraisalRuleError, match=message) as error:
        async with appraisal_db() as session, session.begin():
            await set_rules(session, effective_from, parameters, actor="hr", now=NOW)

    assert error.value.field == field
    assert await totals(appraisal_db, RuleSetRow) == before


async def test_a_second_rule_set_on_the_same_date_is_a_conflict(appraisal_db: Db) -> None:
    await _set(appraisal_db, MAY, {"objection_days": 21})
    before = await totals(appraisal_db, RuleSetRow)

    with pytest.raises(ConflictError, match="already takes effect on 2026-05-01"):
        await _set(appraisal_db, MAY, {"objection_days": 7})

    assert await totals(appraisal_db, RuleSetRow) == before
    assert (await _rules_on(appraisal_db, MAY)).objection_days == 21


# --- the graph ---------------------------------------------------------------------------------

SET_RULES = f"""
mutation($input: SetAppraisalRulesInput!) {{
  setAppraisalRules(input: $input) {{
    __typename
    ... on SetAppraisalRulesPayload {{ ruleSet {{ effectiveFrom note createdBy }} }}
    {ERRORS}
  }}
}}"""
RULES_ON = """
query($on: Date) {
  appraisalRules(on: $on) { on frequency objectionDays ruleSet { effectiveFrom } }
}"""
RULE_SETS = """
query { ruleSets(first: 10) { nodes { effectiveFrom note } pageInfo { hasNextPage } } }
"""


def _input(effective_from: date = MAY, parameters: str = '{"objection_days": 21}') -> object:
    return {"effectiveFrom": effective_from.isoformat(), "parameters": parameters, "note": "PAN"}


async def test_hr_over_the_whole_organisation_sets_rules_everyone_reads_them(
    appraisal_db: Db,
) -> None:
    client = Client(appraisal_db)

    data = await client.as_("hr", (Role.HR, None)).data(SET_RULES, input=_input())
    rules = await client.as_("staff").data(RULES_ON, on="2026-05-02")
    today = await client.as_("staff").data(RULES_ON)
    listed = await client.as_("staff").data(RULE_SETS)

    assert data == {
        "setAppraisalRules": {
            "__typename": "SetAppraisalRulesPayload",
            "ruleSet": {"effectiveFrom": "2026-05-01", "note": "PAN", "createdBy": "hr"},
        }
    }
    assert rules["appraisalRules"] == {
        "on": "2026-05-02",
        "frequency": "MONTHLY",
        "objectionDays": 21,
        "ruleSet": {"effectiveFrom": "2026-05-01"},
    }
    assert today["appraisalRules"]["ruleSet"] is None
    assert today["appraisalRules"]["objectionDays"] == 14
    assert listed["ruleSets"] == {
        "nodes": [{"effectiveFrom": "2026-05-01", "note": "PAN"}],
        "pageInfo": {"hasNextPage": False},
    }


@pytest.mark.parametrize(
    "grants",
    [(), ((Role.HR, "some-unit"),), ((Role.AUDITOR, None),), ((Role.UNIT_ADMIN, None),)],
)
async def test_only_hr_or_admins_granted_everywhere_set_rules(
    appraisal_db: Db, grants: tuple[tuple[Role, str | None], ...]
) -> None:
    client = Client(appraisal_db).as_("someone", *grants)
    before = await totals(appraisal_db, RuleSetRow)

    data = await client.data(SET_RULES, input=_input())

    assert data["setAppraisalRules"]["__typename"] == "NotFound"
    assert await totals(appraisal_db, RuleSetRow) == before


async def test_invalid_parameters_are_a_validation_failure_naming_the_parameter(
    appraisal_db: Db,
) -> None:
    client = Client(appraisal_db).as_("admin", (Role.SYSTEM_ADMIN, None))
    before = await totals(appraisal_db, RuleSetRow)

    data = await client.data(SET_RULES, input=_input(parameters='{"objection_days": 120}'))

    assert data["setAppraisalRules"] == {
        "__typename": "ValidationFailed",
        "message": "objection_days must be between 1 and 90",
        "field": "parameters.objection_days",
    }
    assert await totals(appraisal_db, RuleSetRow) == before
