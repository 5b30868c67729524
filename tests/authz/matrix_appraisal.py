"""The appraisal rows of the authorization matrix: appraisals, behaviour, objections, feedback,
realisation, unit ratings and the appraisal rules.

Written by hand (like IDENTITY in matrix.py, never computed with the policy functions) from
kinerja/policy.py's docstring (`can_view_appraisal`), DOMAIN.md §4, issue 6 and the appraisal
service's contract:

* An appraisal is narrower than other records: the employee, their superior chain, HR over the
  subtree, auditors and system admins see it — never colleagues, unit admins or executives
  beyond their own and their subordinates'. What the caller may not see looks missing.
* The appraised employee sees the 360 ratings but never who gave them, nor who was invited.
* The employee self-assesses, acknowledges and objects; the direct superior (the appraiser)
  rates, rates behaviour as SUPERIOR and invites 360 raters; the appraiser's own superior
  decides an objection, and that decision is final.
* Dialog kinerja notes are written by the employee and their direct superior and seen like the
  appraisal (never by peers).
* Realisation is a work record (seen like people); a manual realisation is recorded by the
  employee's direct superior in that month or HR over them — never by the employee.
* Units: every employee reads a unit's performance (counts only); a unit is rated by the head of
  its parent unit only. The rules are read by every employee and set by HR or SYSTEM_ADMIN granted
  organisation-wide.

Targets are those of matrix.py (SAME_UNIT a colleague in D1, OTHER_UNIT a staff member of D2;
an appraisal's relation is its employee's), except for the objection rows (see DECIDE below).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tests.authz.matrix import (
    ALL_ROLES,
    AU,
    EX,
    HR,
    OTHER,
    OWN,
    PEOPLE,
    SA,
    SAME,
    SEE_PEOPLE,
    SEE_UNITS,
    SUB,
    UA,
    UNITS,
    UNTARGETED,
    E,
    Relation,
    Role,
    Row,
    S,
    allowed,
)

# Rule (`can_view_appraisal`, issue 6 item 8): the employee, their superior chain, HR over the
# subtree (the matrix's HR is granted on D1: its own, its subordinate's and D1 colleagues'),
# AUDITOR and SYSTEM_ADMIN everyone's. UNIT_ADMIN and EXECUTIVE see no more than a plain
# supervisor (their own and their subordinate's); nobody sees a peer's (SAME for plain roles).
SEE_APPRAISALS: Mapping[Role, Iterable[Relation]] = {
    E: {OWN},
    S: {OWN, SUB},
    UA: {OWN, SUB},
    HR: {OWN, SUB, SAME},
    EX: {OWN, SUB},
    AU: PEOPLE,
    SA: PEOPLE,
}
# Rule (issue 6 items 3 and 8): an employee never sees who gave an anonymous 360 rating, nor whom
# the superior invited; whoever else may see the appraisal sees both.
SEE_RATERS: Mapping[Role, Iterable[Relation]] = {
    role: set(relations) - {OWN} for role, relations in SEE_APPRAISALS.items()
}
# Rule: the employee's own steps (self-assessment, acknowledgement, objection, a SELF rating):
# OWN for every role — HR and SYSTEM_ADMIN included, they never answer for someone.
EMPLOYEE_ONLY: Mapping[Role, Iterable[Relation]] = {role: {OWN} for role in ALL_ROLES}
# Rule: the appraiser is the employee's direct superior in the period; only they rate, invite
# 360 raters and finalize (every actor but EMPLOYEE supervises one). Neither the issue nor
# DOMAIN.md lets HR finalize, so HR and SYSTEM_ADMIN do not finalize others' appraisals.
APPRAISER: Mapping[Role, Iterable[Relation]] = {
    role: {SUB} for role in ALL_ROLES if role is not Role.EMPLOYEE
}
# Rule: behaviour is rated by the employee (SELF) and the direct superior (SUPERIOR); a peer or
# anyone else rates only when the superior invited them — nobody is invited here, so deny.
RATE_BEHAVIOUR: Mapping[Role, Iterable[Relation]] = {
    role: {OWN} if role is Role.EMPLOYEE else {OWN, SUB} for role in ALL_ROLES
}
# Rule: the appraiser's own superior decides the objection (final) — nobody else, HR and
# SYSTEM_ADMIN included. Here the actor's subordinate is the appraiser of *their* subordinate,
# so for these rows SUBORDINATE means "the objection to the appraisal of the actor's
# subordinate's subordinate" (the actor is that appraiser's superior); OWN is the actor's own
# objection (decided above them), SAME_UNIT an objection of a D1 colleague's subordinate (decided
# by D1's head), OTHER_UNIT one of a D2 staff member's subordinate (decided by D2's head).
# `pendingObjections` is the decider's queue (the contract: "for the decider"): the same rows.
DECIDE: Mapping[Role, Iterable[Relation]] = APPRAISER
# Rule (DOMAIN.md §4, issue 6 item 4): dialog kinerja notes between the employee and their
# direct superior: either of them writes one.
FEEDBACK_AUTHORS: Mapping[Role, Iterable[Relation]] = RATE_BEHAVIOUR
# Rule (the contract, service/realisation.py's docstring): a manual realisation is recorded (and
# withdrawn) by the employee's direct superior on that month, or by HR over them — never by the
# employee themself. SYSTEM_ADMIN holds HR's rights everywhere (guard.is_hr_over).
MANUAL_REALISATION: Mapping[Role, Iterable[Relation]] = {
    S: {SUB},
    UA: {SUB},
    HR: {SUB, SAME},
    EX: {SUB},
    AU: {SUB},
    SA: {SUB, SAME, OTHER},
}
# Rule (the service's stated rule, appraisals.open_appraisal): the employee, their direct
# superior or HR over them opens an appraisal (SYSTEM_ADMIN as HR everywhere); an auditor only
# reads, so only their own and (as the direct superior) their subordinate's.
OPEN: Mapping[Role, Iterable[Relation]] = {
    E: {OWN},
    S: {OWN, SUB},
    UA: {OWN, SUB},
    HR: {OWN, SUB, SAME},
    EX: {OWN, SUB},
    AU: {OWN, SUB},
    SA: PEOPLE,
}
# Rule (DOMAIN.md §4, issue 6 item 6): a unit is rated by the head of its parent unit only. D1
# and D2 hang under the ministry, whose head no actor is (nobody holds it), so every row denies.
RATE_UNITS: Mapping[Role, Iterable[Relation]] = {}
# Rule: the appraisal rules are set by HR or SYSTEM_ADMIN granted organisation-wide; the matrix's
# HR holds a D1 grant, so only SYSTEM_ADMIN.
SET_RULES: Mapping[Role, Iterable[Relation]] = {SA: UNTARGETED}
# Every signed-in employee: their own 360 rating requests, the rules in force, the rule sets.
ANY_SIGNED_IN: Mapping[Role, Iterable[Relation]] = dict.fromkeys(ALL_ROLES, UNTARGETED)

APPRAISAL: list[Row] = [
    # appraisal reads
    *allowed("appraisal", "appraisal", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "_entities(Appraisal)", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "Employee.appraisals", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "Employee.appraisal", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "Appraisal.behaviourRatings.rater", PEOPLE, SEE_RATERS),
    *allowed("appraisal", "Appraisal.raterInvitations", PEOPLE, SEE_RATERS),
    *allowed("appraisal", "pendingObjections", PEOPLE, DECIDE),
    *allowed("appraisal", "myRatingRequests", UNTARGETED, ANY_SIGNED_IN),
    # the workflow
    *allowed("appraisal", "openAppraisal", PEOPLE, OPEN),
    *allowed("appraisal", "submitSelfAssessment", PEOPLE, EMPLOYEE_ONLY),
    *allowed("appraisal", "rateAppraisal", PEOPLE, APPRAISER),
    *allowed("appraisal", "rateBehaviour", PEOPLE, RATE_BEHAVIOUR),
    *allowed("appraisal", "inviteRaters", PEOPLE, APPRAISER),
    *allowed("appraisal", "acknowledgeAppraisal", PEOPLE, EMPLOYEE_ONLY),
    *allowed("appraisal", "objectToAppraisal", PEOPLE, EMPLOYEE_ONLY),
    *allowed("appraisal", "decideObjection", PEOPLE, DECIDE),
    *allowed("appraisal", "finalizeAppraisal", PEOPLE, APPRAISER),
    # dialog kinerja
    *allowed("appraisal", "feedbackNotes", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "Employee.feedbackNotes", PEOPLE, SEE_APPRAISALS),
    *allowed("appraisal", "addFeedbackNote", PEOPLE, FEEDBACK_AUTHORS),
    # realisation
    *allowed("appraisal", "realisation", PEOPLE, SEE_PEOPLE),
    *allowed("appraisal", "Employee.realisation", PEOPLE, SEE_PEOPLE),
    *allowed("appraisal", "recordManualRealisation", PEOPLE, MANUAL_REALISATION),
    *allowed("appraisal", "withdrawManualRealisation", PEOPLE, MANUAL_REALISATION),
    # units and rules
    *allowed("appraisal", "OrgUnit.performance", UNITS, SEE_UNITS),
    *allowed("appraisal", "rateUnit", UNITS, RATE_UNITS),
    *allowed("appraisal", "appraisalRules", UNTARGETED, ANY_SIGNED_IN),
    *allowed("appraisal", "ruleSets", UNTARGETED, ANY_SIGNED_IN),
    *allowed("appraisal", "setAppraisalRules", UNTARGETED, SET_RULES),
]
