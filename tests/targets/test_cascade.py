"""The cascade view: the pure tree over plain rows, then through the real schema and database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.auth import Principal, Role, RoleGrant
from services.targets.domain import RhkKind
from services.targets.domain.cascade import (
    Cascade,
    CascadeNode,
    NodeKind,
    RhkLink,
    Source,
    build_cascade,
)
from services.targets.domain.plan import PlanFormat, indicator_id, output_id
from services.targets.service import plan as plans
from services.targets.store import RhkRow, SkpRow
from tests.targets.conftest import NOW
from tests.targets.factories import (
    Org,
    add_indicator,
    add_rhk,
    approved_skp,
    create_skp,
    seed_org,
)
from tests.targets.graphql import Client, Sessions, employee_principal

RO1 = Source("ro-1", "5678.QAH.001", "Anak yang Mendapatkan ATENSI")
RO2 = Source("ro-2", "5678.QAH.002", "ABH yang Mendapatkan Layanan")
IKU1 = Source("iku-1", "IKU.01", "Persentase keberfungsian sosial")


def rhk(rhk_id: str, employee: str = "e-1", **links: Any) -> RhkLink:
    return RhkLink(id=rhk_id, title=f"RHK {rhk_id}", employee_id=employee, **links)


def shape(nodes: tuple[CascadeNode, ...]) -> list[Any]:
    """Nodes as (id, [children…]) for compact assertions."""
    return [(node.id, shape(node.children)) if node.children else node.id for node in nodes]


def build(*rows: RhkLink, outputs: tuple[Source, ...] = (RO1, RO2)) -> Cascade:
    return build_cascade(outputs, (IKU1,), rows)


# --- pure ------------------------------------------------------------------------------------


def test_an_empty_plan_with_no_rhk_has_nothing() -> None:
    assert build_cascade((), (), ()) == Cascade(nodes=(), orphans=(), gaps=())


def test_every_ro_and_iku_is_a_root_ros_first_by_code() -> None:
    tree = build_cascade((RO2, RO1), (IKU1,), ())

    assert [(n.kind, n.code) for n in tree.nodes] == [
        (NodeKind.PLAN_OUTPUT, "5678.QAH.001"),
        (NodeKind.PLAN_OUTPUT, "5678.QAH.002"),
        (NodeKind.UNIT_INDICATOR, "IKU.01"),
    ]


def test_nothing_served_means_every_ro_and_iku_is_a_gap() -> None:
    tree = build()

    assert shape(tree.gaps) == ["ro-1", "ro-2", "iku-1"]


def test_an_rhk_hangs_under_the_ro_it_serves() -> None:
    tree = build(rhk("head", plan_output_id="ro-1"))

    assert shape(tree.nodes) == [("ro-1", ["head"]), "ro-2", "iku-1"]
    assert shape(tree.gaps) == ["ro-2", "iku-1"]


def test_an_rhk_hangs_under_the_iku_it_serves() -> None:
    tree = build(rhk("head", unit_indicator_id="iku-1"))

    assert shape(tree.nodes) == ["ro-1", "ro-2", ("iku-1", ["head"])]


def test_rhk_cascade_down_through_parent_links_to_every_employee() -> None:
    tree = build(
        rhk("head", "e-head", plan_output_id="ro-1"),
        rhk("sub", "e-sub", parent_rhk_id="head"),
        rhk("staff-a", "e-a", parent_rhk_id="sub"),
        rhk("staff-b", "e-b", parent_rhk_id="sub"),
    )

    assert shape(tree.nodes)[0] == ("ro-1", [("head", [("sub", ["staff-a", "staff-b"])])])
    staff = tree.nodes[0].children[0].children[0].children[0]
    assert (staff.kind, staff.employee_id, staff.title, staff.code) == (
        NodeKind.RHK,
        "e-a",
        "RHK staff-a",
        None,
    )


def test_a_parent_rhk_in_view_wins_over_a_plan_link() -> None:
    tree = build(
        rhk("head", plan_output_id="ro-1"),
        rhk("sub", parent_rhk_id="head", plan_output_id="ro-2"),
    )

    assert shape(tree.nodes) == [("ro-1", [("head", ["sub"])]), "ro-2", "iku-1"]
    assert shape(tree.gaps) == ["iku-1"]  # ro-2 is served, though shown under ro-1


def test_an_rhk_serving_an_ro_and_an_iku_hangs_under_the_ro_and_serves_both() -> None:
    tree = build(rhk("head", plan_output_id="ro-1", unit_indicator_id="iku-1"))

    assert shape(tree.nodes) == [("ro-1", ["head"]), "ro-2", "iku-1"]
    assert shape(tree.gaps) == ["ro-2"]


def test_an_rhk_cascaded_from_nothing_is_an_orphan_with_its_own_subtree() -> None:
    tree = build(rhk("lost"), rhk("below-lost", parent_rhk_id="lost"))

    assert shape(tree.orphans) == [("lost", ["below-lost"])]
    assert shape(tree.nodes) == ["ro-1", "ro-2", "iku-1"]


def test_an_rhk_whose_parent_is_itself_counts_as_cascaded_from_nothing() -> None:
    tree = build(rhk("self", parent_rhk_id="self"))

    assert shape(tree.orphans) == ["self"]


def test_an_rhk_whose_parent_is_out_of_view_is_not_an_orphan() -> None:
    tree = build(rhk("elsewhere", parent_rhk_id="rhk-of-another-unit"))

    assert tree.orphans == ()
    assert shape(tree.nodes) == ["ro-1", "ro-2", "iku-1"]


def test_an_rhk_of_another_units_plan_is_not_part_of_this_cascade() -> None:
    tree = build(rhk("other-plan", plan_output_id="ro-of-another-unit"))

    assert tree.orphans == ()
    assert all(not node.children for node in tree.nodes)


def test_an_rhk_whose_parent_is_out_of_view_falls_back_to_its_ro() -> None:
    tree = build(rhk("head", parent_rhk_id="dg-rhk-elsewhere", plan_output_id="ro-2"))

    assert shape(tree.nodes) == ["ro-1", ("ro-2", ["head"]), "iku-1"]


def test_a_loop_of_parent_links_is_shown_once_as_an_orphan_broken_at_its_smallest_id() -> None:
    tree = build(
        rhk("b", parent_rhk_id="a"),
        rhk("a", parent_rhk_id="c"),
        rhk("c", parent_rhk_id="b"),
        rhk("d", parent_rhk_id="c"),
    )

    assert shape(tree.orphans) == [("a", [("b", [("c", ["d"])])])]


def test_siblings_are_ordered_by_employee_then_title() -> None:
    tree = build(
        RhkLink("x3", "Zebra", "e-2", plan_output_id="ro-1"),
        RhkLink("x2", "Beta", "e-1", plan_output_id="ro-1"),
        RhkLink("x1", "Alpha", "e-1", plan_output_id="ro-1"),
    )

    assert [c.title for c in tree.nodes[0].children] == ["Alpha", "Beta", "Zebra"]


def test_rhk_details_travel_with_the_node() -> None:
    link = rhk("head", plan_output_id="ro-1", rhk_kind="UTAMA", skp_status="APPROVED")

    [node] = build(link).nodes[0].children

    assert (node.rhk_kind, node.skp_status) == ("UTAMA", "APPROVED")


def test_a_gap_is_the_same_node_as_in_the_tree() -> None:
    tree = build(rhk("head", plan_output_id="ro-1"))

    assert tree.gaps[0] is tree.nodes[1]
    assert tree.gaps[0].kind is NodeKind.PLAN_OUTPUT
    assert tree.gaps[0].title == "ABH yang Mendapatkan Layanan"


def test_a_deep_chain_is_built_whole() -> None:
    rows = [rhk("r0", plan_output_id="ro-1")]
    rows += [rhk(f"r{n}", parent_rhk_id=f"r{n - 1}") for n in range(1, 40)]

    node = build(*rows).nodes[0]
    depth = 0
    while node.children:
        [node] = node.children
        depth += 1

    assert depth == 40


def test_hidden_rhk_are_not_shown_but_what_they_serve_is_no_gap() -> None:
    secret = rhk("secret", "e-9", plan_output_id="ro-2")

    tree = build_cascade((RO1, RO2), (IKU1,), [rhk("head", plan_output_id="ro-1")], hidden=[secret])

    assert shape(tree.nodes) == [("ro-1", ["head"]), "ro-2", "iku-1"]
    assert shape(tree.gaps) == ["iku-1"]


# --- through the schema, on the database -----------------------------------------------------

SAMPLE = Path(__file__).parents[2] / "services/targets/samples/rencana-kerja-rehsos-2025.csv"
SAMPLE_LINES = SAMPLE.read_text().splitlines()
PLAN_CSV = "\n".join(SAMPLE_LINES[:3] + SAMPLE_LINES[-1:]) + "\n"  # 2 ROs and IKU.04
NODE = "kind id code title employeeId rhkKind skpStatus"
CASCADE = f"""
query($unitId: ID!, $year: Int!) {{
  cascade(unitId: $unitId, year: $year) {{
    unitId year
    nodes {{ {NODE} children {{ {NODE} children {{ {NODE} children {{ {NODE} children {{ id }}
    }} }} }} }}
    orphans {{ {NODE} children {{ id }} }}
    gaps {{ kind id code title children {{ id }} }}
  }}
}}"""


@dataclass(frozen=True)
class Cascaded:
    """The directorate's plan and the RHK cascaded from it (ids by whose they are)."""

    org: Org
    ro1: str
    ro2: str
    iku: str
    rhk: dict[str, str]


