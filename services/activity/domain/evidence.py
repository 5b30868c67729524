"""Evidence files: which contents are accepted, judged by their bytes, never by their name."""

from __future__ import annotations

import hashlib
import io
import zipfile
from enum import StrEnum

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class EvidenceType(StrEnum):
    """The accepted kinds of evidence, with their media types."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class EvidenceRejectedError(ValueError):
    """An upload that is refused (too large, empty, or of a type not on the allow-list)."""

    field = "file"


_ZIP_PARTS = {"xl/": EvidenceType.XLSX, "word/": EvidenceType.DOCX}


def _office_type(content: bytes) -> EvidenceType | None:
    """XLSX or DOCX: a ZIP package with `[Content_Types].xml` and its `xl/` or `word/` part."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    found = {
        kind for prefix, kind in _ZIP_PARTS.items() if any(n.startswith(prefix) for n in names)
    }
    return found.pop() if len(found) == 1 else None


def sniff_type(content: bytes) -> EvidenceType | None:
    """The evidence type the bytes really are, or None when not on the allow-list."""
    if content.startswith(b"%PDF-"):
        return EvidenceType.PDF
    if content.startswith(b"\xff\xd8\xff"):
        return EvidenceType.JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceType.PNG
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return None


def content_hash(content: bytes) -> str:
    """The SHA-256 of the content, hex: the file's identity in storage."""
    return hashlib.sha256(content).hexdigest()


def check_upload(content: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> EvidenceType:
    """The upload's type, when it may be stored; EvidenceRejectedError otherwise."""
    if not content:
        raise EvidenceRejectedError("the file is empty")
    if len(content) > max_bytes:
        raise EvidenceRejectedError(f"the file is larger than {max_bytes} bytes")
    kind = sniff_type(content)
    if kind is None:
        raise EvidenceRejectedError("only PDF, JPEG, PNG, XLSX and DOCX files are accepted")
    return kind
