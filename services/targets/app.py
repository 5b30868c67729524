"""The targets service's ASGI app (`uvicorn --factory services.targets.app:create_app`).

Besides the kit's routes it keeps the local directory replica in step with identity's events.
"""

from __future__ import annotations

from starlette.applications import Starlette

from kinerja.directory.replica import DIRECTORY_HANDLERS, IDENTITY_STREAM
from kinerja.http import create_service_app, stream_consumer
from kinerja.settings import Settings
from services.targets.schema import schema

SERVICE = "targets"


directory_updates = stream_consumer(SERVICE, IDENTITY_STREAM, DIRECTORY_HANDLERS)


def create_app(settings: Settings | None = None) -> Starlette:
    """Wire the targets subgraph; the engine and NATS are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    return create_service_app(settings=settings, schema=schema, consumers=[directory_updates])
