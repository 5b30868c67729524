"""Appending to and verifying the hash-chained audit log (store/audit.py).

`record` appends one row inside the caller's transaction, so the change and its audit row
commit together. Appends are serialised — a PostgreSQL advisory lock for the transaction
(SQLite's single writer does it there) — so two writers never chain onto the same row.
`verify` walks the chain from the first row and reports the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.db import is_postgres
from services.allowance.store.audit import AuditRow

GENESIS = "0" * 64
_LOCK_KEY = 0x6B696E6A61  # "kinja": the allowance audit chain's advisory lock


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, decimals and dates as strings."""

    def default(item: Any) -> str:
        if isinstance(item, Decimal):
            return format(item, "f")
        if isinstance(item, datetime):
            return item.astimezone(UTC).isoformat()
        return str(item)

    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=default)


def row_hash(prev_hash: str, row: AuditRow) -> str:
    """The hash of a row: SHA-256 over the previous hash and the row's content."""
    content = canonical(
        {
            "seq": row.seq,
            "at": row.at.astimezone(UTC).isoformat(),
            "actor_id": row.actor_id,
            "action": row.action,
            "entity": row.entity,
            "entity_id": row.entity_id,
            "detail": row.detail,
            "reason": row.reason,
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


async def record(
    session: AsyncSession,
    *,
    actor_id: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: Mapping[str, Any] | None = None,
    reason: str = "",
    now: datetime,
) -> AuditRow:
    """Append one audited change (who, when, what, why) to the chain."""
    if is_postgres(session):
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = (
        await session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()))
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    row = AuditRow(
        seq=seq,
        at=now,
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=canonical(dict(detail or {})),
        reason=reason,
        prev_hash=prev_hash,
        hash="",
    )
    row.hash = row_hash(prev_hash, row)
    session.add(row)
    await session.flush()
    return row


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: how many rows, and the first broken link if any."""

    rows: int
    broken_at: int | None = None  # the seq of the first row that does not chain
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when every row chains onto the one before it."""
        return self.broken_at is None


async def verify(session: AsyncSession, *, batch: int = 5000) -> Verification:
    """Walk the chain in order; report the first row whose link or content does not hold."""
    total = int(await session.scalar(select(func.count()).select_from(AuditRow)) or 0)
    prev_hash, expected_seq, seen = GENESIS, 1, 0
    while seen < total:
        rows = (
            await session.scalars(
                select(AuditRow)
                .where(AuditRow.seq >= expected_seq)
                .order_by(AuditRow.seq)
                .limit(batch)
            )
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return Verification(seen, expected_seq, f"row {expected_seq} is missing")
            if row.prev_hash != prev_hash:
                return Verification(seen, row.seq, "it does not point at the row before it")
            if row_hash(prev_hash, row) != row.hash:
                return Verification(seen, row.seq, "its content does not match its hash")
            prev_hash, expected_seq, seen = row.hash, expected_seq + 1, seen + 1
    return Verification(seen)
