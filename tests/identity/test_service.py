"""Use cases: load → decide → save → outbox, and who supervises whom on a date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError, NotFoundError
from services.identity import service, store
from services.identity.domain import (
    AssignmentDatesError,
    AssignmentKind,
    EmployeeStatus,
    InvalidNipError,
    ReportingCycleError,
    UnitCycleError,
)
from services.identity.store import AssignmentRow, EmployeeRow, OrgUnitRow, PositionRow
from tests.identity.conftest import NOW
from tests.identity.factories import (
    assign,
    count_rows,
    create_employee,
    create_position,
    create_unit,
    outbox_count,
)

Sessions = async_sessionmaker[AsyncSession]


async def attempt(db: Sessions, action: Callable[[AsyncSession], Awaitable[object]]) -> None:
    """Run `action` in its own transaction, as a request would (rolled back when it raises)."""
    async with db() as session, session.begin():
        await action(session)


async def totals(db: Sessions) -> tuple[int, ...]:
    async with db() as session:
        tables = (OrgUnitRow, PositionRow, EmployeeRow, AssignmentRow)
        return (*[await count_rows(session, t) for t in tables], await outbox_count(session))


async def test_a_unit_under_a_parent_gets_the_parents_path(session: AsyncSession) -> None:
    root = await create_unit(session, code="DJ")
    child = await create_unit(session, code="DIT", parent_id=root.id, time_zone="Asia/Makassar")

    assert child.path_ids == (root.id, child.id)
    assert (child.version, child.time_zone) == (1, "Asia/Makassar")


async def test_updating_a_unit_bumps_its_version_and_publishes(session: AsyncSession) -> None:
    unit = await create_unit(session, name="Old")
    before = await outbox_count(session)

    await service.update_unit(session, unit.id, service.UnitChanges(name="New"), now=NOW)

    assert (unit.name, unit.version) == ("New", 2)
    assert await outbox_count(session) == before + 1


async def test_an_update_that_changes_nothing_publishes_nothing(session: AsyncSession) -> None:
    unit = await create_unit(session, name="Same")
    before = await outbox_count(session)

    await service.update_unit(session, unit.id, service.UnitChanges(name=" Same "), now=NOW)

    assert unit.version == 1
    assert await outbox_count(session) == before


async def test_moving_a_unit_rewrites_the_paths_of_its_subtree(session: AsyncSession) -> None:
    a = await create_unit(session)
    b = await create_unit(session)
    a1 = await create_unit(session, parent_id=a.id)
    a11 = await create_unit(session, parent_id=a1.id)

    await service.move_unit(session, a1.id, parent_id=b.id, now=NOW)

    assert a1.path_ids == (b.id, a1.id)
    assert a11.path_ids == (b.id, a1.id, a11.id)
    assert (a1.version, a11.version, a.version) == (2, 2, 1)


async def test_moving_a_unit_to_the_root(session: AsyncSession) -> None:
    a = await create_unit(session)
    a1 = await create_unit(session, parent_id=a.id)

    await service.move_unit(session, a1.id, parent_id=None, now=NOW)

    assert (a1.parent_id, a1.path_ids) == (None, (a1.id,))


async def test_moving_a_unit_under_its_descendant_changes_nothing(identity_db: Sessions) -> None:
    async with identity_db() as session, session.begin():
        a = await create_unit(session)
        a1 = await create_unit(session, parent_id=a.id)
    before = await totals(identity_db)

    with pytest.raises(UnitCycleError, match="under its own descendant"):
        await attempt(identity_db, lambda s: service.move_unit(s, a.id, parent_id=a1.id, now=NOW))

    assert await totals(identity_db) == before


async def test_a_duplicate_unit_code_is_a_conflict(session: AsyncSession) -> None:
    await create_unit(session, code="DUP")
    with pytest.raises(ConflictError, match="an org unit with code DUP already exists"):
        await create_unit(session, code="DUP")


async def test_a_position_in_an_unknown_unit_is_not_found(session: AsyncSession) -> None:
    unit = await create_unit(session)
    with pytest.raises(NotFoundError, match="org unit nope not found"):
        await create_position(session, unit, unit_id="nope")


async def test_a_reports_to_cycle_is_refused(session: AsyncSession) -> None:
    unit = await create_unit(session)
    head = await create_position(session, unit)
    staff = await create_position(session, unit, reports_to_id=head.id)

    with pytest.raises(ReportingCycleError, match="would form a cycle"):
        await service.update_position(
            session, head.id, service.PositionChanges(reports_to_id=staff.id), now=NOW
        )


async def test_reports_to_can_be_cleared(session: AsyncSession) -> None:
    unit = await create_unit(session)
    head = await create_position(session, unit)
    staff = await create_position(session, unit, reports_to_id=head.id)

    await service.update_position(
        session, staff.id, service.PositionChanges(reports_to_id=None), now=NOW
    )

    assert (staff.reports_to_id, staff.version) == (None, 2)


async def test_an_employee_keeps_the_nip_without_spaces(session: AsyncSession) -> None:
    employee = await create_employee(session, nip="19660801 198803 1 001", golongan="iv/e")

    assert employee.nip == "196608011988031001"
    assert (employee.birth_date, employee.appointment_date) == (date(1966, 8, 1), date(1988, 3, 1))
    assert employee.golongan == "IV/e"
    assert await store.get_employee_by_nip(session, "196608011988031001") is employee


async def test_a_nip_is_never_reused(identity_db: Sessions) -> None:
    async with identity_db() as session, session.begin():
        await create_employee(session, nip="196608011988031001")
    before = await totals(identity_db)

    with pytest.raises(ConflictError, match="NIP 196608011988031001 already exists"):
        await attempt(identity_db, lambda s: create_employee(s, nip="19660801 198803 1 001"))

    assert await totals(identity_db) == before


async def test_an_invalid_nip_adds_nothing(identity_db: Sessions) -> None:
    with pytest.raises(InvalidNipError):
        await attempt(identity_db, lambda s: create_employee(s, nip="196608011988031000"))

    assert await totals(identity_db) == (0, 0, 0, 0, 0)


async def test_updating_an_employee_revalidates_status(session: AsyncSession) -> None:
    employee = await create_employee(session, status=EmployeeStatus.CPNS)

    changes = service.EmployeeChanges(status=EmployeeStatus.PNS, golongan="III/b")
    await service.update_employee(session, employee.id, changes, now=NOW)

    assert (employee.status, employee.golongan, employee.version) == ("PNS", "III/b", 2)


async def test_overlapping_definitive_holders_are_a_conflict(identity_db: Sessions) -> None:
    async with identity_db() as session, session.begin():
        position = await create_position(session, await create_unit(session))
        first, second = await create_employee(session), await create_employee(session)
        await assign(session, first, position)
    before = await totals(identity_db)

    with pytest.raises(ConflictError, match="the position already has a definitive holder"):
        await attempt(identity_db, lambda s: assign(s, second, position, start=date(2025, 5, 1)))

    assert await totals(identity_db) == before


async def test_ending_an_assignment_before_it_starts_is_refused(session: AsyncSession) -> None:
    row = await assign(
        session,
        await create_employee(session),
        await create_position(session, await create_unit(session)),
    )
    with pytest.raises(AssignmentDatesError, match="end date 2024-12-31 is before start date"):
        await service.end_assignment(session, row.id, end=date(2024, 12, 31), now=NOW)


async def test_extending_an_assignment_into_a_successors_term_is_a_conflict(
    session: AsyncSession,
) -> None:
    position = await create_position(session, await create_unit(session))
    old = await assign(session, await create_employee(session), position, end=date(2025, 3, 31))
    await assign(session, await create_employee(session), position, start=date(2025, 4, 1))

    with pytest.raises(ConflictError, match="definitive holder"):
        await service.end_assignment(session, old.id, end=date(2025, 4, 30), now=NOW)


# --- supervisor and subordinates ---------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    """Director → head of subdirectorate → analyst and clerk; the head's seat is vacant from May."""

    director: EmployeeRow
    head: EmployeeRow
    staff: EmployeeRow
    clerk: EmployeeRow
    head_position: PositionRow


