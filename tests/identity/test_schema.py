"""Real GraphQL operations against identity's schema with a real context and database."""

from __future__ import annotations

from typing import Any

import pytest

from tests.identity.graphql import EMPTY, Client, Sessions


@pytest.fixture
def client(identity_db: Sessions) -> Client:
    return Client(identity_db)


RESULT = """
    __typename
    ... on Error { message }
    ... on ValidationFailed { field }
    ... on NotFound { id }
"""
CREATE_UNIT = f"""
mutation($input: CreateOrgUnitInput!) {{
  createOrgUnit(input: $input) {{
    ... on OrgUnitPayload {{ orgUnit {{ id code name type timeZone parent {{ code }} }} }}
    {RESULT}
  }}
}}"""
MOVE_UNIT = f"""
mutation($id: ID!, $parentId: ID) {{
  moveOrgUnit(input: {{id: $id, parentId: $parentId}}) {{
    ... on OrgUnitPayload {{ orgUnit {{ code path ancestors {{ code }} }} }}
    {RESULT}
  }}
}}"""
CREATE_POSITION = f"""
mutation($input: CreatePositionInput!) {{
  createPosition(input: $input) {{
    ... on PositionPayload {{
      position {{ id title jobType kelasJabatan unit {{ code }} reportsTo {{ title }} }}
    }}
    {RESULT}
  }}
}}"""
UPDATE_POSITION = f"""
mutation($input: UpdatePositionInput!) {{
  updatePosition(input: $input) {{
    ... on PositionPayload {{ position {{ title reportsTo {{ title }} }} }}
    {RESULT}
  }}
}}"""
CREATE_EMPLOYEE = f"""
mutation($input: CreateEmployeeInput!) {{
  createEmployee(input: $input) {{
    ... on EmployeePayload {{
      employee {{ id nip name asnType status golongan birthDate appointmentDate gender }}
    }}
    {RESULT}
  }}
}}"""
ASSIGN = f"""
mutation($input: AssignEmployeeInput!) {{
  assignEmployee(input: $input) {{
    ... on AssignmentPayload {{ assignment {{ id kind startDate endDate }} }}
    {RESULT}
  }}
}}"""
END_ASSIGNMENT = f"""
mutation($id: ID!, $endDate: Date!) {{
  endAssignment(input: {{id: $id, endDate: $endDate}}) {{
    ... on AssignmentPayload {{ assignment {{ endDate }} }}
    {RESULT}
  }}
}}"""


async def create_unit(client: Client, code: str, parent_id: str | None = None, **kw: Any) -> str:
    fields: dict[str, Any] = {"code": code, "name": f"Unit {code}", "type": "DIRECTORATE"}
    fields |= {"timeZone": "Asia/Jakarta", "parentId": parent_id, **kw}
    data = await client.data(CREATE_UNIT, input=fields)
    return str(data["createOrgUnit"]["orgUnit"]["id"])


async def create_position(client: Client, unit_id: str, title: str, **kw: Any) -> str:
    fields = {"unitId": unit_id, "title": title, "jobType": "PELAKSANA", "kelasJabatan": 7, **kw}
    data = await client.data(CREATE_POSITION, input=fields)
    return str(data["createPosition"]["position"]["id"])


async def create_employee(client: Client, nip: str, name: str) -> str:
    fields = {"nip": nip, "name": name, "asnType": "PNS", "status": "PNS", "golongan": "III/a"}
    data = await client.data(CREATE_EMPLOYEE, input=fields)
    return str(data["createEmployee"]["employee"]["id"])


async def assign(client: Client, employee_id: str, position_id: str, **kw: Any) -> Any:
    fields = {"employeeId": employee_id, "positionId": position_id, "kind": "DEFINITIVE"}
    fields |= {"startDate": "2025-01-01", **kw}
    return (await client.data(ASSIGN, input=fields))["assignEmployee"]


# --- units -----------------------------------------------------------------------------------


