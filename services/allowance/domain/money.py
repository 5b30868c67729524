"""Whole-rupiah arithmetic and how money and percentages are written (stdlib only).

Amounts are `int` rupiah; percentages `Decimal`. A line is computed exactly (`Fraction`) and
rounded once, half-up: a half goes away from zero, like Decimal's ROUND_HALF_UP on the exact value.
Labels use Indonesian numbers: "Rp 4.595.150", "0,5 %", minus "−".
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction

HUNDRED = Fraction(100)


def round_half_up(value: Fraction) -> int:
    """Whole rupiah, half-up (away from zero) — the one rounding of a line."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


@functools.lru_cache(maxsize=1024)
def _ratio(percent: Decimal | Fraction) -> tuple[int, int]:
    numerator, denominator = percent.as_integer_ratio()
    return numerator, denominator * 100


def share(amount: int, percent: Decimal | Fraction) -> int:
    """round(amount × percent %), half-up — in integers (the month-end run calls it a million
    times; the same exact result as `round_half_up(Fraction(amount) * percent / 100)`)."""
    numerator, denominator = _ratio(percent)
    quotient, remainder = divmod(abs(amount * numerator), denominator)
    magnitude = quotient + (2 * remainder >= denominator)
    return magnitude if amount * numerator >= 0 else -magnitude


def rupiah(amount: int) -> str:
    """'Rp 1.638.452' / '−Rp 99.000'."""
    sign = "−" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def percent_text(value: Decimal) -> str:
    """'0,5 %' (decimal comma, no trailing zeros)."""
    return decimal_text(value).replace(".", ",") + " %"


def decimal_text(value: Decimal) -> str:
    """A decimal as plain JSON text without exponent or trailing zeros ('100', '0.5')."""
    return f"{value.normalize():f}"
