"""Activity' Alembic migrations produce exactly the models (its, the kit's and the replica's)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import kinerja.events.tables  # noqa: F401 - registers the kit's tables
from kinerja.db import KitBase, create_engine
from kinerja.directory.tables import DirectoryBase
from services.activity.store import Base


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    metadata: list[MetaData] = [Base.metadata, KitBase.metadata, DirectoryBase.metadata]
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]


async def test_migrations_produce_exactly_the_models(
    activity_db: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
    finally:
        await engine.dispose()