async def _only_rhk(session: AsyncSession, skp: SkpRow) -> str:
    return str(await session.scalar(select(RhkRow.id).where(RhkRow.skp_id == skp.id)))


async def _cascade_from_plan(session: AsyncSession, org: Org) -> dict[str, str]:
    """Director ← RO 1; sub head ← director; staff ← sub head (draft); peer ← nothing."""
    await approved_skp(session, org.dg_head, None)
    ro1 = output_id(org.dir, 2025, "5678.QAH.001")
    director = await approved_skp(
        session, org.director, org.dg_head, plan_output_id=ro1, title="Layanan ATENSI anak"
    )
    director_rhk = await _only_rhk(session, director)
    sub = await approved_skp(
        session, org.sub_head, org.director, parent_rhk_id=director_rhk, title="Asesmen anak"
    )
    sub_rhk = await _only_rhk(session, sub)
    staff_skp = await create_skp(session, org.staff)
    staff = await add_rhk(session, staff_skp, parent_rhk_id=sub_rhk, title="Laporan ATENSI")
    await add_indicator(session, staff)
    peer_skp = await create_skp(session, org.peer)
    peer = await add_rhk(session, peer_skp, kind=RhkKind.TAMBAHAN, title="Tugas tambahan")
    return {"director": director_rhk, "sub_head": sub_rhk, "staff": staff.id, "peer": peer.id}


