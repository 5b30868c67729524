"""The targets rows of the authorization matrix: SKPs, their review, work plans, the cascade.

Written by hand (like IDENTITY in matrix.py, never computed with the policy functions) from
kinerja/policy.py's docstring and the targets issue:

* An employee drafts their own SKP (create, copy, RHK, indicators, PP46 activities, submit,
  revise): "changes their own records". HR changes records within its subtree; SYSTEM_ADMIN
  everything. UNIT_ADMIN changes only the directory, EXECUTIVE and AUDITOR change nothing of
  anyone else's — but every one of them is also an employee with their own SKP.
* Only the direct superior approves or returns an SKP — not HR, not SYSTEM_ADMIN, never oneself.
  The matrix's AUDITOR and SYSTEM_ADMIN actors supervise a subordinate like everyone else, and
  approving a subordinate's SKP is that position's duty, not a use of the granted role.
* SKPs are seen like people: oneself, everyone under one, and (HR, UNIT_ADMIN, EXECUTIVE) the
  unit subtree; AUDITOR and SYSTEM_ADMIN everywhere. The cascade shows a unit to everyone, with
  only the RHK of the employees the caller may see.
* Unit admins manage plans in their subtree — and HR, who may do all a UNIT_ADMIN may (README's
  role table) — SYSTEM_ADMIN everywhere; only they see a draft plan. A published plan is the
  unit's, seen by every employee like the unit itself.

Targets are the same as in matrix.py: SAME_UNIT is a colleague in D1 (or D1 itself), OTHER_UNIT
a staff member of D2 (or D2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tests.authz.matrix import (
    ALL_ROLES,
    AU,
    EX,
    HR,
    OWN,
    PEOPLE,
    SA,
    SAME,
    SEE_PEOPLE,
    SEE_UNITS,
    SUB,
    UA,
    UNITS,
    E,
    Relation,
    Role,
    Row,
    S,
    allowed,
)

# Rule: everyone drafts their own SKP; HR within its subtree; SYSTEM_ADMIN everyone's.
DRAFT_SKPS: Mapping[Role, Iterable[Relation]] = {
    E: {OWN},
    S: {OWN},
    UA: {OWN},
    HR: {OWN, SUB, SAME},
    EX: {OWN},
    AU: {OWN},
    SA: PEOPLE,
}
# Rule: only the direct superior approves or returns (every actor but EMPLOYEE supervises one).
REVIEW_SKPS: Mapping[Role, Iterable[Relation]] = {
    role: {SUB} for role in ALL_ROLES if role is not Role.EMPLOYEE
}
# Rule: unit admins (and HR) manage plans in their subtree; SYSTEM_ADMIN everywhere.
MANAGE_PLANS: Mapping[Role, Iterable[Relation]] = {UA: {SAME}, HR: {SAME}, SA: UNITS}

TARGETS: list[Row] = [
    # SKP reads
    *allowed("targets", "skp", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "skpDiff", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "Employee.skp", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "Employee.skps", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "_entities(SkpItem)", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "_entities(Indicator)", PEOPLE, SEE_PEOPLE),
    *allowed("targets", "cascade (an employee's RHK)", PEOPLE, SEE_PEOPLE),
    # unit reads
    *allowed("targets", "cascade", UNITS, SEE_UNITS),
    *allowed("targets", "plan", UNITS, SEE_UNITS),
    *allowed("targets", "plan (a draft)", UNITS, MANAGE_PLANS),
    *allowed("targets", "exportPlan", UNITS, SEE_UNITS),
    *allowed("targets", "OrgUnit.plan", UNITS, SEE_UNITS),
    # drafting
    *allowed("targets", "createSkp", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "copySkp", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "addRhk", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "updateRhk", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "removeRhk", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "addIndicator", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "updateIndicator", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "addPp46Activity", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "submitSkp", PEOPLE, DRAFT_SKPS),
    *allowed("targets", "reviseSkp", PEOPLE, DRAFT_SKPS),
    # review
    *allowed("targets", "approveSkp", PEOPLE, REVIEW_SKPS),
    *allowed("targets", "returnSkp", PEOPLE, REVIEW_SKPS),
    # plans
    *allowed("targets", "importPlan", UNITS, MANAGE_PLANS),
    *allowed("targets", "publishPlan", UNITS, MANAGE_PLANS),
]
