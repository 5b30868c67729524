"""The HTTP face of every service: /graphql, /health, /ready, /metrics, request ids, logs.

`create_service_app` wires everything in the lifespan (never at import): the database engine,
the NATS connection, the service's streams, the outbox relay, the service's consumers, the
token verifier and the Redis client.

/graphql accepts only single JSON POSTs signed by the gateway (kinerja.signing), checked before
anything else; then the bearer token, if any, is verified (kinerja.auth). /health, /ready,
/metrics and a service's extra routes (e.g. /.well-known/jwks.json) are not signed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cross_web import HTTPException
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from kinerja.auth import AuthenticationError, resolve_principal
from kinerja.db import (
    create_engine,
    create_read_session_factory,
    create_session_factory,
    ping,
)
from kinerja.events.connection import connect_jetstream
from kinerja.events.consumer import Consumer, Handler
from kinerja.events.relay import OutboxRelay
from kinerja.events.streams import ensure_service_streams
from kinerja.graphql.context import Context
from kinerja.logs import configure_logging, request_id_var
from kinerja.redis import create_redis
from kinerja.settings import Settings
from kinerja.signing import verify_signature
from kinerja.tokens import JwksKeySource, KeySource, TokenVerifier

logger = logging.getLogger("kinerja.http")
REQUEST_ID_HEADER = "x-request-id"
MAX_BODY_BYTES = 5 * 1024 * 1024  # read before authentication, so it is bounded


@dataclass
class ServiceRuntime:
    """What a running service holds: settings, database, NATS and background tasks."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    read_factory: async_sessionmaker[AsyncSession] | None = None
    nc: NatsClient | None = None
    js: JetStreamContext | None = None
    relay: OutboxRelay | None = None
    verifier: TokenVerifier | None = None
    redis: Redis | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


ConsumerFactory = Callable[[ServiceRuntime], Consumer]
StartupHook = Callable[[ServiceRuntime], Awaitable[None]]


def stream_consumer(service: str, stream: str, handlers: Mapping[str, Handler]) -> ConsumerFactory:
    """The factory of `service`'s durable consumer of `stream`, applying `handlers` by event
    type (with the settings' redelivery bound and ack wait)."""

    def make(runtime: ServiceRuntime) -> Consumer:
        if runtime.js is None:
            raise RuntimeError(f"{service} needs JetStream to consume {stream}")
        settings = runtime.settings
        return Consumer(
            service=service,
            stream=stream,
            handlers=dict(handlers),
            session_factory=runtime.session_factory,
            js=runtime.js,
            max_deliver=settings.consumer_max_deliver,
            ack_wait=settings.consumer_ack_wait_seconds,
        )

    return make


KeySourceFactory = Callable[[ServiceRuntime], KeySource]


class KinerjaGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app behind the gateway-signature gate, with the kit's context."""

    def __init__(self, schema: Any, *, runtime_of: Callable[[], ServiceRuntime]) -> None:
        self._runtime_of = runtime_of
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse unsigned calls before parsing them as GraphQL; map bad tokens to 401."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            response: Response = _graphql_error(413, "request body too large", "BAD_REQUEST")
        elif not _signed_by_gateway(self._runtime_of().settings, body):
            logger.warning("refused a /graphql request without a valid gateway signature")
            response = _graphql_error(403, "request not signed by the gateway", "FORBIDDEN")
        else:
            response = await self._respond(Request(scope, receive=_replay(body, receive)))
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        try:
            response: Response = await self.run(request)
        except HTTPException as exc:  # Strawberry's own refusals: bad body, content type
            return PlainTextResponse(exc.reason, status_code=exc.status_code)
        except AuthenticationError as exc:
            # The caller learns only that the token failed; the reason goes to the log.
            logger.warning("refused a token: %s", exc.reason)
            return _graphql_error(401, "invalid or expired token", "UNAUTHENTICATED")
        return response

    async def get_context(self, request: Any, response: Any) -> Context:
        """A fresh context: principal resolved once, here, for every resolver."""
        runtime = self._runtime_of()
        principal = await resolve_principal(
            request, runtime.settings, verifier=runtime.verifier, redis=runtime.redis
        )
        return Context(
            settings=runtime.settings,
            session_factory=runtime.session_factory,
            read_factory=runtime.read_factory,
            principal=principal,
            request_id=request_id_var.get() or str(uuid.uuid4()),
            extras={"request": request, "runtime": runtime},
            on_events_committed=runtime.relay.wake if runtime.relay is not None else None,
        )


def _graphql_error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None past MAX_BODY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; what we have will not verify
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the already-read body to Strawberry, then the real one's events."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # only `http.disconnect` is left to come

    return replay


def _signed_by_gateway(settings: Settings, body: bytes) -> bool:
    """True when the body is one operation carrying the gateway's signature (or none needed)."""
    if not settings.require_signature:
        return True
    if not settings.hmac_secret:
        return False  # fail closed: a service without the secret trusts no one
    try:
        parsed = json.loads(body)
    except ValueError:  # includes UnicodeDecodeError
        return False
    # A batch (JSON array) is refused: the gateway never sends one, and it is not signed.
    return isinstance(parsed, dict) and verify_signature(settings.hmac_secret, parsed)


