"""Events: CloudEvents envelope, transactional outbox + relay, streams, idempotent consumers."""

from kinerja.events.envelope import CloudEvent, EnvelopeError
from kinerja.events.outbox import add_event

__all__ = ["CloudEvent", "EnvelopeError", "add_event"]
