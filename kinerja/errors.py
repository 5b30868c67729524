"""Errors a use case raises on purpose; the GraphQL boundary turns them into typed results.

Pure (stdlib only). A service's domain errors may instead be `ValueError` subclasses with a
`field` attribute: the boundary treats those as validation failures too.
"""

from __future__ import annotations


class KinerjaError(Exception):
    """Base of the errors a client is meant to see (never masked)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(KinerjaError):
    """A record that does not exist — or that the caller may not see (they look the same)."""

    def __init__(self, what: str, id: str) -> None:
        super().__init__(f"{what} {id} not found")
        self.what = what
        self.id = id


class ValidationError(KinerjaError):
    """Input that breaks a rule; `field` names the input field when there is one."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(KinerjaError):
    """A change that clashes with the current state (duplicate, overlap, stale version)."""


class PageSizeError(KinerjaError):
    """A page larger than the maximum or smaller than one."""
