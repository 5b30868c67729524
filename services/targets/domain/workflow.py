"""Pure rules of an SKP's review: create, cascade, submit, approve, return, revise, copy.

Each `decide_*` takes the current state, the input and `now`, and returns the new state with
the events to publish; it raises an `SkpRuleError` when a rule is broken. The appraiser
(*pejabat penilai*) is the employee's direct superior (*atasan langsung*) on the approval date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from services.targets.domain.skp import (
    NOTE_MAX_LENGTH,
    CascadeError,
    Period,
    Regime,
    SkpRuleError,
    SkpStatus,
    check_no_overlap,
    clean_text,
)

EDITABLE = frozenset({SkpStatus.DRAFT, SkpStatus.RETURNED})


class SkpNotEditableError(SkpRuleError):
    """A change to an SKP that is under review, approved, or superseded by a newer version."""

    default_field = "skpId"
    conflict = True


class InvalidTransitionError(SkpRuleError):
    """A review step that does not apply to the SKP's current status."""

    default_field = "skpId"
    conflict = True


class IncompleteSkpError(SkpRuleError):
    """An SKP submitted without the content a review needs."""

    default_field = "skpId"


class SuperiorSkpMissingError(SkpRuleError):
    """A subordinate submitting before their superior has an SKP for the period."""

    default_field = "skpId"
    conflict = True


class NotAppraiserError(SkpRuleError):
    """A review step by someone who is not the appraiser on that date."""

    default_field = "skpId"


@dataclass(frozen=True)
class SkpState:
    """One version of an employee's SKP, as far as its review is concerned."""

    id: str
    employee_id: str
    period: Period
    regime: Regime
    status: SkpStatus
    version: int
    superseded: bool = False
    appraiser_id: str | None = None
    note: str | None = None
    submitted_at: datetime | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True)
class SkpContent:
    """What a submission checks: indicators per RHK (one entry per RHK) and PP46 activities."""

    indicators_per_rhk: tuple[int, ...]
    activity_count: int = 0


@dataclass(frozen=True)
class Superior:
    """The employee's place in the cascade on the day asked about."""

    superior_id: str | None  # None: nobody above (the head of the top unit)
    heads_unit: bool  # the superior sits outside the employee's unit, or there is none
    superior_has_skp: bool = False  # the superior has an SKP overlapping the period


@dataclass(frozen=True)
class SkpSubmitted:
    """The employee handed the SKP to the appraiser."""

    skp_id: str


@dataclass(frozen=True)
class SkpApproved:
    """The appraiser approved the SKP version."""

    skp_id: str
    appraiser_id: str
    approved_at: datetime


@dataclass(frozen=True)
class SkpReturned:
    """The appraiser sent the SKP back with a note."""

    skp_id: str
    note: str
    returned_at: datetime


@dataclass(frozen=True)
class SkpRevised:
    """An approved SKP got a new draft version."""

    skp_id: str
    new_skp_id: str
    reason: str
    revised_at: datetime


Event = SkpSubmitted | SkpApproved | SkpReturned | SkpRevised


@dataclass(frozen=True)
class Decision:
    """The state after a step and the events it produced."""

    state: SkpState
    events: tuple[Event, ...] = ()


def ensure_editable(state: SkpState) -> None:
    """Refuse content changes unless the SKP is a draft (or returned) and the latest version."""
    if state.superseded:
        raise SkpNotEditableError("this SKP version was superseded by a newer one")
    if state.status is SkpStatus.APPROVED:
        raise SkpNotEditableError("an approved SKP cannot be edited; revise it first")
    if state.status not in EDITABLE:
        raise SkpNotEditableError("a submitted SKP cannot be edited until it is returned")


def decide_create(
    skp_id: str,
    employee_id: str,
    *,
    period: Period,
    regime: Regime,
    others: Iterable[Period],
) -> SkpState:
    """A new draft, version 1, for a period no other SKP of the employee overlaps."""
    check_no_overlap(period, others)
    return SkpState(skp_id, employee_id, period, regime, SkpStatus.DRAFT, version=1)


def decide_copy(
    source: SkpState, new_skp_id: str, *, period: Period, others: Iterable[Period]
) -> SkpState:
    """A new draft for another period, with the source's regime."""
    return decide_create(
        new_skp_id, source.employee_id, period=period, regime=source.regime, others=others
    )


def check_rhk_source(
    superior: Superior,
    *,
    parent: ParentRhk | None,
    from_plan: bool,
    period: Period,
) -> None:
    """An RHK is cascaded from the direct superior's approved RHK, or (a unit head) the plan."""
    if parent is not None and from_plan:
        raise CascadeError(
            "an RHK cascades from a superior's RHK or from the work plan, not both",
            field="parentRhkId",
        )
    if from_plan and not superior.heads_unit:
        raise CascadeError(
            "only the head of a unit cascades an RHK from the work plan", field="planOutputId"
        )
    if parent is not None:
        check_parent_rhk(parent, superior=superior, period=period)


