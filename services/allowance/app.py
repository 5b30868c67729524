"""The allowance service's ASGI app (`uvicorn --factory services.allowance.app:create_app`).

Besides the kit's routes it keeps its inputs in step — the directory (identity's events), closed
months of attendance (activity's) and finalised appraisals (appraisal's) — and serves a locked
run's export files on `GET /runs/{id}/export.{csv,xlsx,json}` and `/runs/{id}/manifest.json`.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette

from kinerja.directory.replica import DIRECTORY_HANDLERS
from kinerja.events.consumer import Consumer, Handler
from kinerja.http import ServiceRuntime, create_service_app
from kinerja.settings import Settings
from services.allowance.events import ACTIVITY_STREAM, APPRAISAL_STREAM, IDENTITY_STREAM
from services.allowance.routes import export_routes
from services.allowance.schema import schema
from services.allowance.service.inputs import INPUT_HANDLERS

SERVICE = "allowance"


def _consumer(stream: str, handlers: dict[str, Handler]) -> Callable[[ServiceRuntime], Consumer]:
    def make(runtime: ServiceRuntime) -> Consumer:
        if runtime.js is None:
            raise RuntimeError("allowance needs JetStream")
        settings = runtime.settings
        return Consumer(
            service=SERVICE,
            stream=stream,
            handlers=handlers,
            session_factory=runtime.session_factory,
            js=runtime.js,
            max_deliver=settings.consumer_max_deliver,
            ack_wait=settings.consumer_ack_wait_seconds,
        )

    return make


def _of(stream_prefix: str) -> dict[str, Handler]:
    return {name: h for name, h in INPUT_HANDLERS.items() if name.startswith(stream_prefix)}


directory_updates = _consumer(IDENTITY_STREAM, dict(DIRECTORY_HANDLERS))
attendance_updates = _consumer(ACTIVITY_STREAM, _of("activity."))
appraisal_updates = _consumer(APPRAISAL_STREAM, _of("appraisal."))


def create_app(settings: Settings | None = None) -> Starlette:
    """Wire the allowance subgraph; the engine and NATS are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    return create_service_app(
        settings=settings,
        schema=schema,
        consumers=[directory_updates, attendance_updates, appraisal_updates],
        routes=export_routes(),
    )
