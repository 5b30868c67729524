# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Write side of the directory: each mutation is one use case in one transaction."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from services.identity import service
from services.identity.schema import directory_guard, guard
from services.identity.schema.inputs import (
    AssignEmployeeInput,
    CreateEmployeeInput,
    CreateOrgUnitInput,
    CreatePositionInput,
    DeleteAssignmentInput,
    EndAssignmentInput,
    MoveOrgUnitInput,
    UpdateEmployeeInput,
    UpdateOrgUnitInput,
    UpdatePositionInput,
)
from services.identity.schema.types import Assignment, Employee, OrgUnit, Position
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow


@strawberry.type
class OrgUnitPayload:
    """The unit as it is after the change."""

    org_unit: OrgUnit


@strawberry.type
class PositionPayload:
    """The position as it is after the change."""

    position: Position


@strawberry.type
class EmployeePayload:
    """The employee as they are after the change."""

    employee: Employee


@strawberry.type
class AssignmentPayload:
    """The assignment as it is after the change."""

    assignment: Assignment


@strawberry.type
class DeleteAssignmentPayload:
    """The id of the assignment that was removed."""

    deleted_id: strawberry.ID


CreateOrgUnitResult = Annotated[
    OrgUnitPayload | ValidationFailed | NotFound | Conflict, strawberry.union("CreateOrgUnitResult")
]
UpdateOrgUnitResult = Annotated[
    OrgUnitPayload | ValidationFailed | NotFound | Conflict, strawberry.union("UpdateOrgUnitResult")
]
MoveOrgUnitResult = Annotated[
    OrgUnitPayload | ValidationFailed | NotFound | Conflict, strawberry.union("MoveOrgUnitResult")
]
CreatePositionResult = Annotated[
    PositionPayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("CreatePositionResult"),
]
UpdatePositionResult = Annotated[
    PositionPayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("UpdatePositionResult"),
]
CreateEmployeeResult = Annotated[
    EmployeePayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("CreateEmployeeResult"),
]
UpdateEmployeeResult = Annotated[
    EmployeePayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("UpdateEmployeeResult"),
]
AssignEmployeeResult = Annotated[
    AssignmentPayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("AssignEmployeeResult"),
]
EndAssignmentResult = Annotated[
    AssignmentPayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("EndAssignmentResult"),
]
DeleteAssignmentResult = Annotated[
    DeleteAssignmentPayload | ValidationFailed | NotFound | Conflict,
    strawberry.union("DeleteAssignmentResult"),
]


def _new_id() -> str:
    return str(uuid.uuid4())


