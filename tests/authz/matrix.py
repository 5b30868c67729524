"""The authorization matrix: who may do what to whom, one row per (operation, role, relation).

Written by hand from the rules in kinerja/policy.py's docstring, never computed with the policy
functions (a table derived from the code under test could not catch a mistake in it).

Each service adds a module-level list of `Row`s (below: IDENTITY) and its probes in
test_matrix.py. `allowed(...)` only spells a row set compactly: the expectations are the
literal role → relations sets written in each call.

Actors and relations (the organisation built by test_matrix.py):
* D1 and D2 are directorates under one ministry. Every actor holds a position in D1 reporting
  to D1's head; every actor but the plain EMPLOYEE supervises one subordinate in D1.
* UNIT_ADMIN, HR and EXECUTIVE are granted on D1; AUDITOR and SYSTEM_ADMIN organisation-wide.
* OWN: the actor themself. SUBORDINATE: the actor's direct subordinate. SAME_UNIT: a colleague
  in D1 outside the actor's chain of command. OTHER_UNIT: a staff member of D2.
* For operations on units and positions, SAME_UNIT means D1 (the actor's unit) and OTHER_UNIT
  D2. NONE: the operation has no target (sign-in, `me`, key rotation…).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The role an actor signs in with (SUPERVISOR: an employee who supervises someone)."""

    EMPLOYEE = "EMPLOYEE"
    SUPERVISOR = "SUPERVISOR"
    UNIT_ADMIN = "UNIT_ADMIN"
    HR = "HR"
    EXECUTIVE = "EXECUTIVE"
    AUDITOR = "AUDITOR"
    SYSTEM_ADMIN = "SYSTEM_ADMIN"


class Relation(StrEnum):
    """How the target relates to the actor."""

    OWN = "own"
    SUBORDINATE = "subordinate"
    SAME_UNIT = "other (same unit)"
    OTHER_UNIT = "other unit"
    NONE = "no target"


class Expect(StrEnum):
    """The expected outcome."""

    ALLOW = "allow"
    DENY = "deny"


@dataclass(frozen=True)
class Row:
    """One expectation: `role` doing `operation` of `service` to a `relation` target."""

    service: str
    operation: str
    role: Role
    relation: Relation
    expected: Expect

    def __str__(self) -> str:
        return f"{self.service}.{self.operation} by {self.role} on {self.relation}"


ALL_ROLES = tuple(Role)
PEOPLE = (Relation.OWN, Relation.SUBORDINATE, Relation.SAME_UNIT, Relation.OTHER_UNIT)
UNITS = (Relation.SAME_UNIT, Relation.OTHER_UNIT)
UNTARGETED = (Relation.NONE,)

E, S, UA, HR, EX, AU, SA = ALL_ROLES
OWN, SUB, SAME, OTHER, NONE = tuple(Relation)


def allowed(
    service: str,
    operation: str,
    relations: Iterable[Relation],
    allow: Mapping[Role, Iterable[Relation]],
) -> list[Row]:
    """Rows for every role × relation: ALLOW where `allow` lists it, DENY everywhere else.

    The plain EMPLOYEE has no subordinate (one who has is a SUPERVISOR), so has no such row.
    """
    return [
        Row(
            service,
            operation,
            role,
            relation,
            Expect.ALLOW if relation in set(allow.get(role, ())) else Expect.DENY,
        )
        for role in ALL_ROLES
        for relation in relations
        if (role, relation) != (Role.EMPLOYEE, Relation.SUBORDINATE)
    ]


