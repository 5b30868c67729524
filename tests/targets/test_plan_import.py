"""Importing, publishing, revising and exporting plans through the use cases, on the database."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError, NotFoundError, ValidationError
from kinerja.events.tables import OutboxRow
from services.targets.domain.plan import PlanContent, PlanFormat, PlanStatus, output_id
from services.targets.service import plan as plans
from services.targets.store.plan import (
    CONTENT_TABLES,
    PlanOutputRow,
    PlanRow,
    latest_plan,
)
from tests.targets.conftest import NOW
from tests.targets.factories import add_unit, count_rows, outbox_count

SAMPLES = Path(__file__).parents[2] / "services/targets/samples"
SAMPLE_CSV = (SAMPLES / "rencana-kerja-rehsos-2025.csv").read_text()
SAMPLE_XLSX = base64.b64encode((SAMPLES / "rencana-kerja-rehsos-2025.xlsx").read_bytes()).decode()
Sessions = async_sessionmaker[AsyncSession]
NOTHING = (0, 0, 0, 0, 0, 0, 0)  # plans, programs, kegiatan, KROs, ROs, IKUs, outbox rows


@dataclass
class Plans:
    """Runs the plan use cases for one unit, each in its own transaction."""

    db: Sessions
    unit_id: str

    async def import_(self, content: str = SAMPLE_CSV, **kw: Any) -> plans.ImportedPlan:
        fields: dict[str, Any] = {"unit_id": self.unit_id, "year": 2025, "fmt": PlanFormat.CSV}
        fields |= {"content": content, "plan_id": str(uuid.uuid4()), "now": NOW, **kw}
        async with self.db() as session, session.begin():
            return await plans.import_plan(session, **fields)

    async def publish(self, plan_id: str, **kw: Any) -> PlanRow:
        async with self.db() as session, session.begin():
            return await plans.publish_plan(session, plan_id, now=kw.get("now", NOW))

    async def content(self, plan: PlanRow) -> PlanContent:
        async with self.db() as session:
            return await plans.load_content(session, plan)

    async def export(self, plan: PlanRow, fmt: PlanFormat) -> plans.PlanFile:
        async with self.db() as session:
            return await plans.export_plan(session, plan, fmt, unit_code="REHSOS")

    async def totals(self) -> tuple[int, ...]:
        async with self.db() as session:
            rows = [await count_rows(session, table) for table in (PlanRow, *CONTENT_TABLES)]
            return (*rows, await outbox_count(session))

    async def events(self) -> list[dict[str, Any]]:
        async with self.db() as session:
            rows = await session.scalars(select(OutboxRow).order_by(OutboxRow.created_at))
            return [json.loads(row.payload) for row in rows]


@pytest.fixture
async def unit(targets_db: Sessions) -> Plans:
    unit_id = str(uuid.uuid4())
    async with targets_db() as session, session.begin():
        await add_unit(session, unit_id, [unit_id])
    return Plans(targets_db, unit_id)


@pytest.fixture
async def published(unit: Plans) -> PlanRow:
    imported = await unit.import_()
    return await unit.publish(imported.plan.id)


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


# --- importing -------------------------------------------------------------------------------


async def test_the_sample_csv_imports_as_a_draft_version_1(unit: Plans) -> None:
    imported = await unit.import_()

    assert imported.rows_imported == 17
    assert (imported.plan.status, imported.plan.version, imported.plan.year) == (
        PlanStatus.DRAFT,
        1,
        2025,
    )
    assert await unit.totals() == (1, 2, 4, 8, 13, 4, 0)  # no event until published
    content = await unit.content(imported.plan)
    assert content.total_budget == 251_775_000_000


async def test_the_sample_xlsx_imports_the_same_plan_as_the_csv(unit: Plans) -> None:
    from_csv = await unit.content((await unit.import_()).plan)

    imported = await unit.import_(SAMPLE_XLSX, fmt=PlanFormat.XLSX)

    assert await unit.content(imported.plan) == from_csv


async def test_a_csv_with_semicolons_and_a_byte_order_mark_imports(unit: Plans) -> None:
    expected = await unit.content((await unit.import_()).plan)
    excel_style = "\ufeff" + SAMPLE_CSV.replace(",", ";").replace("\n", "\r\n")

    imported = await unit.import_(excel_style)

    assert await unit.content(imported.plan) == expected


async def test_importing_over_a_draft_replaces_it_in_place(unit: Plans) -> None:
    first = await unit.import_()
    smaller = "\n".join(SAMPLE_CSV.splitlines()[:3]) + "\n"

    second = await unit.import_(smaller)

    assert (second.plan.id, second.plan.version, second.rows_imported) == (first.plan.id, 1, 2)
    assert await unit.totals() == (1, 1, 1, 1, 2, 0, 0)


async def test_ro_ids_are_the_same_in_every_version(unit: Plans, published: PlanRow) -> None:
    revised = await unit.import_()

    async with unit.db() as session:
        stmt = select(PlanOutputRow.plan_id, PlanOutputRow.id).where(
            PlanOutputRow.code == "5678.QAH.001"
        )
        ids = {row.plan_id: row.id for row in await session.execute(stmt)}

    expected = output_id(unit.unit_id, 2025, "5678.QAH.001")
    assert ids == {published.id: expected, revised.plan.id: expected}


# --- bad files: clear errors, nothing changed ------------------------------------------------


async def test_a_file_with_bad_rows_imports_nothing_and_reports_every_row(unit: Plans) -> None:
    bad = replace_line(SAMPLE_CSV, "Orang,2400,9600000000", "Orang,0,9600000000")
    bad = replace_line(bad, "5690.EBA.962", "5690.EBB.962")

    with pytest.raises(plans.PlanFileError) as failure:
        await unit.import_(bad)

    assert [(e.row, e.column, e.message) for e in failure.value.errors] == [
        (3, "volume", "volume must be greater than 0 (got 0)"),
        (11, "code", "RO code 5690.EBB.962 does not start with its KRO code 5690.EBA"),
    ]
    assert failure.value.message == "the plan file has 2 problem(s); nothing was imported"
    assert await unit.totals() == NOTHING


async def test_a_budget_with_a_fraction_of_a_rupiah_imports_nothing(unit: Plans) -> None:
    bad = replace_line(SAMPLE_CSV, "Lembaga,250,3750000000", "Lembaga,250,3750000000.50")

    with pytest.raises(plans.PlanFileError) as failure:
        await unit.import_(bad)

    assert [(e.row, e.column, e.message) for e in failure.value.errors] == [
        (4, "budget", "budget must be whole rupiah; a fraction of a rupiah is not allowed "
                      "(got 3750000000.5)"),
    ]  # fmt: skip
    assert await unit.totals() == NOTHING


async def test_a_bad_revision_leaves_the_published_plan_and_its_draft_alone(
    unit: Plans, published: PlanRow
) -> None:
    before = await unit.totals()

    with pytest.raises(plans.PlanFileError):
        await unit.import_(SAMPLE_CSV.replace(",2025,", ",2024,"))

    assert await unit.totals() == before
    async with unit.db() as session:
        latest = await latest_plan(session, unit.unit_id, 2025)
    assert latest is not None
    assert (latest.id, latest.status) == (published.id, PlanStatus.PUBLISHED)


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        (PlanFormat.XLSX, "not base64!", "an XLSX file must be sent as base64"),
        (PlanFormat.XLSX, base64.b64encode(b"PK but not a zip").decode(),
         "the content is not an XLSX workbook"),
        (PlanFormat.CSV, 'type,"year\n', "the CSV cannot be read: unexpected end of data"),
    ],
)  # fmt: skip
async def test_content_that_is_not_a_file_of_its_format_is_refused(
    unit: Plans, fmt: PlanFormat, content: str, message: str
) -> None:
    with pytest.raises(ValidationError) as failure:
        await unit.import_(content, fmt=fmt)

    assert (failure.value.field, failure.value.message) == ("content", message)
    assert await unit.totals() == NOTHING


async def test_an_xlsx_export_sent_as_csv_is_reported_by_row(unit: Plans) -> None:
    with pytest.raises(plans.PlanFileError) as failure:
        await unit.import_("just some text\n")

    assert failure.value.errors[0].message == "missing column type"
    assert await unit.totals() == NOTHING


async def test_an_implausible_year_is_refused(unit: Plans) -> None:
    with pytest.raises(ValidationError) as failure:
        await unit.import_(year=1999)

    assert (failure.value.field, failure.value.message) == (
        "year",
        "year must be between 2000 and 2100",
    )
    assert await unit.totals() == NOTHING


async def test_a_unit_the_directory_does_not_know_is_not_found(targets_db: Sessions) -> None:
    stranger = Plans(targets_db, "no-such-unit")

    with pytest.raises(NotFoundError) as failure:
        await stranger.import_()

    assert failure.value.message == "org unit no-such-unit not found"
    assert await stranger.totals() == NOTHING


# --- publishing and revising -----------------------------------------------------------------


async def test_publishing_announces_the_whole_plan(unit: Plans) -> None:
    imported = await unit.import_()

    plan = await unit.publish(imported.plan.id)

    assert (plan.status, plan.published_at) == (PlanStatus.PUBLISHED, NOW)
    [event] = await unit.events()
    assert (event["type"], event["subject"], event["source"]) == (
        "targets.plan.published.v1",
        plan.id,
        "kinerja/targets",
    )
    data = event["data"]
    assert {k: data[k] for k in ("plan_id", "unit_id", "year", "version", "published_at")} == {
        "plan_id": plan.id,
        "unit_id": unit.unit_id,
        "year": 2025,
        "version": 1,
        "published_at": NOW.isoformat(),
    }
    assert [p["code"] for p in data["programs"]] == ["027.06.DL", "027.06.WA"]
    assert data["programs"][0]["kegiatan"][0] == {
        "code": "5678",
        "name": "Rehabilitasi Sosial Anak",
        "kro": [
            {
                "code": "5678.QAH",
                "name": "Pelayanan Publik kepada Masyarakat",
                "ro": [
                    _ro(unit.unit_id, "5678.QAH.001", "Anak yang Mendapatkan Asistensi "
                        "Rehabilitasi Sosial (ATENSI)", "Orang", "18500", 55_500_000_000),
                    _ro(unit.unit_id, "5678.QAH.002", "Anak Berhadapan dengan Hukum yang "
                        "Mendapatkan Layanan Rehabilitasi Sosial", "Orang", "2400", 9_600_000_000),
                ],
            },
            {
                "code": "5678.QDB",
                "name": "Fasilitasi dan Pembinaan Lembaga",
                "ro": [
                    _ro(unit.unit_id, "5678.QDB.001", "Lembaga Kesejahteraan Sosial Anak yang "
                        "Difasilitasi", "Lembaga", "250", 3_750_000_000),
                ],
            },
        ],
    }  # fmt: skip
    assert data["indicators"][1] == {
        "id": data["indicators"][1]["id"],
        "code": "IKU.02",
        "name": "Indeks kepuasan masyarakat terhadap layanan rehabilitasi sosial",
        "target_value": "3.5",
        "unit": "Indeks",
        "direction": "HIGHER_IS_BETTER",
    }


def _ro(unit_id: str, code: str, name: str, unit: str, volume: str, budget: int) -> Any:
    ro_id = output_id(unit_id, 2025, code)
    return {"id": ro_id, "code": code, "name": name, "unit": unit, "volume": volume,
            "budget": budget}  # fmt: skip


async def test_a_published_plan_cannot_be_published_again(unit: Plans, published: PlanRow) -> None:
    with pytest.raises(ConflictError) as failure:
        await unit.publish(published.id)

    assert failure.value.message == f"plan {published.id} is PUBLISHED, not a DRAFT"
    assert await unit.totals() == (1, 2, 4, 8, 13, 4, 1)


async def test_publishing_an_unknown_plan_is_not_found(unit: Plans) -> None:
    with pytest.raises(NotFoundError):
        await unit.publish("no-such-plan")

    assert await unit.totals() == NOTHING


async def test_a_revision_is_a_new_draft_until_published_then_supersedes_the_old(
    unit: Plans, published: PlanRow
) -> None:
    bigger = replace_line(SAMPLE_CSV, "Orang,18500,55500000000", "Orang,19000,57000000000")
    revision = await unit.import_(bigger)
    assert (revision.plan.version, revision.plan.status) == (2, PlanStatus.DRAFT)

    later = NOW + timedelta(days=30)
    await unit.publish(revision.plan.id, now=later)

    async with unit.db() as session:
        rows = await session.scalars(select(PlanRow).order_by(PlanRow.version))
        history = [(p.version, p.status, p.published_at) for p in rows]
    assert history == [(1, PlanStatus.SUPERSEDED, NOW), (2, PlanStatus.PUBLISHED, later)]
    events = await unit.events()
    assert [e["data"]["version"] for e in events] == [1, 2]
    ro = events[1]["data"]["programs"][0]["kegiatan"][0]["kro"][0]["ro"][0]
    assert (ro["volume"], ro["budget"]) == ("19000", 57_000_000_000)
    assert (await unit.content(published)).total_budget == 251_775_000_000  # history kept


# --- exporting -------------------------------------------------------------------------------


async def test_a_csv_export_is_the_sample_file_again(unit: Plans, published: PlanRow) -> None:
    exported = await unit.export(published, PlanFormat.CSV)

    assert exported.filename == "rencana-kerja-REHSOS-2025-v1.csv"
    assert exported.content_type == "text/csv; charset=utf-8"
    assert exported.data.decode().replace("\r\n", "\n") == SAMPLE_CSV


@pytest.mark.parametrize("fmt", [PlanFormat.CSV, PlanFormat.XLSX])
async def test_export_then_import_gives_the_same_plan(
    unit: Plans, published: PlanRow, fmt: PlanFormat
) -> None:
    exported = await unit.export(published, fmt)
    content = exported.data.decode() if fmt is PlanFormat.CSV else base64.b64encode(exported.data)

    again = await unit.import_(content if isinstance(content, str) else content.decode(), fmt=fmt)

    assert again.plan.version == 2
    assert await unit.content(again.plan) == await unit.content(published)
