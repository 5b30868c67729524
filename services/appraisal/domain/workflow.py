"""The appraisal workflow's transitions as pure checks (DOMAIN.md §4, issue 6 item 5).

OPEN → (SELF_ASSESSED) → RATED → ACKNOWLEDGED | OBJECTED → DECIDED → FINALIZED. Each `check_*`
takes the facts the caller looked up (who acts, who the appraiser or decider is, the day) and
raises `AppraisalRuleError` with a plain message when the step is not allowed; nothing here
reads a clock or a database. A FINALIZED appraisal never changes again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from services.appraisal.domain.types import AppraisalRuleError, AppraisalStatus, RaterRole

S = AppraisalStatus

FINALIZED_MESSAGE = "a finalized appraisal cannot be changed"
MAX_TEXT = 4000
# The appraiser may (re)rate until the employee has answered the rating.
RATEABLE = frozenset({S.OPEN, S.SELF_ASSESSED, S.RATED})
SELF_ASSESSABLE = frozenset({S.OPEN, S.SELF_ASSESSED})
FINALIZABLE = frozenset({S.ACKNOWLEDGED, S.DECIDED, S.RATED})
PEER_ROLES = frozenset({RaterRole.PEER, RaterRole.SUBORDINATE})


def check_changeable(status: AppraisalStatus) -> None:
    """Nothing changes a FINALIZED appraisal."""
    if status is S.FINALIZED:
        raise AppraisalRuleError(None, FINALIZED_MESSAGE)


def check_text(field: str, text: str | None, *, required: bool = True) -> str | None:
    """A trimmed free text of at most MAX_TEXT characters (required unless told otherwise)."""
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise AppraisalRuleError(field, f"{field} must not be empty")
        return None
    if len(cleaned) > MAX_TEXT:
        raise AppraisalRuleError(field, f"{field} must be at most {MAX_TEXT} characters")
    return cleaned


def check_self_assessment(
    status: AppraisalStatus, *, actor_id: str, employee_id: str, text: str
) -> str:
    """Only the employee self-assesses, before the appraiser's rating; the cleaned text."""
    check_changeable(status)
    if actor_id != employee_id:
        raise AppraisalRuleError(None, "only the appraised employee may self-assess")
    if status not in SELF_ASSESSABLE:
        raise AppraisalRuleError(None, "the appraisal has already been rated")
    cleaned = check_text("selfAssessment", text)
    assert cleaned is not None  # required
    return cleaned


def check_rating(
    status: AppraisalStatus, *, actor_id: str, employee_id: str, is_superior_in_period: bool
) -> None:
    """Only the employee's direct superior in the period rates, before any answer to it."""
    check_changeable(status)
    if actor_id == employee_id:
        raise AppraisalRuleError(None, "you cannot rate your own appraisal")
    if not is_superior_in_period:
        raise AppraisalRuleError(
            None, "only the employee's direct superior in the period may rate this appraisal"
        )
    if status not in RATEABLE:
        raise AppraisalRuleError(
            None, f"the appraisal can no longer be rated (it is {status.value})"
        )


def objection_deadline(rated_on: date, objection_days: int) -> date:
    """The last day an objection may be lodged: `objection_days` after the rating, inclusive."""
    return rated_on + timedelta(days=objection_days)


def _check_answer(status: AppraisalStatus, *, actor_id: str, employee_id: str, verb: str) -> None:
    check_changeable(status)
    if actor_id != employee_id:
        raise AppraisalRuleError(None, f"only the appraised employee may {verb} the rating")
    if status is S.OBJECTED or status is S.DECIDED:
        raise AppraisalRuleError(None, "an objection has already been lodged")
    if status is not S.RATED:
        raise AppraisalRuleError(None, f"the appraisal is not awaiting an answer (it is {status})")


def check_acknowledgement(
    status: AppraisalStatus, *, actor_id: str, employee_id: str, missing: Sequence[str]
) -> None:
    """The employee acknowledges a complete rating."""
    _check_answer(status, actor_id=actor_id, employee_id=employee_id, verb="acknowledge")
    if missing:
        raise AppraisalRuleError(
            None, f"the rating is not complete yet; missing: {', '.join(missing)}"
        )