@pytest.fixture
async def cascaded(targets_db: Sessions) -> Cascaded:
    async with targets_db() as session, session.begin():
        org = await seed_org(session)
        imported = await plans.import_plan(
            session,
            unit_id=org.dir,
            year=2025,
            fmt=PlanFormat.CSV,
            content=PLAN_CSV,
            plan_id=str(uuid.uuid4()),
            now=NOW,
        )
        await plans.publish_plan(session, imported.plan.id, now=NOW)
    async with targets_db() as session, session.begin():
        rhk_ids = await _cascade_from_plan(session, org)
    return Cascaded(
        org=org,
        ro1=output_id(org.dir, 2025, "5678.QAH.001"),
        ro2=output_id(org.dir, 2025, "5678.QAH.002"),
        iku=indicator_id(org.dir, 2025, "IKU.04"),
        rhk=rhk_ids,
    )


def _rhk_node(c: Cascaded, who: str, status: str, children: list[Any], **kw: Any) -> Any:
    node = {"kind": "RHK", "id": c.rhk[who], "code": None, "employeeId": getattr(c.org, who)}
    node |= {"rhkKind": "UTAMA", "skpStatus": status, "children": children}
    return node | kw


def _source(kind: str, source_id: str, code: str, title: str) -> dict[str, Any]:
    node = {"kind": kind, "id": source_id, "code": code, "title": title, "employeeId": None}
    return node | {"rhkKind": None, "skpStatus": None}


