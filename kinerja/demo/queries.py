"""The GraphQL documents the demo sends through the gateway."""

from __future__ import annotations

ERRORS = "... on Error { message }"


def _mutation(name: str, input_type: str, payload: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ __typename {payload} "
        f"{ERRORS} }} }}"
    )


APPRAISAL = "... on AppraisalPayload { appraisal { id status predicate } }"
RUN = "... on RunPayload { run { id status employees missing resultsDigest total { amount } } }"


class Q:
    """The demo's operations, by name."""

    LOGIN = (
        "mutation($input: LoginInput!) { login(input: $input) { __typename "
        "... on TokenPayload { accessToken mustChangePassword } ... on LoginFailed { message } } }"
    )
    CREATE_UNIT = _mutation(
        "createOrgUnit", "CreateOrgUnitInput", "... on OrgUnitPayload { orgUnit { id } }"
    )
    CREATE_POSITION = _mutation(
        "createPosition", "CreatePositionInput", "... on PositionPayload { position { id } }"
    )
    CREATE_EMPLOYEE = _mutation(
        "createEmployee", "CreateEmployeeInput", "... on EmployeePayload { employee { id } }"
    )
    ASSIGN = _mutation(
        "assignEmployee", "AssignEmployeeInput", "... on AssignmentPayload { assignment { id } }"
    )
    RESET = _mutation(
        "resetPassword", "AccountInput", "... on ResetPasswordPayload { temporaryPassword }"
    )
    CHANGE_PASSWORD = _mutation(
        "changePassword", "ChangePasswordInput", "... on TokenPayload { accessToken }"
    )
    GRANT = _mutation("grantRole", "GrantRoleInput", "... on RoleGrantPayload { grant { id } }")
    IMPORT_PLAN = _mutation(
        "importPlan",
        "ImportPlanInput",
        "... on PlanPayload { plan { id programs { kegiatan { kros { outputs { id code } } } } } }"
        " ... on PlanImportFailed { errors { row column message } }",
    )
    PUBLISH_PLAN = (
        "mutation($input: PublishPlanInput!) { publishPlan(input: $input) { __typename "
        "... on PublishPlanPayload { plan { id status } } ... on NotFound { message } "
        "... on Conflict { message } } }"
    )
    CREATE_SKP = _mutation("createSkp", "CreateSkpInput", "... on SkpPayload { skp { id } }")
    ADD_RHK = _mutation("addRhk", "AddRhkInput", "... on RhkPayload { rhk { id } }")
    ADD_INDICATOR = _mutation(
        "addIndicator", "AddIndicatorInput", "... on IndicatorPayload { indicator { id } }"
    )
    SET_HOLIDAY = (
        "mutation($input: SetHolidayInput!) { setHoliday(input: $input) { __typename "
        "... on ValidationFailed { field message } ... on NotFound { message } "
        "... on Conflict { message } } }"
    )
    REQUEST_LEAVE = _mutation(
        "requestLeave", "RequestLeaveInput", "... on LeavePayload { leave { id } }"
    )
    REQUEST_DUTY = _mutation(
        "requestOfficialDuty", "RequestOfficialDutyInput", "... on LeavePayload { leave { id } }"
    )
    APPROVE_LEAVE = _mutation(
        "approveLeave", "DecideRequestInput", "... on LeavePayload { leave { id } }"
    )
    RECORD_ATTENDANCE = _mutation(
        "recordAttendanceBatch",
        "RecordAttendanceBatchInput",
        "... on AttendanceBatchPayload { recorded duplicates }"
        " ... on AttendanceBatchFailed { errors { index field message } }",
    )
    CREATE_LOG = _mutation("createLog", "CreateLogInput", "... on LogPayload { log { id } }")
    ATTACH_EVIDENCE = _mutation(
        "attachEvidence", "AttachEvidenceInput", "... on LogPayload { log { id } }"
    )
    APPROVE_LOGS = (
        "mutation($input: ApproveLogsInput!) { approveLogs(input: $input) { "
        "outcomes { logId error { __typename } } } }"
    )
    CLOSE_MONTH = _mutation(
        "closeMonth", "CloseMonthInput", "... on MonthClosePayload { monthClose { closed } }"
    )
    RATE_UNIT = _mutation(
        "rateUnit", "RateUnitInput", "... on RateUnitPayload { unitRating { id } }"
    )
    OPEN = _mutation("openAppraisal", "OpenAppraisalInput", APPRAISAL)
    RATE_BEHAVIOUR = _mutation(
        "rateBehaviour", "RateBehaviourInput", "... on RateBehaviourPayload { ratings { aspect } }"
    )
    RATE = _mutation("rateAppraisal", "RateAppraisalInput", APPRAISAL)
    ACKNOWLEDGE = _mutation("acknowledgeAppraisal", "AppraisalInput", APPRAISAL)
    OBJECT = _mutation("objectToAppraisal", "ObjectToAppraisalInput", APPRAISAL)
    DECIDE = _mutation("decideObjection", "DecideObjectionInput", APPRAISAL)
    FINALIZE = _mutation("finalizeAppraisal", "AppraisalInput", APPRAISAL)
    COMPUTE = _mutation("computeRun", "ComputeRunInput", RUN)
    REVIEW_RUN = _mutation("reviewRun", "ReviewRunInput", RUN)
    LOCK_RUN = _mutation("lockRun", "LockRunInput", RUN)

    @staticmethod
    def review(name: str) -> str:
        """submitSkp / approveSkp."""
        return _mutation(
            name, f"{name[0].upper()}{name[1:]}Input", "... on SkpPayload { skp { id status } }"
        )
