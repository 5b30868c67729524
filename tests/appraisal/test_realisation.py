"""Realisation per indicator and month: approved log output, revocations, manual realisations —
the same totals whatever the order or number of deliveries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError, NotFoundError
from kinerja.events import CloudEvent
from services.appraisal.domain.periods import Period
from services.appraisal.domain.types import AppraisalKind, AppraisalRuleError
from services.appraisal.service.realisation import (
    ManualRealisationDraft,
    realisation_by_month,
    record_manual_realisation,
    withdraw_manual_realisation,
)
from services.appraisal.service.skp_replica import indicator_inputs
from services.appraisal.store.realisation import LogRealisationRow, ManualRealisationRow
from services.appraisal.store.skp_replica import get_replica_skp
from tests.appraisal.conftest import NOW
from tests.appraisal.factories import (
    Skp,
    apply,
    approved_skp,
    indicator_payload,
    log_event,
    totals,
)

FEB, MAR = date(2026, 2, 1), date(2026, 3, 1)
TODAY = date(2026, 4, 6)
MARCH = Period("2026-03", AppraisalKind.PERIODIC, MAR, date(2026, 3, 31))


def at(day: int, hour: int = 10) -> datetime:
    """A moment in March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


async def apply_all(db: async_sessionmaker[AsyncSession], *events: CloudEvent) -> None:
    """Apply each event in its own transaction, as the consumer does."""
    for event in events:
        async with db() as session, session.begin():
            await apply(session, event)


async def realised(
    db: async_sessionmaker[AsyncSession], skp: Skp, *, employee: str = "e1"
) -> dict[tuple[str, date], Decimal]:
    """The realisation of the SKP's first indicator in February and March."""
    async with db() as session:
        return await realisation_by_month(session, employee, [skp.indicator_lineage], [FEB, MAR])


async def test_a_month_of_approved_logs_sums_per_indicator_and_month(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    skp = await approved_skp(
        appraisal_db, "e1", indicators=[indicator_payload("n1"), indicator_payload("n2")]
    )
    await apply_all(
        appraisal_db,
        log_event(skp, "e1", day=date(2026, 3, 2), quantity="2"),
        log_event(skp, "e1", day=date(2026, 3, 3), quantity="3.5"),
        log_event(skp, "e1", day=date(2026, 3, 4), quantity=None),  # counts 0
        log_event(skp, "e1", day=date(2026, 3, 5), quantity="1", indicator_id="n2"),
        log_event(skp, "e1", day=date(2026, 2, 27), quantity="4"),
        log_event(skp, "e2", day=date(2026, 3, 5), quantity="7"),  # someone else's
    )
    async with appraisal_db() as session:
        found = await realisation_by_month(session, "e1", ["n1", "n2"], [FEB, MAR])
    assert found == {
        ("n1", FEB): Decimal(4),
        ("n1", MAR): Decimal("5.5"),
        ("n2", MAR): Decimal(1),
    }


async def test_a_revoked_log_subtracts(appraisal_db: async_sessionmaker[AsyncSession]) -> None:
    skp = await approved_skp(appraisal_db, "e1")
    kept = log_event(skp, "e1", day=date(2026, 3, 2), quantity="2")
    taken_back = log_event(skp, "e1", day=date(2026, 3, 3), quantity="5", log_id="log-x")
    revocation = log_event(skp, "e1", day=date(2026, 3, 3), log_id="log-x", revoked=True, at=at(9))
    await apply_all(appraisal_db, kept, taken_back)
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(7)}
    await apply_all(appraisal_db, revocation)
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(2)}


async def test_a_redelivered_approval_changes_nothing(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    skp = await approved_skp(appraisal_db, "e1")
    approval = log_event(skp, "e1", day=date(2026, 3, 2), quantity="2")
    await apply_all(appraisal_db, approval, approval)
    async with appraisal_db() as session, session.begin():
        await apply(session, approval)
        await apply(session, approval)
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(2)}
    assert await totals(appraisal_db, LogRealisationRow) == (1, 0)


async def test_reordered_events_leave_the_final_state_of_the_newest(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    skp = await approved_skp(appraisal_db, "e1")

    def event(log_id: str, when: datetime, *, revoked: bool = False) -> CloudEvent:
        return log_event(
            skp, "e1", day=date(2026, 3, 2), quantity="3", log_id=log_id, at=when, revoked=revoked
        )

    await apply_all(
        appraisal_db,
        # a revocation arriving before the approval it revokes
        event("a", at(3), revoked=True),
        event("a", at(2)),
        # an older approval arriving after a newer revocation (approved, revoked, re-approved)
        event("b", at(4)),
        event("b", at(3), revoked=True),
        event("b", at(2)),
        # approved again after a revocation: the newest event counts
        event("c", at(2)),
        event("c", at(3), revoked=True),
        event("c", at(4)),
        # an approval and a revocation at the same moment: the revocation wins
        event("d", at(5), revoked=True),
        event("d", at(5)),
        event("e", at(5)),
        event("e", at(5), revoked=True),
    )
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(6)}
    async with appraisal_db() as session:
        states = {
            log_id: row.approved
            for log_id in "abcde"
            if (row := await session.get(LogRealisationRow, log_id)) is not None
        }
    assert states == {"a": False, "b": True, "c": True, "d": False, "e": False}


