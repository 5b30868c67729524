# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Read side of the SKP: a version by id, and the differences between two versions."""

from __future__ import annotations

import strawberry

from kinerja.graphql import Info
from services.targets import service
from services.targets.domain import Change
from services.targets.schema import guard, loaders
from services.targets.schema.skp_types import (
    Indicator,
    IndicatorChange,
    Skp,
    SkpDiff,
    SkpItem,
    SkpItemChange,
)
from services.targets.store import IndicatorRow, RhkRow, SkpRow


async def visible_skp(info: Info, skp_id: str) -> SkpRow | None:
    """An SKP version the caller may see, or None."""
    row = await loaders.skps(info).load(skp_id)
    if row is None or not await guard.may_view(info, row.employee_id):
        return None
    return row


def _items(row: SkpRow) -> dict[str, RhkRow]:
    return {item.id: item for item in row.items}


def _indicators(row: SkpRow) -> dict[str, IndicatorRow]:
    return {i.id: i for item in row.items for i in item.indicators}


def _item_change(change: Change, old: SkpRow, new: SkpRow) -> SkpItemChange:
    before, after = _items(old), _items(new)
    return SkpItemChange(
        change=change.kind,
        before=SkpItem.from_row(before[change.before_id]) if change.before_id else None,
        after=SkpItem.from_row(after[change.after_id]) if change.after_id else None,
        fields=list(change.fields),
    )


def _indicator_change(change: Change, old: SkpRow, new: SkpRow) -> IndicatorChange:
    before, after = _indicators(old), _indicators(new)
    return IndicatorChange(
        change=change.kind,
        before=Indicator.from_row(before[change.before_id]) if change.before_id else None,
        after=Indicator.from_row(after[change.after_id]) if change.after_id else None,
        fields=list(change.fields),
    )


@strawberry.type
class SkpQuery:
    """SKP root queries."""

    @strawberry.field(description="An SKP version by id.")
    async def skp(self, info: Info, id: strawberry.ID) -> Skp | None:
        """An SKP (null when missing or not visible)."""
        row = await visible_skp(info, str(id))
        return Skp.from_row(row) if row else None

    @strawberry.field(description="What changed from one SKP version to another.")
    async def skp_diff(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> SkpDiff | None:
        """The RHK and indicators added, removed and changed (null when either is not visible)."""
        old = await visible_skp(info, str(from_id))
        new = await visible_skp(info, str(to_id))
        if old is None or new is None:
            return None
        diff = service.compare(old, new)
        return SkpDiff(
            from_skp=Skp.from_row(old),
            to_skp=Skp.from_row(new),
            items=[_item_change(c, old, new) for c in diff.items],
            indicators=[_indicator_change(c, old, new) for c in diff.indicators],
        )
