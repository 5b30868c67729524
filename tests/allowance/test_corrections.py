"""Corrections: a change to a locked month becomes a CORRECTION line in the next open run,
referencing the original payment, applied once; the locked run never changes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from services.allowance.store.runs import CorrectionRow, PaymentRow
from tests.allowance.factories import (
    Org,
    apply,
    finalized_event,
    month_closed_event,
    month_reopened_event,
)
from tests.allowance.test_runs import (
    KELAS_9,
    MEMBERS,
    Db,
    audit_actions,
    close_month,
    complete_month,
    compute,
    counts,
    finalize,
    given_org,
    lines_of,
    lock,
    locked_march,
    payments,
    review,
    stored,
)

APRIL = date(2026, 4, 1)
MAY = date(2026, 5, 1)
TL2_X3 = KELAS_9 * 3 // 100  # TL2 × 3 → −3 % of the tariff


async def corrections(db: Db) -> list[CorrectionRow]:
    """Every correction, by employee and month."""
    async with db() as session:
        query = select(CorrectionRow).order_by(CorrectionRow.employee_id, CorrectionRow.detected_at)
        return list((await session.scalars(query)).all())


async def payment_of(db: Db, run_id: str, employee_id: str) -> PaymentRow:
    """One employee's payment in a run."""
    (payment,) = [p for p in await payments(db, run_id) if p.employee_id == employee_id]
    return payment


async def reopen_and_close_again(db: Db, org: Org, **fields: Any) -> None:
    """Activity reopens the sub-directorate's March and closes it again (revision 2) with
    `fields` for the staff member (the others unchanged)."""
    async with db() as session, session.begin():
        await apply(session, month_reopened_event(org.sub, "2026-03", revision=1))
    async with db() as session, session.begin():
        for name in ("sub_head", "staff", "peer"):
            extra = fields if name == "staff" else {}
            employee = getattr(org, name)
            event = month_closed_event(employee, org.sub, "2026-03", revision=2, **extra)
            await apply(session, event)


