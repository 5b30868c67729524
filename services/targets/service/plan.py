"""Work-plan use cases: import a plan file, publish a plan, read and export it.

Publishing stages `targets.plan.published.v1` (subject: the plan id) with the whole plan:

  {plan_id, unit_id, year: int, version: int, published_at: ISO 8601 UTC,
   programs: [{code, name, kegiatan: [{code, name, kro: [{code, name,
     ro: [{id, code, name, unit, volume: decimal string, budget: int (whole rupiah)}]}]}]}],
   indicators: [{id, code, name, target_value: decimal string, unit,
                 direction: "HIGHER_IS_BETTER" | "LOWER_IS_BETTER"}]}

RO and IKU ids are the same in every version of a unit's plan for a year. Nothing here commits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import ConflictError, NotFoundError, ValidationError
from kinerja.events import add_event
from services.targets.domain.plan import (
    Indicator,
    Kegiatan,
    Kro,
    Output,
    PlanContent,
    PlanFormat,
    PlanStatus,
    Program,
    RowError,
    indicator_id,
    output_id,
    plain_decimal,
    plan_revision,
)
from services.targets.domain.plan_file import parse_plan_rows, plan_rows
from services.targets.events import SOURCE
from services.targets.service.plan_files import CONTENT_TYPES, encode_file, read_rows
from services.targets.store.plan import (
    PlanContentRows,
    PlanIndicatorRow,
    PlanKegiatanRow,
    PlanKroRow,
    PlanOutputRow,
    PlanProgramRow,
    PlanRow,
    delete_content,
    get_plan,
    latest_plan,
    list_content,
    list_published_plans,
    plan_version,
)

PLAN_PUBLISHED = "targets.plan.published.v1"
MIN_YEAR, MAX_YEAR = 2000, 2100
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


class PlanFileError(Exception):
    """A plan file with bad rows; nothing of it was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"the plan file has {len(errors)} problem(s); nothing was imported")
        self.message = str(self)
        self.errors = errors


@dataclass(frozen=True)
class PlanFile:
    """An exported plan file."""

    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of the file's bytes."""
        return hashlib.sha256(self.data).hexdigest()


def check_year(year: int) -> int:
    """A plausible fiscal year."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError("year", f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


async def require_unit(session: AsyncSession, unit_id: str) -> None:
    """NotFoundError unless the directory replica knows the unit."""
    if await replica.get_unit(session, unit_id) is None:
        raise NotFoundError("org unit", unit_id)


def _content_rows(plan_id: str, unit_id: str, year: int, content: PlanContent) -> list[Any]:
    rows: list[Any] = []
    for program in content.programs:
        rows.append(PlanProgramRow(plan_id=plan_id, code=program.code, name=program.name))
        for kegiatan in program.kegiatan:
            rows.append(
                PlanKegiatanRow(
                    plan_id=plan_id,
                    code=kegiatan.code,
                    program_code=program.code,
                    name=kegiatan.name,
                )
            )
            for kro in kegiatan.kros:
                rows.append(
                    PlanKroRow(
                        plan_id=plan_id, code=kro.code, kegiatan_code=kegiatan.code, name=kro.name
                    )
                )
                rows += [_output_row(plan_id, unit_id, year, kro, ro) for ro in kro.outputs]
    rows += [_indicator_row(plan_id, unit_id, year, iku) for iku in content.indicators]
    return rows


def _output_row(plan_id: str, unit_id: str, year: int, kro: Kro, ro: Output) -> PlanOutputRow:
    return PlanOutputRow(
        plan_id=plan_id,
        code=ro.code,
        id=output_id(unit_id, year, ro.code),
        kro_code=kro.code,
        name=ro.name,
        unit=ro.unit,
        volume=ro.volume,
        budget=ro.budget,
    )


def _indicator_row(plan_id: str, unit_id: str, year: int, iku: Indicator) -> PlanIndicatorRow:
    return PlanIndicatorRow(
        plan_id=plan_id,
        code=iku.code,
        id=indicator_id(unit_id, year, iku.code),
        name=iku.name,
        target_value=iku.target_value,
        unit=iku.unit,
        direction=iku.direction,
    )


@dataclass(frozen=True)
class ImportedPlan:
    """The plan version an import wrote, and how many RO and IKU rows it took."""

    plan: PlanRow
    rows_imported: int


async def import_plan(
    session: AsyncSession,
    *,
    unit_id: str,
    year: int,
    fmt: PlanFormat,
    content: str,
    plan_id: str,
    now: datetime,
) -> ImportedPlan:
    """Import a plan file as the unit's draft for `year`: all of it, or (any bad row) nothing."""
    check_year(year)
    await require_unit(session, unit_id)
    parsed = parse_plan_rows(read_rows(fmt, content), year=year)
    if isinstance(parsed, list):
        raise PlanFileError(parsed)
    latest = await latest_plan(session, unit_id, year, for_update=True)
    revision = plan_revision(None if latest is None else (latest.version, latest.status))
    if revision.replaces_draft and latest is not None:
        plan = latest
        plan.updated_at = now
        await delete_content(session, plan.id)
    else:
        plan = PlanRow(
            id=plan_id,
            unit_id=unit_id,
            year=year,
            version=revision.version,
            status=PlanStatus.DRAFT,
            created_at=now,
            updated_at=now,
            published_at=None,
        )
        session.add(plan)
        await _flush_new_version(session)
    session.add_all(_content_rows(plan.id, unit_id, year, parsed))
    await session.flush()
    count = sum(1 for _ in parsed.outputs()) + len(parsed.indicators)
    return ImportedPlan(plan=plan, rows_imported=count)


