# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Realisation in the graph: per indicator and month (`Employee.realisation(period)`,
`realisation(employeeId, period)`) and the manual realisations the superior or HR records.

Realisation is a work record: visible as the employee's records are (`may_view_records`);
what the caller may not see is an empty list, or NotFound for a mutation.
"""

from __future__ import annotations

import calendar
import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError, ValidationError
from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from services.appraisal.domain.types import AppraisalRuleError, Direction
from services.appraisal.schema import guard
from services.appraisal.service import realisation as service
from services.appraisal.service.realisation import IndicatorMonth, ManualRealisationDraft
from services.appraisal.service.rules import period_rules
from services.appraisal.store.realisation import ManualRealisationRow, get_manual_realisation

strawberry.enum(Direction, description="Whether more of an indicator is better, or less.")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _label(month: date) -> str:
    return f"{month:%Y-%m}"


def parse_month(text: str) -> date:
    """`YYYY-MM` → the month's first day; AppraisalRuleError("month") otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise AppraisalRuleError("month", f"{text!r} is not a month: use YYYY-MM, e.g. 2026-03")
    return date(int(match.group(1)), int(match.group(2)), 1)


# --- types -------------------------------------------------------------------------------------


@strawberry.type(description="A realisation recorded by hand, with its evidence reference.")
class ManualRealisation:
    """Who recorded it, when, and whether it was withdrawn (a withdrawn one does not count)."""

    id: strawberry.ID
    employee_id: strawberry.ID
    indicator_id: strawberry.ID
    month: str = strawberry.field(description="YYYY-MM")
    quantity: Decimal
    evidence_reference: str
    note: str
    recorded_by: strawberry.ID
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: strawberry.ID | None

    @classmethod
    def from_row(cls, row: ManualRealisationRow) -> ManualRealisation:
        """The GraphQL view of a stored manual realisation."""
        return cls(
            id=strawberry.ID(row.id),
            employee_id=strawberry.ID(row.employee_id),
            indicator_id=strawberry.ID(row.indicator_id),
            month=_label(row.month),
            quantity=row.quantity,
            evidence_reference=row.evidence_reference,
            note=row.note,
            recorded_by=strawberry.ID(row.recorded_by),
            recorded_at=row.recorded_at,
            withdrawn_at=row.withdrawn_at,
            withdrawn_by=strawberry.ID(row.withdrawn_by) if row.withdrawn_by else None,
        )


@strawberry.type(description="An indicator's target and realisation in one month.")
class MonthRealisation:
    """Approved log output plus active manual realisations make the total."""

    month: str = strawberry.field(description="YYYY-MM")
    target: Decimal | None = strawberry.field(description="Null when the SKP sets none.")
    from_logs: Decimal
    manual: Decimal
    total: Decimal
    manual_realisations: list[ManualRealisation] = strawberry.field(
        description="The active manual realisations of the month."
    )

    @classmethod
    def from_month(cls, month: IndicatorMonth) -> MonthRealisation:
        """The GraphQL view of one month."""
        realised = month.realisation
        return cls(
            month=_label(month.month),
            target=month.target,
            from_logs=realised.from_logs,
            manual=realised.manual_total,
            total=realised.total,
            manual_realisations=[ManualRealisation.from_row(row) for row in realised.manual],
        )


@strawberry.type(description="An indicator of the SKP in force, with its realisation.")
class IndicatorRealisation:
    """Period figures: additive indicators sum their months; others take the last month's
    target and the latest month's realisation."""

    indicator_id: strawberry.ID
    lineage_id: strawberry.ID = strawberry.field(
        description="The same in every SKP version; realisation follows it into revisions."
    )
    item_title: str
    kind: str = strawberry.field(description="UTAMA or TAMBAHAN.")
    name: str
    unit: str
    direction: Direction
    additive: bool
    months: list[MonthRealisation]
    period_target: Decimal
    period_total: Decimal

    @classmethod
    def from_view(cls, view: service.IndicatorRealisation) -> IndicatorRealisation:
        """The GraphQL view of an indicator's realisation."""
        indicator = view.indicator
        return cls(
            indicator_id=strawberry.ID(indicator.id),
            lineage_id=strawberry.ID(indicator.lineage_id),
            item_title=view.item.title,
            kind=view.item.kind,
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            additive=indicator.additive,
            months=[MonthRealisation.from_month(month) for month in view.months],
            period_target=view.period_target,
            period_total=view.period_total,
        )


