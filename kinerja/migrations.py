"""Alembic, run per service: `migrate(service, url)` and the shared body of every env.py."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from kinerja.db import create_engine

SERVICES_ROOT = Path(__file__).resolve().parent.parent / "services"


def make_append_only(table: str) -> None:
    """In a migration: triggers that refuse UPDATE and DELETE on `table` (SQLite, PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def drop_append_only(table: str) -> None:
    """In a migration: remove what `make_append_only` created."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


def alembic_config(service: str, url: str) -> Config:
    """An Alembic config for a service's `migrations/` folder and database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SERVICES_ROOT / service / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["kinerja_url"] = url
    return cfg


def migrate(service: str, url: str, revision: str = "head") -> None:
    """Upgrade a service's database to `revision` (blocking; call from a thread in async code)."""
    command.upgrade(alembic_config(service, url), revision)


async def migrate_async(service: str, url: str, revision: str = "head") -> None:
    """`migrate` from async code."""
    await asyncio.to_thread(migrate, service, url, revision)


def _run(connection: Connection, metadata: list[MetaData]) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str, metadata: list[MetaData]) -> None:
    engine = create_engine(url, pooled=False)
    async with engine.connect() as conn:
        await conn.run_sync(_run, metadata)
        await conn.commit()
    await engine.dispose()


def run_env(metadata: list[MetaData]) -> None:
    """The whole body of a service's `migrations/env.py`."""
    url = context.config.attributes.get("kinerja_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(str(url), metadata))


def _tidy_initial(path: Path, service: str) -> None:
    text = path.read_text()
    # The kit's UtcDateTime is stored as a plain timezone-aware DateTime.
    pattern = rf"(?:kinerja\.db|services\.{service}\.store\.base)\.UtcDateTime\("
    text = re.sub(pattern, "sa.DateTime(", text)
    text = re.sub(r"\n *# ### .* ###", "", text)
    text = re.sub(r"\nCreate Date: .*", "", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    # One table per statement: a long upgrade is the nature of an initial revision (ruff drops
    # the directive again where it is not needed).
    text = "# ruff: noqa: PLR0915 - one statement per table and index\n" + text
    path.write_text(text)


def regenerate_initial(service: str, message: str) -> Path:
    """Delete and autogenerate a service's revision 0001 from its models, then format it.

    Autogenerates against a fresh SQLite database, so the result is deterministic.
    """
    versions = SERVICES_ROOT / service / "migrations" / "versions"
    later = sorted(p.name for p in versions.glob("*.py") if not p.name.startswith("0001_"))
    if later:
        raise SystemExit(
            f"{service} has revisions after 0001 ({', '.join(later)}): "
            "change the schema with a new revision instead"
        )
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as directory:
        config = alembic_config(service, f"sqlite+aiosqlite:///{directory}/fresh.sqlite3")
        command.revision(config, message=message, autogenerate=True, rev_id="0001")
    [path] = versions.glob("0001_*.py")
    target = path.with_name("0001_initial.py")
    path.rename(target)
    _tidy_initial(target, service)
    ruff = Path(sys.executable).with_name("ruff")
    subprocess.run([str(ruff), "check", "--fix", "--quiet", str(target)], check=True)  # noqa: S603
    subprocess.run([str(ruff), "format", "--quiet", str(target)], check=True)  # noqa: S603
    return target