@strawberry.type
class Mutation:
    """Identity's directory mutations (each checked by the policy and audited)."""

    @strawberry.mutation(description="Add a unit to the organisation tree.")
    @mutation_errors
    async def create_org_unit(self, info: Info, input: CreateOrgUnitInput) -> CreateOrgUnitResult:
        """Create a unit."""
        new = input.to_new()
        await guard.require_parent(info, new.parent_id)
        row = await guard.audited(
            info,
            "org_unit.create",
            ("OrgUnit", OrgUnitRow, None),
            lambda s: service.create_unit(s, new, unit_id=_new_id(), now=info.context.now()),
        )
        return OrgUnitPayload(org_unit=OrgUnit.from_row(row))

    @strawberry.mutation(description="Change a unit's code, name, type, time zone or status.")
    @mutation_errors
    async def update_org_unit(self, info: Info, input: UpdateOrgUnitInput) -> UpdateOrgUnitResult:
        """Update a unit."""
        unit_id = str(input.id)
        await directory_guard.require_unit(info, unit_id)
        row = await guard.audited(
            info,
            "org_unit.update",
            ("OrgUnit", OrgUnitRow, unit_id),
            lambda s: service.update_unit(s, unit_id, input.to_changes(), now=info.context.now()),
        )
        return OrgUnitPayload(org_unit=OrgUnit.from_row(row))

    @strawberry.mutation(description="Move a unit (and its subtree) under another parent.")
    @mutation_errors
    async def move_org_unit(self, info: Info, input: MoveOrgUnitInput) -> MoveOrgUnitResult:
        """Move a unit."""
        unit_id = str(input.id)
        parent_id = None if input.parent_id is None else str(input.parent_id)
        await directory_guard.require_unit(info, unit_id)
        await guard.require_parent(info, parent_id)
        row = await guard.audited(
            info,
            "org_unit.move",
            ("OrgUnit", OrgUnitRow, unit_id),
            lambda s: service.move_unit(s, unit_id, parent_id=parent_id, now=info.context.now()),
        )
        return OrgUnitPayload(org_unit=OrgUnit.from_row(row))

    @strawberry.mutation(description="Add a position to a unit.")
    @mutation_errors
    async def create_position(self, info: Info, input: CreatePositionInput) -> CreatePositionResult:
        """Create a position."""
        new = input.to_new()
        await directory_guard.require_unit(info, new.unit_id)
        row = await guard.audited(
            info,
            "position.create",
            ("Position", PositionRow, None),
            lambda s: service.create_position(
                s, new, position_id=_new_id(), now=info.context.now()
            ),
        )
        return PositionPayload(position=Position.from_row(row))

    @strawberry.mutation(description="Change a position (unit, title, grade, reports-to, status).")
    @mutation_errors
    async def update_position(self, info: Info, input: UpdatePositionInput) -> UpdatePositionResult:
        """Update a position."""
        position_id, changes = str(input.id), input.to_changes()
        await directory_guard.require_position(info, position_id)
        if changes.unit_id is not None:
            await directory_guard.require_unit(info, changes.unit_id)
        row = await guard.audited(
            info,
            "position.update",
            ("Position", PositionRow, position_id),
            lambda s: service.update_position(s, position_id, changes, now=info.context.now()),
        )
        return PositionPayload(position=Position.from_row(row))

    @strawberry.mutation(description="Register an employee under a valid, unused NIP.")
    @mutation_errors
    async def create_employee(self, info: Info, input: CreateEmployeeInput) -> CreateEmployeeResult:
        """Create an employee (and their account, without a password)."""
        await directory_guard.require_employee_creation(info)
        new = input.to_new()
        row = await guard.audited(
            info,
            "employee.create",
            ("Employee", EmployeeRow, None),
            lambda s: service.create_employee(
                s, new, employee_id=_new_id(), now=info.context.now()
            ),
        )
        return EmployeePayload(employee=Employee.from_row(row))

    @strawberry.mutation(description="Change an employee's name, ASN type, status or golongan.")
    @mutation_errors
    async def update_employee(self, info: Info, input: UpdateEmployeeInput) -> UpdateEmployeeResult:
        """Update an employee."""
        employee_id = str(input.id)
        await directory_guard.require_employee(info, employee_id)
        row = await guard.audited(
            info,
            "employee.update",
            ("Employee", EmployeeRow, employee_id),
            lambda s: service.update_employee(
                s, employee_id, input.to_changes(), now=info.context.now()
            ),
        )
        return EmployeePayload(employee=Employee.from_row(row))

    @strawberry.mutation(description="Assign an employee to a position, definitively or acting.")
    @mutation_errors
    async def assign_employee(self, info: Info, input: AssignEmployeeInput) -> AssignEmployeeResult:
        """Create an assignment."""
        new = input.to_new()
        await directory_guard.require_position(info, new.position_id)
        await directory_guard.require_placeable(info, new.employee_id)
        row = await guard.audited(
            info,
            "assignment.create",
            ("Assignment", AssignmentRow, None),
            lambda s: service.assign_employee(
                s, new, assignment_id=_new_id(), now=info.context.now()
            ),
        )
        return AssignmentPayload(assignment=Assignment.from_row(row))

    @strawberry.mutation(description="Set (or move) the last day of an assignment.")
    @mutation_errors
    async def end_assignment(self, info: Info, input: EndAssignmentInput) -> EndAssignmentResult:
        """End an assignment."""
        assignment_id = str(input.id)
        await directory_guard.require_assignment(info, assignment_id)
        row = await guard.audited(
            info,
            "assignment.end",
            ("Assignment", AssignmentRow, assignment_id),
            lambda s: service.end_assignment(
                s, assignment_id, end=input.end_date, now=info.context.now()
            ),
        )
        return AssignmentPayload(assignment=Assignment.from_row(row))

    @strawberry.mutation(description="Remove an assignment recorded by mistake.")
    @mutation_errors
    async def delete_assignment(
        self, info: Info, input: DeleteAssignmentInput
    ) -> DeleteAssignmentResult:
        """Delete an assignment."""
        assignment_id = str(input.id)
        await directory_guard.require_assignment(info, assignment_id)
        row = await guard.audited(
            info,
            "assignment.delete",
            ("Assignment", AssignmentRow, assignment_id),
            lambda s: service.delete_assignment(s, assignment_id, now=info.context.now()),
            deleted=True,
        )
        return DeleteAssignmentPayload(deleted_id=strawberry.ID(row.id))
