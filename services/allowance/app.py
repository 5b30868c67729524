"""The allowance service's ASGI app (`uvicorn --factory services.allowance.app:create_app`).

Besides the kit's routes it keeps its inputs in step — the directory (identity's events), closed
months of attendance (activity's) and finalised appraisals (appraisal's) — and serves a locked
run's export files on `GET /runs/{id}/export.{csv,xlsx,json}` and `/runs/{id}/manifest.json`.
"""

from __future__ import annotations

from starlette.applications import Starlette

from kinerja.directory.replica import DIRECTORY_HANDLERS
from kinerja.events.consumer import Handler
from kinerja.http import create_service_app, stream_consumer
from kinerja.settings import Settings
from services.allowance.events import ACTIVITY_STREAM, APPRAISAL_STREAM, IDENTITY_STREAM
from services.allowance.routes import export_routes
from services.allowance.schema import schema
from services.allowance.service.inputs import INPUT_HANDLERS

SERVICE = "allowance"


def _of(stream_prefix: str) -> dict[str, Handler]:
    return {name: h for name, h in INPUT_HANDLERS.items() if name.startswith(stream_prefix)}


directory_updates = stream_consumer(SERVICE, IDENTITY_STREAM, DIRECTORY_HANDLERS)
attendance_updates = stream_consumer(SERVICE, ACTIVITY_STREAM, _of("activity."))
appraisal_updates = stream_consumer(SERVICE, APPRAISAL_STREAM, _of("appraisal."))


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
