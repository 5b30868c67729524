# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The activity log's GraphQL types."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from kinerja.graphql import Info
from services.activity.domain.logs import LogStatus
from services.activity.schema import guard
from services.activity.store import logs as store
from services.activity.store.catalogue import get_standard_activity
from services.activity.store.logs import ActivityLogRow, LogEvidenceRow, LogRevocationRow

if TYPE_CHECKING:
    from services.activity.schema.catalogue import StandardActivity
    from services.activity.schema.entities import Employee, SkpItem

EmployeeRef = Annotated["Employee", strawberry.lazy("services.activity.schema.entities")]
SkpItemRef = Annotated["SkpItem", strawberry.lazy("services.activity.schema.entities")]
StandardActivityRef = Annotated[
    "StandardActivity", strawberry.lazy("services.activity.schema.catalogue")
]

strawberry.enum(LogStatus, description="Where a log is in its verification by the superior.")


def plain(value: Decimal | None) -> Decimal | None:
    """A stored decimal without its padding zeros (10.0000 → 10)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _employee(employee_id: str) -> Employee:
    from services.activity.schema.entities import Employee  # a cycle otherwise

    return Employee(id=strawberry.ID(employee_id))


@strawberry.type(description="An evidence file attached to a log.")
class LogEvidence:
    """An attachment; `duplicateOf` is shown to the log's verifier only."""

    evidence_id: strawberry.ID
    filename: str
    media_type: str
    size: int
    sha256: str
    attached_at: datetime
    _duplicate_of: strawberry.Private[str | None]
    _employee_id: strawberry.Private[str]
    _day: strawberry.Private[date]

    @strawberry.field(description="Another employee's log with the same file (verifier only).")
    async def duplicate_of(self, info: Info) -> strawberry.ID | None:
        """The earlier log of another employee with the same content, for the superior."""
        if self._duplicate_of is None:
            return None
        if not await guard.may_approve(info, self._employee_id, self._day):
            return None
        return strawberry.ID(self._duplicate_of)


@strawberry.type(description="An approval taken back: who, when and why.")
class LogRevocation:
    """One audited revocation."""

    revoked_at: datetime
    reason: str
    _revoked_by: strawberry.Private[str]

    @strawberry.field(description="Who revoked the approval.")
    def revoked_by(self) -> EmployeeRef:
        """The superior who revoked it."""
        return _employee(self._revoked_by)

    @classmethod
    def from_row(cls, row: LogRevocationRow) -> LogRevocation:
        """The type from its row."""
        return cls(revoked_at=row.revoked_at, reason=row.reason, _revoked_by=row.revoked_by)


@strawberry.type(description="One daily activity log (local date and times of the unit).")
class ActivityLog:
    """A log, its SKP item and indicator, output, minutes and verification."""

    id: strawberry.ID
    date: date
    start_time: time
    end_time: time
    minutes: int
    description: str
    skp_id: strawberry.ID
    indicator_id: strawberry.ID
    output_quantity: Decimal | None
    standard_activity_id: strawberry.ID | None
    standard_minutes: int | None = strawberry.field(
        description="The standard minutes of its standard activity when logged (beside minutes)."
    )
    status: LogStatus
    decided_at: datetime | None
    decision_reason: str | None
    _row: strawberry.Private[ActivityLogRow]

    @classmethod
    def from_row(cls, row: ActivityLogRow) -> ActivityLog:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            date=row.day,
            start_time=row.start_time,
            end_time=row.end_time,
            minutes=row.minutes,
            description=row.description,
            skp_id=strawberry.ID(row.skp_id),
            indicator_id=strawberry.ID(row.indicator_id),
            output_quantity=plain(row.output_quantity),
            standard_activity_id=(
                strawberry.ID(row.standard_activity_id) if row.standard_activity_id else None
            ),
            standard_minutes=row.standard_minutes,
            status=row.status,
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
            _row=row,
        )

    @strawberry.field(description="Whose log it is.")
    def employee(self) -> EmployeeRef:
        """The log's employee."""
        return _employee(self._row.employee_id)

    @strawberry.field(description="The SKP item (RHK) the log serves.")
    def skp_item(self) -> SkpItemRef:
        """The item, resolved by targets."""
        from services.activity.schema.entities import SkpItem  # a cycle otherwise

        return SkpItem(id=strawberry.ID(self._row.skp_item_id))

    @strawberry.field(description="Who approved, rejected or revoked it last.")
    def decided_by(self) -> EmployeeRef | None:
        """The verifier of the last decision."""
        return _employee(self._row.decided_by) if self._row.decided_by else None

    @strawberry.field(description="The evidence files attached to the log.")
    async def evidence(self, info: Info) -> list[LogEvidence]:
        """The attachments, oldest first."""
        async with info.context.read() as session:
            attached = await store.list_log_evidence(session, self._row.id)
            files = [await store.get_evidence(session, a.evidence_id) for a in attached]
        return [_evidence(a, f, self._row) for a, f in zip(attached, files, strict=True) if f]

    @strawberry.field(description="The standard activity the log references, as it is now.")
    async def standard_activity(self, info: Info) -> StandardActivityRef | None:
        """The catalogue entry (its current standard; `standardMinutes` is the one logged)."""
        from services.activity.schema.catalogue import StandardActivity  # a cycle otherwise

        if self._row.standard_activity_id is None:
            return None
        async with info.context.read() as session:
            row = await get_standard_activity(session, self._row.standard_activity_id)
        return StandardActivity.from_row(row) if row else None

    @strawberry.field(description="Approvals of this log taken back, oldest first.")
    async def revocations(self, info: Info) -> list[LogRevocation]:
        """The audit of revocations."""
        async with info.context.read() as session:
            rows = await store.list_revocations(session, self._row.id)
        return [LogRevocation.from_row(row) for row in rows]


def _evidence(
    attached: LogEvidenceRow, file: store.EvidenceRow, log: ActivityLogRow
) -> LogEvidence:
    return LogEvidence(
        evidence_id=strawberry.ID(file.id),
        filename=file.filename,
        media_type=file.media_type,
        size=file.size,
        sha256=file.sha256,
        attached_at=attached.attached_at,
        _duplicate_of=attached.duplicate_of,
        _employee_id=log.employee_id,
        _day=log.day,
    )
