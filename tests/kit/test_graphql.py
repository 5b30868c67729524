"""The GraphQL kit: limits, masking with a correlation id, typed errors, connections."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Annotated, Any

import pytest
import strawberry
from sqlalchemy.ext.asyncio import async_sessionmaker

from kinerja.auth import ANONYMOUS
from kinerja.errors import ConflictError, NotFoundError, ValidationError
from kinerja.graphql import (
    Connection,
    Context,
    Info,
    build_connection,
    decode_cursor,
    make_schema,
    mutation_errors,
    subgraph_sdl,
    validate_page_size,
)
from kinerja.graphql.errors import Conflict, NotFound, ValidationFailed
from kinerja.graphql.schema import plain_decimal
from kinerja.settings import Settings


@strawberry.federation.type(keys=["id"])
class Node:
    id: strawberry.ID

    @strawberry.field
    def child(self) -> Node:
        return Node(id=strawberry.ID(f"{self.id}.c"))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Node:
        return Node(id=id)


NUMBERS = [str(n) for n in range(250)]


@strawberry.type
class Query:
    @strawberry.field
    def node(self) -> Node:
        return Node(id=strawberry.ID("n"))

    @strawberry.field
    def boom(self) -> int:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def numbers(self, first: int | None = None, after: str | None = None) -> Connection[str]:
        size = validate_page_size(first)
        start = int(decode_cursor(after)[0]) + 1 if after else 0
        rows = NUMBERS[start : start + size + 1]
        return build_connection(
            rows, first=size, cursor_of=lambda r: [int(r)], node_of=lambda r: r, after=after
        )


Outcome = Annotated[Node | NotFound | ValidationFailed | Conflict, strawberry.union("Outcome")]


@strawberry.type
class Mutation:
    @strawberry.mutation
    @mutation_errors
    async def act(self, info: Info, kind: str) -> Outcome:
        if kind == "missing":
            raise NotFoundError("Thing", "42")
        if kind == "invalid":
            raise ValidationError("nip", "NIP must have 18 digits")
        if kind == "conflict":
            raise ConflictError("already exists")
        if kind == "domain":
            err = ValueError("kelas jabatan must be 1–17")
            err.field = "kelasJabatan"  # type: ignore[attr-defined]
            raise err
        return Node(id=strawberry.ID("ok"))


schema = make_schema(query=Query, mutation=Mutation)


def context(env: str = "production") -> Context:
    return Context(
        settings=Settings(env=env),
        session_factory=async_sessionmaker(),
        principal=ANONYMOUS,
        request_id="req-1",
    )


async def run(query: str, env: str = "production", **variables: Any) -> Any:
    return await schema.execute(query, variable_values=variables, context_value=context(env))


def deep_query(levels: int) -> str:
    return "{ node { " + "child { " * levels + "id" + " }" * levels + " } }"


async def test_a_fifty_level_deep_query_is_refused() -> None:
    result = await run(deep_query(50))
    assert result.data is None
    assert "exceeds maximum operation depth" in result.errors[0].message


async def test_a_query_within_the_depth_limit_runs() -> None:
    result = await run(deep_query(5))
    assert result.errors is None


async def test_gateway_entity_fetches_are_exempt_from_the_depth_limit() -> None:
    query = (
        'query { _entities(representations: [{__typename: "Node", id: "x"}]) '
        "{ ... on Node { " + "child { " * 14 + "id" + " }" * 14 + " } } }"
    )
    result = await run(query)
    assert result.errors is None


async def test_entities_beside_a_client_field_is_still_limited() -> None:
    query = (
        'query { _entities(representations: [{__typename: "Node", id: "x"}]) { __typename } '
        + deep_query(20)[1:-1]
        + " }"
    )
    result = await run(query)
    assert result.errors
    assert "exceeds maximum operation depth" in result.errors[0].message


async def test_too_many_aliases_are_refused() -> None:
    query = "{ " + " ".join(f"a{i}: node {{ id }}" for i in range(40)) + " }"
    result = await run(query)
    assert result.errors
    assert "aliases" in result.errors[0].message


async def test_too_many_tokens_are_refused() -> None:
    query = "{ " + " ".join("node { id }" for _ in range(800)) + " }"
    result = await run(query)
    assert result.errors
    assert "token" in result.errors[0].message.lower()


async def test_malformed_graphql_gets_a_syntax_error() -> None:
    result = await run("{ node { id }")
    assert result.errors[0].message.startswith("Syntax Error")


async def test_unexpected_errors_are_masked_with_a_correlation_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="kinerja.graphql"):
        result = await run("{ boom }")
    error = result.errors[0]
    correlation_id = error.extensions["correlationId"]
    assert error.message == f"Internal error. Quote this reference to support: {correlation_id}"
    assert "hunter2" not in str(result.errors)
    assert correlation_id in caplog.text
    assert "hunter2" in caplog.text


async def test_introspection_is_off_in_production() -> None:
    result = await run("{ __schema { queryType { name } } }")
    assert result.errors
    assert "introspection" in result.errors[0].message.lower()


async def test_introspection_is_on_in_development() -> None:
    result = await run("{ __schema { queryType { name } } }", env="development")
    assert result.data == {"__schema": {"queryType": {"name": "Query"}}}


async def test_field_suggestions_are_hidden_in_production() -> None:
    result = await run("{ nod { id } }")
    assert result.errors[0].message == "Cannot query field 'nod' on type 'Query'."


async def test_field_suggestions_are_shown_in_development() -> None:
    result = await run("{ nod { id } }", env="development")
    assert "Did you mean 'node'?" in result.errors[0].message


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", {"__typename": "NotFound", "message": "Thing 42 not found"}),
        ("invalid", {"__typename": "ValidationFailed", "message": "NIP must have 18 digits"}),
        ("conflict", {"__typename": "Conflict", "message": "already exists"}),
        ("domain", {"__typename": "ValidationFailed", "message": "kelas jabatan must be 1–17"}),
        ("ok", {"__typename": "Node"}),
    ],
)
async def test_expected_errors_become_typed_results(kind: str, expected: dict[str, str]) -> None:
    result = await run(
        "mutation($k: String!) { act(kind: $k) { __typename ... on Error { message } } }", k=kind
    )
    assert result.errors is None
    assert result.data == {"act": expected}


async def test_page_size_over_100_is_refused() -> None:
    result = await run("{ numbers(first: 101) { edges { node } } }")
    assert result.data is None
    assert result.errors[0].message == "first must be between 1 and 100 (got 101)"


async def test_pages_follow_each_other_by_cursor() -> None:
    query = (
        "query($a: String) { numbers(first: 100, after: $a) "
        "{ nodes pageInfo { hasNextPage endCursor } } }"
    )
    seen: list[str] = []
    after = None
    for _ in range(3):
        result = await run(query, a=after)
        page = result.data["numbers"]
        seen += page["nodes"]
        after = page["pageInfo"]["endCursor"]
    assert seen == NUMBERS
    assert page["pageInfo"]["hasNextPage"] is False


async def test_a_forged_cursor_is_refused() -> None:
    result = await run('{ numbers(after: "not-a-cursor!") { nodes } }')
    assert result.errors[0].message == "after is not a valid cursor"


def test_subgraph_sdl_declares_federation_2_9_and_the_entity_key() -> None:
    sdl = subgraph_sdl(schema)
    assert 'url: "https://specs.apollo.dev/federation/v2.9"' in sdl
    assert 'type Node @key(fields: "id")' in sdl


def test_memo_makes_one_value_per_request() -> None:
    first, second = context(), context()
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return len(made)

    assert first.memo("view", make) == first.memo("view", make) == 1
    assert second.memo("view", make) == 2
    assert made == [0, 1]


# --- decimals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("10.0000", "10"),
        ("2.5000", "2.5"),
        ("0.0000", "0"),
        ("-3.1400", "-3.14"),
        ("1E+3", "1000"),
        ("123456789012.5000", "123456789012.5"),
        ("0.0001", "0.0001"),
    ],
)
def test_decimals_are_shown_without_padding_or_exponent(stored: str, shown: str) -> None:
    assert plain_decimal(Decimal(stored)) == shown


@strawberry.type
class DecimalQuery:
    """A query answering a stored-looking decimal and echoing one given."""

    @strawberry.field
    def stored(self) -> Decimal:
        """What a Numeric(20, 4) column gives back."""
        return Decimal("12.5000")

    @strawberry.field
    def echo(self, value: Decimal) -> Decimal:
        """The argument as parsed."""
        return value * 2


async def test_the_graph_shows_stored_decimals_plainly_and_parses_them_exactly() -> None:
    decimal_schema = make_schema(query=DecimalQuery)

    result = await decimal_schema.execute('{ stored echo(value: "0.10") }')

    assert result.errors is None
    assert result.data == {"stored": "12.5", "echo": "0.2"}


@strawberry.type
class TypedQuery:
    """A query with typed arguments, for input that does not coerce."""

    @strawberry.field
    def double(self, value: int) -> int:
        """Twice the argument."""
        return value * 2


@pytest.mark.parametrize("value", [1.5, "abc", None])
async def test_a_variable_that_does_not_coerce_is_the_clients_error_not_an_internal_one(
    value: Any,
) -> None:
    typed = make_schema(query=TypedQuery)
    context = Context(
        settings=Settings(env="production"),
        session_factory=None,  # type: ignore[arg-type]
        principal=ANONYMOUS,
        request_id="req-1",
    )

    result = await typed.execute(
        "query($v: Int!) { double(value: $v) }", variable_values={"v": value}, context_value=context
    )

    assert result.errors is not None
    [error] = result.errors
    assert "Internal error" not in error.message
    assert "$v" in error.message
    assert (error.extensions or {}).get("code") != "INTERNAL"
