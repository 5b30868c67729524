"""The activity service's ASGI app (`uvicorn --factory services.activity.app:create_app`).

Besides the kit's routes it keeps two replicas in step — the directory (identity's events) and
the approved SKPs (targets' events) — and takes evidence uploads on `POST /evidence`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kinerja.auth import AuthenticationError, resolve_principal
from kinerja.directory.replica import DIRECTORY_HANDLERS, IDENTITY_STREAM
from kinerja.http import ServiceRuntime, create_service_app, stream_consumer
from kinerja.settings import Settings
from services.activity.domain.evidence import EvidenceRejectedError
from services.activity.schema import schema
from services.activity.service.evidence import store_upload
from services.activity.service.skp_replica import SKP_HANDLERS, TARGETS_STREAM
from services.activity.storage import EvidenceSettings, EvidenceStore, local_store

SERVICE = "activity"
logger = logging.getLogger("kinerja.activity")


directory_updates = stream_consumer(SERVICE, IDENTITY_STREAM, DIRECTORY_HANDLERS)
skp_updates = stream_consumer(SERVICE, TARGETS_STREAM, SKP_HANDLERS)


def evidence_route(store: EvidenceStore, limits: EvidenceSettings) -> Route:
    """`POST /evidence` (multipart, field `file`): store an evidence file, answer its id.

    The gateway does not proxy file uploads (GraphQL requests only), so clients upload to the
    activity service's `/evidence` directly, or through a reverse proxy in front of it, with
    the same bearer token they give the gateway; they get back an evidence id and attach it to
    a log with the `attachEvidence` mutation. The token is verified here like on /graphql; the
    gateway's HMAC signature does not apply, as no gateway is in the path.
    """

    async def upload(request: Request) -> Response:
        runtime: ServiceRuntime = request.app.state.runtime
        try:
            principal = await resolve_principal(
                request, runtime.settings, verifier=runtime.verifier, redis=runtime.redis
            )
        except AuthenticationError as exc:
            logger.warning("refused an evidence upload: %s", exc.reason)
            return JSONResponse({"error": "invalid or expired token"}, status_code=401)
        if not principal.is_employee or principal.subject is None:
            return JSONResponse({"error": "sign in as an employee"}, status_code=401)
        declared = int(request.headers.get("content-length") or 0)
        if declared > limits.max_bytes + 64 * 1024:
            return JSONResponse({"error": "the file is too large"}, status_code=413)
        async with request.form(max_files=1, max_fields=0) as form:
            file = form.get("file")
            if not isinstance(file, UploadFile):
                return JSONResponse({"error": "send the file in the `file` field"}, 400)
            content = await file.read(limits.max_bytes + 1)
            filename = file.filename or "evidence"
        try:
            async with runtime.session_factory() as session, session.begin():
                row = await store_upload(
                    session,
                    store,
                    content,
                    filename=filename,
                    uploaded_by=str(principal.subject),
                    max_bytes=limits.max_bytes,
                    now=datetime.now(UTC),
                )
        except EvidenceRejectedError as exc:
            status = 413 if "larger" in str(exc) else 415
            return JSONResponse({"error": str(exc)}, status_code=status)
        body = {"id": row.id, "sha256": row.sha256, "mediaType": row.media_type, "size": row.size}
        return JSONResponse(body, status_code=201)

    return Route("/evidence", upload, methods=["POST"])


def create_app(
    settings: Settings | None = None, *, evidence_store: EvidenceStore | None = None
) -> Starlette:
    """Wire the activity subgraph; the engine and NATS are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    store = evidence_store or local_store(settings.home)
    return create_service_app(
        settings=settings,
        schema=schema,
        consumers=[directory_updates, skp_updates],
        routes=[evidence_route(store, EvidenceSettings())],
    )
