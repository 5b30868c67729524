"""Authentication at a service's edge: the gateway's signature first, then the bearer token."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import strawberry
from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from kinerja.auth import (
    REVOKED_SESSION_KEY,
    REVOKED_SUBJECT_KEY,
    revoke_session,
    revoke_subject_before,
)
from kinerja.graphql import make_schema
from kinerja.graphql.context import Info
from kinerja.http import create_service_app
from kinerja.settings import Settings
from tests.fixtures.auth import (
    TEST_HMAC_SECRET,
    bearer,
    make_token,
    new_signing_key,
    signed_body,
    static_key_source,
)

FORBIDDEN = {
    "errors": [
        {"message": "request not signed by the gateway", "extensions": {"code": "FORBIDDEN"}}
    ]
}
UNAUTHENTICATED = {
    "errors": [{"message": "invalid or expired token", "extensions": {"code": "UNAUTHENTICATED"}}]
}
WHOAMI = "{ whoami }"
ENTITIES = (
    "query($representations: [_Any!]!) { _entities(representations: $representations) "
    "{ ... on Person { id } } }"
)
executed: list[str] = []


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        executed.append(f"Person:{id}")
        return Person(id=id)


@strawberry.type
class Query:
    @strawberry.field
    def whoami(self, info: Info) -> str:
        executed.append("whoami")
        principal = info.context.principal
        roles = sorted(f"{g.role}@{g.unit_id}" for g in principal.grants)
        return f"{principal.kind}:{principal.subject}:{','.join(roles)}:{principal.is_employee}"


SCHEMA = make_schema(query=Query, types=[Person])


@pytest.fixture(autouse=True)
def _reset_executed() -> None:
    executed.clear()


async def jwks(_request: Request) -> JSONResponse:
    return JSONResponse({"keys": []})


def make_client(tmp_path: Path, redis_url: str, **overrides: Any) -> TestClient:
    options: dict[str, Any] = {"hmac_secret": TEST_HMAC_SECRET, **overrides}
    settings = Settings(
        service="probe", home=tmp_path, env="production", redis_url=redis_url, **options
    )
    app = create_service_app(
        settings=settings,
        schema=SCHEMA,
        events=False,
        key_source=static_key_source(),
        routes=[Route("/.well-known/jwks.json", jwks)],
    )
    return TestClient(app)


@pytest.fixture
def client(tmp_path: Path, redis_url: str) -> Iterator[TestClient]:
    with make_client(tmp_path, redis_url) as test_client:
        yield test_client


def post(client: TestClient, body: Any, token: str | None = None) -> Any:
    return client.post("/graphql", json=body, headers=bearer(token) if token else {})


# --- the gateway's signature ----------------------------------------------------------------


def test_an_unsigned_request_is_refused_before_anything_runs(client: TestClient) -> None:
    response = post(client, {"query": WHOAMI})

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert executed == []


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ _service { sdl } }", None),
        (ENTITIES, {"representations": [{"__typename": "Person", "id": "1"}]}),
    ],
)
def test_unsigned_federation_fetches_are_refused(
    client: TestClient, query: str, variables: dict[str, Any] | None
) -> None:
    response = post(client, {"query": query, "variables": variables})

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert executed == []


def test_a_signed_entities_fetch_is_answered(client: TestClient) -> None:
    variables = {"representations": [{"__typename": "Person", "id": "7"}]}

    response = post(client, signed_body(TEST_HMAC_SECRET, ENTITIES, variables))

    assert response.json() == {"data": {"_entities": [{"id": "7"}]}}
    assert executed == ["Person:7"]


def test_a_request_signed_with_another_secret_is_refused(client: TestClient) -> None:
    response = post(client, signed_body("not-the-secret", WHOAMI))

    assert response.status_code == 403
    assert executed == []


def test_a_signature_over_other_variables_is_refused(client: TestClient) -> None:
    body = signed_body(TEST_HMAC_SECRET, ENTITIES, {"representations": []})
    body["variables"] = {"representations": [{"__typename": "Person", "id": "1"}]}

    assert post(client, body).status_code == 403
    assert executed == []


def test_a_batch_is_refused_even_when_each_item_is_signed(client: TestClient) -> None:
    response = post(client, [signed_body(TEST_HMAC_SECRET, WHOAMI)])

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b'"{ whoami }"', b"null"])
def test_a_body_that_is_not_a_signed_object_is_refused(client: TestClient, content: bytes) -> None:
    response = client.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )

    assert response.status_code == 403


def test_an_oversized_body_is_refused(client: TestClient) -> None:
    body = signed_body(TEST_HMAC_SECRET, WHOAMI, {"pad": "x" * (6 * 1024 * 1024)})

    assert post(client, body).status_code == 413
    assert executed == []


def test_get_graphql_is_not_allowed(client: TestClient) -> None:
    assert client.get("/graphql", params={"query": WHOAMI}).status_code == 405


def test_without_a_secret_every_request_is_refused(tmp_path: Path, redis_url: str) -> None:
    with make_client(tmp_path, redis_url, hmac_secret="") as client:
        response = post(client, signed_body("", WHOAMI))

    assert response.status_code == 403
    assert executed == []


def test_signatures_can_be_switched_off_explicitly(tmp_path: Path, redis_url: str) -> None:
    with make_client(tmp_path, redis_url, require_signature=False) as client:
        response = post(client, {"query": WHOAMI})

    assert response.json() == {"data": {"whoami": "anonymous:None::False"}}


def test_health_metrics_and_well_known_routes_need_no_signature(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    assert client.get("/metrics").status_code == 200
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}


# --- the bearer token -----------------------------------------------------------------------


def test_a_signed_anonymous_request_is_answered(client: TestClient) -> None:
    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI))

    assert response.status_code == 200
    assert response.json() == {"data": {"whoami": "anonymous:None::False"}}


def test_a_valid_token_establishes_the_principal(client: TestClient) -> None:
    token = make_token(
        sub="emp-9",
        roles=[
            {"role": "HR", "unit": "u-1"},
            {"role": "SUPERVISOR", "unit": None},  # derived, never from a token
            {"role": "EMPLOYEE", "unit": None},
            {"role": "WIZARD", "unit": None},  # unknown roles are ignored
        ],
    )

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.json() == {"data": {"whoami": "employee:emp-9:HR@u-1:True"}}


def test_a_pending_password_change_is_carried_into_the_principal(client: TestClient) -> None:
    token = make_token(sub="emp-9", pwd_change=True)

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.json() == {"data": {"whoami": "employee:emp-9::False"}}


def test_a_service_token_is_a_service_principal(client: TestClient) -> None:
    token = make_token(sub="svc-hr", kind="service", scopes=["allowance:export"])

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.json() == {"data": {"whoami": "service:svc-hr::False"}}


def bad_tokens() -> dict[str, str]:
    now = int(time.time())
    return {
        "garbage": "not-a-token",
        "expired": make_token(iat=now - 2000, nbf=now - 2000, exp=now - 1000),
        "unknown key": make_token(key=new_signing_key()),
        "refresh token": "rt_" + "a" * 43,
        "wrong audience": make_token(aud="elsewhere"),
        "malformed roles": make_token(roles="HR"),
    }


@pytest.mark.parametrize("name", list(bad_tokens()))
def test_a_bad_token_is_401_and_nothing_runs(client: TestClient, name: str) -> None:
    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), bad_tokens()[name])

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert executed == []


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "token abc", ""]
)
def test_a_malformed_authorization_header_is_401(client: TestClient, header: str) -> None:
    response = client.post(
        "/graphql", json=signed_body(TEST_HMAC_SECRET, WHOAMI), headers={"Authorization": header}
    )

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_the_reason_is_logged_but_not_returned(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = make_token(aud="elsewhere")

    with caplog.at_level(logging.WARNING, logger="kinerja.http"):
        response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.json() == UNAUTHENTICATED
    assert "refused a token: wrong audience" in caplog.text


def test_an_unsigned_request_with_a_good_token_is_still_403(client: TestClient) -> None:
    assert post(client, {"query": WHOAMI}, make_token()).status_code == 403


# --- revocation -----------------------------------------------------------------------------


def test_a_revoked_session_is_401(client: TestClient, redis_url: str) -> None:
    token = make_token(sid="sid-revoked-1")
    asyncio.run(_with_redis(redis_url, lambda r: revoke_session(r, "sid-revoked-1")))

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_subject_revoked_after_the_token_was_issued_is_401(
    client: TestClient, redis_url: str
) -> None:
    token = make_token(sub="emp-deactivated", iat=int(time.time()) - 60)
    now = datetime.now(UTC)
    asyncio.run(_with_redis(redis_url, lambda r: revoke_subject_before(r, "emp-deactivated", now)))

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), token)

    assert response.status_code == 401


def test_a_token_issued_after_the_subject_revocation_is_accepted(
    client: TestClient, redis_url: str
) -> None:
    when = datetime.now(UTC) - timedelta(seconds=120)
    asyncio.run(_with_redis(redis_url, lambda r: revoke_subject_before(r, "emp-reset", when)))

    response = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), make_token(sub="emp-reset"))

    assert response.json() == {"data": {"whoami": "employee:emp-reset::True"}}


def test_redis_down_fails_closed(tmp_path: Path) -> None:
    with make_client(tmp_path, "redis://127.0.0.1:1/0") as client:
        anonymous = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI))
        with_token = post(client, signed_body(TEST_HMAC_SECRET, WHOAMI), make_token())

    assert anonymous.status_code == 200
    assert with_token.status_code == 401
    assert with_token.json() == UNAUTHENTICATED
    assert executed == ["whoami"]


async def _with_redis(url: str, action: Any) -> None:
    client = Redis.from_url(url, decode_responses=True)
    try:
        await action(client)
    finally:
        await client.aclose()


async def test_revoke_session_writes_the_contract_key_with_a_ttl(redis_client: Redis) -> None:
    await revoke_session(redis_client, "sid-42", ttl=1000)

    key = REVOKED_SESSION_KEY.format("sid-42")
    assert key == "identity:revoked:sid:sid-42"
    assert await redis_client.exists(key) == 1
    assert 990 <= await redis_client.ttl(key) <= 1000


async def test_revoke_subject_before_keeps_the_latest_time(redis_client: Redis) -> None:
    later = datetime(2030, 1, 1, 12, 0, 0, 900_000, tzinfo=UTC)
    earlier = later - timedelta(minutes=5)

    await revoke_subject_before(redis_client, "emp-1", later, ttl=1000)
    await revoke_subject_before(redis_client, "emp-1", earlier, ttl=1000)

    key = REVOKED_SUBJECT_KEY.format("emp-1")
    assert key == "identity:revoked:sub:emp-1"
    assert await redis_client.get(key) == str(int(later.timestamp()))
    assert 990 <= await redis_client.ttl(key) <= 1000
