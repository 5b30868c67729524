"""The declarative base of identity's tables and the column types they share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, Integer, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kinerja.db import new_metadata

PATH_SEPARATOR = "/"


class Base(DeclarativeBase):
    """Identity's tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

    metadata = new_metadata()


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive values read back from SQLite."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def enum_column(enum: type[Any]) -> Enum:
    """A portable enum column (a checked-free VARCHAR, the same on SQLite and PostgreSQL)."""
    return Enum(enum, native_enum=False, create_constraint=False, length=40)


class Versioned:
    """Every row counts its changes (`version`) and remembers when it was created and changed."""

    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def touch(self, now: datetime) -> None:
        """Record a change: bump the version and the change time."""
        self.version += 1
        self.updated_at = now
