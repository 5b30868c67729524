"""One probe per allowance operation: do it as an actor to a target, say whether it was allowed.

The world (test_matrix.allowance_world): everyone's attendance month 2026-09 closed, the
ministry's run of 2026-09 computed, reviewed and locked (with an override reason: no appraisal is
final) by the admin, and its run of 2026-10 computed (a DRAFT). A rule set for every organisation
takes effect far in the future (so `allowanceRuleSets` lists one and it rules nothing).

ALLOW is the operation's success: the record returned (or listed), the success payload, or — for
the export route — 200. DENY is anything else: null, an empty list, NotFound, an error, 404/409.
A probe that changes state is self-contained: computeRun recomputes the DRAFT month (allowed again
and again); reviewRun and lockRun act on a scratch run of their own (a month of 2025) kept for the
next row while refused; HR data written by a probe lies in months no run computes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from starlette.testclient import TestClient

from tests.authz import probes_targets
from tests.authz.org import Call, Person
from tests.authz.probes import UnitTarget

LOCKED_MONTH = "2026-09"  # computed, reviewed and locked by the fixture
DRAFT_MONTH = "2026-10"  # computed by the fixture; computeRun probes recompute it
FIRST_RULES_DAY = date(2090, 1, 1)  # setAllowanceRules probes take effect from here on
LISTED_RULES_DAY = date(2089, 1, 1)  # the rule set `allowanceRuleSets` lists
FIRST_TARIFF_DAY = date(2091, 1, 1)  # createTariffVersion probes take effect from here on
SCRATCH_YEAR = 2025  # months of the scratch runs reviewRun and lockRun act on


@dataclass(frozen=True)
class RunTarget:
    """A run of the ministry: its id, month and status when the fixture made it."""

    id: str
    month: str
    status: str


@dataclass(frozen=True)
class PaymentTarget:
    """A person whose payment a run lists (or a unit whose total it shows)."""

    run: RunTarget
    person: Person | None = None
    unit: UnitTarget | None = None


Target = Person | UnitTarget | RunTarget | PaymentTarget | None


def _months(first: date) -> Iterator[date]:
    month = first
    while True:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


@dataclass
class AllowanceWorld:
    """What allowance's probes act on, and how they call the allowance app."""

    call: Call
    client: TestClient
    admin: Person
    organisation_id: str
    services: dict[str, Person] = field(default_factory=dict)  # account → signed-in service
    locked: RunTarget = RunTarget("", LOCKED_MONTH, "")
    draft: RunTarget = RunTarget("", DRAFT_MONTH, "")
    spares: dict[str, str] = field(default_factory=dict)
    scratch_months: Iterator[date] = field(
        default_factory=lambda: _months(date(SCRATCH_YEAR, 1, 1))
    )
    hr_months: Iterator[date] = field(default_factory=lambda: _months(date(2040, 1, 1)))
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def as_admin(self, query: str, **variables: Any) -> dict[str, Any]:
        return self.call(query, variables, self.admin.token)

    def next_hr_month(self) -> str:
        """A month no run computes and no other HR-data probe used."""
        return f"{next(self.hr_months):%Y-%m}"


Probe = Callable[[AllowanceWorld, Person, Target], bool]
ALLOWANCE_PROBES: dict[str, Probe] = {}
PEOPLE_OPS: set[str] = set()
UNIT_OPS: set[str] = set()
RUN_OPS: set[str] = set()  # the target is a run (the locked one for employees' rows)
RUN_PEOPLE_OPS: set[str] = set()  # the target is a person (or unit) in a run


def probe(name: str, *, kind: str = "none") -> Callable[[Probe], Probe]:
    """Register a probe for allowance operation `name`; `kind`: people, units, run, run-people,
    run-units or none — what its targets are."""
    sets = {
        "people": [PEOPLE_OPS],
        "units": [UNIT_OPS],
        "run": [RUN_OPS],
        "run-people": [RUN_PEOPLE_OPS, PEOPLE_OPS],
        "run-units": [RUN_PEOPLE_OPS, UNIT_OPS],
        "none": [],
    }

    def register(function: Probe) -> Probe:
        ALLOWANCE_PROBES[name] = function
        for chosen in sets[kind]:
            chosen.add(name)
        return function

    return register


field_of = probes_targets.field_of
typename_of = probes_targets.typename_of


