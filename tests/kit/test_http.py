"""The service HTTP app: health, readiness, metrics, request ids, and /graphql."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import strawberry
from starlette.testclient import TestClient

from kinerja.db import KitBase, create_engine
from kinerja.events import tables  # noqa: F401 - registers the kit tables
from kinerja.graphql import make_schema
from kinerja.http import create_service_app
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from tests.fixtures.auth import TEST_HMAC_SECRET, signed_body


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "halo"


def make_settings(tmp_path: Path, nats_url: str = "nats://127.0.0.1:1") -> Settings:
    return Settings(
        service="probe",
        home=tmp_path,
        nats_url=nats_url,
        env="production",
        hmac_secret=TEST_HMAC_SECRET,
    )


async def create_kit_tables(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(KitBase.metadata.create_all)
    await engine.dispose()


def test_health_answers_without_dependencies(tmp_path: Path) -> None:
    app = create_service_app(
        settings=make_settings(tmp_path), schema=make_schema(query=Query), events=False
    )
    with TestClient(app) as client:
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "probe"}


def test_graphql_answers_and_echoes_the_request_id(tmp_path: Path) -> None:
    app = create_service_app(
        settings=make_settings(tmp_path), schema=make_schema(query=Query), events=False
    )
    with TestClient(app) as client:
        response = client.post(
            "/graphql",
            json=signed_body(TEST_HMAC_SECRET, "{ hello }"),
            headers={"x-request-id": "abc-123"},
        )
        metrics = client.get("/metrics").text
    assert response.json() == {"data": {"hello": "halo"}}
    assert response.headers["x-request-id"] == "abc-123"
    assert 'kinerja_http_requests_total{path="/graphql",status="200"} 1.0' in metrics


def test_a_request_without_an_id_gets_one(tmp_path: Path) -> None:
    app = create_service_app(
        settings=make_settings(tmp_path), schema=make_schema(query=Query), events=False
    )
    with TestClient(app) as client:
        response = client.get("/health")
    assert len(response.headers["x-request-id"]) == 36


def test_ready_checks_the_database_and_nats(tmp_path: Path, nats_server: EmbeddedNats) -> None:
    settings = make_settings(tmp_path, nats_server.url)
    asyncio.run(create_kit_tables(settings.database_url()))
    app = create_service_app(settings=settings, schema=make_schema(query=Query))
    with TestClient(app) as client:
        ready = client.get("/ready")
        assert ready.status_code == 200
        assert ready.json() == {"ready": True, "checks": {"database": True, "nats": True}}
        nats_server.stop()
        deadline = time.monotonic() + 10
        while client.get("/ready").status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        not_ready = client.get("/ready")
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"] == {"database": True, "nats": False}
