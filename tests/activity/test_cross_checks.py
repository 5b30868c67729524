"""Cross-checks between logs and attendance: pure rules, one behaviour per test."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from services.activity.domain.attendance import DayClass, DayKind
from services.activity.domain.cross_checks import (
    LoggedOutside,
    attended_window,
    cross_check,
    minutes_outside,
)
from services.activity.domain.logs import LogSpan, LogStatus

DAY = date(2025, 5, 5)  # a Monday
WIB = "Asia/Jakarta"


def present(
    day: date = DAY,
    *,
    check_in: str | None = "07:30",
    check_out: str | None = "16:00",
    zone_offset: int = 7,
) -> DayClass:
    def utc(local: str | None) -> datetime | None:
        if local is None:
            return None
        hour, minute = (int(part) for part in local.split(":"))
        wall = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
        return wall - timedelta(hours=zone_offset)

    return DayClass(day, DayKind.PRESENT, check_in=utc(check_in), check_out=utc(check_out))


def log(
    start: str,
    end: str,
    *,
    day: date = DAY,
    status: LogStatus = LogStatus.SUBMITTED,
    log_id: str = "L1",
) -> LogSpan:
    def at(text: str) -> time:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)

    return LogSpan(day, at(start), at(end), status, log_id)


def check(
    days: list[DayClass],
    logs: list[LogSpan],
    *,
    effective: int = 0,
    target: int = 6750,
    zone: str = WIB,
):  # type: ignore[no-untyped-def]
    return cross_check(days, logs, zone=zone, effective_minutes=effective, target_minutes=target)


def test_a_log_inside_the_attended_hours_is_not_flagged() -> None:
    assert check([present()], [log("08:00", "12:00")]).logged_outside_attendance == ()


def test_minutes_after_check_out_are_flagged() -> None:
    result = check([present(check_out="16:00")], [log("15:00", "17:30")])
    assert result.logged_outside_attendance == (LoggedOutside("L1", DAY, 90),)


def test_minutes_before_check_in_are_flagged() -> None:
    result = check([present(check_in="09:00")], [log("08:00", "10:00")])
    assert result.logged_outside_attendance == (LoggedOutside("L1", DAY, 60),)


def test_a_log_on_a_day_without_attendance_is_wholly_outside() -> None:
    absent = DayClass(DAY, DayKind.ABSENT_UNEXCUSED)
    result = check([absent], [log("08:00", "10:00")])
    assert result.logged_outside_attendance == (LoggedOutside("L1", DAY, 120),)


def test_a_log_on_official_duty_is_not_flagged() -> None:
    duty = DayClass(DAY, DayKind.OFFICIAL_DUTY)
    assert check([duty], [log("06:00", "20:00")]).logged_outside_attendance == ()


def test_a_missing_check_out_leaves_the_afternoon_unflagged() -> None:
    result = check([present(check_out=None)], [log("13:00", "17:00")])
    assert result.logged_outside_attendance == ()


def test_the_window_is_read_in_the_units_time_zone() -> None:
    wit_day = present(check_in="07:30", check_out="16:00", zone_offset=9)
    assert attended_window(wit_day, "Asia/Jayapura") == (time(7, 30), time(16, 0))
    assert attended_window(wit_day, WIB) == (time(5, 30), time(14, 0))


def test_rejected_and_revoked_logs_are_ignored() -> None:
    logs = [
        log("17:00", "18:00", status=LogStatus.REJECTED),
        log("17:00", "18:00", status=LogStatus.REVOKED, log_id="L2"),
    ]
    result = check([present()], logs)
    assert result.logged_outside_attendance == ()
    assert result.days_present_without_log == (DAY,)


def test_a_present_day_without_a_log_is_listed() -> None:
    tuesday = date(2025, 5, 6)
    result = check([present(), present(tuesday)], [log("08:00", "09:00")])
    assert result.days_present_without_log == (tuesday,)


def test_a_day_on_leave_without_a_log_is_not_listed() -> None:
    leave = DayClass(DAY, DayKind.LEAVE)
    assert check([leave], []).days_present_without_log == ()


def test_the_shortfall_is_the_target_less_the_effective_minutes() -> None:
    assert check([], [], effective=6000, target=6750).shortfall_minutes == 750


def test_no_shortfall_once_the_target_is_reached() -> None:
    assert check([], [], effective=7000, target=6750).shortfall_minutes == 0


def test_minutes_outside_without_a_window_is_the_whole_log() -> None:
    assert minutes_outside(log("08:00", "08:45"), None) == 45