def person_of(target: Target) -> Person:
    assert isinstance(target, Person), target
    return target


def run_of(target: Target) -> RunTarget:
    assert isinstance(target, RunTarget), target
    return target


def in_run(target: Target) -> PaymentTarget:
    assert isinstance(target, PaymentTarget), target
    return target


def mutation(name: str, input_type: str, payload: str, selection: str = "__typename") -> str:
    """`name(input: $input)` returning `payload { selection }` (and the typed errors)."""
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename ... on {payload} {{ {selection} }} ... on Error {{ message }}
  }}
}}
"""


# name → (input type, success payload, selection)
MUTATIONS: dict[str, tuple[str, str, str]] = {
    "computeRun": ("ComputeRunInput", "RunPayload", "run { id status }"),
    "reviewRun": ("ReviewRunInput", "RunPayload", "run { id status }"),
    "lockRun": ("LockRunInput", "RunPayload", "run { id status }"),
    "recordSanction": ("RecordSanctionInput", "SanctionPayload", "sanction { id }"),
    "revokeSanction": ("RevokeSanctionInput", "SanctionPayload", "sanction { id }"),
    "setProfessionAllowance": (
        "SetProfessionAllowanceInput",
        "ProfessionAllowancePayload",
        "professionAllowance { id }",
    ),
    "endProfessionAllowance": (
        "EndProfessionAllowanceInput",
        "ProfessionAllowancePayload",
        "professionAllowance { id }",
    ),
    "recordStudyLeave": ("RecordStudyLeaveInput", "StudyLeavePayload", "studyLeave { id }"),
    "createTariffVersion": (
        "CreateTariffVersionInput",
        "CreateTariffVersionPayload",
        "tariffVersion { id }",
    ),
    "setAllowanceRules": ("SetAllowanceRulesInput", "SetAllowanceRulesPayload", "ruleSet { id }"),
}


def attempt(world: AllowanceWorld, caller: Person, name: str, /, **input_: Any) -> dict[str, Any]:
    """Mutation `name` as `caller`: the whole response."""
    input_type, payload, selection = MUTATIONS[name]
    query = mutation(name, input_type, payload, selection)
    return world.call(query, {"input": input_}, caller.token)


def run(world: AllowanceWorld, caller: Person, name: str, /, **input_: Any) -> bool:
    """Did mutation `name` as `caller` answer its success payload?"""
    return typename_of(attempt(world, caller, name, **input_), name) == MUTATIONS[name][1]


def ok(world: AllowanceWorld, caller: Person, name: str, /, **input_: Any) -> Any:
    """A preparation step; it must succeed. Its payload."""
    body = attempt(world, caller, name, **input_)
    assert typename_of(body, name) == MUTATIONS[name][1], body
    return field_of(body, name)


# --- preparing the world ---------------------------------------------------------------------


def compute(world: AllowanceWorld, month: str) -> RunTarget:
    """The ministry's run of `month`, computed (or recomputed) by the admin: a DRAFT."""
    made = ok(world, world.admin, "computeRun", organisationId=world.organisation_id, month=month)
    return RunTarget(id=made["run"]["id"], month=month, status=made["run"]["status"])


def review(world: AllowanceWorld, run_id: str) -> None:
    ok(world, world.admin, "reviewRun", runId=run_id)


def lock(world: AllowanceWorld, run_id: str) -> None:
    ok(world, world.admin, "lockRun", runId=run_id, overrideReason="matriks otorisasi")


def prepare_rules(world: AllowanceWorld) -> None:
    """A rule set for every organisation far in the future, for `allowanceRuleSets` to list."""
    ok(world, world.admin, "setAllowanceRules", effectiveFrom=LISTED_RULES_DAY.isoformat(),
       parameters="{}", note="matriks otorisasi")  # fmt: skip


# --- reading payments ------------------------------------------------------------------------

EMPLOYEE = """
query($r: [_Any!]!) {{
  _entities(representations: $r) {{ ... on Employee {{ {selection} }} }}
}}
"""


def _employee(world: AllowanceWorld, actor: Person, person: Person, selection: str) -> Any:
    body = world.call(
        EMPLOYEE.format(selection=selection),
        {"r": [{"__typename": "Employee", "id": person.id}]},
        actor.token,
    )
    entity = (field_of(body, "_entities") or [None])[0] or {}
    return entity.get(selection.split("(", maxsplit=1)[0])


