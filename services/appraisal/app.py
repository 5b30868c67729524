"""The appraisal service's ASGI app (`uvicorn --factory services.appraisal.app:create_app`).

Besides the kit's routes it keeps three read models in step: the directory and competency gaps
(identity's events), the approved SKPs, every version (targets' events), and realisation
(activity's approved and revoked logs).
"""

from __future__ import annotations

from starlette.applications import Starlette

from kinerja.directory.replica import DIRECTORY_HANDLERS
from kinerja.http import create_service_app, stream_consumer
from kinerja.settings import Settings
from services.appraisal.events import ACTIVITY_STREAM, IDENTITY_STREAM, TARGETS_STREAM
from services.appraisal.schema import schema
from services.appraisal.service.competency import COMPETENCY_HANDLERS
from services.appraisal.service.realisation import LOG_HANDLERS
from services.appraisal.service.skp_replica import SKP_HANDLERS

SERVICE = "appraisal"


identity_updates = stream_consumer(
    SERVICE, IDENTITY_STREAM, {**DIRECTORY_HANDLERS, **COMPETENCY_HANDLERS}
)
skp_updates = stream_consumer(SERVICE, TARGETS_STREAM, dict(SKP_HANDLERS))
log_updates = stream_consumer(SERVICE, ACTIVITY_STREAM, dict(LOG_HANDLERS))


def create_app(settings: Settings | None = None) -> Starlette:
    """Wire the appraisal subgraph; the engine and NATS are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    return create_service_app(
        settings=settings,
        schema=schema,
        consumers=[identity_updates, skp_updates, log_updates],
    )
