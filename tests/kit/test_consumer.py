"""Idempotent consumers: each event applied once; poison messages dead-lettered, visibly."""

from __future__ import annotations

import asyncio

import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kinerja.events import CloudEvent
from kinerja.events.consumer import Consumer, Handler, list_dead_letters, record_in_inbox
from kinerja.events.streams import DEAD_LETTER_STREAM, ensure_service_streams
from kinerja.events.tables import InboxRow
from kinerja.runtime import EmbeddedNats
from tests.fixtures.nats import consume_all, stream_messages

SUBJECT = "kit.thing.happened.v1"
SessionFactory = async_sessionmaker[AsyncSession]
JetStream = tuple[Client, JetStreamContext]


class EffectBase(DeclarativeBase):
    pass


class Effect(EffectBase):
    """What the test handler does: one row per event it applied."""

    __tablename__ = "kit_effect"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)


@pytest.fixture
async def db(kit_db: SessionFactory) -> SessionFactory:
    async with kit_db() as session, session.begin():
        await session.run_sync(lambda sync: EffectBase.metadata.create_all(sync.connection()))
    return kit_db


@pytest.fixture
async def js(jetstream: JetStream) -> JetStreamContext:
    await ensure_service_streams(jetstream[1], "kit")
    return jetstream[1]


def recording_handler(calls: list[str], *, failures: int = 0) -> Handler:
    """Writes an Effect row, then raises for the first `failures` calls."""

    async def handle(session: AsyncSession, event: CloudEvent) -> None:
        calls.append(event.id)
        session.add(Effect(event_id=event.id))
        await session.flush()
        if len(calls) <= failures:
            raise ValueError(f"failure {len(calls)}")

    return handle


def make_consumer(db: SessionFactory, js: JetStreamContext, handler: Handler) -> Consumer:
    return Consumer(
        service="targets",
        stream="KIT",
        handlers={SUBJECT: handler},
        session_factory=db,
        js=js,
        max_deliver=3,
        ack_wait=5,
        backoff=[0.05],
        fetch_timeout=0.2,
    )


async def publish(js: JetStreamContext, event: CloudEvent, *, msg_id: str | None = None) -> None:
    await js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": msg_id or event.id})


async def count(db: SessionFactory, model: type[EffectBase] | type[InboxRow]) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_event_delivered_twice_is_applied_once(
    db: SessionFactory, js: JetStreamContext
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls))
    event = CloudEvent(type=SUBJECT, source="kit", data={"n": 1})
    # Different Nats-Msg-Ids get past JetStream's dedupe, as a replay from the outbox would.
    await publish(js, event, msg_id="first")
    await publish(js, event, msg_id="second")

    await consume_all(js, consumer)

    assert calls == [event.id]
    assert await count(db, Effect) == 1
    assert await count(db, InboxRow) == 1


async def test_two_replicas_recording_the_same_event_apply_it_once(db: SessionFactory) -> None:
    async def record() -> bool:
        async with db() as session, session.begin():
            applied = await record_in_inbox(session, consumer="c", event_id="e1", subject=SUBJECT)
            await asyncio.sleep(0.05)
            return applied

    results = await asyncio.gather(record(), record())

    assert sorted(results) == [False, True]


async def test_handler_failing_every_time_is_dead_lettered_after_max_deliveries(
    db: SessionFactory, js: JetStreamContext
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls, failures=99))
    event = CloudEvent(type=SUBJECT, source="kit", data={"n": 1})
    await publish(js, event)

    await consume_all(js, consumer)

    assert calls == [event.id] * 3
    async with db() as session:
        [dead] = await list_dead_letters(session, consumer="targets-kit")
    assert (dead.event_id, dead.subject, dead.deliveries) == (event.id, SUBJECT, 3)
    assert dead.error == "ValueError: failure 3"
    assert CloudEvent.from_json(dead.payload) == event
    [message] = await stream_messages(js, DEAD_LETTER_STREAM)
    assert message.subject == f"deadletter.targets.{SUBJECT}"
    assert message.data == event.to_json()
    assert message.headers is not None
    assert message.headers["Kinerja-Consumer"] == "targets-kit"
    assert message.headers["Kinerja-Deliveries"] == "3"
    assert message.headers["Kinerja-Error"] == "ValueError: failure 3"
    assert await count(db, InboxRow) == 0
    assert await count(db, Effect) == 0


async def test_transient_failure_then_success_applies_once(
    db: SessionFactory, js: JetStreamContext
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls, failures=1))
    event = CloudEvent(type=SUBJECT, source="kit", data={"n": 1})
    await publish(js, event)

    await consume_all(js, consumer)

    assert calls == [event.id, event.id]
    assert await count(db, Effect) == 1
    assert await count(db, InboxRow) == 1
    async with db() as session:
        assert await list_dead_letters(session) == []


async def test_events_of_unknown_subjects_are_acked_and_ignored(
    db: SessionFactory, js: JetStreamContext
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls))
    await publish(js, CloudEvent(type="kit.other.happened.v1", source="kit", data={}))

    await consume_all(js, consumer)

    assert calls == []
    assert await count(db, InboxRow) == 0
    async with db() as session:
        assert await list_dead_letters(session) == []


async def test_malformed_payload_is_dead_lettered_at_once(
    db: SessionFactory, js: JetStreamContext
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls))
    await js.publish(SUBJECT, b"{not json")

    await consume_all(js, consumer)

    assert calls == []
    async with db() as session:
        [dead] = await list_dead_letters(session)
    assert (dead.event_id, dead.payload, dead.deliveries) == (None, "{not json", 1)
    assert dead.error.startswith("malformed event")
    [message] = await stream_messages(js, DEAD_LETTER_STREAM)
    assert message.subject == f"deadletter.targets.{SUBJECT}"


async def test_consumer_keeps_consuming_across_a_nats_restart(
    db: SessionFactory, js: JetStreamContext, nats_server: EmbeddedNats
) -> None:
    calls: list[str] = []
    consumer = make_consumer(db, js, recording_handler(calls))
    first = CloudEvent(type=SUBJECT, source="kit", data={"n": 1})
    second = CloudEvent(type=SUBJECT, source="kit", data={"n": 2})
    await publish(js, first)
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        for _ in range(400):
            if calls:
                break
            await asyncio.sleep(0.05)
        nats_server.stop()
        await asyncio.sleep(0.3)
        nats_server.start()
        for _ in range(400):
            try:
                await publish(js, second)
                break
            except Exception:
                await asyncio.sleep(0.1)
        for _ in range(400):
            if len(calls) == 2:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)

    assert calls == [first.id, second.id]