@dataclass(frozen=True)
class ParentRhk:
    """The RHK another one is cascaded from, with its SKP's owner, status and period."""

    id: str
    employee_id: str
    status: SkpStatus
    period: Period


def check_parent_rhk(parent: ParentRhk, *, superior: Superior, period: Period) -> None:
    """The parent belongs to the direct superior's approved SKP for an overlapping period."""
    if superior.superior_id is None or parent.employee_id != superior.superior_id:
        raise CascadeError(
            f"RHK {parent.id} is not an RHK of your direct superior", field="parentRhkId"
        )
    if not parent.period.overlaps(period):
        raise CascadeError(
            f"RHK {parent.id} belongs to the superior's SKP for another period",
            field="parentRhkId",
        )
    if parent.status is not SkpStatus.APPROVED:
        raise CascadeError(
            f"RHK {parent.id} belongs to an SKP that is not approved yet", field="parentRhkId"
        )


def decide_submit(
    state: SkpState, content: SkpContent, *, superior: Superior, now: datetime
) -> Decision:
    """Hand a complete draft (or returned) SKP to the appraiser."""
    if state.superseded or state.status not in EDITABLE:
        raise InvalidTransitionError(f"an SKP that is {state.status.value} cannot be submitted")
    check_complete(state, content)
    if superior.superior_id is not None and not superior.superior_has_skp:
        raise SuperiorSkpMissingError(
            "your direct superior has no SKP for this period yet; it must exist first"
        )
    submitted = replace(state, status=SkpStatus.SUBMITTED, submitted_at=now)
    return Decision(submitted, (SkpSubmitted(state.id),))


def check_complete(state: SkpState, content: SkpContent) -> None:
    """An SKP has at least one RHK (PP46: one activity) and every RHK an indicator."""
    if state.regime is Regime.PP46_2011:
        if content.activity_count == 0:
            raise IncompleteSkpError("a PP 46/2011 SKP needs at least one activity")
    elif not content.indicators_per_rhk:
        raise IncompleteSkpError("an SKP needs at least one RHK before it is submitted")
    if any(count == 0 for count in content.indicators_per_rhk):
        raise IncompleteSkpError("every RHK needs at least one indicator")


def _check_appraiser(state: SkpState, *, approver_id: str, appraiser_id: str | None) -> str:
    if approver_id == state.employee_id:
        raise NotAppraiserError("nobody approves or returns their own SKP")
    if appraiser_id is None or approver_id != appraiser_id:
        raise NotAppraiserError(
            "only the employee's direct superior on this date may approve or return the SKP"
        )
    return appraiser_id


def _check_submitted(state: SkpState, action: str) -> None:
    if state.superseded or state.status is not SkpStatus.SUBMITTED:
        raise InvalidTransitionError(
            f"only a submitted SKP can be {action} (this one is {state.status.value})"
        )


def decide_approve(
    state: SkpState, *, approver_id: str, appraiser_id: str | None, now: datetime
) -> Decision:
    """The appraiser (direct superior on the day) approves a submitted SKP."""
    appraiser = _check_appraiser(state, approver_id=approver_id, appraiser_id=appraiser_id)
    _check_submitted(state, "approved")
    approved = replace(
        state, status=SkpStatus.APPROVED, appraiser_id=appraiser, approved_at=now, note=None
    )
    return Decision(approved, (SkpApproved(state.id, appraiser, now),))


def decide_return(
    state: SkpState, *, approver_id: str, appraiser_id: str | None, note: str, now: datetime
) -> Decision:
    """The appraiser sends a submitted SKP back with a note saying what to change."""
    appraiser = _check_appraiser(state, approver_id=approver_id, appraiser_id=appraiser_id)
    text = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH)
    _check_submitted(state, "returned")
    returned = replace(state, status=SkpStatus.RETURNED, appraiser_id=appraiser, note=text)
    return Decision(returned, (SkpReturned(state.id, text, now),))


def decide_revise(state: SkpState, new_skp_id: str, *, reason: str, now: datetime) -> Decision:
    """An approved SKP gets a new draft version (its content copied); the old one is history."""
    text = clean_text(reason, field="reason", max_length=NOTE_MAX_LENGTH)
    if state.superseded:
        raise InvalidTransitionError("this SKP version was already revised")
    if state.status is not SkpStatus.APPROVED:
        raise InvalidTransitionError(
            f"only an approved SKP is revised (this one is {state.status.value}); edit it instead"
        )
    draft = SkpState(
        new_skp_id,
        state.employee_id,
        state.period,
        state.regime,
        SkpStatus.DRAFT,
        version=state.version + 1,
    )
    return Decision(draft, (SkpRevised(state.id, new_skp_id, text, now),))
