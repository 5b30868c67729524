"""Use cases of assignments: who holds which position from/to, definitive or acting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.identity import store
from services.identity.domain import (
    AssignmentKind,
    AssignmentOverlapError,
    Tenure,
    check_assignment,
    check_assignment_dates,
)
from services.identity.events import publish_assignment
from services.identity.service.common import found
from services.identity.store import AssignmentRow


@dataclass(frozen=True)
class NewAssignment:
    """Input of `assign_employee`; `end` None means open-ended."""

    employee_id: str
    position_id: str
    kind: AssignmentKind
    start: date
    end: date | None = None


def tenure_of(row: AssignmentRow) -> Tenure:
    """The rules' view of an assignment row."""
    return Tenure(row.id, row.employee_id, row.position_id, row.kind, row.start_date, row.end_date)


async def assign_employee(
    session: AsyncSession, new: NewAssignment, *, assignment_id: str, now: datetime
) -> AssignmentRow:
    """Put an employee in a position from `start` (to `end`) unless it overlaps what it may not."""
    check_assignment_dates(new.start, new.end)
    candidate = Tenure(
        assignment_id, new.employee_id, new.position_id, new.kind, new.start, new.end
    )
    await _check_against_others(session, candidate)
    assignment = AssignmentRow(
        id=assignment_id,
        employee_id=new.employee_id,
        position_id=new.position_id,
        kind=new.kind,
        start_date=new.start,
        end_date=new.end,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(assignment)
    await session.flush()
    publish_assignment(session, assignment)
    return assignment


async def end_assignment(
    session: AsyncSession, assignment_id: str, *, end: date, now: datetime
) -> AssignmentRow:
    """Set (or move) an assignment's last day; it may not end before it starts."""
    assignment = await _get(session, assignment_id)
    check_assignment_dates(assignment.start_date, end)
    if assignment.end_date == end:
        return assignment
    candidate = Tenure(
        assignment.id,
        assignment.employee_id,
        assignment.position_id,
        assignment.kind,
        assignment.start_date,
        end,
    )
    await _check_against_others(session, candidate)
    assignment.end_date = end
    assignment.touch(now)
    await session.flush()
    publish_assignment(session, assignment)
    return assignment


async def delete_assignment(
    session: AsyncSession, assignment_id: str, *, now: datetime
) -> AssignmentRow:
    """Remove an assignment recorded by mistake; consumers get it with `deleted: true`."""
    assignment = await _get(session, assignment_id)
    await store.lock_employee(session, assignment.employee_id)
    assignment.touch(now)
    publish_assignment(session, assignment, deleted=True)
    await session.delete(assignment)
    await session.flush()
    return assignment


async def _get(session: AsyncSession, assignment_id: str) -> AssignmentRow:
    row = await store.get_assignment(session, assignment_id)
    return found(row, what="assignment", id=assignment_id)


async def _check_against_others(session: AsyncSession, candidate: Tenure) -> None:
    # Locks (PostgreSQL) make concurrent assignments of one employee or position wait in turn.
    employee = await store.lock_employee(session, candidate.employee_id)
    found(employee, what="employee", id=candidate.employee_id)
    position = await store.lock_position(session, candidate.position_id)
    found(position, what="position", id=candidate.position_id)
    others = await store.list_assignments_touching(
        session, employee_id=candidate.employee_id, position_id=candidate.position_id
    )
    try:
        check_assignment(candidate, [tenure_of(row) for row in others])
    except AssignmentOverlapError as exc:
        raise ConflictError(exc.message) from exc
