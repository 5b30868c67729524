"""Who sees and changes which part of the directory (kinerja.policy over identity's tables).

A record the caller may not see or change is reported exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind, Role, RoleGrant
from tests.identity.factories import assign, create_employee, create_position, create_unit
from tests.identity.graphql import Client, Sessions, employee_principal


@dataclass(frozen=True)
class Org:
    """ROOT → A (head ← staff) and ROOT → B (outsider)."""

    root: str
    unit_a: str
    unit_b: str
    head: str
    staff: str
    outsider: str


@pytest.fixture
async def org(identity_db: Sessions) -> Org:
    async with identity_db() as session, session.begin():
        root = await create_unit(session, code="ROOT")
        a = await create_unit(session, code="A", parent_id=root.id)
        b = await create_unit(session, code="B", parent_id=root.id)
        head_post = await create_position(session, a)
        staff_post = await create_position(session, a, reports_to_id=head_post.id)
        other_post = await create_position(session, b)
        head = await create_employee(session, name="Kepala")
        staff = await create_employee(session, name="Staf")
        outsider = await create_employee(session, name="Orang Luar")
        await assign(session, head, head_post)
        await assign(session, staff, staff_post)
        await assign(session, outsider, other_post)
    return Org(root.id, a.id, b.id, head.id, staff.id, outsider.id)


@pytest.fixture
def client(identity_db: Sessions) -> Client:
    return Client(identity_db)


EMPLOYEE = "query($id: ID!) { employee(id: $id) { name supervisor { name } } }"
SEARCH = "{ employees(first: 50) { nodes { name } } }"
UPDATE = """mutation($id: ID!) {
  updateEmployee(input: {id: $id, name: "Baru"}) { __typename ... on Error { message } }
}"""
ENTITIES = """query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Employee { name } ... on OrgUnit { code } }
}"""


async def names(client: Client) -> list[str]:
    return [n["name"] for n in (await client.data(SEARCH))["employees"]["nodes"]]


async def test_an_employee_sees_themself_their_chain_and_everyone_under_them(
    client: Client, org: Org
) -> None:
    staff, head = employee_principal(org.staff), employee_principal(org.head)

    assert await names(client.as_(staff)) == ["Kepala", "Staf"]
    assert await names(client.as_(head)) == ["Kepala", "Staf"]
    own = await client.as_(staff).data(EMPLOYEE, id=org.staff)
    assert own == {"employee": {"name": "Staf", "supervisor": {"name": "Kepala"}}}


async def test_someone_out_of_sight_is_reported_like_a_missing_id(client: Client, org: Org) -> None:
    staff = client.as_(employee_principal(org.staff))

    hidden = await staff.data(EMPLOYEE, id=org.outsider)
    missing = await staff.data(EMPLOYEE, id="missing")
    entities = await staff.data(
        ENTITIES,
        reps=[
            {"__typename": "Employee", "id": org.outsider},
            {"__typename": "Employee", "id": org.head},
            {"__typename": "OrgUnit", "id": org.unit_b},
        ],
    )

    assert hidden == missing == {"employee": None}
    assert entities == {"_entities": [None, {"name": "Kepala"}, {"code": "B"}]}


async def test_hr_sees_and_changes_only_its_subtree(client: Client, org: Org) -> None:
    hr = client.as_(employee_principal("hr", RoleGrant(Role.HR, org.unit_b)))
    before = await client.totals()

    inside = await hr.data(UPDATE, id=org.outsider)
    outside = await hr.data(UPDATE, id=org.staff)
    missing = await hr.data(UPDATE, id="missing")

    assert await names(hr) == ["Baru"]
    assert inside["updateEmployee"]["__typename"] == "EmployeePayload"
    assert outside["updateEmployee"] == {
        "__typename": "NotFound",
        "message": f"employee {org.staff} not found",
    }
    assert missing["updateEmployee"] == {
        "__typename": "NotFound",
        "message": "employee missing not found",
    }
    after = await client.totals()
    assert after[2] == before[2]
    assert after[-1] == before[-1] + 1


async def test_a_root_unit_needs_an_organisation_wide_grant(client: Client, org: Org) -> None:
    query = """mutation($parent: ID) {
      createOrgUnit(input: {code: "NEW", name: "Baru", type: SECTION, timeZone: "Asia/Jakarta",
                            parentId: $parent}) { __typename ... on Error { message } }
    }"""
    unit_admin = client.as_(employee_principal("ua", RoleGrant(Role.UNIT_ADMIN, org.unit_a)))
    before = await client.totals()

    root = await unit_admin.data(query, parent=None)
    elsewhere = await unit_admin.data(query, parent=org.unit_b)
    inside = await unit_admin.data(query, parent=org.unit_a)

    assert root["createOrgUnit"] == {
        "__typename": "NotFound",
        "message": "parent org unit root not found",
    }
    assert elsewhere["createOrgUnit"] == {
        "__typename": "NotFound",
        "message": f"parent org unit {org.unit_b} not found",
    }
    assert inside["createOrgUnit"]["__typename"] == "OrgUnitPayload"
    assert (await client.totals())[0] == before[0] + 1


@pytest.mark.parametrize(
    "principal",
    [
        ANONYMOUS,
        employee_principal("pending", RoleGrant(Role.SYSTEM_ADMIN), pwd_change=True),
        Principal(subject="svc", kind=PrincipalKind.SERVICE, scopes=frozenset({"x:y"})),
    ],
    ids=["anonymous", "pending password change", "service without directory:read"],
)
async def test_callers_without_rights_see_and_change_nothing(
    client: Client, org: Org, principal: Principal
) -> None:
    caller = client.as_(principal)
    before = await client.totals()

    read = await caller.data(
        "query($id: ID!, $unit: ID!) { employee(id: $id) { name } orgUnit(id: $unit) { code } "
        "positions { nodes { id } } }",
        id=org.staff,
        unit=org.unit_a,
    )
    update = await caller.data(UPDATE, id=org.staff)

    assert read == {"employee": None, "orgUnit": None, "positions": {"nodes": []}}
    assert await names(caller) == []
    assert update["updateEmployee"]["__typename"] == "NotFound"
    assert await client.totals() == before


async def test_a_service_account_with_directory_read_sees_the_directory(
    client: Client, org: Org
) -> None:
    reader = client.as_(
        Principal(subject="svc", kind=PrincipalKind.SERVICE, scopes=frozenset({"directory:read"}))
    )

    assert await names(reader) == ["Kepala", "Orang Luar", "Staf"]
    assert (await reader.data(UPDATE, id=org.staff))["updateEmployee"]["__typename"] == "NotFound"


async def test_subordinates_and_supervisor_out_of_sight_are_left_out(
    client: Client, org: Org
) -> None:
    hr = client.as_(employee_principal("hr", RoleGrant(Role.EXECUTIVE, org.unit_a)))

    data = await hr.data(
        "query($id: ID!) { employee(id: $id) { supervisor { name } subordinates { name } } }",
        id=org.head,
    )

    assert data == {"employee": {"supervisor": None, "subordinates": [{"name": "Staf"}]}}
