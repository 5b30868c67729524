"""`POST /evidence` end to end: the real app factory on a real database, Redis and nats-server,
real signed tokens; files judged by their bytes, stored under their hash, duplicates flagged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.testclient import TestClient

from kinerja.auth import revoke_session
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from kinerja.tokens import StaticKeySource
from services.activity.app import create_app
from services.activity.domain.evidence import content_hash
from services.activity.store import EvidenceRow, LogEvidenceRow
from tests.activity.factories import Org, Skp, approved_skp, seed_org, totals
from tests.fixtures.auth import TEST_HMAC_SECRET, TEST_SIGNING_KEY, bearer, make_token, signed_body

Sessions = async_sessionmaker[AsyncSession]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
MAX_BYTES = 4096
CREATE_LOG = """
mutation($input: CreateLogInput!) { createLog(input: $input) {
  __typename ... on LogPayload { log { id } } } }"""
ATTACH = """
mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) {
  __typename ... on LogPayload { log { id evidence { evidenceId sha256 duplicateOf } } } } }"""
LOG = "query($id: ID!) { activityLog(id: $id) { evidence { sha256 duplicateOf } } }"


@pytest.fixture
async def world(activity_db: Sessions) -> tuple[Org, Skp, Skp]:
    """The organisation; staff and peer (same superior) each with an approved 2025 SKP."""
    async with activity_db() as session, session.begin():
        org = await seed_org(session)
        staff_skp = await approved_skp(session, org.staff)
        peer_skp = await approved_skp(session, org.peer)
    return org, staff_skp, peer_skp


@pytest.fixture
def settings(tmp_path: Path, db_url: str, nats_server: EmbeddedNats, redis_url: str) -> Settings:
    return Settings(
        service="activity",
        home=tmp_path,
        activity_database_url=db_url,
        nats_url=nats_server.url,
        redis_url=redis_url,
        hmac_secret=TEST_HMAC_SECRET,
    )


@pytest.fixture
def client(
    settings: Settings, activity_db: Sessions, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The activity app from its own factory, trusting the test signing key."""
    monkeypatch.setenv("KINERJA_EVIDENCE_MAX_BYTES", str(MAX_BYTES))
    with TestClient(create_app(settings)) as test_client:
        runtime = test_client.app.state.runtime  # type: ignore[attr-defined]
        runtime.verifier.key_source = StaticKeySource(TEST_SIGNING_KEY.jwks)
        yield test_client


def token(settings: Settings, subject: str, **claims: Any) -> str:
    return make_token(settings=settings, sub=subject, **claims)


def upload(
    client: TestClient,
    content: bytes,
    *,
    name: str = "laporan.pdf",
    media_type: str = "application/pdf",
    token: str | None = None,
) -> Any:
    headers = bearer(token) if token else {}
    return client.post("/evidence", files={"file": (name, content, media_type)}, headers=headers)


def graphql(client: TestClient, access: str, query: str, **variables: Any) -> Any:
    body = signed_body(TEST_HMAC_SECRET, query, variables)
    response = client.post("/graphql", json=body, headers=bearer(access))
    assert response.status_code == 200, response.text
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


def stored_files(settings: Settings) -> list[Path]:
    root = settings.home / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("content", "name", "media_type"),
    [(PDF, "laporan.pdf", "application/pdf"), (PNG, "foto kegiatan.png", "image/png")],
)
async def test_a_valid_upload_is_stored_under_its_hash(
    client: TestClient,
    settings: Settings,
    activity_db: Sessions,
    content: bytes,
    name: str,
    media_type: str,
) -> None:
    response = upload(
        client, content, name=name, media_type=media_type, token=token(settings, "e1")
    )
    assert response.status_code == 201, response.text
    body = response.json()
    sha = content_hash(content)
    assert body == {"id": body["id"], "sha256": sha, "mediaType": media_type, "size": len(content)}
    assert stored_files(settings) == [settings.home / "evidence" / sha[:2] / sha]
    assert (settings.home / "evidence" / sha[:2] / sha).read_bytes() == content
    async with activity_db() as session:
        row = await session.get(EvidenceRow, body["id"])
    assert row is not None
    assert (row.uploaded_by, row.filename, row.media_type) == ("e1", name, media_type)


