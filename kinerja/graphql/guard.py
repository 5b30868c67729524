"""Request guards: depth/token/alias limits, introspection, and error masking with an id.

Limits apply to client operations; a gateway's `_entities`/`_service` fetch is exempt, since the
gateway already limited the client's query and entity fetches are legitimately wide.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    parse,
)
from graphql.error import GraphQLSyntaxError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from kinerja.errors import KinerjaError

logger = logging.getLogger("kinerja.graphql")

MAX_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 30
FEDERATION_ROOT_FIELDS = frozenset({"_entities", "_service"})
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def is_federation_fetch(document: DocumentNode) -> bool:
    """True when every root field of every operation is `_entities` or `_service`."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        return False
    for operation in operations:
        for selection in operation.selection_set.selections:
            if not isinstance(selection, FieldNode):
                return False
            if selection.name.value not in FEDERATION_ROOT_FIELDS:
                return False
    return True


def _is_development(context: Any) -> bool:
    settings = getattr(context, "settings", None)
    return bool(getattr(settings, "development", False))


class RequestGuard(SchemaExtension):
    """Adds the limits and, outside development, turns introspection off."""

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        ctx.parse_options["max_tokens"] = MAX_TOKENS
        rules = list(ctx.validation_rules)
        if not self._exempt(ctx.query):
            rules += [depth_validator(MAX_DEPTH, None, None), alias_validator(MAX_ALIASES)]
        if not _is_development(ctx.context):
            rules.append(NoSchemaIntrospectionCustomRule)
        ctx.validation_rules = tuple(rules)
        yield

    @staticmethod
    def _exempt(query: str | None) -> bool:
        if not query or ("_entities" not in query and "_service" not in query):
            return False
        try:
            return is_federation_fetch(parse(query, max_tokens=MAX_TOKENS))
        except GraphQLSyntaxError:
            return False


def _is_input_error(error: GraphQLError) -> bool:
    """An error about the request's own input, raised before any resolver ran: a variable
    whose value does not coerce (graphql-core wraps the scalar's GraphQLError, ValueError or
    TypeError). Errors of resolvers always carry a path."""
    original = error.original_error
    return error.path is None and isinstance(original, GraphQLError | ValueError | TypeError)


class MaskUnexpectedErrors(SchemaExtension):
    """Unexpected errors become "Internal error" with a correlation id; the cause is logged.

    The correlation id is the request id, so the gateway's `x-request-id` finds the log line.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            development = _is_development(self.execution_context.context)
            request_id = getattr(self.execution_context.context, "request_id", None)
            correlation_id = str(request_id or uuid.uuid4())
            result.errors = [self._mask(e, development, correlation_id) for e in errors]

    def _mask(self, error: GraphQLError, development: bool, correlation_id: str) -> GraphQLError:
        original = error.original_error
        if original is None or _is_input_error(error):
            # Parse and validation errors are the client's own (so are variables that do not
            # coerce to their types, e.g. 1.5 for an Int); strip schema hints in production.
            message = error.message if development else _SUGGESTION.sub("", error.message)
            return GraphQLError(message, error.nodes, error.source, error.positions, error.path)
        if isinstance(original, KinerjaError):
            return GraphQLError(
                original.message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                extensions={"code": type(original).__name__.removesuffix("Error").upper()},
            )
        logger.error(
            "unexpected error in resolver (correlation id %s)",
            correlation_id,
            exc_info=(type(original), original, original.__traceback__),
        )
        return GraphQLError(
            f"Internal error. Quote this reference to support: {correlation_id}",
            error.nodes,
            error.source,
            error.positions,
            error.path,
            extensions={"code": "INTERNAL", "correlationId": correlation_id},
        )
