"""The committed supergraph is what the subgraphs compose to now, and bad subgraphs are refused."""

from __future__ import annotations

import difflib

import pytest

from kinerja.compose import (
    SUPERGRAPH_PATH,
    CompositionError,
    Subgraph,
    collect_subgraphs,
    compose_supergraph,
)


def _federation_header(*imports: str) -> str:
    names = ", ".join(f'"{name}"' for name in imports)
    return (
        f'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [{names}])\n'
    )


@pytest.fixture(scope="module")
def subgraphs() -> list[Subgraph]:
    collected = collect_subgraphs()
    if not collected:
        pytest.skip("no service is built yet")
    return collected


def test_every_subgraph_declares_federation_2_9(subgraphs: list[Subgraph]) -> None:
    # The composer does not accept 2.10+ (ARCHITECTURE.md §5).
    for subgraph in subgraphs:
        assert "https://specs.apollo.dev/federation/v2.9" in subgraph["sdl"], subgraph["name"]


def test_committed_supergraph_is_up_to_date(subgraphs: list[Subgraph]) -> None:
    composed = compose_supergraph(subgraphs)
    committed = SUPERGRAPH_PATH.read_text() if SUPERGRAPH_PATH.exists() else ""
    if committed != composed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                composed.splitlines(keepends=True),
                fromfile="committed",
                tofile="composed now",
                n=1,
            )
        )
        pytest.fail(
            "gateway/supergraph.graphql is stale: run `kinerja compose` and commit the result.\n"
            + diff[:4000],
            pytrace=False,
        )


def test_supergraph_routes_each_subgraph_to_its_default_port(subgraphs: list[Subgraph]) -> None:
    composed = compose_supergraph(subgraphs)
    for subgraph in subgraphs:
        assert f'name: "{subgraph["name"]}", url: "{subgraph["url"]}"' in composed


def test_subgraph_referring_to_an_unknown_type_does_not_compose() -> None:
    broken = Subgraph(
        name="broken",
        url="http://127.0.0.1:4999/graphql",
        sdl=_federation_header("@key") + "type Query { unit: OrgUnit }\n",
    )

    with pytest.raises(CompositionError, match="Unknown type OrgUnit"):
        compose_supergraph([broken])


def test_subgraphs_disagreeing_on_a_field_type_do_not_compose() -> None:
    header = _federation_header("@key", "@shareable")
    first = Subgraph(
        name="first",
        url="http://127.0.0.1:4998/graphql",
        sdl=header + 'type Unit @key(fields: "id") @shareable { id: ID! code: String! }\n'
        "type Query { unit: Unit }\n",
    )
    second = Subgraph(
        name="second",
        url="http://127.0.0.1:4999/graphql",
        sdl=header + 'type Unit @key(fields: "id") @shareable { id: ID! code: Int! }\n'
        "type Query { units: [Unit!]! }\n",
    )

    with pytest.raises(CompositionError, match=r"Unit\.code"):
        compose_supergraph([first, second])


def test_subgraph_that_is_not_graphql_does_not_compose() -> None:
    garbage = Subgraph(name="garbage", url="http://127.0.0.1:4999/graphql", sdl="type Query {")

    with pytest.raises(CompositionError, match=r"\[garbage\] Syntax Error"):
        compose_supergraph([garbage])
