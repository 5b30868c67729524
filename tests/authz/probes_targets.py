"""One probe per targets operation: do it as an actor to a target, say whether it was allowed.

The admin (SYSTEM_ADMIN, who may change everyone's records) prepares what a probe acts on:
every person has a base SKP for BASE_YEAR (a draft with one RHK and one indicator) for reads
and edits; a review step gets a one-day SKP of its own (a "slot"), so rows never disturb each
other. Submitting needs the superior's SKP for the slot, so the admin makes that too; revising
needs an approved SKP, so the target's superior approves it first. A record a refused row left
untouched is kept for the next row of the same operation and target (`TargetsWorld.spare`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.authz.org import Call, Person
from tests.authz.probes import UnitTarget

BASE_YEAR = 2029
FIRST_SLOT = date(2030, 1, 1)  # one-day SKP periods from here on: one per review probe
PUBLISHED_YEAR, DRAFT_YEAR = 2027, 2026
FIRST_SCRATCH_YEAR = 2040  # plan imports and publications probe a fresh year each
SAMPLE_PLAN = (
    Path(__file__).resolve().parents[2] / "services/targets/samples/rencana-kerja-rehsos-2025.csv"
)

Target = Person | UnitTarget


@dataclass(frozen=True)
class Base:
    """A person's base SKP (a BASE_YEAR draft) with its RHK and indicator."""

    skp: str
    rhk: str
    indicator: str


@dataclass
class TargetsWorld:
    """Targets in front of the matrix's organisation: a call, the admin, and prepared records."""

    call: Call
    admin: Person
    superiors: dict[str, Person]  # person id → their direct superior (with an account)
    base: dict[str, Base] = field(default_factory=dict)
    spares: dict[tuple[str, str], str] = field(default_factory=dict)
    slots: itertools.count[int] = field(default_factory=itertools.count)
    years: itertools.count[int] = field(default_factory=lambda: itertools.count(FIRST_SCRATCH_YEAR))

    def as_admin(self, query: str, **variables: Any) -> dict[str, Any]:
        """Run an operation as the admin."""
        return self.call(query, variables, self.admin.token)

    def spare(
        self, operation: str, person: Person, make: Callable[[TargetsWorld, Person], str]
    ) -> str:
        """The record a previous refused row of `operation` left for `person`, or a new one."""
        key = (operation, person.id)
        if key not in self.spares:
            self.spares[key] = make(self, person)
        return self.spares[key]

    def used(self, operation: str, person: Person, allowed: bool) -> bool:
        """Forget the spare record once an allowed row changed it; pass `allowed` on."""
        if allowed:
            del self.spares[(operation, person.id)]
        return allowed

    def next_slot(self) -> dict[str, str]:
        """A one-day period nobody has used."""
        day = (FIRST_SLOT + timedelta(days=next(self.slots))).isoformat()
        return {"periodStart": day, "periodEnd": day}


Probe = Callable[[TargetsWorld, Person, Target], bool]
TARGET_PROBES: dict[str, Probe] = {}
UNIT_OPS: set[str] = set()


def probe(name: str, *, units: bool = False) -> Callable[[Probe], Probe]:
    """Register a probe for targets operation `name` (`units`: its targets are org units)."""

    def register(function: Probe) -> Probe:
        TARGET_PROBES[name] = function
        if units:
            UNIT_OPS.add(name)
        return function

    return register


def as_actor(world: TargetsWorld, actor: Person, query: str, **variables: Any) -> dict[str, Any]:
    return world.call(query, variables, actor.token)


def field_of(body: dict[str, Any], name: str) -> Any:
    return (body.get("data") or {}).get(name)


def typename_of(body: dict[str, Any], name: str) -> str | None:
    value = field_of(body, name)
    return value.get("__typename") if isinstance(value, dict) else None


def person_of(target: Target) -> Person:
    assert isinstance(target, Person), target
    return target


def unit_of(target: Target) -> UnitTarget:
    assert isinstance(target, UnitTarget), target
    return target


