"""Appraisal periods: a year (annual) or a month, quarter or semester of it (periodic).

Labels are the period's public name and key: "2026" (annual), "2026-03" (monthly), "2026-Q1"
(quarterly), "2026-S1" (semester). Which periodic kind is allowed is the organisation's
`Frequency` setting (AppraisalRules.frequency); the annual label is always allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from services.appraisal.domain.types import AppraisalKind, AppraisalRuleError, Frequency

_ANNUAL = re.compile(r"([0-9]{4})")
_PERIODIC: tuple[tuple[Frequency, re.Pattern[str], int], ...] = (
    # (frequency, label pattern, months per period)
    (Frequency.MONTHLY, re.compile(r"([0-9]{4})-([0-9]{2})"), 1),
    (Frequency.QUARTERLY, re.compile(r"([0-9]{4})-Q([0-9])"), 3),
    (Frequency.SEMESTER, re.compile(r"([0-9]{4})-S([0-9])"), 6),
)
_EXAMPLES = {
    Frequency.MONTHLY: '"2026-03"',
    Frequency.QUARTERLY: '"2026-Q1"',
    Frequency.SEMESTER: '"2026-S1"',
}


@dataclass(frozen=True)
class Period:
    """An appraisal period: its label, kind and first and last day (inclusive)."""

    label: str
    kind: AppraisalKind
    start: date
    end: date

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of each month in the period, in order."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return tuple(date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1))

    def contains(self, day: date) -> bool:
        """Whether `day` falls inside the period."""
        return self.start <= day <= self.end


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _year(text: str, label: str) -> int:
    year = int(text)
    if year < 1900:
        raise AppraisalRuleError("period", f"{label!r} is not a valid year")
    return year


def _span(year: int, first_month: int, months: int) -> tuple[date, date]:
    return date(year, first_month, 1), _month_end(year, first_month + months - 1)


def parse_period(label: str, frequency: Frequency) -> Period:
    """Parse a period label; a periodic label must match the organisation's `frequency`."""
    text = label.strip()
    if _ANNUAL.fullmatch(text):
        start, end = _span(_year(text, label), 1, 12)
        return Period(text, AppraisalKind.ANNUAL, start, end)
    for kind, pattern, months in _PERIODIC:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if kind is not frequency:
            raise AppraisalRuleError(
                "period",
                f"periodic appraisals are {frequency.value.lower()} here: use a label like "
                f'{_EXAMPLES[frequency]} or a year like "2026", not {label!r}',
            )
        year, number = _year(match.group(1), label), int(match.group(2))
        if not 1 <= number <= 12 // months:
            raise AppraisalRuleError("period", f"{label!r} is not a valid period")
        start, end = _span(year, (number - 1) * months + 1, months)
        return Period(text, AppraisalKind.PERIODIC, start, end)
    raise AppraisalRuleError(
        "period",
        f'{label!r} is not a period: use a year ("2026") or {_EXAMPLES[frequency]}',
    )
