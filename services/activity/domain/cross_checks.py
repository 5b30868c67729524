"""Cross-checks between what an employee logged and when they were at work (pure rules).

Shown to the employee and the superior, never hidden: minutes logged outside the attended
hours of the day, days present without any log, and the month's effective (approved) minutes
against the target (default 6,750 minutes, a figure carried as data in the attendance rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from services.activity.domain.attendance import DayClass, DayKind, zone_of
from services.activity.domain.logs import LogSpan, LogStatus

_COUNTED = frozenset({LogStatus.SUBMITTED, LogStatus.APPROVED})
_DAY_START, _DAY_END = time(0, 0), time(23, 59, 59)


@dataclass(frozen=True)
class LoggedOutside:
    """A log with minutes outside the attended hours of its day."""

    log_id: str
    day: date
    minutes_outside: int


@dataclass(frozen=True)
class CrossChecks:
    """What the month's logs and attendance say about each other."""

    logged_outside_attendance: tuple[LoggedOutside, ...]
    days_present_without_log: tuple[date, ...]
    effective_minutes: int
    target_minutes: int

    @property
    def shortfall_minutes(self) -> int:
        """Minutes still missing to reach the target (0 once reached)."""
        return max(0, self.target_minutes - self.effective_minutes)


def _minutes(start: time, end: time) -> int:
    return max(0, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


def _local(at: datetime | None, zone: str) -> time | None:
    return None if at is None else at.astimezone(zone_of(zone)).time().replace(second=0)


def attended_window(day: DayClass, zone: str) -> tuple[time, time] | None:
    """Local hours the employee was at work; None on a day with no presence at all.

    A missing tap does not shrink the window: a missing check-out is already a PSW4, and
    flagging the afternoon's logs too would count the same fault twice.
    """
    if day.kind is DayKind.OFFICIAL_DUTY:
        return _DAY_START, _DAY_END  # work away from the office is logged, not tapped
    if day.check_in is None and day.check_out is None:
        return None
    return _local(day.check_in, zone) or _DAY_START, _local(day.check_out, zone) or _DAY_END


def minutes_outside(log: LogSpan, window: tuple[time, time] | None) -> int:
    """Minutes of `log` that fall outside the attended `window`."""
    total = _minutes(log.start, log.end)
    if window is None:
        return total
    inside = _minutes(max(log.start, window[0]), min(log.end, window[1]))
    return total - inside


def cross_check(
    days: Sequence[DayClass],
    logs: Sequence[LogSpan],
    *,
    zone: str,
    effective_minutes: int,
    target_minutes: int,
) -> CrossChecks:
    """Compare a month's classified days with its logs (rejected and revoked logs ignored)."""
    counted = [log for log in logs if log.status in _COUNTED]
    by_day = {day.day: day for day in days}
    outside = []
    for log in counted:
        day = by_day.get(log.day)
        window = attended_window(day, zone) if day is not None else None
        extra = minutes_outside(log, window)
        if extra > 0:
            outside.append(LoggedOutside(log.log_id, log.day, extra))
    logged_days = {log.day for log in counted}
    idle = tuple(d.day for d in days if d.kind is DayKind.PRESENT and d.day not in logged_days)
    return CrossChecks(
        logged_outside_attendance=tuple(outside),
        days_present_without_log=idle,
        effective_minutes=effective_minutes,
        target_minutes=target_minutes,
    )
