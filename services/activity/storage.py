"""Where evidence files' bytes live, behind a small interface addressed by content hash.

The local-disk store keeps `<home>/evidence/<sha256[:2]>/<sha256>`; an S3-compatible bucket can
implement the same protocol. Storing the same content twice stores it once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.activity.domain.evidence import DEFAULT_MAX_BYTES, content_hash


class EvidenceSettings(BaseSettings):
    """Evidence limits: `KINERJA_EVIDENCE_MAX_BYTES` (default 10 MiB)."""

    model_config = SettingsConfigDict(env_prefix="KINERJA_EVIDENCE_", extra="ignore")

    max_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0)


class EvidenceStore(Protocol):
    """Content-addressed storage of evidence files."""

    async def put(self, content: bytes) -> str:
        """Store the bytes; their SHA-256 (hex), the key to open them again."""

    async def open(self, sha256: str) -> bytes | None:
        """The stored bytes, or None when nothing is stored under the hash."""


class LocalEvidenceStore:
    """Evidence on the local disk, written atomically (temporary file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        """Where a hash's content lives."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    async def put(self, content: bytes) -> str:
        """Store the bytes once; their SHA-256."""
        sha256 = content_hash(content)
        target = self.path_of(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as file:
                file.write(content)
            os.replace(temporary, target)
        return sha256

    async def open(self, sha256: str) -> bytes | None:
        """The stored bytes, or None."""
        target = self.path_of(sha256)
        return target.read_bytes() if target.exists() else None


def local_store(home: Path) -> LocalEvidenceStore:
    """The default store under the service's data directory."""
    return LocalEvidenceStore(home / "evidence")
