"""Evidence files: judged by their bytes, stored by content hash, duplicates flagged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from services.activity.domain.evidence import (
    EvidenceRejectedError,
    EvidenceType,
    check_upload,
    content_hash,
    sniff_type,
)
from services.activity.storage import LocalEvidenceStore

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{part}document.xml", "<x/>")
    return buffer.getvalue()


def test_the_allowed_types_are_recognised_by_their_bytes() -> None:
    assert sniff_type(PDF) is EvidenceType.PDF
    assert sniff_type(PNG) is EvidenceType.PNG
    assert sniff_type(JPEG) is EvidenceType.JPEG
    assert sniff_type(office("xl/")) is EvidenceType.XLSX
    assert sniff_type(office("word/")) is EvidenceType.DOCX


@pytest.mark.parametrize(
    "content",
    [
        b"\x7fELF\x02\x01\x01" + b"\x00" * 40,  # an executable named report.pdf
        b"MZ\x90\x00" + b"\x00" * 40,  # a Windows executable
        b"plain text pretending to be a pdf",
        b"PK\x03\x04 not really a zip",
    ],
)
def test_forbidden_or_lying_content_is_refused(content: bytes) -> None:
    with pytest.raises(EvidenceRejectedError, match="only PDF"):
        check_upload(content)


def test_a_zip_without_an_office_part_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("payload.exe", "MZ")
    assert sniff_type(buffer.getvalue()) is None


def test_a_file_over_the_limit_or_empty_is_refused() -> None:
    with pytest.raises(EvidenceRejectedError, match="larger"):
        check_upload(PDF + b"\x00" * 100, max_bytes=64)
    with pytest.raises(EvidenceRejectedError, match="empty"):
        check_upload(b"")


async def test_the_local_store_keeps_content_under_its_hash(tmp_path: Path) -> None:
    store = LocalEvidenceStore(tmp_path)
    sha = await store.put(PDF)
    assert sha == content_hash(PDF)
    assert (tmp_path / sha[:2] / sha).read_bytes() == PDF
    assert await store.put(PDF) == sha
    assert await store.open(sha) == PDF
    assert await store.open("0" * 64) is None
    with pytest.raises(ValueError, match="SHA-256"):
        store.path_of("../../etc/passwd")
