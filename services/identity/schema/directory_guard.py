"""Who may change which part of the directory: `can_change(…, area=DIRECTORY)` on the unit.

Each check raises the same NotFoundError the use case raises for a missing record.
"""

from __future__ import annotations

from kinerja.errors import NotFoundError
from kinerja.graphql import Info
from kinerja.policy import EmployeeRef, UnitRef
from services.identity import store
from services.identity.schema import guard


async def require_unit(info: Info, unit_id: str, *, what: str = "org unit") -> None:
    """The caller may change the unit (and its positions)."""
    await guard.require_change(info, UnitRef(unit_id), what=what, id=unit_id)


async def require_position(info: Info, position_id: str, *, what: str = "position") -> None:
    """The caller may change the unit the position belongs to."""
    async with info.context.read() as session:
        position = await store.get_position(session, position_id)
    if position is None:
        raise NotFoundError(what, position_id)
    await guard.require_change(info, UnitRef(position.unit_id), what=what, id=position_id)


async def require_assignment(info: Info, assignment_id: str) -> None:
    """The caller may change the unit of the assignment's position."""
    async with info.context.read() as session:
        assignment = await store.get_assignment(session, assignment_id)
        position = (
            None
            if assignment is None
            else await store.get_position(session, assignment.position_id)
        )
    if position is None:
        raise NotFoundError("assignment", assignment_id)
    target = UnitRef(position.unit_id)
    await guard.require_change(info, target, what="assignment", id=assignment_id)


async def require_employee(info: Info, employee_id: str) -> None:
    """The caller may change the employee's directory data (by the unit they work in)."""
    await guard.require_change(info, EmployeeRef(employee_id), what="employee", id=employee_id)


async def require_placeable(info: Info, employee_id: str) -> None:
    """An employee without a post may be placed by whoever may change the position's unit;
    one with a post only by whoever may change their directory data."""
    path = await guard.directory(info).unit_path_of(employee_id, guard.today(info))
    if path is not None:
        await require_employee(info, employee_id)


async def require_employee_creation(info: Info) -> None:
    """The caller may change the directory somewhere (a new employee has no unit yet)."""
    principal = info.context.principal
    targets = [guard.ROOT, *[UnitRef(g.unit_id) for g in principal.grants if g.unit_id]]
    for target in targets:
        if await guard.may_change(info, target):
            return
    refused = NotFoundError("org unit", "root")
    refused.message = "no org unit found where employees may be added"
    raise refused