# Rule: every employee sees themself and everyone under them; HR/UNIT_ADMIN/EXECUTIVE their unit
# subtree; AUDITOR and SYSTEM_ADMIN everyone.
SEE_PEOPLE: Mapping[Role, Iterable[Relation]] = {
    E: {OWN},
    S: {OWN, SUB},
    UA: {OWN, SUB, SAME},
    HR: {OWN, SUB, SAME},
    EX: {OWN, SUB, SAME},
    AU: PEOPLE,
    SA: PEOPLE,
}
# Rule: HR and UNIT_ADMIN change the directory within their subtree; SYSTEM_ADMIN everywhere.
CHANGE_DIRECTORY: Mapping[Role, Iterable[Relation]] = {
    UA: {OWN, SUB, SAME},
    HR: {OWN, SUB, SAME},
    SA: PEOPLE,
}
CHANGE_UNITS: Mapping[Role, Iterable[Relation]] = {UA: {SAME}, HR: {SAME}, SA: UNITS}
# Rule: every employee sees the organisation's units (and so its positions).
SEE_UNITS: Mapping[Role, Iterable[Relation]] = dict.fromkeys(ALL_ROLES, UNITS)
# Rule: accounts and passwords: SYSTEM_ADMIN everywhere, HR within its subtree for employees
# holding no granted role — HR's own account holds HR, so it is the SYSTEM_ADMIN's.
MANAGE_ACCOUNTS: Mapping[Role, Iterable[Relation]] = {HR: {SUB, SAME}, SA: PEOPLE}
# Rule: roles are granted only by SYSTEM_ADMIN, never to oneself.
MANAGE_ROLES: Mapping[Role, Iterable[Relation]] = {SA: {SUB, SAME, OTHER}}
# Rule: signing keys and service accounts are the SYSTEM_ADMIN's.
ADMIN_ONLY: Mapping[Role, Iterable[Relation]] = {SA: UNTARGETED}
# Rule: a new employee has no unit yet: whoever changes the directory somewhere may add one.
ADD_EMPLOYEES: Mapping[Role, Iterable[Relation]] = {UA: UNTARGETED, HR: UNTARGETED, SA: UNTARGETED}
# Rule: AUDITOR sees everything, audit logs included; SYSTEM_ADMIN sees everything.
READ_AUDIT: Mapping[Role, Iterable[Relation]] = {AU: UNTARGETED, SA: UNTARGETED}
# Every signed-in employee: their own profile, their own password, their own session.
ANY_SIGNED_IN: Mapping[Role, Iterable[Relation]] = dict.fromkeys(ALL_ROLES, UNTARGETED)

IDENTITY: list[Row] = [
    # queries
    *allowed("identity", "employee", PEOPLE, SEE_PEOPLE),
    *allowed("identity", "employeeByNip", PEOPLE, SEE_PEOPLE),
    *allowed("identity", "employees", PEOPLE, SEE_PEOPLE),
    *allowed("identity", "_entities(Employee)", PEOPLE, SEE_PEOPLE),
    *allowed("identity", "orgUnit", UNITS, SEE_UNITS),
    *allowed("identity", "orgUnitSubtree", UNITS, SEE_UNITS),
    *allowed("identity", "_entities(OrgUnit)", UNITS, SEE_UNITS),
    *allowed("identity", "position", UNITS, SEE_UNITS),
    *allowed("identity", "positions", UNITS, SEE_UNITS),
    *allowed("identity", "me", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "auditLog", UNTARGETED, READ_AUDIT),
    *allowed("identity", "signingKeys", UNTARGETED, ADMIN_ONLY),
    # directory mutations
    *allowed("identity", "createOrgUnit", UNITS, CHANGE_UNITS),
    *allowed("identity", "updateOrgUnit", UNITS, CHANGE_UNITS),
    *allowed("identity", "moveOrgUnit", UNITS, CHANGE_UNITS),
    *allowed("identity", "createPosition", UNITS, CHANGE_UNITS),
    *allowed("identity", "updatePosition", UNITS, CHANGE_UNITS),
    *allowed("identity", "createEmployee", UNTARGETED, ADD_EMPLOYEES),
    *allowed("identity", "updateEmployee", PEOPLE, CHANGE_DIRECTORY),
    *allowed("identity", "assignEmployee", PEOPLE, CHANGE_DIRECTORY),
    *allowed("identity", "endAssignment", PEOPLE, CHANGE_DIRECTORY),
    *allowed("identity", "deleteAssignment", PEOPLE, CHANGE_DIRECTORY),
    # accounts
    *allowed("identity", "resetPassword", PEOPLE, MANAGE_ACCOUNTS),
    *allowed("identity", "deactivateAccount", PEOPLE, MANAGE_ACCOUNTS),
    *allowed("identity", "activateAccount", PEOPLE, MANAGE_ACCOUNTS),
    *allowed("identity", "unlockAccount", PEOPLE, MANAGE_ACCOUNTS),
    *allowed("identity", "grantRole", PEOPLE, MANAGE_ROLES),
    *allowed("identity", "revokeRole", PEOPLE, MANAGE_ROLES),
    *allowed("identity", "changePassword", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "refreshToken", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "logout", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "login", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "serviceLogin", UNTARGETED, ANY_SIGNED_IN),
    *allowed("identity", "createServiceAccount", UNTARGETED, ADMIN_ONLY),
    *allowed("identity", "rotateSigningKey", UNTARGETED, ADMIN_ONLY),
    *allowed("identity", "retireSigningKey", UNTARGETED, ADMIN_ONLY),
]

MATRIX: list[Row] = [*IDENTITY]
