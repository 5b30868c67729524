"""The SKP journey through the real gateway: plan → unit head's SKP → staff SKPs → cascade.

A directorate general (top unit) whose head supervises a director; the director heads a
directorate with two staff members and a unit admin. The unit admin imports and publishes the
sample work plan; the director drafts an SKP cascaded from one of its ROs, and the director
general approves it; both staff cascade from the director's approved RHK, and the director
returns one SKP with a note before approving both. The cascade then reads RO → head → staff.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.authz.org import Call, OrgBuilder, Person
from tests.e2e.clients import Clients

pytestmark = pytest.mark.e2e

# The sample plan is the 2025 DIPA; the SKPs are for the same fiscal year.
YEAR = 2025
PERIOD = {"periodStart": f"{YEAR}-01-01", "periodEnd": f"{YEAR}-12-31"}
MID_YEAR = f"{YEAR}-06-30"
SAMPLE_PLAN = (
    Path(__file__).resolve().parents[2] / "services/targets/samples/rencana-kerja-rehsos-2025.csv"
)
CASCADED_RO = "5678.QAH.001"
REPLICA_TIMEOUT_SECONDS = 20

ERRORS = """
    ... on NotFound { message }
    ... on ValidationFailed { field message }
    ... on Conflict { message }
"""

IMPORT_PLAN = f"""
mutation($input: ImportPlanInput!) {{
  importPlan(input: $input) {{
    __typename
    ... on PlanPayload {{
      rowsImported
      plan {{ id status programs {{ kegiatan {{ kros {{ outputs {{ id code }} }} }} }} }}
    }}
    ... on PlanImportFailed {{ errors {{ row column message }} }}
    {ERRORS}
  }}
}}
"""

PUBLISH_PLAN = """
mutation($input: PublishPlanInput!) {
  publishPlan(input: $input) {
    __typename
    ... on PublishPlanPayload { plan { id status version } }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

CREATE_SKP = f"""
mutation($input: CreateSkpInput!) {{
  createSkp(input: $input) {{ __typename ... on SkpPayload {{ skp {{ id status }} }} {ERRORS} }}
}}
"""

ADD_RHK = f"""
mutation($input: AddRhkInput!) {{
  addRhk(input: $input) {{ __typename ... on RhkPayload {{ rhk {{ id }} }} {ERRORS} }}
}}
"""

ADD_INDICATOR = f"""
mutation($input: AddIndicatorInput!) {{
  addIndicator(input: $input) {{
    __typename ... on IndicatorPayload {{ indicator {{ id }} }} {ERRORS}
  }}
}}
"""

REVIEW = """
mutation($input: {input}!) {{
  {name}(input: $input) {{
    __typename ... on SkpPayload {{ skp {{ id status note }} }} {errors}
  }}
}}
"""

SKP = "query($id: ID!) { skp(id: $id) { id status note appraiser { id } } }"

EMPLOYEE_SKP = """
query($id: ID!, $on: Date!) {
  employee(id: $id) {
    name
    skp(on: $on) {
      status version regime note appraiser { id name }
      items {
        kind title parentRhkId planOutputId
        indicators { name targetValue unit direction monthlyTargets { month target } }
      }
    }
  }
}
"""

NODE = "kind code title employeeId"
CASCADE = f"""
query($unitId: ID!, $year: Int!) {{
  cascade(unitId: $unitId, year: $year) {{
    nodes {{ {NODE} children {{ {NODE} children {{ {NODE} children {{ {NODE} }} }} }} }}
    orphans {{ {NODE} children {{ {NODE} }} }}
    gaps {{ kind code }}
  }}
}}
"""


def review(name: str) -> str:
    """The document of one review mutation (`submitSkp`, `approveSkp`, …)."""
    return REVIEW.format(input=f"{name[0].upper()}{name[1:]}Input", name=name, errors=ERRORS)


def monthly(total: int) -> list[dict[str, str]]:
    """`total` split evenly over the twelve months (an additive target)."""
    return [{"month": f"{YEAR}-{m:02d}", "target": str(total // 12)} for m in range(1, 13)]


@dataclass
class Team:
    """The organisation of the journey, and what the journey recorded on the way."""

    call: Call
    directorate: str
    director_general: Person
    director: Person
    staff1: Person
    staff2: Person
    unit_admin: Person
    ids: dict[str, str] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)

    def do(self, who: Person, query: str, name: str, **variables: Any) -> dict[str, Any]:
        """Run one operation as `who`; its result field (no GraphQL errors allowed)."""
        body = self.call(query, variables, who.token)
        assert body.get("errors") is None, body
        result: dict[str, Any] = body["data"][name]
        return result

    def ok(self, who: Person, query: str, name: str, typename: str, **variables: Any) -> Any:
        """Run one mutation as `who`, asserting it returned `typename`."""
        result = self.do(who, query, name, **variables)
        assert result["__typename"] == typename, result
        return result

    def review(self, who: Person, name: str, **input_: Any) -> dict[str, Any]:
        """`submitSkp`, `approveSkp`, `returnSkp` … as `who`: the result as returned."""
        return self.do(who, review(name), name, input=input_)

    def skp(self, who: Person, skp_id: str) -> dict[str, Any] | None:
        """`skp(id)` as `who` sees it."""
        return self.do(who, SKP, "skp", id=skp_id)


def build_team(clients: Clients, admin: Person) -> Team:
    """DG head → director (heads the directorate) → two staff; a unit admin on the directorate."""
    builder = OrgBuilder(clients.via_gateway, admin.token)
    general = builder.unit("Direktorat Jenderal Kinerja", type="DIRECTORATE_GENERAL")
    directorate = builder.unit("Direktorat Rehabilitasi Sosial Anak", parent_id=general)
    dg = builder.person("Dirjen Kinerja", general, job="JPT_MADYA")
    director = builder.person("Direktur Rehsos Anak", directorate, reports_to_id=dg.position_id)
    head = director.position_id
    unit_admin = builder.person("Admin Direktorat", directorate, reports_to_id=head)
    staff1 = builder.person("Analis Satu", directorate, reports_to_id=head)
    staff2 = builder.person("Analis Dua", directorate, reports_to_id=head)  # created last
    for person in (dg, director, unit_admin, staff1, staff2):
        builder.give_account(person)
    builder.grant(unit_admin, "UNIT_ADMIN", directorate)
    return Team(clients.via_gateway, directorate, dg, director, staff1, staff2, unit_admin)


def eventually(what: str, attempt: Callable[[], Any]) -> Any:
    """Poll `attempt` until it returns something truthy (targets' replica catching up)."""
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS
    while not (result := attempt()):
        assert time.monotonic() < deadline, f"targets never caught up: {what}"
        time.sleep(0.1)
    return result


def wait_for_replica(team: Team) -> str:
    """Staff 2 (the last one created) starts an SKP; the director sees it: the replica is
    complete. Returns that SKP's id."""

    def create() -> str | None:
        input_ = {"employeeId": team.staff2.id, **PERIOD}
        result = team.do(team.staff2, CREATE_SKP, "createSkp", input=input_)
        return result["skp"]["id"] if result["__typename"] == "SkpPayload" else None

    skp_id: str = eventually("targets knows staff 2", create)
    eventually("the director sees staff 2", lambda: team.skp(team.director, skp_id))
    return skp_id


def ro_ids(plan: dict[str, Any]) -> dict[str, str]:
    """Code → id of every RO of a plan."""
    return {
        output["code"]: output["id"]
        for program in plan["programs"]
        for kegiatan in program["kegiatan"]
        for kro in kegiatan["kros"]
        for output in kro["outputs"]
    }


def import_and_publish_plan(team: Team) -> None:
    """The unit admin imports the sample plan for the directorate and publishes it."""
    imported = team.ok(
        team.unit_admin,
        IMPORT_PLAN,
        "importPlan",
        "PlanPayload",
        input={
            "unitId": team.directorate,
            "year": YEAR,
            "format": "CSV",
            "content": SAMPLE_PLAN.read_text(),
        },
    )
    team.seen["imported"] = imported
    published = team.ok(
        team.unit_admin,
        PUBLISH_PLAN,
        "publishPlan",
        "PublishPlanPayload",
        input={"planId": imported["plan"]["id"]},
    )
    team.seen["published"] = published["plan"]
    team.ids["ro"] = ro_ids(imported["plan"])[CASCADED_RO]


def draft_skp(team: Team, who: Person, skp_id: str | None, rhk: list[dict[str, Any]]) -> str:
    """`who`'s draft SKP (created unless given) with the RHK listed, each with one indicator."""
    if skp_id is None:
        created = team.ok(
            who, CREATE_SKP, "createSkp", "SkpPayload", input={"employeeId": who.id, **PERIOD}
        )
        skp_id = created["skp"]["id"]
    for item in rhk:
        indicator = item.pop("indicator")
        added = team.ok(who, ADD_RHK, "addRhk", "RhkPayload", input={"skpId": skp_id, **item})
        rhk_id = added["rhk"]["id"]
        team.ids[f"{who.name}/{item['title']}"] = rhk_id
        team.ok(
            who,
            ADD_INDICATOR,
            "addIndicator",
            "IndicatorPayload",
            input={"rhkId": rhk_id, **indicator},
        )
    return skp_id


def indicator(name: str, total: int, unit: str) -> dict[str, Any]:
    """An additive, higher-is-better indicator split evenly over the months."""
    return {
        "name": name,
        "targetValue": str(total),
        "unit": unit,
        "direction": "HIGHER_IS_BETTER",
        "additive": True,
        "monthlyTargets": monthly(total),
    }


HEAD_RHK = "Meningkatnya layanan ATENSI bagi anak"
STAFF1_RHK = "Asesmen ATENSI anak terlaksana"
STAFF2_RHK = "Data penerima ATENSI anak terverifikasi"
STAFF2_EXTRA = "Laporan kegiatan kantor tersusun"
RETURN_NOTE = "Target bulanan asesmen belum sesuai pagu; mohon ditinjau."


def head_skp_approved_by_director_general(team: Team) -> None:
    """The DG's SKP exists; the director cascades from the RO and is approved by the DG."""
    dg = team.director_general
    team.ok(dg, CREATE_SKP, "createSkp", "SkpPayload", input={"employeeId": dg.id, **PERIOD})
    rhk = {
        "kind": "UTAMA",
        "title": HEAD_RHK,
        "planOutputId": team.ids["ro"],
        "indicator": indicator("Anak yang mendapatkan ATENSI", 18000, "Orang"),
    }
    skp_id = draft_skp(team, team.director, None, [rhk])
    team.ids["head skp"] = skp_id
    assert team.review(team.director, "submitSkp", skpId=skp_id)["__typename"] == "SkpPayload"
    team.seen["head approved"] = team.review(dg, "approveSkp", skpId=skp_id)


def staff_skps_submitted(team: Team, staff2_skp: str) -> None:
    """Both staff cascade from the director's approved RHK and submit; staff 2 adds one more."""
    parent = team.ids[f"{team.director.name}/{HEAD_RHK}"]
    first = {
        "kind": "UTAMA",
        "title": STAFF1_RHK,
        "parentRhkId": parent,
        "indicator": indicator("Anak yang diases", 1200, "Orang"),
    }
    second = {
        "kind": "UTAMA",
        "title": STAFF2_RHK,
        "parentRhkId": parent,
        "indicator": indicator("Data penerima terverifikasi", 2400, "Orang"),
    }
    extra = {
        "kind": "TAMBAHAN",
        "title": STAFF2_EXTRA,
        "indicator": indicator("Laporan kegiatan", 12, "Laporan"),
    }
    team.ids["staff1 skp"] = draft_skp(team, team.staff1, None, [first])
    straight_from_plan = {"kind": "UTAMA", "title": "RHK dari RO", "planOutputId": team.ids["ro"]}
    team.seen["staff from plan"] = team.do(
        team.staff1,
        ADD_RHK,
        "addRhk",
        input={"skpId": team.ids["staff1 skp"], **straight_from_plan},
    )
    team.ids["staff2 skp"] = draft_skp(team, team.staff2, staff2_skp, [second, extra])
    for who, key in ((team.staff1, "staff1 skp"), (team.staff2, "staff2 skp")):
        assert team.review(who, "submitSkp", skpId=team.ids[key])["__typename"] == "SkpPayload"


def staff1_returned_then_approved(team: Team) -> None:
    """The director returns staff 1's SKP with a note; staff 1 resubmits; the director approves."""
    skp_id = team.ids["staff1 skp"]
    team.seen["own approval"] = team.review(team.staff1, "approveSkp", skpId=skp_id)
    team.seen["peer approval"] = team.review(team.staff2, "approveSkp", skpId=skp_id)
    team.seen["returned"] = team.review(team.director, "returnSkp", skpId=skp_id, note=RETURN_NOTE)
    team.seen["returned, as staff 1 sees it"] = team.skp(team.staff1, skp_id)
    team.seen["resubmitted"] = team.review(team.staff1, "submitSkp", skpId=skp_id)
    team.seen["staff1 approved"] = team.review(team.director, "approveSkp", skpId=skp_id)
    team.seen["staff2 approved"] = team.review(
        team.director, "approveSkp", skpId=team.ids["staff2 skp"]
    )


def skp_journey(clients: Clients, admin: Person) -> Team:
    """The whole SKP journey through the gateway: both staff end with an approved SKP.

    Also the starting point of the activity journey (tests/e2e/test_activity_journey.py).
    """
    built = build_team(clients, admin)
    staff2_skp = wait_for_replica(built)
    import_and_publish_plan(built)
    head_skp_approved_by_director_general(built)
    staff_skps_submitted(built, staff2_skp)
    staff1_returned_then_approved(built)
    return built


@pytest.fixture(scope="module")
def team(clients: Clients, admin: Person) -> Team:
    """The whole journey, run once through the gateway; the tests check what it recorded."""
    return skp_journey(clients, admin)


def test_the_unit_admin_imports_and_publishes_the_sample_plan(team: Team) -> None:
    imported = team.seen["imported"]
    assert imported["rowsImported"] == 17
    assert imported["plan"]["status"] == "DRAFT"
    assert team.seen["published"] == {
        "id": imported["plan"]["id"],
        "status": "PUBLISHED",
        "version": 1,
    }


def test_the_heads_skp_cascaded_from_the_plan_is_approved_by_the_director_general(
    team: Team,
) -> None:
    approved = team.seen["head approved"]
    assert approved["__typename"] == "SkpPayload"
    assert approved["skp"]["status"] == "APPROVED"

    # The employee comes from identity, the SKP from targets: joined by the gateway.
    employee = team.do(team.director, EMPLOYEE_SKP, "employee", id=team.director.id, on=MID_YEAR)

    assert employee == {
        "name": team.director.name,
        "skp": {
            "status": "APPROVED",
            "version": 1,
            "regime": "PERMENPANRB_6_2022",
            "note": None,
            "appraiser": {
                "id": team.director_general.id,
                "name": team.director_general.name,
            },
            "items": [
                {
                    "kind": "UTAMA",
                    "title": HEAD_RHK,
                    "parentRhkId": None,
                    "planOutputId": team.ids["ro"],
                    "indicators": [
                        {
                            "name": "Anak yang mendapatkan ATENSI",
                            "targetValue": "18000",
                            "unit": "Orang",
                            "direction": "HIGHER_IS_BETTER",
                            "monthlyTargets": monthly(18000),
                        }
                    ],
                }
            ],
        },
    }


def test_a_returned_skp_carries_the_note_and_is_approved_after_resubmission(team: Team) -> None:
    skp_id = team.ids["staff1 skp"]
    assert team.seen["returned"] == {
        "__typename": "SkpPayload",
        "skp": {"id": skp_id, "status": "RETURNED", "note": RETURN_NOTE},
    }
    assert team.seen["returned, as staff 1 sees it"] == {
        "id": skp_id,
        "status": "RETURNED",
        "note": RETURN_NOTE,
        "appraiser": {"id": team.director.id},
    }
    assert team.seen["resubmitted"]["skp"]["status"] == "SUBMITTED"
    assert team.seen["staff1 approved"] == {
        "__typename": "SkpPayload",
        "skp": {"id": skp_id, "status": "APPROVED", "note": None},
    }
    assert team.skp(team.staff1, skp_id) == {
        "id": skp_id,
        "status": "APPROVED",
        "note": None,
        "appraiser": {"id": team.director.id},
    }


def test_nobody_approves_their_own_skp_and_a_peer_cannot_even_see_it(team: Team) -> None:
    skp_id = team.ids["staff1 skp"]
    assert team.seen["own approval"] == {
        "__typename": "ValidationFailed",
        "field": "skpId",
        "message": "nobody approves or returns their own SKP",
    }
    assert team.seen["peer approval"]["__typename"] == "NotFound"
    assert team.seen["peer approval"]["message"] == f"SKP {skp_id} not found"


def test_a_staff_member_cannot_cascade_straight_from_the_plan(team: Team) -> None:
    assert team.seen["staff from plan"] == {
        "__typename": "ValidationFailed",
        "field": "planOutputId",
        "message": "only the head of a unit cascades an RHK from the work plan",
    }


def test_the_cascade_runs_from_the_ro_through_the_head_to_both_staff(team: Team) -> None:
    cascade = team.do(team.director, CASCADE, "cascade", unitId=team.directorate, year=YEAR)

    def rhk(who: Person, title: str, children: list[Any] | None = None) -> dict[str, Any]:
        node = {"kind": "RHK", "code": None, "title": title, "employeeId": who.id}
        return node if children is None else {**node, "children": children}

    [served] = [node for node in cascade["nodes"] if node["code"] == CASCADED_RO]
    [head] = served["children"]
    staff = sorted(head["children"], key=lambda node: node["title"])
    assert head["employeeId"] == team.director.id
    assert {k: head[k] for k in ("kind", "title")} == {"kind": "RHK", "title": HEAD_RHK}
    assert staff == sorted(
        [
            rhk(team.staff1, STAFF1_RHK, []),
            rhk(team.staff2, STAFF2_RHK, []),
        ],
        key=lambda node: node["title"],
    )
    assert cascade["orphans"] == [rhk(team.staff2, STAFF2_EXTRA, [])]
    all_codes = [node["code"] for node in cascade["nodes"]]
    assert [gap["code"] for gap in cascade["gaps"]] == [c for c in all_codes if c != CASCADED_RO]
    assert len(all_codes) == 17
    assert served["kind"] == "PLAN_OUTPUT"


def test_a_staff_member_sees_the_cascade_without_a_peers_rhk(team: Team) -> None:
    cascade = team.do(team.staff1, CASCADE, "cascade", unitId=team.directorate, year=YEAR)

    [served] = [node for node in cascade["nodes"] if node["code"] == CASCADED_RO]
    [head] = served["children"]
    assert head["title"] == HEAD_RHK
    assert [(node["title"], node["employeeId"]) for node in head["children"]] == [
        (STAFF1_RHK, team.staff1.id)
    ]
    assert cascade["orphans"] == []
