"""Pure rules of an SKP's content: periods, RHK items, indicators, monthly targets, PP46 activities.

*SKP* (sasaran kinerja pegawai) is an employee's performance plan for a period; *RHK* (rencana
hasil kerja) is one planned work result in it, *utama* (main) or *tambahan* (additional),
measured by *IKI* (indikator kinerja individu) indicators with a target split into months.
Under the old PP 46/2011 regime an SKP lists activities with quantity, quality, time and cost
targets instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

TITLE_MAX_LENGTH = 500
UNIT_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 2000
DECIMAL_PLACES = 4  # what the database keeps (NUMERIC(20, 4))
MAX_WHOLE_DIGITS = 16
DEFAULT_QUALITY_TARGET = Decimal(100)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_TIME_ZONE = "Asia/Jakarta"  # the capital's zone: the "today" of policy and review dates


class Regime(StrEnum):
    """The regulation an SKP period follows."""

    PP46_2011 = "PP46_2011"
    PERMENPANRB_8_2021 = "PERMENPANRB_8_2021"
    PERMENPANRB_6_2022 = "PERMENPANRB_6_2022"


DEFAULT_REGIME = Regime.PERMENPANRB_6_2022


class SkpStatus(StrEnum):
    """Where an SKP version is in its review."""

    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"


class RhkKind(StrEnum):
    """RHK utama (main work result) or tambahan (additional)."""

    UTAMA = "UTAMA"
    TAMBAHAN = "TAMBAHAN"


class Direction(StrEnum):
    """Whether a higher or a lower realisation is the better one."""

    HIGHER_IS_BETTER = "HIGHER_IS_BETTER"
    LOWER_IS_BETTER = "LOWER_IS_BETTER"


class SkpRuleError(ValueError):
    """An SKP rule was broken; `field` names the faulty input (None: the input as a whole)."""

    default_field: str | None = None
    conflict = False  # True: the input clashes with the current state rather than being invalid

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field if field is not None else self.default_field
        self.message = message


class InvalidPeriodError(SkpRuleError):
    """A period that ends before it starts or spans more than one calendar year."""

    default_field = "periodEnd"


class PeriodOverlapError(SkpRuleError):
    """A period overlapping another SKP of the same employee."""

    default_field = "periodStart"
    conflict = True


class InvalidTextError(SkpRuleError):
    """A required text that is blank or too long."""


class InvalidTargetError(SkpRuleError):
    """A target that is not a positive number, or has more precision than is kept."""


class MonthlyTargetsError(SkpRuleError):
    """Monthly targets outside the period, repeated, or not adding up to the annual target."""

    default_field = "monthlyTargets"


class CascadeError(SkpRuleError):
    """An RHK cascaded from something it may not be cascaded from."""


class WrongRegimeError(SkpRuleError):
    """Content that the SKP's regime does not have (PP46 activities in a newer SKP)."""

    default_field = "skpId"


@dataclass(frozen=True)
class Period:
    """The days an SKP covers, both ends inclusive."""

    start: date
    end: date

    def overlaps(self, other: Period) -> bool:
        """True when the two periods share a day."""
        return self.start <= other.end and other.start <= self.end

    def covers(self, day: date) -> bool:
        """True when `day` lies inside the period."""
        return self.start <= day <= self.end

    def clamp(self, day: date) -> date:
        """`day` moved into the period (its first or last day when outside)."""
        return min(max(day, self.start), self.end)

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        first = self.start.replace(day=1)
        return [first.replace(month=m) for m in range(first.month, self.end.month + 1)]


def local_date(now: datetime, zone: str = DEFAULT_TIME_ZONE) -> date:
    """The calendar day `now` falls on in `zone`."""
    return now.astimezone(ZoneInfo(zone)).date()


def check_period(start: date, end: date) -> Period:
    """A period inside one calendar year that does not end before it starts."""
    if end < start:
        raise InvalidPeriodError("the period ends before it starts")
    if end.year != start.year:
        raise InvalidPeriodError("an SKP period lies within one calendar year")
    return Period(start, end)


def check_no_overlap(period: Period, others: Iterable[Period]) -> None:
    """Refuse a period overlapping one of the employee's other SKPs."""
    for other in others:
        if period.overlaps(other):
            raise PeriodOverlapError(
                f"the period overlaps the employee's SKP for {other.start.isoformat()}"
                f" – {other.end.isoformat()}"
            )


