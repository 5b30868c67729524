"""The audit log: every run change chains onto the one before; `kinerja audit verify allowance`
reports the chain intact, or the first row that was changed or removed."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.settings import Settings
from services.allowance.audit_cli import verify_allowance
from services.allowance.service.audit import verify
from services.allowance.store.audit import AuditRow
from tests.allowance.test_runs import Db, compute, given_org, locked_march


async def run_history(db: Db) -> int:
    """March computed, reviewed and locked, then recomputed in April; the audit rows."""
    org = await given_org(db)
    await locked_march(db, org)
    await compute(db, org, date(2026, 4, 1))
    async with db() as session:
        return len((await session.scalars(select(AuditRow.seq))).all())


async def the_cli(db_url: str, *args: str) -> tuple[int, str]:
    """`kinerja audit verify …` against the test's database (exit code, output)."""
    env = {"KINERJA_ALLOWANCE_DATABASE_URL": db_url}
    result = await asyncio.to_thread(CliRunner().invoke, app, ["audit", "verify", *args], env=env)
    return result.exit_code, result.output


async def test_every_change_is_chained_and_the_chain_verifies(
    allowance_db: Db, db_url: str
) -> None:
    rows = await run_history(allowance_db)

    async with allowance_db() as session:
        result = await verify(session)
        actions = (await session.scalars(select(AuditRow.action).order_by(AuditRow.seq))).all()

    assert (result.ok, result.rows) == (True, rows)
    assert [a for a in actions if a.startswith("run.")] == [
        "run.computed",
        "run.reviewed",
        "run.locked",
        "run.computed",
    ]
    assert await the_cli(db_url, "allowance") == (
        0,
        f"allowance audit chain: {rows} rows, intact\n",
    )


async def lift_append_only(session: AsyncSession) -> None:
    """Drop the triggers that keep the log append-only (only the database owner can)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        return
    for event in ("update", "delete"):
        await session.execute(text(f"DROP TRIGGER audit_log_no_{event}"))


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log"],
)
async def test_the_log_refuses_updates_and_deletes(allowance_db: Db, statement: str) -> None:
    rows = await run_history(allowance_db)

    with pytest.raises(DBAPIError, match="append-only"):
        async with allowance_db() as session, session.begin():
            await session.execute(text(statement))

    async with allowance_db() as session:
        verification = await verify(session)
    assert (verification.ok, verification.rows) == (True, rows)


async def test_a_tampered_row_is_reported_at_that_row(
    allowance_db: Db, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = await run_history(allowance_db)
    target = rows - 1  # the lock
    async with allowance_db() as session, session.begin():
        await lift_append_only(session)  # as the database owner could
        await session.execute(
            text("UPDATE audit_log SET detail = :detail WHERE seq = :seq"),
            {"detail": '{"total":1}', "seq": target},
        )

    code = await asyncio.to_thread(verify_allowance, Settings(allowance_database_url=db_url))

    assert code == 1
    assert capsys.readouterr().out == (
        f"allowance audit chain: broken at row {target}: its content does not match its hash "
        f"({target - 1} rows intact before it)\n"
    )
    exit_code, output = await the_cli(db_url, "allowance")
    assert exit_code == 1
    assert f"broken at row {target}: its content does not match its hash" in output


async def test_a_deleted_middle_row_is_reported(allowance_db: Db, db_url: str) -> None:
    rows = await run_history(allowance_db)
    middle = rows // 2
    async with allowance_db() as session, session.begin():
        await lift_append_only(session)  # as the database owner could
        await session.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": middle})

    exit_code, output = await the_cli(db_url, "allowance")

    assert exit_code == 1
    assert output == (
        f"allowance audit chain: broken at row {middle}: row {middle} is missing "
        f"({middle - 1} rows intact before it)\n"
    )


async def test_an_empty_chain_is_intact(db_url: str, allowance_db: Db) -> None:
    assert await the_cli(db_url, "allowance") == (0, "allowance audit chain: 0 rows, intact\n")


async def test_a_service_without_an_audit_chain_is_refused(tmp_path: Path) -> None:
    exit_code, output = await the_cli(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", "identity")

    assert exit_code == 1
    assert "no audit chain for 'identity'; known: allowance" in output