async def employee_realisation(
    info: Info, employee_id: str, period: str
) -> list[IndicatorRealisation]:
    """The employee's realisation in a period (empty when the caller may not see it)."""
    if not await guard.may_view_records(info, employee_id):
        return []
    async with info.context.read() as session:
        try:
            parsed, _ = await period_rules(session, period)
        except AppraisalRuleError as exc:  # a malformed label: the client's error, not ours
            raise ValidationError(exc.field, exc.message) from exc
        views = await service.indicator_realisations(session, employee_id, parsed)
    return [IndicatorRealisation.from_view(view) for view in views]


@strawberry.type
class EmployeeRealisationFields:
    """What realisation adds to `Employee`; the entity inherits it."""

    id: strawberry.ID

    @strawberry.field(description="Realisation per indicator and month in a period.")
    async def realisation(self, info: Info, period: str) -> list[IndicatorRealisation]:
        """Per indicator of the SKP in force: months, targets, realisation."""
        return await employee_realisation(info, str(self.id), period)


@strawberry.type
class RealisationQuery:
    """Realisation reads."""

    @strawberry.field(description="An employee's realisation per indicator and month.")
    async def realisation(
        self, info: Info, employee_id: strawberry.ID, period: str
    ) -> list[IndicatorRealisation]:
        """Empty when the caller may not see the employee's records."""
        return await employee_realisation(info, str(employee_id), period)


# --- mutations ---------------------------------------------------------------------------------


@strawberry.input(description="A realisation of work no activity log captured.")
class RecordManualRealisationInput:
    """Whose, which indicator of their approved SKP, which month (YYYY-MM), how much, and the
    reference of the evidence."""

    employee_id: strawberry.ID
    indicator_id: strawberry.ID
    month: str
    quantity: Decimal
    evidence_reference: str
    note: str = ""


@strawberry.input(description="A manual realisation to withdraw.")
class WithdrawManualRealisationInput:
    """The manual realisation."""

    id: strawberry.ID


@strawberry.type
class ManualRealisationPayload:
    """The manual realisation after the change."""

    manual_realisation: ManualRealisation


ManualRealisationResult = Annotated[
    ManualRealisationPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("ManualRealisationResult"),
]


async def may_record(info: Info, employee_id: str, month: date) -> bool:
    """Is the caller the employee's direct superior on a day of the month (its last day, or
    today in the current month, else its first day), or HR over the employee?"""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    for day in sorted({min(last, max(month, guard.today(info))), month}, reverse=True):
        if await guard.is_direct_superior(info, employee_id, day):
            return True
    return await guard.is_hr_over(info, employee_id)


async def _require_visible(info: Info, employee_id: str) -> None:
    if not await guard.may_view_records(info, employee_id):
        raise NotFoundError("employee", employee_id)


@strawberry.type
class RealisationMutation:
    """Manual realisations."""

    @strawberry.mutation(
        description="Record a realisation by hand (the direct superior in that month, or HR)."
    )
    @mutation_errors
    async def record_manual_realisation(
        self, info: Info, input: RecordManualRealisationInput
    ) -> ManualRealisationResult:
        """The recorded realisation; it counts from now on."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.employee_id))
        month = parse_month(input.month)
        # the policy reads the directory: asked before the write transaction begins
        entitled = await may_record(info, str(input.employee_id), month)
        draft = ManualRealisationDraft(
            employee_id=str(input.employee_id),
            indicator_id=str(input.indicator_id),
            month=month,
            quantity=input.quantity,
            evidence_reference=input.evidence_reference,
            note=input.note,
        )
        async with info.context.transaction() as session:
            row = await service.record_manual_realisation(
                session,
                draft,
                realisation_id=str(uuid.uuid4()),
                recorded_by=caller,
                entitled=entitled,
                now=info.context.now(),
                today=guard.today(info),
            )
        return ManualRealisationPayload(manual_realisation=ManualRealisation.from_row(row))

    @strawberry.mutation(description="Withdraw a manual realisation (it stops counting).")
    @mutation_errors
    async def withdraw_manual_realisation(
        self, info: Info, input: WithdrawManualRealisationInput
    ) -> ManualRealisationResult:
        """The withdrawn realisation, kept on record."""
        caller = guard.caller_id(info)
        async with info.context.read() as session:
            found = await get_manual_realisation(session, str(input.id))
        if found is None or not await guard.may_view_records(info, found.employee_id):
            raise NotFoundError("manual realisation", str(input.id))
        entitled = await may_record(info, found.employee_id, found.month)
        async with info.context.transaction() as session:
            row = await service.withdraw_manual_realisation(
                session,
                str(input.id),
                withdrawn_by=caller,
                entitled=entitled,
                now=info.context.now(),
            )
        return ManualRealisationPayload(manual_realisation=ManualRealisation.from_row(row))
