"""Rules about assignments: dates in order, and which overlaps are not allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.identity.domain.enums import AssignmentKind
from services.identity.domain.errors import AssignmentDatesError, AssignmentOverlapError

# --- assignments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tenure:
    """One assignment as the rules see it: who holds which position, how, from/to (inclusive)."""

    id: str
    employee_id: str
    position_id: str
    kind: AssignmentKind
    start: date
    end: date | None = None

    def overlaps(self, other: Tenure) -> bool:
        """True when both periods share at least one day."""
        return periods_overlap(self.start, self.end, other.start, other.end)


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """True when two inclusive periods (open-ended when the end is None) share a day."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def check_assignment_dates(start: date, end: date | None) -> None:
    """Refuse an assignment that ends before it starts (a one-day assignment is fine)."""
    if end is not None and end < start:
        raise AssignmentDatesError(
            f"end date {end.isoformat()} is before start date {start.isoformat()}"
        )


def check_assignment(candidate: Tenure, others: Iterable[Tenure]) -> None:
    """Refuse overlaps: two definitive holders of a position, two definitive positions of one
    employee, or the same employee twice in one position."""
    check_assignment_dates(candidate.start, candidate.end)
    for other in others:
        if other.id == candidate.id or not candidate.overlaps(other):
            continue
        _check_pair(candidate, other)


def _check_pair(candidate: Tenure, other: Tenure) -> None:
    period = f"{other.start.isoformat()} – {other.end.isoformat() if other.end else 'open'}"
    same_position = other.position_id == candidate.position_id
    if same_position and other.employee_id == candidate.employee_id:
        raise AssignmentOverlapError(f"the employee already holds this position ({period})")
    both_definitive = AssignmentKind.DEFINITIVE == candidate.kind == other.kind
    if both_definitive and same_position:
        raise AssignmentOverlapError(f"the position already has a definitive holder ({period})")
    if both_definitive and other.employee_id == candidate.employee_id:
        raise AssignmentOverlapError(
            f"the employee already holds another position definitively ({period})"
        )
