# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""HR data for the tukin in the graph: sanctions, profession allowances, study leave.

Only HR who may run the pay of the employee's organisation (the top unit of their unit today)
reads or changes it (`guard.may_run`); to anyone else the employee looks missing (null, or
NotFound for a mutation). The policy is asked before the write transaction begins.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import Conflict, Info, Money, NotFound, ValidationFailed, mutation_errors
from services.allowance.schema import guard
from services.allowance.service import hr_data as service
from services.allowance.service.hr_data import parse_month
from services.allowance.store.hr_data import (
    ProfessionAllowanceRow,
    SanctionRow,
    StudyLeaveRow,
    get_profession_allowance,
    get_sanction,
)


def _label(month: date | None) -> str | None:
    return f"{month:%Y-%m}" if month else None


# --- types -------------------------------------------------------------------------------------


@strawberry.type(description="A disciplinary sanction on the tukin for some months.")
class AllowanceSanction:
    """From `startMonth` for `months` months the tukin is cut by `percent`; a revoked one
    never applies."""

    id: strawberry.ID
    employee_id: strawberry.ID
    start_month: str = strawberry.field(description="YYYY-MM")
    months: int
    percent: Decimal
    reference: str = strawberry.field(description="The decision letter (SK) number.")
    reason: str
    recorded_by: strawberry.ID
    recorded_at: datetime
    revoked_by: strawberry.ID | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: SanctionRow) -> AllowanceSanction:
        """The GraphQL view of a stored sanction."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            start_month=f"{row.start_month:%Y-%m}",
            months=row.months,
            percent=row.percent,
            reference=row.reference,
            reason=row.reason,
            recorded_by=strawberry.ID(row.recorded_by),
            recorded_at=row.recorded_at,
            revoked_by=strawberry.ID(row.revoked_by) if row.revoked_by else None,
            revoked_at=row.revoked_at,
        )


@strawberry.type(description="A functional official's monthly profession allowance.")
class ProfessionAllowance:
    """Paid from `startMonth` to `endMonth` (inclusive; null: still running)."""

    id: strawberry.ID
    employee_id: strawberry.ID
    monthly_amount: Money
    start_month: str = strawberry.field(description="YYYY-MM")
    end_month: str | None = strawberry.field(description="YYYY-MM, inclusive; null: open")
    reference: str
    recorded_by: strawberry.ID
    recorded_at: datetime

    @classmethod
    def from_row(cls, row: ProfessionAllowanceRow) -> ProfessionAllowance:
        """The GraphQL view of a stored profession allowance."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            monthly_amount=Money.rupiah(row.monthly_amount),
            start_month=f"{row.start_month:%Y-%m}",
            end_month=_label(row.end_month),
            reference=row.reference,
            recorded_by=strawberry.ID(row.recorded_by),
            recorded_at=row.recorded_at,
        )


