# mypy: disable-error-code="untyped-decorator"
# (strawberry.field with arguments is untyped to mypy; the resolvers themselves are typed)
"""The cascade view (*pohon kinerja*) in the graph: `cascade(unitId, year)`."""

from __future__ import annotations

import strawberry

from kinerja.directory import replica
from kinerja.graphql import Info
from kinerja.policy import Area, EmployeeRef, UnitRef, can_change, can_view
from services.targets.domain import RhkKind, SkpStatus
from services.targets.domain.cascade import Cascade as CascadeTree
from services.targets.domain.cascade import CascadeNode as Node
from services.targets.domain.cascade import NodeKind
from services.targets.schema import guard
from services.targets.service.cascade import load_cascade

strawberry.enum(NodeKind, name="CascadeNodeKind", description="What a cascade node stands for.")


@strawberry.type(
    description="A node of the cascade: an RO, an IKU or an RHK, and what hangs under it."
)
class CascadeNode:
    """One node with the nodes cascaded from it (depth is bounded by the data)."""

    kind: NodeKind
    id: strawberry.ID
    code: str | None = strawberry.field(description="The RO or IKU code (null for an RHK).")
    title: str
    employee_id: strawberry.ID | None = strawberry.field(description="The RHK's employee.")
    rhk_kind: RhkKind | None = strawberry.field(description="UTAMA or TAMBAHAN (RHK only).")
    skp_status: SkpStatus | None = strawberry.field(
        description="The status of the RHK's SKP version (RHK only)."
    )
    children: list[CascadeNode]

    @classmethod
    def of(cls, node: Node) -> CascadeNode:
        """The GraphQL view of a domain node and its subtree."""
        return cls(
            kind=node.kind,
            id=strawberry.ID(node.id),
            code=node.code,
            title=node.title,
            employee_id=strawberry.ID(node.employee_id) if node.employee_id else None,
            rhk_kind=RhkKind(node.rhk_kind) if node.rhk_kind else None,
            skp_status=SkpStatus(node.skp_status) if node.skp_status else None,
            children=[cls.of(child) for child in node.children],
        )


@strawberry.type(description="How a unit's work plan is cascaded into its employees' RHK.")
class Cascade:
    """The tree from the plan's ROs and IKUs, plus orphans and gaps."""

    unit_id: strawberry.ID
    year: int
    nodes: list[CascadeNode] = strawberry.field(
        description="The plan's ROs, then its IKUs, each with the RHK cascaded from it."
    )
    orphans: list[CascadeNode] = strawberry.field(
        description="RHK cascaded from nothing: neither a superior's RHK nor an RO or IKU."
    )
    gaps: list[CascadeNode] = strawberry.field(description="ROs and IKUs that no RHK serves.")

    @classmethod
    def of(cls, unit_id: str, year: int, tree: CascadeTree) -> Cascade:
        """The GraphQL view of a built cascade."""
        return cls(
            unit_id=strawberry.ID(unit_id),
            year=year,
            nodes=[CascadeNode.of(node) for node in tree.nodes],
            orphans=[CascadeNode.of(node) for node in tree.orphans],
            gaps=[CascadeNode.of(node) for node in tree.gaps],
        )


async def _unit_known(info: Info, unit_id: str) -> bool:
    async with info.context.read() as session:
        return await replica.get_unit(session, unit_id) is not None


@strawberry.type
class CascadeQuery:
    """The cascade view."""

    @strawberry.field(
        description="The cascade of a unit's work plan for a year into the RHK of the SKPs in "
        "its subtree (null when the unit is unknown or not visible)."
    )
    async def cascade(self, info: Info, unit_id: strawberry.ID, year: int) -> Cascade | None:
        """The unit's cascade, as far as the caller may see."""
        principal, day, directory = info.context.principal, guard.today(info), guard.directory(info)
        target = UnitRef(str(unit_id))
        if not await can_view(principal, target, day, directory):
            return None
        if not await _unit_known(info, str(unit_id)):
            return None
        drafts = await can_change(principal, target, day, directory, area=Area.DIRECTORY)
        async with info.context.read() as session:
            rows = await load_cascade(session, str(unit_id), year, with_drafts=drafts)
        # The policy opens its own sessions: ask it only after the read above is closed.
        employees = [
            employee
            for employee in rows.employee_ids
            if await can_view(principal, EmployeeRef(employee), day, directory)
        ]
        return Cascade.of(str(unit_id), year, rows.cascade(employees=set(employees)))
