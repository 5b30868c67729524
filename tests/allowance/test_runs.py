"""Monthly runs: compute (draft, recomputable) → review → lock; one run per organisation and month;
the same inputs give byte-identical payments; a locked run never changes."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError, NotFoundError
from kinerja.events.tables import OutboxRow
from services.allowance.domain.types import AllowanceRuleError, RunStatus
from services.allowance.service.runs import compute_run, lock_run, review_run
from services.allowance.store.audit import AuditRow
from services.allowance.store.runs import CorrectionRow, PaymentRow, RunRow
from tests.allowance.conftest import NOW
from tests.allowance.factories import Org, apply, finalized_event, month_closed_event, seed_org
from tests.allowance.factories import totals as row_totals

Db = async_sessionmaker[AsyncSession]
MARCH = date(2026, 3, 1)
KELAS_9 = 5_079_200  # Perpres 71/2023
HR = "hr-officer"
# The organisation's employees (dg's subtree) and the unit each works in.
MEMBERS = {"dg_head": "dg", "director": "dir", "sub_head": "sub", "staff": "sub", "peer": "sub"}


async def given_org(db: Db) -> Org:
    """The directorate general of the factories, in the directory replica."""
    async with db() as session, session.begin():
        return await seed_org(session)


async def close_month(
    db: Db, org: Org, month: str = "2026-03", *, names: Any = None, **fields: Any
) -> None:
    """Activity closes the month for some (default all) of the organisation's employees."""
    async with db() as session, session.begin():
        for name in names or MEMBERS:
            unit = getattr(org, MEMBERS[name])
            await apply(session, month_closed_event(getattr(org, name), unit, month, **fields))


async def finalize(
    db: Db, org: Org, predicate: str = "BAIK", month: str = "2026-03", *, names: Any = None
) -> None:
    """Appraisal finalises the month's periodic appraisal of some (default all) employees."""
    year, number = (int(part) for part in month.split("-"))
    last = (date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)).isoformat()
    async with db() as session, session.begin():
        for name in names or MEMBERS:
            event = finalized_event(
                getattr(org, name), predicate, month, start=f"{month}-01", end=last
            )
            await apply(session, event)


async def compute(db: Db, org: Org, month: date = MARCH, *, now: datetime = NOW) -> RunRow:
    """HR computes the organisation's run of a month (its own transaction)."""
    async with db() as session, session.begin():
        return await compute_run(session, org.dg, month, actor_id=HR, now=now)


async def review(db: Db, run_id: str) -> RunRow:
    """HR reviews a run."""
    async with db() as session, session.begin():
        return await review_run(session, run_id, actor_id=HR, now=NOW)


async def lock(db: Db, run_id: str, reason: str | None = None) -> RunRow:
    """HR locks a run."""
    async with db() as session, session.begin():
        return await lock_run(session, run_id, actor_id=HR, now=NOW, override_reason=reason)


async def complete_month(db: Db, org: Org, month: str = "2026-03") -> None:
    """Every input of the month: all closed without deductions, all appraised BAIK."""
    await close_month(db, org, month)
    await finalize(db, org, "BAIK", month)


async def locked_march(db: Db, org: Org) -> RunRow:
    """March with complete inputs, computed, reviewed and locked."""
    await complete_month(db, org)
    run = await compute(db, org)
    await review(db, run.id)
    return await lock(db, run.id)


async def payments(db: Db, run_id: str) -> list[PaymentRow]:
    """A run's payments by employee id."""
    async with db() as session:
        query = select(PaymentRow).where(PaymentRow.run_id == run_id)
        return list((await session.scalars(query.order_by(PaymentRow.employee_id))).all())


async def stored(db: Db, run_id: str) -> list[tuple[Any, ...]]:
    """Everything a run's payments store, byte for byte."""
    return [
        (p.id, p.employee_id, p.unit_id, p.kelas, p.status, p.total, p.lines, p.inputs)
        for p in await payments(db, run_id)
    ]


