"""The per-request GraphQL context: settings, principal, database, DataLoaders."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.dataloader import DataLoader

from kinerja.auth import Principal
from kinerja.errors import NotFoundError
from kinerja.events.outbox import EVENTS_STAGED
from kinerja.settings import Settings

T = TypeVar("T")


@dataclass
class Context:
    """What every resolver may use; built fresh for each request."""

    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    principal: Principal
    request_id: str
    extras: dict[str, Any] = field(default_factory=dict)
    loaders: dict[Hashable, DataLoader[Any, Any]] = field(default_factory=dict)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    read_factory: async_sessionmaker[AsyncSession] | None = None
    # Called after a transaction that staged events commits (the app wakes its outbox relay,
    # so events leave at once instead of at the relay's next poll).
    on_events_committed: Callable[[], None] | None = None

    @property
    def readers(self) -> async_sessionmaker[AsyncSession]:
        """Sessions for reads only (on SQLite they never wait for this request's writer)."""
        return self.read_factory or self.session_factory

    def employee_id(self) -> str:
        """The signed-in employee's id; NotFoundError for anyone else (nothing is theirs)."""
        if not self.principal.is_employee or self.principal.subject is None:
            raise NotFoundError("employee", "me")
        return str(self.principal.subject)

    def now(self) -> datetime:
        """The request's notion of now (aware UTC); tests inject a clock."""
        return self.clock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        async with self.session_factory() as session:
            async with session.begin():
                yield session
            if session.info.pop(EVENTS_STAGED, False) and self.on_events_committed:
                self.on_events_committed()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads (no writes are committed)."""
        async with self.readers() as session:
            yield session

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """One `make()` per request under `key` (e.g. the policy's memoised directory view)."""
        if key not in self.extras:
            self.extras[key] = make()
        value: T = self.extras[key]
        return value

    def loader(
        self,
        key: Hashable,
        load: Callable[[AsyncSession, list[Any]], Awaitable[Sequence[Any]]],
    ) -> DataLoader[Any, Any]:
        """A per-request DataLoader: `load(session, keys)` returns values in key order."""
        existing = self.loaders.get(key)
        if existing is not None:
            return existing

        async def batch(keys: list[Any]) -> Sequence[Any]:
            async with self.read() as session:
                return await load(session, keys)

        created: DataLoader[Any, Any] = DataLoader(load_fn=batch)
        self.loaders[key] = created
        return created


Info = strawberry.Info[Context, None]
