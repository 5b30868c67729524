"""The cascade view: a unit's plan and the RHK of the SKPs in its subtree, as one tree."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.targets.domain.cascade import Cascade, RhkLink, Source, build_cascade
from services.targets.service.plan import visible_plan
from services.targets.store.plan import list_content, list_subtree_unit_ids, rhk_lineages
from services.targets.store.skp import RhkRow, list_cascade_rhk


@dataclass(frozen=True)
class CascadeRows:
    """What a cascade is built from: the plan's ROs and IKUs, and the RHK of the subtree."""

    outputs: list[Source]
    indicators: list[Source]
    rhk: list[RhkLink]

    @property
    def employee_ids(self) -> list[str]:
        """The employees whose RHK are in the rows, sorted."""
        return sorted({link.employee_id for link in self.rhk})

    def cascade(self, *, employees: Collection[str] | None = None) -> Cascade:
        """The tree, showing only the RHK of `employees` (None: everyone's).

        An RHK under a hidden one hangs under its RO or IKU when it has one, and is left out
        otherwise (never an orphan, since it is cascaded from something). Hidden RHK still
        count for gaps.
        """
        shown = [r for r in self.rhk if employees is None or r.employee_id in employees]
        hidden = [r for r in self.rhk if employees is not None and r.employee_id not in employees]
        return build_cascade(self.outputs, self.indicators, shown, hidden=hidden)


async def _links(session: AsyncSession, rows: Sequence[RhkRow]) -> list[RhkLink]:
    """RHK as links; a parent link to another version of an RHK in view points at that one."""
    in_view = {row.id for row in rows}
    by_lineage = {row.lineage_id: row.id for row in rows}
    missing = sorted({r.parent_rhk_id for r in rows if r.parent_rhk_id} - in_view)
    lineages = await rhk_lineages(session, missing)

    def parent_of(row: RhkRow) -> str | None:
        parent = row.parent_rhk_id
        lineage = lineages.get(parent) if parent else None
        return by_lineage.get(lineage, parent) if lineage else parent

    return [
        RhkLink(
            id=row.id,
            title=row.title,
            employee_id=row.employee_id,
            parent_rhk_id=parent_of(row),
            plan_output_id=row.plan_output_id,
            unit_indicator_id=row.unit_indicator_id,
            rhk_kind=row.kind.value,
            skp_status=row.skp_status.value,
        )
        for row in rows
    ]


async def load_cascade(
    session: AsyncSession, unit_id: str, year: int, *, with_drafts: bool
) -> CascadeRows:
    """The rows of the unit's cascade for `year` (its plan's newest draft only `with_drafts`)."""
    plan = await visible_plan(session, unit_id, year, with_drafts=with_drafts)
    outputs: list[Source] = []
    indicators: list[Source] = []
    if plan is not None:
        content = await list_content(session, plan.id)
        outputs = [Source(ro.id, ro.code, ro.name) for ro in content.outputs]
        indicators = [Source(iku.id, iku.code, iku.name) for iku in content.indicators]
    units = await list_subtree_unit_ids(session, unit_id)
    rows = await list_cascade_rhk(session, unit_ids=units, year=year)
    return CascadeRows(outputs, indicators, await _links(session, rows))
