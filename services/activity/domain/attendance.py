"""Pure attendance rules: classify an employee's day and sum up a month.

Every number (working hours, Ramadan hours, holidays, TL/PSW bands, deductions, clock skew) is
data passed in as `AttendanceRules`; `attendance_defaults` seeds it. All times of day are local
to the employee's unit (IANA zone). TL (*terlambat*) is late arrival, PSW (*pulang sebelum
waktu*) is early leave; *cuti* is leave, *cuti bersama* a collective leave day, *dinas luar*
official duty away from the office.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class AttendanceRuleError(ValueError):
    """An attendance rule was broken; `field` names the faulty input."""

    default_field: str | None = None
    conflict = False  # True: the input clashes with the current state

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field if field is not None else self.default_field
        self.message = message


class ClockSkewError(AttendanceRuleError):
    """An attendance event stamped too far in the future."""

    default_field = "at"


class CheckOutBeforeCheckInError(AttendanceRuleError):
    """A check-out earlier than the same day's check-in."""

    default_field = "at"


class InvalidRangeError(AttendanceRuleError):
    """A date range or month that is not valid."""

    default_field = "to"


class OverlapError(AttendanceRuleError):
    """Leave or official duty overlapping another that is not rejected."""

    default_field = "from"
    conflict = True


class MonthClosedError(AttendanceRuleError):
    """A change inside a month that has been closed."""

    conflict = True

    def __init__(self, message: str = "month closed", *, field: str | None = None) -> None:
        super().__init__(message, field=field)


class EventKind(StrEnum):
    """Direction of an attendance tap."""

    CHECK_IN = "CHECK_IN"
    CHECK_OUT = "CHECK_OUT"


class LeaveType(StrEnum):
    """Kinds of *cuti* (CLTN: *cuti di luar tanggungan negara*, unpaid leave)."""

    CUTI_TAHUNAN = "CUTI_TAHUNAN"
    SAKIT = "SAKIT"
    BESAR = "BESAR"
    MELAHIRKAN = "MELAHIRKAN"
    ALASAN_PENTING = "ALASAN_PENTING"
    BERSAMA = "BERSAMA"
    CLTN = "CLTN"


class Source(StrEnum):
    """Where an attendance record came from."""

    DEVICE = "DEVICE"
    MOBILE = "MOBILE"
    CORRECTION = "CORRECTION"  # a manual correction approved by the superior


class AbsenceKind(StrEnum):
    """An excused absence: leave (*cuti*) or official duty (*dinas luar*)."""

    LEAVE = "LEAVE"
    OFFICIAL_DUTY = "OFFICIAL_DUTY"


class RequestStatus(StrEnum):
    """Where a request for leave, official duty or a correction stands."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class AlreadyDecidedError(AttendanceRuleError):
    """An approval or rejection of a request that was already decided."""

    default_field = "id"
    conflict = True


def check_pending(status: RequestStatus) -> None:
    """AlreadyDecidedError unless the request still waits for a decision."""
    if status is not RequestStatus.PENDING:
        raise AlreadyDecidedError(f"the request was already {status.lower()}")


class CalendarKind(StrEnum):
    """A day off in the calendar: a public holiday or a *cuti bersama* day."""

    HOLIDAY = "HOLIDAY"
    CUTI_BERSAMA = "CUTI_BERSAMA"


class DayKind(StrEnum):
    """How a day is classified."""

    PRESENT = "PRESENT"
    ABSENT_UNEXCUSED = "ABSENT_UNEXCUSED"
    LEAVE = "LEAVE"
    OFFICIAL_DUTY = "OFFICIAL_DUTY"
    HOLIDAY = "HOLIDAY"
    WEEKEND = "WEEKEND"
    UPCOMING = "UPCOMING"  # today or later: not classified yet


class BandKind(StrEnum):
    """Late arrival (TL) or early leave (PSW)."""

    TL = "TL"
    PSW = "PSW"


@dataclass(frozen=True)
class WorkHours:
    """Local start and end of a working day."""

    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    """Working hours per weekday (0 = Monday) from `valid_from` to `valid_to` (inclusive).

    Of the schedules covering a day, the one starting latest wins, so a Ramadan range
    overrides the regular week and a newer regular schedule replaces an older one.
    """

    name: str
    valid_from: date
    valid_to: date | None
    hours: Mapping[int, WorkHours]

    def covers(self, day: date) -> bool:
        """True when the schedule applies on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Band:
    """A TL or PSW band: `min_minutes`..`max_minutes` (None: no upper bound)."""

    code: str
    kind: BandKind
    min_minutes: int
    max_minutes: int | None
    deduction_percent: Decimal
    covers_missing: bool = False  # the band of a missing check-in (TL) or check-out (PSW)

    def matches(self, minutes: int) -> bool:
        """True when `minutes` late/early fall in this band."""
        return self.min_minutes <= minutes and (
            self.max_minutes is None or minutes <= self.max_minutes
        )


