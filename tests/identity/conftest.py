"""Identity fixtures: a fresh identity database, migrated, a fixed clock, and the
access dependencies (real Redis, real Argon2 with the production costs)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from kinerja.settings import Settings
from services.identity.config import IdentityConfig
from services.identity.service.deps import AccessDeps
from services.identity.service.passwords import Hasher
from tests.fixtures.db import fresh_database

NOW = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh identity database, migrated (a copy of the migrated template)."""
    async with fresh_database(tmp_path, service="identity") as url:
        yield url


@pytest.fixture
async def identity_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh identity database, a copy of its migrated template."""
    engine = create_engine(db_url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def session(
    identity_db: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One session inside a transaction that the test may commit or leave open."""
    async with identity_db() as session, session.begin():
        yield session


class CountingHasher(Hasher):
    """The real hasher, whose verifications a test can count (like the Prometheus counter)."""

    def __init__(self, config: IdentityConfig) -> None:
        self.registry = CollectorRegistry()
        self.counter = Counter("kinerja_identity_password_checks", "checks", registry=self.registry)
        super().__init__(config.hash_parameters(), on_check=self.counter.inc)

    @property
    def checks(self) -> float:
        """How many verifications ran."""
        value = self.registry.get_sample_value("kinerja_identity_password_checks_total")
        return float(value or 0)


def make_access(redis: Redis, config: IdentityConfig | None = None) -> AccessDeps:
    """Access dependencies on `redis` with `config` (defaults: the production figures)."""
    config = config or IdentityConfig()
    return AccessDeps(Settings(service="identity"), config, redis, CountingHasher(config))


@pytest.fixture
def access(redis_client: Redis) -> AccessDeps:
    """Access dependencies on the test Redis."""
    return make_access(redis_client)
