# mypy: disable-error-code="untyped-decorator"
# (strawberry.field with arguments is untyped to mypy; the resolvers themselves are typed)
"""`Payment` (one employee's tukin in a run, explained line by line) and what allowance adds to
`Employee`: `allowances(first, after)` and `allowance(month)`.

Pay is narrow (guard.may_view_pay): the employee, HR over them, auditors and system admins — a
caller who may not see it gets an empty list / null, like a payment that does not exist. Every
run's payments are shown (the run's status says whether it is still a draft).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from kinerja.errors import ValidationError
from kinerja.graphql import (
    Connection,
    Info,
    Money,
    build_connection,
    decode_cursor,
    validate_page_size,
)
from services.allowance.domain.types import LineKind, RunStatus
from services.allowance.schema import guard
from services.allowance.store import views
from services.allowance.store.runs import CorrectionRow, PaymentRow, RunRow

if TYPE_CHECKING:
    from services.allowance.schema.entities import Employee

EmployeeRef = Annotated["Employee", strawberry.lazy("services.allowance.schema.entities")]

strawberry.enum(RunStatus, description="A monthly run: DRAFT → REVIEWED → LOCKED.")
strawberry.enum(LineKind, description="What an explanation line of a payment is.")

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(label: str, field: str = "month") -> date:
    """The first day of a `YYYY-MM` month; ValidationError otherwise."""
    match = _MONTH.match(label.strip())
    if match is None:
        raise ValidationError(field, f"{label!r} is not a month: use YYYY-MM (e.g. 2026-03)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: date) -> str:
    """`YYYY-MM` of a month."""
    return f"{month.year:04d}-{month.month:02d}"


@strawberry.type(description="One line of a payment's explanation; the lines sum to the total.")
class PaymentLine:
    """E.g. TARIFF (+ the class amount), DEDUCTION ("TL2 × 3 → −3 % → −Rp 99.000"), CAP…"""

    kind: LineKind
    code: str
    label: str
    count: int | None
    percent: Decimal | None
    basis: Money | None = strawberry.field(description="The rupiah the percentage applies to.")
    amount: Money = strawberry.field(description="Signed: counts toward the total.")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaymentLine:
        """The line from its stored JSON."""
        percent = data.get("percent")
        basis = data.get("basis")
        return cls(
            kind=LineKind(data["kind"]),
            code=str(data["code"]),
            label=str(data["label"]),
            count=data.get("count"),
            percent=None if percent is None else Decimal(str(percent)),
            basis=None if basis is None else Money.rupiah(int(basis)),
            amount=Money.rupiah(int(data["amount"])),
        )


@strawberry.type(description="A late change to a locked month, paid in this payment.")
class PaymentCorrection:
    """The month corrected, the amount paid now and the original payment it corrects."""

    month: str
    amount: Money
    reason: str
    original_payment_id: strawberry.ID
    original_run_id: strawberry.ID

    @classmethod
    def from_row(cls, row: CorrectionRow) -> PaymentCorrection:
        """The type from its row."""
        return cls(
            month=month_label(row.month),
            amount=Money.rupiah(row.amount),
            reason=row.reason,
            original_payment_id=strawberry.ID(row.original_payment_id),
            original_run_id=strawberry.ID(row.original_run_id),
        )


@strawberry.type(description="One employee's tukin of a month in a run, explained line by line.")
class Payment:
    """The total is the sum of the lines (whole rupiah, each line rounded half-up once)."""

    id: strawberry.ID
    month: str = strawberry.field(description="YYYY-MM")
    run_id: strawberry.ID
    run_status: RunStatus
    nip: str
    name: str
    unit_id: strawberry.ID | None
    kelas: int | None
    status: str = strawberry.field(description="The employee's status in the month (PNS, CPNS…).")
    total: Money
    lines: list[PaymentLine]
    _row: strawberry.Private[PaymentRow]

    @classmethod
    def from_rows(cls, row: PaymentRow, run: RunRow) -> Payment:
        """The type from the payment and its run."""
        return cls(
            id=strawberry.ID(row.id),
            month=month_label(run.month),
            run_id=strawberry.ID(run.id),
            run_status=run.status,
            nip=row.nip,
            name=row.name,
            unit_id=strawberry.ID(row.unit_id) if row.unit_id else None,
            kelas=row.kelas,
            status=row.status,
            total=Money.rupiah(row.total),
            lines=[PaymentLine.from_json(line) for line in json.loads(row.lines)],
            _row=row,
        )

    @strawberry.field(description="The employee paid.")
    def employee(self) -> EmployeeRef:
        """The employee (an entity stub)."""
        from services.allowance.schema.entities import Employee  # a cycle otherwise

        return Employee(id=strawberry.ID(self._row.employee_id))

    @strawberry.field(description="Corrections of earlier, locked months paid with this payment.")
    async def corrections(self, info: Info) -> list[PaymentCorrection]:
        """By month corrected."""
        async with info.context.read() as session:
            rows = await views.corrections_paid_in(session, self._row.run_id, self._row.employee_id)
        return [PaymentCorrection.from_row(row) for row in rows]


def _payment_cursor(pair: tuple[PaymentRow, RunRow]) -> list[str]:
    return [pair[1].month.isoformat(), pair[0].id]


def _after_payment(after: str | None) -> tuple[date, str] | None:
    values = decode_cursor(after)
    if not values:
        return None
    try:
        return date.fromisoformat(str(values[0])), str(values[1])
    except (ValueError, IndexError) as exc:
        raise ValidationError("after", "after is not a valid cursor") from exc


@strawberry.type
class EmployeeAllowanceFields:
    """What allowance adds to `Employee`; the entity inherits it."""

    id: strawberry.ID

    @strawberry.field(description="The employee's payments, newest month first.")
    async def allowances(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        """Every run's payment of the employee (empty when the caller may not see their pay)."""
        size = validate_page_size(first)
        pairs: list[tuple[PaymentRow, RunRow]] = []
        if await guard.may_view_pay(info, str(self.id)):
            async with info.context.read() as session:
                pairs = list(
                    await views.payments_of_employee(
                        session, str(self.id), first=size, after=_after_payment(after)
                    )
                )
        return build_connection(
            pairs,
            first=size,
            cursor_of=_payment_cursor,
            node_of=lambda pair: Payment.from_rows(*pair),
            after=after,
        )

    @strawberry.field(description="The employee's payment of a month (YYYY-MM), if any.")
    async def allowance(self, info: Info, month: str) -> Payment | None:
        """The locked run's payment when there is one, else the open run's (null if none)."""
        day = parse_month(month)
        if not await guard.may_view_pay(info, str(self.id)):
            return None
        async with info.context.read() as session:
            pairs = await views.payments_of_employee_in_month(session, str(self.id), day)
        if not pairs:
            return None
        locked = [pair for pair in pairs if pair[1].status is RunStatus.LOCKED]
        return Payment.from_rows(*(locked or pairs)[-1])
