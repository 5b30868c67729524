# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The directory's GraphQL types; `Employee` and `OrgUnit` are federation entities."""

from __future__ import annotations

from datetime import date

import strawberry

from kinerja.graphql import Info
from services.identity import service
from services.identity.domain import (
    AsnType,
    AssignmentKind,
    EmployeeStatus,
    Gender,
    JobType,
    OrgUnitType,
)
from services.identity.schema import guard, loaders
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow

# The domain's enums are the schema's enums (registering them leaves the domain module pure).
strawberry.enum(OrgUnitType, description="Kind of organisation unit.")
strawberry.enum(JobType, description="Job type of a position (JPT, JF, …).")
strawberry.enum(AsnType, description="PNS (career) or PPPK (contract).")
strawberry.enum(EmployeeStatus, description="Employment status.")
strawberry.enum(Gender, description="Gender as encoded in the NIP.")
strawberry.enum(
    AssignmentKind, description="Definitive, or acting: Plt (pelaksana tugas), Plh (harian)."
)

ON_DESCRIPTION = "The day asked about; today in the unit's time zone when omitted."


@strawberry.federation.type(keys=["id"], description="A unit of the organisation tree.")
class OrgUnit:
    """An org unit (owned by identity)."""

    id: strawberry.ID
    code: str
    name: str
    type: OrgUnitType
    time_zone: str = strawberry.field(description="IANA time zone, e.g. Asia/Makassar.")
    active: bool
    path: list[strawberry.ID] = strawberry.field(description="Ids from the root to this unit.")
    parent_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: OrgUnitRow) -> OrgUnit:
        """The GraphQL view of a unit row."""
        return cls(
            id=strawberry.ID(row.id),
            code=row.code,
            name=row.name,
            type=row.type,
            time_zone=row.time_zone,
            active=row.active,
            path=[strawberry.ID(i) for i in row.path_ids],
            parent_id=row.parent_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> OrgUnit | None:
        """Load a referenced unit through the request's DataLoader."""
        return await load_unit(info, str(id))

    @strawberry.field(description="The unit above this one (null for a root).")
    async def parent(self, info: Info) -> OrgUnit | None:
        """The parent unit."""
        return None if self.parent_id is None else await load_unit(info, self.parent_id)

    @strawberry.field(description="The units directly below this one, by code.")
    async def children(self, info: Info) -> list[OrgUnit]:
        """The child units."""
        return [OrgUnit.from_row(row) for row in await loaders.children(info).load(str(self.id))]

    @strawberry.field(description="The units above this one, root first.")
    async def ancestors(self, info: Info) -> list[OrgUnit]:
        """The ancestor units."""
        rows = await loaders.units(info).load_many([str(i) for i in self.path[:-1]])
        return [OrgUnit.from_row(row) for row in rows if row is not None]


@strawberry.type(description="A position (jabatan) in a unit.")
class Position:
    """A position and its reports-to line."""

    id: strawberry.ID
    title: str
    job_type: JobType
    kelas_jabatan: int = strawberry.field(description="Grade 1–17 that sets the allowance.")
    active: bool
    unit_id: strawberry.Private[str]
    reports_to_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: PositionRow) -> Position:
        """The GraphQL view of a position row."""
        return cls(
            id=strawberry.ID(row.id),
            title=row.title,
            job_type=row.job_type,
            kelas_jabatan=row.kelas_jabatan,
            active=row.active,
            unit_id=row.unit_id,
            reports_to_id=row.reports_to_id,
        )

    @strawberry.field(description="The unit the position belongs to.")
    async def unit(self, info: Info) -> OrgUnit | None:
        """The position's unit."""
        return await load_unit(info, self.unit_id)

    @strawberry.field(description="The position this one reports to.")
    async def reports_to(self, info: Info) -> Position | None:
        """The reports-to position."""
        return None if self.reports_to_id is None else await load_position(info, self.reports_to_id)


@strawberry.type(description="Who holds which position from/to (inclusive).")
class Assignment:
    """An assignment of an employee to a position."""

    id: strawberry.ID
    kind: AssignmentKind
    start_date: date
    end_date: date | None
    employee_id: strawberry.Private[str]
    position_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: AssignmentRow) -> Assignment:
        """The GraphQL view of an assignment row."""
        return cls(
            id=strawberry.ID(row.id),
            kind=row.kind,
            start_date=row.start_date,
            end_date=row.end_date,
            employee_id=row.employee_id,
            position_id=row.position_id,
        )

    @strawberry.field(description="The employee assigned.")
    async def employee(self, info: Info) -> Employee | None:
        """The assigned employee."""
        return await load_employee(info, self.employee_id)

    @strawberry.field(description="The position held.")
    async def position(self, info: Info) -> Position | None:
        """The held position."""
        return await load_position(info, self.position_id)