async def _cascade_as(db: Sessions, principal: Principal, unit_id: str) -> Any:
    data = await Client(db).as_(principal).data(CASCADE, unitId=unit_id, year=2025)
    return data["cascade"]


async def test_a_unit_admin_sees_the_whole_cascade_with_orphans_and_gaps(
    targets_db: Sessions, cascaded: Cascaded
) -> None:
    c = cascaded
    admin = employee_principal(str(uuid.uuid4()), RoleGrant(Role.UNIT_ADMIN, c.org.dir))

    result = await _cascade_as(targets_db, admin, c.org.dir)

    staff = _rhk_node(c, "staff", "DRAFT", [], title="Laporan ATENSI")
    sub_head = _rhk_node(c, "sub_head", "APPROVED", [staff], title="Asesmen anak")
    director = _rhk_node(c, "director", "APPROVED", [sub_head], title="Layanan ATENSI anak")
    ro1_name = "Anak yang Mendapatkan Asistensi Rehabilitasi Sosial (ATENSI)"
    ro2_name = "Anak Berhadapan dengan Hukum yang Mendapatkan Layanan Rehabilitasi Sosial"
    ro1 = _source("PLAN_OUTPUT", c.ro1, "5678.QAH.001", ro1_name)
    ro2 = _source("PLAN_OUTPUT", c.ro2, "5678.QAH.002", ro2_name)
    iku_name = "Nilai SAKIP Direktorat Jenderal Rehabilitasi Sosial"
    iku = _source("UNIT_INDICATOR", c.iku, "IKU.04", iku_name)
    assert result["nodes"] == [
        ro1 | {"children": [director]},
        ro2 | {"children": []},
        iku | {"children": []},
    ]
    assert result["orphans"] == [
        _rhk_node(c, "peer", "DRAFT", [], title="Tugas tambahan", rhkKind="TAMBAHAN")
    ]
    assert result["gaps"] == [
        {k: v for k, v in node.items() if k in ("kind", "id", "code", "title")} | {"children": []}
        for node in (ro2, iku)
    ]
    assert (result["unitId"], result["year"]) == (c.org.dir, 2025)


async def test_an_employee_sees_their_line_but_not_a_peers_rhk(
    targets_db: Sessions, cascaded: Cascaded
) -> None:
    c = cascaded

    result = await _cascade_as(targets_db, employee_principal(c.org.staff), c.org.dir)

    chain = result["nodes"][0]["children"][0]
    assert chain["id"] == c.rhk["director"]
    assert chain["children"][0]["children"][0]["id"] == c.rhk["staff"]
    assert result["orphans"] == []
    assert [gap["code"] for gap in result["gaps"]] == ["5678.QAH.002", "IKU.04"]


async def test_someone_outside_sees_the_plan_but_no_rhk_and_the_same_gaps(
    targets_db: Sessions, cascaded: Cascaded
) -> None:
    c = cascaded

    result = await _cascade_as(targets_db, employee_principal(c.org.outsider), c.org.dir)

    assert [node["children"] for node in result["nodes"]] == [[], [], []]
    assert [gap["code"] for gap in result["gaps"]] == ["5678.QAH.002", "IKU.04"]


async def test_the_cascade_of_a_subunit_without_a_plan_has_only_its_orphans(
    targets_db: Sessions, cascaded: Cascaded
) -> None:
    c = cascaded
    admin = employee_principal(str(uuid.uuid4()), RoleGrant(Role.UNIT_ADMIN, c.org.sub))

    result = await _cascade_as(targets_db, admin, c.org.sub)

    assert (result["nodes"], result["gaps"]) == ([], [])
    assert [orphan["id"] for orphan in result["orphans"]] == [c.rhk["peer"]]


async def test_an_unknown_unit_or_an_anonymous_caller_gets_no_cascade(
    targets_db: Sessions, cascaded: Cascaded
) -> None:
    admin = employee_principal("x", RoleGrant(Role.SYSTEM_ADMIN))

    assert await _cascade_as(targets_db, admin, "no-such-unit") is None
    assert await _cascade_as(targets_db, Principal(), cascaded.org.dir) is None