def clean_text(value: str, *, field: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """Text stripped of surrounding blanks; refuses empty or over-long text."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidTextError(f"{field} must not be blank", field=field)
    if len(cleaned) > max_length:
        raise InvalidTextError(f"{field} is longer than {max_length} characters", field=field)
    return cleaned


def check_positive(value: Decimal, *, field: str) -> Decimal:
    """A finite decimal > 0 with at most four decimal places."""
    checked = check_decimal(value, field=field)
    if checked <= 0:
        raise InvalidTargetError(f"{field} must be greater than 0", field=field)
    return checked


def check_decimal(value: Decimal, *, field: str) -> Decimal:
    """A finite decimal with at most four decimal places and sixteen whole digits."""
    if not value.is_finite():
        raise InvalidTargetError(f"{field} must be a number", field=field)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
        raise InvalidTargetError(
            f"{field} has more than {DECIMAL_PLACES} decimal places", field=field
        )
    if abs(value) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise InvalidTargetError(f"{field} is too large", field=field)
    return value


def parse_decimal(text: str, *, field: str) -> Decimal:
    """A decimal from its string form (the wire format of every target)."""
    try:
        return Decimal(text.strip())
    except (InvalidOperation, AttributeError) as exc:
        raise InvalidTargetError(f"{field} must be a decimal number", field=field) from exc


def parse_month(text: str, *, field: str = "monthlyTargets") -> date:
    """The first day of a month written `YYYY-MM`."""
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise MonthlyTargetsError(f"month {text!r} is not written YYYY-MM", field=field)
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_month(month: date) -> str:
    """A month as `YYYY-MM`."""
    return f"{month.year:04d}-{month.month:02d}"


@dataclass(frozen=True)
class MonthlyTarget:
    """The part of an indicator's target planned for one month (`month` is its first day)."""

    month: date
    target: Decimal


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator (IKI) as entered: what is measured and its target."""

    name: str
    target_value: Decimal
    unit: str
    direction: Direction
    additive: bool
    monthly_targets: tuple[MonthlyTarget, ...] = ()


def check_indicator(spec: IndicatorSpec, period: Period) -> IndicatorSpec:
    """A valid indicator: named, positive target, monthly targets inside the period and adding
    up to the annual target when the indicator is additive."""
    name = clean_text(spec.name, field="name")
    unit = clean_text(spec.unit, field="unit", max_length=UNIT_MAX_LENGTH)
    target = check_positive(spec.target_value, field="targetValue")
    months = check_monthly_targets(spec.monthly_targets, period)
    if spec.additive and months and sum(m.target for m in months) != target:
        total = sum(m.target for m in months)
        raise MonthlyTargetsError(
            f"the monthly targets add up to {total}, not to the annual target {target}"
        )
    return IndicatorSpec(name, target, unit, spec.direction, spec.additive, months)


def check_monthly_targets(
    targets: Sequence[MonthlyTarget], period: Period
) -> tuple[MonthlyTarget, ...]:
    """Monthly targets sorted by month: each month once, inside the period, none negative."""
    allowed = set(period.months())
    seen: set[date] = set()
    for item in targets:
        label = format_month(item.month)
        if item.month not in allowed:
            raise MonthlyTargetsError(f"month {label} lies outside the SKP period")
        if item.month in seen:
            raise MonthlyTargetsError(f"month {label} appears more than once")
        seen.add(item.month)
        value = check_decimal(item.target, field="monthlyTargets")
        if value < 0:
            raise MonthlyTargetsError(f"the target for {label} is negative")
    return tuple(sorted(targets, key=lambda m: m.month))


@dataclass(frozen=True)
class ActivitySpec:
    """A PP 46/2011 activity with its quantity, quality, time and (optional) cost targets."""

    title: str
    quantity_target: Decimal
    quantity_unit: str
    quality_target: Decimal
    time_target_months: int
    cost_target: int | None = None


def check_activity(spec: ActivitySpec, period: Period) -> ActivitySpec:
    """A valid PP46 activity: positive targets, quality ≤ 100, time within the period."""
    title = clean_text(spec.title, field="title")
    unit = clean_text(spec.quantity_unit, field="quantityUnit", max_length=UNIT_MAX_LENGTH)
    quantity = check_positive(spec.quantity_target, field="quantityTarget")
    quality = check_positive(spec.quality_target, field="qualityTarget")
    if quality > DEFAULT_QUALITY_TARGET:
        raise InvalidTargetError("qualityTarget is at most 100", field="qualityTarget")
    months = len(period.months())
    if not 1 <= spec.time_target_months <= months:
        raise InvalidTargetError(
            f"timeTargetMonths must be between 1 and {months} (the period's months)",
            field="timeTargetMonths",
        )
    if spec.cost_target is not None and spec.cost_target <= 0:
        raise InvalidTargetError("costTarget must be greater than 0", field="costTarget")
    return ActivitySpec(title, quantity, unit, quality, spec.time_target_months, spec.cost_target)


def check_activity_allowed(regime: Regime) -> None:
    """Only a PP 46/2011 SKP lists activities."""
    if regime is not Regime.PP46_2011:
        raise WrongRegimeError("activities belong to PP 46/2011 SKPs only")
