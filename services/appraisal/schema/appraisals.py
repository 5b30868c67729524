# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Reading appraisals: one by id, an employee's list, the caller's 360 requests and the
objections they decide. What the caller may not see (`can_view_appraisal`) is null or empty,
exactly like a missing record. The write side is in `appraisal_mutations`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.appraisal.domain.evaluation import behaviour_aspects
from services.appraisal.domain.types import AppraisalStatus, RaterRole
from services.appraisal.schema import guard
from services.appraisal.schema.appraisal_mutations import AppraisalMutation
from services.appraisal.schema.appraisal_types import (
    Appraisal,
    BehaviourRating,
    EmployeeRef,
    FeedbackNote,
    employee_ref,
)
from services.appraisal.schema.feedback import feedback_connection
from services.appraisal.service.appraisal_records import is_structural
from services.appraisal.service.appraisals import pending_objections
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalRow, appraisal_cursor

__all__ = ["Appraisal", "AppraisalMutation", "AppraisalQuery", "EmployeeAppraisalFields"]


@strawberry.type(description="An appraisal the caller was invited to rate (360), and what.")
class RatingRequest:
    """Whom to rate and on which aspects; only the caller's own ratings are shown."""

    appraisal_id: strawberry.ID
    period: str
    role: RaterRole
    aspects: list[str]
    my_ratings: list[BehaviourRating]
    _employee_id: strawberry.Private[str]

    @strawberry.field(description="The employee to rate.")
    def employee(self) -> EmployeeRef | None:
        """The appraised employee."""
        return employee_ref(self._employee_id)


async def visible_appraisal(info: Info, row: AppraisalRow | None) -> Appraisal | None:
    """The appraisal when the caller may see it, else None."""
    if row is None or not await guard.may_view_appraisal(info, row.employee_id):
        return None
    return Appraisal.from_row(row)


@strawberry.type
class EmployeeAppraisalFields:
    """What appraisal adds to `Employee`; the entity inherits it."""

    id: strawberry.ID

    @strawberry.field(description="The employee's appraisals, the latest period first.")
    async def appraisals(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Appraisal]:
        """A page of appraisals (empty when the caller may not see them)."""
        size = validate_page_size(first)
        rows: list[AppraisalRow] = []
        if await guard.may_view_appraisal(info, str(self.id)):
            async with info.context.read() as session:
                rows = await store.list_employee_appraisals(
                    session, str(self.id), first=size, after=decode_cursor(after)
                )
        return build_connection(
            rows, first=size, cursor_of=appraisal_cursor, node_of=Appraisal.from_row, after=after
        )

    @strawberry.field(description="The employee's appraisal for a period label (e.g. 2026-03).")
    async def appraisal(self, info: Info, period: str) -> Appraisal | None:
        """Null when there is none or the caller may not see it."""
        async with info.context.read() as session:
            row = await store.get_appraisal_of(session, str(self.id), period.strip())
        return await visible_appraisal(info, row)

    @strawberry.field(description="Dialog kinerja notes about the employee between two dates.")
    async def feedback_notes(
        self,
        info: Info,
        *,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[FeedbackNote]:
        """A page of notes, oldest first (empty when the caller may not see them)."""
        return await feedback_connection(
            info, str(self.id), start=from_, end=to, first=first, after=after
        )


@strawberry.type
class AppraisalQuery:
    """Queries about appraisals."""

    @strawberry.field(description="An appraisal by id (null when missing or not visible).")
    async def appraisal(self, info: Info, id: strawberry.ID) -> Appraisal | None:
        """One appraisal the caller may see."""
        async with info.context.read() as session:
            row = await store.get_appraisal(session, str(id))
        return await visible_appraisal(info, row)

    @strawberry.field(description="Appraisals the caller was invited to rate (360), not final.")
    async def my_rating_requests(self, info: Info) -> list[RatingRequest]:
        """Whom to rate and the caller's own ratings so far (never anyone else's)."""
        principal = info.context.principal
        if not principal.is_employee or principal.subject is None:
            return []
        caller = str(principal.subject)
        requests: list[RatingRequest] = []
        async with info.context.read() as session:
            for invitation in await store.list_invitations_of(session, caller):
                row = await store.get_appraisal(session, invitation.appraisal_id)
                if row is None or row.status is AppraisalStatus.FINALIZED:
                    continue
                ratings = await store.list_behaviour_ratings(session, row.id)
                mine = [r for r in ratings if r.rater_id == caller]
                requests.append(
                    RatingRequest(
                        appraisal_id=strawberry.ID(row.id),
                        period=row.period,
                        role=invitation.role,
                        aspects=list(behaviour_aspects(row.regime, is_structural(row))),
                        my_ratings=[BehaviourRating.from_row(r, anonymous=False) for r in mine],
                        _employee_id=row.employee_id,
                    )
                )
        return requests

    @strawberry.field(description="Objections the caller decides (appraisals by their team).")
    async def pending_objections(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Appraisal]:
        """Undecided objections to ratings given by the caller's direct subordinates."""
        size = validate_page_size(first)
        principal = info.context.principal
        rows: list[AppraisalRow] = []
        if principal.is_employee and principal.subject is not None:
            async with info.context.read() as session:
                rows = await pending_objections(session, str(principal.subject), guard.today(info))
        rows = [row for row in rows if await guard.may_view_appraisal(info, row.employee_id)]
        start = decode_cursor(after)
        if start:
            keys = [appraisal_cursor(row) for row in rows]
            rows = rows[keys.index(start) + 1 :] if start in keys else []
        return build_connection(
            rows[: size + 1],
            first=size,
            cursor_of=appraisal_cursor,
            node_of=Appraisal.from_row,
            after=after,
        )