def check_objection(
    status: AppraisalStatus,
    *,
    actor_id: str,
    employee_id: str,
    already_objected: bool,
    day: date,
    deadline: date | None,
    reason: str,
) -> str:
    """The employee objects once, within the window after the rating; the cleaned reason."""
    check_changeable(status)
    if actor_id != employee_id:
        raise AppraisalRuleError(None, "only the appraised employee may object to the rating")
    if already_objected:
        raise AppraisalRuleError(None, "an objection has already been lodged")
    _check_answer(status, actor_id=actor_id, employee_id=employee_id, verb="object to")
    if deadline is not None and day > deadline:
        raise AppraisalRuleError(None, f"the objection period ended on {deadline.isoformat()}")
    cleaned = check_text("reason", reason)
    assert cleaned is not None  # required
    return cleaned


def check_decision(
    status: AppraisalStatus, *, actor_id: str, decider_id: str | None, note: str
) -> str:
    """Only the appraiser's direct superior decides an open objection; the cleaned note."""
    check_changeable(status)
    if decider_id is None or actor_id != decider_id:
        raise AppraisalRuleError(
            None, "only the appraiser's direct superior may decide this objection"
        )
    if status is S.DECIDED:
        raise AppraisalRuleError(None, "the objection has already been decided; it is final")
    if status is not S.OBJECTED:
        raise AppraisalRuleError(None, "there is no objection to decide")
    cleaned = check_text("note", note)
    assert cleaned is not None  # required
    return cleaned


def check_finalization(
    status: AppraisalStatus,
    *,
    may_finalize: bool,
    day: date,
    deadline: date | None,
    missing: Sequence[str],
) -> None:
    """Acknowledged, decided, or rated and unanswered past the deadline — and complete."""
    check_changeable(status)
    if not may_finalize:
        raise AppraisalRuleError(None, "only the appraiser may finalize this appraisal")
    if status not in FINALIZABLE:
        raise AppraisalRuleError(
            None, f"the appraisal cannot be finalized yet (it is {status.value})"
        )
    if status is S.RATED and (deadline is None or day <= deadline):
        until = deadline.isoformat() if deadline else "the rating"
        raise AppraisalRuleError(
            None, f"the employee may still acknowledge or object until {until}"
        )
    if missing:
        raise AppraisalRuleError(
            None, f"the appraisal is not complete; missing: {', '.join(missing)}"
        )


def check_behaviour_rater(
    status: AppraisalStatus,
    role: RaterRole,
    *,
    actor_id: str,
    employee_id: str,
    is_appraiser: bool,
    invited_as: RaterRole | None,
) -> None:
    """Who may give a behaviour rating in which role (the superior's decides, before an answer)."""
    check_changeable(status)
    if role is RaterRole.SELF:
        if actor_id != employee_id:
            raise AppraisalRuleError("role", "only the appraised employee rates as SELF")
    elif role is RaterRole.SUPERIOR:
        if actor_id == employee_id:
            raise AppraisalRuleError("role", "you cannot rate your own appraisal")
        if not is_appraiser:
            raise AppraisalRuleError(
                "role", "only the employee's direct superior in the period rates as SUPERIOR"
            )
    elif invited_as is not role or actor_id == employee_id:
        raise AppraisalRuleError(
            "role", f"only raters invited by the superior may rate as {role.value}"
        )
    if role in (RaterRole.SUPERIOR, RaterRole.SELF) and status not in RATEABLE:
        raise AppraisalRuleError(
            None, f"the behaviour ratings can no longer be changed (it is {status.value})"
        )


def check_invitation(
    status: AppraisalStatus,
    *,
    actor_id: str,
    employee_id: str,
    is_appraiser: bool,
    rater_id: str,
    role: RaterRole,
) -> None:
    """The superior invites peers and subordinates (never the employee) as 360 raters."""
    check_changeable(status)
    if actor_id == employee_id or not is_appraiser:
        raise AppraisalRuleError(None, "only the employee's direct superior may invite 360 raters")
    if role not in PEER_ROLES:
        raise AppraisalRuleError("role", "raters are invited as PEER or SUBORDINATE")
    if rater_id == employee_id:
        raise AppraisalRuleError("raterIds", "the employee cannot be their own 360 rater")
    if rater_id == actor_id:
        raise AppraisalRuleError("raterIds", "the superior rates as SUPERIOR, not as a 360 rater")


def check_feedback_author(*, author_id: str, employee_id: str, superior_id: str | None) -> None:
    """A *dialog kinerja* note is written by the employee or their direct superior."""
    if author_id not in (employee_id, superior_id):
        raise AppraisalRuleError(
            None, "only the employee and their direct superior write feedback notes"
        )
