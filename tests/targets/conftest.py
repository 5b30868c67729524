"""Targets fixtures: a fresh targets database (migrated by Alembic) and a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from kinerja.migrations import migrate_async

NOW = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


@pytest.fixture
async def targets_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh targets database, built by the service's own migrations."""
    await migrate_async("targets", db_url)
    engine = create_engine(db_url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def session(targets_db: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session inside a transaction that the test may commit or leave open."""
    async with targets_db() as session, session.begin():
        yield session
