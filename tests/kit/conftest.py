"""Kit fixtures: a database holding the kit's tables and the directory replica's."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import KitBase, create_engine, create_session_factory
from kinerja.directory.tables import DirectoryBase
from kinerja.events import tables as _event_tables  # noqa: F401 - registers the kit tables


@pytest.fixture
async def kit_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on a fresh database with the outbox, inbox, dead letters and directory."""
    engine = create_engine(db_url)
    async with engine.begin() as conn:
        await conn.run_sync(KitBase.metadata.create_all)
        await conn.run_sync(DirectoryBase.metadata.create_all)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
