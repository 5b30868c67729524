"""Daily activity logs (*log harian*): what a log may record and how its verification moves.

Pure rules: the caller loads the state (the SKP item the log serves, the employee's other logs,
whether the month is closed, the unit's time zone) and injects `now`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

MAX_DESCRIPTION = 2000


class LogStatus(StrEnum):
    """Where a log is in its verification by the direct superior."""

    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    REVOKED = "REVOKED"


class LogRuleError(ValueError):
    """A log that breaks a rule; `field` names the input field."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotVerifierError(LogRuleError):
    """The caller is not the log's employee's direct superior on the log's date."""

    def __init__(self, message: str) -> None:
        super().__init__("logId", message)


@dataclass(frozen=True)
class ServedIndicator:
    """The SKP item and indicator a log serves, as the approved SKP in force has them."""

    skp_id: str
    employee_id: str
    period_start: date
    period_end: date
    skp_item_id: str
    indicator_id: str
    requires_output: bool  # additive indicators add up counted outputs


@dataclass(frozen=True)
class LogSpan:
    """One logged stretch of an employee's day (local times), with its status."""

    day: date
    start: time
    end: time
    status: LogStatus
    log_id: str = ""


@dataclass(frozen=True)
class LogDraft:
    """What the employee enters for a log."""

    employee_id: str
    day: date
    start: time
    end: time
    description: str
    skp_item_id: str
    indicator_id: str
    output_quantity: Decimal | None = None
    standard_activity_id: str | None = None  # a catalogue entry (*norma waktu*), optional


def minutes_between(start: time, end: time) -> int:
    """Whole minutes from `start` to `end` on the same day."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def overlaps(a: LogSpan, b: LogSpan) -> bool:
    """Do two stretches of the same day share a minute (touching ends do not overlap)?"""
    return a.day == b.day and a.start < b.end and b.start < a.end


def local_now(now: datetime, time_zone: str) -> datetime:
    """`now` in the unit's zone, without the zone (comparable with a log's date and times)."""
    return now.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def _check_times(draft: LogDraft, *, now: datetime, time_zone: str) -> None:
    if draft.end <= draft.start:
        raise LogRuleError("end", "the end time must be after the start time")
    if datetime.combine(draft.day, draft.end) > local_now(now, time_zone):
        raise LogRuleError("date", "a log cannot be in the future")


def _check_served(draft: LogDraft, served: ServedIndicator | None) -> None:
    if served is None or served.employee_id != draft.employee_id:
        raise LogRuleError("indicatorId", "the indicator is not on an approved SKP of the employee")
    if draft.day < served.period_start:
        raise LogRuleError("date", "the date is before the SKP period")
    if draft.day > served.period_end:
        raise LogRuleError("date", "the date is after the SKP period")
    quantity = draft.output_quantity
    if quantity is not None and quantity <= 0:
        raise LogRuleError("outputQuantity", "the output quantity must be greater than zero")
    if served.requires_output and quantity is None:
        raise LogRuleError("outputQuantity", "this indicator needs an output quantity")


def check_new_log(
    draft: LogDraft,
    *,
    served: ServedIndicator | None,
    others: Sequence[LogSpan],
    month_closed: bool,
    now: datetime,
    time_zone: str,
) -> int:
    """The log's minutes, when it may be recorded; LogRuleError naming the broken rule."""
    if not draft.description.strip() or len(draft.description) > MAX_DESCRIPTION:
        raise LogRuleError("description", f"describe the activity in 1–{MAX_DESCRIPTION} chars")
    _check_times(draft, now=now, time_zone=time_zone)
    _check_served(draft, served)
    if month_closed:
        raise LogRuleError("date", "the month is closed")
    span = LogSpan(draft.day, draft.start, draft.end, LogStatus.SUBMITTED)
    for other in others:
        if other.status is not LogStatus.REJECTED and overlaps(span, other):
            raise LogRuleError(
                "start", f"overlaps another log from {other.start:%H:%M} to {other.end:%H:%M}"
            )
    return minutes_between(draft.start, draft.end)


def check_verification(
    status: LogStatus, *, verifier_id: str, employee_id: str, is_superior: bool
) -> None:
    """May `verifier_id` approve or reject a log in `status`?"""
    if verifier_id == employee_id:
        raise NotVerifierError("nobody verifies their own log")
    if not is_superior:
        raise NotVerifierError("only the employee's direct superior on the log's date verifies it")
    if status is not LogStatus.SUBMITTED:
        raise LogRuleError("logId", f"the log is {status.value.lower()}, not waiting for review")


def check_reason(reason: str) -> str:
    """A rejection or revocation reason, trimmed; it must say something."""
    text = reason.strip()
    if not text or len(text) > MAX_DESCRIPTION:
        raise LogRuleError("reason", f"give a reason of 1–{MAX_DESCRIPTION} characters")
    return text


def check_revocation(
    status: LogStatus, *, verifier_id: str, employee_id: str, is_superior: bool
) -> None:
    """May `verifier_id` revoke an approval of the log?"""
    if verifier_id == employee_id or not is_superior:
        raise NotVerifierError("only the employee's direct superior on the log's date revokes it")
    if status is not LogStatus.APPROVED:
        raise LogRuleError("logId", "only an approved log can be revoked")
