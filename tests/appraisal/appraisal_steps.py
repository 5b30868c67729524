"""Steps of the appraisal workflow as real GraphQL operations, shared by the appraisal tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.events.tables import OutboxRow
from services.appraisal.store.appraisals import (
    AppraisalAuditRow,
    AppraisalRow,
    BehaviourRatingRow,
    FeedbackNoteRow,
    IndicatorResultRow,
    ObjectionRow,
    RaterInvitationRow,
)
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import Org, apply, approved_skp, log_event, seed_org
from tests.appraisal.graphql import ERRORS, Client

TABLES = (
    AppraisalRow,
    IndicatorResultRow,
    BehaviourRatingRow,
    RaterInvitationRow,
    ObjectionRow,
    FeedbackNoteRow,
    AppraisalAuditRow,
)
BERAKHLAK = (
    "BERORIENTASI_PELAYANAN",
    "AKUNTABEL",
    "KOMPETEN",
    "HARMONIS",
    "LOYAL",
    "ADAPTIF",
    "KOLABORATIF",
)
PP46_COMMON = ("ORIENTASI_PELAYANAN", "INTEGRITAS", "KOMITMEN", "DISIPLIN", "KERJA_SAMA")

APPRAISAL_FIELDS = """
    id period kind regime status selfAssessment resultsRating behaviourRating
    resultsFollowUnit skpScore behaviourScore finalScore predicate objectionDeadline revision
    employee { id } appraiser { id }
"""
PAYLOAD = f"""
    __typename
    ... on AppraisalPayload {{ appraisal {{ {APPRAISAL_FIELDS} }} }}
    {ERRORS}
"""


def days_later(days: int) -> datetime:
    """A clock `days` after NOW (2026-04-06 09:00 WIB)."""
    return NOW + timedelta(days=days)


@dataclass
class World:
    """A seeded organisation and a client."""

    db: async_sessionmaker[AsyncSession]
    org: Org
    client: Client

    def as_(self, name: str, *grants: Any) -> Client:
        """The client acting as one of the organisation's employees."""
        return self.client.as_(getattr(self.org, name), *grants)


async def world(db: async_sessionmaker[AsyncSession], **skp: Any) -> World:
    """The organisation, and the staff member's approved SKP (6/2022 unless overridden) with
    eight reports logged in March."""
    async with db() as session, session.begin():
        org = await seed_org(session)
    created = await approved_skp(db, org.staff, appraiser_id=org.sub_head, **skp)
    if not skp.get("activities"):
        async with db() as session, session.begin():
            for day in range(2, 10):
                await apply(session, log_event(created, org.staff, day=date(2026, 3, day)))
    return World(db, org, Client(db))


async def mutate(client: Client, name: str, **input: Any) -> dict[str, Any]:
    """Run an appraisal mutation; its result (payload or typed error)."""
    inputs = {"input": input}
    type_name = name[0].upper() + name[1:] + "Input"
    shared = {"acknowledgeAppraisal": "AppraisalInput", "finalizeAppraisal": "AppraisalInput"}
    type_name = shared.get(name, type_name)
    query = f"mutation($input: {type_name}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"
    data = await client.data(query, **inputs)
    result: dict[str, Any] = data[name]
    return result


async def open_(w: World, name: str = "staff", period: str = "2026-03") -> dict[str, Any]:
    """The staff member's appraisal opened by `name`."""
    result = await mutate(w.as_(name), "openAppraisal", employeeId=w.org.staff, period=period)
    assert result["__typename"] == "AppraisalPayload", result
    appraisal: dict[str, Any] = result["appraisal"]
    return appraisal


def levels(level: str = "AS_EXPECTED") -> list[dict[str, Any]]:
    """The seven BerAKHLAK values all at one level."""
    return [{"aspect": aspect, "level": level} for aspect in BERAKHLAK]


async def rated(w: World, appraisal_id: str, *, behaviour: bool = True) -> dict[str, Any]:
    """A 6/2022 appraisal rated AS_EXPECTED / AS_EXPECTED by the superior (with levels)."""
    result = await mutate(
        w.as_("sub_head"),
        "rateAppraisal",
        appraisalId=appraisal_id,
        resultsRating="AS_EXPECTED",
        behaviourRating="AS_EXPECTED",
    )
    assert result["__typename"] == "AppraisalPayload", result
    if behaviour:
        rate = await behaviour_rating(w.as_("sub_head"), appraisal_id, "SUPERIOR", levels())
        assert rate["__typename"] == "RateBehaviourPayload", rate
    appraisal: dict[str, Any] = result["appraisal"]
    return appraisal


async def behaviour_rating(
    client: Client, appraisal_id: str, role: str, ratings: list[dict[str, Any]]
) -> dict[str, Any]:
    """Run rateBehaviour; its result."""
    query = f"""
        mutation($input: RateBehaviourInput!) {{ rateBehaviour(input: $input) {{
            __typename
            ... on RateBehaviourPayload {{
                appraisal {{ id status predicate behaviourScore finalScore }}
                ratings {{ role aspect score level rater {{ id }} }}
            }}
            {ERRORS}
        }} }}
    """
    input = {"appraisalId": appraisal_id, "role": role, "ratings": ratings}
    data = await client.data(query, input=input)
    result: dict[str, Any] = data["rateBehaviour"]
    return result


async def outbox(db: async_sessionmaker[AsyncSession]) -> list[tuple[str, dict[str, Any]]]:
    """(subject, data) of every staged event."""
    async with db() as session:
        rows = (await session.scalars(select(OutboxRow).order_by(OutboxRow.seq))).all()
    return [(row.subject, json.loads(row.payload)["data"]) for row in rows]


def error(result: dict[str, Any]) -> tuple[str, str]:
    """(typename, message) of a typed error."""
    return result["__typename"], result["message"]
