"""Helpers shared by the identity use cases."""

from __future__ import annotations

from enum import Enum
from typing import Literal, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError, NotFoundError

T = TypeVar("T")


class Keep(Enum):
    """Marks an optional input field that was not given (unchanged), as opposed to null."""

    KEEP = "KEEP"


KEEP: Literal[Keep.KEEP] = Keep.KEEP


def found(row: T | None, *, what: str, id: str) -> T:
    """The row, or NotFoundError naming what was looked for."""
    if row is None:
        raise NotFoundError(what, id)
    return row


async def flush_unique(session: AsyncSession, *, conflict: str) -> None:
    """Flush, turning a unique-constraint violation (a concurrent duplicate) into a conflict."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ConflictError(conflict) from exc
