"""Pure directory rules: NIP, golongan, status, time zones, unit tree, reports-to, assignments."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.identity.domain import (
    AsnType,
    AssignmentDatesError,
    AssignmentKind,
    AssignmentOverlapError,
    BlankTextError,
    EmployeeStatus,
    Gender,
    InvalidGolonganError,
    InvalidKelasJabatanError,
    InvalidNipError,
    InvalidStatusError,
    InvalidTimeZoneError,
    ReportingCycleError,
    Tenure,
    UnitCycleError,
    check_assignment,
    check_kelas_jabatan,
    check_reports_to,
    check_status,
    check_time_zone,
    check_unit_parent,
    clean_text,
    local_date,
    normalize_golongan,
    parse_nip,
    periods_overlap,
    rebase_path,
    unit_path,
)

TODAY = date(2025, 6, 15)


# --- NIP -------------------------------------------------------------------------------------


def test_a_valid_nip_is_split_into_its_parts() -> None:
    nip = parse_nip("196608011988031001", today=TODAY)

    assert nip.value == "196608011988031001"
    assert nip.birth_date == date(1966, 8, 1)
    assert nip.appointment_date == date(1988, 3, 1)
    assert nip.gender is Gender.MALE
    assert nip.sequence == 1


def test_a_nip_with_spaces_is_accepted_and_stored_without() -> None:
    nip = parse_nip(" 19660801 198803 2 001 ", today=TODAY)

    assert nip.value == "196608011988032001"
    assert nip.gender is Gender.FEMALE
    assert nip.formatted() == "19660801 198803 2 001"
    assert str(nip) == "196608011988032001"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("19660801198803100", "NIP must have exactly 18 digits, not 17"),
        ("1966080119880310011", "NIP must have exactly 18 digits, not 19"),
        ("", "NIP must have exactly 18 digits, not 0"),
        ("19660801-198803-1-001", "NIP may contain only digits and spaces"),
        ("1966080119880310O1", "NIP may contain only digits and spaces"),
        ("١٩٦٦٠٨٠١١٩٨٨٠٣١٠٠١", "NIP may contain only digits and spaces"),
        (
            "196602301988031001",
            "NIP birth date 19660230 (first 8 digits, YYYYMMDD) is not a real date",
        ),
        (
            "196613011988031001",
            "NIP birth date 19661301 (first 8 digits, YYYYMMDD) is not a real date",
        ),
        (
            "196608011988131001",
            "NIP appointment month 13 (digits 13–14) must be between 01 and 12",
        ),
        (
            "196608011988001001",
            "NIP appointment month 00 (digits 13–14) must be between 01 and 12",
        ),
        (
            "196608011984071001",
            "NIP appointment 1984-07 is before the age of 18 (born 1966-08-01)",
        ),
        ("199001012025071001", "NIP appointment 2025-07 is in the future"),
        ("196608011988033001", "NIP gender digit (digit 15) must be 1 or 2, not 3"),
        ("196608011988030001", "NIP gender digit (digit 15) must be 1 or 2, not 0"),
        (
            "196608011988031000",
            "NIP sequence number (last 3 digits) must be 001 or more, not 000",
        ),
    ],
)
def test_an_invalid_nip_is_refused_with_the_rule_it_breaks(raw: str, message: str) -> None:
    with pytest.raises(InvalidNipError) as caught:
        parse_nip(raw, today=TODAY)

    assert caught.value.message == message
    assert caught.value.field == "nip"


def test_appointment_in_the_month_of_the_18th_birthday_is_accepted() -> None:
    assert parse_nip("196608011984081001", today=TODAY).appointment_date == date(1984, 8, 1)


def test_appointment_in_the_current_month_is_accepted() -> None:
    assert parse_nip("199001012025061001", today=TODAY).appointment_date == date(2025, 6, 1)


def test_a_leap_day_birth_date_is_a_real_date() -> None:
    assert parse_nip("199602292015011001", today=TODAY).birth_date == date(1996, 2, 29)


@st.composite
def nip_parts(draw: st.DrawFn) -> tuple[date, date, int, int]:
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 6, 15)))
    earliest = date(birth.year + 18, birth.month, 1)
    appointed = draw(st.dates(min_value=earliest, max_value=TODAY)).replace(day=1)
    return birth, appointed, draw(st.sampled_from([1, 2])), draw(st.integers(1, 999))


@given(nip_parts(), st.booleans())
def test_every_well_formed_nip_round_trips(
    parts: tuple[date, date, int, int], spaced: bool
) -> None:
    birth, appointed, gender, sequence = parts
    digits = f"{birth:%Y%m%d}{appointed:%Y%m}{gender}{sequence:03d}"

    nip = parse_nip(parse_nip(digits, today=TODAY).formatted() if spaced else digits, today=TODAY)

    assert nip.value == digits
    assert (nip.birth_date, nip.appointment_date, nip.sequence) == (birth, appointed, sequence)
    assert nip.gender is (Gender.MALE if gender == 1 else Gender.FEMALE)


@given(st.text(max_size=25))
def test_parse_nip_only_ever_raises_invalid_nip(raw: str) -> None:
    with contextlib.suppress(InvalidNipError):
        parse_nip(raw, today=TODAY)


# --- employees -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("III/a", "III/a"), ("iv/E", "IV/e"), (" II / b ", "II/b"), ("I/d", "I/d"), (None, None)],
)
def test_pns_golongan_is_normalised(raw: str | None, expected: str | None) -> None:
    assert normalize_golongan(raw, asn_type=AsnType.PNS) == expected


@pytest.mark.parametrize("raw", ["III/e", "V/a", "IIII/a", "III", "IX"])
def test_an_unknown_pns_golongan_is_refused(raw: str) -> None:
    with pytest.raises(InvalidGolonganError, match="PNS golongan must be I/a … IV/e"):
        normalize_golongan(raw, asn_type=AsnType.PNS)


@pytest.mark.parametrize(("raw", "expected"), [("ix", "IX"), ("XVII", "XVII"), ("  ", None)])
def test_pppk_golongan_is_a_roman_grade(raw: str, expected: str | None) -> None:
    assert normalize_golongan(raw, asn_type=AsnType.PPPK) == expected


@pytest.mark.parametrize("raw", ["XVIII", "III/a", "0"])
def test_an_unknown_pppk_golongan_is_refused(raw: str) -> None:
    with pytest.raises(InvalidGolonganError, match="PPPK golongan must be I … XVII"):
        normalize_golongan(raw, asn_type=AsnType.PPPK)


def test_cpns_status_applies_only_to_pns() -> None:
    assert check_status(EmployeeStatus.CPNS, asn_type=AsnType.PNS) is EmployeeStatus.CPNS
    with pytest.raises(InvalidStatusError, match="status CPNS applies only to PNS, not PPPK"):
        check_status(EmployeeStatus.CPNS, asn_type=AsnType.PPPK)


def test_pppk_status_applies_only_to_pppk() -> None:
    with pytest.raises(InvalidStatusError, match="status PPPK applies only to PPPK, not PNS"):
        check_status(EmployeeStatus.PPPK, asn_type=AsnType.PNS)


def test_text_is_trimmed_and_must_not_be_blank() -> None:
    assert clean_text("  Budi   Santoso ", field="name") == "Budi Santoso"
    with pytest.raises(BlankTextError, match="name must not be empty"):
        clean_text("   ", field="name")
    with pytest.raises(BlankTextError, match="code must be at most 3 characters"):
        clean_text("ABCD", field="code", max_length=3)


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"])
def test_iana_time_zones_are_accepted(zone: str) -> None:
    assert check_time_zone(zone) == zone


@pytest.mark.parametrize("zone", ["WIB", "Asia/Bandung", "+07:00", "", "../etc/passwd"])
def test_a_non_iana_time_zone_is_refused(zone: str) -> None:
    with pytest.raises(InvalidTimeZoneError, match="is not an IANA time zone") as caught:
        check_time_zone(zone)
    assert caught.value.field == "timeZone"


def test_local_date_follows_the_units_time_zone() -> None:
    now = datetime(2025, 6, 15, 16, 30, tzinfo=UTC)

    assert local_date(now, "Asia/Jakarta") == date(2025, 6, 15)
    assert local_date(now, "Asia/Jayapura") == date(2025, 6, 16)


def test_a_units_path_ends_with_its_own_id() -> None:
    assert unit_path(None, "a") == ("a",)
    assert unit_path(("a", "b"), "c") == ("a", "b", "c")


def test_a_unit_cannot_be_its_own_parent() -> None:
    with pytest.raises(UnitCycleError, match="a unit cannot be its own parent"):
        check_unit_parent("b", parent_path=("a", "b"))


def test_a_unit_cannot_move_under_its_descendant() -> None:
    with pytest.raises(UnitCycleError, match="under its own descendant") as caught:
        check_unit_parent("b", parent_path=("a", "b", "c"))
    assert caught.value.field == "parentId"


def test_a_unit_may_move_under_a_sibling_or_to_the_root() -> None:
    check_unit_parent("b", parent_path=("a", "c"))
    check_unit_parent("b", parent_path=None)


def test_a_descendants_path_is_rebased_when_its_ancestor_moves() -> None:
    moved = rebase_path(("a", "b", "c"), old_prefix=("a", "b"), new_prefix=("x", "b"))
    assert moved == ("x", "b", "c")
    with pytest.raises(ValueError, match="not under the moved unit"):
        rebase_path(("a", "z"), old_prefix=("a", "b"), new_prefix=("b",))


# --- positions -------------------------------------------------------------------------------


@pytest.mark.parametrize("kelas", [1, 9, 17])
def test_kelas_jabatan_1_to_17_is_accepted(kelas: int) -> None:
    assert check_kelas_jabatan(kelas) == kelas


@pytest.mark.parametrize("kelas", [0, 18, -1])
def test_kelas_jabatan_outside_1_to_17_is_refused(kelas: int) -> None:
    with pytest.raises(InvalidKelasJabatanError) as caught:
        check_kelas_jabatan(kelas)
    assert caught.value.message == f"kelas jabatan must be between 1 and 17, not {kelas}"
    assert caught.value.field == "kelasJabatan"


def test_a_position_cannot_report_to_itself() -> None:
    with pytest.raises(ReportingCycleError, match="a position cannot report to itself"):
        check_reports_to("p", "p", chain=["p"])


def test_a_position_cannot_report_into_its_own_line() -> None:
    with pytest.raises(ReportingCycleError, match="would form a cycle") as caught:
        check_reports_to("head", "staff", chain=["staff", "chief", "head"])
    assert caught.value.field == "reportsToId"


def test_a_position_may_report_upwards_or_to_nobody() -> None:
    check_reports_to("staff", "chief", chain=["chief", "head"])
    check_reports_to("head", None, chain=[])


# --- assignments -----------------------------------------------------------------------------


def tenure(
    employee: str = "e1",
    position: str = "p1",
    kind: AssignmentKind = AssignmentKind.DEFINITIVE,
    start: date = date(2025, 1, 1),
    end: date | None = None,
    id: str | None = None,
) -> Tenure:
    return Tenure(id or f"{employee}-{position}-{start}", employee, position, kind, start, end)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 2, 1), None), False),
        ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 1, 31), None), True),
        ((date(2025, 1, 1), None), (date(2030, 1, 1), date(2030, 1, 1)), True),
        ((date(2025, 3, 1), None), (date(2025, 1, 1), date(2025, 2, 28)), False),
    ],
)
def test_periods_overlap_when_they_share_a_day(
    a: tuple[date, date | None], b: tuple[date, date | None], expected: bool
) -> None:
    assert periods_overlap(*a, *b) is expected
    assert periods_overlap(*b, *a) is expected


def test_an_assignment_cannot_end_before_it_starts() -> None:
    with pytest.raises(AssignmentDatesError) as caught:
        check_assignment(tenure(start=date(2025, 2, 1), end=date(2025, 1, 31)), [])
    assert caught.value.message == "end date 2025-01-31 is before start date 2025-02-01"
    assert caught.value.field == "endDate"


def test_a_one_day_assignment_is_fine() -> None:
    check_assignment(tenure(start=date(2025, 2, 1), end=date(2025, 2, 1)), [])


def test_two_definitive_holders_of_a_position_may_not_overlap() -> None:
    existing = tenure("e1", start=date(2025, 1, 1), end=date(2025, 6, 30))

    with pytest.raises(AssignmentOverlapError) as caught:
        check_assignment(tenure("e2", start=date(2025, 6, 30)), [existing])
    assert caught.value.message == (
        "the position already has a definitive holder (2025-01-01 – 2025-06-30)"
    )


def test_a_definitive_holder_may_follow_the_previous_one() -> None:
    existing = tenure("e1", start=date(2025, 1, 1), end=date(2025, 6, 30))
    check_assignment(tenure("e2", start=date(2025, 7, 1)), [existing])


def test_an_acting_holder_may_overlap_the_definitive_one() -> None:
    existing = tenure("e1")
    check_assignment(tenure("e2", kind=AssignmentKind.PLH, start=date(2025, 3, 3)), [existing])


def test_an_employee_may_not_hold_two_definitive_positions_at_once() -> None:
    existing = tenure("e1", "p1")
    with pytest.raises(AssignmentOverlapError, match="another position definitively"):
        check_assignment(tenure("e1", "p2", start=date(2025, 5, 1)), [existing])


def test_an_employee_may_act_in_a_second_position() -> None:
    existing = tenure("e1", "p1")
    check_assignment(tenure("e1", "p2", kind=AssignmentKind.PLT), [existing])


def test_an_employee_may_not_hold_one_position_twice_at_once() -> None:
    existing = tenure("e1", "p1", kind=AssignmentKind.PLT, id="a1")
    with pytest.raises(AssignmentOverlapError, match="already holds this position"):
        check_assignment(tenure("e1", "p1", kind=AssignmentKind.PLH, id="a2"), [existing])


def test_an_assignment_does_not_overlap_itself() -> None:
    existing = tenure("e1", id="a1")
    check_assignment(tenure("e1", id="a1", end=TODAY + timedelta(days=1)), [existing])