async def _flush_new_version(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:  # two imports raced for the same new version
        raise ConflictError("the plan was changed at the same time; try again") from exc


async def publish_plan(session: AsyncSession, plan_id: str, *, now: datetime) -> PlanRow:
    """Publish a draft plan (superseding the published one) and announce its whole content."""
    plan = await get_plan(session, plan_id, for_update=True)
    if plan is None:
        raise NotFoundError("plan", plan_id)
    if plan.status is not PlanStatus.DRAFT:
        raise ConflictError(f"plan {plan_id} is {plan.status.value}, not a DRAFT")
    for older in await list_published_plans(session, plan.unit_id, plan.year):
        older.status = PlanStatus.SUPERSEDED
        older.updated_at = now
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = plan.updated_at = now
    content = await load_content(session, plan)
    data = published_payload(plan, content)
    add_event(session, PLAN_PUBLISHED, data, source=SOURCE, subject=plan.id, now=now)
    await session.flush()
    return plan


def content_from_rows(rows: PlanContentRows) -> PlanContent:
    """The domain's view of a plan version's stored content."""
    outputs: dict[str, list[Output]] = {}
    for ro in rows.outputs:
        outputs.setdefault(ro.kro_code, []).append(
            Output(ro.code, ro.name, ro.unit, ro.volume, ro.budget)
        )
    kros: dict[str, list[Kro]] = {}
    for kro in rows.kros:
        kros.setdefault(kro.kegiatan_code, []).append(
            Kro(kro.code, kro.name, tuple(outputs.get(kro.code, ())))
        )
    kegiatan: dict[str, list[Kegiatan]] = {}
    for item in rows.kegiatan:
        kegiatan.setdefault(item.program_code, []).append(
            Kegiatan(item.code, item.name, tuple(kros.get(item.code, ())))
        )
    programs = tuple(
        Program(p.code, p.name, tuple(kegiatan.get(p.code, ()))) for p in rows.programs
    )
    indicators = tuple(
        Indicator(i.code, i.name, i.target_value, i.unit, i.direction) for i in rows.indicators
    )
    return PlanContent(programs=programs, indicators=indicators)


async def load_content(session: AsyncSession, plan: PlanRow) -> PlanContent:
    """A plan version's content."""
    return content_from_rows(await list_content(session, plan.id))


def published_payload(plan: PlanRow, content: PlanContent) -> dict[str, Any]:
    """The data of `targets.plan.published.v1`."""

    def ro(item: Output) -> dict[str, Any]:
        return {
            "id": output_id(plan.unit_id, plan.year, item.code),
            "code": item.code,
            "name": item.name,
            "unit": item.unit,
            "volume": plain_decimal(item.volume),
            "budget": item.budget,
        }

    def kro(item: Kro) -> dict[str, Any]:
        return {"code": item.code, "name": item.name, "ro": [ro(o) for o in item.outputs]}

    def kegiatan(item: Kegiatan) -> dict[str, Any]:
        return {"code": item.code, "name": item.name, "kro": [kro(k) for k in item.kros]}

    return {
        "plan_id": plan.id,
        "unit_id": plan.unit_id,
        "year": plan.year,
        "version": plan.version,
        "programs": [
            {"code": p.code, "name": p.name, "kegiatan": [kegiatan(k) for k in p.kegiatan]}
            for p in content.programs
        ],
        "indicators": [_indicator_payload(plan, i) for i in content.indicators],
        "published_at": plan.published_at.isoformat() if plan.published_at else None,
    }


def _indicator_payload(plan: PlanRow, item: Indicator) -> dict[str, Any]:
    return {
        "id": indicator_id(plan.unit_id, plan.year, item.code),
        "code": item.code,
        "name": item.name,
        "target_value": plain_decimal(item.target_value),
        "unit": item.unit,
        "direction": item.direction.value,
    }


async def visible_plan(
    session: AsyncSession,
    unit_id: str,
    year: int,
    *,
    with_drafts: bool,
    version: int | None = None,
) -> PlanRow | None:
    """The plan version to show: the newest (drafts only `with_drafts`), or a given version."""
    if version is not None:
        plan = await plan_version(session, unit_id, year, version)
        hidden = plan is not None and plan.status is PlanStatus.DRAFT and not with_drafts
        return None if hidden else plan
    if with_drafts:
        return await latest_plan(session, unit_id, year)
    return await latest_plan(session, unit_id, year, statuses=[PlanStatus.PUBLISHED])


async def export_plan(
    session: AsyncSession, plan: PlanRow, fmt: PlanFormat, *, unit_code: str
) -> PlanFile:
    """The plan version as a file in the import format."""
    rows = plan_rows(await load_content(session, plan), year=plan.year)
    name = _UNSAFE_IN_FILENAME.sub("-", unit_code).strip("-.") or "unit"
    return PlanFile(
        filename=f"rencana-kerja-{name}-{plan.year}-v{plan.version}.{fmt.value.lower()}",
        content_type=CONTENT_TYPES[fmt],
        data=encode_file(fmt, rows, modified=plan.updated_at),
    )
