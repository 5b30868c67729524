# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The SKP's GraphQL types; `SkpItem` (an RHK) and `Indicator` are federation entities."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from kinerja.graphql import Info, Money
from services.targets.domain import (
    ChangeKind,
    Direction,
    Regime,
    RhkKind,
    SkpStatus,
    format_month,
)
from services.targets.schema import guard, loaders
from services.targets.store import ActivityRow, IndicatorRow, RhkRow, SkpRow

if TYPE_CHECKING:
    from services.targets.schema.entities import Employee

EmployeeRef = Annotated["Employee", strawberry.lazy("services.targets.schema.entities")]

# The domain's enums are the schema's enums (registering them leaves the domain module pure).
strawberry.enum(Regime, description="The regulation an SKP period follows.")
strawberry.enum(SkpStatus, description="Where an SKP version is in its review.")
strawberry.enum(RhkKind, description="RHK utama (main work result) or tambahan (additional).")
strawberry.enum(Direction, description="Whether a higher or a lower realisation is better.")
strawberry.enum(ChangeKind, description="How an item differs between two SKP versions.")


def plain(value: Decimal) -> Decimal:
    """A stored decimal without its padding zeros (10.0000 → 10, 12.5000 → 12.5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _employee(employee_id: str) -> Employee:
    from services.targets.schema.entities import Employee

    return Employee(id=strawberry.ID(employee_id))


@strawberry.type(description="The part of an indicator's target planned for one month.")
class MonthlyTarget:
    """A month (`YYYY-MM`) and its target."""

    month: str
    target: Decimal


@strawberry.federation.type(keys=["id"], description="An indicator (IKI) of an RHK.")
class Indicator:
    """An indicator with its annual and monthly targets."""

    id: strawberry.ID
    name: str
    target_value: Decimal
    unit: str
    direction: Direction
    additive: bool = strawberry.field(
        description="True when the monthly targets add up to the annual target."
    )
    monthly_targets: list[MonthlyTarget]
    rhk_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: IndicatorRow) -> Indicator:
        """The GraphQL view of an indicator row (monthly targets loaded)."""
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            target_value=plain(row.target_value),
            unit=row.unit,
            direction=row.direction,
            additive=row.additive,
            monthly_targets=[
                MonthlyTarget(month=format_month(m.month), target=plain(m.target))
                for m in row.monthly_targets
            ],
            rhk_id=row.rhk_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Indicator | None:
        """A referenced indicator, if the caller may see its SKP."""
        row = await loaders.indicators(info).load(str(id))
        if row is None or not await guard.may_view(info, row.rhk.employee_id):
            return None
        return cls.from_row(row)

    @strawberry.field(description="The RHK the indicator measures.")
    async def skp_item(self, info: Info) -> SkpItem | None:
        """The indicator's RHK."""
        row = await loaders.rhks(info).load(self.rhk_id)
        return SkpItem.from_row(row) if row else None


