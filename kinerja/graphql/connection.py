"""Relay connections: keyset cursors, page-size limits and the generic Connection type."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from kinerja.errors import PageSizeError

MAX_PAGE_SIZE = 100
NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.federation.type(shareable=True, description="Where a page sits in the whole list.")
class PageInfo:
    """Relay page info."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.federation.type(shareable=True, description="One node of a connection with its cursor.")
class Edge(Generic[NodeT]):
    """A node and the cursor to continue after it."""

    cursor: str
    node: NodeT


@strawberry.federation.type(
    shareable=True, description="A page of a list (Relay connection, at most 100 per page)."
)
class Connection(Generic[NodeT]):
    """A page of nodes."""

    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @strawberry.field(description="The nodes of this page, without cursors.")  # type: ignore[untyped-decorator]
    def nodes(self) -> list[NodeT]:
        """The nodes of this page."""
        return [edge.node for edge in self.edges]


def validate_page_size(first: int | None, *, default: int = 20) -> int:
    """The page size to use; raises PageSizeError outside 1..100."""
    size = default if first is None else first
    if size < 1 or size > MAX_PAGE_SIZE:
        raise PageSizeError(f"first must be between 1 and {MAX_PAGE_SIZE} (got {size})")
    return size


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor for a row's sort-key values."""
    raw = json.dumps([str(v) if not isinstance(v, int | float) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort-key values in a cursor; raises PageSizeError-like client error if malformed."""
    if cursor is None:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as exc:
        raise InvalidCursorError("after is not a valid cursor") from exc
    if not isinstance(values, list):
        raise InvalidCursorError("after is not a valid cursor")
    return values


class InvalidCursorError(PageSizeError):
    """A cursor the server did not issue."""


def build_connection(
    rows: Sequence[RowT],
    *,
    first: int,
    cursor_of: Callable[[RowT], Sequence[Any]],
    node_of: Callable[[RowT], NodeT],
    after: str | None = None,
) -> Connection[NodeT]:
    """A Connection from rows fetched with LIMIT first+1 (the extra row means a next page)."""
    page = list(rows[:first])
    edges = [Edge(cursor=encode_cursor(cursor_of(row)), node=node_of(row)) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
