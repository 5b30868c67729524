"""Pure checks on attendance input: clock skew, tap order, ranges, overlaps, schedules, bands,
and `YYYY-MM` months."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from services.activity.domain.attendance import (
    AttendanceRuleError,
    AttendanceRules,
    Band,
    BandKind,
    CheckOutBeforeCheckInError,
    ClockSkewError,
    InvalidRangeError,
    OverlapError,
    WorkHours,
)


def check_not_in_future(at: datetime, *, now: datetime, rules: AttendanceRules) -> None:
    """ClockSkewError when `at` is later than now plus the allowed clock skew."""
    if at.tzinfo is None:
        raise AttendanceRuleError("time must carry a time zone offset", field="at")
    if at > now + rules.max_clock_skew:
        minutes = int(rules.max_clock_skew.total_seconds() // 60)
        raise ClockSkewError(f"attendance time is more than {minutes} minutes in the future")


def check_check_out(at: datetime, first_check_in: datetime | None) -> None:
    """CheckOutBeforeCheckInError when a check-out precedes the same day's first check-in."""
    if first_check_in is not None and at < first_check_in:
        raise CheckOutBeforeCheckInError("check-out is earlier than the check-in of the same day")


def check_hours(hours: Mapping[int, WorkHours]) -> None:
    """InvalidRangeError unless every weekday is 0–6 and every day ends after it starts."""
    if not hours:
        raise InvalidRangeError("a schedule needs at least one working day", field="days")
    for weekday, span in hours.items():
        if not 0 <= weekday <= 6:
            raise InvalidRangeError("weekday must be 1 (Monday) to 7 (Sunday)", field="days")
        if span.end <= span.start:
            raise InvalidRangeError("a working day must end after it starts", field="days")


def check_bands(bands: Sequence[Band], *, valid_from: date) -> None:
    """InvalidRangeError unless the bands are usable from the first day of a month.

    Per kind (TL, PSW): codes unique, ranges from 1 minute and not overlapping, and exactly one
    band for a missing tap. Bands change monthly, with the allowance they feed.
    """
    if valid_from.day != 1:
        raise InvalidRangeError("bands take effect on the first day of a month", field="validFrom")
    if len({band.code for band in bands}) != len(bands):
        raise InvalidRangeError("band codes must be unique", field="bands")
    for kind in BandKind:
        ranges = sorted((b for b in bands if b.kind is kind), key=lambda b: b.min_minutes)
        if sum(1 for band in ranges if band.covers_missing) != 1:
            raise InvalidRangeError(f"exactly one {kind} band covers a missing tap", field="bands")
        for band, following in zip(ranges, [*ranges[1:], None], strict=True):
            too_low = band.min_minutes < 1 or band.deduction_percent < 0
            upper = band.max_minutes
            if too_low or (upper is not None and upper < band.min_minutes):
                raise InvalidRangeError(f"band {band.code} has an invalid range", field="bands")
            if following is not None and (upper is None or upper >= following.min_minutes):
                raise InvalidRangeError(f"band {band.code} overlaps the next one", field="bands")


def check_range(start: date, end: date) -> None:
    """InvalidRangeError when `end` precedes `start`."""
    if end < start:
        raise InvalidRangeError("the range ends before it starts")


def check_no_overlap(start: date, end: date, others: Iterable[tuple[date, date]]) -> None:
    """OverlapError when [start, end] meets any of `others`."""
    for other_start, other_end in others:
        if start <= other_end and other_start <= end:
            raise OverlapError(f"overlaps leave or official duty from {other_start} to {other_end}")


def parse_month(month: str) -> tuple[date, date]:
    """First and last day of a `YYYY-MM` month; InvalidRangeError otherwise."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise InvalidRangeError("month must be YYYY-MM", field="month") from exc
    if len(month) != 7:
        raise InvalidRangeError("month must be YYYY-MM", field="month")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def month_of(day: date) -> str:
    """The `YYYY-MM` month of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def days_of(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, inclusive."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
