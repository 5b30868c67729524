# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Write side of logs: each mutation is one use case in one transaction.

Visibility is asked first (a log the caller may not see is NotFound); the use case then runs in
its own transaction, and anything it refuses rolls back with the outbox rows.
"""

from __future__ import annotations

import uuid
from datetime import date, time
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import (
    Conflict,
    Error,
    Info,
    NotFound,
    ValidationFailed,
    error_result,
    mutation_errors,
)
from services.activity.domain.logs import LogDraft
from services.activity.schema import guard
from services.activity.schema.log_types import ActivityLog
from services.activity.service import evidence, logs, verification
from services.activity.store import logs as store
from services.activity.store.logs import ActivityLogRow


@strawberry.input(description="A new log of the caller's own work.")
class CreateLogInput:
    """What the employee did, when (local time), and which SKP indicator it serves."""

    date: date
    start_time: time
    end_time: time
    description: str
    skp_item_id: strawberry.ID
    indicator_id: strawberry.ID
    output_quantity: Decimal | None = None
    standard_activity_id: strawberry.ID | None = strawberry.field(
        default=None, description="A standard activity of the unit's catalogue (or above it)."
    )


@strawberry.input(description="A log to approve.")
class ApproveLogInput:
    """The log."""

    log_id: strawberry.ID


@strawberry.input(description="Logs to approve at once.")
class ApproveLogsInput:
    """The logs (at most 100)."""

    log_ids: list[strawberry.ID]


@strawberry.input(description="A log to reject or an approval to revoke, with the reason.")
class DecideLogInput:
    """The log and why."""

    log_id: strawberry.ID
    reason: str


@strawberry.input(description="An uploaded evidence file to attach to one of the caller's logs.")
class AttachEvidenceInput:
    """The log and the evidence id returned by POST /evidence."""

    log_id: strawberry.ID
    evidence_id: strawberry.ID


@strawberry.type
class LogPayload:
    """The log as it is after the change."""

    log: ActivityLog


@strawberry.type(description="What happened to one log of a bulk approval.")
class LogOutcome:
    """The log approved, or why not."""

    log_id: strawberry.ID
    log: ActivityLog | None
    error: Error | None


@strawberry.type
class ApproveLogsPayload:
    """One outcome per requested log, in the order asked."""

    outcomes: list[LogOutcome]


LogResult = Annotated[
    LogPayload | NotFound | ValidationFailed | Conflict, strawberry.union("LogResult")
]
MAX_BULK = 100


async def _require_visible(info: Info, log_id: str) -> None:
    async with info.context.read() as session:
        row = await store.get_log(session, log_id)
    if row is None or not await guard.may_view(info, row.employee_id):
        raise NotFoundError("log", log_id)


async def _approve_one(info: Info, log_id: str) -> ActivityLogRow:
    verifier = guard.caller_id(info)
    await _require_visible(info, log_id)
    async with info.context.transaction() as session:
        return await verification.approve_log(
            session,
            log_id,
            verifier_id=verifier,
            is_superior=guard.superior_check(info),
            now=info.context.now(),
        )


@strawberry.type
class LogMutation:
    """Mutations of activity logs."""

    @strawberry.mutation(description="Record a log of the caller's own work.")
    @mutation_errors
    async def create_log(self, info: Info, input: CreateLogInput) -> LogResult:
        """A submitted log, waiting for the direct superior."""
        employee_id = guard.caller_id(info)
        draft = LogDraft(
            employee_id=employee_id,
            day=input.date,
            start=input.start_time,
            end=input.end_time,
            description=input.description,
            skp_item_id=str(input.skp_item_id),
            indicator_id=str(input.indicator_id),
            output_quantity=input.output_quantity,
            standard_activity_id=(
                str(input.standard_activity_id) if input.standard_activity_id else None
            ),
        )
        async with info.context.transaction() as session:
            row = await logs.create_log(
                session, draft, log_id=str(uuid.uuid4()), now=info.context.now()
            )
        return LogPayload(log=ActivityLog.from_row(row))

    @strawberry.mutation(description="Approve a subordinate's log (the direct superior only).")
    @mutation_errors
    async def approve_log(self, info: Info, input: ApproveLogInput) -> LogResult:
        """The approved log; publishes activity.log.approved.v1."""
        return LogPayload(log=ActivityLog.from_row(await _approve_one(info, str(input.log_id))))

    @strawberry.mutation(description="Approve several logs; one outcome per log.")
    async def approve_logs(self, info: Info, input: ApproveLogsInput) -> ApproveLogsPayload:
        """Each log in its own transaction: one refusal does not undo the others."""
        outcomes: list[LogOutcome] = []
        for log_id in [str(i) for i in input.log_ids[:MAX_BULK]]:
            try:
                row = await _approve_one(info, log_id)
            except Exception as exc:
                error = error_result(exc)
                if error is None:
                    raise
                outcomes.append(LogOutcome(log_id=strawberry.ID(log_id), log=None, error=error))
            else:
                log = ActivityLog.from_row(row)
                outcomes.append(LogOutcome(log_id=strawberry.ID(log_id), log=log, error=None))
        return ApproveLogsPayload(outcomes=outcomes)

    @strawberry.mutation(description="Reject a subordinate's log with a reason.")
    @mutation_errors
    async def reject_log(self, info: Info, input: DecideLogInput) -> LogResult:
        """The rejected log (it no longer blocks its time slot)."""
        verifier = guard.caller_id(info)
        await _require_visible(info, str(input.log_id))
        async with info.context.transaction() as session:
            row = await verification.reject_log(
                session,
                str(input.log_id),
                verifier_id=verifier,
                reason=input.reason,
                is_superior=guard.superior_check(info),
                now=info.context.now(),
            )
        return LogPayload(log=ActivityLog.from_row(row))

    @strawberry.mutation(description="Take back an approval, with a reason (audited).")
    @mutation_errors
    async def revoke_log_approval(self, info: Info, input: DecideLogInput) -> LogResult:
        """The revoked log; publishes activity.log.revoked.v1."""
        verifier = guard.caller_id(info)
        await _require_visible(info, str(input.log_id))
        async with info.context.transaction() as session:
            row = await verification.revoke_log(
                session,
                str(input.log_id),
                verifier_id=verifier,
                reason=input.reason,
                is_superior=guard.superior_check(info),
                now=info.context.now(),
            )
        return LogPayload(log=ActivityLog.from_row(row))

    @strawberry.mutation(description="Attach an uploaded evidence file to a log of the caller.")
    @mutation_errors
    async def attach_evidence(self, info: Info, input: AttachEvidenceInput) -> LogResult:
        """The log with its evidence."""
        caller = guard.caller_id(info)
        async with info.context.transaction() as session:
            await evidence.attach_evidence(
                session,
                log_id=str(input.log_id),
                evidence_id=str(input.evidence_id),
                caller_id=caller,
                now=info.context.now(),
            )
            row = await store.get_log(session, str(input.log_id))
        assert row is not None  # attach_evidence found it
        return LogPayload(log=ActivityLog.from_row(row))
