"""The identity service's ASGI app (`uvicorn --factory services.identity.app:create_app`)."""

from __future__ import annotations

from starlette.applications import Starlette

from kinerja.http import create_service_app
from kinerja.settings import Settings
from services.identity.schema import schema

SERVICE = "identity"


def create_app(settings: Settings | None = None) -> Starlette:
    """Wire the identity subgraph; the engine and NATS are created in the app's lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    return create_service_app(settings=settings, schema=schema)
