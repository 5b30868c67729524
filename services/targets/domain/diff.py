"""Pure comparison of two SKP versions: which RHK and indicators were added, removed, changed.

Items are matched by `lineage_id`: a revision (or a copy) keeps the lineage of what it copied,
so an RHK edited in a new version is "changed", not "removed and added".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.targets.domain.skp import Direction, RhkKind


class ChangeKind(StrEnum):
    """How an item differs between the two versions."""

    ADDED = "ADDED"
    REMOVED = "REMOVED"
    CHANGED = "CHANGED"


@dataclass(frozen=True)
class IndicatorSnapshot:
    """An indicator as compared (`id` is left out of the comparison)."""

    id: str
    lineage_id: str
    name: str
    target_value: Decimal
    unit: str
    direction: Direction
    additive: bool
    monthly_targets: tuple[tuple[date, Decimal], ...]


@dataclass(frozen=True)
class RhkSnapshot:
    """An RHK as compared, with its indicators."""

    id: str
    lineage_id: str
    kind: RhkKind
    title: str
    parent_rhk_id: str | None
    plan_output_id: str | None
    unit_indicator_id: str | None
    indicators: tuple[IndicatorSnapshot, ...] = ()


@dataclass(frozen=True)
class Change:
    """One difference: the item in the older version (`before_id`) and/or the newer one."""

    kind: ChangeKind
    before_id: str | None
    after_id: str | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkpDiff:
    """Every RHK and indicator difference, in the newer version's order (removed ones last)."""

    items: tuple[Change, ...]
    indicators: tuple[Change, ...]


_IGNORED = frozenset({"id", "lineage_id", "indicators"})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _changed_fields(before: Any, after: Any) -> tuple[str, ...]:
    names = [f.name for f in fields(before) if f.name not in _IGNORED]
    return tuple(_camel(n) for n in names if getattr(before, n) != getattr(after, n))


def _compare(before: Sequence[Any], after: Sequence[Any]) -> tuple[Change, ...]:
    old = {item.lineage_id: item for item in before}
    new_lineages = {item.lineage_id for item in after}
    changes: list[Change] = []
    for item in after:
        previous = old.get(item.lineage_id)
        if previous is None:
            changes.append(Change(ChangeKind.ADDED, None, item.id))
            continue
        changed = _changed_fields(previous, item)
        if changed:
            changes.append(Change(ChangeKind.CHANGED, previous.id, item.id, changed))
    removed = [i for i in before if i.lineage_id not in new_lineages]
    changes += [Change(ChangeKind.REMOVED, item.id, None) for item in removed]
    return tuple(changes)


def diff_skp(before: Sequence[RhkSnapshot], after: Sequence[RhkSnapshot]) -> SkpDiff:
    """The differences from the `before` version's RHK to the `after` version's."""
    old_indicators = [i for rhk in before for i in rhk.indicators]
    new_indicators = [i for rhk in after for i in rhk.indicators]
    return SkpDiff(_compare(before, after), _compare(old_indicators, new_indicators))
