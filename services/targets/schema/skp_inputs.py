"""Input types of the SKP mutations and their translation into the use cases' inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import strawberry

from services.targets import service
from services.targets.domain import (
    DEFAULT_QUALITY_TARGET,
    DEFAULT_REGIME,
    ActivitySpec,
    Direction,
    IndicatorSpec,
    InvalidTargetError,
    MonthlyTarget,
    Regime,
    RhkKind,
    parse_month,
)
from services.targets.store import IndicatorRow, RhkRow

T = TypeVar("T")


def _id(value: strawberry.ID | None) -> str | None:
    return str(value) if value else None


@strawberry.input(description="A new SKP for an employee and a period.")
class CreateSkpInput:
    """Input of createSkp."""

    employee_id: strawberry.ID
    period_start: date
    period_end: date
    regime: Regime = DEFAULT_REGIME

    def to_new(self) -> service.NewSkp:
        """The use case's input."""
        return service.NewSkp(
            str(self.employee_id), self.period_start, self.period_end, self.regime
        )


@strawberry.input(description="Copy an SKP (usually last period's) into a new draft.")
class CopySkpInput:
    """Input of copySkp."""

    from_skp_id: strawberry.ID
    period_start: date
    period_end: date


@strawberry.input(description="A new RHK; cascaded from a superior's RHK or the work plan.")
class AddRhkInput:
    """Input of addRhk."""

    skp_id: strawberry.ID
    kind: RhkKind
    title: str
    parent_rhk_id: strawberry.ID | None = None
    plan_output_id: strawberry.ID | None = None
    unit_indicator_id: strawberry.ID | None = None

    def to_fields(self) -> service.RhkInput:
        """The RHK's fields."""
        return service.RhkInput(
            self.kind,
            self.title,
            _id(self.parent_rhk_id),
            _id(self.plan_output_id),
            _id(self.unit_indicator_id),
        )


@strawberry.input(description="Changes to an RHK; omitted fields stay, null clears a link.")
class UpdateRhkInput:
    """Input of updateRhk."""

    rhk_id: strawberry.ID
    kind: RhkKind | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    parent_rhk_id: strawberry.ID | None = strawberry.UNSET
    plan_output_id: strawberry.ID | None = strawberry.UNSET
    unit_indicator_id: strawberry.ID | None = strawberry.UNSET

    def to_fields(self, current: RhkRow) -> service.RhkInput:
        """The RHK's fields after the change."""

        def pick(new: strawberry.ID | None, old: str | None) -> str | None:
            return old if new is strawberry.UNSET else _id(new)

        return service.RhkInput(
            _keep(self.kind, current.kind),
            _keep(self.title, current.title),
            pick(self.parent_rhk_id, current.parent_rhk_id),
            pick(self.plan_output_id, current.plan_output_id),
            pick(self.unit_indicator_id, current.unit_indicator_id),
        )


@strawberry.input(description="An RHK to remove (with its indicators).")
class RemoveRhkInput:
    """Input of removeRhk."""

    rhk_id: strawberry.ID


@strawberry.input(description='The target of one month, e.g. {month: "2025-01", target: "10"}.')
class MonthlyTargetInput:
    """One month's target."""

    month: str
    target: Decimal


def _monthly(targets: list[MonthlyTargetInput]) -> tuple[MonthlyTarget, ...]:
    return tuple(MonthlyTarget(parse_month(t.month), t.target) for t in targets)


@strawberry.input(description="A new indicator (IKI) of an RHK.")
class AddIndicatorInput:
    """Input of addIndicator."""

    rhk_id: strawberry.ID
    name: str
    target_value: Decimal
    unit: str
    direction: Direction = Direction.HIGHER_IS_BETTER
    additive: bool = True
    monthly_targets: list[MonthlyTargetInput] = strawberry.field(default_factory=list)

    def to_spec(self) -> IndicatorSpec:
        """The indicator as entered."""
        return IndicatorSpec(
            self.name,
            self.target_value,
            self.unit,
            self.direction,
            self.additive,
            _monthly(self.monthly_targets),
        )


@strawberry.input(description="Changes to an indicator; omitted fields stay as they are.")
class UpdateIndicatorInput:
    """Input of updateIndicator (monthlyTargets, when given, replace all months)."""

    indicator_id: strawberry.ID
    name: str | None = strawberry.UNSET
    target_value: Decimal | None = strawberry.UNSET
    unit: str | None = strawberry.UNSET
    direction: Direction | None = strawberry.UNSET
    additive: bool | None = strawberry.UNSET
    monthly_targets: list[MonthlyTargetInput] | None = strawberry.UNSET

    def to_spec(self, current: IndicatorRow) -> IndicatorSpec:
        """The indicator after the change."""
        given = self.monthly_targets not in (strawberry.UNSET, None)
        months = (
            _monthly(self.monthly_targets or [])
            if given
            else tuple(MonthlyTarget(m.month, m.target) for m in current.monthly_targets)
        )
        return IndicatorSpec(
            _keep(self.name, current.name),
            _keep(self.target_value, current.target_value),
            _keep(self.unit, current.unit),
            _keep(self.direction, current.direction),
            _keep(self.additive, current.additive),
            months,
        )


def _keep(new: Any, old: T) -> T:
    """`old` when the input field was omitted (or null where null means nothing), else `new`."""
    kept: T = old if new is strawberry.UNSET or new is None else new
    return kept


@strawberry.input(description="A new PP 46/2011 activity of an SKP.")
class AddPp46ActivityInput:
    """Input of addPp46Activity; costTarget is whole rupiah."""

    skp_id: strawberry.ID
    title: str
    quantity_target: Decimal
    quantity_unit: str
    time_target_months: int
    quality_target: Decimal = DEFAULT_QUALITY_TARGET
    cost_target: Decimal | None = None

    def to_spec(self) -> ActivitySpec:
        """The activity as entered."""
        cost = self.cost_target
        if cost is not None and (not cost.is_finite() or cost != cost.to_integral_value()):
            raise InvalidTargetError("costTarget is whole rupiah", field="costTarget")
        return ActivitySpec(
            self.title,
            self.quantity_target,
            self.quantity_unit,
            self.quality_target,
            self.time_target_months,
            int(cost) if cost is not None else None,
        )


@strawberry.input(description="A draft (or returned) SKP to hand to the appraiser.")
class SubmitSkpInput:
    """Input of submitSkp."""

    skp_id: strawberry.ID


@strawberry.input(description="A submitted SKP to approve.")
class ApproveSkpInput:
    """Input of approveSkp."""

    skp_id: strawberry.ID


@strawberry.input(description="An SKP to send back, with a note saying what to change.")
class ReturnSkpInput:
    """Input of returnSkp."""

    skp_id: strawberry.ID
    note: str


@strawberry.input(description="An approved SKP to revise, and why.")
class ReviseSkpInput:
    """Input of reviseSkp."""

    skp_id: strawberry.ID
    reason: str
