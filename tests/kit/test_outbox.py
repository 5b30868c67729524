"""The transactional outbox and its relay: published after commit, once, in order."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import ANONYMOUS
from kinerja.events import add_event
from kinerja.events.relay import OutboxRelay
from kinerja.events.streams import ensure_service_streams
from kinerja.events.tables import OutboxRow
from kinerja.graphql import Context
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from tests.fixtures.nats import stream_messages

SUBJECT = "kit.thing.happened.v1"

SessionFactory = async_sessionmaker[AsyncSession]
JetStream = tuple[Client, JetStreamContext]


async def write_events(session_factory: SessionFactory, count: int, *, first: int = 0) -> list[str]:
    ids = []
    async with session_factory() as session, session.begin():
        for n in range(first, first + count):
            ids.append(add_event(session, SUBJECT, {"n": n}, source="kit").id)
    return ids


async def outbox_rows(session_factory: SessionFactory) -> list[OutboxRow]:
    async with session_factory() as session:
        return list((await session.scalars(select(OutboxRow).order_by(OutboxRow.seq))).all())


async def pending_count(session_factory: SessionFactory) -> int:
    async with session_factory() as session:
        query = select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))
        return int(await session.scalar(query) or 0)


async def write_event_then_fail(session_factory: SessionFactory) -> None:
    async with session_factory() as session, session.begin():
        add_event(session, SUBJECT, {"n": 1}, source="kit")
        raise RuntimeError("boom")


async def test_rolled_back_transaction_leaves_no_outbox_row(kit_db: SessionFactory) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        await write_event_then_fail(kit_db)

    assert await outbox_rows(kit_db) == []


async def test_committed_events_are_published_once_with_their_id_as_msg_id(
    kit_db: SessionFactory, jetstream: JetStream
) -> None:
    _, js = jetstream
    await ensure_service_streams(js, "kit")
    ids = await write_events(kit_db, 3)
    relay = OutboxRelay(kit_db, js)

    assert await relay.publish_pending() == 3
    assert await relay.publish_pending() == 0

    messages = await stream_messages(js, "KIT")
    assert [m.headers and m.headers["Nats-Msg-Id"] for m in messages] == ids
    assert [json.loads(m.data or b"")["id"] for m in messages] == ids
    assert all(row.sent_at is not None for row in await outbox_rows(kit_db))


async def test_publishing_the_same_row_twice_stores_one_message(
    kit_db: SessionFactory, jetstream: JetStream
) -> None:
    _, js = jetstream
    await ensure_service_streams(js, "kit")
    await write_events(kit_db, 1)
    relay = OutboxRelay(kit_db, js)
    await relay.publish_pending()
    # As if the relay crashed after the JetStream ack but before its commit.
    async with kit_db() as session, session.begin():
        (await session.scalars(select(OutboxRow))).one().sent_at = None

    assert await relay.publish_pending() == 1

    assert len(await stream_messages(js, "KIT")) == 1


async def drain_until_empty(relay: OutboxRelay, session_factory: SessionFactory) -> None:
    for _ in range(400):
        await relay.drain()
        if await pending_count(session_factory) == 0:
            return
        await asyncio.sleep(0.1)
    pytest.fail("the relay never drained the outbox")


async def test_events_written_while_nats_is_down_are_delivered_once_in_order_after_restart(
    kit_db: SessionFactory, nats_server: EmbeddedNats, jetstream: JetStream
) -> None:
    _, js = jetstream
    await ensure_service_streams(js, "kit")
    relay = OutboxRelay(kit_db, js, publish_timeout=0.5)
    ids = await write_events(kit_db, 2)
    await relay.publish_pending()

    nats_server.stop()
    ids += await write_events(kit_db, 5, first=2)
    assert await relay.publish_pending() == 0
    failed = [row for row in await outbox_rows(kit_db) if row.sent_at is None]
    assert len(failed) == 5
    assert failed[0].attempts == 1
    assert failed[0].last_error

    nats_server.start()
    await drain_until_empty(relay, kit_db)

    messages = await stream_messages(js, "KIT")
    assert [json.loads(m.data or b"")["id"] for m in messages] == ids


async def test_running_relay_publishes_when_woken_and_stops_on_request(
    kit_db: SessionFactory, jetstream: JetStream
) -> None:
    _, js = jetstream
    await ensure_service_streams(js, "kit")
    relay = OutboxRelay(kit_db, js, interval=30)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    await write_events(kit_db, 2)
    relay.wake()
    for _ in range(400):
        if await pending_count(kit_db) == 0:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 5)

    assert await pending_count(kit_db) == 0
    assert len(await stream_messages(js, "KIT")) == 2


class CountingJetStream:
    """Passes publishes through to JetStream and remembers every Nats-Msg-Id it sent."""

    def __init__(self, js: JetStreamContext) -> None:
        self.js = js
        self.sent: list[str] = []

    async def publish(self, subject: str, payload: bytes, **kwargs: Any) -> Any:
        self.sent.append(kwargs["headers"]["Nats-Msg-Id"])
        # Yield while the row locks are held so the other relay's pass overlaps this one.
        await asyncio.sleep(0.001)
        return await self.js.publish(subject, payload, **kwargs)


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("KINERJA_TEST_POSTGRES_URL"), reason="SKIP LOCKED needs PostgreSQL"
)
async def test_two_relays_on_postgres_publish_each_row_once(
    kit_db: SessionFactory, jetstream: JetStream
) -> None:
    _, js = jetstream
    await ensure_service_streams(js, "kit")
    ids = await write_events(kit_db, 120)
    counting = CountingJetStream(js)
    relays = [OutboxRelay(kit_db, counting, batch_size=10) for _ in range(2)]  # type: ignore[arg-type]

    while any(await asyncio.gather(*(relay.publish_pending() for relay in relays))):
        pass

    assert sorted(counting.sent) == sorted(ids)
    assert len(await stream_messages(js, "KIT")) == 120


def request_context(session_factory: SessionFactory, woken: list[str]) -> Context:
    """A request's context whose commits of staged events are counted."""
    return Context(
        settings=Settings(),
        session_factory=session_factory,
        principal=ANONYMOUS,
        request_id="req",
        on_events_committed=lambda: woken.append("wake"),
    )


async def test_a_committed_transaction_with_events_wakes_the_relay_once(
    kit_db: SessionFactory,
) -> None:
    woken: list[str] = []
    context = request_context(kit_db, woken)

    async with context.transaction() as session:
        add_event(session, SUBJECT, {"n": 1}, source="kit")
        add_event(session, SUBJECT, {"n": 2}, source="kit")

    assert woken == ["wake"]
    assert len(await outbox_rows(kit_db)) == 2


async def test_no_event_or_a_rollback_does_not_wake_the_relay(kit_db: SessionFactory) -> None:
    woken: list[str] = []
    context = request_context(kit_db, woken)

    async def fail_after_staging() -> None:
        async with context.transaction() as session:
            add_event(session, SUBJECT, {"n": 1}, source="kit")
            raise RuntimeError("boom")

    async with context.transaction():
        pass
    with pytest.raises(RuntimeError, match="boom"):
        await fail_after_staging()

    assert woken == []
    assert await outbox_rows(kit_db) == []
