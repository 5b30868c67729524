"""The declarative base of targets' tables and the column types they share."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Numeric
from sqlalchemy.orm import DeclarativeBase

from kinerja.db import decimal_column, new_metadata


class Base(DeclarativeBase):
    """Targets' tables (the kit's outbox/inbox live on `kinerja.db.KitBase`)."""

    metadata = new_metadata()


def money() -> Numeric[Decimal]:
    """Targets' exact decimals (targets, quantities, rupiah amounts)."""
    return decimal_column()
