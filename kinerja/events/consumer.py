"""Idempotent durable pull consumers: inbox guard, bounded redelivery, dead letters.

A message's effect and its inbox row commit in one transaction, so a redelivery (a lost ack, a
republished outbox row, a second replica) finds the row and skips the handler. Failures are
redelivered with a delay; after `max_deliver` deliveries the message goes to
`deadletter.<service>.<subject>` and the service's `dead_letter` table for operators.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, cast

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import CursorResult, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import is_postgres
from kinerja.events.envelope import CloudEvent, EnvelopeError
from kinerja.events.streams import DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS, ensure_stream
from kinerja.events.tables import DeadLetterRow, InboxRow

logger = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, CloudEvent], Awaitable[None]]

DEFAULT_BACKOFF = [1.0, 5.0, 30.0, 120.0]
_MAX_ERROR_CHARS = 2000
_MAX_HEADER_CHARS = 500
_MAX_RESTART_DELAY = 10.0


class Consumer:
    """Applies one stream's events to a service database, once each, in a durable consumer."""

    def __init__(
        self,
        *,
        service: str,
        stream: str,
        handlers: dict[str, Handler],
        session_factory: async_sessionmaker[AsyncSession],
        js: JetStreamContext,
        max_deliver: int = 5,
        ack_wait: float = 30,
        backoff: list[float] | None = None,
        batch: int = 50,
        fetch_timeout: float = 1.0,
    ) -> None:
        self.service = service
        self.stream = stream
        self.handlers = handlers
        self.session_factory = session_factory
        self.js = js
        self.max_deliver = max_deliver
        self.ack_wait = ack_wait
        self.backoff = backoff if backoff is not None else DEFAULT_BACKOFF
        self.batch = batch
        self.fetch_timeout = fetch_timeout

    @property
    def durable(self) -> str:
        """The durable consumer name, shared by every replica of the service."""
        return f"{self.service}-{self.stream.lower()}"

    async def subscribe(self) -> JetStreamContext.PullSubscription:
        """Ensure the streams and the durable consumer exist, and bind a pull subscription."""
        # Creating the consumed stream here makes start order between services irrelevant.
        await ensure_stream(self.js, name=self.stream, subjects=[f"{self.stream.lower()}.>"])
        await ensure_stream(self.js, name=DEAD_LETTER_STREAM, subjects=DEAD_LETTER_SUBJECTS)
        config = ConsumerConfig(
            name=self.durable,
            durable_name=self.durable,
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            # Unbounded on the server: the bound is ours, so a give-up always leaves a dead letter.
            max_deliver=-1,
        )
        await self.js.add_consumer(self.stream, config)
        return await self.js.pull_subscribe_bind(self.durable, stream=self.stream)

    async def run(self, stop: asyncio.Event) -> None:
        """Fetch and process messages until `stop` is set; survives NATS and database outages."""
        failures = 0
        while not stop.is_set():
            subscription: JetStreamContext.PullSubscription | None = None
            try:
                subscription = await self.subscribe()
                failures = 0
                await self._pump(subscription, stop)
            except Exception:
                failures += 1
                delay = min(0.5 * 2**failures, _MAX_RESTART_DELAY)
                logger.exception("consumer %s failed; restarting in %.1fs", self.durable, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
            finally:
                if subscription is not None:
                    with contextlib.suppress(Exception):
                        await subscription.unsubscribe()

    async def _pump(
        self, subscription: JetStreamContext.PullSubscription, stop: asyncio.Event
    ) -> None:
        while not stop.is_set():
            try:
                messages = await subscription.fetch(self.batch, timeout=self.fetch_timeout)
            except TimeoutError:
                continue
            for msg in messages:
                try:
                    await self.process(msg)
                except Exception:
                    # Left unacked: JetStream redelivers it after ack_wait.
                    logger.exception("consumer %s could not settle %s", self.durable, msg.subject)

    async def process(self, msg: Msg) -> None:
        """Apply one message at most once, then ack, redeliver later, or dead-letter it."""
        try:
            event = CloudEvent.from_json(msg.data)
        except EnvelopeError as exc:
            await self._dead_letter(msg, event_id=None, error=str(exc))
            return
        handler = self.handlers.get(msg.subject)
        if handler is None:
            # Tolerant reader: events this service does not need are acknowledged and skipped.
            await msg.ack()
            return
        try:
            await self._apply(handler, event, subject=msg.subject)
        except Exception as exc:
            await self._failed(msg, event, exc)
            return
        await msg.ack()

    async def _apply(self, handler: Handler, event: CloudEvent, *, subject: str) -> None:
        async with self.session_factory() as session, session.begin():
            if not await record_in_inbox(
                session, consumer=self.durable, event_id=event.id, subject=subject
            ):
                logger.debug("consumer %s already applied %s", self.durable, event.id)
                return
            await handler(session, event)

    async def _failed(self, msg: Msg, event: CloudEvent, exc: Exception) -> None:
        deliveries = msg.metadata.num_delivered
        error = f"{type(exc).__name__}: {exc}"
        if deliveries >= self.max_deliver:
            logger.error("consumer %s gives up on %s: %s", self.durable, event.id, error)
            await self._dead_letter(msg, event_id=event.id, error=error)
            return
        delay = self.backoff[min(deliveries, len(self.backoff)) - 1] if self.backoff else None
        logger.warning(
            "consumer %s delivery %s of %s failed (%s); retrying in %ss",
            self.durable,
            deliveries,
            event.id,
            error,
            delay,
            exc_info=exc,
        )
        await msg.nak(delay=delay)

    async def _dead_letter(self, msg: Msg, *, event_id: str | None, error: str) -> None:
        deliveries = msg.metadata.num_delivered
        # Publish first (deduplicated by id), then record: a crash in between only repeats both.
        dedupe_id = f"{self.durable}:{event_id or msg.metadata.sequence.stream}"
        await self.js.publish(
            f"deadletter.{self.service}.{msg.subject}",
            msg.data,
            headers={
                "Nats-Msg-Id": dedupe_id,
                "Kinerja-Error": _header_value(error),
                "Kinerja-Consumer": self.durable,
                "Kinerja-Deliveries": str(deliveries),
            },
        )
        async with self.session_factory() as session, session.begin():
            session.add(
                DeadLetterRow(
                    consumer=self.durable,
                    event_id=event_id,
                    subject=msg.subject,
                    payload=msg.data.decode(errors="replace"),
                    error=error[:_MAX_ERROR_CHARS],
                    deliveries=deliveries,
                    failed_at=datetime.now(UTC),
                )
            )
        await msg.term()


def _header_value(text: str) -> str:
    # NATS headers are single-line; an exception message may not be.
    return " ".join(text.split())[:_MAX_HEADER_CHARS]


async def record_in_inbox(
    session: AsyncSession, *, consumer: str, event_id: str, subject: str
) -> bool:
    """Insert the inbox row; False when this consumer already applied the event."""
    values: dict[str, Any] = {
        "consumer": consumer,
        "event_id": event_id,
        "subject": subject,
        "processed_at": datetime.now(UTC),
    }
    insert = pg_insert if is_postgres(session) else sqlite_insert
    # ON CONFLICT DO NOTHING waits for a concurrent replica's insert, so exactly one applies it.
    statement = insert(InboxRow).values(values).on_conflict_do_nothing()
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount == 1


async def list_dead_letters(
    session: AsyncSession, consumer: str | None = None
) -> list[DeadLetterRow]:
    """Dead letters, oldest first, optionally of one consumer."""
    query = select(DeadLetterRow).order_by(DeadLetterRow.id)
    if consumer is not None:
        query = query.where(DeadLetterRow.consumer == consumer)
    return list((await session.scalars(query)).all())