async def test_create_a_unit_under_a_parent(client: Client) -> None:
    root = await create_unit(client, "DJ")

    data = await client.data(
        CREATE_UNIT,
        input={
            "code": " BALAI-MKS ",
            "name": "Balai Makassar",
            "type": "REGIONAL_OFFICE",
            "parentId": root,
            "timeZone": "Asia/Makassar",
        },
    )

    unit = data["createOrgUnit"]["orgUnit"]
    assert unit == {
        "id": unit["id"],
        "code": "BALAI-MKS",
        "name": "Balai Makassar",
        "type": "REGIONAL_OFFICE",
        "timeZone": "Asia/Makassar",
        "parent": {"code": "DJ"},
    }


async def test_a_unit_with_its_parent_children_and_subtree(client: Client) -> None:
    root = await create_unit(client, "DJ")
    dit = await create_unit(client, "DIT", root)
    await create_unit(client, "SUB", dit)

    data = await client.data(
        """query($id: ID!, $root: ID!) {
          orgUnit(id: $id) { code path parent { code } children { code } ancestors { code } }
          orgUnitSubtree(id: $root, first: 2) {
            nodes { code } pageInfo { hasNextPage hasPreviousPage }
          }
        }""",
        id=dit,
        root=root,
    )

    assert data == {
        "orgUnit": {
            "code": "DIT",
            "path": [root, dit],
            "parent": {"code": "DJ"},
            "children": [{"code": "SUB"}],
            "ancestors": [{"code": "DJ"}],
        },
        "orgUnitSubtree": {
            "nodes": [{"code": "DJ"}, {"code": "DIT"}],
            "pageInfo": {"hasNextPage": True, "hasPreviousPage": False},
        },
    }


async def test_the_subtree_continues_after_the_cursor(client: Client) -> None:
    root = await create_unit(client, "DJ")
    dit = await create_unit(client, "DIT", root)
    await create_unit(client, "SUB", dit)
    query = """query($id: ID!, $after: String) {
      orgUnitSubtree(id: $id, first: 2, after: $after) {
        nodes { code } pageInfo { endCursor hasNextPage }
      }
    }"""
    first = (await client.data(query, id=root))["orgUnitSubtree"]

    rest = await client.data(query, id=root, after=first["pageInfo"]["endCursor"])

    assert rest["orgUnitSubtree"]["nodes"] == [{"code": "SUB"}]
    assert rest["orgUnitSubtree"]["pageInfo"]["hasNextPage"] is False


async def test_moving_a_unit_moves_its_subtree(client: Client) -> None:
    a, b = await create_unit(client, "A"), await create_unit(client, "B")
    a1 = await create_unit(client, "A1", a)
    a11 = await create_unit(client, "A11", a1)

    data = await client.data(MOVE_UNIT, id=a1, parentId=b)
    child = await client.data("query($id: ID!) { orgUnit(id: $id) { path } }", id=a11)

    assert data["moveOrgUnit"] == {
        "__typename": "OrgUnitPayload",
        "orgUnit": {"code": "A1", "path": [b, a1], "ancestors": [{"code": "B"}]},
    }
    assert child == {"orgUnit": {"path": [b, a1, a11]}}


async def test_an_unknown_parent_unit_is_not_found_and_adds_nothing(client: Client) -> None:
    before = await client.totals()

    data = await client.data(
        CREATE_UNIT,
        input={
            "code": "X",
            "name": "X",
            "type": "SECTION",
            "timeZone": "Asia/Jakarta",
            "parentId": "missing",
        },
    )

    assert data["createOrgUnit"] == {
        "__typename": "NotFound",
        "message": "parent org unit missing not found",
        "id": "missing",
    }
    assert await client.totals() == before


async def test_an_invalid_time_zone_is_refused_and_adds_nothing(client: Client) -> None:
    data = await client.data(
        CREATE_UNIT,
        input={"code": "X", "name": "X", "type": "SECTION", "timeZone": "WITA"},
    )

    assert data["createOrgUnit"] == {
        "__typename": "ValidationFailed",
        "message": "'WITA' is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, "
        "Asia/Jayapura)",
        "field": "timeZone",
    }
    assert await client.totals() == EMPTY


async def test_a_duplicate_unit_code_is_a_conflict(client: Client) -> None:
    await create_unit(client, "DJ")
    before = await client.totals()

    data = await client.data(
        CREATE_UNIT, input={"code": "DJ", "name": "X", "type": "SECTION", "timeZone": "UTC"}
    )

    assert data["createOrgUnit"] == {
        "__typename": "Conflict",
        "message": "an org unit with code DJ already exists",
    }
    assert await client.totals() == before