@strawberry.type(description="Study leave (tugas belajar): the tukin of the class by education.")
class StudyLeave:
    """From `startMonth` to `endMonth` (inclusive; null: open), studying for `education`."""

    id: strawberry.ID
    employee_id: strawberry.ID
    education: str = strawberry.field(description="D, S1, S2 or S3.")
    start_month: str = strawberry.field(description="YYYY-MM")
    end_month: str | None = strawberry.field(description="YYYY-MM, inclusive; null: open")
    reference: str
    recorded_by: strawberry.ID
    recorded_at: datetime

    @classmethod
    def from_row(cls, row: StudyLeaveRow) -> StudyLeave:
        """The GraphQL view of a stored study leave."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            education=row.education,
            start_month=f"{row.start_month:%Y-%m}",
            end_month=_label(row.end_month),
            reference=row.reference,
            recorded_by=strawberry.ID(row.recorded_by),
            recorded_at=row.recorded_at,
        )


@strawberry.type(description="What HR recorded for an employee's tukin.")
class EmployeeAllowanceData:
    """Sanctions (revoked ones too), profession allowances and study leaves, oldest first."""

    employee_id: strawberry.ID
    sanctions: list[AllowanceSanction]
    profession_allowances: list[ProfessionAllowance]
    study_leaves: list[StudyLeave]


# --- authorization -----------------------------------------------------------------------------


async def may_edit(info: Info, employee_id: str) -> bool:
    """May the caller run the pay of the employee's organisation (the top unit of their unit
    today, else of their latest position)?"""
    async with info.context.read() as session:
        organisation = await service.organisation_of(session, employee_id, guard.today(info))
    return organisation is not None and await guard.may_run(info, organisation)


async def _require_editor(info: Info, employee_id: str) -> None:
    if not await may_edit(info, employee_id):
        raise NotFoundError("employee", employee_id)


@strawberry.type
class HrDataQuery:
    """HR data reads."""

    @strawberry.field(description="An employee's sanctions, profession allowances, study leave.")
    async def employee_allowance_data(
        self, info: Info, employee_id: strawberry.ID
    ) -> EmployeeAllowanceData | None:
        """Null when the employee is unknown, or the caller neither runs their pay nor audits
        them (auditors read everything)."""
        employee = str(employee_id)
        if not (await may_edit(info, employee) or await guard.may_audit(info, employee)):
            return None
        async with info.context.read() as session:
            data = await service.employee_allowance_data(session, str(employee_id))
        return EmployeeAllowanceData(
            employee_id=employee_id,
            sanctions=[AllowanceSanction.from_row(row) for row in data.sanctions],
            profession_allowances=[
                ProfessionAllowance.from_row(row) for row in data.profession_allowances
            ],
            study_leaves=[StudyLeave.from_row(row) for row in data.study_leaves],
        )


# --- mutations ---------------------------------------------------------------------------------


@strawberry.input(description="A disciplinary sanction on the tukin.")
class RecordSanctionInput:
    """Whose, from which month (YYYY-MM), for how many months (1–24; usually 6, 9 or 12), the
    cut in percent (default 25), the decision letter (SK) and why."""

    employee_id: strawberry.ID
    start_month: str
    months: int
    reference: str
    reason: str
    percent: Decimal | None = None


@strawberry.input(description="A sanction to revoke, and why.")
class RevokeSanctionInput:
    """The sanction and the reason (recorded in the audit log)."""

    id: strawberry.ID
    reason: str


@strawberry.input(description="A monthly profession allowance from a month on.")
class SetProfessionAllowanceInput:
    """Whose, whole rupiah a month, from which month (YYYY-MM), the reference."""

    employee_id: strawberry.ID
    monthly_amount: int
    start_month: str
    reference: str


@strawberry.input(description="The last month of a profession allowance.")
class EndProfessionAllowanceInput:
    """The allowance and its last month (YYYY-MM, inclusive)."""

    id: strawberry.ID
    last_month: str


@strawberry.input(description="Study leave (tugas belajar).")
class RecordStudyLeaveInput:
    """Whose, the education level (D, S1, S2, S3), from and to which month (YYYY-MM; no end:
    open), the decision letter (SK)."""

    employee_id: strawberry.ID
    education: str
    start_month: str
    reference: str
    end_month: str | None = None


@strawberry.type
class SanctionPayload:
    """The sanction after the change."""

    sanction: AllowanceSanction


@strawberry.type
class ProfessionAllowancePayload:
    """The profession allowance after the change."""

    profession_allowance: ProfessionAllowance


@strawberry.type
class StudyLeavePayload:
    """The recorded study leave."""

    study_leave: StudyLeave


SanctionResult = Annotated[
    SanctionPayload | NotFound | ValidationFailed | Conflict, strawberry.union("SanctionResult")
]
ProfessionAllowanceResult = Annotated[
    ProfessionAllowancePayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("ProfessionAllowanceResult"),
]
StudyLeaveResult = Annotated[
    StudyLeavePayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("StudyLeaveResult"),
]


@strawberry.type
class HrDataMutation:
    """Sanctions, profession allowances and study leave (HR running the organisation's pay)."""

    @strawberry.mutation(description="Record a disciplinary sanction on the tukin.")
    @mutation_errors
    async def record_sanction(self, info: Info, input: RecordSanctionInput) -> SanctionResult:
        """The recorded sanction (audited)."""
        caller = guard.caller_id(info)
        await _require_editor(info, str(input.employee_id))
        draft = service.SanctionDraft(
            employee_id=str(input.employee_id),
            start_month=parse_month(input.start_month, "startMonth"),
            months=input.months,
            reference=input.reference,
            reason=input.reason,
            percent=input.percent,
        )
        async with info.context.transaction() as session:
            row = await service.record_sanction(
                session,
                draft,
                sanction_id=str(uuid.uuid4()),
                actor_id=caller,
                now=info.context.now(),
            )
        return SanctionPayload(sanction=AllowanceSanction.from_row(row))

    @strawberry.mutation(description="Revoke a sanction: it no longer applies to any month.")
    @mutation_errors
    async def revoke_sanction(self, info: Info, input: RevokeSanctionInput) -> SanctionResult:
        """The revoked sanction, kept on record (audited with the reason)."""
        caller = guard.caller_id(info)
        async with info.context.read() as session:
            found = await get_sanction(session, str(input.id))
        if found is None or not await may_edit(info, found.employee_id):
            raise NotFoundError("sanction", str(input.id))
        async with info.context.transaction() as session:
            row = await service.revoke_sanction(
                session, str(input.id), reason=input.reason, actor_id=caller, now=info.context.now()
            )
        return SanctionPayload(sanction=AllowanceSanction.from_row(row))

    @strawberry.mutation(description="Set a profession allowance from a month on.")
    @mutation_errors
    async def set_profession_allowance(
        self, info: Info, input: SetProfessionAllowanceInput
    ) -> ProfessionAllowanceResult:
        """The new allowance; the one running before ends the month before (audited)."""
        caller = guard.caller_id(info)
        await _require_editor(info, str(input.employee_id))
        draft = service.ProfessionAllowanceDraft(
            employee_id=str(input.employee_id),
            monthly_amount=input.monthly_amount,
            start_month=parse_month(input.start_month, "startMonth"),
            reference=input.reference,
        )
        async with info.context.transaction() as session:
            row = await service.set_profession_allowance(
                session,
                draft,
                allowance_id=str(uuid.uuid4()),
                actor_id=caller,
                now=info.context.now(),
            )
        return ProfessionAllowancePayload(profession_allowance=ProfessionAllowance.from_row(row))

    @strawberry.mutation(description="End a profession allowance with its last month.")
    @mutation_errors
    async def end_profession_allowance(
        self, info: Info, input: EndProfessionAllowanceInput
    ) -> ProfessionAllowanceResult:
        """The ended allowance (audited)."""
        caller = guard.caller_id(info)
        async with info.context.read() as session:
            found = await get_profession_allowance(session, str(input.id))
        if found is None or not await may_edit(info, found.employee_id):
            raise NotFoundError("profession allowance", str(input.id))
        last_month = parse_month(input.last_month, "lastMonth")
        async with info.context.transaction() as session:
            row = await service.end_profession_allowance(
                session,
                str(input.id),
                last_month=last_month,
                actor_id=caller,
                now=info.context.now(),
            )
        return ProfessionAllowancePayload(profession_allowance=ProfessionAllowance.from_row(row))

    @strawberry.mutation(description="Record study leave (tugas belajar).")
    @mutation_errors
    async def record_study_leave(
        self, info: Info, input: RecordStudyLeaveInput
    ) -> StudyLeaveResult:
        """The recorded study leave (audited)."""
        caller = guard.caller_id(info)
        await _require_editor(info, str(input.employee_id))
        draft = service.StudyLeaveDraft(
            employee_id=str(input.employee_id),
            education=input.education,
            start_month=parse_month(input.start_month, "startMonth"),
            end_month=parse_month(input.end_month, "endMonth") if input.end_month else None,
            reference=input.reference,
        )
        async with info.context.transaction() as session:
            row = await service.record_study_leave(
                session, draft, leave_id=str(uuid.uuid4()), actor_id=caller, now=info.context.now()
            )
        return StudyLeavePayload(study_leave=StudyLeave.from_row(row))
