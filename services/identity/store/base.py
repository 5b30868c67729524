"""The declarative base of identity's tables and the column types they share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kinerja.db import UtcDateTime, new_metadata

PATH_SEPARATOR = "/"


class Base(DeclarativeBase):
    """Identity's tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

    metadata = new_metadata()


class Versioned:
    """Every row counts its changes (`version`) and remembers when it was created and changed."""

    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def touch(self, now: datetime) -> None:
        """Record a change: bump the version and the change time."""
        self.version += 1
        self.updated_at = now
