"""Activity fixtures: a fresh activity database, migrated, the organisation in its replica and
a GraphQL client; `NOW` is the tests' fixed clock (defined beside the client)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from tests.activity.factories import Org, seed_org
from tests.activity.graphql import NOW, Client
from tests.fixtures.db import fresh_database

__all__ = ["NOW"]


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh activity database, migrated (a copy of the migrated template)."""
    async with fresh_database(tmp_path, service="activity") as url:
        yield url


@pytest.fixture
async def activity_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh activity database, a copy of its migrated template."""
    engine = create_engine(db_url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def org(activity_db: async_sessionmaker[AsyncSession]) -> Org:
    """The organisation of tests.targets.factories in the activity database's replica."""
    async with activity_db() as session, session.begin():
        return await seed_org(session)


@pytest.fixture
def client(activity_db: async_sessionmaker[AsyncSession]) -> Client:
    """A GraphQL client of the activity schema on that database."""
    return Client(activity_db)
