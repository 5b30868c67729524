"""Export files of a locked run: CSV, XLSX and JSON with a SHA-256 and a manifest, byte-stable
(the same run gives the same bytes, so the checksums published at lock keep matching), and the
`GET /runs/{id}/…` routes: 401 without a valid token, 404 for a run the caller may not fetch,
409 for a run that is not locked."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.testclient import TestClient

from kinerja.errors import ConflictError
from kinerja.events.tables import OutboxRow
from kinerja.http import create_service_app
from kinerja.settings import Settings
from services.allowance.routes import export_routes
from services.allowance.schema import schema
from services.allowance.service.exports import export_files, manifest, manifest_file
from services.allowance.service.runs import compute_run, lock_run, review_run
from services.allowance.store.audit import AuditRow
from services.allowance.store.runs import PaymentRow, RunRow
from tests.allowance.conftest import NOW
from tests.allowance.factories import Org, apply, finalized_event, month_closed_event, seed_org
from tests.allowance.factories import totals as row_totals
from tests.fixtures.auth import TEST_HMAC_SECRET, bearer, make_token, static_key_source

Db = async_sessionmaker[AsyncSession]
MARCH = date(2026, 3, 1)
HR = "hr-officer"
MEMBERS = {"dg_head": "dg", "director": "dir", "sub_head": "sub", "staff": "sub", "peer": "sub"}


# --- a locked run (shared with test_graph) --------------------------------------------------


async def given_org(db: Db) -> Org:
    """The directorate general of the factories, in the directory replica."""
    async with db() as session, session.begin():
        return await seed_org(session)


async def complete_month(db: Db, org: Org, month: str = "2026-03") -> None:
    """Every input of the month: all closed (staff late twice, TL2), all appraised BAIK."""
    year, number = (int(part) for part in month.split("-"))
    last = (date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)).isoformat()
    async with db() as session, session.begin():
        for name, unit in MEMBERS.items():
            tl = {"TL2": 2} if name == "staff" else None
            employee = getattr(org, name)
            await apply(session, month_closed_event(employee, getattr(org, unit), month, tl=tl))
            await apply(
                session, finalized_event(employee, "BAIK", month, start=f"{month}-01", end=last)
            )


async def draft_run(db: Db, org: Org, month: date = MARCH) -> RunRow:
    """HR computes the organisation's month (a DRAFT run)."""
    async with db() as session, session.begin():
        return await compute_run(session, org.dg, month, actor_id=HR, now=NOW)


async def locked_run(db: Db, org: Org) -> RunRow:
    """March with every input, computed, reviewed and locked."""
    await complete_month(db, org)
    run = await draft_run(db, org)
    async with db() as session, session.begin():
        await review_run(session, run.id, actor_id=HR, now=NOW)
    async with db() as session, session.begin():
        return await lock_run(session, run.id, actor_id=HR, now=NOW)


async def files_of(db: Db, run_id: str) -> dict[str, Any]:
    """Every export file of a run (a fresh session), by format."""
    async with db() as session:
        run = await session.get(RunRow, run_id)
        assert run is not None
        return {f.format: f for f in await export_files(session, run)}


@pytest.fixture
async def org(allowance_db: Db) -> Org:
    """The organisation in the replica."""
    return await given_org(allowance_db)


# --- the files -------------------------------------------------------------------------------


async def test_exporting_twice_gives_identical_bytes_and_checksums(
    allowance_db: Db, org: Org
) -> None:
    run = await locked_run(allowance_db, org)
    first = await files_of(allowance_db, run.id)
    second = await files_of(allowance_db, run.id)
    assert list(first) == ["csv", "xlsx", "json"]
    for fmt in first:
        assert first[fmt].content == second[fmt].content
        assert first[fmt].sha256 == second[fmt].sha256
        assert first[fmt].sha256 == hashlib.sha256(first[fmt].content).hexdigest()
        assert first[fmt].path == f"/runs/{run.id}/export.{fmt}"


