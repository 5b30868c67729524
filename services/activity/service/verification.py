"""The direct superior's verification of logs: approve, reject, revoke an approval."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import NotFoundError
from services.activity.domain.logs import (
    LogStatus,
    check_reason,
    check_revocation,
    check_verification,
)
from services.activity.events import publish_log_approved, publish_log_revoked
from services.activity.store.logs import ActivityLogRow, LogRevocationRow, get_log

# "Is this person the employee's direct superior (or acting Plt/Plh) on that day?"
SuperiorCheck = Callable[[str, date], Awaitable[bool]]


async def _load(session: AsyncSession, log_id: str) -> ActivityLogRow:
    row = await get_log(session, log_id)
    if row is None:
        raise NotFoundError("log", log_id)
    return row


async def approve_log(
    session: AsyncSession,
    log_id: str,
    *,
    verifier_id: str,
    is_superior: SuperiorCheck,
    now: datetime,
) -> ActivityLogRow:
    """Approve a submitted log and publish `activity.log.approved.v1`."""
    row = await _load(session, log_id)
    superior = await is_superior(row.employee_id, row.day)
    check_verification(
        row.status, verifier_id=verifier_id, employee_id=row.employee_id, is_superior=superior
    )
    row.status = LogStatus.APPROVED
    row.decided_by, row.decided_at, row.decision_reason = verifier_id, now, None
    publish_log_approved(session, row, approved_by=verifier_id, now=now)
    await session.flush()
    return row


async def reject_log(
    session: AsyncSession,
    log_id: str,
    *,
    verifier_id: str,
    reason: str,
    is_superior: SuperiorCheck,
    now: datetime,
) -> ActivityLogRow:
    """Reject a submitted log with a reason."""
    row = await _load(session, log_id)
    superior = await is_superior(row.employee_id, row.day)
    check_verification(
        row.status, verifier_id=verifier_id, employee_id=row.employee_id, is_superior=superior
    )
    row.status = LogStatus.REJECTED
    row.decided_by, row.decided_at, row.decision_reason = verifier_id, now, check_reason(reason)
    await session.flush()
    return row


async def revoke_log(
    session: AsyncSession,
    log_id: str,
    *,
    verifier_id: str,
    reason: str,
    is_superior: SuperiorCheck,
    now: datetime,
) -> ActivityLogRow:
    """Take back an approval (audited) and publish `activity.log.revoked.v1`."""
    row = await _load(session, log_id)
    superior = await is_superior(row.employee_id, row.day)
    check_revocation(
        row.status, verifier_id=verifier_id, employee_id=row.employee_id, is_superior=superior
    )
    text = check_reason(reason)
    row.status = LogStatus.REVOKED
    row.decided_by, row.decided_at, row.decision_reason = verifier_id, now, text
    session.add(
        LogRevocationRow(
            id=str(uuid.uuid4()), log_id=row.id, revoked_by=verifier_id, revoked_at=now, reason=text
        )
    )
    publish_log_revoked(session, row, revoked_by=verifier_id, reason=text, now=now)
    await session.flush()
    return row
