"""The standard activity catalogue (*norma waktu*) of each org unit: table and queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, UniqueConstraint, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.activity.store.base import Base, UtcDateTime


class StandardActivityRow(Base):
    """A standard activity of an org unit: its code, name, standard minutes and output unit."""

    __tablename__ = "standard_activity"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), index=True)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    standard_minutes: Mapped[int] = mapped_column(Integer)
    output_unit: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


async def get_standard_activity(
    session: AsyncSession, standard_activity_id: str
) -> StandardActivityRow | None:
    """A catalogue entry by id."""
    return await session.get(StandardActivityRow, standard_activity_id)


async def find_by_code(
    session: AsyncSession, unit_id: str, code: str
) -> StandardActivityRow | None:
    """The unit's entry with this code."""
    rows = await session.scalars(
        select(StandardActivityRow).where(
            StandardActivityRow.unit_id == unit_id, StandardActivityRow.code == code
        )
    )
    return rows.first()


async def by_codes(
    session: AsyncSession, unit_id: str, codes: Sequence[str]
) -> dict[str, StandardActivityRow]:
    """The unit's entries with these codes, by code."""
    rows = await session.scalars(
        select(StandardActivityRow).where(
            StandardActivityRow.unit_id == unit_id, StandardActivityRow.code.in_(codes)
        )
    )
    return {row.code: row for row in rows}


async def list_unit_catalogue(
    session: AsyncSession, unit_id: str, *, first: int, after: list[Any] | None
) -> list[StandardActivityRow]:
    """A page (first + 1 rows) of the unit's catalogue, by code."""
    key = (StandardActivityRow.code, StandardActivityRow.id)
    query = select(StandardActivityRow).where(StandardActivityRow.unit_id == unit_id)
    if after is not None and len(after) == len(key):
        query = query.where(tuple_(*key) > tuple_(str(after[0]), str(after[1])))
    rows = await session.scalars(query.order_by(*key).limit(first + 1))
    return list(rows)


def catalogue_cursor(row: StandardActivityRow) -> list[object]:
    """The keyset of an entry in listings."""
    return [row.code, row.id]
