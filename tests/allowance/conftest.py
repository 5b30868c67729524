"""Allowance fixtures: a fresh allowance database, migrated and a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from tests.fixtures.db import fresh_database

NOW = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB, March is over


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh allowance database, migrated (a copy of the migrated template)."""
    async with fresh_database(tmp_path, service="allowance") as url:
        yield url


@pytest.fixture
async def allowance_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh allowance database, a copy of its migrated template."""
    engine = create_engine(db_url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
