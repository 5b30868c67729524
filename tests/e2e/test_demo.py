"""`kinerja demo` against the real platform, and its allowance reproduced independently.

The demo (30 employees, seed 3) seeds the organisation and its month through the gateway and
locks the allowance run. This test then recomputes every payment from the same seeded inputs —
the generator's people (kelas jabatan, status) and taps, the leave and duty plan, and the
predicates the appraisal service finalised — with DOMAIN.md §5's default rules written out
below from the documents, not from the allowance service's code, and compares them with the
locked run's export, employee by employee.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinerja.demo import generate as gen
from tests.e2e.clients import Clients
from tests.e2e.conftest import Platform

pytestmark = pytest.mark.e2e

SEED, EMPLOYEES = 3, 30

# reference/regulations.md §3: Perpres 71/2023, in force for the demo month (whole rupiah).
PERPRES_71_2023 = {
    17: 33_240_000, 16: 27_577_500, 15: 19_280_000, 14: 17_064_000, 13: 10_936_000,
    12: 9_896_000, 11: 8_757_600, 10: 5_979_200, 9: 5_079_200, 8: 4_595_150, 7: 3_915_950,
    6: 3_510_400, 5: 3_134_250, 4: 2_985_000, 3: 2_898_000, 2: 2_708_250, 1: 2_531_250,
}  # fmt: skip
# DOMAIN.md §5 defaults, in percent.
PERFORMANCE_SHARE, DISCIPLINE_SHARE, CPNS_SHARE, NO_APPRAISAL = 60, 40, 80, 65
FACTOR = {
    "SANGAT_BAIK": 100, "BAIK": 100, "BUTUH_PERBAIKAN": 80, "KURANG": 60, "SANGAT_KURANG": 40,
}  # fmt: skip
STUDY_LEAVE_CLASS = 7  # class 7 (S2/S3) or 6 (S1/D); the demo records no education: class 7
# DOMAIN.md §3: TL/PSW bands (minutes → % per occurrence), unexcused absence 3 % a day.
BANDS = ((1, 30, "0.5"), (31, 60, "1"), (61, 90, "1.25"), (91, 10_000, "1.5"))
UNEXCUSED = Decimal(3)
START = 7 * 60 + 30  # 07:30, Monday–Friday
END = {0: 16 * 60, 1: 16 * 60, 2: 16 * 60, 3: 16 * 60, 4: 16 * 60 + 30}


def rupiah(value: Decimal) -> int:
    """Whole rupiah, half-up (DOMAIN.md §5: rounded once per line)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band(minutes: int) -> str:
    """The band number (1–4) of minutes late or early; '' for none."""
    return next((str(n) for n, (low, high, _) in enumerate(BANDS, 1) if low <= minutes <= high), "")


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass
class Month:
    """One member's month as DOMAIN.md §3 classifies it."""

    bands: Counter[str]
    unexcused: int


def classify(member: gen.Member, days: list[date], away: set[date]) -> Month:
    """TL/PSW bands and unexcused days from the generator's taps for the member."""
    bands: Counter[str] = Counter()
    unexcused = 0
    for day in gen.attendance_days(SEED, member.index, days):
        if day.day in away:
            continue  # approved leave or official duty: excused
        if day.check_in is None and day.check_out is None:
            unexcused += 1
            continue
        late = 91 if day.check_in is None else _minutes(day.check_in) - START
        early = 91 if day.check_out is None else END[day.day.weekday()] - _minutes(day.check_out)
        for kind, minutes in (("TL", late), ("PSW", early)):
            if number := band(minutes):
                bands[f"{kind}{number}"] += 1
    return Month(bands, unexcused)


def expected_pay(member: gen.Member, predicate: str | None, month: Month) -> int:
    """DOMAIN.md §5 with its default rule set, for a whole month in one position."""
    if member.status == "TUGAS_BELAJAR":
        return PERPRES_71_2023[STUDY_LEAVE_CLASS]  # 100 % of the class amount, nothing else
    entitled = PERPRES_71_2023[member.kelas]
    if member.status == "CPNS":
        entitled -= rupiah(Decimal(entitled) * (100 - CPNS_SHARE) / 100)
    factor = NO_APPRAISAL if predicate is None else FACTOR[predicate]
    performance = rupiah(Decimal(entitled) * PERFORMANCE_SHARE * (100 - factor) / 10_000)
    deductions = sum(
        rupiah(Decimal(entitled) * count * Decimal(BANDS[int(code[-1]) - 1][2]) / 100)
        for code, count in month.bands.items()
    )
    if month.unexcused:
        deductions += rupiah(Decimal(entitled) * month.unexcused * UNEXCUSED / 100)
    cap = rupiah(Decimal(entitled) * DISCIPLINE_SHARE / 100)
    return entitled - performance - min(deductions, cap)