def mutation(name: str, payload: str, selection: str = "__typename") -> str:
    """`name(input: $input)` returning `payload { selection }` (and the typed errors)."""
    input_type = f"{name[0].upper()}{name[1:]}Input"
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename ... on {payload} {{ {selection} }} ... on Error {{ message }}
  }}
}}
"""


def succeeded(body: dict[str, Any], name: str, payload: str) -> bool:
    return typename_of(body, name) == payload


def admin_ok(world: TargetsWorld, name: str, payload: str, selection: str, /, **input_: Any) -> Any:
    """A preparation step as the admin; it must succeed."""
    body = world.as_admin(mutation(name, payload, selection), input=input_)
    assert succeeded(body, name, payload), body
    return field_of(body, name)


# --- preparing records -----------------------------------------------------------------------

INDICATOR = {"name": "Laporan tersusun", "targetValue": "12", "unit": "Laporan"}


def create_skp(world: TargetsWorld, person: Person, period: dict[str, str], **extra: Any) -> str:
    created = admin_ok(
        world, "createSkp", "SkpPayload", "skp { id }", employeeId=person.id, **period, **extra
    )
    return str(created["skp"]["id"])


def add_content(world: TargetsWorld, skp_id: str) -> tuple[str, str]:
    """One RHK with one indicator: the RHK's and the indicator's ids."""
    rhk = admin_ok(
        world, "addRhk", "RhkPayload", "rhk { id }", skpId=skp_id, kind="UTAMA", title="Laporan"
    )["rhk"]["id"]
    indicator = admin_ok(
        world, "addIndicator", "IndicatorPayload", "indicator { id }", rhkId=rhk, **INDICATOR
    )["indicator"]["id"]
    return str(rhk), str(indicator)


def prepare_base(world: TargetsWorld, person: Person) -> None:
    """The person's base SKP for BASE_YEAR."""
    period = {"periodStart": f"{BASE_YEAR}-01-01", "periodEnd": f"{BASE_YEAR}-12-31"}
    skp = create_skp(world, person, period)
    rhk, indicator = add_content(world, skp)
    world.base[person.id] = Base(skp, rhk, indicator)


def _complete_draft(world: TargetsWorld, person: Person) -> str:
    """A fresh one-day draft SKP of `person` with content (the superior's SKP exists too)."""
    period = world.next_slot()
    create_skp(world, world.superiors[person.id], period)
    skp = create_skp(world, person, period)
    add_content(world, skp)
    return skp


def submitted_skp(world: TargetsWorld, person: Person) -> str:
    """A fresh one-day SKP of `person`, complete and submitted (the superior's exists too)."""
    skp = _complete_draft(world, person)
    admin_ok(world, "submitSkp", "SkpPayload", "skp { id }", skpId=skp)
    return skp


def approved_skp(world: TargetsWorld, person: Person) -> str:
    """A fresh one-day SKP of `person`, approved by their direct superior."""
    skp = submitted_skp(world, person)
    superior = world.superiors[person.id]
    body = world.call(
        mutation("approveSkp", "SkpPayload"), {"input": {"skpId": skp}}, superior.token
    )
    assert succeeded(body, "approveSkp", "SkpPayload"), body
    return skp


def plan_file(year: int) -> str:
    """The sample plan, for `year`."""
    return SAMPLE_PLAN.read_text().replace(",2025,", f",{year},")


def import_plan(world: TargetsWorld, unit_id: str, year: int) -> str:
    """Import the sample plan for a unit and year as the admin; the draft plan's id."""
    imported = admin_ok(
        world,
        "importPlan",
        "PlanPayload",
        "plan { id }",
        unitId=unit_id,
        year=year,
        format="CSV",
        content=plan_file(year),
    )
    return str(imported["plan"]["id"])


def prepare_plans(world: TargetsWorld, units: list[UnitTarget]) -> None:
    """Each unit: a published plan for PUBLISHED_YEAR, only a draft for DRAFT_YEAR."""
    for unit in units:
        plan_id = import_plan(world, unit.id, PUBLISHED_YEAR)
        admin_ok(world, "publishPlan", "PublishPlanPayload", "plan { id }", planId=plan_id)
        import_plan(world, unit.id, DRAFT_YEAR)


# --- reads of SKPs ---------------------------------------------------------------------------


@probe("skp")
def _skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    skp_id = world.base[person_of(target).id].skp
    body = as_actor(world, actor, "query($id: ID!) { skp(id: $id) { id } }", id=skp_id)
    return field_of(body, "skp") is not None


