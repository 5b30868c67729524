"""The identity app end to end in one process: HTTP → GraphQL → database → outbox → NATS,
with gateway signatures, real tokens, the JWKS route and the password-check counter."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from starlette.testclient import TestClient

from kinerja.migrations import migrate
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from services.identity.admin import create_superuser
from services.identity.app import create_app
from tests.fixtures.auth import TEST_HMAC_SECRET, bearer, signed_body

ADMIN_NIP = "196608011988031001"
PASSWORD = "correct horse battery"
CREATE = """mutation {
  createEmployee(input: {nip: "19700101 199503 1 002", name: "Budi", asnType: PNS, status: PNS}) {
    ... on EmployeePayload { employee { nip name } }
  }
}"""
LOGIN = """mutation($nip: String!, $password: String!) {
  login(input: {nip: $nip, password: $password}) {
    ... on TokenPayload { accessToken } ... on LoginFailed { message }
  }
}"""


def unsent_events(database: Path) -> list[tuple[str, object]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT subject, sent_at FROM outbox WHERE sent_at IS NULL").fetchall()


def password_checks(client: TestClient) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("kinerja_identity_password_checks_total "):
            return float(line.split()[1])
    raise AssertionError("counter missing")


def post(client: TestClient, query: str, token: str | None = None, **variables: object) -> dict:
    body = signed_body(TEST_HMAC_SECRET, query, variables or None)
    headers = {"x-forwarded-for": "203.0.113.7, 10.0.0.1", **(bearer(token) if token else {})}
    response = client.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_signed_in_admin_creates_an_employee_and_its_event_is_relayed(
    tmp_path: Path, nats_server: EmbeddedNats, redis_url: str
) -> None:
    settings = Settings(
        home=tmp_path,
        nats_url=nats_server.url,
        redis_url=redis_url,
        hmac_secret=TEST_HMAC_SECRET,
        relay_interval_seconds=0.05,
    )
    url = settings.database_url("identity")
    migrate("identity", url)
    asyncio.run(create_superuser(url, nip=ADMIN_NIP, name="Admin", password=PASSWORD))
    database = tmp_path / "data" / "identity.sqlite3"

    with TestClient(create_app(settings)) as client:
        jwks = client.get("/.well-known/jwks.json").json()
        checks_before = password_checks(client)
        wrong = post(client, LOGIN, nip="198001012005011099", password=PASSWORD)
        token = post(client, LOGIN, nip=ADMIN_NIP, password=PASSWORD)["data"]["login"]
        anonymous = post(client, CREATE)
        created = post(client, CREATE, token["accessToken"])
        deadline = time.monotonic() + 10
        while unsent_events(database) and time.monotonic() < deadline:
            time.sleep(0.05)
        checks_after = password_checks(client)

    assert [(k["kty"], k["crv"], k["alg"], k["use"]) for k in jwks["keys"]] == [
        ("OKP", "Ed25519", "EdDSA", "sig")
    ]
    assert wrong["data"]["login"] == {"message": "the NIP or password is incorrect"}
    assert checks_after == checks_before + 2  # the unknown NIP was checked against a dummy
    assert anonymous["data"]["createEmployee"] == {}  # NotFound-looking, no payload selected
    assert created == {
        "data": {"createEmployee": {"employee": {"nip": "197001011995031002", "name": "Budi"}}}
    }
    assert unsent_events(database) == []
