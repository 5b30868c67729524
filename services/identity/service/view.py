"""Identity's view of the organisation for the authorization policy (`kinerja.policy`).

`StoreDirectory` answers the policy's questions from identity's own tables, remembering each
answer for the request. `employee_scope` turns what the policy allows into a SQL filter for
lists (a superset; every row is still checked with `can_view`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Principal
from kinerja.policy import MAX_CHAIN, EmployeeRef, can_view, chain_of_command
from services.identity import store
from services.identity.service.directory import subordinates_of, supervisor_id, unit_on
from services.identity.store import EmployeeScope

# No employee has this id: whoever may see it may see every employee, wherever they work.
NOBODY = EmployeeRef("")


class StoreDirectory:
    """`kinerja.policy.DirectoryView` over identity's tables, memoised per request."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._unit_paths_of: dict[tuple[str, date], tuple[str, ...] | None] = {}
        self._supervisors: dict[tuple[str, date], str | None] = {}
        self._unit_paths: dict[str, tuple[str, ...] | None] = {}

    async def unit_path_of(self, employee_id: str, day: date) -> tuple[str, ...] | None:
        """Root-to-unit ids of the employee's unit on `day`."""
        key = (employee_id, day)
        if key not in self._unit_paths_of:
            async with self._sessions() as session:
                unit = await unit_on(session, employee_id, day)
            self._unit_paths_of[key] = None if unit is None else unit.path_ids
        return self._unit_paths_of[key]

    async def supervisor_of(self, employee_id: str, day: date) -> str | None:
        """The employee's direct superior on `day`."""
        key = (employee_id, day)
        if key not in self._supervisors:
            async with self._sessions() as session:
                self._supervisors[key] = await supervisor_id(session, employee_id, day)
        return self._supervisors[key]

    async def unit_path(self, unit_id: str) -> tuple[str, ...] | None:
        """Root-to-unit ids of a unit."""
        if unit_id not in self._unit_paths:
            async with self._sessions() as session:
                unit = await store.get_unit(session, unit_id) if unit_id else None
            self._unit_paths[unit_id] = None if unit is None else unit.path_ids
        return self._unit_paths[unit_id]


async def _everyone_under(session: AsyncSession, employee_id: str, day: date) -> set[str]:
    found: set[str] = set()
    frontier = [employee_id]
    for _ in range(MAX_CHAIN):
        below = {row.id for boss in frontier for row in await subordinates_of(session, boss, day)}
        frontier = sorted(below - found - {employee_id})
        if not frontier:
            break
        found.update(frontier)
    return found


async def employee_scope(
    sessions: async_sessionmaker[AsyncSession],
    principal: Principal,
    day: date,
    directory: StoreDirectory,
) -> EmployeeScope | None:
    """Who a list may show the caller (None: everyone): themself, their chain of command,
    everyone under them, and whoever works in a subtree they hold a grant over."""
    if await can_view(principal, NOBODY, day, directory):
        return None
    if not principal.is_employee or principal.subject is None:
        return EmployeeScope(frozenset(), ())
    me = principal.subject
    ids = {me, *await chain_of_command(me, day, directory)}
    async with sessions() as session:
        ids |= await _everyone_under(session, me, day)
        granted = {grant.unit_id for grant in principal.grants if grant.unit_id}
        units = await store.get_units(session, granted)
    return EmployeeScope(frozenset(ids), tuple(sorted(unit.path for unit in units)))
