"""Seed data for attendance rules (DOMAIN.md §3; reference/regulations.md §4).

Keppres 68/1995 and Perpres 21/2023: 37.5 h over five days from 07:30 local time; Ramadan
(SE MenPANRB): Mon–Thu 08:00–15:00, Fri 08:00–15:30. TL/PSW bands: the most common variant
(0.5 / 1 / 1.25 / 1.5 %); unexcused absence 3 % a day. These are defaults only: agencies differ,
so the rules arrive as data and the calendar is edited by HR.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from services.activity.domain.attendance import (
    AttendanceRules,
    Band,
    BandKind,
    CalendarKind,
    Schedule,
    WorkHours,
)

_REGULAR = {
    **{weekday: WorkHours(time(7, 30), time(16, 0)) for weekday in range(4)},
    4: WorkHours(time(7, 30), time(16, 30)),
}
_RAMADAN = {
    **{weekday: WorkHours(time(8, 0), time(15, 0)) for weekday in range(4)},
    4: WorkHours(time(8, 0), time(15, 30)),
}
# Ramadan by the government's calendar (1 Ramadan to the eve of Idul Fitri).
_RAMADAN_RANGES = (
    (date(2024, 3, 12), date(2024, 4, 9)),
    (date(2025, 3, 1), date(2025, 3, 30)),
    (date(2026, 2, 19), date(2026, 3, 19)),
)

DEFAULT_SCHEDULES: tuple[Schedule, ...] = (
    Schedule("Reguler", date(1995, 1, 1), None, _REGULAR),
    *(Schedule(f"Ramadan {start.year}", start, end, _RAMADAN) for start, end in _RAMADAN_RANGES),
)


def _bands(kind: BandKind) -> tuple[Band, ...]:
    bounds = ((1, 30, "0.5"), (31, 60, "1"), (61, 90, "1.25"), (91, None, "1.5"))
    return tuple(
        Band(f"{kind}{n}", kind, low, high, Decimal(pct), covers_missing=high is None)
        for n, (low, high, pct) in enumerate(bounds, start=1)
    )


DEFAULT_BANDS: tuple[Band, ...] = (*_bands(BandKind.TL), *_bands(BandKind.PSW))
DEFAULT_ABSENCE_DEDUCTION_PERCENT = Decimal(3)
DEFAULT_MAX_CLOCK_SKEW = timedelta(minutes=5)
DEFAULT_MONTHLY_MINUTES_TARGET = 6750  # DOMAIN.md §3: effective minutes a month


def default_rules(calendar: dict[date, CalendarKind] | None = None) -> AttendanceRules:
    """The seeded rules, with an optional holiday calendar."""
    return AttendanceRules(
        schedules=DEFAULT_SCHEDULES,
        bands=DEFAULT_BANDS,
        calendar=calendar or {},
        absence_deduction_percent=DEFAULT_ABSENCE_DEDUCTION_PERCENT,
        max_clock_skew=DEFAULT_MAX_CLOCK_SKEW,
        monthly_minutes_target=DEFAULT_MONTHLY_MINUTES_TARGET,
    )
