"""The targets service's ASGI app (`uvicorn --factory services.targets.app:create_app`).

Besides the kit's routes it keeps the local directory replica in step with identity's events.
"""

from __future__ import annotations

from starlette.applications import Starlette

from kinerja.directory.replica import directory_consumer
from kinerja.events.consumer import Consumer
from kinerja.http import ServiceRuntime, create_service_app
from kinerja.settings import Settings
from services.targets.schema import schema

SERVICE = "targets"


def directory_updates(runtime: ServiceRuntime) -> Consumer:
    """The consumer of identity's directory events (the replica the policy reads)."""
    if runtime.js is None:
        raise RuntimeError("targets needs JetStream")
    settings = runtime.settings
    return directory_consumer(
        service=SERVICE,
        session_factory=runtime.session_factory,
        js=runtime.js,
        max_deliver=settings.consumer_max_deliver,
        ack_wait=settings.consumer_ack_wait_seconds,
    )


def create_app(settings: Settings | None = None) -> Starlette:
    """Wire the targets subgraph; the engine and NATS are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    return create_service_app(settings=settings, schema=schema, consumers=[directory_updates])
