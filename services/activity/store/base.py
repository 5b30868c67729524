"""The declarative base of activity's tables and the column types they share."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, Numeric, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from kinerja.db import new_metadata


class Base(DeclarativeBase):
    """Activity's tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

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


def quantity() -> Numeric[Decimal]:
    """An exact decimal column (targets, output quantities): 20 digits, 4 decimals."""
    return Numeric(20, 4, asdecimal=True)
