"""NATS connections that outlive server restarts: infinite reconnects, short timeouts, logged."""

from __future__ import annotations

import asyncio
import logging

from nats.aio.client import Client
from nats.js import JetStreamContext

logger = logging.getLogger(__name__)


async def connect_nats(
    url: str, *, name: str, give_up_after: float | None = None, reconnect_wait: float = 1.0
) -> Client:
    """Connect to NATS retrying until `give_up_after` (default forever); reconnect forever."""

    async def on_error(exc: Exception) -> None:
        logger.warning("nats %s: %s", name, exc)

    client = Client()

    async def on_disconnected() -> None:
        # A deliberate close also reports a disconnect; only an unplanned one is worth a warning.
        level = logging.INFO if client.is_closed else logging.WARNING
        logger.log(level, "nats %s: disconnected from %s", name, url)

    async def on_reconnected() -> None:
        logger.info("nats %s: reconnected to %s", name, url)

    connecting = client.connect(
        url,
        name=name,
        error_cb=on_error,
        disconnected_cb=on_disconnected,
        reconnected_cb=on_reconnected,
        allow_reconnect=True,
        max_reconnect_attempts=-1,
        # Typed int by nats-py, but it sleeps on it, so a fraction keeps failover quick.
        reconnect_time_wait=reconnect_wait,  # type: ignore[arg-type]
        connect_timeout=2,
        # A dead server is noticed within ~2 pings rather than the default 4 minutes.
        ping_interval=10,
        max_outstanding_pings=2,
    )
    await (connecting if give_up_after is None else asyncio.wait_for(connecting, give_up_after))
    return client


async def connect_jetstream(
    url: str, name: str, *, give_up_after: float | None = None
) -> tuple[Client, JetStreamContext]:
    """A reconnecting NATS client and its JetStream context."""
    nc = await connect_nats(url, name=name, give_up_after=give_up_after)
    return nc, nc.jetstream()