@strawberry.federation.type(keys=["id"], description="A civil servant (ASN).")
class Employee:
    """An employee (owned by identity)."""

    id: strawberry.ID
    nip: str = strawberry.field(description="18-digit NIP, without spaces.")
    name: str
    asn_type: AsnType
    status: EmployeeStatus
    golongan: str | None = strawberry.field(description="Rank: I/a … IV/e (PPPK: I … XVII).")
    birth_date: date
    appointment_date: date = strawberry.field(description="First day of the appointment month.")
    gender: Gender

    @classmethod
    def from_row(cls, row: EmployeeRow) -> Employee:
        """The GraphQL view of an employee row."""
        return cls(
            id=strawberry.ID(row.id),
            nip=row.nip,
            name=row.name,
            asn_type=row.asn_type,
            status=row.status,
            golongan=row.golongan,
            birth_date=row.birth_date,
            appointment_date=row.appointment_date,
            gender=row.gender,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Employee | None:
        """Load a referenced employee through the request's DataLoader."""
        return await load_employee(info, str(id))

    @strawberry.field(description="The employee's own position on a day (definitive first).")
    async def position(self, info: Info, on: date | None = None) -> Position | None:
        """The position held on `on`."""
        async with info.context.read() as session:
            day = on or await service.employee_today(session, self.id, now=info.context.now())
            row = await service.position_on(session, self.id, day)
        return None if row is None else Position.from_row(row)

    @strawberry.field(description="The unit of the employee's own position on a day.")
    async def unit(self, info: Info, on: date | None = None) -> OrgUnit | None:
        """The unit on `on`."""
        async with info.context.read() as session:
            day = on or await service.employee_today(session, self.id, now=info.context.now())
            row = await service.unit_on(session, self.id, day)
        return None if row is None else OrgUnit.from_row(row)

    @strawberry.field(description="The direct superior (atasan langsung) on a day.")
    async def supervisor(self, info: Info, on: date | None = None) -> Employee | None:
        """The supervisor on `on`."""
        async with info.context.read() as session:
            day = on or await service.employee_today(session, self.id, now=info.context.now())
            row = await service.supervisor_of(session, self.id, day)
        if row is None or not await guard.may_view_employee(info, row.id):
            return None
        return Employee.from_row(row)

    @strawberry.field(description="Everyone whose direct superior is this employee on a day.")
    async def subordinates(self, info: Info, on: date | None = None) -> list[Employee]:
        """The subordinates on `on`, by name."""
        async with info.context.read() as session:
            day = on or await service.employee_today(session, self.id, now=info.context.now())
            rows = await service.subordinates_of(session, self.id, day)
        return [
            Employee.from_row(row) for row in rows if await guard.may_view_employee(info, row.id)
        ]

    @strawberry.field(description="Every assignment of the employee, newest first.")
    async def assignments(self, info: Info) -> list[Assignment]:
        """The employee's assignments."""
        rows = await loaders.assignments(info).load(str(self.id))
        return [Assignment.from_row(row) for row in rows]


async def load_unit(info: Info, unit_id: str) -> OrgUnit | None:
    """A unit by id through the request's DataLoader (None: missing, or not for this caller)."""
    if not await guard.may_read_directory(info):
        return None
    row = await loaders.units(info).load(unit_id)
    return None if row is None else OrgUnit.from_row(row)


async def load_position(info: Info, position_id: str) -> Position | None:
    """A position by id through the request's DataLoader (None: missing, or not visible)."""
    if not await guard.may_read_directory(info):
        return None
    row = await loaders.positions(info).load(position_id)
    return None if row is None else Position.from_row(row)


async def load_employee(info: Info, employee_id: str) -> Employee | None:
    """An employee by id through the request's DataLoader (None: missing, or not visible)."""
    if not await guard.may_view_employee(info, employee_id):
        return None
    row = await loaders.employees(info).load(employee_id)
    return None if row is None else Employee.from_row(row)