async def test_the_checksums_published_at_lock_match_the_files(allowance_db: Db, org: Org) -> None:
    run = await locked_run(allowance_db, org)
    files = await files_of(allowance_db, run.id)
    async with allowance_db() as session:
        outbox = (await session.scalars(select(OutboxRow))).one()
    data = json.loads(outbox.payload)["data"]
    assert {f["format"]: f["sha256"] for f in data["files"]} == {
        fmt: f.sha256 for fmt, f in files.items()
    }


async def test_the_csv_lists_every_payment_by_employee(allowance_db: Db, org: Org) -> None:
    run = await locked_run(allowance_db, org)
    content = (await files_of(allowance_db, run.id))["csv"].content
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0] == ["nip", "name", "unit_id", "kelas", "status", "total", "employee_id"]
    assert [r[6] for r in rows[1:]] == sorted(getattr(org, name) for name in MEMBERS)
    assert sum(int(r[5]) for r in rows[1:]) == run.total
    assert b"\r\n" in content


async def test_the_xlsx_is_stable_and_dated_at_the_lock(allowance_db: Db, org: Org) -> None:
    run = await locked_run(allowance_db, org)
    content = (await files_of(allowance_db, run.id))["xlsx"].content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2026, 4, 6, 2, 0, 0)}
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.properties.created.isoformat() == "2026-04-06T02:00:00"
    assert workbook.properties.modified.isoformat() == "2026-04-06T02:00:00"
    sheet = workbook.active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:6] == ["nip", "name", "unit_id", "kelas", "status", "total"]
    assert all(isinstance(row[0], str) for row in values[1:])  # NIPs stay text
    assert sum(int(str(row[5])) for row in values[1:]) == run.total


async def test_the_json_holds_the_lines_of_each_payment(allowance_db: Db, org: Org) -> None:
    run = await locked_run(allowance_db, org)
    data = json.loads((await files_of(allowance_db, run.id))["json"].content)
    assert data["run"]["id"] == run.id
    assert data["run"]["month"] == "2026-03"
    assert data["run"]["status"] == "LOCKED"
    staff = next(p for p in data["payments"] if p["employee_id"] == org.staff)
    assert sum(line["amount"] for line in staff["lines"]) == staff["total"]
    assert any(line["code"] == "TL2" for line in staff["lines"])


async def test_the_manifest_lists_the_files_with_checksums_and_sizes(
    allowance_db: Db, org: Org
) -> None:
    run = await locked_run(allowance_db, org)
    files = await files_of(allowance_db, run.id)
    async with allowance_db() as session:
        stored = await session.get(RunRow, run.id)
        assert stored is not None
        data = json.loads(await manifest_file(session, stored))
        assert manifest(stored, list(files.values()))  # totals per unit are optional
    assert data["run_id"] == run.id
    assert (data["organisation_id"], data["month"], data["total"]) == (org.dg, "2026-03", run.total)
    assert [(f["format"], f["sha256"], f["size"]) for f in data["files"]] == [
        (fmt, f.sha256, len(f.content)) for fmt, f in files.items()
    ]
    assert sum(u["total"] for u in data["totals_by_unit"]) == run.total


async def test_an_unlocked_run_has_no_export_files(allowance_db: Db, org: Org) -> None:
    await complete_month(allowance_db, org)
    run = await draft_run(allowance_db, org)
    with pytest.raises(ConflictError, match="is not locked"):
        await files_of(allowance_db, run.id)


# --- the routes ------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path, db_url: str, redis_url: str) -> Settings:
    """Settings of the allowance service on the test database and Redis."""
    return Settings(
        service="allowance",
        home=tmp_path,
        allowance_database_url=db_url,
        redis_url=redis_url,
        hmac_secret=TEST_HMAC_SECRET,
    )


@pytest.fixture
def client(settings: Settings, allowance_db: Db) -> Iterator[TestClient]:
    """The allowance routes in the kit's app, trusting the test signing key (no NATS)."""
    app = create_service_app(
        settings=settings,
        schema=schema,
        events=False,
        key_source=static_key_source(),
        routes=export_routes(),
    )
    with TestClient(app) as test_client:
        yield test_client


