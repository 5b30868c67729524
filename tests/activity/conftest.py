"""Activity fixtures: a fresh activity database (migrated by Alembic) and a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from kinerja.migrations import migrate_async

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=UTC)  # Monday 16:00 WIB


@pytest.fixture
async def activity_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh activity database, built by the service's own migrations."""
    await migrate_async("activity", db_url)
    engine = create_engine(db_url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
