# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Tariff versions in the graph: `tariffs` (every signed-in employee: they are regulations) and
`createTariffVersion` (HR or system admins granted organisation-wide; audited)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError, ValidationError
from kinerja.graphql import (
    Conflict,
    Connection,
    Info,
    Money,
    NotFound,
    ValidationFailed,
    build_connection,
    decode_cursor,
    mutation_errors,
    validate_page_size,
)
from services.allowance.schema import guard
from services.allowance.service import tariffs as tariff_service
from services.allowance.store.tariffs import TariffVersionRow


@strawberry.type(description="The amount of one kelas jabatan.")
class TariffAmount:
    """Whole rupiah per month."""

    kelas: int
    amount: Money


@strawberry.type(description="A tariff table in force from `effectiveFrom` until the next one.")
class TariffVersion:
    """A version with its 17 amounts (kelas 17 … 1)."""

    id: strawberry.ID
    name: str
    effective_from: date
    note: str
    created_by: strawberry.ID
    created_at: datetime
    amounts: list[TariffAmount]

    @classmethod
    def from_row(cls, row: TariffVersionRow, amounts: Mapping[int, int]) -> TariffVersion:
        """The type from its row and amounts."""
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            effective_from=row.effective_from,
            note=row.note,
            created_by=strawberry.ID(row.created_by),
            created_at=row.created_at,
            amounts=[
                TariffAmount(kelas=kelas, amount=Money.rupiah(amount))
                for kelas, amount in sorted(amounts.items(), reverse=True)
            ],
        )


@strawberry.input(description="The amount of one kelas jabatan (whole rupiah, > 0).")
class TariffAmountInput:
    """Kelas 1..17 and its monthly amount: a decimal (string or number, like `Money.amount`;
    GraphQL's Int is 32-bit), so a fractional amount gets a clear ValidationFailed."""

    kelas: int
    amount: Decimal


@strawberry.input(description="A new tariff version: every kelas 1..17 exactly once.")
class CreateTariffVersionInput:
    """E.g. a new Perpres; a date no other version takes effect on."""

    name: str
    effective_from: date
    amounts: list[TariffAmountInput]
    note: str = ""


@strawberry.type
class CreateTariffVersionPayload:
    """The stored version."""

    tariff_version: TariffVersion


CreateTariffVersionResult = Annotated[
    CreateTariffVersionPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("CreateTariffVersionResult"),
]


def _after_date(after: str | None) -> date | None:
    values = decode_cursor(after)
    if not values:
        return None
    try:
        return date.fromisoformat(str(values[0]))
    except ValueError as exc:
        raise ValidationError("after", "after is not a valid cursor") from exc


def _amounts(items: list[TariffAmountInput]) -> dict[int, Decimal]:
    amounts: dict[int, Decimal] = {}
    for item in items:
        if item.kelas in amounts:
            raise ValidationError("amounts", f"kelas {item.kelas} appears more than once")
        amounts[item.kelas] = item.amount
    return amounts


@strawberry.type
class TariffQuery:
    """Reading the tariff versions."""

    @strawberry.field(description="Every tariff version, by the date it takes effect.")
    async def tariffs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[TariffVersion]:
        """A page of versions with their amounts (empty for callers who are not employees)."""
        size = validate_page_size(first)
        nodes: list[TariffVersion] = []
        if info.context.principal.is_employee:
            # a transaction: the first read keeps the seeded regulations (service.tariffs)
            async with info.context.transaction() as session:
                rows, amounts = await tariff_service.list_tariffs(
                    session, first=size, after=_after_date(after), now=info.context.now()
                )
            nodes = [TariffVersion.from_row(row, amounts[row.id]) for row in rows]
        return build_connection(
            nodes,
            first=size,
            cursor_of=lambda node: [node.effective_from.isoformat()],
            node_of=lambda node: node,
            after=after,
        )


@strawberry.type
class TariffMutation:
    """Adding tariff versions."""

    @strawberry.mutation(description="Add a tariff version (HR or admins, organisation-wide).")
    @mutation_errors
    async def create_tariff_version(
        self, info: Info, input: CreateTariffVersionInput
    ) -> CreateTariffVersionResult:
        """The stored version; runs already locked keep the version they were computed with."""
        actor = guard.caller_id(info)
        if not guard.may_administer(info):
            raise NotFoundError("tariff version", input.effective_from.isoformat())
        amounts = _amounts(input.amounts)
        async with info.context.transaction() as session:
            row, checked = await tariff_service.create_tariff_version(
                session,
                name=input.name,
                effective_from=input.effective_from,
                amounts=amounts,
                note=input.note,
                actor_id=actor,
                now=info.context.now(),
                version_id=str(uuid.uuid4()),
            )
        return CreateTariffVersionPayload(tariff_version=TariffVersion.from_row(row, checked))
