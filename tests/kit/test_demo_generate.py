"""The demo's generated organisation: valid NIPs, the required variety, deterministic by seed."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kinerja.demo.generate import attendance_days, build_demo, password_for, working_days
from services.identity.domain.people import parse_nip

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("seed", [1, 3, 42])
def test_every_nip_is_valid_and_unique(seed: int) -> None:
    demo = build_demo(seed, 1000)
    nips = [member.nip for member in demo.members] + [demo.admin_nip]

    for nip in nips:
        parse_nip(nip, today=TODAY)  # raises on an invalid NIP
    assert len(set(nips)) == len(nips)


def test_the_default_organisation_has_the_required_shape() -> None:
    demo = build_demo(1, 1000)
    zones = Counter(unit.time_zone for unit in demo.units)
    statuses = Counter(member.status for member in demo.members)
    centres = [unit for unit in demo.units if unit.type == "REGIONAL_OFFICE"]

    assert 950 <= len(demo.members) <= 1050
    assert len(centres) >= 20
    assert set(zones) == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    assert statuses["CPNS"] > 0
    assert statuses["TUGAS_BELAJAR"] == 1
    assert any(member.job.startswith("JF_") for member in demo.members)
    assert sum(member.acting for member in demo.members) == 1


def test_the_same_seed_gives_the_same_organisation_and_another_seed_does_not() -> None:
    first, again, other = build_demo(7, 200), build_demo(7, 200), build_demo(8, 200)

    assert first == again
    assert [m.nip for m in first.members] != [m.nip for m in other.members]
    assert password_for(7, first.admin_nip) == password_for(7, again.admin_nip)


def test_attendance_has_variety_and_is_deterministic() -> None:
    days = working_days()
    month = [attendance_days(5, index, days) for index in range(50)]

    assert month == [attendance_days(5, index, days) for index in range(50)]
    flat = [day for person in month for day in person]
    assert any(day.check_in is None for day in flat)  # absent
    assert any(day.check_in and day.check_out is None for day in flat)  # no check-out
    assert any(day.check_in and day.check_in > "07:30" for day in flat)  # late
