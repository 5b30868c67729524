"""The subgraph schema factory: Federation 2 (v2.9) with the kit's guards and masking."""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Iterable
from typing import Any, Final, Literal

import strawberry
from graphql import GraphQLError
from strawberry.printer import print_schema
from strawberry.schema.types.base_scalars import DecimalDefinition
from strawberry.types import ExecutionContext

from kinerja.graphql.errors import ERROR_TYPES
from kinerja.graphql.guard import MaskUnexpectedErrors, RequestGuard

FEDERATION_VERSION: Final[Literal["2.9"]] = "2.9"  # the composer does not accept 2.10+


def plain_decimal(value: decimal.Decimal) -> str:
    """A decimal as people write it: `10.0000` → "10", `2.5000` → "2.5" (never an exponent)."""
    if value == value.to_integral_value():
        return str(value.quantize(decimal.Decimal(1)))
    return format(value.normalize(), "f")


# Stored decimals carry their column's scale (`10.0000`); the graph shows them plainly.
PLAIN_DECIMAL = dataclasses.replace(DecimalDefinition, serialize=plain_decimal)


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
        scalar_overrides={decimal.Decimal: PLAIN_DECIMAL},
    )


def subgraph_sdl(schema: Any) -> str:
    """The SDL the gateway composes (what `_service { sdl }` returns)."""
    return print_schema(schema)
