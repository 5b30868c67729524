"""Employee A going after B's records (B is not A's subordinate), and self-promotion.

Whatever A asks about B is answered exactly as if B did not exist: the answer is compared,
byte for byte once the ids are swapped, with the same operation on ids nobody has.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.authz.org import Person, new_nip
from tests.e2e.clients import Clients
from tests.e2e.conftest import Org

pytestmark = pytest.mark.e2e

NOT_FOUND = "... on NotFound { message id }"

# (name, document, variables as a function of the target's ids); the target is B or nobody.
OPERATIONS: list[tuple[str, str, str]] = [
    ("employee", "query($e: ID!) { employee(id: $e) { id name } }", "e"),
    ("employeeByNip", "query($n: String!) { employeeByNip(nip: $n) { id name } }", "n"),
    (
        "employees",
        "query($n: String!) { employees(search: $n) { edges { node { id } } } }",
        "n",
    ),
    (
        "Employee fields",
        "query($e: ID!) { employee(id: $e) { supervisor { id } subordinates { id } "
        "assignments { id } position { id } unit { id } } }",
        "e",
    ),
    (
        "updateEmployee",
        'mutation($e: ID!) { updateEmployee(input: {id: $e, name: "Diubah"}) '
        f"{{ __typename {NOT_FOUND} }} }}",
        "e",
    ),
    (
        "assignEmployee",
        "mutation($e: ID!, $p: ID!) { assignEmployee(input: {employeeId: $e, positionId: $p, "
        f'kind: PLH, startDate: "2041-01-01"}}) {{ __typename {NOT_FOUND} }} }}',
        "e p",
    ),
    (
        "endAssignment",
        'mutation($a: ID!) { endAssignment(input: {id: $a, endDate: "2041-01-01"}) '
        f"{{ __typename {NOT_FOUND} }} }}",
        "a",
    ),
    (
        "deleteAssignment",
        f"mutation($a: ID!) {{ deleteAssignment(input: {{id: $a}}) {{ __typename {NOT_FOUND} }} }}",
        "a",
    ),
    (
        "updatePosition",
        'mutation($p: ID!) { updatePosition(input: {id: $p, title: "Diubah"}) '
        f"{{ __typename {NOT_FOUND} }} }}",
        "p",
    ),
    *[
        (
            name,
            f"mutation($e: ID!) {{ {name}(input: {{employeeId: $e}}) "
            f"{{ __typename {NOT_FOUND} }} }}",
            "e",
        )
        for name in ("resetPassword", "deactivateAccount", "activateAccount", "unlockAccount")
    ],
    (
        "grantRole",
        "mutation($e: ID!) { grantRole(input: {employeeId: $e, role: HR, "
        f'reason: "coba"}}) {{ __typename {NOT_FOUND} }} }}',
        "e",
    ),
    (
        "revokeRole",
        'mutation($g: ID!) { revokeRole(input: {grantId: $g, reason: "coba"}) '
        f"{{ __typename {NOT_FOUND} }} }}",
        "g",
    ),
]
VARIABLE_KEYS = {"e": "employee", "n": "nip", "p": "position", "a": "assignment", "g": "grant"}


def b_ids(org: Org) -> dict[str, str]:
    """B's ids (and the auditor's grant, as a grant A has nothing to do with)."""
    return {
        "employee": org.b.id,
        "nip": org.b.nip,
        "position": org.b.position_id,
        "assignment": org.b.assignment_id,
        "grant": org.auditor_grant_id,
    }


def nobodys_ids() -> dict[str, str]:
    """Ids of the same shapes that nobody has."""
    ids = {key: str(uuid.uuid4()) for key in ("employee", "position", "assignment", "grant")}
    return {**ids, "nip": new_nip()}


def variables_of(keys: str, ids: dict[str, str]) -> dict[str, Any]:
    """The operation's variables, filled from `ids`."""
    return {key: ids[VARIABLE_KEYS[key]] for key in keys.split()}


