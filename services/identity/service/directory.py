"""Who holds what on a date: an employee's position, unit, supervisor and subordinates.

The holder rules themselves (definitive before Plt before Plh, a vacant superior position passes
the question one level up) are the kit's `kinerja.directory.rules`, shared with every replica.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory.rules import AssignmentKind as HoldingKind
from kinerja.directory.rules import Holding, pick_holder, primary_holding
from services.identity import store
from services.identity.domain import DEFAULT_TIME_ZONE, local_date
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow


def holding_of(row: AssignmentRow) -> Holding:
    """The shared rules' view of an assignment row."""
    return Holding(
        row.employee_id, row.position_id, HoldingKind(row.kind.value), row.start_date, row.end_date
    )


async def own_holding(session: AsyncSession, employee_id: str, day: date) -> Holding | None:
    """The employee's own assignment on `day`: the definitive one, else an acting one."""
    rows = await store.list_assignments_of_employees(session, [employee_id])
    return primary_holding([holding_of(row) for row in rows], day)


async def position_on(session: AsyncSession, employee_id: str, day: date) -> PositionRow | None:
    """The employee's own position on `day`, if any."""
    holding = await own_holding(session, employee_id, day)
    return None if holding is None else await store.get_position(session, holding.position_id)


async def unit_on(session: AsyncSession, employee_id: str, day: date) -> OrgUnitRow | None:
    """The unit of the employee's own position on `day`, if any."""
    position = await position_on(session, employee_id, day)
    return None if position is None else await store.get_unit(session, position.unit_id)


async def employee_today(session: AsyncSession, employee_id: str, *, now: datetime) -> date:
    """Today in the time zone of the employee's unit (the capital's zone when they have none)."""
    unit = await unit_on(session, employee_id, now.date())
    return local_date(now, unit.time_zone if unit else DEFAULT_TIME_ZONE)


async def supervisor_id(session: AsyncSession, employee_id: str, day: date) -> str | None:
    """The employee's direct superior (atasan langsung) on `day`, by the shared holder rules."""
    own = await own_holding(session, employee_id, day)
    position = None if own is None else await store.get_position(session, own.position_id)
    seen: set[str] = set()
    while position is not None and position.reports_to_id not in seen:
        seen.add(position.id)
        if position.reports_to_id is None:
            return None
        holdings = await _holdings_on(session, [position.reports_to_id], day)
        holder = pick_holder(holdings[position.reports_to_id], day, exclude=employee_id)
        if holder is not None:
            return holder.employee_id
        position = await store.get_position(session, position.reports_to_id)
    return None


async def supervisor_of(session: AsyncSession, employee_id: str, day: date) -> EmployeeRow | None:
    """The employee's direct superior on `day`, if there is one."""
    found_id = await supervisor_id(session, employee_id, day)
    return None if found_id is None else await store.get_employee(session, found_id)


async def subordinates_of(session: AsyncSession, employee_id: str, day: date) -> list[EmployeeRow]:
    """Everyone whose direct superior on `day` is this employee, by name."""
    candidates = await _candidate_subordinates(session, employee_id, day)
    confirmed = [c for c in candidates if await supervisor_id(session, c, day) == employee_id]
    rows = await store.get_employees(session, confirmed)
    return sorted(rows, key=lambda row: (row.name, row.id))


async def _candidate_subordinates(session: AsyncSession, employee_id: str, day: date) -> set[str]:
    # Walk down from the positions this employee holds, through vacant ones, collecting holders.
    mine = await store.list_assignments_of_employees(session, [employee_id])
    held_ids = sorted({row.position_id for row in mine if holding_of(row).active_on(day)})
    holdings = await _holdings_on(session, held_ids, day)
    frontier = [p for p in held_ids if _held_by(holdings[p], employee_id, day)]
    seen, candidates = set(frontier), set[str]()
    while frontier:
        children = await store.list_positions_reporting_to(session, frontier)
        child_ids = [child.id for child in children if child.id not in seen]
        seen.update(child_ids)
        holdings = await _holdings_on(session, child_ids, day)
        frontier = []
        for child_id in child_ids:
            holders = {h.employee_id for h in holdings[child_id]} - {employee_id}
            candidates |= holders
            if not holders:
                frontier.append(child_id)
    return candidates


def _held_by(holdings: Sequence[Holding], employee_id: str, day: date) -> bool:
    holder = pick_holder(holdings, day)
    return holder is not None and holder.employee_id == employee_id


async def _holdings_on(
    session: AsyncSession, position_ids: Sequence[str], day: date
) -> dict[str, list[Holding]]:
    grouped: dict[str, list[Holding]] = defaultdict(list)
    if position_ids:
        rows = await store.list_assignments_of_positions(session, position_ids, on=day)
        for row in rows:
            grouped[row.position_id].append(holding_of(row))
    return grouped