@pytest.fixture(scope="module")
def seeded(platform: Platform) -> str:
    """`kinerja demo` run twice (the second finds the organisation); its first output."""
    kinerja = Path(sys.executable).parent / "kinerja"
    command = [
        str(kinerja), "demo", "--seed", str(SEED), "--employees", str(EMPLOYEES),
        "--gateway", platform.gateway_url,
    ]  # fmt: skip
    env = platform.env | {"COLUMNS": "120", "KINERJA_ENV": "development"}
    first = subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)
    output = (first.stdout + first.stderr).decode()
    assert first.returncode == 0, output
    again = subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    assert again.returncode == 0, (again.stdout + again.stderr).decode()
    assert "exists already" in again.stdout.decode()
    return output


def _login(clients: Clients, nip: str) -> str:
    query = (
        "mutation($input: LoginInput!) { login(input: $input) {"
        " ... on TokenPayload { accessToken } ... on LoginFailed { message } } }"
    )
    password = gen.password_for(SEED, nip)
    data = clients.via_gateway(query, {"input": {"nip": nip, "password": password}}, None)
    token: str = data["data"]["login"]["accessToken"]
    return token


def _data(clients: Clients, query: str, token: str, **variables: Any) -> dict[str, Any]:
    result = clients.via_gateway(query, variables, token)
    assert "errors" not in result, result
    data: dict[str, Any] = result["data"]
    return data


PERSON = """query($nip: String!, $month: String!) { employeeByNip(nip: $nip) { id
  appraisal(period: $month) { status predicate } } }"""
RUNS = """query($org: ID!) { allowanceRuns(organisationId: $org) { edges { node {
  id month status employees total { amount } } } } }"""


def test_the_demo_prints_what_a_newcomer_needs(seeded: str) -> None:
    assert "Demo seeded in" in seeded
    for role in ("admin", "employee", "superior", "hr", "auditor"):
        assert f"  {role} " in seeded
    assert "Example queries:" in seeded
    assert "/graphql" in seeded


def test_the_locked_run_pays_what_domain_rules_give_for_the_seeded_month(
    seeded: str, platform: Platform, clients: Clients
) -> None:
    demo = gen.build_demo(SEED, EMPLOYEES)
    hr = _login(clients, demo.by_role("hr").nip)
    ids: dict[str, str] = {}
    predicates: dict[str, str | None] = {}
    for member in demo.members:
        person = _data(clients, PERSON, hr, nip=member.nip, month=gen.MONTH)["employeeByNip"]
        ids[member.nip] = person["id"]
        appraisal = person["appraisal"]
        final = appraisal is not None and appraisal["status"] == "FINALIZED"
        predicates[member.nip] = appraisal["predicate"] if final else None
    assert sum(p is not None for p in predicates.values()) >= EMPLOYEES // 2

    # The ministry is the organisation: the unit of its head.
    head = demo.head_of("min")
    unit = _data(
        clients, "query($id: ID!) { employee(id: $id) { unit { id code } } }", hr, id=ids[head.nip]
    )["employee"]["unit"]
    assert unit["code"] == gen.MINISTRY_CODE
    runs = [e["node"] for e in _data(clients, RUNS, hr, org=unit["id"])["allowanceRuns"]["edges"]]
    (run,) = [r for r in runs if r["month"] == gen.MONTH]
    assert run["status"] == "LOCKED"
    assert run["employees"] == EMPLOYEES

    export = httpx.get(
        f"{platform.env['KINERJA_ALLOWANCE_URL'].rsplit('/graphql', 1)[0]}"
        f"/runs/{run['id']}/export.json",
        headers={"authorization": f"Bearer {hr}"},
        timeout=60,
    )
    assert export.status_code == 200, export.text
    paid = {p["nip"]: p["total"] for p in export.json()["payments"]}

    days = gen.working_days()
    away: dict[int, set[date]] = {}
    for absence in gen.absence_plan(demo):
        away.setdefault(absence.member.index, set()).update(absence.days(days))
    expected = {
        m.nip: expected_pay(m, predicates[m.nip], classify(m, days, away.get(m.index, set())))
        for m in demo.members
    }
    wrong = {nip: (paid.get(nip), want) for nip, want in expected.items() if paid.get(nip) != want}
    assert not wrong, f"(paid, expected) by NIP: {wrong}"
    assert sum(expected.values()) == int(run["total"]["amount"])
    # The variety the demo promises is in what was paid: a CPNS, study leave, a cut for lateness.
    statuses = {m.status for m in demo.members}
    assert {"PNS", "CPNS", "TUGAS_BELAJAR"} <= statuses
