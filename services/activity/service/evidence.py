"""Evidence use cases: keep an upload, attach it to a log (flagging another employee's copy)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError, NotFoundError
from services.activity.domain.evidence import check_upload
from services.activity.domain.logs import LogRuleError, LogStatus
from services.activity.storage import EvidenceStore
from services.activity.store.logs import (
    EvidenceRow,
    LogEvidenceRow,
    find_foreign_attachment,
    get_evidence,
    get_log,
    is_attached,
)

MAX_FILENAME = 255


async def store_upload(
    session: AsyncSession,
    store: EvidenceStore,
    content: bytes,
    *,
    filename: str,
    uploaded_by: str,
    max_bytes: int,
    now: datetime,
) -> EvidenceRow:
    """Check and keep an uploaded file; EvidenceRejectedError when it is refused."""
    kind = check_upload(content, max_bytes=max_bytes)
    sha256 = await store.put(content)
    row = EvidenceRow(
        id=str(uuid.uuid4()),
        sha256=sha256,
        size=len(content),
        media_type=kind.value,
        filename=(filename or "evidence")[:MAX_FILENAME],
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def attach_evidence(
    session: AsyncSession, *, log_id: str, evidence_id: str, caller_id: str, now: datetime
) -> LogEvidenceRow:
    """Attach the caller's upload to the caller's own log (while it is not yet decided)."""
    log = await get_log(session, log_id)
    if log is None or log.employee_id != caller_id:
        raise NotFoundError("log", log_id)
    evidence = await get_evidence(session, evidence_id)
    if evidence is None or evidence.uploaded_by != caller_id:
        raise NotFoundError("evidence", evidence_id)
    if log.status is not LogStatus.SUBMITTED:
        raise LogRuleError("logId", "evidence is attached only to logs waiting for review")
    if await is_attached(session, log_id=log_id, evidence_id=evidence_id):
        raise ConflictError("the file is already attached to the log")
    earlier = await find_foreign_attachment(
        session, sha256=evidence.sha256, employee_id=log.employee_id
    )
    row = LogEvidenceRow(
        id=str(uuid.uuid4()),
        log_id=log_id,
        evidence_id=evidence_id,
        employee_id=log.employee_id,
        sha256=evidence.sha256,
        attached_at=now,
        duplicate_of=earlier.log_id if earlier else None,
    )
    session.add(row)
    await session.flush()
    return row
