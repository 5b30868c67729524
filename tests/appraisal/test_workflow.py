"""The appraisal workflow's transition rules (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from services.appraisal.domain import workflow
from services.appraisal.domain.types import AppraisalRuleError, AppraisalStatus, RaterRole

S = AppraisalStatus
EMPLOYEE, BOSS, BIG_BOSS, PEER = "employee", "boss", "big-boss", "peer"
ALL = list(AppraisalStatus)
NOT_INVITER = "only the employee's direct superior may invite 360 raters"


def message(exc: pytest.ExceptionInfo[AppraisalRuleError]) -> str:
    return exc.value.message


# self-assessment


@pytest.mark.parametrize("status", [S.OPEN, S.SELF_ASSESSED])
def test_the_employee_self_assesses_an_unrated_appraisal(status: AppraisalStatus) -> None:
    text = workflow.check_self_assessment(
        status, actor_id=EMPLOYEE, employee_id=EMPLOYEE, text="  I did my best  "
    )
    assert text == "I did my best"


def test_no_one_else_self_assesses() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_self_assessment(S.OPEN, actor_id=BOSS, employee_id=EMPLOYEE, text="x")
    assert message(exc) == "only the appraised employee may self-assess"


@pytest.mark.parametrize("status", [S.RATED, S.ACKNOWLEDGED, S.OBJECTED, S.DECIDED])
def test_self_assessment_after_the_rating_is_refused(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="already been rated"):
        workflow.check_self_assessment(status, actor_id=EMPLOYEE, employee_id=EMPLOYEE, text="x")


def test_an_empty_self_assessment_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_self_assessment(S.OPEN, actor_id=EMPLOYEE, employee_id=EMPLOYEE, text=" ")
    assert (exc.value.field, message(exc)) == ("selfAssessment", "selfAssessment must not be empty")


def test_an_overlong_text_is_refused() -> None:
    with pytest.raises(AppraisalRuleError, match="at most 4000"):
        workflow.check_text("reason", "x" * 4001)


def test_an_optional_empty_text_is_none() -> None:
    assert workflow.check_text("note", "  ", required=False) is None


# rating


@pytest.mark.parametrize("status", [S.OPEN, S.SELF_ASSESSED, S.RATED])
def test_the_superior_rates_until_the_employee_answers(status: AppraisalStatus) -> None:
    workflow.check_rating(status, actor_id=BOSS, employee_id=EMPLOYEE, is_superior_in_period=True)


def test_rating_ones_own_appraisal_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_rating(
            S.OPEN, actor_id=EMPLOYEE, employee_id=EMPLOYEE, is_superior_in_period=True
        )
    assert message(exc) == "you cannot rate your own appraisal"


def test_rating_by_someone_not_the_superior_in_the_period_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_rating(
            S.OPEN, actor_id=BIG_BOSS, employee_id=EMPLOYEE, is_superior_in_period=False
        )
    assert message(exc) == (
        "only the employee's direct superior in the period may rate this appraisal"
    )


@pytest.mark.parametrize("status", [S.ACKNOWLEDGED, S.OBJECTED, S.DECIDED])
def test_rating_after_the_answer_is_refused(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="can no longer be rated"):
        workflow.check_rating(
            status, actor_id=BOSS, employee_id=EMPLOYEE, is_superior_in_period=True
        )


# finalized is final


def test_every_change_of_a_finalized_appraisal_is_refused() -> None:
    calls: list[Callable[[], object]] = [
        lambda: workflow.check_self_assessment(
            S.FINALIZED, actor_id=EMPLOYEE, employee_id=EMPLOYEE, text="x"
        ),
        lambda: workflow.check_rating(
            S.FINALIZED, actor_id=BOSS, employee_id=EMPLOYEE, is_superior_in_period=True
        ),
        lambda: workflow.check_acknowledgement(
            S.FINALIZED, actor_id=EMPLOYEE, employee_id=EMPLOYEE, missing=()
        ),
        lambda: workflow.check_objection(
            S.FINALIZED,
            actor_id=EMPLOYEE,
            employee_id=EMPLOYEE,
            already_objected=False,
            day=date(2026, 4, 1),
            deadline=date(2026, 4, 15),
            reason="x",
        ),
        lambda: workflow.check_decision(
            S.FINALIZED, actor_id=BIG_BOSS, decider_id=BIG_BOSS, note="x"
        ),
        lambda: workflow.check_finalization(
            S.FINALIZED, may_finalize=True, day=date(2026, 4, 1), deadline=None, missing=()
        ),
        lambda: workflow.check_behaviour_rater(
            S.FINALIZED,
            RaterRole.SUPERIOR,
            actor_id=BOSS,
            employee_id=EMPLOYEE,
            is_appraiser=True,
            invited_as=None,
        ),
        lambda: workflow.check_invitation(
            S.FINALIZED,
            actor_id=BOSS,
            employee_id=EMPLOYEE,
            is_appraiser=True,
            rater_id=PEER,
            role=RaterRole.PEER,
        ),
    ]
    for call in calls:
        with pytest.raises(AppraisalRuleError) as exc:
            call()
        assert message(exc) == "a finalized appraisal cannot be changed"


@pytest.mark.parametrize("status", [s for s in ALL if s is not S.FINALIZED])
def test_anything_not_finalized_is_changeable(status: AppraisalStatus) -> None:
    workflow.check_changeable(status)


# acknowledgement and objection


def test_the_objection_deadline_is_inclusive_days_after_the_rating() -> None:
    assert workflow.objection_deadline(date(2026, 4, 6), 14) == date(2026, 4, 20)
    assert workflow.objection_deadline(date(2026, 12, 25), 14) == date(2027, 1, 8)


def test_the_employee_acknowledges_a_complete_rating() -> None:
    workflow.check_acknowledgement(S.RATED, actor_id=EMPLOYEE, employee_id=EMPLOYEE, missing=())


def test_an_incomplete_rating_cannot_be_acknowledged() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_acknowledgement(
            S.RATED, actor_id=EMPLOYEE, employee_id=EMPLOYEE, missing=("behaviour:LOYAL",)
        )
    assert message(exc) == "the rating is not complete yet; missing: behaviour:LOYAL"


def test_someone_else_cannot_acknowledge() -> None:
    with pytest.raises(AppraisalRuleError, match="only the appraised employee may acknowledge"):
        workflow.check_acknowledgement(S.RATED, actor_id=BOSS, employee_id=EMPLOYEE, missing=())


@pytest.mark.parametrize("status", [S.OPEN, S.SELF_ASSESSED, S.ACKNOWLEDGED])
def test_only_a_rated_appraisal_is_acknowledged(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="not awaiting an answer"):
        workflow.check_acknowledgement(status, actor_id=EMPLOYEE, employee_id=EMPLOYEE, missing=())


def _object(**overrides: object) -> str:
    arguments: dict[str, object] = {
        "actor_id": EMPLOYEE,
        "employee_id": EMPLOYEE,
        "already_objected": False,
        "day": date(2026, 4, 20),
        "deadline": date(2026, 4, 20),
        "reason": " too low ",
    }
    status = overrides.pop("status", S.RATED)
    arguments.update(overrides)
    return workflow.check_objection(status, **arguments)  # type: ignore[arg-type]


def test_an_objection_on_the_last_day_is_accepted() -> None:
    assert _object() == "too low"


def test_an_objection_after_the_window_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        _object(day=date(2026, 4, 21))
    assert message(exc) == "the objection period ended on 2026-04-20"


def test_a_second_objection_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        _object(already_objected=True, status=S.DECIDED)
    assert message(exc) == "an objection has already been lodged"


def test_an_objection_by_someone_else_is_refused() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        _object(actor_id=BOSS)
    assert message(exc) == "only the appraised employee may object to the rating"


def test_an_objection_needs_a_reason() -> None:
    with pytest.raises(AppraisalRuleError, match="reason must not be empty"):
        _object(reason="")


@pytest.mark.parametrize("status", [S.OPEN, S.SELF_ASSESSED, S.ACKNOWLEDGED])
def test_only_a_rated_appraisal_is_objected_to(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="not awaiting an answer"):
        _object(status=status)


# decision


def test_the_appraisers_superior_decides() -> None:
    note = workflow.check_decision(S.OBJECTED, actor_id=BIG_BOSS, decider_id=BIG_BOSS, note="ok")
    assert note == "ok"


@pytest.mark.parametrize("actor", [EMPLOYEE, BOSS, PEER])
def test_nobody_else_decides(actor: str) -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_decision(S.OBJECTED, actor_id=actor, decider_id=BIG_BOSS, note="ok")
    assert message(exc) == "only the appraiser's direct superior may decide this objection"


def test_without_a_superior_of_the_appraiser_nobody_decides() -> None:
    with pytest.raises(AppraisalRuleError, match="only the appraiser's direct superior"):
        workflow.check_decision(S.OBJECTED, actor_id=BIG_BOSS, decider_id=None, note="ok")


def test_a_decision_is_final() -> None:
    with pytest.raises(AppraisalRuleError, match="already been decided"):
        workflow.check_decision(S.DECIDED, actor_id=BIG_BOSS, decider_id=BIG_BOSS, note="ok")


@pytest.mark.parametrize("status", [S.OPEN, S.RATED, S.ACKNOWLEDGED])
def test_there_is_nothing_to_decide_without_an_objection(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="no objection to decide"):
        workflow.check_decision(status, actor_id=BIG_BOSS, decider_id=BIG_BOSS, note="ok")


# finalization

DEADLINE = date(2026, 4, 20)


@pytest.mark.parametrize("status", [S.ACKNOWLEDGED, S.DECIDED])
def test_an_answered_appraisal_is_finalized(status: AppraisalStatus) -> None:
    workflow.check_finalization(
        status, may_finalize=True, day=date(2026, 4, 7), deadline=DEADLINE, missing=()
    )


def test_an_unanswered_rating_is_finalized_after_the_deadline() -> None:
    workflow.check_finalization(
        S.RATED, may_finalize=True, day=date(2026, 4, 21), deadline=DEADLINE, missing=()
    )


def test_an_unanswered_rating_waits_for_the_deadline() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_finalization(
            S.RATED, may_finalize=True, day=DEADLINE, deadline=DEADLINE, missing=()
        )
    assert message(exc) == "the employee may still acknowledge or object until 2026-04-20"


@pytest.mark.parametrize("status", [S.OPEN, S.SELF_ASSESSED, S.OBJECTED])
def test_an_unrated_or_objected_appraisal_is_not_finalized(status: AppraisalStatus) -> None:
    with pytest.raises(AppraisalRuleError, match="cannot be finalized yet"):
        workflow.check_finalization(
            status, may_finalize=True, day=date(2026, 5, 1), deadline=DEADLINE, missing=()
        )


def test_finalizing_with_missing_behaviour_ratings_lists_them() -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        workflow.check_finalization(
            S.RATED,
            may_finalize=True,
            day=date(2026, 5, 1),
            deadline=DEADLINE,
            missing=("behaviour:INTEGRITAS", "behaviour:DISIPLIN"),
        )
    assert message(exc) == (
        "the appraisal is not complete; missing: behaviour:INTEGRITAS, behaviour:DISIPLIN"
    )


def test_finalizing_is_for_the_appraiser() -> None:
    with pytest.raises(AppraisalRuleError, match="only the appraiser may finalize"):
        workflow.check_finalization(
            S.ACKNOWLEDGED, may_finalize=False, day=DEADLINE, deadline=DEADLINE, missing=()
        )


# behaviour raters and invitations


def _rater(role: RaterRole, actor: str, **overrides: object) -> None:
    arguments: dict[str, object] = {
        "actor_id": actor,
        "employee_id": EMPLOYEE,
        "is_appraiser": actor == BOSS,
        "invited_as": None,
    }
    status = overrides.pop("status", S.OPEN)
    arguments.update(overrides)
    workflow.check_behaviour_rater(status, role, **arguments)  # type: ignore[arg-type]


def test_the_superior_and_the_employee_rate_behaviour() -> None:
    _rater(RaterRole.SUPERIOR, BOSS)
    _rater(RaterRole.SELF, EMPLOYEE)


def test_an_invited_peer_rates_as_peer() -> None:
    _rater(RaterRole.PEER, PEER, invited_as=RaterRole.PEER, status=S.ACKNOWLEDGED)


@pytest.mark.parametrize(
    ("role", "actor", "invited", "expected"),
    [
        (RaterRole.SELF, BOSS, None, "only the appraised employee rates as SELF"),
        (RaterRole.SUPERIOR, EMPLOYEE, None, "you cannot rate your own appraisal"),
        (
            RaterRole.SUPERIOR,
            PEER,
            None,
            "only the employee's direct superior in the period rates as SUPERIOR",
        ),
        (RaterRole.PEER, PEER, None, "only raters invited by the superior may rate as PEER"),
        (
            RaterRole.SUBORDINATE,
            PEER,
            RaterRole.PEER,
            "only raters invited by the superior may rate as SUBORDINATE",
        ),
        (
            RaterRole.PEER,
            EMPLOYEE,
            RaterRole.PEER,
            "only raters invited by the superior may rate as PEER",
        ),
    ],
)
def test_behaviour_raters_in_the_wrong_role_are_refused(
    role: RaterRole, actor: str, invited: RaterRole | None, expected: str
) -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        _rater(role, actor, invited_as=invited)
    assert message(exc) == expected


def test_the_superiors_behaviour_rating_is_closed_once_answered() -> None:
    with pytest.raises(AppraisalRuleError, match="can no longer be changed"):
        _rater(RaterRole.SUPERIOR, BOSS, status=S.ACKNOWLEDGED)


def _invite(actor: str, rater: str, role: RaterRole = RaterRole.PEER) -> None:
    workflow.check_invitation(
        S.OPEN,
        actor_id=actor,
        employee_id=EMPLOYEE,
        is_appraiser=actor == BOSS,
        rater_id=rater,
        role=role,
    )


def test_the_superior_invites_peers_and_subordinates() -> None:
    _invite(BOSS, PEER)
    _invite(BOSS, "someone", RaterRole.SUBORDINATE)


@pytest.mark.parametrize(
    ("actor", "rater", "role", "expected"),
    [
        (EMPLOYEE, PEER, RaterRole.PEER, NOT_INVITER),
        (PEER, "x", RaterRole.PEER, NOT_INVITER),
        (BOSS, EMPLOYEE, RaterRole.PEER, "the employee cannot be their own 360 rater"),
        (BOSS, BOSS, RaterRole.PEER, "the superior rates as SUPERIOR, not as a 360 rater"),
        (BOSS, PEER, RaterRole.SELF, "raters are invited as PEER or SUBORDINATE"),
    ],
)
def test_bad_invitations_are_refused(
    actor: str, rater: str, role: RaterRole, expected: str
) -> None:
    with pytest.raises(AppraisalRuleError) as exc:
        _invite(actor, rater, role)
    assert message(exc) == expected


# feedback


def test_the_employee_and_the_superior_write_feedback() -> None:
    workflow.check_feedback_author(author_id=EMPLOYEE, employee_id=EMPLOYEE, superior_id=BOSS)
    workflow.check_feedback_author(author_id=BOSS, employee_id=EMPLOYEE, superior_id=BOSS)


def test_a_peer_does_not_write_feedback() -> None:
    with pytest.raises(AppraisalRuleError, match="only the employee and their direct superior"):
        workflow.check_feedback_author(author_id=PEER, employee_id=EMPLOYEE, superior_id=BOSS)
