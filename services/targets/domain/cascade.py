"""The cascade (*pohon kinerja*) of a unit's plan: from its ROs and IKUs down to every RHK.

An RHK hangs under the RHK it is cascaded from (`parent_rhk_id`) when that RHK is in view;
otherwise under the plan output (RO) or unit indicator (IKU) it serves, in that order. An RHK
that is cascaded from nothing at all is an orphan; an RO or IKU that no RHK serves is a gap.
An RHK whose source lies outside the view (another unit's plan, a superior elsewhere) is not
part of this cascade. A loop of parent links (bad data) is shown once, as an orphan, broken
at its smallest id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class NodeKind(StrEnum):
    """What a cascade node stands for."""

    PLAN_OUTPUT = "PLAN_OUTPUT"
    UNIT_INDICATOR = "UNIT_INDICATOR"
    RHK = "RHK"


@dataclass(frozen=True)
class Source:
    """A plan output (RO) or unit indicator (IKU) that RHK are cascaded from."""

    id: str
    code: str
    title: str


@dataclass(frozen=True)
class RhkLink:
    """An RHK with its links: to the RHK above it, and to the RO or IKU it serves."""

    id: str
    title: str
    employee_id: str
    parent_rhk_id: str | None = None
    plan_output_id: str | None = None
    unit_indicator_id: str | None = None
    rhk_kind: str | None = None
    skp_status: str | None = None

    @property
    def parent(self) -> str | None:
        """The parent RHK's id; a self-reference counts as none."""
        return None if self.parent_rhk_id == self.id else self.parent_rhk_id

    @property
    def unlinked(self) -> bool:
        """True when the RHK is cascaded from nothing."""
        return not (self.parent or self.plan_output_id or self.unit_indicator_id)


@dataclass(frozen=True)
class CascadeNode:
    """One node of the cascade with the nodes cascaded from it."""

    kind: NodeKind
    id: str
    title: str
    code: str | None = None
    employee_id: str | None = None
    rhk_kind: str | None = None
    skp_status: str | None = None
    children: tuple[CascadeNode, ...] = ()


@dataclass(frozen=True)
class Cascade:
    """The tree from the plan's ROs and IKUs, the RHK cascaded from nothing, and unserved ones."""

    nodes: tuple[CascadeNode, ...]
    orphans: tuple[CascadeNode, ...]
    gaps: tuple[CascadeNode, ...]


def _order(rhk: RhkLink) -> tuple[str, str, str]:
    return (rhk.employee_id, rhk.title, rhk.id)


def _placement(
    rhk: RhkLink, in_view: set[str], outputs: set[str], indicators: set[str]
) -> str | None:
    """The id the RHK hangs under ("" for an orphan), or None when it is outside the view."""
    if rhk.parent in in_view:
        return rhk.parent
    if rhk.plan_output_id in outputs:
        return rhk.plan_output_id
    if rhk.unit_indicator_id in indicators:
        return rhk.unit_indicator_id
    return "" if rhk.unlinked else None


class _Tree:
    """RHK grouped under what they hang from, built into nodes without revisiting any."""

    def __init__(self, under: dict[str | None, list[RhkLink]]) -> None:
        self.under = under
        self.placed: set[str] = set()

    def rhk_nodes(self, parent_id: str) -> tuple[CascadeNode, ...]:
        children = sorted(self.under.get(parent_id, []), key=_order)
        return tuple(self.rhk_node(rhk) for rhk in children if rhk.id not in self.placed)

    def rhk_node(self, rhk: RhkLink) -> CascadeNode:
        self.placed.add(rhk.id)
        return CascadeNode(
            kind=NodeKind.RHK,
            id=rhk.id,
            title=rhk.title,
            employee_id=rhk.employee_id,
            rhk_kind=rhk.rhk_kind,
            skp_status=rhk.skp_status,
            children=self.rhk_nodes(rhk.id),
        )

    def source_node(self, kind: NodeKind, source: Source) -> CascadeNode:
        children = self.rhk_nodes(source.id)
        return CascadeNode(kind, source.id, source.title, code=source.code, children=children)


def _loop_breakers(rhk: Sequence[RhkLink], placed: set[str]) -> list[RhkLink]:
    """One RHK per loop of parent links among the RHK not yet placed: the smallest id."""
    parent_of = {r.id: r.parent for r in rhk}
    by_id = {r.id: r for r in rhk}
    breakers: dict[str, RhkLink] = {}
    for start in sorted(set(parent_of) - placed):
        seen: list[str] = []
        current: str | None = start
        while current in parent_of and current not in seen:
            seen.append(current)
            current = parent_of[current]
        if current in seen:
            loop = seen[seen.index(current) :]
            breakers.setdefault(min(loop), by_id[min(loop)])
    return sorted(breakers.values(), key=_order)


def _served(rhk: Iterable[RhkLink]) -> set[str | None]:
    return {r.plan_output_id for r in rhk} | {r.unit_indicator_id for r in rhk}


def build_cascade(
    outputs: Sequence[Source],
    indicators: Sequence[Source],
    rhk: Sequence[RhkLink],
    *,
    hidden: Sequence[RhkLink] = (),
) -> Cascade:
    """The cascade of a plan's ROs and IKUs over the RHK in view.

    `hidden` RHK (ones the viewer may not see) are not shown, but an RO or IKU they serve is
    no gap: a gap is a fact about the plan, whoever looks at it.
    """
    in_view = {r.id for r in rhk}
    output_ids, indicator_ids = {o.id for o in outputs}, {i.id for i in indicators}
    under: dict[str | None, list[RhkLink]] = defaultdict(list)
    for item in rhk:
        under[_placement(item, in_view, output_ids, indicator_ids)].append(item)
    tree = _Tree(under)
    roots = [(NodeKind.PLAN_OUTPUT, o) for o in sorted(outputs, key=lambda s: s.code)]
    roots += [(NodeKind.UNIT_INDICATOR, i) for i in sorted(indicators, key=lambda s: s.code)]
    nodes = tuple(tree.source_node(kind, source) for kind, source in roots)
    orphans = list(tree.rhk_nodes(""))
    orphans += [tree.rhk_node(r) for r in _loop_breakers(rhk, tree.placed)]
    served = _served(rhk) | _served(hidden)
    gaps = tuple(node for node in nodes if node.id not in served)
    return Cascade(nodes=nodes, orphans=tuple(orphans), gaps=gaps)
