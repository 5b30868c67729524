"""One probe per identity operation: do it as an actor to a target, say whether it was allowed.

A probe that needs a record to act on (an assignment to end, a grant to revoke) has the admin
make it first; a probe that changed something the next rows rely on has the admin put it back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from tests.authz.org import OrgBuilder, Person, new_nip


@dataclass(frozen=True)
class UnitTarget:
    """A directorate as a target: itself, its head's position, a scratch unit and position."""

    id: str
    head_position_id: str
    scratch_unit_id: str
    scratch_position_id: str


Target = Person | UnitTarget | None


class World(Protocol):
    """What probes need of the matrix's world."""

    builder: OrgBuilder
    admin: Person
    units: dict[str, UnitTarget]
    service_client: tuple[str, str]


Probe = Callable[[World, Person, Target], bool]
PROBES: dict[str, Probe] = {}
PEOPLE_OPS: set[str] = set()
_months = itertools.count()


def probe(name: str, *, people: bool = False) -> Callable[[Probe], Probe]:
    """Register a probe for operation `name` (`people`: its targets are employees)."""

    def register(function: Probe) -> Probe:
        PROBES[name] = function
        if people:
            PEOPLE_OPS.add(name)
        return function

    return register


def as_actor(world: World, actor: Person, query: str, **variables: Any) -> dict[str, Any]:
    return world.builder.call(query, variables, actor.token)


def as_admin(world: World, query: str, **variables: Any) -> dict[str, Any]:
    return world.builder.call(query, variables, world.admin.token)


def field_of(body: dict[str, Any], name: str) -> Any:
    return (body.get("data") or {}).get(name)


def typename_of(body: dict[str, Any], name: str) -> str | None:
    value = field_of(body, name)
    return value.get("__typename") if isinstance(value, dict) else None


def person_of(target: Target) -> Person:
    assert isinstance(target, Person), target
    return target


def _unit(target: Target) -> UnitTarget:
    assert isinstance(target, UnitTarget), target
    return target


def _period() -> tuple[str, str]:
    """A future month nobody else uses: an acting assignment there changes nothing today."""
    month = next(_months)
    year, index = 2040 + month // 12, month % 12 + 1
    return f"{year}-{index:02d}-01", f"{year}-{index:02d}-28"


# --- reads of people -------------------------------------------------------------------------


