"""The outbox relay: publishes committed outbox rows to JetStream and marks them sent.

Publishing is at-least-once (a crash between the JetStream ack and the commit republishes the
row); the `Nats-Msg-Id` header lets JetStream drop the duplicate within the stream's window, and
consumers dedupe by event id in their inbox beyond it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from nats.js import JetStreamContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import is_postgres
from kinerja.events.tables import OutboxRow

logger = logging.getLogger(__name__)

_MAX_BACKOFF_SECONDS = 10.0
_MAX_ERROR_CHARS = 2000


class OutboxRelay:
    """Drains a service's outbox into JetStream; safe to run in every replica at once."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        js: JetStreamContext,
        *,
        batch_size: int = 100,
        interval: float = 0.5,
        publish_timeout: float = 5.0,
        linger: float = 0.05,
    ) -> None:
        self.session_factory = session_factory
        self.js = js
        self.batch_size = batch_size
        self.interval = interval
        self.publish_timeout = publish_timeout
        # After a wake-up, wait this long so that a burst of commits leaves in one pass (one
        # write transaction) instead of a pass per commit contending with the next writers.
        self.linger = linger
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Ask the running loop to publish now instead of at its next tick (e.g. after a commit)."""
        self._wake.set()

    async def publish_pending(self) -> int:
        """Publish one batch of unsent rows in order; return how many were sent."""
        sent = 0
        async with self.session_factory() as session, session.begin():
            query = (
                select(OutboxRow)
                .where(OutboxRow.sent_at.is_(None))
                .order_by(OutboxRow.seq)
                .limit(self.batch_size)
            )
            if is_postgres(session):
                # Replicas take disjoint rows; SQLite's BEGIN IMMEDIATE already serializes them.
                query = query.with_for_update(skip_locked=True)
            for row in (await session.scalars(query)).all():
                if not await self._publish(row):
                    # Later rows wait so that consumers see a service's events in commit order.
                    break
                sent += 1
        return sent

    async def _publish(self, row: OutboxRow) -> bool:
        try:
            await self.js.publish(
                row.subject,
                row.payload.encode(),
                timeout=self.publish_timeout,
                headers={"Nats-Msg-Id": row.event_id},
            )
        except Exception as exc:  # any transport failure leaves the row pending
            row.attempts = (row.attempts or 0) + 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_CHARS]
            logger.warning("outbox seq=%s %s not published: %s", row.seq, row.subject, exc)
            return False
        row.sent_at = datetime.now(UTC)
        return True

    async def drain(self) -> int:
        """Publish until nothing is pending or a publish fails; return how many were sent."""
        total = 0
        while True:
            sent = await self.publish_pending()
            total += sent
            if sent < self.batch_size:
                return total

    async def run(self, stop: asyncio.Event) -> None:
        """Publish pending rows until `stop` is set; errors are logged and retried with backoff."""
        failures = 0
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.drain()
                failures = 0
                delay = self.interval
            except Exception:
                failures += 1
                delay = min(self.interval * 2**failures, _MAX_BACKOFF_SECONDS)
                logger.exception("outbox relay pass failed; retrying in %.1fs", delay)
            await self._sleep(stop, delay)

    async def _sleep(self, stop: asyncio.Event, delay: float) -> None:
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter
        if self._wake.is_set() and not stop.is_set() and self.linger > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.linger)
