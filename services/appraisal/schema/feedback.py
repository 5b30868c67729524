# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Dialog kinerja notes: written by the employee or their direct superior; visible to both,
the superior chain and HR (`can_view_appraisal`) — never to peers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import (
    Conflict,
    Connection,
    Info,
    NotFound,
    ValidationFailed,
    build_connection,
    decode_cursor,
    mutation_errors,
    validate_page_size,
)
from services.appraisal.schema import guard
from services.appraisal.schema.appraisal_types import FeedbackNote
from services.appraisal.service import feedback
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import FeedbackNoteRow, feedback_cursor

MAX_RANGE_DAYS = 366


async def feedback_connection(
    info: Info,
    employee_id: str,
    *,
    start: date,
    end: date,
    first: int | None,
    after: str | None,
) -> Connection[FeedbackNote]:
    """A page of notes about the employee (empty when not visible or the range is too long)."""
    size = validate_page_size(first)
    rows: list[FeedbackNoteRow] = []
    in_range = start <= end and (end - start).days <= MAX_RANGE_DAYS
    if in_range and await guard.may_view_appraisal(info, employee_id):
        async with info.context.read() as session:
            rows = await store.list_feedback(
                session, employee_id, start=start, end=end, first=size, after=decode_cursor(after)
            )
    return build_connection(
        rows, first=size, cursor_of=feedback_cursor, node_of=FeedbackNote.from_row, after=after
    )


@strawberry.input(description="A dialog kinerja note about an employee's performance.")
class AddFeedbackNoteInput:
    """Whose performance, and the note."""

    employee_id: strawberry.ID
    body: str


@strawberry.type
class FeedbackNotePayload:
    """The note written."""

    note: FeedbackNote


FeedbackNoteResult = Annotated[
    FeedbackNotePayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("FeedbackNoteResult"),
]


@strawberry.type
class FeedbackQuery:
    """Queries about dialog kinerja notes."""

    @strawberry.field(description="Notes about an employee between two dates (at most a year).")
    async def feedback_notes(
        self,
        info: Info,
        employee_id: strawberry.ID,
        *,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[FeedbackNote]:
        """A page of notes, oldest first (empty when the caller may not see them)."""
        return await feedback_connection(
            info, str(employee_id), start=from_, end=to, first=first, after=after
        )


@strawberry.type
class FeedbackMutation:
    """Mutations of dialog kinerja notes."""

    @strawberry.mutation(description="Write a note (the employee or their direct superior).")
    @mutation_errors
    async def add_feedback_note(
        self, info: Info, input: AddFeedbackNoteInput
    ) -> FeedbackNoteResult:
        """The note."""
        caller, employee_id = guard.caller_id(info), str(input.employee_id)
        if not await guard.may_view_appraisal(info, employee_id):
            raise NotFoundError("employee", employee_id)
        async with info.context.transaction() as session:
            row = await feedback.add_feedback_note(
                session, employee_id, author_id=caller, body=input.body, now=info.context.now()
            )
        return FeedbackNotePayload(note=FeedbackNote.from_row(row))
