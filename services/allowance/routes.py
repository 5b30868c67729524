"""The export routes of a locked run (issue 7, item 6), served beside /graphql:

- `GET /runs/{id}/export.csv`, `/runs/{id}/export.xlsx`, `/runs/{id}/export.json`
- `GET /runs/{id}/manifest.json` (the files with their SHA-256 and size, the totals)

HR systems fetch them with their own bearer token, so the token is verified here like on
/graphql (as activity's `/evidence` does); the gateway's signature does not apply. Who may:
a service account with `allowance:export`, or an employee who may view the organisation's pay
(HR over it, auditors, system admins). Answers: 401 without a valid token; 404 for a run that
does not exist or that the caller may not fetch (a service account without the scope too —
forbidden looks like missing); 409 for a run that is not locked; else the bytes, with the
SHA-256 in the `ETag` and `X-Checksum-SHA256` headers.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kinerja.auth import AuthenticationError, Principal, resolve_principal
from kinerja.directory.view import ReplicaDirectory, policy_day
from kinerja.http import ServiceRuntime
from kinerja.policy import UnitRef, can_export_pay, can_view_pay
from services.allowance.domain.types import RunStatus
from services.allowance.service.exports import (
    FORMATS,
    export_files,
    manifest_file,
    month_label,
)
from services.allowance.store import runs as run_store
from services.allowance.store.runs import RunRow

logger = logging.getLogger("kinerja.allowance")


async def may_fetch(principal: Principal, run: RunRow, runtime: ServiceRuntime) -> bool:
    """May the caller fetch the run's files (export scope, or may view the organisation's pay)?"""
    if can_export_pay(principal):
        return True
    directory = ReplicaDirectory(runtime.read_factory or runtime.session_factory)
    day = policy_day(datetime.now(UTC))
    return await can_view_pay(principal, UnitRef(run.organisation_id), day, directory)


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _principal(request: Request, runtime: ServiceRuntime) -> Principal | None:
    try:
        principal = await resolve_principal(
            request, runtime.settings, verifier=runtime.verifier, redis=runtime.redis
        )
    except AuthenticationError as exc:
        logger.warning("refused an export request: %s", exc.reason)
        return None
    return principal if principal.authenticated else None


async def _serve(request: Request, fmt: str) -> Response:
    runtime: ServiceRuntime = request.app.state.runtime
    principal = await _principal(request, runtime)
    if principal is None:
        return _error("invalid or expired token", 401)
    run_id = str(request.path_params["run_id"])
    not_found = _error(f"allowance run {run_id} not found", 404)
    async with (runtime.read_factory or runtime.session_factory)() as session:
        run = await run_store.get_run(session, run_id)
        if run is None or not await may_fetch(principal, run, runtime):
            return not_found
        if run.status is not RunStatus.LOCKED or run.locked_at is None:
            message = (
                f"allowance run {run_id} is {run.status.value}, not locked: only a locked run "
                "is exported (it never changes again)"
            )
            return _error(message, 409)
        if fmt == "manifest":
            content, media_type, name = await manifest_file(session, run), "application/json", ""
        else:
            file = next(f for f in await export_files(session, run) if f.format == fmt)
            content, media_type, name = file.content, file.media_type, f"export.{fmt}"
    return _bytes(run, content, media_type, name or "manifest.json")


def _bytes(run: RunRow, content: bytes, media_type: str, name: str) -> Response:
    sha = hashlib.sha256(content).hexdigest()
    filename = f"tukin-{run.organisation_id}-{month_label(run)}-{name}"
    headers = {
        "ETag": f'"{sha}"',
        "X-Checksum-SHA256": sha,
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }
    return Response(content, media_type=media_type, headers=headers)


def export_routes() -> list[Route]:
    """`GET /runs/{id}/export.{csv,xlsx,json}` and `/runs/{id}/manifest.json`."""

    def handler(fmt: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return await _serve(request, fmt)

        return serve

    routes = [
        Route(f"/runs/{{run_id}}/export.{fmt}", handler(fmt), methods=["GET"]) for fmt in FORMATS
    ]
    routes.append(Route("/runs/{run_id}/manifest.json", handler("manifest"), methods=["GET"]))
    return routes
