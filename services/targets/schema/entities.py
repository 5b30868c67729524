# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""`Employee` (owned by identity) extended with the employee's SKPs."""

from __future__ import annotations

from datetime import date

import strawberry

from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.targets import store
from services.targets.schema import guard
from services.targets.schema.skp_types import Skp
from services.targets.store import SkpRow


def _cursor(row: SkpRow) -> list[object]:
    return [row.period_start.isoformat(), row.id]


@strawberry.federation.type(keys=["id"], description="An employee (owned by identity).")
class Employee:
    """An employee as targets knows them: an id, and their SKPs."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Employee:
        """A stub: what targets adds to an employee is resolved field by field."""
        return cls(id=id)

    @strawberry.field(description="The current SKP version whose period covers the day.")
    async def skp(self, info: Info, on: date) -> Skp | None:
        """The employee's SKP on a day (null when none, or not visible to the caller)."""
        if not await guard.may_view(info, str(self.id)):
            return None
        async with info.context.read() as session:
            row = await store.skp_covering(session, str(self.id), on)
        return Skp.from_row(row) if row else None

    @strawberry.field(description="The employee's current SKP versions, by period.")
    async def skps(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Skp]:
        """A page of the employee's SKPs (empty when not visible to the caller)."""
        size = validate_page_size(first)
        rows: list[SkpRow] = []
        if await guard.may_view(info, str(self.id)):
            async with info.context.read() as session:
                rows = await store.list_employee_skps(
                    session, str(self.id), first=size, after=decode_cursor(after)
                )
        return build_connection(
            rows, first=size, cursor_of=_cursor, node_of=Skp.from_row, after=after
        )
