"""The activity rows of the authorization matrix: logs, their review, the catalogue, attendance.

Written by hand (like IDENTITY in matrix.py, never computed with the policy functions) from
kinerja/policy.py's docstring and activity's rules (services/activity/schema/attendance_guard.py):

* An employee records their own work: logs (citing an indicator of their own approved SKP),
  evidence, taps, corrections, leave and official duty. HR also records for the people of its
  subtree; SYSTEM_ADMIN for everyone. A log is only ever the caller's own (`createLog` has no
  employee), so HR and SYSTEM_ADMIN cannot log for or cite someone else.
* Only the direct superior approves, rejects or revokes logs, and decides corrections and leave —
  not HR, not SYSTEM_ADMIN, never oneself (every actor but EMPLOYEE supervises one).
* Logs and attendance are seen like people (SEE_PEOPLE); the catalogue like its unit, by everyone.
* Unit admins edit their subtree's catalogue — and HR, who may do all a UNIT_ADMIN may;
  SYSTEM_ADMIN everywhere.
* Calendar, working hours and bands: HR or SYSTEM_ADMIN granted organisation-wide. The matrix's
  HR is granted on D1 only, so only SYSTEM_ADMIN may.
* Month close: HR or the unit's admin (attendance_guard's rule); reopening: HR only — and
  SYSTEM_ADMIN, who changes everything.
* What the caller may not see or touch looks like a missing record.

Targets are the same as in matrix.py: SAME_UNIT is a colleague in D1 (or D1 itself), OTHER_UNIT
a staff member of D2 (or D2); a log's relation is its employee's.
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
    UNTARGETED,
    E,
    Relation,
    Role,
    Row,
    S,
    allowed,
)

# Rule: everyone records their own work; HR within its subtree; SYSTEM_ADMIN everyone's.
RECORD: Mapping[Role, Iterable[Relation]] = {
    E: {OWN},
    S: {OWN},
    UA: {OWN},
    HR: {OWN, SUB, SAME},
    EX: {OWN},
    AU: {OWN},
    SA: PEOPLE,
}
# Rule: a log is the caller's own, on their own SKP; nobody logs for or cites anyone else —
# the code has no employee argument at all (HR and SYSTEM_ADMIN included). Evidence likewise
# goes only on the caller's own log: attach_evidence checks the log is the caller's.
OWN_ONLY: Mapping[Role, Iterable[Relation]] = {role: {OWN} for role in ALL_ROLES}
# Rule: only the direct superior decides (every actor but EMPLOYEE supervises one).
DECIDE: Mapping[Role, Iterable[Relation]] = {
    role: {SUB} for role in ALL_ROLES if role is not Role.EMPLOYEE
}
# Rule: unit admins (and HR) edit their subtree's catalogue; SYSTEM_ADMIN everywhere.
EDIT_CATALOGUE: Mapping[Role, Iterable[Relation]] = {UA: {SAME}, HR: {SAME}, SA: UNITS}
# Rule: HR or the unit's admin closes a month; SYSTEM_ADMIN everywhere. The rules don't say who
# reads a month close: the code shows it to those who may close it, so this follows the code.
CLOSE_MONTHS: Mapping[Role, Iterable[Relation]] = {UA: {SAME}, HR: {SAME}, SA: UNITS}
# Rule: reopening is HR's only (not the unit admin's); SYSTEM_ADMIN changes everything.
REOPEN_MONTHS: Mapping[Role, Iterable[Relation]] = {HR: {SAME}, SA: UNITS}
# Rule: the calendar, schedules and bands are organisation-wide HR's or SYSTEM_ADMIN's; the
# matrix's HR holds a D1 grant, so only SYSTEM_ADMIN.
CALENDAR: Mapping[Role, Iterable[Relation]] = {SA: UNTARGETED}
# Every signed-in employee reads the calendar and the bands.
ANY_SIGNED_IN: Mapping[Role, Iterable[Relation]] = dict.fromkeys(ALL_ROLES, UNTARGETED)

ACTIVITY: list[Row] = [
    # log reads
    *allowed("activity", "activityLog", PEOPLE, SEE_PEOPLE),
    *allowed("activity", "Employee.activities", PEOPLE, SEE_PEOPLE),
    *allowed("activity", "SkpItem.activities", PEOPLE, SEE_PEOPLE),
    # The queue holds the submitted logs of the caller's direct subordinates only: not their
    # own, not those they may merely see.
    *allowed("activity", "verificationQueue", PEOPLE, DECIDE),
    # log writes (createLog's relation: whose SKP item and indicator the log cites)
    *allowed("activity", "createLog", PEOPLE, OWN_ONLY),
    *allowed("activity", "attachEvidence", PEOPLE, OWN_ONLY),
    *allowed("activity", "approveLog", PEOPLE, DECIDE),
    *allowed("activity", "approveLogs", PEOPLE, DECIDE),
    *allowed("activity", "rejectLog", PEOPLE, DECIDE),
    *allowed("activity", "revokeLogApproval", PEOPLE, DECIDE),
    # the catalogue
    *allowed("activity", "standardActivities", UNITS, SEE_UNITS),
    *allowed("activity", "createStandardActivity", UNITS, EDIT_CATALOGUE),
    *allowed("activity", "updateStandardActivity", UNITS, EDIT_CATALOGUE),
    *allowed("activity", "importStandardActivities", UNITS, EDIT_CATALOGUE),
    # attendance records
    *allowed("activity", "Employee.attendance", PEOPLE, SEE_PEOPLE),
    *allowed("activity", "recordAttendance", PEOPLE, RECORD),
    *allowed("activity", "recordAttendanceBatch", PEOPLE, RECORD),  # each tap as recordAttendance
    *allowed("activity", "requestAttendanceCorrection", PEOPLE, RECORD),
    *allowed("activity", "requestLeave", PEOPLE, RECORD),
    *allowed("activity", "requestOfficialDuty", PEOPLE, RECORD),
    *allowed("activity", "approveAttendanceCorrection", PEOPLE, DECIDE),
    *allowed("activity", "rejectAttendanceCorrection", PEOPLE, DECIDE),
    *allowed("activity", "approveLeave", PEOPLE, DECIDE),
    *allowed("activity", "rejectLeave", PEOPLE, DECIDE),
    # the calendar
    *allowed("activity", "holidays", UNTARGETED, ANY_SIGNED_IN),
    *allowed("activity", "attendanceBands", UNTARGETED, ANY_SIGNED_IN),
    *allowed("activity", "setHoliday", UNTARGETED, CALENDAR),
    *allowed("activity", "setWorkSchedule", UNTARGETED, CALENDAR),
    *allowed("activity", "setAttendanceBands", UNTARGETED, CALENDAR),
    # month close
    *allowed("activity", "monthClose", UNITS, CLOSE_MONTHS),
    *allowed("activity", "closeMonth", UNITS, CLOSE_MONTHS),
    *allowed("activity", "reopenMonth", UNITS, REOPEN_MONTHS),
]
