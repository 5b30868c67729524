"""Mutation inputs; each turns itself into the use case's own input."""

from __future__ import annotations

from datetime import date

import strawberry

from services.identity import service
from services.identity.domain import (
    AsnType,
    AssignmentKind,
    EmployeeStatus,
    JobType,
    OrgUnitType,
)
from services.identity.schema import types as _types  # noqa: F401 - registers the enums


def _given(value: object) -> bool:
    return value is not strawberry.UNSET


@strawberry.input(description="A new unit; without parentId it is a root.")
class CreateOrgUnitInput:
    """Input of createOrgUnit."""

    code: str
    name: str
    type: OrgUnitType
    time_zone: str = strawberry.field(description="IANA time zone, e.g. Asia/Jakarta.")
    parent_id: strawberry.ID | None = None

    def to_new(self) -> service.NewUnit:
        """The use case's input."""
        parent = None if self.parent_id is None else str(self.parent_id)
        return service.NewUnit(self.code, self.name, self.type, self.time_zone, parent)


@strawberry.input(description="Changes to a unit; omitted fields stay as they are.")
class UpdateOrgUnitInput:
    """Input of updateOrgUnit."""

    id: strawberry.ID
    code: str | None = None
    name: str | None = None
    type: OrgUnitType | None = None
    time_zone: str | None = None
    active: bool | None = None

    def to_changes(self) -> service.UnitChanges:
        """The use case's input."""
        return service.UnitChanges(self.code, self.name, self.type, self.time_zone, self.active)


@strawberry.input(description="Where a unit moves; a null parentId makes it a root.")
class MoveOrgUnitInput:
    """Input of moveOrgUnit."""

    id: strawberry.ID
    parent_id: strawberry.ID | None


@strawberry.input(description="A new position in a unit.")
class CreatePositionInput:
    """Input of createPosition."""

    unit_id: strawberry.ID
    title: str
    job_type: JobType
    kelas_jabatan: int = strawberry.field(description="1–17.")
    reports_to_id: strawberry.ID | None = None

    def to_new(self) -> service.NewPosition:
        """The use case's input."""
        reports_to = None if self.reports_to_id is None else str(self.reports_to_id)
        return service.NewPosition(
            str(self.unit_id), self.title, self.job_type, self.kelas_jabatan, reports_to
        )


@strawberry.input(
    description="Changes to a position; omitted fields stay, null reportsToId clears."
)
class UpdatePositionInput:
    """Input of updatePosition."""

    id: strawberry.ID
    unit_id: strawberry.ID | None = None
    title: str | None = None
    job_type: JobType | None = None
    kelas_jabatan: int | None = None
    reports_to_id: strawberry.ID | None = strawberry.UNSET
    active: bool | None = None

    def to_changes(self) -> service.PositionChanges:
        """The use case's input."""
        reports_to: str | service.Keep | None = service.KEEP
        if _given(self.reports_to_id):
            reports_to = None if self.reports_to_id is None else str(self.reports_to_id)
        return service.PositionChanges(
            unit_id=None if self.unit_id is None else str(self.unit_id),
            title=self.title,
            job_type=self.job_type,
            kelas_jabatan=self.kelas_jabatan,
            reports_to_id=reports_to,
            active=self.active,
        )


@strawberry.input(description="A new employee; the NIP may contain spaces.")
class CreateEmployeeInput:
    """Input of createEmployee."""

    nip: str
    name: str
    asn_type: AsnType
    status: EmployeeStatus
    golongan: str | None = None

    def to_new(self) -> service.NewEmployee:
        """The use case's input."""
        return service.NewEmployee(self.nip, self.name, self.asn_type, self.status, self.golongan)


@strawberry.input(description="Changes to an employee; omitted fields stay, null golongan clears.")
class UpdateEmployeeInput:
    """Input of updateEmployee (the NIP never changes)."""

    id: strawberry.ID
    name: str | None = None
    asn_type: AsnType | None = None
    status: EmployeeStatus | None = None
    golongan: str | None = strawberry.UNSET

    def to_changes(self) -> service.EmployeeChanges:
        """The use case's input."""
        golongan = self.golongan if _given(self.golongan) else service.KEEP
        return service.EmployeeChanges(self.name, self.asn_type, self.status, golongan)


@strawberry.input(description="An assignment; without endDate it is open-ended.")
class AssignEmployeeInput:
    """Input of assignEmployee."""

    employee_id: strawberry.ID
    position_id: strawberry.ID
    kind: AssignmentKind
    start_date: date
    end_date: date | None = None

    def to_new(self) -> service.NewAssignment:
        """The use case's input."""
        return service.NewAssignment(
            str(self.employee_id), str(self.position_id), self.kind, self.start_date, self.end_date
        )


@strawberry.input(description="The last day (inclusive) of an assignment.")
class EndAssignmentInput:
    """Input of endAssignment."""

    id: strawberry.ID
    end_date: date


@strawberry.input(description="The assignment to remove.")
class DeleteAssignmentInput:
    """Input of deleteAssignment."""

    id: strawberry.ID