@dataclass(frozen=True)
class AttendanceRules:
    """Everything classification needs, as data."""

    schedules: Sequence[Schedule]
    bands: Sequence[Band]
    calendar: Mapping[date, CalendarKind] = field(default_factory=dict)
    absence_deduction_percent: Decimal = Decimal(0)
    max_clock_skew: timedelta = timedelta(0)
    monthly_minutes_target: int = 0  # effective minutes of approved logs expected a month

    def hours_on(self, day: date) -> WorkHours | None:
        """The day's working hours (None: not a working weekday)."""
        covering = [s for s in self.schedules if s.covers(day)]
        if not covering:
            return None
        return max(covering, key=lambda s: s.valid_from).hours.get(day.weekday())

    def band(self, kind: BandKind, minutes: int | None) -> Band | None:
        """The band for `minutes` late/early (None minutes: missing tap); None when on time."""
        for band in self.bands:
            if band.kind is not kind:
                continue
            if (minutes is None and band.covers_missing) or (
                minutes is not None and minutes > 0 and band.matches(minutes)
            ):
                return band
        return None

    def codes(self, kind: BandKind) -> list[str]:
        """Band codes of a kind, in order."""
        return [band.code for band in self.bands if band.kind is kind]


@dataclass(frozen=True)
class DayFacts:
    """What is known about an employee's day; times are aware datetimes."""

    day: date
    check_in: datetime | None = None
    check_out: datetime | None = None
    leave: LeaveType | None = None
    official_duty: bool = False


@dataclass(frozen=True)
class DayClass:
    """A classified day."""

    day: date
    kind: DayKind
    leave_type: LeaveType | None = None
    check_in: datetime | None = None
    check_out: datetime | None = None
    tl: str | None = None
    tl_minutes: int = 0
    psw: str | None = None
    psw_minutes: int = 0

    @property
    def working(self) -> bool:
        """True for a day the employee was due at work."""
        return self.kind not in (DayKind.HOLIDAY, DayKind.WEEKEND, DayKind.UPCOMING)


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone, or AttendanceRuleError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise AttendanceRuleError(f"unknown time zone {name!r}", field="timeZone") from exc


def local_day(at: datetime, zone: str) -> date:
    """The local date of an instant in `zone`."""
    return at.astimezone(zone_of(zone)).date()


def _minutes_between(earlier: datetime, later: datetime) -> int:
    """Whole minutes from `earlier` to `later` (seconds are not counted: 07:30:59 is on time)."""
    return int((later - earlier).total_seconds() // 60)


def _off_day(facts: DayFacts, rules: AttendanceRules) -> DayClass | None:
    day = facts.day
    if rules.hours_on(day) is None:
        return DayClass(day, DayKind.WEEKEND)
    calendar = rules.calendar.get(day)
    if calendar is CalendarKind.HOLIDAY:
        return DayClass(day, DayKind.HOLIDAY)
    if calendar is CalendarKind.CUTI_BERSAMA:
        return DayClass(day, DayKind.LEAVE, leave_type=LeaveType.BERSAMA)
    if facts.leave is not None:
        return DayClass(day, DayKind.LEAVE, leave_type=facts.leave)
    if facts.official_duty:
        return DayClass(day, DayKind.OFFICIAL_DUTY)
    return None


def classify_day(facts: DayFacts, rules: AttendanceRules, *, zone: str, today: date) -> DayClass:
    """Classify a day: weekend, holiday, leave, official duty, absent, or present with TL/PSW."""
    off = _off_day(facts, rules)
    if off is not None:
        return off
    if facts.day >= today and facts.check_in is None:
        return DayClass(facts.day, DayKind.UPCOMING)
    if facts.check_in is None and facts.check_out is None:
        return DayClass(facts.day, DayKind.ABSENT_UNEXCUSED)
    hours = rules.hours_on(facts.day)
    assert hours is not None  # _off_day returned WEEKEND otherwise
    tz = zone_of(zone)
    start = datetime.combine(facts.day, hours.start, tz)
    end = datetime.combine(facts.day, hours.end, tz)
    late = None if facts.check_in is None else max(0, _minutes_between(start, facts.check_in))
    early: int | None = 0
    if facts.check_out is not None:
        early = max(0, _minutes_between(facts.check_out, end))
    elif facts.day < today:
        early = None  # the day is over and nobody checked out
    tl, psw = rules.band(BandKind.TL, late), rules.band(BandKind.PSW, early)
    return DayClass(
        facts.day,
        DayKind.PRESENT,
        check_in=facts.check_in,
        check_out=facts.check_out,
        tl=tl.code if tl else None,
        tl_minutes=late or 0,
        psw=psw.code if psw else None,
        psw_minutes=early or 0,
    )


@dataclass(frozen=True)
class MonthSummary:
    """A month of classified days, summed up."""

    working_days: int
    present_days: int
    tl: Mapping[str, int]
    tl_minutes: int
    psw: Mapping[str, int]
    psw_minutes: int
    unexcused_days: int
    leave_days: Mapping[str, int]
    official_duty_days: int


def summarize_month(days: Iterable[DayClass], rules: AttendanceRules) -> MonthSummary:
    """Counts and minutes of a month's classified days."""
    days = list(days)
    kinds = Counter(day.kind for day in days)
    tl = Counter(day.tl for day in days if day.tl)
    psw = Counter(day.psw for day in days if day.psw)
    leave = Counter(str(day.leave_type) for day in days if day.leave_type is not None)
    return MonthSummary(
        working_days=sum(1 for day in days if day.working),
        present_days=kinds[DayKind.PRESENT],
        tl={code: tl[code] for code in rules.codes(BandKind.TL)},
        tl_minutes=sum(day.tl_minutes for day in days if day.tl),
        psw={code: psw[code] for code in rules.codes(BandKind.PSW)},
        psw_minutes=sum(day.psw_minutes for day in days if day.psw),
        unexcused_days=kinds[DayKind.ABSENT_UNEXCUSED],
        leave_days=dict(sorted(leave.items())),
        official_duty_days=kinds[DayKind.OFFICIAL_DUTY],
    )
