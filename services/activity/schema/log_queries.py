# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Read side of logs: one log, and the caller's verification queue."""

from __future__ import annotations

import strawberry

from kinerja.directory import replica
from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.activity.schema import guard
from services.activity.schema.log_types import ActivityLog
from services.activity.store import logs as store
from services.activity.store.logs import ActivityLogRow, log_cursor


@strawberry.type
class LogQuery:
    """Queries about activity logs."""

    @strawberry.field(description="A log by id (null when missing or not visible).")
    async def activity_log(self, info: Info, id: strawberry.ID) -> ActivityLog | None:
        """One log the caller may see."""
        async with info.context.read() as session:
            row = await store.get_log(session, str(id))
        if row is None or not await guard.may_view(info, row.employee_id):
            return None
        return ActivityLog.from_row(row)

    @strawberry.field(description="Submitted logs the caller verifies, oldest first.")
    async def verification_queue(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActivityLog]:
        """Logs of the caller's direct subordinates waiting for review (on the log's date)."""
        size = validate_page_size(first)
        principal = info.context.principal
        rows: list[ActivityLogRow] = []
        if principal.is_employee and principal.subject is not None:
            rows = await _reviewable(info, str(principal.subject), size=size, after=after)
        return build_connection(
            rows, first=size, cursor_of=log_cursor, node_of=ActivityLog.from_row, after=after
        )


async def _reviewable(
    info: Info, superior: str, *, size: int, after: str | None
) -> list[ActivityLogRow]:
    """Up to size+1 submitted logs the caller approves on their dates, page after page.

    The team is today's; a log whose date falls under another superior is skipped, so the store
    is read again until the page is full (or the queue ends) and `hasNextPage` stays true.
    """
    async with info.context.read() as session:
        team = await replica.subordinates_of(session, superior, guard.today(info))
    found: list[ActivityLogRow] = []
    cursor = decode_cursor(after)
    while len(found) <= size:
        async with info.context.read() as session:
            batch = await store.list_submitted_logs(session, team, first=size, after=cursor)
        examined = batch[:size]  # the extra row only says whether more follow
        found += [r for r in examined if await guard.may_approve(info, r.employee_id, r.day)]
        if len(batch) <= size:
            break
        cursor = log_cursor(batch[size - 1])
    return found[: size + 1]