@strawberry.federation.type(keys=["id"], description="An RHK: a planned work result of an SKP.")
class SkpItem:
    """An RHK item, cascaded from a superior's RHK or (a unit head) from the work plan."""

    id: strawberry.ID
    kind: RhkKind
    title: str
    parent_rhk_id: strawberry.ID | None
    plan_output_id: strawberry.ID | None = strawberry.field(
        description="The work plan's RO this RHK cascades from."
    )
    unit_indicator_id: strawberry.ID | None = strawberry.field(
        description="The unit indicator (IKU) this RHK cascades from."
    )
    indicators: list[Indicator]
    skp_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: RhkRow) -> SkpItem:
        """The GraphQL view of an RHK row (indicators loaded)."""
        return cls(
            id=strawberry.ID(row.id),
            kind=row.kind,
            title=row.title,
            parent_rhk_id=strawberry.ID(row.parent_rhk_id) if row.parent_rhk_id else None,
            plan_output_id=strawberry.ID(row.plan_output_id) if row.plan_output_id else None,
            unit_indicator_id=(
                strawberry.ID(row.unit_indicator_id) if row.unit_indicator_id else None
            ),
            indicators=[Indicator.from_row(i) for i in row.indicators],
            skp_id=row.skp_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> SkpItem | None:
        """A referenced RHK, if the caller may see its SKP."""
        return await load_item(info, str(id))

    @strawberry.field(description="The superior's RHK this one is cascaded from.")
    async def parent(self, info: Info) -> SkpItem | None:
        """The parent RHK (null when not cascaded from one, or not visible)."""
        return (
            None if self.parent_rhk_id is None else await load_item(info, str(self.parent_rhk_id))
        )

    @strawberry.field(description="The subordinates' RHK cascaded from this one.")
    async def children(self, info: Info) -> list[SkpItem]:
        """The child RHK the caller may see."""
        rows = await loaders.children(info).load(str(self.id))
        return [SkpItem.from_row(r) for r in rows if await guard.may_view(info, r.employee_id)]

    @strawberry.field(description="The SKP version the RHK belongs to.")
    async def skp(self, info: Info) -> Skp | None:
        """The RHK's SKP."""
        row = await loaders.skps(info).load(self.skp_id)
        return Skp.from_row(row) if row else None


async def load_item(info: Info, rhk_id: str) -> SkpItem | None:
    """An RHK by id, or None when missing or not visible to the caller."""
    row = await loaders.rhks(info).load(rhk_id)
    if row is None or not await guard.may_view(info, row.employee_id):
        return None
    return SkpItem.from_row(row)


@strawberry.type(description="A PP 46/2011 activity with its four targets.")
class Pp46Activity:
    """Quantity, quality (normally 100), time (months) and optional cost targets."""

    id: strawberry.ID
    title: str
    quantity_target: Decimal
    quantity_unit: str
    quality_target: Decimal
    time_target_months: int
    cost_target: Money | None

    @classmethod
    def from_row(cls, row: ActivityRow) -> Pp46Activity:
        """The GraphQL view of an activity row."""
        return cls(
            id=strawberry.ID(row.id),
            title=row.title,
            quantity_target=plain(row.quantity_target),
            quantity_unit=row.quantity_unit,
            quality_target=plain(row.quality_target),
            time_target_months=row.time_target_months,
            cost_target=Money.rupiah(row.cost_target) if row.cost_target is not None else None,
        )


@strawberry.type(description="One version of an employee's SKP for a period.")
class Skp:
    """An SKP version, its RHK items (or PP46 activities) and its review state."""

    id: strawberry.ID
    period_start: date
    period_end: date
    regime: Regime
    status: SkpStatus
    version: int
    note: str | None = strawberry.field(description="The appraiser's note when returned.")
    revision_reason: str | None
    superseded: bool = strawberry.field(description="True once a newer version replaced it.")
    submitted_at: datetime | None
    approved_at: datetime | None
    items: list[SkpItem]
    activities: list[Pp46Activity]
    employee_id: strawberry.Private[str]
    appraiser_id: strawberry.Private[str | None]
    lineage_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: SkpRow) -> Skp:
        """The GraphQL view of an SKP row (content loaded)."""
        return cls(
            id=strawberry.ID(row.id),
            period_start=row.period_start,
            period_end=row.period_end,
            regime=row.regime,
            status=row.status,
            version=row.version,
            note=row.note,
            revision_reason=row.revision_reason,
            superseded=row.superseded,
            submitted_at=row.submitted_at,
            approved_at=row.approved_at,
            items=[SkpItem.from_row(i) for i in row.items],
            activities=[Pp46Activity.from_row(a) for a in row.activities],
            employee_id=row.employee_id,
            appraiser_id=row.appraiser_id,
            lineage_id=row.lineage_id,
        )

    @strawberry.field(description="The employee whose SKP this is.")
    def employee(self) -> EmployeeRef:
        """The SKP's employee (resolved by identity)."""
        return _employee(self.employee_id)

    @strawberry.field(description="The appraiser (direct superior) who approved or returned it.")
    def appraiser(self) -> EmployeeRef | None:
        """The appraiser, once there is one."""
        return None if self.appraiser_id is None else _employee(self.appraiser_id)

    @strawberry.field(description="Every version of this SKP, oldest first.")
    async def history(self, info: Info) -> list[Skp]:
        """All versions of the SKP."""
        return [Skp.from_row(row) for row in await loaders.history(info).load(self.lineage_id)]


@strawberry.type(description="How one RHK differs between two SKP versions.")
class SkpItemChange:
    """An added, removed or changed RHK; `fields` names what changed."""

    change: ChangeKind
    before: SkpItem | None
    after: SkpItem | None
    fields: list[str]


@strawberry.type(description="How one indicator differs between two SKP versions.")
class IndicatorChange:
    """An added, removed or changed indicator; `fields` names what changed."""

    change: ChangeKind
    before: Indicator | None
    after: Indicator | None
    fields: list[str]


@strawberry.type(description="The differences between two SKP versions.")
class SkpDiff:
    """RHK and indicator changes from `fromSkp` to `toSkp`."""

    from_skp: Skp
    to_skp: Skp
    items: list[SkpItemChange]
    indicators: list[IndicatorChange]
