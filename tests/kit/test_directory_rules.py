"""Who holds a position on a day: definitive first, then Plt, then Plh; end dates inclusive."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.directory.rules import AssignmentKind, Holding, pick_holder, primary_holding

DEF, PLT, PLH = AssignmentKind.DEFINITIVE, AssignmentKind.PLT, AssignmentKind.PLH
JAN_1, JAN_31, FEB_1 = date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 1)


def holding(
    employee: str,
    kind: AssignmentKind = DEF,
    *,
    start: date = JAN_1,
    end: date | None = None,
    position: str = "head",
) -> Holding:
    return Holding(employee_id=employee, position_id=position, kind=kind, start=start, end=end)


def holder_id(holdings: list[Holding], day: date) -> str | None:
    holder = pick_holder(holdings, day)
    return holder.employee_id if holder else None


def test_nobody_holds_a_position_without_assignments() -> None:
    assert pick_holder([], JAN_1) is None


def test_the_definitive_holder_holds_the_position() -> None:
    assert pick_holder([holding("ani")], JAN_31) == holding("ani")


def test_an_assignment_does_not_cover_the_day_before_it_starts() -> None:
    assert pick_holder([holding("ani", start=FEB_1)], JAN_31) is None


def test_an_assignment_covers_its_start_date() -> None:
    assert pick_holder([holding("ani", start=FEB_1)], FEB_1) == holding("ani", start=FEB_1)


def test_an_end_date_is_inclusive() -> None:
    assert pick_holder([holding("ani", end=JAN_31)], JAN_31) == holding("ani", end=JAN_31)


def test_an_assignment_no_longer_covers_the_day_after_it_ends() -> None:
    assert pick_holder([holding("ani", end=JAN_31)], FEB_1) is None


def test_an_open_ended_assignment_covers_every_later_day() -> None:
    assert pick_holder([holding("ani")], date(2040, 12, 31)) == holding("ani")


@pytest.mark.parametrize(
    ("kinds", "winner"),
    [
        ((DEF, PLT), DEF),
        ((PLT, DEF), DEF),
        ((DEF, PLH), DEF),
        ((PLT, PLH), PLT),
        ((PLH, PLT), PLT),
        ((PLH, PLT, DEF), DEF),
    ],
)
def test_definitive_takes_precedence_over_plt_over_plh(
    kinds: tuple[AssignmentKind, ...], winner: AssignmentKind
) -> None:
    holdings = [holding(kind.value.lower(), kind) for kind in kinds]

    assert holder_id(holdings, JAN_31) == winner.value.lower()


def test_an_acting_holder_covers_a_vacancy_after_the_definitive_one_leaves() -> None:
    holdings = [holding("ani", end=JAN_31), holding("budi", PLT, start=FEB_1)]

    assert pick_holder(holdings, JAN_31) == holdings[0]
    assert pick_holder(holdings, FEB_1) == holdings[1]


def test_plh_covers_only_the_days_of_the_definitive_holders_absence() -> None:
    holdings = [
        holding("ani", end=date(2025, 1, 9)),
        holding("ani", start=date(2025, 1, 13)),
        holding("citra", PLH, start=date(2025, 1, 10), end=date(2025, 1, 12)),
    ]

    assert [holder_id(holdings, date(2025, 1, d)) for d in (9, 10, 12, 13)] == [
        "ani",
        "citra",
        "citra",
        "ani",
    ]


def test_among_equal_kinds_the_earliest_start_wins() -> None:
    holdings = [holding("budi", PLT, start=date(2025, 1, 5)), holding("ani", PLT, start=JAN_1)]

    assert pick_holder(holdings, JAN_31) == holdings[1]


def test_among_equal_kinds_and_starts_the_lowest_id_wins_so_the_answer_is_stable() -> None:
    holdings = [holding("budi", PLT), holding("ani", PLT)]

    assert pick_holder(holdings, JAN_31) == holdings[1]
    assert pick_holder(list(reversed(holdings)), JAN_31) == holdings[1]


def test_an_excluded_employee_is_passed_over_for_the_next_holder() -> None:
    holdings = [holding("ani"), holding("budi", PLT)]

    assert pick_holder(holdings, JAN_31, exclude="ani") == holdings[1]


def test_a_position_held_only_by_the_excluded_employee_is_vacant_for_them() -> None:
    assert pick_holder([holding("ani", PLT)], JAN_31, exclude="ani") is None


def test_an_employees_own_position_is_their_definitive_one_while_acting_elsewhere() -> None:
    own = holding("ani", position="analyst")
    acting = holding("ani", PLT, position="head")

    assert primary_holding([acting, own], JAN_31) == own


def test_an_employee_with_only_an_acting_assignment_holds_that_position() -> None:
    acting = holding("ani", PLH, position="head", end=JAN_31)

    assert primary_holding([acting], JAN_31) == acting
    assert primary_holding([acting], FEB_1) is None


def test_a_transfer_moves_the_employees_position_on_its_first_day() -> None:
    before = holding("ani", position="old", end=JAN_31)
    after = holding("ani", position="new", start=FEB_1)

    assert primary_holding([before, after], JAN_31) == before
    assert primary_holding([before, after], FEB_1) == after


def test_holding_active_on_checks_both_bounds() -> None:
    h = holding("ani", start=JAN_1, end=JAN_31)

    assert [h.active_on(d) for d in (date(2024, 12, 31), JAN_1, JAN_31, FEB_1)] == [
        False,
        True,
        True,
        False,
    ]
