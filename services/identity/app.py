"""The identity service's ASGI app (`uvicorn --factory services.identity.app:create_app`).

Besides the kit's routes it serves `GET /.well-known/jwks.json` (public, unsigned), verifies its
own tokens with the keys in its database, and counts every Argon2 verification in
`kinerja_identity_password_checks_total` on /metrics.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kinerja.http import ServiceRuntime, create_service_app
from kinerja.settings import Settings
from services.identity.config import IdentityConfig
from services.identity.schema import schema
from services.identity.service import keys
from services.identity.service.deps import AccessDeps
from services.identity.service.passwords import Hasher

SERVICE = "identity"
JWKS_PATH = "/.well-known/jwks.json"
JWKS_MAX_AGE_SECONDS = 60


def _metrics_registry(app: Starlette) -> CollectorRegistry:
    """The registry the kit's /metrics endpoint serves."""
    registry: CollectorRegistry = app.state.metrics_registry
    return registry


async def jwks(request: Request) -> Response:
    """The public keys that verify identity's tokens (ACTIVE and VERIFYING)."""
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.session_factory() as session:
        document = await keys.jwks(session)
    headers = {"cache-control": f"public, max-age={JWKS_MAX_AGE_SECONDS}"}
    return JSONResponse(document, headers=headers)


async def ensure_signing_key(runtime: ServiceRuntime) -> None:
    """Generate the first signing key at start-up when there is none."""
    async with runtime.session_factory() as session, session.begin():
        await keys.active_key(session, now=datetime.now(UTC))


def create_app(settings: Settings | None = None, config: IdentityConfig | None = None) -> Starlette:
    """Wire the identity subgraph; the engine, NATS and Redis are created in the lifespan."""
    settings = settings or Settings(service=SERVICE)
    if settings.service != SERVICE:
        settings = settings.model_copy(update={"service": SERVICE})
    config = config or IdentityConfig()
    holder: dict[str, Starlette] = {}
    counters: dict[str, Counter] = {}

    async def wire_access(runtime: ServiceRuntime) -> None:
        if runtime.redis is None:
            raise RuntimeError("identity needs Redis")
        hasher = Hasher(config.hash_parameters(), on_check=counters["checks"].inc)
        holder["app"].state.identity_access = AccessDeps(settings, config, runtime.redis, hasher)

    app = create_service_app(
        settings=settings,
        schema=schema,
        on_startup=[ensure_signing_key, wire_access],
        key_source=lambda runtime: keys.DatabaseKeySource(runtime.session_factory),
        routes=[Route(JWKS_PATH, jwks, methods=["GET"])],
    )
    holder["app"] = app
    counters["checks"] = Counter(
        "kinerja_identity_password_checks",
        "Argon2 password verifications (the dummy ones for unknown logins included)",
        registry=_metrics_registry(app),
    )
    return app