async def test_realisation_follows_an_indicator_into_a_revised_version(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    first = await approved_skp(
        appraisal_db, "e1", skp_id="v1", indicators=[indicator_payload("n1")]
    )
    await apply_all(appraisal_db, log_event(first, "e1", day=date(2026, 3, 2), quantity="4"))
    revised = await approved_skp(
        appraisal_db,
        "e1",
        skp_id="v2",
        version=2,
        supersedes="v1",
        indicators=[indicator_payload("n2", lineage_id="n1", monthly="12")],
    )
    await apply_all(appraisal_db, log_event(revised, "e1", day=date(2026, 3, 20), quantity="5"))
    async with appraisal_db() as session:
        skp = await get_replica_skp(session, "v2")
        assert skp is not None
        inputs = await indicator_inputs(session, skp, MARCH)
    assert [(i.id, i.lineage_id, i.target, i.realisation) for i in inputs] == [
        ("n2", "n1", Decimal(12), Decimal(9))
    ]


# --- manual realisations -----------------------------------------------------------------------


async def record(
    db: async_sessionmaker[AsyncSession],
    skp: Skp,
    *,
    by: str = "boss",
    entitled: bool = True,
    **overrides: Any,
) -> ManualRealisationRow:
    """Record a manual realisation in its own transaction."""
    fields: dict[str, Any] = {
        "employee_id": "e1",
        "indicator_id": skp.indicator,
        "month": MAR,
        "quantity": Decimal(3),
        "evidence_reference": "ND-12/2026",
    }
    draft = ManualRealisationDraft(**(fields | overrides))
    async with db() as session, session.begin():
        return await record_manual_realisation(
            session,
            draft,
            realisation_id=str(uuid.uuid4()),
            recorded_by=by,
            entitled=entitled,
            now=NOW,
            today=TODAY,
        )


async def test_a_manual_realisation_counts_until_it_is_withdrawn(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    skp = await approved_skp(appraisal_db, "e1")
    await apply_all(appraisal_db, log_event(skp, "e1", day=date(2026, 3, 2), quantity="2"))
    row = await record(appraisal_db, skp, note=" rapat koordinasi ")
    assert (row.recorded_by, row.recorded_at, row.note, row.indicator_lineage_id) == (
        "boss",
        NOW,
        "rapat koordinasi",
        skp.indicator_lineage,
    )
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(5)}
    async with appraisal_db() as session, session.begin():
        withdrawn = await withdraw_manual_realisation(
            session, row.id, withdrawn_by="hr", entitled=True, now=NOW
        )
    assert (withdrawn.withdrawn_by, withdrawn.withdrawn_at) == ("hr", NOW)
    assert await realised(appraisal_db, skp) == {(skp.indicator_lineage, MAR): Decimal(2)}
    with pytest.raises(ConflictError, match="already withdrawn"):
        async with appraisal_db() as session, session.begin():
            await withdraw_manual_realisation(
                session, row.id, withdrawn_by="hr", entitled=True, now=NOW
            )


@dataclass(frozen=True)
class BadInput:
    """A manual realisation that must be refused, and how."""

    label: str
    overrides: dict[str, Any]
    error: type[Exception]
    field: str | None
    message: str


RULE = AppraisalRuleError
BAD_INPUTS = [
    BadInput("by the employee", {"by": "e1"}, RULE, "employeeId", "themselves"),
    BadInput("by a non-superior", {"entitled": False}, RULE, "employeeId", "superior"),
    BadInput("negative", {"quantity": Decimal(-1)}, RULE, "quantity", "negative"),
    BadInput("outside the SKP", {"month": date(2025, 12, 1)}, RULE, "month", "outside"),
    BadInput("a future month", {"month": date(2026, 5, 1)}, RULE, "month", "future"),
    BadInput("unknown indicator", {"indicator_id": "nope"}, NotFoundError, None, "not found"),
    BadInput("another's indicator", {"employee_id": "e2"}, NotFoundError, None, "not found"),
    BadInput("no evidence", {"evidence_reference": " "}, RULE, "evidenceReference", "evidence"),
]


async def test_bad_manual_realisations_are_refused_and_change_nothing(
    appraisal_db: async_sessionmaker[AsyncSession],
) -> None:
    skp = await approved_skp(appraisal_db, "e1")
    before = await totals(appraisal_db, ManualRealisationRow)
    for case in BAD_INPUTS:
        with pytest.raises(case.error, match=case.message) as raised:
            await record(appraisal_db, skp, **case.overrides)
        assert getattr(raised.value, "field", None) == case.field, case.label
        assert await totals(appraisal_db, ManualRealisationRow) == before, case.label
    assert before == (0, 0)
