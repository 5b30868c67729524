"""Database plumbing: a reader never waits for a writer of the same request (SQLite WAL)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from kinerja.db import (
    create_engine,
    create_read_session_factory,
    create_session_factory,
    is_sqlite_url,
)


async def test_a_read_session_is_not_blocked_by_an_open_write_transaction(db_url: str) -> None:
    engine = create_engine(db_url)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY, name TEXT)"))
        await conn.execute(text("INSERT INTO probe (id, name) VALUES (1, 'before')"))
    writers, readers = create_session_factory(engine), create_read_session_factory(engine)
    try:
        async with writers() as writer, writer.begin():
            await writer.execute(text("UPDATE probe SET name = 'during' WHERE id = 1"))
            # The policy asks its questions on another connection while the write is open.
            async with readers() as reader:
                seen = await asyncio.wait_for(
                    reader.scalar(text("SELECT name FROM probe WHERE id = 1")), timeout=10
                )
        assert seen == "before"  # the reader sees the last committed state
    finally:
        await engine.dispose()


async def test_two_sqlite_writers_take_turns_instead_of_losing_updates(db_url: str) -> None:
    if not is_sqlite_url(db_url):
        pytest.skip("BEGIN IMMEDIATE is SQLite's; PostgreSQL code locks rows explicitly")
    engine = create_engine(db_url)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        await conn.execute(text("INSERT INTO counter (id, n) VALUES (1, 0)"))
    writers = create_session_factory(engine)

    async def bump() -> None:
        async with writers() as session, session.begin():
            n = await session.scalar(text("SELECT n FROM counter WHERE id = 1"))
            await asyncio.sleep(0.01)
            await session.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})

    try:
        await asyncio.wait_for(asyncio.gather(*(bump() for _ in range(5))), timeout=30)
        async with writers() as session:
            total = await session.scalar(text("SELECT n FROM counter WHERE id = 1"))
    finally:
        await engine.dispose()
    assert total == 5