def swapped(text: str, ids: dict[str, str], replacements: dict[str, str]) -> str:
    """`text` with each of `ids` replaced by the same key's value in `replacements`."""
    for key, value in ids.items():
        text = text.replace(value, replacements[key])
    return text


@pytest.mark.parametrize("target", ["gateway", "identity"])
@pytest.mark.parametrize(
    ("name", "document", "keys"), OPERATIONS, ids=[name for name, _, _ in OPERATIONS]
)
def test_a_reads_or_changes_b_and_is_told_b_does_not_exist(
    clients: Clients, org: Org, admin: Person, target: str, name: str, document: str, keys: str
) -> None:
    # given B's ids, and ids nobody has
    real, missing = b_ids(org), nobodys_ids()
    send = clients.via_gateway if target == "gateway" else clients.direct

    # when A asks about B, and about nobody
    about_b = send(document, variables_of(keys, real), org.a.token)
    about_nobody = send(document, variables_of(keys, missing), org.a.token)

    # then both answers are the same, ids aside, and B is unchanged
    assert "errors" not in about_b, about_b
    assert swapped(json.dumps(about_b), real, missing) == json.dumps(about_nobody)
    check = clients.via_gateway(
        "query($e: ID!) { employee(id: $e) { name } }",
        {"e": org.b.id},
        admin.token,
    )
    assert check["data"]["employee"] == {"name": org.b.name}


@pytest.mark.parametrize("entity", ["Employee", "OrgUnit"])
def test_a_asks_for_b_through_entities_and_is_told_b_does_not_exist(
    clients: Clients, org: Org, entity: str
) -> None:
    # given B (or B's unit) and an id nobody has
    query = (
        "query($r: [_Any!]!) { _entities(representations: $r) "
        "{ ... on Employee { id name } ... on OrgUnit { id name } } }"
    )
    real = org.b.id if entity == "Employee" else org.d2
    missing = str(uuid.uuid4())

    # when A resolves them as federation entities, straight at identity
    about_b = clients.direct(query, {"r": [{"__typename": entity, "id": real}]}, org.a.token)
    about_nobody = clients.direct(
        query, {"r": [{"__typename": entity, "id": missing}]}, org.a.token
    )

    # then an employee A may not see is null like a missing one (units are everyone's to see)
    if entity == "Employee":
        assert about_b == about_nobody == {"data": {"_entities": [None]}}
    else:
        assert about_b["data"]["_entities"][0]["id"] == org.d2
        assert about_nobody == {"data": {"_entities": [None]}}


GRANT_SELF = """
mutation($e: ID!, $role: GrantableRole!) {
  grantRole(input: {employeeId: $e, role: $role, reason: "saya layak"}) {
    __typename
    ... on NotFound { message }
  }
}
"""
MY_ROLES = "{ me { roles { role } } }"


@pytest.mark.parametrize("who", ["a", "hr", "admin"])
def test_nobody_can_grant_themself_a_role(
    clients: Clients, org: Org, admin: Person, who: str
) -> None:
    # given A (no role), the HR officer, or the SYSTEM_ADMIN
    person = admin if who == "admin" else getattr(org, who)
    before = clients.via_gateway(MY_ROLES, {}, person.token)
    me = clients.via_gateway("{ me { employee { id } } }", {}, person.token)
    own_id = me["data"]["me"]["employee"]["id"]

    # when they grant themself SYSTEM_ADMIN (or, the admin, AUDITOR)
    role = "AUDITOR" if who == "admin" else "SYSTEM_ADMIN"
    body = clients.via_gateway(GRANT_SELF, {"e": own_id, "role": role}, person.token)

    # then they are told they do not exist, and their roles did not change
    assert body == {
        "data": {"grantRole": {"__typename": "NotFound", "message": f"employee {own_id} not found"}}
    }
    assert clients.via_gateway(MY_ROLES, {}, person.token) == before