async def org(session: AsyncSession) -> Org:
    unit = await create_unit(session)
    director_pos = await create_position(session, unit, title="Direktur")
    head_pos = await create_position(session, unit, title="Kasubdit", reports_to_id=director_pos.id)
    staff_pos = await create_position(session, unit, title="Analis", reports_to_id=head_pos.id)
    clerk_pos = await create_position(session, unit, title="Admin", reports_to_id=head_pos.id)
    people = Org(
        director=await create_employee(session, name="Direktur"),
        head=await create_employee(session, name="Kasubdit"),
        staff=await create_employee(session, name="Analis"),
        clerk=await create_employee(session, name="Clerk"),
        head_position=head_pos,
    )
    await assign(session, people.director, director_pos)
    await assign(session, people.head, head_pos, end=date(2025, 4, 30))
    await assign(session, people.staff, staff_pos)
    await assign(session, people.clerk, clerk_pos)
    return people


async def test_the_supervisor_is_the_holder_of_the_reports_to_position(
    session: AsyncSession,
) -> None:
    people = await org(session)

    assert await service.supervisor_of(session, people.staff.id, date(2025, 4, 15)) is people.head


async def test_a_vacant_superior_position_passes_the_question_up(session: AsyncSession) -> None:
    people = await org(session)

    boss = await service.supervisor_of(session, people.staff.id, date(2025, 5, 2))

    assert boss is people.director


async def test_the_top_has_no_supervisor(session: AsyncSession) -> None:
    people = await org(session)

    assert await service.supervisor_of(session, people.director.id, date(2025, 5, 2)) is None


async def test_an_acting_holder_supervises_while_the_seat_is_vacant(session: AsyncSession) -> None:
    people = await org(session)
    may = date(2025, 5, 2)
    await assign(
        session, people.clerk, people.head_position, kind=AssignmentKind.PLT, start=date(2025, 5, 1)
    )

    assert await service.supervisor_of(session, people.staff.id, may) is people.clerk
    # Nobody supervises themselves: the clerk's question passes up to the director.
    assert await service.supervisor_of(session, people.clerk.id, may) is people.director
    assert [e.name for e in await service.subordinates_of(session, people.clerk.id, may)] == [
        "Analis"
    ]


async def test_subordinates_are_those_whose_supervisor_is_the_employee(
    session: AsyncSession,
) -> None:
    people = await org(session)

    in_april = await service.subordinates_of(session, people.head.id, date(2025, 4, 15))
    director_in_april = await service.subordinates_of(
        session, people.director.id, date(2025, 4, 15)
    )
    director_in_may = await service.subordinates_of(session, people.director.id, date(2025, 5, 2))

    assert [e.name for e in in_april] == ["Analis", "Clerk"]
    assert [e.name for e in director_in_april] == ["Kasubdit"]
    assert [e.name for e in director_in_may] == ["Analis", "Clerk"]


async def test_the_default_day_is_today_in_the_employees_unit(session: AsyncSession) -> None:
    unit = await create_unit(session, time_zone="Asia/Jayapura")
    employee = await create_employee(session)
    await assign(session, employee, await create_position(session, unit))
    late = NOW.replace(hour=16)  # 01:00 the next day in WIT

    assert await service.employee_today(session, employee.id, now=late) == date(2025, 6, 17)