async def test_an_upload_without_a_valid_token_is_refused(
    client: TestClient, settings: Settings, activity_db: Sessions, redis_url: str
) -> None:
    assert upload(client, PDF).status_code == 401
    assert upload(client, PDF, token="not.a.token").status_code == 401
    assert upload(client, PDF, token=token(settings, "e1", exp=1)).status_code == 401
    revoked = token(settings, "e1", sid="sid-revoked")
    redis = client.app.state.runtime.redis  # type: ignore[attr-defined]
    client.portal.call(revoke_session, redis, "sid-revoked")  # type: ignore[union-attr]
    assert upload(client, PDF, token=revoked).status_code == 401
    assert stored_files(settings) == []
    assert await totals(activity_db, EvidenceRow) == (0, 0)


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 200 * 1024], ids=["just over", "far over"])
async def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    client: TestClient, settings: Settings, activity_db: Sessions, size: int
) -> None:
    content = PDF + b"\x00" * (size - len(PDF))
    response = upload(client, content, token=token(settings, "e1"))
    assert response.status_code == 413
    assert response.json() == {
        "error": f"the file is larger than {MAX_BYTES} bytes"
        if size < 64 * 1024
        else "the file is too large"
    }
    assert stored_files(settings) == []
    assert await totals(activity_db, EvidenceRow) == (0, 0)


@pytest.mark.parametrize(
    ("content", "name", "media_type"),
    [
        (b"GIF89a" + b"\x00" * 20, "animasi.gif", "image/gif"),
        (b"just some text", "catatan.txt", "text/plain"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "laporan.pdf", "application/pdf"),
        (b"MZ\x90\x00" + b"\x00" * 40, "laporan.pdf", "application/pdf"),
    ],
    ids=["gif", "text", "renamed ELF", "renamed MZ"],
)
async def test_a_forbidden_or_disguised_type_is_refused_and_nothing_is_stored(
    client: TestClient,
    settings: Settings,
    activity_db: Sessions,
    content: bytes,
    name: str,
    media_type: str,
) -> None:
    response = upload(
        client, content, name=name, media_type=media_type, token=token(settings, "e1")
    )
    assert response.status_code == 415
    assert response.json() == {"error": "only PDF, JPEG, PNG, XLSX and DOCX files are accepted"}
    assert stored_files(settings) == []
    assert await totals(activity_db, EvidenceRow) == (0, 0)


def log_input(skp: Skp) -> dict[str, Any]:
    return {
        "date": "2025-06-16",
        "startTime": "08:00:00",
        "endTime": "09:00:00",
        "description": "Menyusun laporan evaluasi",
        "skpItemId": skp.item,
        "indicatorId": skp.indicator,
        "outputQuantity": "1",
    }


def log_with_upload(client: TestClient, access: str, skp: Skp) -> tuple[str, Any]:
    """Upload the PDF, record a log and attach the file; the log id and the attachment."""
    evidence_id = upload(client, PDF, token=access).json()["id"]
    log_id = graphql(client, access, CREATE_LOG, input=log_input(skp))["createLog"]["log"]["id"]
    attached = graphql(client, access, ATTACH, input={"logId": log_id, "evidenceId": evidence_id})
    return log_id, attached["attachEvidence"]["log"]["evidence"]


async def test_the_same_file_on_another_employees_log_is_flagged_to_the_superior_only(
    client: TestClient,
    settings: Settings,
    activity_db: Sessions,
    world: tuple[Org, Skp, Skp],
) -> None:
    org, staff_skp, peer_skp = world
    staff, peer = token(settings, org.staff), token(settings, org.peer)
    superior = token(settings, org.sub_head)
    first_log, first = log_with_upload(client, staff, staff_skp)
    second_log, second = log_with_upload(client, peer, peer_skp)
    sha = content_hash(PDF)
    assert [(e["sha256"], e["duplicateOf"]) for e in first] == [(sha, None)]
    assert [(e["sha256"], e["duplicateOf"]) for e in second] == [(sha, None)]  # peer: hidden
    seen_by_superior = graphql(client, superior, LOG, id=second_log)["activityLog"]
    assert seen_by_superior == {"evidence": [{"sha256": sha, "duplicateOf": first_log}]}
    seen_by_owner = graphql(client, peer, LOG, id=second_log)["activityLog"]
    assert seen_by_owner == {"evidence": [{"sha256": sha, "duplicateOf": None}]}
    original = graphql(client, superior, LOG, id=first_log)["activityLog"]
    assert original == {"evidence": [{"sha256": sha, "duplicateOf": None}]}
    assert stored_files(settings) == [settings.home / "evidence" / sha[:2] / sha]
    assert await totals(activity_db, EvidenceRow, LogEvidenceRow) == (2, 2, 0)
