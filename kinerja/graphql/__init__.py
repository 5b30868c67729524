"""GraphQL kit: schema factory, context, connections, typed errors, scalars."""

from kinerja.graphql.connection import (
    MAX_PAGE_SIZE,
    Connection,
    Edge,
    PageInfo,
    build_connection,
    decode_cursor,
    encode_cursor,
    validate_page_size,
)
from kinerja.graphql.context import Context, Info
from kinerja.graphql.errors import (
    Conflict,
    Error,
    NotFound,
    ValidationFailed,
    error_result,
    mutation_errors,
)
from kinerja.graphql.scalars import Money
from kinerja.graphql.schema import FEDERATION_VERSION, make_schema, subgraph_sdl

__all__ = [
    "FEDERATION_VERSION",
    "MAX_PAGE_SIZE",
    "Conflict",
    "Connection",
    "Context",
    "Edge",
    "Error",
    "Info",
    "Money",
    "NotFound",
    "PageInfo",
    "ValidationFailed",
    "build_connection",
    "decode_cursor",
    "encode_cursor",
    "error_result",
    "make_schema",
    "mutation_errors",
    "subgraph_sdl",
    "validate_page_size",
]
