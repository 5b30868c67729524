"""The allowance rows of the authorization matrix: payments, runs, HR data, tariffs, rules, export.

Written by hand (like IDENTITY in matrix.py, never computed with the policy functions) from
kinerja/policy.py's docstring (`can_view_pay`, `can_run_pay`, `can_export_pay`), issue 7 item 8
("an employee sees their own payments and explanations; HR runs and locks; auditors read
everything; service accounts only export") and the allowance contract:

* Pay is narrower than appraisals: the employee, HR over the subtree, auditors and system admins
  see a payment — never the superior chain, colleagues, unit admins or executives.
* Runs are per organisation (the ministry at the matrix's root). HR over the organisation's top
  unit, or SYSTEM_ADMIN, computes, reviews and locks them and edits the HR pay data. The matrix's
  HR is granted on D1 only, so only SYSTEM_ADMIN may (like matrix_activity.CALENDAR).
* A run is read by whoever may view the organisation's pay (auditors, system admins); HR or an
  auditor granted on a unit inside it sees the run with only their subtree's payments and unit
  totals, and no files (services/allowance/schema/runs.py's docstring).
* Tariffs and rules are regulations: every signed-in employee reads them; HR or SYSTEM_ADMIN
  granted organisation-wide add tariff versions and organisation-wide rule sets.
* Service accounts act only through `allowance:export`, and only on LOCKED runs (the run, its
  payments and totals, its files) — see SERVICE_ROWS; without the scope they see nothing.
* What the caller may not see or touch looks missing (null, empty, NotFound, 404).

Targets are those of matrix.py: OWN the actor, SUBORDINATE their direct subordinate, SAME_UNIT a
D1 colleague, OTHER_UNIT a D2 staff member (for unit totals: D1 and D2). Operations on a run have
NONE as relation: the run is the ministry's LOCKED run of 2026-09 (probes_allowance).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from tests.authz.matrix import (
    ALL_ROLES,
    AU,
    HR,
    OWN,
    PEOPLE,
    SA,
    SAME,
    SUB,
    UNITS,
    UNTARGETED,
    Expect,
    Relation,
    Role,
    Row,
    allowed,
)

SERVICE = "allowance"

# Rule (`can_view_pay`, issue 7 item 8): a payment and its explanation lines are seen by the
# employee (OWN for every role), HR over the subtree (the matrix's HR is granted on D1: its own,
# its subordinate's, its D1 colleague's — not D2's), AUDITOR and SYSTEM_ADMIN everyone's. Not the
# superior chain (a SUPERVISOR does not see their SUBORDINATE's pay), not UNIT_ADMIN or EXECUTIVE.
SEE_PAY: Mapping[Role, Iterable[Relation]] = {
    **{role: {OWN} for role in ALL_ROLES},
    HR: {OWN, SUB, SAME},
    AU: PEOPLE,
    SA: PEOPLE,
}
# Rule (runs.py's docstring): a run is read by AUDITOR and SYSTEM_ADMIN (organisation-wide); HR
# granted on D1, a unit inside the ministry, sees the run too (with only D1's payments); nobody
# else — an employee's own payment is read through Employee.allowance(s), not the run.
READ_RUNS: Mapping[Role, Iterable[Relation]] = {HR: UNTARGETED, AU: UNTARGETED, SA: UNTARGETED}
# Rule: the payments a run lists: all of them for AUDITOR and SYSTEM_ADMIN; for HR on D1 only its
# subtree's (own, subordinate's, D1 colleague's; not D2's). Those who may not read the run see
# none, not even their own.
RUN_PAYMENTS: Mapping[Role, Iterable[Relation]] = {HR: {OWN, SUB, SAME}, AU: PEOPLE, SA: PEOPLE}
# Rule: the same for the totals per unit: HR on D1 sees D1's, not D2's.
RUN_TOTALS: Mapping[Role, Iterable[Relation]] = {HR: {SAME}, AU: UNITS, SA: UNITS}
# Rule (runs.py): the export files hold everyone, so only those who see the whole run get them —
# AUDITOR and SYSTEM_ADMIN (a subtree's HR: none).
RUN_FILES: Mapping[Role, Iterable[Relation]] = {AU: UNTARGETED, SA: UNTARGETED}
# Rule (routes.py's docstring): the export route serves an employee "who may view the
# organisation's pay (HR over it, auditors, system admins)" — HR on D1 is not over the ministry.
EXPORT_ROUTE: Mapping[Role, Iterable[Relation]] = {AU: UNTARGETED, SA: UNTARGETED}
# Rule (`can_run_pay`, issue 7 "HR runs and locks"): HR over the organisation's top unit, or
# SYSTEM_ADMIN, computes, reviews and locks runs. The matrix's HR holds a D1 grant, not one over
# the ministry, so only SYSTEM_ADMIN.
RUN_PAY: Mapping[Role, Iterable[Relation]] = {SA: UNTARGETED}
# Rule (`can_run_pay`, schema/hr_data.py): sanctions, profession allowances and study leave are
# read and changed by whoever runs the pay of the employee's organisation — only SYSTEM_ADMIN
# here, for everyone (HR on D1 not even for its own or its subordinate's).
HR_DATA: Mapping[Role, Iterable[Relation]] = {SA: PEOPLE}
# Rule (issue 7 "auditors read everything"; the policy's "AUDITOR sees everything and changes
# nothing"): the HR data is also read by AUDITOR, for everyone.
READ_HR_DATA: Mapping[Role, Iterable[Relation]] = {AU: PEOPLE, SA: PEOPLE}
# Rule: tariffs and rule sets are added by HR or SYSTEM_ADMIN granted organisation-wide; the
# matrix's HR holds a D1 grant, so only SYSTEM_ADMIN.
ADMINISTER: Mapping[Role, Iterable[Relation]] = {SA: UNTARGETED}
# Rule: every signed-in employee reads the tariffs and the rules (they are regulations).
ANY_SIGNED_IN: Mapping[Role, Iterable[Relation]] = dict.fromkeys(ALL_ROLES, UNTARGETED)

ALLOWANCE: list[Row] = [
    # payments and their explanations
    *allowed(SERVICE, "Employee.allowances", PEOPLE, SEE_PAY),
    *allowed(SERVICE, "Employee.allowance", PEOPLE, SEE_PAY),
    # runs
    *allowed(SERVICE, "allowanceRun", UNTARGETED, READ_RUNS),
    *allowed(SERVICE, "allowanceRuns", UNTARGETED, READ_RUNS),
    *allowed(SERVICE, "_entities(AllowanceRun)", UNTARGETED, READ_RUNS),
    *allowed(SERVICE, "AllowanceRun.payments", PEOPLE, RUN_PAYMENTS),
    *allowed(SERVICE, "AllowanceRun.totalsByUnit", UNITS, RUN_TOTALS),
    *allowed(SERVICE, "AllowanceRun.files", UNTARGETED, RUN_FILES),
    *allowed(SERVICE, "export.csv", UNTARGETED, EXPORT_ROUTE),
    *allowed(SERVICE, "computeRun", UNTARGETED, RUN_PAY),
    *allowed(SERVICE, "reviewRun", UNTARGETED, RUN_PAY),
    *allowed(SERVICE, "lockRun", UNTARGETED, RUN_PAY),
    # HR data
    *allowed(SERVICE, "employeeAllowanceData", PEOPLE, READ_HR_DATA),
    *allowed(SERVICE, "recordSanction", PEOPLE, HR_DATA),
    *allowed(SERVICE, "revokeSanction", PEOPLE, HR_DATA),
    *allowed(SERVICE, "setProfessionAllowance", PEOPLE, HR_DATA),
    *allowed(SERVICE, "endProfessionAllowance", PEOPLE, HR_DATA),
    *allowed(SERVICE, "recordStudyLeave", PEOPLE, HR_DATA),
    # tariffs and rules
    *allowed(SERVICE, "tariffs", UNTARGETED, ANY_SIGNED_IN),
    *allowed(SERVICE, "allowanceRules", UNTARGETED, ANY_SIGNED_IN),
    *allowed(SERVICE, "allowanceRuleSets", UNTARGETED, ANY_SIGNED_IN),
    *allowed(SERVICE, "createTariffVersion", UNTARGETED, ADMINISTER),
    *allowed(SERVICE, "setAllowanceRules", UNTARGETED, ADMINISTER),
]


# --- service accounts --------------------------------------------------------------------------


class Account(StrEnum):
    """A service account signed in with `serviceLogin` (not an employee: no role, no relation)."""

    EXPORT = "service account with allowance:export"
    NO_SCOPE = "service account without allowance:export (directory:read)"


class RunState(StrEnum):
    """The run a service account's row acts on (NONE: the operation is not on a run; its target,
    if any, is the D1 colleague, whose payment the locked run holds)."""

    LOCKED = "the locked run"
    DRAFT = "a draft run"
    NONE = "no run"


@dataclass(frozen=True)
class ServiceRow:
    """One expectation: `account` doing `operation` (on a run in `run` state)."""

    service: str
    operation: str
    account: Account
    run: RunState
    expected: Expect

    def __str__(self) -> str:
        return f"{self.service}.{self.operation} by {self.account} on {self.run}"


def service_rows(
    operation: str, runs: Iterable[RunState], allow: Mapping[Account, Iterable[RunState]]
) -> list[ServiceRow]:
    """Rows for both accounts × `runs`: ALLOW where `allow` lists it, DENY everywhere else."""
    return [
        ServiceRow(
            SERVICE,
            operation,
            account,
            state,
            Expect.ALLOW if state in set(allow.get(account, ())) else Expect.DENY,
        )
        for account in Account
        for state in runs
    ]


ON_RUNS = (RunState.LOCKED, RunState.DRAFT)
NO_RUN = (RunState.NONE,)
# Rule (`can_export_pay`, issue 7 items 6 and 8): a service account with `allowance:export` reads
# LOCKED runs only — the run, its payments (the connection the HR system pages through), its
# totals per unit, its files, and the export route (200; a draft run is 409). Without the scope:
# nothing (the export route answers 404).
EXPORT_LOCKED: Mapping[Account, Iterable[RunState]] = {Account.EXPORT: {RunState.LOCKED}}
# Rule: "service accounts only export": no payments through Employee, no HR data, no runs
# computed, no tariffs or rules (those are for signed-in employees), nothing changed.
NOTHING: Mapping[Account, Iterable[RunState]] = {}

SERVICE_ROWS: list[ServiceRow] = [
    *service_rows("allowanceRun", ON_RUNS, EXPORT_LOCKED),
    *service_rows("allowanceRuns", ON_RUNS, EXPORT_LOCKED),
    *service_rows("_entities(AllowanceRun)", ON_RUNS, EXPORT_LOCKED),
    *service_rows("AllowanceRun.payments", ON_RUNS, EXPORT_LOCKED),
    *service_rows("AllowanceRun.totalsByUnit", ON_RUNS, EXPORT_LOCKED),
    *service_rows("AllowanceRun.files", ON_RUNS, EXPORT_LOCKED),
    *service_rows("export.csv", ON_RUNS, EXPORT_LOCKED),
    *service_rows("Employee.allowances", NO_RUN, NOTHING),
    *service_rows("Employee.allowance", NO_RUN, NOTHING),
    *service_rows("computeRun", NO_RUN, NOTHING),
    *service_rows("reviewRun", NO_RUN, NOTHING),
    *service_rows("lockRun", NO_RUN, NOTHING),
    *service_rows("employeeAllowanceData", NO_RUN, NOTHING),
    *service_rows("recordSanction", NO_RUN, NOTHING),
    *service_rows("revokeSanction", NO_RUN, NOTHING),
    *service_rows("setProfessionAllowance", NO_RUN, NOTHING),
    *service_rows("endProfessionAllowance", NO_RUN, NOTHING),
    *service_rows("recordStudyLeave", NO_RUN, NOTHING),
    *service_rows("tariffs", NO_RUN, NOTHING),
    *service_rows("allowanceRules", NO_RUN, NOTHING),
    *service_rows("allowanceRuleSets", NO_RUN, NOTHING),
    *service_rows("createTariffVersion", NO_RUN, NOTHING),
    *service_rows("setAllowanceRules", NO_RUN, NOTHING),
]

__all__ = ["ALLOWANCE", "SERVICE_ROWS", "Account", "RunState", "ServiceRow"]
