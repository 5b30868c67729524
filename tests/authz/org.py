"""Build an organisation through identity's GraphQL API: units, positions, people, accounts.

Used by the e2e journeys (through the gateway) and the authorization matrix (straight to the
identity subgraph): both hand in a `Call` that posts one operation with an optional token.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Call = Callable[[str, dict[str, Any], "str | None"], dict[str, Any]]

START_DATE = "2020-01-01"
PASSWORD_LENGTH = 20

CREATE_ORG_UNIT = """
mutation CreateOrgUnit($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) {
    __typename
    ... on OrgUnitPayload { orgUnit { id } }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

CREATE_POSITION = """
mutation CreatePosition($input: CreatePositionInput!) {
  createPosition(input: $input) {
    __typename
    ... on PositionPayload { position { id } }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

CREATE_EMPLOYEE = """
mutation CreateEmployee($input: CreateEmployeeInput!) {
  createEmployee(input: $input) {
    __typename
    ... on EmployeePayload { employee { id nip } }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

ASSIGN_EMPLOYEE = """
mutation AssignEmployee($input: AssignEmployeeInput!) {
  assignEmployee(input: $input) {
    __typename
    ... on AssignmentPayload { assignment { id } }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on TokenPayload { accessToken refreshToken expiresIn tokenType mustChangePassword }
    ... on LoginFailed { message }
  }
}
"""

RESET_PASSWORD = """
mutation ResetPassword($input: AccountInput!) {
  resetPassword(input: $input) {
    __typename
    ... on ResetPasswordPayload { temporaryPassword }
    ... on NotFound { message }
  }
}
"""

CHANGE_PASSWORD = """
mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    __typename
    ... on TokenPayload { accessToken refreshToken mustChangePassword }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

GRANT_ROLE = """
mutation GrantRole($input: GrantRoleInput!) {
  grantRole(input: $input) {
    __typename
    ... on RoleGrantPayload { grant { id } }
    ... on NotFound { message }
    ... on ValidationFailed { field message }
    ... on Conflict { message }
  }
}
"""


class OrgBuildError(AssertionError):
    """An operation that building the organisation needs did not succeed."""


def data_of(body: dict[str, Any], name: str) -> dict[str, Any]:
    """`data[name]` of a response, or OrgBuildError with the whole body."""
    value = (body.get("data") or {}).get(name)
    if not isinstance(value, dict):
        raise OrgBuildError(f"{name} failed: {body}")
    return value


def expect_typename(body: dict[str, Any], name: str, typename: str) -> dict[str, Any]:
    """`data[name]` when it is a `typename`, else OrgBuildError."""
    value = data_of(body, name)
    if value.get("__typename") != typename:
        raise OrgBuildError(f"{name}: expected {typename}, got {body}")
    return value


_used_nips: set[str] = set()
_codes = itertools.count(1)


def new_nip() -> str:
    """A valid NIP never handed out before in this process (birth date + appointment + seq)."""
    while True:
        year = random.randint(1965, 1995)
        birth = f"{year}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
        appointed = f"{year + 25}{random.randint(1, 12):02d}"
        nip = f"{birth}{appointed}{random.randint(1, 2)}{random.randint(1, 999):03d}"
        if nip not in _used_nips:
            _used_nips.add(nip)
            return nip


def new_password() -> str:
    """A password that satisfies the password rules."""
    return "Pw-" + secrets.token_urlsafe(PASSWORD_LENGTH)


@dataclass
class Person:
    """An employee of the test organisation, and (once given an account) how they sign in."""

    id: str
    nip: str
    name: str
    position_id: str
    unit_id: str
    password: str | None = None
    token: str | None = None
    refresh_token: str | None = None
    assignment_id: str = ""


@dataclass
class OrgBuilder:
    """Creates directory records and accounts as an admin, through `call`."""

    call: Call
    admin_token: str | None
    suffix: str = field(default_factory=lambda: secrets.token_hex(3).upper())

    def _admin(self, query: str, **variables: Any) -> dict[str, Any]:
        return self.call(query, variables, self.admin_token)

    def unit(self, name: str, *, parent_id: str | None = None, type: str = "DIRECTORATE") -> str:
        """A new unit's id."""
        code = f"{name[:6].upper().replace(' ', '')}-{self.suffix}-{next(_codes)}"
        body = self._admin(
            CREATE_ORG_UNIT,
            input={
                "code": code,
                "name": name,
                "type": type,
                "timeZone": "Asia/Jakarta",
                "parentId": parent_id,
            },
        )
        return str(expect_typename(body, "createOrgUnit", "OrgUnitPayload")["orgUnit"]["id"])

    def position(
        self, unit_id: str, title: str, *, reports_to_id: str | None = None, job: str = "PELAKSANA"
    ) -> str:
        """A new position's id."""
        body = self._admin(
            CREATE_POSITION,
            input={
                "unitId": unit_id,
                "title": title,
                "jobType": job,
                "kelasJabatan": 7,
                "reportsToId": reports_to_id,
            },
        )
        return str(expect_typename(body, "createPosition", "PositionPayload")["position"]["id"])

    def employee(self, name: str) -> tuple[str, str]:
        """A new PNS employee's id and NIP."""
        nip = new_nip()
        body = self._admin(
            CREATE_EMPLOYEE,
            input={
                "nip": nip,
                "name": name,
                "asnType": "PNS",
                "status": "PNS",
                "golongan": "III/a",
            },
        )
        employee = expect_typename(body, "createEmployee", "EmployeePayload")["employee"]
        return str(employee["id"]), nip

    def assign(self, employee_id: str, position_id: str) -> str:
        """A definitive, open-ended assignment's id."""
        body = self._admin(
            ASSIGN_EMPLOYEE,
            input={
                "employeeId": employee_id,
                "positionId": position_id,
                "kind": "DEFINITIVE",
                "startDate": START_DATE,
            },
        )
        return str(expect_typename(body, "assignEmployee", "AssignmentPayload")["assignment"]["id"])

    def person(
        self, name: str, unit_id: str, *, reports_to_id: str | None = None, job: str = "PELAKSANA"
    ) -> Person:
        """A new employee holding a new position in `unit_id`."""
        position_id = self.position(
            unit_id, f"Jabatan {name}", reports_to_id=reports_to_id, job=job
        )
        employee_id, nip = self.employee(name)
        assignment_id = self.assign(employee_id, position_id)
        return Person(employee_id, nip, name, position_id, unit_id, assignment_id=assignment_id)

    def give_account(self, person: Person) -> Person:
        """Reset the person's password, sign in with it, choose a new one and sign in again."""
        reset = self._admin(RESET_PASSWORD, input={"employeeId": person.id})
        temporary = expect_typename(reset, "resetPassword", "ResetPasswordPayload")
        first = login(self.call, person.nip, temporary["temporaryPassword"])
        password = new_password()
        changed = self.call(
            CHANGE_PASSWORD,
            {
                "input": {
                    "currentPassword": temporary["temporaryPassword"],
                    "newPassword": password,
                }
            },
            first["accessToken"],
        )
        tokens = expect_typename(changed, "changePassword", "TokenPayload")
        person.password = password
        person.token = tokens["accessToken"]
        person.refresh_token = tokens["refreshToken"]
        return person

    def grant(self, person: Person, role: str, unit_id: str | None) -> str:
        """Grant a role (as the admin) and sign the person in again to carry it; the grant id."""
        body = self._admin(
            GRANT_ROLE,
            input={
                "employeeId": person.id,
                "role": role,
                "unitId": unit_id,
                "reason": "authorization test",
            },
        )
        grant = expect_typename(body, "grantRole", "RoleGrantPayload")["grant"]
        sign_in(self.call, person)
        return str(grant["id"])


def login(call: Call, nip: str, password: str) -> dict[str, Any]:
    """A successful login's TokenPayload, or OrgBuildError."""
    body = call(LOGIN, {"input": {"nip": nip, "password": password}}, None)
    return expect_typename(body, "login", "TokenPayload")


def sign_in(call: Call, person: Person) -> Person:
    """Log the person in with their password; keeps the new tokens on `person`."""
    assert person.password is not None, f"{person.name} has no account"
    tokens = login(call, person.nip, person.password)
    if tokens["mustChangePassword"]:
        raise OrgBuildError(f"{person.name} still must change their password")
    person.token = tokens["accessToken"]
    person.refresh_token = tokens["refreshToken"]
    return person
