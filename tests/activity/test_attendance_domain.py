"""Pure attendance rules: classifying days across WIB/WITA/WIT, bands, Ramadan, the calendar,
summaries, and the checks on input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from services.activity.domain.attendance import (
    AlreadyDecidedError,
    AttendanceRuleError,
    Band,
    BandKind,
    CalendarKind,
    CheckOutBeforeCheckInError,
    ClockSkewError,
    DayClass,
    DayFacts,
    DayKind,
    InvalidRangeError,
    LeaveType,
    OverlapError,
    RequestStatus,
    check_pending,
    classify_day,
    local_day,
    summarize_month,
)
from services.activity.domain.attendance_checks import (
    check_check_out,
    check_no_overlap,
    check_not_in_future,
    check_range,
    parse_month,
)
from services.activity.domain.attendance_defaults import default_rules

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
MONDAY, FRIDAY, SATURDAY = date(2025, 6, 16), date(2025, 6, 20), date(2025, 6, 21)
RAMADAN_MONDAY, RAMADAN_FRIDAY = date(2025, 3, 3), date(2025, 3, 7)
IDUL_ADHA, CUTI_BERSAMA = date(2025, 6, 6), date(2025, 6, 9)
LATER = date(2025, 7, 1)  # "today" for days that are over
RULES = default_rules({IDUL_ADHA: CalendarKind.HOLIDAY, CUTI_BERSAMA: CalendarKind.CUTI_BERSAMA})


def local(day: date, hhmm: str, zone: str = WIB, seconds: int = 0) -> datetime:
    """An aware instant at a local wall time."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, seconds, tzinfo=ZoneInfo(zone))


def classify(
    day: date,
    check_in: datetime | None,
    check_out: datetime | None,
    *,
    zone: str = WIB,
    today: date = LATER,
) -> DayClass:
    facts = DayFacts(day, check_in=check_in, check_out=check_out)
    return classify_day(facts, RULES, zone=zone, today=today)


@pytest.mark.parametrize(
    ("late", "band"),
    [(0, None), (1, "TL1"), (30, "TL1"), (31, "TL2"), (60, "TL2"), (61, "TL3"), (90, "TL3"),
     (91, "TL4"), (240, "TL4")],
)  # fmt: skip
def test_late_arrival_falls_in_its_band(late: int, band: str | None) -> None:
    check_in = local(MONDAY, "07:30") + timedelta(minutes=late)

    result = classify(MONDAY, check_in, local(MONDAY, "16:00"))

    assert (result.kind, result.tl, result.tl_minutes) == (DayKind.PRESENT, band, late)
    assert result.psw is None


@pytest.mark.parametrize(
    ("early", "band"),
    [(0, None), (1, "PSW1"), (30, "PSW1"), (31, "PSW2"), (60, "PSW2"), (61, "PSW3"),
     (90, "PSW3"), (91, "PSW4")],
)  # fmt: skip
def test_early_leave_falls_in_its_band(early: int, band: str | None) -> None:
    check_out = local(MONDAY, "16:00") - timedelta(minutes=early)

    result = classify(MONDAY, local(MONDAY, "07:00"), check_out)

    assert (result.psw, result.psw_minutes, result.tl) == (band, early, None)


def test_seconds_do_not_make_an_arrival_late() -> None:
    result = classify(MONDAY, local(MONDAY, "07:30", seconds=59), local(MONDAY, "16:00"))

    assert (result.tl, result.tl_minutes) == (None, 0)


@pytest.mark.parametrize(
    ("zone", "local_time", "band", "minutes"),
    [(WIB, "07:30", None, 0), (WITA, "08:30", "TL2", 60), (WIT, "09:30", "TL4", 120)],
)
def test_the_same_instant_classifies_by_the_units_zone(
    zone: str, local_time: str, band: str | None, minutes: int
) -> None:
    instant = datetime(2025, 6, 16, 0, 30, tzinfo=UTC)
    check_out = local(MONDAY, "16:00", zone)

    result = classify(MONDAY, instant, check_out, zone=zone)

    assert instant.astimezone(ZoneInfo(zone)).strftime("%H:%M") == local_time
    assert (result.tl, result.tl_minutes) == (band, minutes)


