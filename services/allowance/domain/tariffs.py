"""Tariff tables: whole rupiah per kelas jabatan 1–17, date-effective (reference/regulations.md §3).

Seeded with Perpres 134/2017 (in force from 2018-01-01 until Perpres 71/2023; classes 16–1 are
the standard 2017–2020 table, unconfirmed for Kemensos: data, editable by HR) and Perpres
71/2023 (from 2023-10-16).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from services.allowance.domain.types import AllowanceRuleError

MIN_KELAS = 1
MAX_KELAS = 17


@dataclass(frozen=True)
class TariffTable:
    """One version of the tariff: amounts by kelas jabatan, in force from `effective_from`."""

    name: str
    effective_from: date
    amounts: tuple[tuple[int, int], ...]  # (kelas, whole rupiah), kelas 17 … 1

    def amount(self, kelas: int) -> int | None:
        """The class amount, or None for a class the table does not have."""
        return dict(self.amounts).get(kelas)


PERPRES_134_2017 = TariffTable(
    "Perpres 134/2017",
    date(2018, 1, 1),
    (
        (17, 29_085_000),
        (16, 20_695_000),
        (15, 14_721_000),
        (14, 11_670_000),
        (13, 8_562_000),
        (12, 7_271_000),
        (11, 5_183_000),
        (10, 4_551_000),
        (9, 3_781_000),
        (8, 3_319_000),
        (7, 2_928_000),
        (6, 2_702_000),
        (5, 2_493_000),
        (4, 2_350_000),
        (3, 2_267_000),
        (2, 2_089_000),
        (1, 1_968_000),
    ),
)
PERPRES_71_2023 = TariffTable(
    "Perpres 71/2023",
    date(2023, 10, 16),
    (
        (17, 33_240_000),
        (16, 27_577_500),
        (15, 19_280_000),
        (14, 17_064_000),
        (13, 10_936_000),
        (12, 9_896_000),
        (11, 8_757_600),
        (10, 5_979_200),
        (9, 5_079_200),
        (8, 4_595_150),
        (7, 3_915_950),
        (6, 3_510_400),
        (5, 3_134_250),
        (4, 2_985_000),
        (3, 2_898_000),
        (2, 2_708_250),
        (1, 2_531_250),
    ),
)
SEED_TARIFFS: tuple[TariffTable, ...] = (PERPRES_134_2017, PERPRES_71_2023)


def _whole_rupiah(kelas: int, amount: Any) -> int:
    if isinstance(amount, bool):
        raise AllowanceRuleError("amounts", f"kelas {kelas}: the amount must be whole rupiah")
    if isinstance(amount, int):
        value = amount
    elif isinstance(amount, str | Decimal):
        try:
            number = Decimal(amount.strip() if isinstance(amount, str) else amount)
        except InvalidOperation:
            raise AllowanceRuleError(
                "amounts", f"kelas {kelas}: {amount!r} is not an amount in rupiah"
            ) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise AllowanceRuleError(
                "amounts", f"kelas {kelas}: {amount} is not a whole rupiah amount"
            )
        value = int(number)
    else:  # float included: money is never a float
        raise AllowanceRuleError(
            "amounts", f"kelas {kelas}: {amount!r} is not a whole rupiah amount"
        )
    if value <= 0:
        raise AllowanceRuleError("amounts", f"kelas {kelas}: the amount must be more than Rp 0")
    return value


def check_tariff_amounts(amounts: Mapping[int, Any]) -> dict[int, int]:
    """The amounts as {kelas: whole rupiah}, kelas 17 … 1; every class 1–17 exactly once, > 0.

    An amount may be an int or an integral decimal string/Decimal ("3510400"); a negative, zero,
    fractional ("1.5", Decimal("1.5")) or float amount, a missing class or a class outside 1–17
    raises `AllowanceRuleError("amounts", …)` naming the class.
    """
    if not isinstance(amounts, Mapping):
        raise AllowanceRuleError("amounts", "the amounts must map kelas to rupiah")
    checked: dict[int, int] = {}
    for kelas, amount in amounts.items():
        if isinstance(kelas, bool) or not isinstance(kelas, int):
            raise AllowanceRuleError("amounts", f"{kelas!r} is not a kelas jabatan")
        if not MIN_KELAS <= kelas <= MAX_KELAS:
            raise AllowanceRuleError("amounts", f"kelas {kelas} is outside {MIN_KELAS}–{MAX_KELAS}")
        checked[kelas] = _whole_rupiah(kelas, amount)
    missing = [k for k in range(MAX_KELAS, MIN_KELAS - 1, -1) if k not in checked]
    if missing:
        listed = ", ".join(str(k) for k in missing)
        raise AllowanceRuleError("amounts", f"the tariff has no amount for kelas {listed}")
    return {kelas: checked[kelas] for kelas in range(MAX_KELAS, MIN_KELAS - 1, -1)}
