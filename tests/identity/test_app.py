"""The identity app end to end in one process: HTTP → GraphQL → database → outbox → NATS."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from starlette.testclient import TestClient

from kinerja.migrations import migrate
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from services.identity.app import create_app

CREATE = """mutation {
  createEmployee(input: {nip: "19660801 198803 1 001", name: "Budi", asnType: PNS, status: PNS}) {
    ... on EmployeePayload { employee { nip name } }
  }
}"""


def unsent_events(database: Path) -> list[tuple[str, object]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT subject, sent_at FROM outbox WHERE sent_at IS NULL").fetchall()


def test_a_mutation_over_http_is_stored_and_its_event_relayed(
    tmp_path: Path, nats_server: EmbeddedNats
) -> None:
    settings = Settings(home=tmp_path, nats_url=nats_server.url, relay_interval_seconds=0.05)
    migrate("identity", settings.database_url("identity"))
    database = tmp_path / "data" / "identity.sqlite3"

    with TestClient(create_app(settings)) as client:
        response = client.post("/graphql", json={"query": CREATE})
        deadline = time.monotonic() + 10
        while unsent_events(database) and time.monotonic() < deadline:
            time.sleep(0.05)

    assert response.json() == {
        "data": {"createEmployee": {"employee": {"nip": "196608011988031001", "name": "Budi"}}}
    }
    assert unsent_events(database) == []