def service_token(settings: Settings, *scopes: str) -> str:
    """A service account's token with some scopes."""
    return make_token(settings=settings, sub="svc-simpeg", kind="service", scopes=list(scopes))


def employee_token(settings: Settings, subject: str, *roles: dict[str, Any]) -> str:
    """An employee's token with some role grants ({"role": "HR", "unit": unit id})."""
    return make_token(settings=settings, sub=subject, roles=list(roles))


async def test_a_service_account_with_the_scope_fetches_every_file(
    allowance_db: Db, org: Org, client: TestClient, settings: Settings
) -> None:
    run = await locked_run(allowance_db, org)
    files = await files_of(allowance_db, run.id)
    headers = bearer(service_token(settings, "allowance:export"))
    for fmt, file in files.items():
        response = client.get(f"/runs/{run.id}/export.{fmt}", headers=headers)
        assert response.status_code == 200, response.text
        assert response.content == file.content
        assert response.headers["x-checksum-sha256"] == file.sha256
        assert response.headers["content-type"].startswith(file.media_type.split(";")[0])
    response = client.get(f"/runs/{run.id}/manifest.json", headers=headers)
    assert response.status_code == 200
    assert [f["sha256"] for f in response.json()["files"]] == [f.sha256 for f in files.values()]


async def test_hr_over_the_organisation_fetches_the_files(
    allowance_db: Db, org: Org, client: TestClient, settings: Settings
) -> None:
    run = await locked_run(allowance_db, org)
    token = employee_token(settings, "hr-1", {"role": "HR", "unit": org.dg})
    response = client.get(f"/runs/{run.id}/export.csv", headers=bearer(token))
    assert response.status_code == 200, response.text


async def test_without_a_valid_token_the_files_are_refused(
    allowance_db: Db, org: Org, client: TestClient, settings: Settings
) -> None:
    run = await locked_run(allowance_db, org)
    assert client.get(f"/runs/{run.id}/export.csv").status_code == 401
    assert client.get(f"/runs/{run.id}/export.csv", headers=bearer("x.y.z")).status_code == 401
    expired = make_token(settings=settings, sub="svc", kind="service", exp=1)
    assert client.get(f"/runs/{run.id}/export.csv", headers=bearer(expired)).status_code == 401


async def test_a_service_account_without_the_scope_gets_not_found(
    allowance_db: Db, org: Org, client: TestClient, settings: Settings
) -> None:
    run = await locked_run(allowance_db, org)
    before = await row_totals(allowance_db, RunRow, PaymentRow, AuditRow)
    for token in (
        service_token(settings),
        service_token(settings, "appraisal:read"),
        employee_token(settings, org.staff),
        employee_token(settings, org.director),
    ):
        response = client.get(f"/runs/{run.id}/export.json", headers=bearer(token))
        assert response.status_code == 404
        assert response.json() == {"error": f"allowance run {run.id} not found"}
    missing = client.get(
        "/runs/no-such-run/export.json", headers=bearer(service_token(settings, "allowance:export"))
    )
    assert missing.status_code == 404
    assert await row_totals(allowance_db, RunRow, PaymentRow, AuditRow) == before


async def test_exporting_an_unlocked_run_is_a_conflict(
    allowance_db: Db, org: Org, client: TestClient, settings: Settings
) -> None:
    await complete_month(allowance_db, org)
    run = await draft_run(allowance_db, org)
    before = await row_totals(allowance_db, RunRow, PaymentRow, AuditRow)
    headers = bearer(service_token(settings, "allowance:export"))
    for path in ("export.csv", "export.xlsx", "export.json", "manifest.json"):
        response = client.get(f"/runs/{run.id}/{path}", headers=headers)
        assert response.status_code == 409
        assert response.json() == {
            "error": f"allowance run {run.id} is DRAFT, not locked: only a locked run is "
            "exported (it never changes again)"
        }
    assert await row_totals(allowance_db, RunRow, PaymentRow, AuditRow) == before
