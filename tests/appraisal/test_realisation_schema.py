"""Realisation through the real schema: the superior records by hand, everyone entitled sees the
months; every refused manual realisation changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Role
from services.appraisal.store.realisation import ManualRealisationRow
from tests.appraisal.factories import (
    Org,
    Skp,
    apply,
    log_event,
    seed_org,
    skp_event,
    skp_of,
    totals,
)
from tests.appraisal.graphql import ERRORS, Client

Sessions = async_sessionmaker[AsyncSession]

REALISATION = """
query ($employeeId: ID!, $period: String!) {
  realisation(employeeId: $employeeId, period: $period) {
    indicatorId lineageId itemTitle kind name unit direction additive periodTarget periodTotal
    months { month target fromLogs manual total manualRealisations { evidenceReference } }
  }
}
"""
RECORD = (
    """
mutation ($input: RecordManualRealisationInput!) {
  recordManualRealisation(input: $input) {
    __typename
    ... on ManualRealisationPayload {
      manualRealisation { id month quantity evidenceReference note recordedBy withdrawnBy }
    }
"""
    + ERRORS
    + "} }"
)
WITHDRAW = (
    """
mutation ($input: WithdrawManualRealisationInput!) {
  withdrawManualRealisation(input: $input) {
    __typename
    ... on ManualRealisationPayload { manualRealisation { id withdrawnBy withdrawnAt } }
"""
    + ERRORS
    + "} }"
)


@pytest.fixture
async def world(appraisal_db: Sessions) -> tuple[Org, Skp]:
    """The organisation; staff with an approved 2026 SKP and two approved March logs."""
    async with appraisal_db() as session, session.begin():
        org = await seed_org(session)
        event = skp_event(org.staff, appraiser_id=org.sub_head, unit_id=org.sub)
        await apply(session, event)
        skp = skp_of(event)
        for day, quantity in ((2, "2"), (3, "3")):
            await apply(
                session, log_event(skp, org.staff, day=date(2026, 3, day), quantity=quantity)
            )
    return org, skp


def manual_input(org: Org, skp: Skp, **overrides: Any) -> dict[str, Any]:
    """A manual realisation of the staff's first indicator in March."""
    fields = {
        "employeeId": org.staff,
        "indicatorId": skp.indicator,
        "month": "2026-03",
        "quantity": "4",
        "evidenceReference": "ND-12/2026",
        "note": "rapat koordinasi",
    }
    return fields | overrides


async def test_the_superior_records_by_hand_and_the_employee_sees_the_months(
    appraisal_db: Sessions, world: tuple[Org, Skp]
) -> None:
    org, skp = world
    client = Client(appraisal_db)
    recorded = await client.as_(org.sub_head).data(RECORD, input=manual_input(org, skp))
    result = recorded["recordManualRealisation"]
    assert result["__typename"] == "ManualRealisationPayload"
    manual_id = result["manualRealisation"].pop("id")
    assert result["manualRealisation"] == {
        "month": "2026-03",
        "quantity": "4",
        "evidenceReference": "ND-12/2026",
        "note": "rapat koordinasi",
        "recordedBy": org.sub_head,
        "withdrawnBy": None,
    }
    seen = await client.as_(org.staff).data(REALISATION, employeeId=org.staff, period="2026-03")
    assert seen["realisation"] == [
        {
            "indicatorId": skp.indicator,
            "lineageId": skp.indicator_lineage,
            "itemTitle": "Laporan evaluasi tersusun",
            "kind": "UTAMA",
            "name": "Jumlah laporan",
            "unit": "laporan",
            "direction": "HIGHER_IS_BETTER",
            "additive": True,
            "periodTarget": "10",
            "periodTotal": "9",
            "months": [
                {
                    "month": "2026-03",
                    "target": "10",
                    "fromLogs": "5",
                    "manual": "4",
                    "total": "9",
                    "manualRealisations": [{"evidenceReference": "ND-12/2026"}],
                }
            ],
        }
    ]
    hr = client.as_(org.outsider, (Role.HR, org.dg))
    withdrawn = await hr.data(WITHDRAW, input={"id": manual_id})
    assert withdrawn["withdrawManualRealisation"]["manualRealisation"]["withdrawnBy"] == (
        org.outsider
    )
    after = await client.as_(org.director).data(REALISATION, employeeId=org.staff, period="2026")
    assert (after["realisation"][0]["periodTarget"], after["realisation"][0]["periodTotal"]) == (
        "120",
        "5",
    )
    hidden = await client.as_(org.outsider).data(REALISATION, employeeId=org.staff, period="2026")
    assert hidden == {"realisation": []}


async def test_a_malformed_period_is_a_clear_error(
    appraisal_db: Sessions, world: tuple[Org, Skp]
) -> None:
    org, _ = world
    result = (
        await Client(appraisal_db)
        .as_(org.staff)
        .run(REALISATION, employeeId=org.staff, period="March")
    )
    assert result.errors is not None
    assert "'March' is not a period" in result.errors[0].message


async def test_refused_manual_realisations_change_nothing(
    appraisal_db: Sessions, world: tuple[Org, Skp]
) -> None:
    org, skp = world
    client = Client(appraisal_db)
    cases: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        # (who, input overrides, the typed error)
        (org.staff, {}, {"__typename": "ValidationFailed", "field": "employeeId"}),
        (org.peer, {}, {"__typename": "NotFound"}),
        (org.outsider, {}, {"__typename": "NotFound"}),
        (org.sub_head, {"quantity": "-1"}, {"__typename": "ValidationFailed", "field": "quantity"}),
        (org.sub_head, {"month": "2025-12"}, {"__typename": "ValidationFailed", "field": "month"}),
        (org.sub_head, {"month": "Maret"}, {"__typename": "ValidationFailed", "field": "month"}),
        (org.sub_head, {"indicatorId": "nope"}, {"__typename": "NotFound", "id": "nope"}),
        (
            org.sub_head,
            {"evidenceReference": "  "},
            {"__typename": "ValidationFailed", "field": "evidenceReference"},
        ),
    ]
    before = await totals(appraisal_db, ManualRealisationRow)
    for who, overrides, error in cases:
        data = await client.as_(who).data(RECORD, input=manual_input(org, skp, **overrides))
        result = data["recordManualRealisation"]
        assert {key: result.get(key) for key in error} == error, (who, overrides, result)
        assert result["message"]
    unknown = await client.as_(org.sub_head).data(WITHDRAW, input={"id": "nope"})
    assert unknown["withdrawManualRealisation"]["__typename"] == "NotFound"
    assert await totals(appraisal_db, ManualRealisationRow) == before == (0, 0)