@probe("skpDiff")
def _skp_diff(world: TargetsWorld, actor: Person, target: Target) -> bool:
    skp_id = world.base[person_of(target).id].skp
    query = "query($a: ID!, $b: ID!) { skpDiff(fromId: $a, toId: $b) { __typename } }"
    return field_of(as_actor(world, actor, query, a=skp_id, b=skp_id), "skpDiff") is not None


ENTITIES = """
query($r: [_Any!]!, $on: Date!) {
  _entities(representations: $r) {
    ... on Employee { skp(on: $on) { id } skps(first: 10) { nodes { id } } }
    ... on SkpItem { id }
    ... on Indicator { id }
  }
}
"""


def _entity(world: TargetsWorld, actor: Person, typename: str, id: str) -> Any:
    representation = {"__typename": typename, "id": id}
    body = as_actor(world, actor, ENTITIES, r=[representation], on=f"{BASE_YEAR}-06-01")
    return (field_of(body, "_entities") or [None])[0]


@probe("Employee.skp")
def _employee_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    employee = _entity(world, actor, "Employee", person_of(target).id)
    return bool(employee) and employee["skp"] is not None


@probe("Employee.skps")
def _employee_skps(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    employee = _entity(world, actor, "Employee", person.id)
    nodes = employee["skps"]["nodes"] if employee else []
    return world.base[person.id].skp in {node["id"] for node in nodes}


@probe("_entities(SkpItem)")
def _skp_item(world: TargetsWorld, actor: Person, target: Target) -> bool:
    return _entity(world, actor, "SkpItem", world.base[person_of(target).id].rhk) is not None


@probe("_entities(Indicator)")
def _indicator(world: TargetsWorld, actor: Person, target: Target) -> bool:
    indicator = world.base[person_of(target).id].indicator
    return _entity(world, actor, "Indicator", indicator) is not None


CASCADE = """
query($u: ID!, $y: Int!) {
  cascade(unitId: $u, year: $y) { nodes { id } orphans { id employeeId } }
}
"""


@probe("cascade (an employee's RHK)")
def _cascade_rhk(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    body = as_actor(world, actor, CASCADE, u=person.unit_id, y=BASE_YEAR)
    orphans = (field_of(body, "cascade") or {}).get("orphans", [])
    return world.base[person.id].rhk in {node["id"] for node in orphans}


# --- reads of units and plans ----------------------------------------------------------------


@probe("cascade", units=True)
def _cascade(world: TargetsWorld, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, CASCADE, u=unit_of(target).id, y=PUBLISHED_YEAR)
    return field_of(body, "cascade") is not None


PLAN = "query($u: ID!, $y: Int!) { plan(unitId: $u, year: $y) { id status } }"


@probe("plan", units=True)
def _plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, PLAN, u=unit_of(target).id, y=PUBLISHED_YEAR)
    return (field_of(body, "plan") or {}).get("status") == "PUBLISHED"


@probe("plan (a draft)", units=True)
def _draft_plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, PLAN, u=unit_of(target).id, y=DRAFT_YEAR)
    return (field_of(body, "plan") or {}).get("status") == "DRAFT"


@probe("exportPlan", units=True)
def _export_plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    query = "query($u: ID!, $y: Int!) { exportPlan(unitId: $u, year: $y, format: CSV) { sha256 } }"
    body = as_actor(world, actor, query, u=unit_of(target).id, y=PUBLISHED_YEAR)
    return field_of(body, "exportPlan") is not None


@probe("OrgUnit.plan", units=True)
def _org_unit_plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    query = """
    query($r: [_Any!]!, $y: Int!) {
      _entities(representations: $r) { ... on OrgUnit { plan(year: $y) { id } } }
    }"""
    representation = {"__typename": "OrgUnit", "id": unit_of(target).id}
    body = as_actor(world, actor, query, r=[representation], y=PUBLISHED_YEAR)
    unit = (field_of(body, "_entities") or [None])[0]
    return bool(unit) and unit["plan"] is not None


# --- drafting --------------------------------------------------------------------------------


def _run(world: TargetsWorld, actor: Person, name: str, payload: str, /, **input_: Any) -> bool:
    body = as_actor(world, actor, mutation(name, payload), input=input_)
    return succeeded(body, name, payload)


@probe("createSkp")
def _create_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    return _run(world, actor, "createSkp", "SkpPayload", employeeId=person.id, **world.next_slot())


