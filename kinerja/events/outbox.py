"""Writing events: `add_event` puts an event in the outbox inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.events.envelope import CloudEvent
from kinerja.events.tables import OutboxRow

# Set on a session's `info` once it stages an event, so whoever commits it can wake the relay.
EVENTS_STAGED = "kinerja.events_staged"


def add_event(
    session: AsyncSession,
    event_type: str,
    data: dict[str, Any],
    *,
    source: str,
    subject: str | None = None,
    now: datetime | None = None,
) -> CloudEvent:
    """Stage an event (type = NATS subject); it is published only if the caller commits."""
    event = CloudEvent(
        type=event_type,
        source=source,
        data=data,
        subject=subject,
        time=now or datetime.now(UTC),
    )
    session.info[EVENTS_STAGED] = True
    session.add(
        OutboxRow(
            event_id=event.id,
            subject=event_type,
            payload=event.to_json().decode(),
            created_at=event.time,
            attempts=0,
        )
    )
    return event
