# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The work plan in the graph: `plan`, `exportPlan`, `importPlan`, `publishPlan`, and
`OrgUnit.plan` (OrgUnit is identity's entity; this subgraph adds the plan to it).

Who: unit admins and HR change plans in their subtree (`can_change`, area DIRECTORY) and see
their drafts; everyone else who may view the unit sees its newest published plan. Whatever the
caller may not see looks missing.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.directory import replica
from kinerja.errors import NotFoundError
from kinerja.graphql import (
    Conflict,
    Error,
    Info,
    Money,
    NotFound,
    ValidationFailed,
    mutation_errors,
)
from kinerja.policy import Area, UnitRef, can_change, can_view
from services.targets.domain import Direction
from services.targets.domain.plan import PlanFormat, PlanStatus
from services.targets.schema import guard
from services.targets.schema.cascade import CascadeQuery
from services.targets.schema.skp_types import plain
from services.targets.service import plan as plans
from services.targets.store.plan import PlanContentRows, PlanRow, get_plan, list_content

strawberry.enum(PlanStatus, description="DRAFT until published; SUPERSEDED by a newer version.")
strawberry.enum(PlanFormat, description="The plan file's format.")


@strawberry.type(description="An RO (rincian output): unit of measure, volume and budget (pagu).")
class PlanOutput:
    """An RO of a plan; its id is the same in every version of the plan."""

    id: strawberry.ID
    code: str
    name: str
    unit: str = strawberry.field(description="Unit of measure (satuan), e.g. Orang, Dokumen.")
    volume: Decimal
    budget: Money = strawberry.field(description="Pagu in whole rupiah.")


@strawberry.type(description="A KRO (klasifikasi rincian output) and its ROs.")
class PlanKro:
    """A KRO of a plan."""

    code: str
    name: str
    outputs: list[PlanOutput]


@strawberry.type(description="A kegiatan (activity) of a program and its KROs.")
class PlanKegiatan:
    """A kegiatan of a plan."""

    code: str
    name: str
    kros: list[PlanKro]


@strawberry.type(description="A program of the work plan and its kegiatan.")
class PlanProgram:
    """A program of a plan."""

    code: str
    name: str
    kegiatan: list[PlanKegiatan]


@strawberry.type(description="A unit indicator (IKU, indikator kinerja utama) with its target.")
class UnitIndicator:
    """An IKU of a plan; its id is the same in every version of the plan."""

    id: strawberry.ID
    code: str
    name: str
    target_value: Decimal
    unit: str
    direction: Direction


def _programs(rows: PlanContentRows) -> list[PlanProgram]:
    def outputs(kro: str) -> list[PlanOutput]:
        return [
            PlanOutput(
                id=strawberry.ID(o.id),
                code=o.code,
                name=o.name,
                unit=o.unit,
                volume=plain(o.volume),
                budget=Money.rupiah(o.budget),
            )
            for o in rows.outputs
            if o.kro_code == kro
        ]

    def kros(kegiatan: str) -> list[PlanKro]:
        found = [k for k in rows.kros if k.kegiatan_code == kegiatan]
        return [PlanKro(code=k.code, name=k.name, outputs=outputs(k.code)) for k in found]

    def kegiatan(program: str) -> list[PlanKegiatan]:
        found = [k for k in rows.kegiatan if k.program_code == program]
        return [PlanKegiatan(code=k.code, name=k.name, kros=kros(k.code)) for k in found]

    return [PlanProgram(code=p.code, name=p.name, kegiatan=kegiatan(p.code)) for p in rows.programs]


@strawberry.type(description="A version of a unit's work plan (RKAKL/DIPA) for a fiscal year.")
class WorkPlan:
    """A plan version with its content."""

    id: strawberry.ID
    unit_id: strawberry.ID
    year: int
    status: PlanStatus
    version: int
    published_at: datetime | None
    programs: list[PlanProgram]
    indicators: list[UnitIndicator]
    total_budget: Money = strawberry.field(description="The sum of the ROs' pagu.")

    @classmethod
    def of(cls, plan: PlanRow, rows: PlanContentRows) -> WorkPlan:
        """The GraphQL view of a plan version and its content."""
        indicators = [
            UnitIndicator(
                id=strawberry.ID(i.id),
                code=i.code,
                name=i.name,
                target_value=plain(i.target_value),
                unit=i.unit,
                direction=i.direction,
            )
            for i in rows.indicators
        ]
        return cls(
            id=strawberry.ID(plan.id),
            unit_id=strawberry.ID(plan.unit_id),
            year=plan.year,
            status=plan.status,
            version=plan.version,
            published_at=plan.published_at,
            programs=_programs(rows),
            indicators=indicators,
            total_budget=Money.rupiah(sum(o.budget for o in rows.outputs)),
        )


async def may_change_plans(info: Info, unit_id: str) -> bool:
    """May the caller import and publish the unit's plans (and see their drafts)?"""
    principal, day = info.context.principal, guard.today(info)
    target = UnitRef(unit_id)
    return await can_change(principal, target, day, guard.directory(info), area=Area.DIRECTORY)


async def may_read_plans(info: Info, unit_id: str) -> bool:
    """May the caller read the unit's published plans?"""
    principal, day = info.context.principal, guard.today(info)
    return await can_view(principal, UnitRef(unit_id), day, guard.directory(info))


async def _visible(
    info: Info, unit_id: str, year: int, version: int | None = None
) -> tuple[PlanRow, PlanContentRows] | None:
    if not await may_read_plans(info, unit_id):
        return None
    drafts = await may_change_plans(info, unit_id)
    async with info.context.read() as session:
        plan = await plans.visible_plan(session, unit_id, year, with_drafts=drafts, version=version)
        return None if plan is None else (plan, await list_content(session, plan.id))


async def load_work_plan(
    info: Info, unit_id: str, year: int, version: int | None = None
) -> WorkPlan | None:
    """The plan the caller may see: a changer's newest version, everyone else's published one."""
    found = await _visible(info, unit_id, year, version)
    return None if found is None else WorkPlan.of(*found)


@strawberry.federation.type(keys=["id"], description="An org unit (owned by identity).")
class OrgUnit:
    """Identity's org unit, with its work plan."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> OrgUnit:
        """Any referenced unit: what it may show is decided field by field."""
        return cls(id=id)

    @strawberry.field(description="The unit's work plan for a fiscal year (as the caller may see).")
    async def plan(self, info: Info, year: int) -> WorkPlan | None:
        """The unit's visible plan of `year`."""
        return await load_work_plan(info, str(self.id), year)


@strawberry.type(description="A plan exported as a file in the import format.")
class PlanExport:
    """An exported plan file."""

    filename: str
    content_type: str
    content: str = strawberry.field(description="UTF-8 text for CSV, base64 for XLSX.")
    sha256: str = strawberry.field(description="Hex SHA-256 of the file's bytes.")


@strawberry.type(name="RowError", description="A problem in one row of a plan file.")
class PlanRowError:
    """Row 1 is the header, data rows count from 2, row 0 means the file as a whole."""

    row: int
    column: str | None
    message: str


@strawberry.type(description="The plan file has bad rows; nothing was imported.")
class PlanImportFailed(Error):
    """Every problem found, row by row."""

    errors: list[PlanRowError]


@strawberry.type(description="The plan after an import.")
class PlanPayload:
    """The imported plan version."""

    plan: WorkPlan
    rows_imported: int = strawberry.field(description="How many RO and IKU rows were imported.")


@strawberry.type(description="The plan after publishing.")
class PublishPlanPayload:
    """The published plan version."""

    plan: WorkPlan


@strawberry.input(description="A plan file for a unit and year.")
class ImportPlanInput:
    """What `importPlan` takes."""

    unit_id: strawberry.ID
    year: int
    format: PlanFormat
    content: str = strawberry.field(description="UTF-8 text for CSV, base64 for XLSX.")


@strawberry.input(description="The draft plan to publish.")
class PublishPlanInput:
    """What `publishPlan` takes."""

    plan_id: strawberry.ID


ImportPlanResult = Annotated[
    PlanPayload | PlanImportFailed | NotFound | ValidationFailed | Conflict,
    strawberry.union("ImportPlanResult"),
]
PublishPlanResult = Annotated[
    PublishPlanPayload | NotFound | Conflict, strawberry.union("PublishPlanResult")
]


@strawberry.type
class PlanQuery(CascadeQuery):
    """Reading work plans (and, inherited, the cascade view)."""

    @strawberry.field(description="A unit's work plan for a year: the newest version you may see.")
    async def plan(
        self, info: Info, unit_id: strawberry.ID, year: int, version: int | None = None
    ) -> WorkPlan | None:
        """The visible plan, or a given version of it."""
        return await load_work_plan(info, str(unit_id), year, version)

    @strawberry.field(description="A unit's plan as a CSV or XLSX file in the import format.")
    async def export_plan(
        self, info: Info, unit_id: strawberry.ID, year: int, format: PlanFormat
    ) -> PlanExport | None:
        """The visible plan as a file (null when there is none to see)."""
        found = await _visible(info, str(unit_id), year)
        if found is None:
            return None
        async with info.context.read() as session:
            unit = await replica.get_unit(session, str(unit_id))
            file = await plans.export_plan(
                session, found[0], format, unit_code=unit.code if unit else str(unit_id)
            )
        csv = format is PlanFormat.CSV
        content = file.data.decode() if csv else base64.b64encode(file.data).decode()
        return PlanExport(
            filename=file.filename,
            content_type=file.content_type,
            content=content,
            sha256=file.sha256,
        )


async def _require_plan_unit(info: Info, plan_id: str) -> None:
    async with info.context.read() as session:
        plan = await get_plan(session, plan_id)
    if plan is None or not await may_change_plans(info, plan.unit_id):
        raise NotFoundError("plan", plan_id)


async def _work_plan(info: Info, plan: PlanRow) -> WorkPlan:
    async with info.context.read() as session:
        return WorkPlan.of(plan, await list_content(session, plan.id))


@strawberry.type
class PlanMutation:
    """Importing and publishing work plans."""

    @strawberry.mutation(description="Import a plan file as the unit's draft for a year.")
    @mutation_errors
    async def import_plan(self, info: Info, input: ImportPlanInput) -> ImportPlanResult:
        """All rows or, when any row is bad, nothing (with every problem listed)."""
        unit_id = str(input.unit_id)
        if not await may_change_plans(info, unit_id):
            raise NotFoundError("org unit", unit_id)
        try:
            async with info.context.transaction() as session:
                imported = await plans.import_plan(
                    session,
                    unit_id=unit_id,
                    year=input.year,
                    fmt=input.format,
                    content=input.content,
                    plan_id=str(uuid.uuid4()),
                    now=info.context.now(),
                )
        except plans.PlanFileError as exc:
            errors = [
                PlanRowError(row=e.row, column=e.column, message=e.message) for e in exc.errors
            ]
            return PlanImportFailed(message=exc.message, errors=errors)
        work_plan = await _work_plan(info, imported.plan)
        return PlanPayload(plan=work_plan, rows_imported=imported.rows_imported)

    @strawberry.mutation(description="Publish a draft plan; it replaces the published version.")
    @mutation_errors
    async def publish_plan(self, info: Info, input: PublishPlanInput) -> PublishPlanResult:
        """Publish the draft and announce it (`targets.plan.published.v1`)."""
        plan_id = str(input.plan_id)
        await _require_plan_unit(info, plan_id)
        async with info.context.transaction() as session:
            plan = await plans.publish_plan(session, plan_id, now=info.context.now())
        return PublishPlanPayload(plan=await _work_plan(info, plan))
