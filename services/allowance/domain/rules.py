"""Allowance parameters as data (DOMAIN.md §5; reference/regulations.md §3).

Every number of the tukin — the component split, performance factors, TL/PSW and absence
deductions, leave effects, CPNS and study-leave pay, who is not paid, sanctions, the profession
allowance rule, the deduction cap — is an `AllowanceRules`, stored date-effective per
organisation (`rule_set`) and seeded with `DEFAULT_RULES`. Percentages are of the tariff the
employee is entitled to after the status rule (e.g. 80 % of the class amount for a CPNS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


def _percents(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((key, Decimal(value)) for key, value in pairs)


@dataclass(frozen=True)
class AllowanceRules:
    """The parameters in force from a date (see the module docstring)."""

    performance_percent: Decimal = Decimal(60)
    discipline_percent: Decimal = Decimal(40)
    # Performance factor by the month's finalised predicate (appraisal's Predicate values);
    # the older regimes' CUKUP and BURUK count like BUTUH_PERBAIKAN and SANGAT_KURANG.
    performance_factors: tuple[tuple[str, Decimal], ...] = _percents(
        ("SANGAT_BAIK", "100"),
        ("BAIK", "100"),
        ("CUKUP", "80"),
        ("BUTUH_PERBAIKAN", "80"),
        ("KURANG", "60"),
        ("SANGAT_KURANG", "40"),
        ("BURUK", "40"),
    )
    no_appraisal_factor: Decimal = Decimal(65)
    # Deduction per occurrence of each band (percent of the entitled tariff).
    band_deductions: tuple[tuple[str, Decimal], ...] = _percents(
        ("TL1", "0.5"),
        ("TL2", "1"),
        ("TL3", "1.25"),
        ("TL4", "1.5"),
        ("PSW1", "0.5"),
        ("PSW2", "1"),
        ("PSW3", "1.25"),
        ("PSW4", "1.5"),
    )
    unexcused_absence_percent: Decimal = Decimal(3)  # per day
    # Deduction per leave day by leave type (activity's leave types); absent types deduct 0.
    leave_deductions: tuple[tuple[str, Decimal], ...] = ()
    # Deductions (and leave effects) are taken from the discipline component, capped at this
    # percentage of it.
    deduction_cap_percent: Decimal = Decimal(100)
    cpns_percent: Decimal = Decimal(80)
    # Tugas belajar: paid `study_leave_percent` of the amount of a fixed class by education.
    study_leave_class: tuple[tuple[str, int], ...] = (("S1", 6), ("D", 6), ("S2", 7), ("S3", 7))
    study_leave_default_class: int = 7
    study_leave_percent: Decimal = Decimal(100)
    not_paid_statuses: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {
                "CLTN",
                "SUSPENDED",
                "RETIRED",
                "CONTRACT_ENDED",
                "RESIGNED",
                "DISMISSED",
                "DECEASED",
            }
        )
    )
    # A sanction without its own percentage (PP 94/2021: tukin −25 % for 6, 9 or 12 months).
    default_sanction_percent: Decimal = Decimal(25)
    # A functional official with a profession allowance is paid only the positive difference.
    profession_difference: bool = True


DEFAULT_RULES = AllowanceRules()