@pytest.mark.parametrize("target", ["self", "descendant"])
async def test_a_unit_cannot_move_under_itself_or_its_descendant(
    client: Client, target: str
) -> None:
    a = await create_unit(client, "A")
    a1 = await create_unit(client, "A1", a)
    before = await client.totals()

    data = await client.data(MOVE_UNIT, id=a, parentId=a if target == "self" else a1)

    message = {
        "self": "a unit cannot be its own parent",
        "descendant": "a unit cannot be moved under its own descendant",
    }[target]
    assert data["moveOrgUnit"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": "parentId",
    }
    assert await client.totals() == before


# --- positions -------------------------------------------------------------------------------


async def test_create_a_position_reporting_to_another(client: Client) -> None:
    unit = await create_unit(client, "DIT")
    head = await create_position(client, unit, "Direktur", jobType="JPT_PRATAMA", kelasJabatan=14)

    data = await client.data(
        CREATE_POSITION,
        input={
            "unitId": unit,
            "title": "Analis",
            "jobType": "JF_AHLI_MUDA",
            "kelasJabatan": 9,
            "reportsToId": head,
        },
    )

    position = data["createPosition"]["position"]
    assert position == {
        "id": position["id"],
        "title": "Analis",
        "jobType": "JF_AHLI_MUDA",
        "kelasJabatan": 9,
        "unit": {"code": "DIT"},
        "reportsTo": {"title": "Direktur"},
    }


@pytest.mark.parametrize("kelas", [0, 18])
async def test_kelas_jabatan_outside_1_to_17_is_refused(client: Client, kelas: int) -> None:
    unit = await create_unit(client, "DIT")
    before = await client.totals()

    data = await client.data(
        CREATE_POSITION,
        input={"unitId": unit, "title": "X", "jobType": "PELAKSANA", "kelasJabatan": kelas},
    )

    assert data["createPosition"] == {
        "__typename": "ValidationFailed",
        "message": f"kelas jabatan must be between 1 and 17, not {kelas}",
        "field": "kelasJabatan",
    }
    assert await client.totals() == before


async def test_a_position_cannot_report_to_itself(client: Client) -> None:
    position = await create_position(client, await create_unit(client, "DIT"), "Direktur")
    before = await client.totals()

    data = await client.data(UPDATE_POSITION, input={"id": position, "reportsToId": position})

    assert data["updatePosition"] == {
        "__typename": "ValidationFailed",
        "message": "a position cannot report to itself",
        "field": "reportsToId",
    }
    assert await client.totals() == before


async def test_a_position_cannot_report_in_a_cycle(client: Client) -> None:
    unit = await create_unit(client, "DIT")
    head = await create_position(client, unit, "Direktur")
    chief = await create_position(client, unit, "Kasubdit", reportsToId=head)
    staff = await create_position(client, unit, "Analis", reportsToId=chief)
    before = await client.totals()

    data = await client.data(UPDATE_POSITION, input={"id": head, "reportsToId": staff})

    assert data["updatePosition"] == {
        "__typename": "ValidationFailed",
        "message": "this reports-to position already reports (indirectly) to this position; "
        "the line would form a cycle",
        "field": "reportsToId",
    }
    assert await client.totals() == before


async def test_omitting_reports_to_keeps_it_and_null_clears_it(client: Client) -> None:
    unit = await create_unit(client, "DIT")
    head = await create_position(client, unit, "Direktur")
    staff = await create_position(client, unit, "Analis", reportsToId=head)

    renamed = await client.data(UPDATE_POSITION, input={"id": staff, "title": "Analis Madya"})
    cleared = await client.data(UPDATE_POSITION, input={"id": staff, "reportsToId": None})

    assert renamed["updatePosition"] == {
        "__typename": "PositionPayload",
        "position": {"title": "Analis Madya", "reportsTo": {"title": "Direktur"}},
    }
    assert cleared["updatePosition"] == {
        "__typename": "PositionPayload",
        "position": {"title": "Analis Madya", "reportsTo": None},
    }