@probe("copySkp")
def _copy_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    source = world.base[person_of(target).id].skp
    return _run(world, actor, "copySkp", "SkpPayload", fromSkpId=source, **world.next_slot())


@probe("addRhk")
def _add_rhk(world: TargetsWorld, actor: Person, target: Target) -> bool:
    skp = world.base[person_of(target).id].skp
    return _run(world, actor, "addRhk", "RhkPayload", skpId=skp, kind="TAMBAHAN", title="Tugas")


@probe("updateRhk")
def _update_rhk(world: TargetsWorld, actor: Person, target: Target) -> bool:
    rhk = world.base[person_of(target).id].rhk
    return _run(world, actor, "updateRhk", "RhkPayload", rhkId=rhk, title="Laporan")


def _scratch_rhk(world: TargetsWorld, person: Person) -> str:
    added = admin_ok(
        world,
        "addRhk",
        "RhkPayload",
        "rhk { id }",
        skpId=world.base[person.id].skp,
        kind="TAMBAHAN",
        title="Hapus",
    )
    return str(added["rhk"]["id"])


@probe("removeRhk")
def _remove_rhk(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    rhk = world.spare("removeRhk", person, _scratch_rhk)
    allowed = _run(world, actor, "removeRhk", "RemoveRhkPayload", rhkId=rhk)
    return world.used("removeRhk", person, allowed)


@probe("addIndicator")
def _add_indicator(world: TargetsWorld, actor: Person, target: Target) -> bool:
    rhk = world.base[person_of(target).id].rhk
    return _run(world, actor, "addIndicator", "IndicatorPayload", rhkId=rhk, **INDICATOR)


@probe("updateIndicator")
def _update_indicator(world: TargetsWorld, actor: Person, target: Target) -> bool:
    indicator = world.base[person_of(target).id].indicator
    name = INDICATOR["name"]
    return _run(
        world, actor, "updateIndicator", "IndicatorPayload", indicatorId=indicator, name=name
    )


def _pp46_skp(world: TargetsWorld, person: Person) -> str:
    return create_skp(world, person, world.next_slot(), regime="PP46_2011")


@probe("addPp46Activity")
def _add_pp46_activity(world: TargetsWorld, actor: Person, target: Target) -> bool:
    skp = world.spare("addPp46Activity", person_of(target), _pp46_skp)  # stays a draft
    activity = {"title": "Surat", "quantityTarget": "10", "quantityUnit": "Surat"}
    return _run(
        world,
        actor,
        "addPp46Activity",
        "Pp46ActivityPayload",
        skpId=skp,
        timeTargetMonths=1,
        **activity,
    )


@probe("submitSkp")
def _submit_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    skp = world.spare("submitSkp", person, _complete_draft)
    allowed = _run(world, actor, "submitSkp", "SkpPayload", skpId=skp)
    return world.used("submitSkp", person, allowed)


@probe("reviseSkp")
def _revise_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    skp = world.spare("reviseSkp", person, approved_skp)
    allowed = _run(world, actor, "reviseSkp", "SkpPayload", skpId=skp, reason="Tugas baru")
    return world.used("reviseSkp", person, allowed)


# --- review ----------------------------------------------------------------------------------


@probe("approveSkp")
def _approve_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    skp = world.spare("approveSkp", person, submitted_skp)
    allowed = _run(world, actor, "approveSkp", "SkpPayload", skpId=skp)
    return world.used("approveSkp", person, allowed)


@probe("returnSkp")
def _return_skp(world: TargetsWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    skp = world.spare("returnSkp", person, submitted_skp)
    allowed = _run(world, actor, "returnSkp", "SkpPayload", skpId=skp, note="Perbaiki target")
    return world.used("returnSkp", person, allowed)


# --- plans -----------------------------------------------------------------------------------


@probe("importPlan", units=True)
def _import_plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    year = next(world.years)
    plan = {"unitId": unit_of(target).id, "year": year, "format": "CSV"}
    return _run(world, actor, "importPlan", "PlanPayload", content=plan_file(year), **plan)


@probe("publishPlan", units=True)
def _publish_plan(world: TargetsWorld, actor: Person, target: Target) -> bool:
    plan_id = import_plan(world, unit_of(target).id, next(world.years))
    return _run(world, actor, "publishPlan", "PublishPlanPayload", planId=plan_id)
