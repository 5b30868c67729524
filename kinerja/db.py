"""Database plumbing: async engines, sessions, the kit's own tables and the Alembic runner.

Every service owns one database. SQLite (embedded default) and PostgreSQL (production) are both
first-class: the same models, the same migrations, the same tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Dialect,
    Enum,
    MetaData,
    Numeric,
    Select,
    TypeDecorator,
    event,
    literal,
    tuple_,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool

from kinerja.errors import PageSizeError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """A MetaData with the project's constraint naming convention (stable migration names)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class KitBase(DeclarativeBase):
    """Tables the kit keeps inside every service's database (outbox, inbox, dead letters)."""

    metadata = new_metadata()


def is_sqlite_url(url: str) -> bool:
    """True for a SQLite URL."""
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


READ_ONLY_OPTION = "kinerja_read_only"


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock at BEGIN so two never deadlock on a lock upgrade. Readers
    # begin deferred: under WAL they never wait for a writer — not even for a write transaction
    # of the same request that is asking the policy a question on another connection.
    read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_engine(url: str, *, echo: bool = False, pooled: bool = True) -> AsyncEngine:
    """An async engine for `url`; SQLite gets WAL, synchronous=FULL and foreign keys."""
    extra: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if is_sqlite_url(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, connect_args={"isolation_level": None}, **extra
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    if pooled:
        extra["pool_pre_ping"] = True
    return create_async_engine(url, echo=echo, **extra)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (`expire_on_commit=False`)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads only: on SQLite they begin deferred and never wait for a writer."""
    readers = engine.execution_options(**{READ_ONLY_OPTION: True})
    return async_sessionmaker(readers, expire_on_commit=False, autoflush=False)


def is_postgres(session: AsyncSession | AsyncConnection) -> bool:
    """True when the session is bound to PostgreSQL."""
    if isinstance(session, AsyncConnection):
        return session.dialect.name == "postgresql"
    return session.get_bind().dialect.name == "postgresql"


async def ping(engine: AsyncEngine) -> None:
    """Raise unless the database answers a trivial query."""
    async with engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")


def keyset(
    stmt: Select[Any], columns: Sequence[ColumnElement[Any]], after: Sequence[Any] | None
) -> Select[Any]:
    """Order `stmt` by `columns` and start after the row whose values are `after` (keyset)."""
    stmt = stmt.order_by(*columns)
    if after:
        if len(after) != len(columns):
            raise PageSizeError("after is not a valid cursor")
        stmt = stmt.where(
            tuple_(*columns)
            > tuple_(*[literal(v, type_=c.type) for v, c in zip(after, columns, strict=True)])
        )
    return stmt


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive values read back from SQLite."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def enum_column(enum: type[Any]) -> Enum:
    """A portable enum column (an unconstrained VARCHAR, the same on SQLite and PostgreSQL)."""
    return Enum(enum, native_enum=False, create_constraint=False, length=40)


def decimal_column() -> Numeric[Decimal]:
    """An exact decimal column (targets, quantities, scores): 20 digits, 4 decimals, no floats."""
    return Numeric(20, 4, asdecimal=True)
