"""Per-request DataLoaders: each batch is one query, whatever the shape of the request."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from kinerja.graphql import Info
from services.identity import store
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow


async def _units(session: AsyncSession, ids: list[str]) -> list[OrgUnitRow | None]:
    by_id = {row.id: row for row in await store.get_units(session, ids)}
    return [by_id.get(i) for i in ids]


async def _positions(session: AsyncSession, ids: list[str]) -> list[PositionRow | None]:
    by_id = {row.id: row for row in await store.get_positions(session, ids)}
    return [by_id.get(i) for i in ids]


async def _employees(session: AsyncSession, ids: list[str]) -> list[EmployeeRow | None]:
    by_id = {row.id: row for row in await store.get_employees(session, ids)}
    return [by_id.get(i) for i in ids]


async def _children(session: AsyncSession, ids: list[str]) -> list[list[OrgUnitRow]]:
    grouped: dict[str | None, list[OrgUnitRow]] = defaultdict(list)
    for row in await store.list_children(session, ids):
        grouped[row.parent_id].append(row)
    return [grouped[i] for i in ids]


async def _assignments(session: AsyncSession, ids: list[str]) -> list[list[AssignmentRow]]:
    grouped: dict[str, list[AssignmentRow]] = defaultdict(list)
    for row in await store.list_assignments_of_employees(session, ids):
        grouped[row.employee_id].append(row)
    return [grouped[i] for i in ids]


def units(info: Info) -> DataLoader[str, OrgUnitRow | None]:
    """Units by id."""
    loader: DataLoader[Any, Any] = info.context.loader("identity.units", _units)
    return loader


def positions(info: Info) -> DataLoader[str, PositionRow | None]:
    """Positions by id."""
    loader: DataLoader[Any, Any] = info.context.loader("identity.positions", _positions)
    return loader


def employees(info: Info) -> DataLoader[str, EmployeeRow | None]:
    """Employees by id."""
    loader: DataLoader[Any, Any] = info.context.loader("identity.employees", _employees)
    return loader


def children(info: Info) -> DataLoader[str, list[OrgUnitRow]]:
    """Direct children of units, by code."""
    loader: DataLoader[Any, Any] = info.context.loader("identity.children", _children)
    return loader


def assignments(info: Info) -> DataLoader[str, list[AssignmentRow]]:
    """Assignments of employees, newest first."""
    loader: DataLoader[Any, Any] = info.context.loader("identity.assignments", _assignments)
    return loader
