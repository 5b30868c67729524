"""The vocabulary of the allowance (DOMAIN.md §5)."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    """A monthly run: DRAFT (recomputable) → REVIEWED → LOCKED (never changes again)."""

    DRAFT = "DRAFT"
    REVIEWED = "REVIEWED"
    LOCKED = "LOCKED"


class LineKind(StrEnum):
    """What one explanation line of a payment is."""

    TARIFF = "TARIFF"  # + the class amount, per position held in the month (days prorated)
    STATUS = "STATUS"  # − CPNS share; tugas belajar class; not paid (0)
    PERFORMANCE = "PERFORMANCE"  # − the performance component's cut for the predicate
    DEDUCTION = "DEDUCTION"  # − a TL/PSW band, unexcused absence or leave, from discipline
    CAP = "CAP"  # + deductions beyond the cap given back; + up to zero, never negative
    SANCTION = "SANCTION"  # − a disciplinary sanction while active
    PROFESSION = "PROFESSION"  # − the profession allowance already paid (difference rule)
    CORRECTION = "CORRECTION"  # ± a late change to a locked month, paid in this run


class AllowanceRuleError(ValueError):
    """Input or a step that breaks an allowance rule; `field` names the input, if any."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