@pytest.mark.parametrize(
    ("day", "check_in", "check_out", "tl", "psw", "psw_minutes"),
    [
        (FRIDAY, "07:30", "16:30", None, None, 0),
        (FRIDAY, "07:30", "16:00", None, "PSW1", 30),
        (MONDAY, "07:30", "16:00", None, None, 0),
        (RAMADAN_MONDAY, "08:00", "15:00", None, None, 0),
        (RAMADAN_MONDAY, "08:31", "15:00", "TL2", None, 0),
        (RAMADAN_MONDAY, "07:45", "14:29", None, "PSW2", 31),
        (RAMADAN_FRIDAY, "08:00", "15:30", None, None, 0),
        (RAMADAN_FRIDAY, "08:00", "15:00", None, "PSW1", 30),
    ],
)
def test_fridays_and_ramadan_have_their_own_hours(
    day: date, check_in: str, check_out: str, tl: str | None, psw: str | None, psw_minutes: int
) -> None:
    result = classify(day, local(day, check_in, WITA), local(day, check_out, WITA), zone=WITA)

    assert (result.tl, result.psw, result.psw_minutes) == (tl, psw, psw_minutes)


@pytest.mark.parametrize(
    ("facts", "kind", "leave_type"),
    [
        (DayFacts(SATURDAY), DayKind.WEEKEND, None),
        (DayFacts(IDUL_ADHA, check_in=local(IDUL_ADHA, "07:00")), DayKind.HOLIDAY, None),
        (DayFacts(CUTI_BERSAMA), DayKind.LEAVE, LeaveType.BERSAMA),
        (DayFacts(MONDAY, leave=LeaveType.SAKIT), DayKind.LEAVE, LeaveType.SAKIT),
        (DayFacts(MONDAY, official_duty=True), DayKind.OFFICIAL_DUTY, None),
        (DayFacts(MONDAY), DayKind.ABSENT_UNEXCUSED, None),
    ],
)
def test_days_off_and_absences_are_classified(
    facts: DayFacts, kind: DayKind, leave_type: LeaveType | None
) -> None:
    result = classify_day(facts, RULES, zone=WIB, today=LATER)

    assert (result.kind, result.leave_type) == (kind, leave_type)


def test_missing_check_out_of_a_past_day_is_psw4() -> None:
    result = classify(MONDAY, local(MONDAY, "07:20"), None)

    assert (result.kind, result.psw, result.psw_minutes) == (DayKind.PRESENT, "PSW4", 0)


def test_missing_check_out_today_is_not_yet_early_leave() -> None:
    result = classify(MONDAY, local(MONDAY, "07:20"), None, today=MONDAY)

    assert (result.kind, result.psw) == (DayKind.PRESENT, None)


def test_missing_check_in_is_tl4() -> None:
    result = classify(MONDAY, None, local(MONDAY, "16:00"))

    assert (result.kind, result.tl, result.tl_minutes, result.psw) == (
        DayKind.PRESENT,
        "TL4",
        0,
        None,
    )


def test_a_day_not_over_without_taps_is_upcoming() -> None:
    assert classify(MONDAY, None, None, today=MONDAY).kind is DayKind.UPCOMING


def test_bands_are_data() -> None:
    strict = Band("TL1", BandKind.TL, 1, None, Decimal(2), covers_missing=True)
    rules = default_rules()
    rules = type(rules)(schedules=rules.schedules, bands=(strict,))

    result = classify_day(
        DayFacts(MONDAY, check_in=local(MONDAY, "09:00"), check_out=local(MONDAY, "16:00")),
        rules,
        zone=WIB,
        today=LATER,
    )

    assert (result.tl, result.psw) == ("TL1", None)


def excused(facts: DayFacts) -> DayClass:
    return classify_day(facts, RULES, zone=WIB, today=LATER)