# --- employees -------------------------------------------------------------------------------


async def test_create_an_employee_with_a_spaced_nip(client: Client) -> None:
    data = await client.data(
        CREATE_EMPLOYEE,
        input={
            "nip": "19660801 198803 2 001",
            "name": "Sri  Wahyuni",
            "asnType": "PNS",
            "status": "PNS",
            "golongan": "iv/a",
        },
    )

    employee = data["createEmployee"]["employee"]
    assert employee == {
        "id": employee["id"],
        "nip": "196608011988032001",
        "name": "Sri Wahyuni",
        "asnType": "PNS",
        "status": "PNS",
        "golongan": "IV/a",
        "birthDate": "1966-08-01",
        "appointmentDate": "1988-03-01",
        "gender": "FEMALE",
    }
    found = await client.data('query { employeeByNip(nip: "19660801 198803 2 001") { name } }')
    assert found == {"employeeByNip": {"name": "Sri Wahyuni"}}


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19660801198803100", "NIP must have exactly 18 digits, not 17"),
        (
            "196602301988031001",
            "NIP birth date 19660230 (first 8 digits, YYYYMMDD) is not a real date",
        ),
        ("196608011988131001", "NIP appointment month 13 (digits 13–14) must be between 01 and 12"),
        ("196608011984071001", "NIP appointment 1984-07 is before the age of 18 (born 1966-08-01)"),
        ("199001012025071001", "NIP appointment 2025-07 is in the future"),
        ("196608011988033001", "NIP gender digit (digit 15) must be 1 or 2, not 3"),
        ("196608011988031000", "NIP sequence number (last 3 digits) must be 001 or more, not 000"),
    ],
)
async def test_an_invalid_nip_is_refused_and_adds_nothing(
    client: Client, nip: str, message: str
) -> None:
    data = await client.data(
        CREATE_EMPLOYEE,
        input={"nip": nip, "name": "X", "asnType": "PNS", "status": "PNS"},
    )

    assert data["createEmployee"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": "nip",
    }
    assert await client.totals() == EMPTY


async def test_a_duplicate_nip_is_a_conflict_and_adds_nothing(client: Client) -> None:
    await create_employee(client, "196608011988031001", "Budi")
    before = await client.totals()

    data = await client.data(
        CREATE_EMPLOYEE,
        input={"nip": "19660801 198803 1 001", "name": "Other", "asnType": "PNS", "status": "PNS"},
    )

    assert data["createEmployee"] == {
        "__typename": "Conflict",
        "message": "an employee with NIP 196608011988031001 already exists (a NIP is never reused)",
    }
    assert await client.totals() == before


async def test_employee_search_pages_by_name(client: Client) -> None:
    for n, name in enumerate(["Budi Santoso", "Ani Susanti", "Santi Rahayu"], start=1):
        await create_employee(client, f"19800101200501100{n}", name)
    query = """query($after: String) {
      employees(search: "san", first: 1, after: $after) {
        edges { node { name } } pageInfo { hasNextPage endCursor }
      }
    }"""

    page = (await client.data(query))["employees"]
    rest = (await client.data(query, after=page["pageInfo"]["endCursor"]))["employees"]

    assert [e["node"]["name"] for e in page["edges"]] == ["Budi Santoso"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["name"] for e in rest["edges"]] == ["Santi Rahayu"]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_a_page_larger_than_100_is_refused(client: Client) -> None:
    result = await client.run("{ employees(first: 101) { nodes { id } } }")

    assert result.data is None
    assert [e.message for e in result.errors] == ["first must be between 1 and 100 (got 101)"]


# --- assignments, supervisor, subordinates -----------------------------------------------------


