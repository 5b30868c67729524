"""The append-only, hash-chained audit log of every change to tariffs, rules, runs, payments.

Each row's `hash` is SHA-256 over the previous row's hash and this row's canonical content, so
changing, removing or reordering any row breaks the chain from there on
(`kinerja audit verify allowance`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.allowance.store.base import Base, UtcDateTime


class AuditRow(Base):
    """One audited change: who, when, what, why."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