async def get_run(db: Db, run_id: str) -> RunRow:
    """A run as stored."""
    async with db() as session:
        run = await session.get(RunRow, run_id)
        assert run is not None
        return run


async def audit_actions(db: Db) -> list[tuple[str, str]]:
    """(action, reason) of every audit row of runs and corrections, in order."""
    async with db() as session:
        query = select(AuditRow.action, AuditRow.reason).where(
            AuditRow.entity.in_(["run", "correction"])
        )
        rows = await session.execute(query.order_by(AuditRow.seq))
        return [(action, reason) for action, reason in rows]


async def counts(db: Db) -> tuple[int, ...]:
    """Rows of runs, payments, corrections, audit log, and the outbox."""
    return await row_totals(db, RunRow, PaymentRow, CorrectionRow, AuditRow)


def lines_of(payment: PaymentRow) -> list[dict[str, Any]]:
    """A payment's explanation lines."""
    lines: list[dict[str, Any]] = json.loads(payment.lines)
    return lines


# --- computing -------------------------------------------------------------------------------


async def test_a_run_pays_every_employee_of_the_organisation(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await complete_month(allowance_db, org)

    run = await compute(allowance_db, org)

    assert (run.status, run.revision, run.month, run.employees) == (RunStatus.DRAFT, 1, MARCH, 5)
    assert run.total == 5 * KELAS_9
    assert json.loads(run.missing) == []
    paid = await payments(allowance_db, run.id)
    members = sorted(getattr(org, name) for name in MEMBERS)
    assert [p.employee_id for p in paid] == members  # sorted, the outsider's root not included
    assert {(p.kelas, p.total) for p in paid} == {(9, KELAS_9)}
    assert all(sum(line["amount"] for line in lines_of(p)) == p.total for p in paid)
    assert len(run.inputs_digest) == len(run.results_digest) == 64
    assert await audit_actions(allowance_db) == [("run.computed", "")]


async def test_a_draft_shows_what_is_missing(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org, names=["dg_head", "director"])

    run = await compute(allowance_db, org)

    missing = json.loads(run.missing)
    assert len(missing) == 2, missing
    assert any("not closed" in line for line in missing)
    assert any("appraisal" in line for line in missing)
    # No appraisal: the performance component is paid at 65 % (−21 % of the tariff).
    assert run.total == 5 * (KELAS_9 - KELAS_9 * 21 // 100)


async def test_computing_the_same_inputs_twice_gives_byte_identical_payments(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org, tl={"TL2": 3}, psw={"PSW1": 1}, unexcused_days=1)
    await finalize(allowance_db, org, "BUTUH_PERBAIKAN")
    first = await compute(allowance_db, org)
    before = await stored(allowance_db, first.id)
    digests = (first.inputs_digest, first.results_digest, first.total)

    again = await compute(allowance_db, org, now=NOW + timedelta(hours=1))

    assert (again.id, again.revision) == (first.id, 2)
    assert await stored(allowance_db, first.id) == before
    assert (again.inputs_digest, again.results_digest, again.total) == digests
    assert await audit_actions(allowance_db) == [("run.computed", ""), ("run.computed", "")]


async def test_a_recomputation_picks_up_new_inputs_in_place(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    draft = await compute(allowance_db, org)
    await review(allowance_db, draft.id)
    ids = [p.id for p in await payments(allowance_db, draft.id)]
    await complete_month(allowance_db, org)

    run = await compute(allowance_db, org)

    assert (run.id, run.revision, run.status) == (draft.id, 2, RunStatus.DRAFT)
    assert run.reviewed_by is None
    assert [p.id for p in await payments(allowance_db, run.id)] == ids  # the same rows
    assert (run.total, json.loads(run.missing)) == (5 * KELAS_9, [])
    assert run.results_digest != draft.results_digest


async def test_two_concurrent_runs_of_a_month_end_with_one_run(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await complete_month(allowance_db, org)

    first, second = await asyncio.gather(compute(allowance_db, org), compute(allowance_db, org))

    assert first.id == second.id
    assert sorted([first.revision, second.revision]) == [1, 2]
    runs, paid, *_ = await counts(allowance_db)
    assert (runs, paid) == (1, 5)
    assert await audit_actions(allowance_db) == [("run.computed", ""), ("run.computed", "")]
    assert (await get_run(allowance_db, first.id)).results_digest == first.results_digest


async def test_a_run_requested_while_another_computes_waits_and_recomputes_it(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    await complete_month(allowance_db, org)

    async with allowance_db() as session, session.begin():
        first = await compute_run(session, org.dg, MARCH, actor_id=HR, now=NOW)
        second = asyncio.create_task(compute(allowance_db, org))
        await asyncio.sleep(0.5)
        assert not second.done()  # it waits for the first transaction
    recomputed = await second

    assert (recomputed.id, recomputed.revision) == (first.id, 2)
    runs, paid, *_ = await counts(allowance_db)
    assert (runs, paid) == (1, 5)


# --- review and lock -------------------------------------------------------------------------


async def test_a_reviewed_run_locks_and_publishes_run_locked(allowance_db: Db) -> None:
    org = await given_org(allowance_db)

    run = await locked_march(allowance_db, org)

    assert (run.status, run.locked_by, run.locked_at, run.override_reason) == (
        RunStatus.LOCKED,
        HR,
        NOW,
        None,
    )
    async with allowance_db() as session:
        (outbox,) = (await session.scalars(select(OutboxRow))).all()
    event = json.loads(outbox.payload)
    assert (outbox.subject, event["subject"]) == ("allowance.run.locked.v1", run.id)
    data = event["data"]
    assert {k: data[k] for k in ("run_id", "month", "employees", "total", "override_reason")} == {
        "run_id": run.id,
        "month": "2026-03",
        "employees": 5,
        "total": 5 * KELAS_9,
        "override_reason": None,
    }
    assert data["results_digest"] == run.results_digest
    assert data["totals_by_unit"] == sorted(
        [
            {"unit_id": org.dg, "employees": 1, "total": KELAS_9},
            {"unit_id": org.dir, "employees": 1, "total": KELAS_9},
            {"unit_id": org.sub, "employees": 3, "total": 3 * KELAS_9},
        ],
        key=lambda unit: str(unit["unit_id"]),
    )
    assert [(f["format"], f["path"]) for f in data["files"]] == [
        (fmt, f"/runs/{run.id}/export.{fmt}") for fmt in ("csv", "xlsx", "json")
    ]
    assert all(len(f["sha256"]) == 64 for f in data["files"])
    assert data["manifest"] == f"/runs/{run.id}/manifest.json"
    assert [action for action, _ in await audit_actions(allowance_db)] == [
        "run.computed",
        "run.reviewed",
        "run.locked",
    ]


async def test_locking_with_missing_inputs_needs_a_reason_and_nothing_changes(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org)  # no appraisals
    run = await compute(allowance_db, org)
    await review(allowance_db, run.id)
    before = await counts(allowance_db)

    for reason in (None, "   "):
        with pytest.raises(AllowanceRuleError) as error:
            await lock(allowance_db, run.id, reason)
        assert error.value.field == "overrideReason"
        assert "missing inputs" in error.value.message
        assert "no final appraisal" in error.value.message

    assert await counts(allowance_db) == before
    assert (await get_run(allowance_db, run.id)).status == RunStatus.REVIEWED


async def test_locking_with_missing_inputs_and_a_reason_records_the_override(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org)
    run = await compute(allowance_db, org)
    await review(allowance_db, run.id)

    locked = await lock(allowance_db, run.id, "  appraisals late; paid at 65 % per circular  ")

    reason = "appraisals late; paid at 65 % per circular"
    assert (locked.status, locked.override_reason) == (RunStatus.LOCKED, reason)
    assert (await audit_actions(allowance_db))[-1] == ("run.locked", reason)
    async with allowance_db() as session:
        outbox = (await session.scalars(select(OutboxRow))).one()
    assert json.loads(outbox.payload)["data"]["override_reason"] == reason


async def test_a_draft_must_be_reviewed_before_it_is_locked(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await complete_month(allowance_db, org)
    run = await compute(allowance_db, org)
    before = await counts(allowance_db)

    with pytest.raises(ConflictError, match="must be reviewed before it is locked"):
        await lock(allowance_db, run.id)
    await review(allowance_db, run.id)
    with pytest.raises(ConflictError, match="already reviewed"):
        await review(allowance_db, run.id)

    assert await counts(allowance_db) == (before[0], before[1], before[2], before[3] + 1, 0)


async def test_a_locked_run_never_changes(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    run = await locked_march(allowance_db, org)
    before = (await counts(allowance_db), await stored(allowance_db, run.id))
    await close_month(allowance_db, org, revision=2, tl={"TL4": 2})  # a late change

    with pytest.raises(ConflictError, match="locked; a locked run never changes"):
        await compute(allowance_db, org)
    with pytest.raises(ConflictError, match="locked; a locked run never changes"):
        await review(allowance_db, run.id)
    with pytest.raises(ConflictError, match="locked; a locked run never changes"):
        await lock(allowance_db, run.id, "again")

    assert (await counts(allowance_db), await stored(allowance_db, run.id)) == before
    after = await get_run(allowance_db, run.id)
    assert (after.status, after.revision, after.results_digest) == (
        RunStatus.LOCKED,
        run.revision,
        run.results_digest,
    )


# --- bad input -------------------------------------------------------------------------------


async def test_a_month_without_a_tariff_is_refused_and_nothing_changes(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    before = await counts(allowance_db)

    with pytest.raises(AllowanceRuleError) as error:
        await compute(allowance_db, org, date(2017, 6, 1))

    assert error.value.field == "month"
    assert "no tariff in force for 2017-06" in error.value.message
    assert await counts(allowance_db) == before


async def test_a_month_without_a_rule_set_is_refused_and_nothing_changes(allowance_db: Db) -> None:
    from services.allowance.domain.tariffs import PERPRES_134_2017
    from services.allowance.service.tariffs import create_tariff_version

    org = await given_org(allowance_db)
    async with allowance_db() as session, session.begin():  # a tariff back to 2017, no rules
        await create_tariff_version(
            session,
            name="Tarif 2017",
            effective_from=date(2017, 1, 1),
            amounts=dict(PERPRES_134_2017.amounts),
            actor_id=HR,
            now=NOW,
        )
    before = await counts(allowance_db)

    with pytest.raises(AllowanceRuleError) as error:
        await compute(allowance_db, org, date(2017, 6, 1))

    assert error.value.field == "month"
    assert "no rule set in force for 2017-06" in error.value.message
    assert await counts(allowance_db) == before


async def test_an_unknown_organisation_is_not_found_and_nothing_changes(allowance_db: Db) -> None:
    await given_org(allowance_db)
    before = await counts(allowance_db)

    async with allowance_db() as session, session.begin():
        with pytest.raises(NotFoundError, match="organisation nowhere not found"):
            await compute_run(session, "nowhere", MARCH, actor_id=HR, now=NOW)

    assert await counts(allowance_db) == before


async def test_an_unknown_run_is_not_found(allowance_db: Db) -> None:
    with pytest.raises(NotFoundError, match="allowance run missing not found"):
        await review(allowance_db, "missing")
    with pytest.raises(NotFoundError, match="allowance run missing not found"):
        await lock(allowance_db, "missing", "reason")
