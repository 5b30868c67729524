# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Read side of the directory: units, subtrees, positions, employees (by id, NIP, search)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.identity import store
from services.identity.domain import DEFAULT_TIME_ZONE, local_date, normalize_nip
from services.identity.schema import guard
from services.identity.schema.types import (
    ON_DESCRIPTION,
    Employee,
    OrgUnit,
    Position,
    load_employee,
    load_position,
    load_unit,
)
from services.identity.service.view import employee_scope


async def _visible_only(info: Info, connection: Connection[Employee]) -> Connection[Employee]:
    """The page without whoever the policy hides (the SQL filter is a superset of it)."""
    connection.edges = [
        edge for edge in connection.edges if await guard.may_view_employee(info, str(edge.node.id))
    ]
    return connection


@strawberry.type
class Query:
    """Identity's root queries."""

    @strawberry.field(description="A unit by id.")
    async def org_unit(self, info: Info, id: strawberry.ID) -> OrgUnit | None:
        """A unit by id."""
        return await load_unit(info, str(id))

    @strawberry.field(description="A unit and all units below it, in tree order.")
    async def org_unit_subtree(
        self, info: Info, id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[OrgUnit]:
        """A page of a unit's subtree (the unit first)."""
        size = validate_page_size(first)
        async with info.context.read() as session:
            unit = await store.get_unit(session, str(id))
            if unit is None or not await guard.may_read_directory(info):
                raise NotFoundError("org unit", str(id))
            rows = await store.list_subtree_page(
                session, unit, first=size, after=decode_cursor(after)
            )
        return build_connection(
            rows, first=size, cursor_of=lambda r: [r.path], node_of=OrgUnit.from_row, after=after
        )

    @strawberry.field(description="A position by id.")
    async def position(self, info: Info, id: strawberry.ID) -> Position | None:
        """A position by id."""
        return await load_position(info, str(id))

    @strawberry.field(description="Positions of one unit (or all), by title.")
    async def positions(
        self,
        info: Info,
        unit_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Position]:
        """A page of positions."""
        size = validate_page_size(first)
        if not await guard.may_read_directory(info):
            return build_connection([], first=size, cursor_of=list, node_of=Position.from_row)
        async with info.context.read() as session:
            rows = await store.list_positions_page(
                session,
                unit_id=None if unit_id is None else str(unit_id),
                first=size,
                after=decode_cursor(after),
            )
        return build_connection(
            rows,
            first=size,
            cursor_of=lambda r: [r.title, r.id],
            node_of=Position.from_row,
            after=after,
        )

    @strawberry.field(description="An employee by id.")
    async def employee(self, info: Info, id: strawberry.ID) -> Employee | None:
        """An employee by id."""
        return await load_employee(info, str(id))

    @strawberry.field(description="An employee by NIP (spaces allowed).")
    async def employee_by_nip(self, info: Info, nip: str) -> Employee | None:
        """An employee by NIP."""
        async with info.context.read() as session:
            row = await store.get_employee_by_nip(session, normalize_nip(nip))
        if row is None or not await guard.may_view_employee(info, row.id):
            return None
        return Employee.from_row(row)

    @strawberry.field(description="Employees by name-word or NIP prefix, in a unit's subtree.")
    async def employees(
        self,
        info: Info,
        *,
        search: str | None = None,
        unit_id: strawberry.ID | None = None,
        on: Annotated[date | None, strawberry.argument(description=ON_DESCRIPTION)] = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Employee]:
        """A page of employees by name."""
        size = validate_page_size(first)
        scope = await employee_scope(
            info.context.session_factory,
            info.context.principal,
            guard.today(info),
            guard.directory(info),
        )
        async with info.context.read() as session:
            unit = None
            if unit_id is not None:
                unit = await store.get_unit(session, str(unit_id))
                if unit is None or not await guard.may_read_directory(info):
                    raise NotFoundError("org unit", str(unit_id))
            time_zone = unit.time_zone if unit else DEFAULT_TIME_ZONE
            rows = await store.search_employees_page(
                session,
                search=search,
                unit=unit,
                day=on or local_date(info.context.now(), time_zone),
                first=size,
                after=decode_cursor(after),
                within=scope,
            )
        connection = build_connection(
            rows,
            first=size,
            cursor_of=lambda r: [r.name, r.id],
            node_of=Employee.from_row,
            after=after,
        )
        return connection if scope is None else await _visible_only(info, connection)
