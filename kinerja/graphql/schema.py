"""The subgraph schema factory: Federation 2 (v2.9) with the kit's guards and masking."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal

import strawberry
from graphql import GraphQLError
from strawberry.printer import print_schema
from strawberry.types import ExecutionContext

from kinerja.graphql.errors import ERROR_TYPES
from kinerja.graphql.guard import MaskUnexpectedErrors, RequestGuard

FEDERATION_VERSION: Final[Literal["2.9"]] = "2.9"  # the composer does not accept 2.10+


class SubgraphSchema(strawberry.federation.Schema):
    """A federation schema whose errors are logged once, by the masking extension."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client errors are not server errors; unexpected ones were logged when masked."""
        del errors, execution_context


def make_schema(
    *,
    query: type,
    mutation: type | None = None,
    types: Iterable[type] = (),
) -> strawberry.federation.Schema:
    """A Federation-2 subgraph schema with depth/token/alias limits and error masking."""
    return SubgraphSchema(
        query=query,
        mutation=mutation,
        types=[*ERROR_TYPES, *types],
        extensions=[RequestGuard, MaskUnexpectedErrors],
        federation_version=FEDERATION_VERSION,
    )


def subgraph_sdl(schema: Any) -> str:
    """The SDL the gateway composes (what `_service { sdl }` returns)."""
    return print_schema(schema)
