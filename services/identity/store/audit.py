"""The append-only audit log: who changed what, when, why, before and after."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja.db import UtcDateTime, keyset
from services.identity.store.base import Base


class AuditLogRow(Base):
    """One change; never updated or deleted (triggers in the migration refuse both)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(500))
    request_id: Mapped[str | None] = mapped_column(String(100))


async def list_audit_page(
    session: AsyncSession, *, entity_id: str | None, first: int, after: Sequence[Any] | None
) -> list[AuditLogRow]:
    """A page (first + 1 rows) of audit entries, oldest first, of one entity or all."""
    stmt = select(AuditLogRow)
    if entity_id is not None:
        stmt = stmt.where(AuditLogRow.entity_id == entity_id)
    stmt = keyset(stmt, [AuditLogRow.id.expression], after)
    return list(await session.scalars(stmt.limit(first + 1)))
