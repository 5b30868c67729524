"""JetStream streams: one per producing service (`IDENTITY` ← `identity.>`) plus dead letters."""

from __future__ import annotations

import logging

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError

logger = logging.getLogger(__name__)

DEAD_LETTER_STREAM = "DEADLETTER"
DEAD_LETTER_SUBJECTS = ["deadletter.>"]
# Redelivered publishes (relay retries, outbox replays) are dropped by Nats-Msg-Id in this window.
DUPLICATE_WINDOW_SECONDS = 15 * 60.0


def stream_name_for(service: str) -> str:
    """The stream a service publishes to: `identity` → `IDENTITY`."""
    return service.upper()


def subjects_for(service: str) -> list[str]:
    """The subjects a service's stream captures: `identity` → `identity.>`."""
    return [f"{service.lower()}.>"]


async def ensure_stream(js: JetStreamContext, *, name: str, subjects: list[str]) -> None:
    """Create the stream, or update it to this configuration if it already exists."""
    config = StreamConfig(
        name=name,
        subjects=subjects,
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )
    try:
        await js.stream_info(name)
    except NotFoundError:
        try:
            await js.add_stream(config)
            logger.info("created stream %s on %s", name, subjects)
            return
        except BadRequestError:
            # Another replica created it first; fall through and align its configuration.
            pass
    await js.update_stream(config)


async def ensure_service_streams(js: JetStreamContext, service: str) -> None:
    """Ensure a service's own stream and the shared dead-letter stream."""
    await ensure_stream(js, name=stream_name_for(service), subjects=subjects_for(service))
    await ensure_stream(js, name=DEAD_LETTER_STREAM, subjects=DEAD_LETTER_SUBJECTS)