async def test_supervisor_and_subordinates_on_a_date(client: Client) -> None:
    unit = await create_unit(client, "DIT", timeZone="Asia/Makassar")
    head_pos = await create_position(client, unit, "Direktur")
    staff_pos = await create_position(client, unit, "Analis", reportsToId=head_pos)
    head = await create_employee(client, "197001011995031001", "Direktur")
    staff = await create_employee(client, "199001012015032001", "Analis")
    await assign(client, head, head_pos, endDate="2025-05-31")
    await assign(client, staff, staff_pos)

    result = await client.data(
        """query($id: ID!, $head: ID!, $unit: ID!) {
          employee(id: $id) {
            name
            supervisor(on: "2025-05-31") { name }
            later: supervisor { name }
            position { title }
            unit { code timeZone }
            assignments { kind startDate endDate position { title } }
          }
          head: employee(id: $head) { subordinates(on: "2025-05-31") { name } }
          employees(unitId: $unit) { nodes { name } }
        }""",
        id=staff,
        head=head,
        unit=unit,
    )

    assert result == {
        "employee": {
            "name": "Analis",
            "supervisor": {"name": "Direktur"},
            "later": None,
            "position": {"title": "Analis"},
            "unit": {"code": "DIT", "timeZone": "Asia/Makassar"},
            "assignments": [
                {
                    "kind": "DEFINITIVE",
                    "startDate": "2025-01-01",
                    "endDate": None,
                    "position": {"title": "Analis"},
                }
            ],
        },
        "head": {"subordinates": [{"name": "Analis"}]},
        "employees": {"nodes": [{"name": "Analis"}]},
    }


async def test_overlapping_definitive_assignments_are_a_conflict(client: Client) -> None:
    position = await create_position(client, await create_unit(client, "DIT"), "Direktur")
    first = await create_employee(client, "197001011995031001", "Pertama")
    second = await create_employee(client, "197501012000031001", "Kedua")
    await assign(client, first, position, endDate="2025-06-30")
    before = await client.totals()

    result = await assign(client, second, position, startDate="2025-06-01")

    assert result == {
        "__typename": "Conflict",
        "message": "the position already has a definitive holder (2025-01-01 – 2025-06-30)",
    }
    assert await client.totals() == before


async def test_an_assignment_ending_before_it_starts_is_refused(client: Client) -> None:
    position = await create_position(client, await create_unit(client, "DIT"), "Analis")
    employee = await create_employee(client, "197001011995031001", "Budi")
    before = await client.totals()

    result = await assign(client, employee, position, startDate="2025-02-01", endDate="2025-01-31")

    assert result == {
        "__typename": "ValidationFailed",
        "message": "end date 2025-01-31 is before start date 2025-02-01",
        "field": "endDate",
    }
    assert await client.totals() == before


async def test_ending_an_assignment_before_it_starts_changes_nothing(client: Client) -> None:
    position = await create_position(client, await create_unit(client, "DIT"), "Analis")
    employee = await create_employee(client, "197001011995031001", "Budi")
    assignment = (await assign(client, employee, position))["assignment"]["id"]
    before = await client.totals()

    bad = await client.data(END_ASSIGNMENT, id=assignment, endDate="2024-12-31")
    good = await client.data(END_ASSIGNMENT, id=assignment, endDate="2025-12-31")

    assert bad["endAssignment"]["__typename"] == "ValidationFailed"
    assert bad["endAssignment"]["field"] == "endDate"
    assert good["endAssignment"] == {
        "__typename": "AssignmentPayload",
        "assignment": {"endDate": "2025-12-31"},
    }
    after = await client.totals()
    assert after == (*before[:6], before[6] + 1, before[7] + 1)  # one event, one audit entry


async def test_an_unknown_employee_is_not_found(client: Client) -> None:
    position = await create_position(client, await create_unit(client, "DIT"), "Analis")
    before = await client.totals()

    result = await assign(client, "nobody", position)

    assert result == {
        "__typename": "NotFound",
        "message": "employee nobody not found",
        "id": "nobody",
    }
    assert await client.totals() == before


# --- federation ------------------------------------------------------------------------------


async def test_entities_resolve_employees_and_units(client: Client) -> None:
    unit = await create_unit(client, "DIT")
    employee = await create_employee(client, "197001011995031001", "Budi")

    data = await client.data(
        """query($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Employee { name } ... on OrgUnit { code }
          }
        }""",
        reps=[
            {"__typename": "Employee", "id": employee},
            {"__typename": "OrgUnit", "id": unit},
            {"__typename": "Employee", "id": "missing"},
        ],
    )

    assert data == {"_entities": [{"name": "Budi"}, {"code": "DIT"}, None]}