async def test_a_month_closed_again_after_the_lock_is_corrected_in_the_next_open_run(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    march = await locked_march(allowance_db, org)
    locked_before = await stored(allowance_db, march.id)
    original = await payment_of(allowance_db, march.id, org.staff)
    await reopen_and_close_again(allowance_db, org, tl={"TL2": 3})

    april = await compute(allowance_db, org, APRIL)

    (correction,) = await corrections(allowance_db)
    assert (correction.original_payment_id, correction.original_run_id) == (original.id, march.id)
    assert (correction.employee_id, correction.month, correction.amount) == (
        org.staff,
        date(2026, 3, 1),
        -TL2_X3,
    )
    assert correction.applied_run_id == april.id
    assert "attendance" in correction.reason
    staff = await payment_of(allowance_db, april.id, org.staff)
    line = lines_of(staff)[-1]
    assert (line["kind"], line["amount"]) == ("CORRECTION", -TL2_X3)
    assert line["code"] == f"CORRECTION:2026-03:{original.id}"
    assert original.id in line["label"]
    assert "Maret 2026" in line["label"]
    assert staff.total == sum(item["amount"] for item in lines_of(staff))
    others = [p for p in await payments(allowance_db, april.id) if p.employee_id != org.staff]
    assert all("CORRECTION" not in p.lines for p in others)
    assert await stored(allowance_db, march.id) == locked_before  # the locked run untouched
    assert ("correction.detected", correction.reason) in await audit_actions(allowance_db)


async def test_recomputing_the_open_run_does_not_duplicate_a_correction(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await locked_march(allowance_db, org)
    await reopen_and_close_again(allowance_db, org, tl={"TL2": 3})
    first = await compute(allowance_db, org, APRIL)
    before = await stored(allowance_db, first.id)

    again = await compute(allowance_db, org, APRIL)

    assert len(await corrections(allowance_db)) == 1
    assert await stored(allowance_db, again.id) == before
    assert (again.results_digest, again.inputs_digest) == (
        first.results_digest,
        first.inputs_digest,
    )
    staff = await payment_of(allowance_db, again.id, org.staff)
    assert [line["kind"] for line in lines_of(staff)].count("CORRECTION") == 1


async def test_an_appraisal_finalised_after_the_lock_is_corrected(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org)
    await finalize(allowance_db, org, "BAIK", names=[n for n in MEMBERS if n != "staff"])
    march = await compute(allowance_db, org)
    await review(allowance_db, march.id)
    await lock(allowance_db, march.id, "staff appraisal under objection")
    await finalize(allowance_db, org, "SANGAT_BAIK", names=["staff"])  # decided on objection

    april = await compute(allowance_db, org, APRIL)

    (correction,) = await corrections(allowance_db)
    no_appraisal_cut = KELAS_9 * 21 // 100  # 60 % × (100 − 65) % of the tariff
    assert (correction.employee_id, correction.amount) == (org.staff, no_appraisal_cut)
    assert "predicate" in correction.reason
    staff = await payment_of(allowance_db, april.id, org.staff)
    assert lines_of(staff)[-1]["amount"] == no_appraisal_cut


async def test_a_reopened_month_not_closed_again_waits(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await locked_march(allowance_db, org)
    async with allowance_db() as session, session.begin():
        await apply(session, month_reopened_event(org.sub, "2026-03", revision=1))

    april = await compute(allowance_db, org, APRIL)

    assert await corrections(allowance_db) == []
    assert all("CORRECTION" not in p.lines for p in await payments(allowance_db, april.id))


async def test_a_replayed_event_after_the_lock_creates_no_second_correction(
    allowance_db: Db,
) -> None:
    org = await given_org(allowance_db)
    await locked_march(allowance_db, org)
    await reopen_and_close_again(allowance_db, org, tl={"TL2": 3})
    april = await compute(allowance_db, org, APRIL)
    await complete_month(allowance_db, org, "2026-04")
    april = await compute(allowance_db, org, APRIL)
    await review(allowance_db, april.id)
    await lock(allowance_db, april.id)
    before = await counts(allowance_db)

    # The month-closed event (revision 2) delivered again, twice.
    replay = month_closed_event(org.staff, org.sub, "2026-03", revision=2, tl={"TL2": 3})
    for _ in range(2):
        async with allowance_db() as session, session.begin():
            await apply(session, replay)
    may = await compute(allowance_db, org, MAY)

    assert len(await corrections(allowance_db)) == 1
    assert all("CORRECTION" not in p.lines for p in await payments(allowance_db, may.id))
    runs, paid, corrected, *_ = await counts(allowance_db)
    assert (runs, paid, corrected) == (before[0] + 1, before[1] + 5, before[2])


async def test_a_duplicate_finalized_event_after_the_lock_corrects_once(allowance_db: Db) -> None:
    org = await given_org(allowance_db)
    await close_month(allowance_db, org)
    march = await compute(allowance_db, org)
    await review(allowance_db, march.id)
    await lock(allowance_db, march.id, "appraisals late")
    event = finalized_event(org.staff, "BAIK", "2026-03", start="2026-03-01", end="2026-03-31")
    for _ in range(2):
        async with allowance_db() as session, session.begin():
            await apply(session, event)
    await compute(allowance_db, org, APRIL)
    async with allowance_db() as session, session.begin():
        await apply(session, event)  # replayed after the correction was paid

    april = await compute(allowance_db, org, APRIL)

    (correction,) = await corrections(allowance_db)
    assert (correction.employee_id, correction.amount) == (org.staff, KELAS_9 * 21 // 100)
    assert json.loads(correction.lines)[-1]["kind"] == "PERFORMANCE"  # recomputed March
    staff = await payment_of(allowance_db, april.id, org.staff)
    assert [line["kind"] for line in lines_of(staff)].count("CORRECTION") == 1
