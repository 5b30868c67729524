"""Contract: two subgraphs built on the kit compose, sharing its error, page and money types."""

from __future__ import annotations

from typing import Annotated

import strawberry

from kinerja.compose import Subgraph, compose_supergraph
from kinerja.graphql import (
    Conflict,
    Connection,
    Money,
    NotFound,
    PageInfo,
    ValidationFailed,
    make_schema,
    subgraph_sdl,
)


@strawberry.federation.type(keys=["id"])
class Thing:
    id: strawberry.ID
    price: Money


Outcome = Annotated[Thing | NotFound | ValidationFailed | Conflict, strawberry.union("Outcome")]


@strawberry.type
class Other:
    name: str
    price: Money


OtherOutcome = Annotated[
    Other | NotFound | ValidationFailed | Conflict, strawberry.union("OtherOutcome")
]


@strawberry.type
class FirstQuery:
    @strawberry.field
    def first_things(self) -> Connection[Thing]:
        return Connection(edges=[], page_info=EMPTY_PAGE)


@strawberry.type
class FirstMutation:
    @strawberry.mutation
    def first_act(self) -> Outcome:
        return NotFound(message="nothing")


@strawberry.type
class SecondQuery:
    @strawberry.field
    def second_things(self) -> Connection[Other]:
        return Connection(edges=[], page_info=EMPTY_PAGE)


@strawberry.type
class SecondMutation:
    @strawberry.mutation
    def second_act(self) -> OtherOutcome:
        return Conflict(message="clash")


EMPTY_PAGE = PageInfo(
    has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
)


def test_two_kit_subgraphs_compose() -> None:
    first = make_schema(query=FirstQuery, mutation=FirstMutation)
    second = make_schema(query=SecondQuery, mutation=SecondMutation)
    supergraph = compose_supergraph(
        [
            Subgraph(name="first", url="http://127.0.0.1:1/graphql", sdl=subgraph_sdl(first)),
            Subgraph(name="second", url="http://127.0.0.1:2/graphql", sdl=subgraph_sdl(second)),
        ]
    )
    assert "type NotFound implements Error" in supergraph
    assert "firstThings" in supergraph
    assert "secondThings" in supergraph