@probe("employee", people=True)
def _employee(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(
        world, actor, "query($id: ID!) { employee(id: $id) { id } }", id=person_of(target).id
    )
    return field_of(body, "employee") is not None


@probe("employeeByNip", people=True)
def _employee_by_nip(world: World, actor: Person, target: Target) -> bool:
    query = "query($nip: String!) { employeeByNip(nip: $nip) { id } }"
    return (
        field_of(as_actor(world, actor, query, nip=person_of(target).nip), "employeeByNip")
        is not None
    )


@probe("employees", people=True)
def _employees(world: World, actor: Person, target: Target) -> bool:
    query = "query($s: String!) { employees(search: $s, first: 100) { edges { node { id } } } }"
    person = person_of(target)
    edges = (field_of(as_actor(world, actor, query, s=person.nip), "employees") or {}).get(
        "edges", []
    )
    return person.id in {edge["node"]["id"] for edge in edges}


ENTITIES = """
query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Employee { id } ... on OrgUnit { id } }
}
"""


@probe("_entities(Employee)", people=True)
def _employee_entity(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(
        world, actor, ENTITIES, r=[{"__typename": "Employee", "id": person_of(target).id}]
    )
    return (field_of(body, "_entities") or [None])[0] is not None


# --- reads of units --------------------------------------------------------------------------


@probe("orgUnit")
def _org_unit(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(
        world, actor, "query($id: ID!) { orgUnit(id: $id) { id } }", id=_unit(target).id
    )
    return field_of(body, "orgUnit") is not None


@probe("orgUnitSubtree")
def _org_unit_subtree(world: World, actor: Person, target: Target) -> bool:
    query = "query($id: ID!) { orgUnitSubtree(id: $id) { edges { node { id } } } }"
    subtree = field_of(as_actor(world, actor, query, id=_unit(target).id), "orgUnitSubtree") or {}
    return bool(subtree.get("edges"))


@probe("_entities(OrgUnit)")
def _unit_entity(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, ENTITIES, r=[{"__typename": "OrgUnit", "id": _unit(target).id}])
    return (field_of(body, "_entities") or [None])[0] is not None


@probe("position")
def _position(world: World, actor: Person, target: Target) -> bool:
    query = "query($id: ID!) { position(id: $id) { id } }"
    return (
        field_of(as_actor(world, actor, query, id=_unit(target).head_position_id), "position")
        is not None
    )


@probe("positions")
def _positions(world: World, actor: Person, target: Target) -> bool:
    query = "query($u: ID!) { positions(unitId: $u) { edges { node { id } } } }"
    positions = field_of(as_actor(world, actor, query, u=_unit(target).id), "positions") or {}
    return bool(positions.get("edges"))


# --- untargeted reads ------------------------------------------------------------------------


@probe("me")
def me_probe(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, "{ me { employee { id } } }")
    me = field_of(body, "me")
    return bool(me) and me["employee"]["id"] == actor.id


@probe("auditLog")
def _audit_log(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, "{ auditLog(first: 5) { edges { node { id } } } }")
    return bool((field_of(body, "auditLog") or {}).get("edges"))


@probe("signingKeys")
def _signing_keys(world: World, actor: Person, target: Target) -> bool:
    return bool(field_of(as_actor(world, actor, "{ signingKeys { kid } }"), "signingKeys"))


# --- directory changes -----------------------------------------------------------------------


def mutation_doc(name: str, input_type: str, payload: str) -> str:
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ __typename ... on {payload} {{ __typename }} }}
}}
"""


@probe("createOrgUnit")
def _create_org_unit(world: World, actor: Person, target: Target) -> bool:
    code = f"M{next(_months)}-{world.builder.suffix}"
    new = {"code": code, "name": "Unit baru", "type": "SECTION", "timeZone": "Asia/Jakarta"}
    query = mutation_doc("createOrgUnit", "CreateOrgUnitInput", "OrgUnitPayload")
    body = as_actor(world, actor, query, input={**new, "parentId": _unit(target).id})
    return typename_of(body, "createOrgUnit") == "OrgUnitPayload"


@probe("updateOrgUnit")
def _update_org_unit(world: World, actor: Person, target: Target) -> bool:
    query = mutation_doc("updateOrgUnit", "UpdateOrgUnitInput", "OrgUnitPayload")
    body = as_actor(
        world, actor, query, input={"id": _unit(target).scratch_unit_id, "active": True}
    )
    return typename_of(body, "updateOrgUnit") == "OrgUnitPayload"


@probe("moveOrgUnit")
def _move_org_unit(world: World, actor: Person, target: Target) -> bool:
    unit = _unit(target)
    query = mutation_doc("moveOrgUnit", "MoveOrgUnitInput", "OrgUnitPayload")
    body = as_actor(world, actor, query, input={"id": unit.scratch_unit_id, "parentId": unit.id})
    return typename_of(body, "moveOrgUnit") == "OrgUnitPayload"


@probe("createPosition")
def _create_position(world: World, actor: Person, target: Target) -> bool:
    new = {"unitId": _unit(target).id, "title": "Analis", "jobType": "PELAKSANA", "kelasJabatan": 7}
    query = mutation_doc("createPosition", "CreatePositionInput", "PositionPayload")
    return (
        typename_of(as_actor(world, actor, query, input=new), "createPosition") == "PositionPayload"
    )


@probe("updatePosition")
def _update_position(world: World, actor: Person, target: Target) -> bool:
    query = mutation_doc("updatePosition", "UpdatePositionInput", "PositionPayload")
    body = as_actor(
        world, actor, query, input={"id": _unit(target).scratch_position_id, "active": True}
    )
    return typename_of(body, "updatePosition") == "PositionPayload"


@probe("createEmployee")
def _create_employee(world: World, actor: Person, target: Target) -> bool:
    new = {"nip": new_nip(), "name": "Pegawai Baru", "asnType": "PNS", "status": "PNS"}
    query = mutation_doc("createEmployee", "CreateEmployeeInput", "EmployeePayload")
    return (
        typename_of(as_actor(world, actor, query, input=new), "createEmployee") == "EmployeePayload"
    )


@probe("updateEmployee", people=True)
def _update_employee(world: World, actor: Person, target: Target) -> bool:
    person = person_of(target)
    query = mutation_doc("updateEmployee", "UpdateEmployeeInput", "EmployeePayload")
    body = as_actor(world, actor, query, input={"id": person.id, "name": person.name})
    return typename_of(body, "updateEmployee") == "EmployeePayload"


def _scratch_position(world: World, person: Person) -> str:
    unit = next(u for u in world.units.values() if u.id == person.unit_id)
    return unit.scratch_position_id


def _assignment_input(world: World, person: Person) -> dict[str, Any]:
    start, end = _period()
    return {
        "employeeId": person.id,
        "positionId": _scratch_position(world, person),
        "kind": "PLH",
        "startDate": start,
        "endDate": end,
    }


ASSIGN = """
mutation($input: AssignEmployeeInput!) {
  assignEmployee(input: $input) {
    __typename ... on AssignmentPayload { assignment { id startDate } }
  }
}
"""


def _admin_assignment(world: World, person: Person) -> tuple[str, str]:
    body = as_admin(world, ASSIGN, input=_assignment_input(world, person))
    assignment = field_of(body, "assignEmployee")["assignment"]
    return assignment["id"], assignment["startDate"]


@probe("assignEmployee", people=True)
def _assign_employee(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, ASSIGN, input=_assignment_input(world, person_of(target)))
    return typename_of(body, "assignEmployee") == "AssignmentPayload"


@probe("endAssignment", people=True)
def _end_assignment(world: World, actor: Person, target: Target) -> bool:
    assignment_id, start = _admin_assignment(world, person_of(target))
    query = mutation_doc("endAssignment", "EndAssignmentInput", "AssignmentPayload")
    body = as_actor(world, actor, query, input={"id": assignment_id, "endDate": start})
    return typename_of(body, "endAssignment") == "AssignmentPayload"


@probe("deleteAssignment", people=True)
def _delete_assignment(world: World, actor: Person, target: Target) -> bool:
    assignment_id, _start = _admin_assignment(world, person_of(target))
    query = mutation_doc("deleteAssignment", "DeleteAssignmentInput", "DeleteAssignmentPayload")
    body = as_actor(world, actor, query, input={"id": assignment_id})
    return typename_of(body, "deleteAssignment") == "DeleteAssignmentPayload"
