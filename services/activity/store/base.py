"""The declarative base of activity's tables and the column types they share."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from kinerja.db import UtcDateTime, decimal_column, enum_column, new_metadata

__all__ = ["Base", "UtcDateTime", "enum_column", "quantity"]


class Base(DeclarativeBase):
    """Activity's tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

    metadata = new_metadata()


quantity = decimal_column  # output quantities and targets: exact decimals, never floats
