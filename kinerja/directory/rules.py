"""Pure rules over who holds which position on a date (shared by identity and every replica).

*Atasan langsung* (direct superior) of an employee on a date: the holder of the position their
position reports to, definitive first, else the acting holder (Plt, then Plh). A vacant superior
position passes the question one level up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AssignmentKind(StrEnum):
    """Definitive appointment or acting duty (Plt = pelaksana tugas, Plh = pelaksana harian)."""

    DEFINITIVE = "DEFINITIVE"
    PLT = "PLT"
    PLH = "PLH"


_PRECEDENCE = {AssignmentKind.DEFINITIVE: 0, AssignmentKind.PLT: 1, AssignmentKind.PLH: 2}


@dataclass(frozen=True)
class Holding:
    """One assignment: `employee_id` holds `position_id` from `start` to `end` (inclusive)."""

    employee_id: str
    position_id: str
    kind: AssignmentKind
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        """True when the assignment covers `day`."""
        return self.start <= day and (self.end is None or day <= self.end)


def pick_holder(
    holdings: Iterable[Holding], day: date, *, exclude: str | None = None
) -> Holding | None:
    """Who holds a position on `day`: definitive first, then Plt, then Plh; earliest start wins."""
    active = [h for h in holdings if h.active_on(day) and h.employee_id != exclude]
    if not active:
        return None
    return min(active, key=lambda h: (_PRECEDENCE[h.kind], h.start, h.employee_id))


def primary_holding(holdings: Iterable[Holding], day: date) -> Holding | None:
    """An employee's own position on `day`: their definitive one, else an acting one."""
    return pick_holder(holdings, day)
