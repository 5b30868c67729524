"""Pure rules of the SKP review: every transition, the cascade and who may approve."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.targets.domain import (
    CascadeError,
    IncompleteSkpError,
    InvalidTransitionError,
    NotAppraiserError,
    ParentRhk,
    Period,
    PeriodOverlapError,
    Regime,
    SkpApproved,
    SkpContent,
    SkpNotEditableError,
    SkpReturned,
    SkpRevised,
    SkpState,
    SkpStatus,
    SkpSubmitted,
    Superior,
    SuperiorSkpMissingError,
    check_rhk_source,
    decide_approve,
    decide_copy,
    decide_create,
    decide_return,
    decide_revise,
    decide_submit,
    ensure_editable,
)

NOW = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
DRAFT = SkpState("skp", "staff", YEAR, Regime.PERMENPANRB_6_2022, SkpStatus.DRAFT, version=1)
SUBMITTED = replace(DRAFT, status=SkpStatus.SUBMITTED, submitted_at=NOW)
APPROVED = replace(SUBMITTED, status=SkpStatus.APPROVED, appraiser_id="boss", approved_at=NOW)
ONE_RHK = SkpContent(indicators_per_rhk=(1,))
UNDER_BOSS = Superior("boss", heads_unit=False, superior_has_skp=True)
TOP = Superior(None, heads_unit=True)


def test_create_makes_a_first_draft() -> None:
    state = decide_create("skp", "staff", period=YEAR, regime=Regime.PP46_2011, others=[])
    assert (state.status, state.version, state.regime) == (SkpStatus.DRAFT, 1, Regime.PP46_2011)


def test_create_over_another_period_is_refused() -> None:
    with pytest.raises(PeriodOverlapError):
        decide_create("skp", "staff", period=YEAR, regime=Regime.PP46_2011, others=[YEAR])


def test_copy_keeps_the_regime_for_the_new_period() -> None:
    next_year = Period(date(2026, 1, 1), date(2026, 12, 31))
    copy = decide_copy(APPROVED, "new", period=next_year, others=[YEAR])
    assert (copy.id, copy.status, copy.version, copy.period) == (
        "new",
        SkpStatus.DRAFT,
        1,
        next_year,
    )


@pytest.mark.parametrize("status", [SkpStatus.DRAFT, SkpStatus.RETURNED])
def test_drafts_and_returned_skps_are_editable(status: SkpStatus) -> None:
    ensure_editable(replace(DRAFT, status=status))


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (APPROVED, "approved SKP cannot be edited; revise it first"),
        (SUBMITTED, "submitted SKP cannot be edited until it is returned"),
        (replace(DRAFT, superseded=True), "superseded"),
    ],
)
def test_other_states_are_not_editable(state: SkpState, message: str) -> None:
    with pytest.raises(SkpNotEditableError, match=message):
        ensure_editable(state)


def test_submit_hands_the_skp_to_the_appraiser() -> None:
    decision = decide_submit(DRAFT, ONE_RHK, superior=UNDER_BOSS, now=NOW)
    assert decision.state.status is SkpStatus.SUBMITTED
    assert decision.state.submitted_at == NOW
    assert decision.events == (SkpSubmitted("skp"),)


def test_submit_without_rhk_is_refused() -> None:
    with pytest.raises(IncompleteSkpError, match="at least one RHK"):
        decide_submit(DRAFT, SkpContent(()), superior=UNDER_BOSS, now=NOW)


def test_submit_with_an_rhk_without_indicators_is_refused() -> None:
    with pytest.raises(IncompleteSkpError, match="every RHK needs at least one indicator"):
        decide_submit(DRAFT, SkpContent((1, 0)), superior=UNDER_BOSS, now=NOW)


def test_pp46_skp_needs_an_activity_not_an_rhk() -> None:
    pp46 = replace(DRAFT, regime=Regime.PP46_2011)
    assert (
        decide_submit(pp46, SkpContent((), 1), superior=TOP, now=NOW).state.status
        is SkpStatus.SUBMITTED
    )
    with pytest.raises(IncompleteSkpError, match="at least one activity"):
        decide_submit(pp46, SkpContent((1,), 0), superior=TOP, now=NOW)


def test_subordinate_cannot_submit_before_the_superior_has_an_skp() -> None:
    with pytest.raises(SuperiorSkpMissingError):
        decide_submit(DRAFT, ONE_RHK, superior=replace(UNDER_BOSS, superior_has_skp=False), now=NOW)


def test_head_of_the_top_unit_submits_without_a_superior() -> None:
    assert decide_submit(DRAFT, ONE_RHK, superior=TOP, now=NOW).state.status is SkpStatus.SUBMITTED


@pytest.mark.parametrize("state", [SUBMITTED, APPROVED, replace(DRAFT, superseded=True)])
def test_submit_from_other_states_is_refused(state: SkpState) -> None:
    with pytest.raises(InvalidTransitionError):
        decide_submit(state, ONE_RHK, superior=UNDER_BOSS, now=NOW)


def test_appraiser_approves() -> None:
    decision = decide_approve(SUBMITTED, approver_id="boss", appraiser_id="boss", now=NOW)
    assert (decision.state.status, decision.state.appraiser_id) == (SkpStatus.APPROVED, "boss")
    assert decision.events == (SkpApproved("skp", "boss", NOW),)


def test_own_skp_is_never_approved() -> None:
    with pytest.raises(NotAppraiserError, match="own SKP"):
        decide_approve(SUBMITTED, approver_id="staff", appraiser_id="staff", now=NOW)


@pytest.mark.parametrize("appraiser", ["someone-else", None])
def test_only_the_superior_on_the_day_approves(appraiser: str | None) -> None:
    with pytest.raises(NotAppraiserError, match="direct superior on this date"):
        decide_approve(SUBMITTED, approver_id="boss", appraiser_id=appraiser, now=NOW)


@pytest.mark.parametrize("state", [DRAFT, APPROVED, replace(SUBMITTED, superseded=True)])
def test_only_a_submitted_skp_is_approved(state: SkpState) -> None:
    with pytest.raises(InvalidTransitionError, match="only a submitted SKP can be approved"):
        decide_approve(state, approver_id="boss", appraiser_id="boss", now=NOW)


def test_appraiser_returns_with_a_note() -> None:
    decision = decide_return(
        SUBMITTED, approver_id="boss", appraiser_id="boss", note=" Perbaiki ", now=NOW
    )
    assert (decision.state.status, decision.state.note) == (SkpStatus.RETURNED, "Perbaiki")
    assert decision.events == (SkpReturned("skp", "Perbaiki", NOW),)


def test_return_needs_a_note() -> None:
    with pytest.raises(ValueError, match="note must not be blank"):
        decide_return(SUBMITTED, approver_id="boss", appraiser_id="boss", note=" ", now=NOW)


def test_revision_is_the_next_draft_version() -> None:
    decision = decide_revise(APPROVED, "v2", reason="Mutasi", now=NOW)
    assert (decision.state.id, decision.state.version, decision.state.status) == (
        "v2",
        2,
        SkpStatus.DRAFT,
    )
    assert decision.events == (SkpRevised("skp", "v2", "Mutasi", NOW),)


@pytest.mark.parametrize("state", [DRAFT, SUBMITTED, replace(APPROVED, superseded=True)])
def test_only_the_latest_approved_version_is_revised(state: SkpState) -> None:
    with pytest.raises(InvalidTransitionError):
        decide_revise(state, "v2", reason="x", now=NOW)


def parent(**overrides: object) -> ParentRhk:
    fields: dict[str, object] = {
        "id": "r1",
        "employee_id": "boss",
        "status": SkpStatus.APPROVED,
        "period": YEAR,
    }
    fields.update(overrides)
    return ParentRhk(**fields)  # type: ignore[arg-type]


def test_rhk_cascades_from_the_superiors_approved_rhk() -> None:
    check_rhk_source(UNDER_BOSS, parent=parent(), from_plan=False, period=YEAR)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employee_id": "peer"}, "not an RHK of your direct superior"),
        ({"status": SkpStatus.SUBMITTED}, "not approved yet"),
        ({"period": Period(date(2024, 1, 1), date(2024, 12, 31))}, "another period"),
    ],
)
def test_rhk_from_a_wrong_parent_is_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(CascadeError, match=message):
        check_rhk_source(UNDER_BOSS, parent=parent(**overrides), from_plan=False, period=YEAR)


def test_top_head_has_no_superior_rhk_to_cascade_from() -> None:
    with pytest.raises(CascadeError, match="not an RHK of your direct superior"):
        check_rhk_source(TOP, parent=parent(), from_plan=False, period=YEAR)


def test_only_unit_heads_cascade_from_the_plan() -> None:
    check_rhk_source(replace(UNDER_BOSS, heads_unit=True), parent=None, from_plan=True, period=YEAR)
    with pytest.raises(CascadeError, match="only the head of a unit"):
        check_rhk_source(UNDER_BOSS, parent=None, from_plan=True, period=YEAR)


def test_an_rhk_has_one_kind_of_source() -> None:
    with pytest.raises(CascadeError, match="not both"):
        check_rhk_source(
            replace(UNDER_BOSS, heads_unit=True), parent=parent(), from_plan=True, period=YEAR
        )