def test_month_summary_counts_bands_minutes_and_days() -> None:
    days = [
        classify(MONDAY, local(MONDAY, "07:45"), local(MONDAY, "15:00")),  # TL1 15, PSW2 60
        classify(date(2025, 6, 17), local(date(2025, 6, 17), "09:05"), None),  # TL4 95, PSW4
        classify(date(2025, 6, 18), None, None),  # absent
        excused(DayFacts(date(2025, 6, 19), leave=LeaveType.SAKIT)),
        excused(DayFacts(FRIDAY, official_duty=True)),
        classify(SATURDAY, None, None),
        classify(IDUL_ADHA, None, None),
        classify(CUTI_BERSAMA, None, None),
    ]  # fmt: skip

    summary = summarize_month(days, RULES)

    assert summary.working_days == 6
    assert summary.present_days == 2
    assert summary.tl == {"TL1": 1, "TL2": 0, "TL3": 0, "TL4": 1}
    assert summary.tl_minutes == 15 + 95
    assert summary.psw == {"PSW1": 0, "PSW2": 1, "PSW3": 0, "PSW4": 1}
    assert summary.psw_minutes == 60
    assert summary.unexcused_days == 1
    assert summary.leave_days == {"BERSAMA": 1, "SAKIT": 1}
    assert summary.official_duty_days == 1


def test_local_day_follows_the_zone() -> None:
    instant = datetime(2025, 6, 16, 16, 30, tzinfo=UTC)

    assert [local_day(instant, zone) for zone in (WIB, WITA, WIT)] == [
        date(2025, 6, 16),
        date(2025, 6, 17),
        date(2025, 6, 17),
    ]


def test_an_event_up_to_five_minutes_ahead_is_accepted() -> None:
    now = datetime(2025, 6, 16, 1, 0, tzinfo=UTC)

    check_not_in_future(now + timedelta(minutes=5), now=now, rules=RULES)


def test_an_event_more_than_five_minutes_ahead_is_refused() -> None:
    now = datetime(2025, 6, 16, 1, 0, tzinfo=UTC)

    with pytest.raises(ClockSkewError, match="more than 5 minutes in the future") as caught:
        check_not_in_future(now + timedelta(minutes=5, seconds=1), now=now, rules=RULES)
    assert caught.value.field == "at"


def test_a_time_without_offset_is_refused() -> None:
    with pytest.raises(AttendanceRuleError, match="time zone offset"):
        check_not_in_future(datetime(2025, 6, 16, 1, 0), now=datetime.now(UTC), rules=RULES)


def test_check_out_before_check_in_is_refused() -> None:
    with pytest.raises(CheckOutBeforeCheckInError, match="earlier than the check-in"):
        check_check_out(local(MONDAY, "07:00"), local(MONDAY, "07:30"))
    check_check_out(local(MONDAY, "16:00"), local(MONDAY, "07:30"))
    check_check_out(local(MONDAY, "16:00"), None)


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (date(2025, 6, 10), date(2025, 6, 16), True),
        (date(2025, 6, 20), date(2025, 6, 25), True),
        (date(2025, 6, 17), date(2025, 6, 18), True),
        (date(2025, 6, 10), date(2025, 6, 15), False),
        (date(2025, 6, 21), date(2025, 6, 22), False),
    ],
)
def test_leave_overlapping_other_leave_is_refused(start: date, end: date, overlaps: bool) -> None:
    others = [(date(2025, 6, 16), date(2025, 6, 20))]
    if overlaps:
        with pytest.raises(OverlapError) as caught:
            check_no_overlap(start, end, others)
        assert caught.value.conflict
    else:
        check_no_overlap(start, end, others)


def test_a_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidRangeError):
        check_range(date(2025, 6, 2), date(2025, 6, 1))


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_a_month_has_its_days(month: str, first: date, last: date) -> None:
    assert parse_month(month) == (first, last)


@pytest.mark.parametrize("month", ["2025-13", "2025-6", "June", "2025-06-01"])
def test_a_malformed_month_is_refused(month: str) -> None:
    with pytest.raises(InvalidRangeError, match="YYYY-MM"):
        parse_month(month)


def test_a_decided_request_cannot_be_decided_again() -> None:
    check_pending(RequestStatus.PENDING)
    with pytest.raises(AlreadyDecidedError, match="already approved"):
        check_pending(RequestStatus.APPROVED)
