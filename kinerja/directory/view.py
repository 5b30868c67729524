"""`kinerja.policy.DirectoryView` over a service's directory replica, memoised per request.

A service's resolvers ask the policy about `policy_day(now)` (the capital's date) with the
request's one `request_directory(context)`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.directory import replica
from kinerja.graphql.context import Context

CAPITAL = ZoneInfo("Asia/Jakarta")
_REQUEST_KEY = "kinerja.directory.view"


class ReplicaDirectory:
    """What the policy asks about the organisation, answered from the local replica."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._unit_paths_of: dict[tuple[str, date], tuple[str, ...] | None] = {}
        self._supervisors: dict[tuple[str, date], str | None] = {}
        self._unit_paths: dict[str, tuple[str, ...] | None] = {}

    async def unit_path_of(self, employee_id: str, day: date) -> tuple[str, ...] | None:
        """Root-to-unit ids of the unit of the employee's position on `day`."""
        key = (employee_id, day)
        if key not in self._unit_paths_of:
            async with self._sessions() as session:
                position = await replica.position_of(session, employee_id, day)
                path = await replica.unit_path(session, position.unit_id) if position else []
            self._unit_paths_of[key] = tuple(path) or None
        return self._unit_paths_of[key]

    async def supervisor_of(self, employee_id: str, day: date) -> str | None:
        """The employee's direct superior on `day`."""
        key = (employee_id, day)
        if key not in self._supervisors:
            async with self._sessions() as session:
                self._supervisors[key] = await replica.supervisor_of(session, employee_id, day)
        return self._supervisors[key]

    async def unit_path(self, unit_id: str) -> tuple[str, ...] | None:
        """Root-to-unit ids of a unit (None for a unit the replica has not seen)."""
        if unit_id not in self._unit_paths:
            async with self._sessions() as session:
                path = await replica.unit_path(session, unit_id)
            self._unit_paths[unit_id] = tuple(path) or None
        return self._unit_paths[unit_id]


def policy_day(now: datetime) -> date:
    """The day the policy is asked about for a request at `now` (the capital's date)."""
    return now.astimezone(CAPITAL).date()


def request_directory(context: Context) -> ReplicaDirectory:
    """The request's memoised view of the organisation, read with the request's readers."""
    return context.memo(_REQUEST_KEY, lambda: ReplicaDirectory(context.readers))
