"""The declarative base of allowance's tables and the column types they share."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from kinerja.db import UtcDateTime, decimal_column, enum_column, new_metadata

__all__ = ["Base", "UtcDateTime", "enum_column", "percent"]


class Base(DeclarativeBase):
    """Appraisal's tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

    metadata = new_metadata()


percent = decimal_column  # percentages: exact decimals, never floats (money is integer rupiah)
