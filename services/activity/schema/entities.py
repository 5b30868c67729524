# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""`Employee` (owned by identity) and `SkpItem` (owned by targets) extended with their logs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.activity.domain.logs import LogStatus
from services.activity.schema import guard
from services.activity.schema.attendance import EmployeeAttendanceFields
from services.activity.schema.log_types import ActivityLog
from services.activity.store import logs as store
from services.activity.store.logs import ActivityLogRow, log_cursor

MAX_RANGE_DAYS = 366


@strawberry.federation.type(keys=["id"], description="An employee (owned by identity).")
class Employee(EmployeeAttendanceFields):
    """An employee as activity knows them: an id, their logs and their attendance."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Employee:
        """A stub: what activity adds to an employee is resolved field by field."""
        return cls(id=id)

    @strawberry.field(description="The employee's logs between two dates (at most a year).")
    async def activities(
        self,
        info: Info,
        *,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        status: LogStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ActivityLog]:
        """A page of logs by date and time (empty when not visible to the caller)."""
        size = validate_page_size(first)
        rows: list[ActivityLogRow] = []
        in_range = from_ <= to and (to - from_).days <= MAX_RANGE_DAYS
        if in_range and await guard.may_view(info, str(self.id)):
            async with info.context.read() as session:
                rows = await store.list_employee_logs(
                    session,
                    str(self.id),
                    start=from_,
                    end=to,
                    status=status,
                    first=size,
                    after=decode_cursor(after),
                )
        return build_connection(
            rows, first=size, cursor_of=log_cursor, node_of=ActivityLog.from_row, after=after
        )


@strawberry.federation.type(keys=["id"], description="An SKP item (RHK, owned by targets).")
class SkpItem:
    """An SKP item as activity knows it: the logs that serve it."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> SkpItem:
        """A stub: the item's own fields come from targets."""
        return cls(id=id)

    @strawberry.field(description="The logs serving this item, by date and time.")
    async def activities(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActivityLog]:
        """A page of the item's logs (empty when the caller may not see its employee)."""
        size = validate_page_size(first)
        async with info.context.read() as session:
            rows = await store.list_item_logs(
                session, str(self.id), first=size, after=decode_cursor(after)
            )
        if rows and not await guard.may_view(info, rows[0].employee_id):
            rows = []
        return build_connection(
            rows, first=size, cursor_of=log_cursor, node_of=ActivityLog.from_row, after=after
        )
