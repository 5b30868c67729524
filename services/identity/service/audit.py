"""The audit trail: every change is recorded in the same transaction, secrets never included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from services.identity.store import AuditLogRow

# Columns whose values never reach the log (a hash of a secret is still a secret).
SECRET_COLUMNS = frozenset({"password_hash", "secret_hash", "private_key_pem", "token_hash"})


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an employee, a service account, or the system (the CLI)."""

    id: str | None
    kind: str
    request_id: str | None = None


SYSTEM = Actor(id=None, kind="system")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(row: object | None) -> dict[str, Any] | None:
    """A row's column values as JSON-ready data, secrets replaced by whether they are set."""
    if row is None:
        return None
    values: dict[str, Any] = {}
    for column in inspect(row).mapper.column_attrs:
        value = getattr(row, column.key)
        if column.key in SECRET_COLUMNS:
            values[f"has_{column.key}"] = value is not None
        else:
            values[column.key] = _plain(value)
    return values


def record(
    session: AsyncSession,
    actor: Actor,
    action: str,
    *,
    entity: tuple[str, str],
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
    reason: str | None = None,
) -> None:
    """Add one audit entry to the caller's transaction; `entity` is (type, id)."""
    session.add(
        AuditLogRow(
            at=now,
            actor_id=actor.id,
            actor_kind=actor.kind,
            action=action,
            entity_type=entity[0],
            entity_id=entity[1],
            before=before,
            after=after,
            reason=reason,
            request_id=actor.request_id,
        )
    )