class RequestIdMiddleware:
    """Takes (or makes) the request id, echoes it, logs and measures each request."""

    def __init__(self, app: ASGIApp, *, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter(
            "kinerja_http_requests", "HTTP requests", ["path", "status"], registry=registry
        )
        self.latency = Histogram(
            "kinerja_http_request_seconds", "HTTP request latency", ["path"], registry=registry
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one HTTP request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        request_id = headers.get(REQUEST_ID_HEADER.encode(), b"").decode()[:100]
        token = request_id_var.set(request_id or str(uuid.uuid4()))
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"].append(
                    (REQUEST_ID_HEADER.encode(), str(request_id_var.get()).encode())
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = scope["path"] if scope["path"] in _KNOWN_PATHS else "other"
            self.requests.labels(path, str(status)).inc()
            self.latency.labels(path).observe(elapsed)
            logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)


_KNOWN_PATHS = frozenset({"/graphql", "/health", "/ready", "/metrics"})


async def _start_events(runtime: ServiceRuntime, consumers: Sequence[ConsumerFactory]) -> None:
    settings = runtime.settings
    runtime.nc, runtime.js = await connect_jetstream(
        settings.effective_nats_url(), name=f"kinerja-{settings.service}"
    )
    await ensure_service_streams(runtime.js, settings.service)
    runtime.relay = OutboxRelay(
        runtime.session_factory, runtime.js, interval=settings.relay_interval_seconds
    )
    runtime.tasks.append(asyncio.create_task(runtime.relay.run(runtime.stop)))
    for factory in consumers:
        consumer = factory(runtime)
        runtime.tasks.append(asyncio.create_task(consumer.run(runtime.stop)))


async def _stop(runtime: ServiceRuntime) -> None:
    runtime.stop.set()
    for task in runtime.tasks:
        task.cancel()
    for task in runtime.tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    if runtime.nc is not None:
        with contextlib.suppress(Exception):
            await runtime.nc.drain()
    if runtime.redis is not None:
        with contextlib.suppress(Exception):
            await runtime.redis.aclose()
    if runtime.verifier is not None and isinstance(runtime.verifier.key_source, JwksKeySource):
        await runtime.verifier.key_source.aclose()
    await runtime.engine.dispose()


def _start_auth(runtime: ServiceRuntime, key_source: KeySourceFactory | None) -> None:
    settings = runtime.settings
    runtime.redis = create_redis(settings)  # connects lazily, on the first revocation check
    source = key_source(runtime) if key_source else JwksKeySource(settings.effective_jwks_url())
    runtime.verifier = TokenVerifier(settings, source)


def create_service_app(
    *,
    settings: Settings,
    schema: Any,
    consumers: Sequence[ConsumerFactory] = (),
    on_startup: Sequence[StartupHook] = (),
    events: bool = True,
    key_source: KeySourceFactory | None = None,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """A service's Starlette app; `events=False` runs without NATS (tests of pure HTTP).

    `key_source` builds the token keys' source from the runtime (default: identity's JWKS over
    HTTP); `routes` are extra unsigned routes, such as identity's /.well-known/jwks.json.
    """
    holder: dict[str, ServiceRuntime] = {}
    registry = CollectorRegistry()

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        configure_logging(settings.service or "kinerja", settings.log_level)
        engine = create_engine(settings.database_url(), echo=settings.sql_echo)
        runtime = ServiceRuntime(
            settings,
            engine,
            create_session_factory(engine),
            read_factory=create_read_session_factory(engine),
        )
        holder["runtime"] = runtime
        _app.state.runtime = runtime
        try:
            _start_auth(runtime, key_source)
            if events:
                await _start_events(runtime, consumers)
            for hook in on_startup:
                await hook(runtime)
            yield
        finally:
            await _stop(runtime)

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "service": settings.service})

    async def ready(_request: Request) -> Response:
        runtime = holder.get("runtime")
        checks = {"database": False, "nats": not events}
        if runtime is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ping(runtime.engine), timeout=2)
                checks["database"] = True
            if events and runtime.nc is not None:
                checks["nats"] = bool(runtime.nc.is_connected)
        ok = all(checks.values())
        return JSONResponse({"ready": ok, "checks": checks}, status_code=200 if ok else 503)

    async def metrics(_request: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    graphql_app = KinerjaGraphQL(schema, runtime_of=lambda: holder["runtime"])
    app = Starlette(
        routes=[
            Route("/graphql", graphql_app, methods=["POST"]),
            Route("/health", health),
            Route("/ready", ready),
            Route("/metrics", metrics),
            *routes,
        ],
        lifespan=lifespan,
    )
    app.add_middleware(RequestIdMiddleware, registry=registry)
    app.state.metrics_registry = registry  # services add their own metrics to /metrics
    return app