@probe("Employee.allowances", kind="people")
def _allowances(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    found = _employee(world, actor, person_of(target), "allowances(first: 100) { nodes { id } }")
    return bool((found or {}).get("nodes"))


@probe("Employee.allowance", kind="people")
def _allowance(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    selection = f'allowance(month: "{LOCKED_MONTH}") {{ id total {{ amount }} lines {{ code }} }}'
    return _employee(world, actor, person_of(target), selection) is not None


# --- runs ------------------------------------------------------------------------------------

RUN = "query($id: ID!) {{ allowanceRun(id: $id) {{ id {selection} }} }}"


def _run(world: AllowanceWorld, actor: Person, run_id: str, selection: str = "") -> Any:
    body = world.call(RUN.format(selection=selection), {"id": run_id}, actor.token)
    return field_of(body, "allowanceRun")


@probe("allowanceRun", kind="run")
def _allowance_run(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    return _run(world, actor, run_of(target).id) is not None


@probe("allowanceRuns", kind="run")
def _allowance_runs(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    query = "query($o: ID!) { allowanceRuns(organisationId: $o, first: 100) { nodes { id } } }"
    body = world.call(query, {"o": world.organisation_id}, actor.token)
    nodes = (field_of(body, "allowanceRuns") or {}).get("nodes") or []
    return run_of(target).id in {node["id"] for node in nodes}


@probe("_entities(AllowanceRun)", kind="run")
def _entities_run(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    query = """
query($r: [_Any!]!) { _entities(representations: $r) { ... on AllowanceRun { id } } }
"""
    body = world.call(query, {"r": [{"__typename": "AllowanceRun", "id": run_of(target).id}]},
                      actor.token)  # fmt: skip
    return (field_of(body, "_entities") or [None])[0] is not None


@probe("AllowanceRun.files", kind="run")
def _files(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    found = _run(world, actor, run_of(target).id, "files { format sha256 }")
    return bool((found or {}).get("files"))


@probe("AllowanceRun.payments", kind="run-people")
def _payments(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    where = in_run(target)
    assert where.person is not None
    selection = "payments(first: 100) { nodes { employee { id } } }"
    nodes = ((_run(world, actor, where.run.id, selection) or {}).get("payments") or {}).get(
        "nodes"
    ) or []
    return where.person.id in {node["employee"]["id"] for node in nodes}


@probe("AllowanceRun.totalsByUnit", kind="run-units")
def _totals_by_unit(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    where = in_run(target)
    assert where.unit is not None
    found = _run(world, actor, where.run.id, "totalsByUnit { unitId employees }")
    return where.unit.id in {total["unitId"] for total in (found or {}).get("totalsByUnit") or []}


@probe("export.csv", kind="run")
def _export_csv(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    headers = {} if actor.token is None else {"authorization": f"Bearer {actor.token}"}
    response = world.client.get(f"/runs/{run_of(target).id}/export.csv", headers=headers)
    # 401 would mean the token was not accepted at all: the row would prove nothing
    assert response.status_code in (200, 404, 409), response.text
    return bool(response.status_code == 200)


@probe("computeRun")
def _compute_run(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    return run(world, actor, "computeRun", organisationId=world.organisation_id, month=DRAFT_MONTH)


def _scratch(world: AllowanceWorld, operation: str, make: Callable[[str], None]) -> str:
    """A scratch run for `operation`: the one a refused row left, else a new one (`make` takes
    it to the state the operation needs)."""
    if operation not in world.spares:
        scratch = compute(world, f"{next(world.scratch_months):%Y-%m}")
        make(scratch.id)
        world.spares[operation] = scratch.id
    return world.spares[operation]


def _used(world: AllowanceWorld, operation: str, allowed: bool) -> bool:
    if allowed:
        del world.spares[operation]
    return allowed


@probe("reviewRun")
def _review_run(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    run_id = _scratch(world, "reviewRun", lambda run_id: None)
    return _used(world, "reviewRun", run(world, actor, "reviewRun", runId=run_id))


@probe("lockRun")
def _lock_run(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    run_id = _scratch(world, "lockRun", lambda run_id: review(world, run_id))
    allowed = run(world, actor, "lockRun", runId=run_id, overrideReason="matriks otorisasi")
    return _used(world, "lockRun", allowed)


# --- HR data ---------------------------------------------------------------------------------


@probe("employeeAllowanceData", kind="people")
def _employee_allowance_data(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    query = "query($e: ID!) { employeeAllowanceData(employeeId: $e) { employeeId } }"
    body = world.call(query, {"e": person_of(target).id}, actor.token)
    return field_of(body, "employeeAllowanceData") is not None


def _sanction(world: AllowanceWorld, caller: Person, person: Person) -> dict[str, Any]:
    return attempt(world, caller, "recordSanction", employeeId=person.id,
                   startMonth=world.next_hr_month(), months=6, reference="SK/MATRIKS/1",
                   reason="matriks otorisasi")  # fmt: skip


@probe("recordSanction", kind="people")
def _record_sanction(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    body = _sanction(world, actor, person_of(target))
    return typename_of(body, "recordSanction") == "SanctionPayload"


@probe("revokeSanction", kind="people")
def _revoke_sanction(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    made = field_of(_sanction(world, world.admin, person_of(target)), "recordSanction")
    assert made, made
    assert "sanction" in made, made
    return run(world, actor, "revokeSanction", id=made["sanction"]["id"], reason="matriks")


def _profession(world: AllowanceWorld, caller: Person, person: Person, month: str) -> Any:
    return attempt(world, caller, "setProfessionAllowance", employeeId=person.id,
                   monthlyAmount=1_000_000, startMonth=month, reference="SK/PROFESI/1")  # fmt: skip


@probe("setProfessionAllowance", kind="people")
def _set_profession(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    body = _profession(world, actor, person_of(target), world.next_hr_month())
    return typename_of(body, "setProfessionAllowance") == "ProfessionAllowancePayload"


@probe("endProfessionAllowance", kind="people")
def _end_profession(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    month = world.next_hr_month()
    made = field_of(_profession(world, world.admin, person_of(target), month),
                    "setProfessionAllowance")  # fmt: skip
    assert made, made
    assert "professionAllowance" in made, made
    return run(world, actor, "endProfessionAllowance", id=made["professionAllowance"]["id"],
               lastMonth=month)  # fmt: skip


@probe("recordStudyLeave", kind="people")
def _record_study_leave(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    month = world.next_hr_month()
    return run(world, actor, "recordStudyLeave", employeeId=person_of(target).id,
               education="S2", startMonth=month, endMonth=month,
               reference="SK/TUBEL/1")  # fmt: skip


# --- tariffs and rules -----------------------------------------------------------------------


@probe("tariffs")
def _tariffs(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    body = world.call("{ tariffs(first: 100) { nodes { id name } } }", {}, actor.token)
    return bool((field_of(body, "tariffs") or {}).get("nodes"))


@probe("allowanceRules")
def _allowance_rules(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    query = "query($o: ID!) { allowanceRules(organisationId: $o) { parameters } }"
    body = world.call(query, {"o": world.organisation_id}, actor.token)
    return field_of(body, "allowanceRules") is not None


@probe("allowanceRuleSets")
def _allowance_rule_sets(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    query = "{ allowanceRuleSets(first: 100) { nodes { effectiveFrom } } }"
    nodes = (field_of(world.call(query, {}, actor.token), "allowanceRuleSets") or {}).get(
        "nodes"
    ) or []
    return LISTED_RULES_DAY.isoformat() in {node["effectiveFrom"] for node in nodes}


@probe("createTariffVersion")
def _create_tariff_version(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    day = FIRST_TARIFF_DAY + timedelta(days=next(world.counter))
    amounts = [{"kelas": kelas, "amount": str(1_000_000 * kelas)} for kelas in range(1, 18)]
    return run(world, actor, "createTariffVersion", name=f"Matriks {day}",
               effectiveFrom=day.isoformat(), amounts=amounts, note="matriks")  # fmt: skip


@probe("setAllowanceRules")
def _set_allowance_rules(world: AllowanceWorld, actor: Person, target: Target) -> bool:
    day = FIRST_RULES_DAY + timedelta(days=next(world.counter))
    return run(world, actor, "setAllowanceRules", effectiveFrom=day.isoformat(),
               parameters="{}", note="matriks otorisasi")  # fmt: skip
