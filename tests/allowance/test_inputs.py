"""The run's inputs: consuming month closes, reopenings and finalised appraisals safely, and
gathering everyone's inputs for an organisation's month."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.directory import replica
from kinerja.events import CloudEvent
from services.allowance.domain.payment import Attendance, Sanction, Segment
from services.allowance.domain.tariffs import PERPRES_71_2023
from services.allowance.service import hr_data
from services.allowance.service.inputs import gather_inputs, inputs_for_employee
from services.allowance.store.inputs import AppraisalResultRow, MonthSummaryRow
from tests.allowance.conftest import NOW
from tests.allowance.factories import (
    apply,
    finalized_event,
    month_closed_event,
    month_reopened_event,
    seed_org,
    set_status,
    totals,
)
from tests.targets.factories import Org, add_unit, assign, end_assignment

MARCH = date(2026, 3, 1)
TARIFF = dict(PERPRES_71_2023.amounts)


async def _summary(db: async_sessionmaker[AsyncSession], employee_id: str) -> MonthSummaryRow:
    async with db() as session:
        return (
            await session.scalars(
                select(MonthSummaryRow).where(MonthSummaryRow.employee_id == employee_id)
            )
        ).one()


async def _apply(db: async_sessionmaker[AsyncSession], *events: CloudEvent) -> None:
    for event in events:
        async with db() as session, session.begin():
            await apply(session, event)


async def _org(db: async_sessionmaker[AsyncSession]) -> Org:
    async with db() as session, session.begin():
        return await seed_org(session)


async def _close_all(db: async_sessionmaker[AsyncSession], org: Org, **kw: object) -> None:
    events = [
        month_closed_event(getattr(org, name), unit, **kw)  # type: ignore[arg-type]
        for name, unit in [
            ("dg_head", org.dg),
            ("director", org.dir),
            ("sub_head", org.sub),
            ("staff", org.sub),
            ("peer", org.sub),
        ]
    ]
    await _apply(db, *events)


async def _position(session: AsyncSession, position_id: str, unit_id: str, kelas: int) -> None:
    data = {
        "id": position_id,
        "unit_id": unit_id,
        "title": f"Jabatan {position_id}",
        "job_type": "PELAKSANA",
        "kelas_jabatan": kelas,
        "reports_to_id": None,
        "active": True,
        "version": 1,
    }
    event = CloudEvent(type=replica.POSITION_UPSERTED, source="kinerja/identity", data=data)
    await replica.apply_position_upserted(session, event)


# --- consuming events --------------------------------------------------------------------------


async def test_a_replayed_month_closed_event_changes_nothing(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    event = month_closed_event("e1", "u1", tl={"TL2": 3})
    await _apply(allowance_db, event)
    before = await _summary(allowance_db, "e1")
    await _apply(allowance_db, event, month_closed_event("e1", "u1", tl={"TL2": 9}))
    after = await _summary(allowance_db, "e1")
    assert (after.revision, after.tl, after.event_id) == (1, before.tl, event.id)
    assert await totals(allowance_db, MonthSummaryRow) == (1, 0)


async def test_a_lower_revision_after_a_higher_one_changes_nothing(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    await _apply(allowance_db, month_closed_event("e1", "u1", revision=2, tl={"TL1": 2}))
    await _apply(allowance_db, month_closed_event("e1", "u1", revision=1, tl={"TL1": 7}))
    row = await _summary(allowance_db, "e1")
    assert (row.revision, '"TL1":2' in row.tl.replace(" ", "")) == (2, True)


async def test_a_higher_revision_replaces_the_summary(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    await _apply(allowance_db, month_closed_event("e1", "u1", unexcused_days=2))
    await _apply(allowance_db, month_closed_event("e1", "u1", revision=2, unexcused_days=0))
    row = await _summary(allowance_db, "e1")
    assert (row.revision, row.unexcused_days, row.withdrawn) == (2, 0, False)


async def test_reopening_withdraws_the_month_until_the_next_close(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    await _apply(allowance_db, month_closed_event("e1", "u1"), month_reopened_event("u1"))
    assert (await _summary(allowance_db, "e1")).withdrawn is True
    await _apply(allowance_db, month_reopened_event("u1"), month_closed_event("e1", "u1"))
    assert (await _summary(allowance_db, "e1")).withdrawn is True  # replays change nothing
    await _apply(allowance_db, month_closed_event("e1", "u1", revision=2))
    row = await _summary(allowance_db, "e1")
    assert (row.revision, row.withdrawn) == (2, False)


async def test_a_reopening_that_arrives_before_its_close_still_withdraws_it(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    await _apply(allowance_db, month_reopened_event("u1"), month_closed_event("e1", "u1"))
    assert (await _summary(allowance_db, "e1")).withdrawn is True


async def test_a_replayed_finalized_event_changes_nothing(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    event = finalized_event("e1", "BAIK")
    await _apply(allowance_db, event, event)
    replayed = finalized_event("e1", "KURANG", appraisal_id=event.data["appraisal_id"])
    await _apply(allowance_db, replayed)
    async with allowance_db() as session:
        rows = (await session.scalars(select(AppraisalResultRow))).all()
    assert [(r.predicate, r.event_id) for r in rows] == [("BAIK", event.id)]


# --- gathering a month -----------------------------------------------------------------------


async def test_everyone_in_the_subtree_is_gathered_with_missing_inputs_listed(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    expected = sorted([org.dg_head, org.director, org.sub_head, org.staff, org.peer])
    assert [p.employee_id for p in run.people] == expected
    assert [i.employee_id for i in run.inputs] == expected
    first = run.inputs[0]
    assert (first.segments, first.days_in_month, first.status) == ((Segment(9, 31),), 31, "PNS")
    assert (first.attendance, first.predicate, first.sanctions) == (None, None, ())
    assert sorted(run.missing[:3]) == sorted(  # units sorted by name
        [
            f"attendance for March 2026 not closed: Unit {org.dg} (1 employees)",
            f"attendance for March 2026 not closed: Unit {org.dir} (1 employees)",
            f"attendance for March 2026 not closed: Unit {org.sub} (3 employees)",
        ]
    )
    assert run.missing[3:] == ("no final appraisal for March 2026: 5 employees",)
    assert all(p.kelas == 9 and p.unit_id for p in run.people)


async def test_a_sub_organisation_gathers_only_its_subtree(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dir, MARCH, TARIFF)
    expected = sorted([org.director, org.sub_head, org.staff, org.peer])
    assert [p.employee_id for p in run.people] == expected


async def test_closed_months_and_appraisals_complete_the_inputs(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    await _close_all(allowance_db, org, tl={"TL2": 3}, leave_days={"CUTI_SAKIT": 2})
    await _apply(
        allowance_db,
        *[
            finalized_event(getattr(org, n), "BAIK")
            for n in ("dg_head", "director", "sub_head", "staff", "peer")
        ],
    )
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    assert run.missing == ()
    staff = next(i for i in run.inputs if i.employee_id == org.staff)
    assert staff.predicate == "BAIK"
    assert staff.attendance == Attendance(
        working_days=22,
        tl={"TL1": 0, "TL2": 3, "TL3": 0, "TL4": 0},
        psw={"PSW1": 0, "PSW2": 0, "PSW3": 0, "PSW4": 0},
        unexcused_days=0,
        leave_days={"CUTI_SAKIT": 2},
    )


async def test_a_reopened_unit_is_listed_until_closed_again(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    await _close_all(allowance_db, org)
    await _apply(allowance_db, month_reopened_event(org.sub))
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    staff = next(i for i in run.inputs if i.employee_id == org.staff)
    assert staff.attendance is None
    assert run.missing[0] == f"attendance for March 2026 not closed: Unit {org.sub} (3 employees)"


async def test_a_transfer_mid_month_gives_two_segments(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await end_assignment(session, org, "staff", end=date(2026, 3, 10))
        await _position(session, "p-new", org.dir, 11)
        await assign(session, org.staff, "p-new", start=date(2026, 3, 11))
    await _close_all(allowance_db, org)
    await _apply(allowance_db, month_closed_event(org.staff, org.dir))
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    index = [p.employee_id for p in run.people].index(org.staff)
    person, inputs = run.people[index], run.inputs[index]
    assert inputs.segments == (Segment(9, 10), Segment(11, 21))
    assert (person.unit_id, person.kelas) == (org.dir, 11)
    # both units closed: the latest close counts once, never summed
    assert inputs.attendance is not None
    assert inputs.attendance.working_days == 22


async def test_a_move_to_another_unit_needs_both_units_closed(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await end_assignment(session, org, "staff", end=date(2026, 3, 15))
        await _position(session, "p-dir", org.dir, 9)
        await assign(session, org.staff, "p-dir", start=date(2026, 3, 16))
    await _apply(allowance_db, month_closed_event(org.staff, org.sub))
    async with allowance_db() as session:
        moved = await inputs_for_employee(session, org.staff, MARCH, TARIFF)
    assert moved is not None
    assert (moved.segments, moved.attendance) == ((Segment(9, 31),), None)


async def test_an_employee_who_moved_out_is_paid_only_the_days_inside(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await end_assignment(session, org, "staff", end=date(2026, 3, 20))
        await _position(session, "p-out", org.other, 12)
        await assign(session, org.staff, "p-out", start=date(2026, 3, 21))
    async with allowance_db() as session:
        inside = await gather_inputs(session, org.dg, MARCH, TARIFF)
        outside = await gather_inputs(session, org.other, MARCH, TARIFF)
        anywhere = await inputs_for_employee(session, org.staff, MARCH, TARIFF)
        in_dg = await inputs_for_employee(session, org.staff, MARCH, TARIFF, organisation_id=org.dg)
    staff_in = next(i for i in inside.inputs if i.employee_id == org.staff)
    staff_out = next(i for i in outside.inputs if i.employee_id == org.staff)
    assert (staff_in.segments, staff_out.segments) == ((Segment(9, 20),), (Segment(12, 11),))
    assert anywhere is not None
    assert anywhere.segments == (Segment(9, 20), Segment(12, 11))
    assert in_dg is not None
    assert in_dg.segments == (Segment(9, 20),)


async def test_an_unknown_employee_has_no_inputs(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    async with allowance_db() as session:
        assert await inputs_for_employee(session, "nobody", MARCH, TARIFF) is None


async def test_a_quarterly_appraisal_covers_the_month_when_none_is_monthly(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    quarter = finalized_event(org.staff, "KURANG", "2026-Q1", start="2026-01-01", end="2026-03-31")
    annual = finalized_event(
        org.staff, "SANGAT_BAIK", "2026", start="2026-01-01", end="2026-12-31", kind="ANNUAL"
    )
    other_month = finalized_event(
        org.staff, "BAIK", "2026-02", start="2026-02-01", end="2026-02-28"
    )
    await _apply(allowance_db, quarter, annual, other_month)
    async with allowance_db() as session:
        by_quarter = await inputs_for_employee(session, org.staff, MARCH, TARIFF)
    await _apply(allowance_db, finalized_event(org.staff, "SANGAT_BAIK"))
    async with allowance_db() as session:
        by_month = await inputs_for_employee(session, org.staff, MARCH, TARIFF)
        april = await inputs_for_employee(session, org.staff, date(2026, 4, 1), TARIFF)
    assert by_quarter is not None
    assert by_quarter.predicate == "KURANG"
    assert by_month is not None
    assert by_month.predicate == "SANGAT_BAIK"
    assert april is not None
    assert april.predicate is None


async def test_sanctions_apply_only_in_their_months(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        kept = await hr_data.record_sanction(
            session,
            hr_data.SanctionDraft(org.staff, date(2026, 1, 1), 3, "SK-1", "disiplin"),
            sanction_id="s-1",
            actor_id="hr",
            now=NOW,
        )
        await hr_data.record_sanction(
            session,
            hr_data.SanctionDraft(org.staff, date(2026, 3, 1), 6, "SK-2", "salah", Decimal(10)),
            sanction_id="s-2",
            actor_id="hr",
            now=NOW,
        )
        await hr_data.revoke_sanction(session, "s-2", reason="keliru", actor_id="hr", now=NOW)
    months = [date(2025, 12, 1), date(2026, 1, 1), MARCH, date(2026, 4, 1)]
    async with allowance_db() as session:
        found = [await inputs_for_employee(session, org.staff, m, TARIFF) for m in months]
    active = Sanction(id="s-1", percent=kept.percent, reference="SK-1")
    assert [i.sanctions if i else None for i in found] == [(), (active,), (active,), ()]
    assert kept.percent == Decimal(25)


async def test_study_leave_and_profession_allowance_in_force_for_the_month(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await hr_data.record_study_leave(
            session,
            hr_data.StudyLeaveDraft(org.peer, "S2", date(2026, 2, 1), date(2026, 3, 1), "SK-TB"),
            leave_id="l-1",
            actor_id="hr",
            now=NOW,
        )
        await hr_data.set_profession_allowance(
            session,
            hr_data.ProfessionAllowanceDraft(org.peer, 2_500_000, date(2026, 3, 1), "SK-TP"),
            allowance_id="a-1",
            actor_id="hr",
            now=NOW,
        )
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
        april = await gather_inputs(session, org.dg, date(2026, 4, 1), TARIFF)
    peer = next(i for i in run.inputs if i.employee_id == org.peer)
    peer_april = next(i for i in april.inputs if i.employee_id == org.peer)
    assert (peer.study_leave_education, peer.profession_allowance) == ("S2", 2_500_000)
    assert (peer_april.study_leave_education, peer_april.profession_allowance) == (
        None,
        2_500_000,
    )


async def test_status_comes_from_the_directory(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await set_status(session, org.peer, "CPNS")
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    assert next(p for p in run.people if p.employee_id == org.peer).status == "CPNS"


async def test_employees_unknown_to_the_directory_are_listed_as_missing(
    allowance_db: async_sessionmaker[AsyncSession],
) -> None:
    org = await _org(allowance_db)
    async with allowance_db() as session, session.begin():
        await add_unit(session, "u-extra", [org.dg, "u-extra"])
        await _position(session, "p-ghost", "u-extra", 7)
        await assign(session, str(uuid.uuid4()), "p-ghost")
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    assert len(run.people) == 5
    assert run.missing[-1] == "not in the directory yet (no NIP, name or status): 1 employees"


async def test_many_units_are_read_in_chunks(
    allowance_db: async_sessionmaker[AsyncSession], monkeypatch: object
) -> None:
    from services.allowance.store import inputs as store

    org = await _org(allowance_db)
    setattr_ = monkeypatch.setattr  # type: ignore[attr-defined]
    setattr_(store, "CHUNK", 1)
    setattr_(store.chunks, "__defaults__", (1,))
    async with allowance_db() as session, session.begin():
        await end_assignment(session, org, "staff", end=date(2026, 3, 10))
        await _position(session, "p-new", org.dir, 11)
        await assign(session, org.staff, "p-new", start=date(2026, 3, 11))
    async with allowance_db() as session:
        run = await gather_inputs(session, org.dg, MARCH, TARIFF)
    staff = next(i for i in run.inputs if i.employee_id == org.staff)
    assert len(run.people) == 5
    assert staff.segments == (Segment(9, 10), Segment(11, 21))
