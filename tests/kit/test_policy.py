"""The authorization policy, table-driven against a small in-memory organisation.

The organisation (one ministry):

    U0  Kementerian        head
    └── U1  Biro           boss, plt
        └── U11 Bagian     me, sub, subsub, peer
    └── U2  Biro lain      other

Chain of command on a normal day: sub → me → boss → head; subsub → sub; peer → boss;
other → head; plt → boss. On PLT_DAY boss's post is vacant and plt acts (Plt) for it; on
VACANT_DAY it is vacant with no Plt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind, Role, RoleGrant
from kinerja.policy import (
    Area,
    EmployeeRef,
    UnitRef,
    can_approve,
    can_change,
    can_grant,
    can_manage_account,
    can_view,
    chain_of_command,
)

DAY = date(2025, 3, 3)
PLT_DAY = date(2025, 4, 1)
VACANT_DAY = date(2025, 5, 1)


@dataclass
class FakeDirectory:
    """`DirectoryView` over dictionaries: units, posts and supervisors, with per-day changes."""

    parents: dict[str, str | None] = field(
        default_factory=lambda: {"U0": None, "U1": "U0", "U11": "U1", "U2": "U0"}
    )
    posts: dict[str, str] = field(
        default_factory=lambda: {
            "head": "U0",
            "boss": "U1",
            "plt": "U1",
            "me": "U11",
            "sub": "U11",
            "subsub": "U11",
            "peer": "U11",
            "other": "U2",
        }
    )
    supervisors: dict[str, str] = field(
        default_factory=lambda: {
            "boss": "head",
            "plt": "boss",
            "me": "boss",
            "peer": "boss",
            "sub": "me",
            "subsub": "sub",
            "other": "head",
        }
    )
    # (employee, day) → supervisor that day (None: the reports-to post is vacant, no Plt).
    on_day: dict[tuple[str, date], str | None] = field(
        default_factory=lambda: {
            ("me", PLT_DAY): "plt",
            ("peer", PLT_DAY): "plt",
            ("me", VACANT_DAY): None,
            ("peer", VACANT_DAY): None,
        }
    )

    async def unit_path(self, unit_id: str) -> tuple[str, ...] | None:
        if unit_id not in self.parents:
            return None
        path: list[str] = []
        current: str | None = unit_id
        while current is not None:
            path.insert(0, current)
            current = self.parents[current]
        return tuple(path)

    async def unit_path_of(self, employee_id: str, day: date) -> tuple[str, ...] | None:
        unit = self.posts.get(employee_id)
        return await self.unit_path(unit) if unit else None

    async def supervisor_of(self, employee_id: str, day: date) -> str | None:
        if (employee_id, day) in self.on_day:
            return self.on_day[(employee_id, day)]
        return self.supervisors.get(employee_id)


def employee(*grants: tuple[Role, str | None], subject: str = "me") -> Principal:
    return Principal(
        subject=subject,
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset(RoleGrant(role, unit) for role, unit in grants),
    )


def service(*scopes: str) -> Principal:
    return Principal(subject="svc-hr", kind=PrincipalKind.SERVICE, scopes=frozenset(scopes))


PRINCIPALS: dict[str, Principal] = {
    "EMPLOYEE": employee(),
    "HR@U11": employee((Role.HR, "U11")),
    "HR everywhere": employee((Role.HR, None)),
    "UNIT_ADMIN@U11": employee((Role.UNIT_ADMIN, "U11")),
    "EXECUTIVE@U11": employee((Role.EXECUTIVE, "U11")),
    "AUDITOR": employee((Role.AUDITOR, None)),
    "AUDITOR@U11": employee((Role.AUDITOR, "U11")),
    "SYSTEM_ADMIN": employee((Role.SYSTEM_ADMIN, None)),
    "SYSTEM_ADMIN@U11": employee((Role.SYSTEM_ADMIN, "U11")),
    "anonymous": ANONYMOUS,
    "password change pending": Principal(
        subject="me",
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset({RoleGrant(Role.SYSTEM_ADMIN)}),
        must_change_password=True,
    ),
    "employee without subject": Principal(kind=PrincipalKind.EMPLOYEE),
    "service directory:read": service("directory:read"),
    "service allowance:export": service("allowance:export"),
}

RELATIONS = {
    "own": "me",
    "subordinate": "sub",
    "indirect subordinate": "subsub",
    "superior": "boss",
    "superior's superior": "head",
    "other": "peer",
    "other unit": "other",
}

# What each principal may do to each relation: V view, R change records, D change directory,
# A change access, P approve. Written from the rules, not computed.
ALLOWED: dict[str, dict[str, str]] = {
    "EMPLOYEE": {
        "own": "VR",
        "subordinate": "VP",
        "indirect subordinate": "V",
        "superior": "V",
        "superior's superior": "V",
        "other": "",
        "other unit": "",
    },
    "HR@U11": {
        "own": "VRDA",
        "subordinate": "VRDAP",
        "indirect subordinate": "VRDA",
        "superior": "V",
        "superior's superior": "V",
        "other": "VRDA",
        "other unit": "",
    },
    "HR everywhere": {
        "own": "VRDA",
        "subordinate": "VRDAP",
        "indirect subordinate": "VRDA",
        "superior": "VRDA",
        "superior's superior": "VRDA",
        "other": "VRDA",
        "other unit": "VRDA",
    },
    "UNIT_ADMIN@U11": {
        "own": "VRD",
        "subordinate": "VDP",
        "indirect subordinate": "VD",
        "superior": "V",
        "superior's superior": "V",
        "other": "VD",
        "other unit": "",
    },
    "EXECUTIVE@U11": {
        "own": "VR",
        "subordinate": "VP",
        "indirect subordinate": "V",
        "superior": "V",
        "superior's superior": "V",
        "other": "V",
        "other unit": "",
    },
    "AUDITOR": {
        "own": "VR",  # an auditor is still an employee with their own work records
        "subordinate": "VP",
        "indirect subordinate": "V",
        "superior": "V",
        "superior's superior": "V",
        "other": "V",
        "other unit": "V",
    },
    "AUDITOR@U11": {
        "own": "VR",
        "subordinate": "VP",
        "indirect subordinate": "V",
        "superior": "V",
        "superior's superior": "V",
        "other": "V",
        "other unit": "",
    },
    "SYSTEM_ADMIN": {
        "own": "VRDA",
        "subordinate": "VRDAP",
        "indirect subordinate": "VRDA",
        "superior": "VRDA",
        "superior's superior": "VRDA",
        "other": "VRDA",
        "other unit": "VRDA",
    },
    "SYSTEM_ADMIN@U11": {
        "own": "VRDA",
        "subordinate": "VRDAP",
        "indirect subordinate": "VRDA",
        "superior": "V",
        "superior's superior": "V",
        "other": "VRDA",
        "other unit": "",
    },
    "anonymous": dict.fromkeys(RELATIONS, ""),
    "password change pending": dict.fromkeys(RELATIONS, ""),
    "employee without subject": dict.fromkeys(RELATIONS, ""),
    "service directory:read": dict.fromkeys(RELATIONS, "V"),
    "service allowance:export": dict.fromkeys(RELATIONS, ""),
}

AREAS = {"R": Area.RECORDS, "D": Area.DIRECTORY, "A": Area.ACCESS}
CASES = [
    pytest.param(
        name, relation, action, action in ALLOWED[name][relation], id=f"{name}-{relation}-{action}"
    )
    for name in PRINCIPALS
    for relation in RELATIONS
    for action in "VRDAP"
]


async def decide(principal: Principal, action: str, target: str, day: date = DAY) -> bool:
    directory = FakeDirectory()
    ref = EmployeeRef(target)
    if action == "V":
        return await can_view(principal, ref, day, directory)
    if action == "P":
        return await can_approve(principal, ref, day, directory)
    return await can_change(principal, ref, day, directory, area=AREAS[action])


def test_the_table_covers_every_principal_and_relation() -> None:
    assert set(ALLOWED) == set(PRINCIPALS)
    assert all(set(row) == set(RELATIONS) for row in ALLOWED.values())


@pytest.mark.parametrize(("name", "relation", "action", "expected"), CASES)
async def test_policy_table(name: str, relation: str, action: str, expected: bool) -> None:
    assert await decide(PRINCIPALS[name], action, RELATIONS[relation]) is expected


# --- units ----------------------------------------------------------------------------------

UNIT_CASES = [
    # principal, unit, may view, may change the directory
    ("EMPLOYEE", "U11", True, False),
    ("EMPLOYEE", "U2", True, False),
    ("UNIT_ADMIN@U11", "U11", True, True),
    ("UNIT_ADMIN@U11", "U1", True, False),
    ("UNIT_ADMIN@U11", "U2", True, False),
    ("HR@U11", "U11", True, True),
    ("HR@U11", "U0", True, False),
    ("EXECUTIVE@U11", "U11", True, False),
    ("SYSTEM_ADMIN", "U0", True, True),
    ("SYSTEM_ADMIN@U11", "U0", True, False),
    ("AUDITOR", "U2", True, False),
    ("anonymous", "U0", False, False),
    ("password change pending", "U0", False, False),
    ("service directory:read", "U2", True, False),
    ("service allowance:export", "U2", False, False),
]


@pytest.mark.parametrize(("name", "unit", "view", "change"), UNIT_CASES)
async def test_units(name: str, unit: str, view: bool, change: bool) -> None:
    principal, directory = PRINCIPALS[name], FakeDirectory()

    assert await can_view(principal, UnitRef(unit), DAY, directory) is view
    assert await can_change(principal, UnitRef(unit), DAY, directory, area=Area.DIRECTORY) is change


async def test_an_unknown_unit_is_outside_every_scoped_grant() -> None:
    directory = FakeDirectory()

    assert not await can_change(
        PRINCIPALS["HR@U11"], UnitRef("nowhere"), DAY, directory, area=Area.DIRECTORY
    )


# --- acting superiors (Plt) and vacancies ---------------------------------------------------


async def test_the_plt_approves_on_the_days_they_act() -> None:
    plt = employee(subject="plt")

    assert await decide(plt, "P", "me", PLT_DAY)
    assert not await decide(plt, "P", "me", DAY)


async def test_the_absent_holder_does_not_approve_while_a_plt_acts() -> None:
    assert not await decide(employee(subject="boss"), "P", "me", PLT_DAY)


async def test_the_plt_sees_those_they_act_for_only_while_acting() -> None:
    plt = employee(subject="plt")

    assert await decide(plt, "V", "me", PLT_DAY)
    assert await decide(plt, "V", "sub", PLT_DAY)
    assert not await decide(plt, "V", "me", DAY)


async def test_a_vacancy_without_a_plt_leaves_nobody_to_approve() -> None:
    for approver in ("boss", "head", "plt", "peer"):
        assert not await decide(employee(subject=approver), "P", "me", VACANT_DAY)


async def test_nobody_approves_for_themself() -> None:
    directory = FakeDirectory(supervisors={"me": "me"})

    assert not await can_approve(employee(), EmployeeRef("me"), DAY, directory)


async def test_an_employee_without_a_post_is_outside_every_scoped_grant() -> None:
    directory = FakeDirectory()
    newcomer = EmployeeRef("newcomer")

    assert not await can_view(PRINCIPALS["HR@U11"], newcomer, DAY, directory)
    assert await can_view(PRINCIPALS["HR everywhere"], newcomer, DAY, directory)


# --- chain of command -----------------------------------------------------------------------


async def test_the_chain_of_command_goes_to_the_top() -> None:
    assert await chain_of_command("subsub", DAY, FakeDirectory()) == ["sub", "me", "boss", "head"]


async def test_a_cycle_in_the_data_ends_the_chain() -> None:
    directory = FakeDirectory(supervisors={"a": "b", "b": "c", "c": "a"})

    assert await chain_of_command("a", DAY, directory) == ["b", "c"]


# --- granting roles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "grantee", "allowed"),
    [
        ("SYSTEM_ADMIN", "peer", True),
        ("SYSTEM_ADMIN", "me", False),
        ("SYSTEM_ADMIN@U11", "peer", False),
        ("HR everywhere", "peer", False),
        ("AUDITOR", "peer", False),
        ("password change pending", "peer", False),
        ("service directory:read", "peer", False),
        ("anonymous", "peer", False),
    ],
)
def test_only_a_system_admin_grants_roles_and_never_to_themself(
    name: str, grantee: str, allowed: bool
) -> None:
    assert can_grant(PRINCIPALS[name], grantee) is allowed


@pytest.mark.parametrize(
    ("name", "target_roles", "expected"),
    [
        ("HR everywhere", [], True),
        ("HR everywhere", [Role.SYSTEM_ADMIN], False),
        ("HR everywhere", [Role.HR], False),
        ("SYSTEM_ADMIN", [Role.SYSTEM_ADMIN], True),
        ("SYSTEM_ADMIN", [], True),
        ("EMPLOYEE", [], False),
        ("AUDITOR", [], False),
    ],
)
async def test_accounts_of_role_holders_are_the_system_admins_alone(
    name: str, target_roles: list[Role], expected: bool
) -> None:
    allowed = await can_manage_account(
        PRINCIPALS[name], EmployeeRef("peer"), DAY, FakeDirectory(), target_roles=target_roles
    )
    assert allowed is expected
