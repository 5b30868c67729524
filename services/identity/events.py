"""What identity publishes: subjects and payloads (the directory replicas rely on these shapes).

Every payload carries the row's `version` (incremented on each change) and `updated_at`, so a
consumer can ignore an older state that arrives after a newer one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events import add_event
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow

SOURCE = "identity"
UNIT_UPSERTED = "identity.unit.upserted.v1"
POSITION_UPSERTED = "identity.position.upserted.v1"
EMPLOYEE_UPSERTED = "identity.employee.upserted.v1"
ASSIGNMENT_CHANGED = "identity.assignment.changed.v1"
SUBJECTS = (UNIT_UPSERTED, POSITION_UPSERTED, EMPLOYEE_UPSERTED, ASSIGNMENT_CHANGED)


def unit_payload(unit: OrgUnitRow) -> dict[str, Any]:
    """`identity.unit.upserted.v1` data: the unit with its path from the root."""
    return {
        "id": unit.id,
        "code": unit.code,
        "name": unit.name,
        "type": unit.type.value,
        "parent_id": unit.parent_id,
        "path": list(unit.path_ids),
        "time_zone": unit.time_zone,
        "active": unit.active,
        "version": unit.version,
        "updated_at": unit.updated_at.isoformat(),
    }


def position_payload(position: PositionRow) -> dict[str, Any]:
    """`identity.position.upserted.v1` data."""
    return {
        "id": position.id,
        "unit_id": position.unit_id,
        "title": position.title,
        "job_type": position.job_type.value,
        "kelas_jabatan": position.kelas_jabatan,
        "reports_to_id": position.reports_to_id,
        "active": position.active,
        "version": position.version,
        "updated_at": position.updated_at.isoformat(),
    }


def employee_payload(employee: EmployeeRow) -> dict[str, Any]:
    """`identity.employee.upserted.v1` data."""
    return {
        "id": employee.id,
        "nip": employee.nip,
        "name": employee.name,
        "asn_type": employee.asn_type.value,
        "status": employee.status.value,
        "golongan": employee.golongan,
        "version": employee.version,
        "updated_at": employee.updated_at.isoformat(),
    }


def assignment_payload(assignment: AssignmentRow, *, deleted: bool = False) -> dict[str, Any]:
    """`identity.assignment.changed.v1` data; `deleted` marks an assignment that was removed."""
    return {
        "id": assignment.id,
        "employee_id": assignment.employee_id,
        "position_id": assignment.position_id,
        "kind": assignment.kind.value,
        "start_date": assignment.start_date.isoformat(),
        "end_date": assignment.end_date.isoformat() if assignment.end_date else None,
        "deleted": deleted,
        "version": assignment.version,
        "updated_at": assignment.updated_at.isoformat(),
    }


def publish_unit(session: AsyncSession, unit: OrgUnitRow) -> None:
    """Stage `identity.unit.upserted.v1` for a unit in the caller's transaction."""
    add_event(
        session,
        UNIT_UPSERTED,
        unit_payload(unit),
        source=SOURCE,
        subject=unit.id,
        now=unit.updated_at,
    )


def publish_position(session: AsyncSession, position: PositionRow) -> None:
    """Stage `identity.position.upserted.v1` for a position in the caller's transaction."""
    add_event(
        session,
        POSITION_UPSERTED,
        position_payload(position),
        source=SOURCE,
        subject=position.id,
        now=position.updated_at,
    )


def publish_employee(session: AsyncSession, employee: EmployeeRow) -> None:
    """Stage `identity.employee.upserted.v1` for an employee in the caller's transaction."""
    add_event(
        session,
        EMPLOYEE_UPSERTED,
        employee_payload(employee),
        source=SOURCE,
        subject=employee.id,
        now=employee.updated_at,
    )


def publish_assignment(
    session: AsyncSession, assignment: AssignmentRow, *, deleted: bool = False
) -> None:
    """Stage `identity.assignment.changed.v1` for an assignment in the caller's transaction."""
    add_event(
        session,
        ASSIGNMENT_CHANGED,
        assignment_payload(assignment, deleted=deleted),
        source=SOURCE,
        subject=assignment.id,
        now=assignment.updated_at,
    )
