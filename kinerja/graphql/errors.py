"""Typed errors in the schema (union members of mutation results) and their mapping."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import strawberry

from kinerja.errors import ConflictError, NotFoundError, ValidationError


@strawberry.interface(description="Something the caller asked for could not be done.")
class Error:
    """Every typed error carries a human-readable message."""

    message: str


@strawberry.federation.type(
    shareable=True, description="The record does not exist, or the caller may not see it."
)
class NotFound(Error):
    """Not found — also what a forbidden record looks like."""

    id: strawberry.ID | None = None


@strawberry.federation.type(
    shareable=True, description="The input breaks a rule; `field` names the input field."
)
class ValidationFailed(Error):
    """Invalid input."""

    field: str | None = None


@strawberry.federation.type(
    shareable=True, description="The change clashes with the current state."
)
class Conflict(Error):
    """Duplicate, overlap or stale state."""


ERROR_TYPES: tuple[type, ...] = (NotFound, ValidationFailed, Conflict)

P = ParamSpec("P")
R = TypeVar("R")


def error_result(exc: Exception) -> Error | None:
    """The schema error for an expected exception, or None for an unexpected one."""
    if isinstance(exc, NotFoundError):
        return NotFound(message=exc.message, id=strawberry.ID(exc.id))
    if isinstance(exc, ValidationError):
        return ValidationFailed(message=exc.message, field=exc.field)
    if isinstance(exc, ConflictError):
        return Conflict(message=exc.message)
    if isinstance(exc, ValueError) and hasattr(exc, "field"):
        return ValidationFailed(message=str(exc), field=exc.field)
    return None


def mutation_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[Any]]:
    """Wrap a mutation resolver: expected errors become typed results (after rollback)."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return await fn(*args, **kwargs)
        except Exception as exc:
            result = error_result(exc)
            if result is None:
                raise
            return result

    return wrapper
