"""The allowance graph: tariffs and rules (HR edits, everyone reads), runs (HR computes, reviews
and locks; auditors read; a subtree's HR sees its subtree; service accounts with the export scope
read locked runs only) and `Employee.allowances` / `allowance(month)` (own pay, HR, auditors)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Principal, PrincipalKind, Role
from services.allowance.domain.tariffs import PERPRES_71_2023
from services.allowance.store.audit import AuditRow
from services.allowance.store.runs import PaymentRow, RunRow
from services.allowance.store.tariffs import RuleSetRow, TariffAmountRow, TariffVersionRow
from tests.allowance.factories import Org, totals
from tests.allowance.graphql import ERRORS, Client
from tests.allowance.test_exports import complete_month, draft_run, given_org, locked_run

Db = async_sessionmaker[AsyncSession]

TARIFFS = (
    "{ tariffs(first: 10) { nodes { name effectiveFrom amounts { kelas amount { amount } } } } }"
)
CREATE_TARIFF = f"""
mutation($input: CreateTariffVersionInput!) {{ createTariffVersion(input: $input) {{
  __typename ... on CreateTariffVersionPayload {{ tariffVersion {{ name effectiveFrom
    amounts {{ kelas amount {{ amount currency }} }} }} }} {ERRORS} }} }}"""
RULES = """query($org: ID!, $on: Date) { allowanceRules(organisationId: $org, on: $on) {
  on ruleSet { effectiveFrom note } parameters } }"""
SET_RULES = f"""
mutation($input: SetAllowanceRulesInput!) {{ setAllowanceRules(input: $input) {{
  __typename ... on SetAllowanceRulesPayload {{ ruleSet {{ organisationId effectiveFrom note }} }}
  {ERRORS} }} }}"""
RUN_FIELDS = """id organisationId month status revision employees total { amount }
  totalsByUnit { unitId employees total { amount } }
  payments(first: 10) { nodes { nip name unitId kelas total { amount }
    lines { kind code amount { amount } } employee { id } } }
  files { format path sha256 size }"""
RUN = f"query($id: ID!) {{ allowanceRun(id: $id) {{ {RUN_FIELDS} }} }}"
RUNS = """query($org: ID!) { allowanceRuns(organisationId: $org) { nodes { id status month } } }"""
COMPUTE = f"""
mutation($input: ComputeRunInput!) {{ computeRun(input: $input) {{
  __typename ... on RunPayload {{ run {{ id month status revision }} }} {ERRORS} }} }}"""
REVIEW = f"""
mutation($input: ReviewRunInput!) {{ reviewRun(input: $input) {{
  __typename ... on RunPayload {{ run {{ id status }} }} {ERRORS} }} }}"""
LOCK = f"""
mutation($input: LockRunInput!) {{ lockRun(input: $input) {{
  __typename ... on RunPayload {{ run {{ id status files {{ format sha256 }} }} }} {ERRORS} }} }}"""
EMPLOYEE = """query($id: ID!, $month: String!) {
  _entities(representations: [{__typename: "Employee", id: $id}]) { ... on Employee {
    allowance(month: $month) { month runStatus total { amount } lines { kind code count percent
      basis { amount } amount { amount } } corrections { month } employee { id } }
    allowances(first: 5) { nodes { month total { amount } } pageInfo { hasNextPage } } } } }"""


def tariff_input(**overrides: Any) -> dict[str, Any]:
    """A valid createTariffVersion input (Perpres 71/2023 + 10 %)."""
    amounts = [{"kelas": k, "amount": v * 11 // 10} for k, v in PERPRES_71_2023.amounts]
    return {"name": "Perpres 2027", "effectiveFrom": "2027-01-01", "amounts": amounts} | overrides


def service(client: Client, *scopes: str) -> Client:
    """The client as a service account with some scopes."""
    principal = Principal(
        subject="svc-simpeg",
        kind=PrincipalKind.SERVICE,
        scopes=frozenset(scopes),
        session_id="sid-svc",
        token_id="jti",
    )
    return replace(client, principal=principal)


@pytest.fixture
async def org(allowance_db: Db) -> Org:
    """The organisation in the replica."""
    return await given_org(allowance_db)


@pytest.fixture
def client(allowance_db: Db) -> Client:
    """A GraphQL client on the test database."""
    return Client(allowance_db)


# --- tariffs ----------------------------------------------------------------------------------


async def test_every_employee_reads_the_seeded_tariffs(client: Client, org: Org) -> None:
    data = await client.as_(org.staff).data(TARIFFS)
    nodes = data["tariffs"]["nodes"]
    assert [(n["name"], n["effectiveFrom"]) for n in nodes] == [
        ("Perpres 134/2017", "2018-01-01"),
        ("Perpres 71/2023", "2023-10-16"),
    ]
    assert nodes[1]["amounts"][0] == {"kelas": 17, "amount": {"amount": "33240000"}}
    assert len(nodes[1]["amounts"]) == 17


async def test_hr_organisation_wide_creates_a_tariff_version(client: Client, org: Org) -> None:
    data = await client.as_("hr", (Role.HR, None)).data(CREATE_TARIFF, input=tariff_input())
    result = data["createTariffVersion"]
    assert result["__typename"] == "CreateTariffVersionPayload"
    assert result["tariffVersion"]["amounts"][0] == {
        "kelas": 17,
        "amount": {"amount": "36564000", "currency": "IDR"},
    }


async def test_hr_of_one_unit_cannot_create_tariffs(
    client: Client, org: Org, allowance_db: Db
) -> None:
    data = await client.as_("hr", (Role.HR, org.dg)).data(CREATE_TARIFF, input=tariff_input())
    assert data["createTariffVersion"] == {
        "__typename": "NotFound",
        "message": "tariff version 2027-01-01 not found",
        "id": "2027-01-01",
    }
    assert await totals(allowance_db, TariffVersionRow, AuditRow) == (0, 0, 0)


@pytest.mark.parametrize(
    ("kelas", "amount", "message"),
    [(9, -5_079_200, "kelas 9: the amount must be more than Rp 0")],
)
async def test_a_negative_amount_is_refused_through_the_graph(
    client: Client, org: Org, allowance_db: Db, kelas: int, amount: int, message: str
) -> None:
    bad = tariff_input()
    bad["amounts"] = [a | {"amount": amount} if a["kelas"] == kelas else a for a in bad["amounts"]]
    data = await client.as_("hr", (Role.HR, None)).data(CREATE_TARIFF, input=bad)
    assert data["createTariffVersion"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": "amounts",
    }
    assert await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow) == (0, 0, 0, 0)


@pytest.mark.parametrize("amount", [33240000.5, "33240000.5", "-1"])
async def test_a_fractional_amount_is_refused_and_nothing_is_written(
    client: Client, org: Org, allowance_db: Db, amount: Any
) -> None:
    bad = tariff_input()
    bad["amounts"][0] = {"kelas": 17, "amount": amount}
    data = await client.as_("hr", (Role.HR, None)).data(CREATE_TARIFF, input=bad)
    refused = data["createTariffVersion"]
    assert refused["__typename"] == "ValidationFailed"
    assert refused["field"] == "amounts"
    assert refused["message"].startswith("kelas 17: ")
    assert await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow) == (0, 0, 0, 0)


async def test_a_kelas_given_twice_is_refused(client: Client, org: Org, allowance_db: Db) -> None:
    bad = tariff_input()
    bad["amounts"].append({"kelas": 9, "amount": 1})
    data = await client.as_("hr", (Role.HR, None)).data(CREATE_TARIFF, input=bad)
    assert data["createTariffVersion"] == {
        "__typename": "ValidationFailed",
        "message": "kelas 9 appears more than once",
        "field": "amounts",
    }
    assert await totals(allowance_db, TariffVersionRow, AuditRow) == (0, 0, 0)


async def test_overlapping_effective_dates_are_a_conflict_through_the_graph(
    client: Client, org: Org, allowance_db: Db
) -> None:
    hr = client.as_("hr", (Role.HR, None))
    await hr.data(CREATE_TARIFF, input=tariff_input())
    before = await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow)
    data = await hr.data(CREATE_TARIFF, input=tariff_input(name="Perpres 2027 (revisi)"))
    assert data["createTariffVersion"] == {
        "__typename": "Conflict",
        "message": "overlapping effective dates: the tariff version 'Perpres 2027' already "
        "takes effect on 2027-01-01; choose another date",
    }
    assert await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow) == before


# --- rules ------------------------------------------------------------------------------------


async def test_without_rule_sets_the_default_rules_are_in_force(client: Client, org: Org) -> None:
    data = await client.as_(org.staff).data(RULES, org=org.dg, on="2026-03-15")
    rules = data["allowanceRules"]
    assert (rules["on"], rules["ruleSet"]) == ("2026-03-01", None)
    assert '"performance_percent":"60"' in rules["parameters"]


async def test_hr_over_the_organisation_sets_its_rules(client: Client, org: Org) -> None:
    hr = client.as_("hr", (Role.HR, org.dg))
    data = await hr.data(
        SET_RULES,
        input={
            "organisationId": org.dg,
            "effectiveFrom": "2026-04-01",
            "parameters": '{"cpns_percent": "85"}',
            "note": "SK 7/2026",
        },
    )
    assert data["setAllowanceRules"] == {
        "__typename": "SetAllowanceRulesPayload",
        "ruleSet": {"organisationId": org.dg, "effectiveFrom": "2026-04-01", "note": "SK 7/2026"},
    }
    rules = (await hr.data(RULES, org=org.dg, on="2026-04-01"))["allowanceRules"]
    assert rules["ruleSet"]["note"] == "SK 7/2026"
    assert '"cpns_percent":"85"' in rules["parameters"]


async def test_only_admins_set_rules_for_every_organisation_or_another_one(
    client: Client, org: Org, allowance_db: Db
) -> None:
    hr = client.as_("hr", (Role.HR, org.sub))
    for organisation in (None, org.dg):
        input = {"organisationId": organisation, "effectiveFrom": "2026-04-01", "parameters": "{}"}
        result = (await hr.data(SET_RULES, input=input))["setAllowanceRules"]
        assert result["__typename"] == "NotFound"
    assert await totals(allowance_db, RuleSetRow, AuditRow) == (0, 0, 0)


async def test_invalid_rule_parameters_are_refused(
    client: Client, org: Org, allowance_db: Db
) -> None:
    data = await client.as_("hr", (Role.HR, None)).data(
        SET_RULES,
        input={"effectiveFrom": "2026-04-01", "parameters": '{"cpns_percent": "120"}'},
    )
    result = data["setAllowanceRules"]
    assert (result["__typename"], result["field"]) == (
        "ValidationFailed",
        "parameters.cpns_percent",
    )
    assert await totals(allowance_db, RuleSetRow, AuditRow) == (0, 0, 0)


# --- runs -------------------------------------------------------------------------------------


async def test_hr_computes_reviews_and_locks_a_run(
    client: Client, org: Org, allowance_db: Db
) -> None:
    await complete_month(allowance_db, org)
    hr = client.as_("hr", (Role.HR, org.dg))
    computed = await hr.data(COMPUTE, input={"organisationId": org.dg, "month": "2026-03"})
    run = computed["computeRun"]["run"]
    assert (run["month"], run["status"], run["revision"]) == ("2026-03", "DRAFT", 1)
    reviewed = await hr.data(REVIEW, input={"runId": run["id"]})
    assert reviewed["reviewRun"]["run"]["status"] == "REVIEWED"
    locked = (await hr.data(LOCK, input={"runId": run["id"]}))["lockRun"]["run"]
    assert locked["status"] == "LOCKED"
    assert [f["format"] for f in locked["files"]] == ["csv", "xlsx", "json"]


async def test_a_malformed_month_is_refused(client: Client, org: Org, allowance_db: Db) -> None:
    hr = client.as_("hr", (Role.HR, org.dg))
    data = await hr.data(COMPUTE, input={"organisationId": org.dg, "month": "March 2026"})
    assert data["computeRun"] == {
        "__typename": "ValidationFailed",
        "message": "'March 2026' is not a month: use YYYY-MM (e.g. 2026-03)",
        "field": "month",
    }
    assert await totals(allowance_db, RunRow, AuditRow) == (0, 0, 0)


async def test_a_month_without_tariff_is_refused_through_the_graph(
    client: Client, org: Org, allowance_db: Db
) -> None:
    hr = client.as_("hr", (Role.HR, org.dg))
    data = await hr.data(COMPUTE, input={"organisationId": org.dg, "month": "2017-06"})
    assert data["computeRun"]["__typename"] == "ValidationFailed"
    assert data["computeRun"]["field"] == "month"
    assert await totals(allowance_db, RunRow, TariffVersionRow, AuditRow) == (0, 0, 0, 0)


async def test_only_hr_over_the_organisation_runs_it(
    client: Client, org: Org, allowance_db: Db
) -> None:
    await complete_month(allowance_db, org)
    for caller in (client.as_(org.dg_head), client.as_("hr", (Role.HR, org.sub))):
        data = await caller.data(COMPUTE, input={"organisationId": org.dg, "month": "2026-03"})
        assert data["computeRun"]["__typename"] == "NotFound"
    run = await draft_run(allowance_db, org)
    before = await totals(allowance_db, RunRow, AuditRow)
    data = await client.as_(org.dg_head).data(LOCK, input={"runId": run.id})
    assert data["lockRun"] == {
        "__typename": "NotFound",
        "message": f"allowance run {run.id} not found",
        "id": run.id,
    }
    assert await totals(allowance_db, RunRow, AuditRow) == before


async def test_hr_and_auditors_see_the_whole_run(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    for caller in (client.as_("hr", (Role.HR, org.dg)), client.as_("aud", (Role.AUDITOR, None))):
        seen = (await caller.data(RUN, id=run.id))["allowanceRun"]
        assert seen["employees"] == 5
        assert seen["total"] == {"amount": str(run.total)}
        assert len(seen["payments"]["nodes"]) == 5
        assert sum(int(u["total"]["amount"]) for u in seen["totalsByUnit"]) == run.total
        assert [f["format"] for f in seen["files"]] == ["csv", "xlsx", "json"]


async def test_hr_of_a_subtree_sees_only_its_payments(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    seen = (await client.as_("hr", (Role.HR, org.sub)).data(RUN, id=run.id))["allowanceRun"]
    assert [u["unitId"] for u in seen["totalsByUnit"]] == [org.sub]
    assert {p["employee"]["id"] for p in seen["payments"]["nodes"]} == {
        org.sub_head,
        org.staff,
        org.peer,
    }
    assert seen["employees"] == 3
    assert seen["files"] == []


async def test_employees_and_superiors_do_not_see_runs(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    for caller in (client.as_(org.staff), client.as_(org.dg_head), client.as_(org.outsider)):
        assert (await caller.data(RUN, id=run.id)) == {"allowanceRun": None}
        assert (await caller.data(RUNS, org=org.dg))["allowanceRuns"]["nodes"] == []


async def test_a_service_account_with_the_scope_reads_locked_runs_only(
    client: Client, org: Org, allowance_db: Db
) -> None:
    await complete_month(allowance_db, org)
    draft = await draft_run(allowance_db, org)
    exporter = service(client, "allowance:export")
    assert await exporter.data(RUN, id=draft.id) == {"allowanceRun": None}
    assert (await exporter.data(RUNS, org=org.dg))["allowanceRuns"]["nodes"] == []
    run = await locked_run(allowance_db, org)
    seen = (await exporter.data(RUN, id=run.id))["allowanceRun"]
    assert (seen["status"], seen["employees"]) == ("LOCKED", 5)
    assert len(seen["payments"]["nodes"]) == 5
    runs = (await exporter.data(RUNS, org=org.dg))["allowanceRuns"]["nodes"]
    assert runs == [{"id": run.id, "status": "LOCKED", "month": "2026-03"}]


async def test_a_service_account_without_the_scope_sees_nothing(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    before = await totals(allowance_db, RunRow, PaymentRow, AuditRow)
    for caller in (service(client), service(client, "appraisal:read")):
        assert await caller.data(RUN, id=run.id) == {"allowanceRun": None}
        assert (await caller.data(RUNS, org=org.dg))["allowanceRuns"]["nodes"] == []
        data = await caller.data(COMPUTE, input={"organisationId": org.dg, "month": "2026-04"})
        assert data["computeRun"]["__typename"] == "NotFound"
    assert (
        await service(client, "allowance:export").data(
            COMPUTE, input={"organisationId": org.dg, "month": "2026-04"}
        )
    )["computeRun"]["__typename"] == "NotFound"
    assert await totals(allowance_db, RunRow, PaymentRow, AuditRow) == before


async def test_the_run_entity_resolves_through_the_policy(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    query = """query($id: ID!) { _entities(representations: [{__typename: "AllowanceRun",
      id: $id}]) { ... on AllowanceRun { id status } } }"""
    hr = client.as_("hr", (Role.HR, org.dg))
    assert (await hr.data(query, id=run.id))["_entities"] == [{"id": run.id, "status": "LOCKED"}]
    assert (await client.as_(org.staff).data(query, id=run.id))["_entities"] == [None]


# --- Employee.allowance -------------------------------------------------------------------------


async def test_an_employee_sees_their_own_payment_explained(
    client: Client, org: Org, allowance_db: Db
) -> None:
    run = await locked_run(allowance_db, org)
    data = await client.as_(org.staff).data(EMPLOYEE, id=org.staff, month="2026-03")
    employee = data["_entities"][0]
    payment = employee["allowance"]
    assert (payment["month"], payment["runStatus"]) == ("2026-03", "LOCKED")
    assert payment["employee"] == {"id": org.staff}
    assert sum(int(line["amount"]["amount"]) for line in payment["lines"]) == int(
        payment["total"]["amount"]
    )
    tl2 = next(line for line in payment["lines"] if line["code"] == "TL2")
    assert (tl2["kind"], tl2["count"]) == ("DEDUCTION", 2)
    assert employee["allowances"]["nodes"] == [{"month": "2026-03", "total": payment["total"]}]
    assert run.total > 0


async def test_others_do_not_see_an_employees_pay(
    client: Client, org: Org, allowance_db: Db
) -> None:
    await locked_run(allowance_db, org)
    for caller in (
        client.as_(org.peer),
        client.as_(org.sub_head),
        service(client, "allowance:export"),
    ):
        employee = (await caller.data(EMPLOYEE, id=org.staff, month="2026-03"))["_entities"][0]
        assert employee == {
            "allowance": None,
            "allowances": {"nodes": [], "pageInfo": {"hasNextPage": False}},
        }
    hr = client.as_("hr", (Role.HR, org.sub))
    employee = (await hr.data(EMPLOYEE, id=org.staff, month="2026-03"))["_entities"][0]
    assert employee["allowance"]["month"] == "2026-03"


async def test_a_month_without_a_payment_is_null(client: Client, org: Org) -> None:
    data = await client.as_(org.staff).data(EMPLOYEE, id=org.staff, month="2026-02")
    assert data["_entities"][0]["allowance"] is None
