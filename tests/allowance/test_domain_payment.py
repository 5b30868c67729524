"""compute_payment against a table of hand-computed cases (Perpres 71/2023 amounts).

Defaults of every row: March 2026 (31 days), status PNS, kelas 9 (Rp 5.079.200) the whole month,
predicate BAIK, the month closed with no lateness, absence or leave, DEFAULT_RULES. E is the
entitled tariff; cuts are of E; each line is rounded half-up once.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from services.allowance.domain.payment import (
    Attendance,
    Line,
    PaymentInputs,
    Sanction,
    Segment,
    compute_payment,
    inputs_to_dict,
    lines_to_json,
    payment_to_dict,
)
from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.tariffs import PERPRES_71_2023
from services.allowance.domain.types import AllowanceRuleError, LineKind

TARIFF = dict(PERPRES_71_2023.amounts)
MARCH = date(2026, 3, 1)
BANDS = ("TL1", "TL2", "TL3", "TL4")
PSW = ("PSW1", "PSW2", "PSW3", "PSW4")
WITH_LEAVE = replace(
    DEFAULT_RULES, leave_deductions=(("SAKIT", Decimal(2)), ("CUTI_TAHUNAN", Decimal(0)))
)


def attendance(
    *, unexcused: int = 0, leave: dict[str, int] | None = None, **bands: int
) -> Attendance:
    """A closed month: every band present (0 unless given)."""
    return Attendance(
        working_days=22,
        tl={code: bands.get(code, 0) for code in BANDS},
        psw={code: bands.get(code, 0) for code in PSW},
        unexcused_days=unexcused,
        leave_days=leave or {},
    )


CLEAN = attendance()


def inputs(**overrides: Any) -> PaymentInputs:
    """A PNS in kelas 9 the whole of March 2026, BAIK, a clean closed month."""
    values: dict[str, Any] = {
        "employee_id": "e-1",
        "month": MARCH,
        "days_in_month": 31,
        "status": "PNS",
        "segments": (Segment(9, 31),),
        "tariff": TARIFF,
        "predicate": "BAIK",
        "attendance": CLEAN,
    }
    values.update(overrides)
    return PaymentInputs(**values)


def sanction(id_: str, percent: str) -> Sanction:
    return Sanction(id_, Decimal(percent), f"SK {id_}")


def row(
    id_: str,
    overrides: dict[str, Any],
    lines: list[tuple[str, int]],
    total: int,
    entitled: int,
    rules: AllowanceRules = DEFAULT_RULES,
) -> Any:
    return pytest.param(overrides, rules, lines, total, entitled, id=id_)


# fmt: off
CASES = [
    # --- status ---------------------------------------------------------------------------
    # 5,079,200 × 31/31 = 5,079,200; BAIK factor 100 → cut 0
    row("plain-pns", {}, [("KELAS_9", 5_079_200), ("BAIK", 0)], 5_079_200, 5_079_200),
    # PPPK is paid like PNS
    row("pppk", {"status": "PPPK"}, [("KELAS_9", 5_079_200), ("BAIK", 0)], 5_079_200, 5_079_200),
    # gross 5,079,200; CPNS −20 % = −1,015,840; E = 4,063,360
    row("cpns-80", {"status": "CPNS"},
        [("KELAS_9", 5_079_200), ("CPNS", -1_015_840), ("BAIK", 0)], 4_063_360, 4_063_360),
    # kelas 1: 2,531,250 × 20 % = 506,250; E = 2,025,000
    row("cpns-kelas-1", {"status": "CPNS", "segments": (Segment(1, 31),)},
        [("KELAS_1", 2_531_250), ("CPNS", -506_250), ("BAIK", 0)], 2_025_000, 2_025_000),
    # tugas belajar S1 → class 6 amount 3,510,400 × 100 % × 31/31
    row("tugas-belajar-s1", {"status": "TUGAS_BELAJAR", "study_leave_education": "S1"},
        [("STUDY_LEAVE", 3_510_400), ("STUDY_LEAVE_EXEMPT", 0)], 3_510_400, 3_510_400),
    # tugas belajar S2 → class 7 amount 3,915,950
    row("tugas-belajar-s2", {"status": "TUGAS_BELAJAR", "study_leave_education": "S2"},
        [("STUDY_LEAVE", 3_915_950), ("STUDY_LEAVE_EXEMPT", 0)], 3_915_950, 3_915_950),
    # no education recorded → default class 7 = 3,915,950
    row("tugas-belajar-default-class", {"status": "TUGAS_BELAJAR"},
        [("STUDY_LEAVE", 3_915_950), ("STUDY_LEAVE_EXEMPT", 0)], 3_915_950, 3_915_950),
    # S1, 15 of 30 days of April: 3,510,400 × 15/30 = 1,755,200
    row("tugas-belajar-half-month",
        {"status": "TUGAS_BELAJAR", "study_leave_education": "S1", "month": date(2026, 4, 1),
         "days_in_month": 30, "segments": (Segment(9, 15),)},
        [("STUDY_LEAVE", 1_755_200), ("STUDY_LEAVE_EXEMPT", 0)], 1_755_200, 1_755_200),
    # away at school all month: no appraisal and every day "unexcused" change nothing
    row("tugas-belajar-not-appraised-not-at-office",
        {"status": "TUGAS_BELAJAR", "predicate": None,
         "attendance": attendance(unexcused=22, TL4=1)},
        [("STUDY_LEAVE", 3_915_950), ("STUDY_LEAVE_EXEMPT", 0)], 3_915_950, 3_915_950),
    row("cltn-not-paid", {"status": "CLTN"}, [("NOT_PAID_CLTN", 0)], 0, 0),
    row("suspended-not-paid", {"status": "SUSPENDED"}, [("NOT_PAID_SUSPENDED", 0)], 0, 0),
    row("retired-not-paid", {"status": "RETIRED"}, [("NOT_PAID_RETIRED", 0)], 0, 0),
    row("no-position-not-paid", {"segments": ()}, [("NO_POSITION", 0)], 0, 0),
    # not paid wins over sanctions, absences and a profession allowance
    row("cltn-ignores-everything",
        {"status": "CLTN", "attendance": attendance(unexcused=5),
         "sanctions": (sanction("s1", "25"),), "profession_allowance": 1_000_000},
        [("NOT_PAID_CLTN", 0)], 0, 0),
    # --- performance factor by predicate (cut = 60 % × (100 − factor) %) ------------------------
    row("sangat-baik", {"predicate": "SANGAT_BAIK"},
        [("KELAS_9", 5_079_200), ("SANGAT_BAIK", 0)], 5_079_200, 5_079_200),
    # factor 80 → 12 %: 5,079,200 × 0.12 = 609,504
    row("butuh-perbaikan", {"predicate": "BUTUH_PERBAIKAN"},
        [("KELAS_9", 5_079_200), ("BUTUH_PERBAIKAN", -609_504)], 4_469_696, 5_079_200),
    row("cukup", {"predicate": "CUKUP"},
        [("KELAS_9", 5_079_200), ("CUKUP", -609_504)], 4_469_696, 5_079_200),
    # factor 60 → 24 %: 1,219,008
    row("kurang", {"predicate": "KURANG"},
        [("KELAS_9", 5_079_200), ("KURANG", -1_219_008)], 3_860_192, 5_079_200),
    # factor 40 → 36 %: 1,828,512
    row("sangat-kurang", {"predicate": "SANGAT_KURANG"},
        [("KELAS_9", 5_079_200), ("SANGAT_KURANG", -1_828_512)], 3_250_688, 5_079_200),
    row("buruk", {"predicate": "BURUK"},
        [("KELAS_9", 5_079_200), ("BURUK", -1_828_512)], 3_250_688, 5_079_200),
    # no appraisal: factor 65 → 21 %: 5,079,200 × 0.21 = 1,066,632
    row("no-appraisal", {"predicate": None},
        [("KELAS_9", 5_079_200), ("NO_APPRAISAL", -1_066_632)], 4_012_568, 5_079_200),
    # kelas 8: 4,595,150 × 0.21 = 964,981.5 → 964,982 (half up)
    row("no-appraisal-half-up", {"predicate": None, "segments": (Segment(8, 31),)},
        [("KELAS_8", 4_595_150), ("NO_APPRAISAL", -964_982)], 3_630_168, 4_595_150),
    # --- TL / PSW bands on E = 5,079,200 -------------------------------------------------------
    # TL1 × 1 = 0.5 % → 25,396
    row("tl1", {"attendance": attendance(TL1=1)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("TL1", -25_396)], 5_053_804, 5_079_200),
    # TL2 × 3 = 3 % → 152,376
    row("tl2", {"attendance": attendance(TL2=3)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("TL2", -152_376)], 4_926_824, 5_079_200),
    # TL3 × 2 = 2.5 % → 126,980
    row("tl3", {"attendance": attendance(TL3=2)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("TL3", -126_980)], 4_952_220, 5_079_200),
    # TL4 × 1 = 1.5 % → 76,188
    row("tl4", {"attendance": attendance(TL4=1)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("TL4", -76_188)], 5_003_012, 5_079_200),
    # PSW1 × 2 = 1 % → 50,792
    row("psw1", {"attendance": attendance(PSW1=2)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PSW1", -50_792)], 5_028_408, 5_079_200),
    # PSW2 × 1 = 1 % → 50,792
    row("psw2", {"attendance": attendance(PSW2=1)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PSW2", -50_792)], 5_028_408, 5_079_200),
    # PSW3 × 4 = 5 % → 253,960
    row("psw3", {"attendance": attendance(PSW3=4)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PSW3", -253_960)], 4_825_240, 5_079_200),
    # PSW4 × 3 = 4.5 % → 228,564
    row("psw4", {"attendance": attendance(PSW4=3)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PSW4", -228_564)], 4_850_636, 5_079_200),
    # kelas 10 5,979,200: TL1 × 1 = 29,896 and PSW1 × 1 = 29,896 (TL lines before PSW lines)
    row("tl1-and-psw1", {"segments": (Segment(10, 31),), "attendance": attendance(PSW1=1, TL1=1)},
        [("KELAS_10", 5_979_200), ("BAIK", 0), ("TL1", -29_896), ("PSW1", -29_896)],
        5_919_408, 5_979_200),
    # --- rounding with odd tariffs -------------------------------------------------------------
    # kelas 8: 4,595,150 × 0.5 % = 22,975.75 → 22,976
    row("round-kelas-8-tl1", {"segments": (Segment(8, 31),), "attendance": attendance(TL1=1)},
        [("KELAS_8", 4_595_150), ("BAIK", 0), ("TL1", -22_976)], 4_572_174, 4_595_150),
    # kelas 8: 4,595,150 × 1.25 % = 57,439.375 → 57,439
    row("round-kelas-8-tl3", {"segments": (Segment(8, 31),), "attendance": attendance(TL3=1)},
        [("KELAS_8", 4_595_150), ("BAIK", 0), ("TL3", -57_439)], 4_537_711, 4_595_150),
    # kelas 16: 27,577,500 × 0.5 % = 137,887.5 → 137,888 (half up)
    row("round-kelas-16-half", {"segments": (Segment(16, 31),), "attendance": attendance(PSW1=1)},
        [("KELAS_16", 27_577_500), ("BAIK", 0), ("PSW1", -137_888)], 27_439_612, 27_577_500),
    # kelas 5: 3,134,250 × 0.5 % = 15,671.25 → 15,671
    row("round-kelas-5", {"segments": (Segment(5, 31),), "attendance": attendance(PSW1=1)},
        [("KELAS_5", 3_134_250), ("BAIK", 0), ("PSW1", -15_671)], 3_118_579, 3_134_250),
    # kelas 7: 3,915,950 × 1.5 % = 58,739.25 → 58,739
    row("round-kelas-7", {"segments": (Segment(7, 31),), "attendance": attendance(TL4=1)},
        [("KELAS_7", 3_915_950), ("BAIK", 0), ("TL4", -58_739)], 3_857_211, 3_915_950),
    # kelas 9, 15 of 31 days: 76,188,000 / 31 = 2,457,677.42 → 2,457,677
    row("joined-mid-month", {"segments": (Segment(9, 15),)},
        [("KELAS_9", 2_457_677), ("BAIK", 0)], 2_457_677, 2_457_677),
    # --- absence and leave ----------------------------------------------------------------------
    # 2 days × 3 % = 6 % → 304,752
    row("unexcused-2-days", {"attendance": attendance(unexcused=2)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("UNEXCUSED", -304_752)], 4_774_448, 5_079_200),
    # SAKIT configured 2 %/day: 2 days = 4 % → 203,168
    row("leave-configured", {"attendance": attendance(leave={"SAKIT": 2})},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("LEAVE_SAKIT", -203_168)], 4_876_032, 5_079_200,
        WITH_LEAVE),
    # CUTI_TAHUNAN configured at 0 %: a line of Rp 0
    row("leave-configured-zero", {"attendance": attendance(leave={"CUTI_TAHUNAN": 3})},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("LEAVE_CUTI_TAHUNAN", 0)], 5_079_200, 5_079_200,
        WITH_LEAVE),
    # default rules configure no leave type: no line, nothing deducted
    row("leave-not-configured", {"attendance": attendance(leave={"CUTI_TAHUNAN": 5, "SAKIT": 2})},
        [("KELAS_9", 5_079_200), ("BAIK", 0)], 5_079_200, 5_079_200),
    # --- the deduction cap (100 % of D = 40 % of E) --------------------------------------------
    # 20 days × 3 % = 60 % → 3,047,520; D = 2,031,680; CAP gives back 1,015,840
    row("cap-many-absences", {"attendance": attendance(unexcused=20)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("UNEXCUSED", -3_047_520),
         ("DEDUCTION_CAP", 1_015_840)], 3_047_520, 5_079_200),
    # kelas 8: TL4 × 10 = 15 % → 689,272.5 → 689,273; 10 days = 30 % → 1,378,545;
    # sum 2,067,818; D = 1,838,060; excess 229,758; total 4,595,150 − 1,838,060 = 2,757,090
    row("cap-bands-and-absence",
        {"segments": (Segment(8, 31),), "attendance": attendance(TL4=10, unexcused=10)},
        [("KELAS_8", 4_595_150), ("BAIK", 0), ("TL4", -689_273), ("UNEXCUSED", -1_378_545),
         ("DEDUCTION_CAP", 229_758)], 2_757_090, 4_595_150),
    # TL2 × 40 = 40 % → 2,031,680 = D exactly: no CAP line
    row("cap-exactly-reached", {"attendance": attendance(TL2=40)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("TL2", -2_031_680)], 3_047_520, 5_079_200),
    # --- sanctions ------------------------------------------------------------------------------
    # 25 % → 1,269,800
    row("sanction-25", {"sanctions": (sanction("s1", "25"),)},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("s1", -1_269_800)], 3_809_400, 5_079_200),
    # 25 % → 1,269,800 and 10 % → 507,920 (sorted by id)
    row("two-sanctions", {"sanctions": (sanction("s2", "10"), sanction("s1", "25"))},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("s1", -1_269_800), ("s2", -507_920)],
        3_301_480, 5_079_200),
    # CPNS: E = 4,063,360; 25 % → 1,015,840
    row("cpns-sanction", {"status": "CPNS", "sanctions": (sanction("s1", "25"),)},
        [("KELAS_9", 5_079_200), ("CPNS", -1_015_840), ("BAIK", 0), ("s1", -1_015_840)],
        3_047_520, 4_063_360),
    # --- profession allowance (difference only) -------------------------------------------------
    row("profession-smaller", {"profession_allowance": 2_000_000},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PROFESSION", -2_000_000)], 3_079_200, 5_079_200),
    row("profession-larger", {"profession_allowance": 6_000_000},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PROFESSION", -5_079_200)], 0, 5_079_200),
    row("profession-equal", {"profession_allowance": 5_079_200},
        [("KELAS_9", 5_079_200), ("BAIK", 0), ("PROFESSION", -5_079_200)], 0, 5_079_200),
    # after the 21 % cut the running total is 4,012,568; 1,000,000 → 3,012,568
    row("profession-after-cut", {"predicate": None, "profession_allowance": 1_000_000},
        [("KELAS_9", 5_079_200), ("NO_APPRAISAL", -1_066_632), ("PROFESSION", -1_000_000)],
        3_012_568, 5_079_200),
    # --- transfer mid-month (prorated by days) --------------------------------------------------
    # kelas 9: 5,079,200 × 10/31 = 1,638,451.61 → 1,638,452
    # kelas 8: 4,595,150 × 21/31 = 3,112,843.55 → 3,112,844; E = 4,751,296
    row("transfer-9-to-8", {"segments": (Segment(9, 10), Segment(8, 21))},
        [("KELAS_9", 1_638_452), ("KELAS_8", 3_112_844), ("BAIK", 0)], 4_751_296, 4_751_296),
    # same, no appraisal: 4,751,296 × 21 % = 997,772.16 → 997,772
    row("transfer-no-appraisal", {"segments": (Segment(9, 10), Segment(8, 21)), "predicate": None},
        [("KELAS_9", 1_638_452), ("KELAS_8", 3_112_844), ("NO_APPRAISAL", -997_772)],
        3_753_524, 4_751_296),
    # same kelas in two units: 1,638,452 + 5,079,200 × 21/31 = 3,440,748.39 → 3,440,748
    row("transfer-same-kelas", {"segments": (Segment(9, 10), Segment(9, 21))},
        [("KELAS_9", 1_638_452), ("KELAS_9", 3_440_748), ("BAIK", 0)], 5_079_200, 5_079_200),
    # February 2026 (28 days): kelas 8 × 14/28 = 2,297,575; kelas 9 × 14/28 = 2,539,600
    row("transfer-february",
        {"month": date(2026, 2, 1), "days_in_month": 28,
         "segments": (Segment(8, 14), Segment(9, 14))},
        [("KELAS_8", 2_297_575), ("KELAS_9", 2_539_600), ("BAIK", 0)], 4_837_175, 4_837_175),
    # --- month not closed -----------------------------------------------------------------------
    row("month-not-closed", {"attendance": None},
        [("KELAS_9", 5_079_200), ("BAIK", 0)], 5_079_200, 5_079_200),
    # not closed and no appraisal: only the performance cut 1,066,632
    row("month-not-closed-no-appraisal", {"attendance": None, "predicate": None},
        [("KELAS_9", 5_079_200), ("NO_APPRAISAL", -1_066_632)], 4_012_568, 5_079_200),
    # --- combinations ---------------------------------------------------------------------------
    # kelas 8 CPNS: 4,595,150 × 20 % = 919,030 → E 3,676,120; 21 % = 771,985.2 → 771,985;
    # TL2 × 2 = 2 % = 73,522.4 → 73,522; total 3,676,120 − 771,985 − 73,522 = 2,830,613
    row("cpns-tl-no-appraisal",
        {"status": "CPNS", "segments": (Segment(8, 31),), "predicate": None,
         "attendance": attendance(TL2=2)},
        [("KELAS_8", 4_595_150), ("CPNS", -919_030), ("NO_APPRAISAL", -771_985),
         ("TL2", -73_522)], 2_830_613, 3_676_120),
    # tugas belajar S2: E 3,915,950; 25 % = 978,987.5 → 978,988
    row("tugas-belajar-sanction",
        {"status": "TUGAS_BELAJAR", "study_leave_education": "S2",
         "sanctions": (sanction("s1", "25"),)},
        [("STUDY_LEAVE", 3_915_950), ("STUDY_LEAVE_EXEMPT", 0), ("s1", -978_988)],
        2_936_962, 3_915_950),
    # kelas 17 33,240,000: SANGAT_KURANG 36 % = 11,966,400; 1 day 3 % = 997,200
    row("kelas-17-sangat-kurang-absent",
        {"segments": (Segment(17, 31),), "predicate": "SANGAT_KURANG",
         "attendance": attendance(unexcused=1)},
        [("KELAS_17", 33_240_000), ("SANGAT_KURANG", -11_966_400), ("UNEXCUSED", -997_200)],
        20_276_400, 33_240_000),
    # SANGAT_KURANG −1,828,512; 20 days −3,047,520 + cap 1,015,840; two 25 % sanctions
    # −2,539,600: running 5,079,200 − 1,828,512 − 2,031,680 − 2,539,600 = −1,320,592 → +1,320,592
    row("never-negative",
        {"predicate": "SANGAT_KURANG", "attendance": attendance(unexcused=20),
         "sanctions": (sanction("a", "25"), sanction("b", "25"))},
        [("KELAS_9", 5_079_200), ("SANGAT_KURANG", -1_828_512), ("UNEXCUSED", -3_047_520),
         ("DEDUCTION_CAP", 1_015_840), ("a", -1_269_800), ("b", -1_269_800),
         ("NOT_NEGATIVE", 1_320_592)], 0, 5_079_200),
    # negative before the profession line: the profession line is 0, then NOT_NEGATIVE
    row("profession-when-negative",
        {"predicate": "SANGAT_KURANG", "attendance": attendance(unexcused=20),
         "sanctions": (sanction("a", "25"), sanction("b", "25")),
         "profession_allowance": 500_000},
        [("KELAS_9", 5_079_200), ("SANGAT_KURANG", -1_828_512), ("UNEXCUSED", -3_047_520),
         ("DEDUCTION_CAP", 1_015_840), ("a", -1_269_800), ("b", -1_269_800),
         ("PROFESSION", 0), ("NOT_NEGATIVE", 1_320_592)], 0, 5_079_200),
]
# fmt: on


@pytest.mark.parametrize(("overrides", "rules", "lines", "total", "entitled"), CASES)
def test_hand_computed_case(
    overrides: dict[str, Any],
    rules: AllowanceRules,
    lines: list[tuple[str, int]],
    total: int,
    entitled: int,
) -> None:
    payment = compute_payment(inputs(**overrides), rules)

    assert [(line.code, line.amount) for line in payment.lines] == lines
    assert payment.total == total
    assert payment.entitled == entitled
    assert sum(line.amount for line in payment.lines) == payment.total


def test_the_table_has_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_components_are_reported_for_information() -> None:
    # E 5,079,200: performance 60 % = 3,047,520, discipline 40 % = 2,031,680
    payment = compute_payment(inputs(), DEFAULT_RULES)

    assert (payment.performance_component, payment.discipline_component) == (3_047_520, 2_031_680)
    assert payment.paid


def test_not_paid_payment_is_marked_unpaid() -> None:
    payment = compute_payment(inputs(status="CLTN"), DEFAULT_RULES)

    assert not payment.paid
    assert payment.lines == (
        Line(LineKind.STATUS, "NOT_PAID_CLTN", payment.lines[0].label, None, None, None, 0),
    )
    assert "CLTN" in payment.lines[0].label


def test_a_deduction_line_explains_count_percentage_and_rupiah() -> None:
    payment = compute_payment(inputs(attendance=attendance(TL2=3)), DEFAULT_RULES)

    line = payment.lines[-1]
    assert line == Line(
        LineKind.DEDUCTION,
        "TL2",
        "TL2 × 3 → −3 % → −Rp 152.376",
        3,
        Decimal(3),
        5_079_200,
        -152_376,
    )


def test_fractional_percentages_use_a_decimal_comma_in_labels() -> None:
    payment = compute_payment(
        inputs(segments=(Segment(8, 31),), attendance=attendance(TL3=1)), DEFAULT_RULES
    )

    assert payment.lines[-1].label == "TL3 × 1 → −1,25 % → −Rp 57.439"
    assert payment.lines[-1].percent == Decimal("1.25")


def test_performance_line_shows_the_cut_as_a_percentage_of_e() -> None:
    payment = compute_payment(inputs(predicate=None), DEFAULT_RULES)

    line = payment.lines[1]
    assert (line.kind, line.percent, line.basis) == (LineKind.PERFORMANCE, Decimal(21), 5_079_200)
    assert "65 %" in line.label


def test_tariff_line_records_days_and_class_amount() -> None:
    payment = compute_payment(inputs(segments=(Segment(9, 10),)), DEFAULT_RULES)

    line = payment.lines[0]
    assert (line.kind, line.count, line.basis, line.amount) == (
        LineKind.TARIFF,
        10,
        5_079_200,
        1_638_452,
    )
    assert line.label == "Kelas 9: Rp 5.079.200 × 10/31 hari → Rp 1.638.452"


def test_deduction_cap_line_gives_back_the_excess() -> None:
    payment = compute_payment(inputs(attendance=attendance(unexcused=20)), DEFAULT_RULES)

    cap = payment.lines[-1]
    assert (cap.kind, cap.basis, cap.amount) == (LineKind.CAP, 2_031_680, 1_015_840)


def test_lower_cap_percentage_caps_lower() -> None:
    # cap 50 % of D 2,031,680 = 1,015,840; 2 days = 6 % = 304,752 → not capped; 20 days capped
    rules = replace(DEFAULT_RULES, deduction_cap_percent=Decimal(50))
    payment = compute_payment(inputs(attendance=attendance(unexcused=20)), rules)

    assert payment.total == 5_079_200 - 1_015_840


def test_profession_difference_can_be_switched_off() -> None:
    rules = replace(DEFAULT_RULES, profession_difference=False)

    payment = compute_payment(inputs(profession_allowance=2_000_000), rules)

    assert payment.total == 5_079_200
    assert all(line.kind != LineKind.PROFESSION for line in payment.lines)


def test_band_order_of_the_rule_set_does_not_change_the_payment() -> None:
    rules = replace(DEFAULT_RULES, band_deductions=tuple(reversed(DEFAULT_RULES.band_deductions)))
    given = inputs(attendance=attendance(TL1=1, PSW4=2, TL3=1))

    assert compute_payment(given, rules) == compute_payment(given, DEFAULT_RULES)


def test_missing_kelas_in_the_tariff_is_a_rule_error() -> None:
    tariff = {k: v for k, v in TARIFF.items() if k != 9}

    with pytest.raises(AllowanceRuleError, match="kelas 9") as error:
        compute_payment(inputs(tariff=tariff), DEFAULT_RULES)
    assert error.value.field == "tariff"


def test_unknown_predicate_is_a_rule_error() -> None:
    with pytest.raises(AllowanceRuleError, match="ISTIMEWA") as error:
        compute_payment(inputs(predicate="ISTIMEWA"), DEFAULT_RULES)
    assert error.value.field == "predicate"


def test_band_without_a_deduction_in_the_rule_set_is_a_rule_error() -> None:
    given = inputs(attendance=replace(CLEAN, tl={"TL5": 1}))

    with pytest.raises(AllowanceRuleError, match="TL5") as error:
        compute_payment(given, DEFAULT_RULES)
    assert error.value.field == "attendance"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"days_in_month": 0}, "days_in_month"),
        ({"segments": (Segment(9, 0),)}, "segments"),
        ({"segments": (Segment(9, 20), Segment(8, 12))}, "segments"),
        ({"profession_allowance": -1}, "profession_allowance"),
        ({"sanctions": (sanction("s", "101"),)}, "sanctions"),
        ({"sanctions": (sanction("s", "-1"),)}, "sanctions"),
        ({"attendance": attendance(unexcused=-1)}, "attendance"),
        ({"attendance": attendance(TL1=-1)}, "attendance"),
    ],
)
def test_invalid_inputs_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(AllowanceRuleError) as error:
        compute_payment(inputs(**overrides), DEFAULT_RULES)
    assert error.value.field == field


def test_payment_to_dict_is_json_safe_with_decimal_strings() -> None:
    payment = compute_payment(
        inputs(segments=(Segment(8, 31),), attendance=attendance(TL1=1)), DEFAULT_RULES
    )

    data = payment_to_dict(payment)

    assert json.loads(json.dumps(data)) == data
    assert data["month"] == "2026-03-01"
    assert data["total"] == 4_572_174
    assert data["lines"][-1] == {
        "kind": "DEDUCTION",
        "code": "TL1",
        "label": "TL1 × 1 → −0,5 % → −Rp 22.976",
        "count": 1,
        "percent": "0.5",
        "basis": 4_595_150,
        "amount": -22_976,
    }
    assert lines_to_json(payment.lines) == data["lines"]


def test_inputs_to_dict_is_json_safe_and_keeps_only_the_classes_used() -> None:
    given = inputs(
        segments=(Segment(9, 10), Segment(8, 21)),
        attendance=attendance(TL1=1, leave={"SAKIT": 2}),
        sanctions=(sanction("s2", "10"), sanction("s1", "25")),
    )

    data = inputs_to_dict(given)

    assert json.loads(json.dumps(data)) == data
    assert data["tariff"] == [[8, 4_595_150], [9, 5_079_200]]
    assert [s["id"] for s in data["sanctions"]] == ["s1", "s2"]
    assert data["sanctions"][1]["percent"] == "10"
    assert data["attendance"]["leave_days"] == {"SAKIT": 2}


def test_leave_line_reads_as_the_leave_type() -> None:
    payment = compute_payment(inputs(attendance=attendance(leave={"SAKIT": 2})), WITH_LEAVE)

    assert payment.lines[-1].label == "Cuti sakit (hari) × 2 → −4 % → −Rp 203.168"


def test_inputs_to_dict_keeps_the_whole_tariff_for_tugas_belajar() -> None:
    data = inputs_to_dict(inputs(status="TUGAS_BELAJAR", study_leave_education="S1"))

    assert len(data["tariff"]) == 17


def test_inputs_to_dict_of_an_open_month() -> None:
    assert inputs_to_dict(inputs(attendance=None))["attendance"] is None


def test_money_rounds_halves_away_from_zero_and_writes_indonesian_numbers() -> None:
    from fractions import Fraction

    from services.allowance.domain.money import percent_text, round_half_up, rupiah, share

    assert [round_half_up(Fraction(n, 2)) for n in (3, -3, 5, -5)] == [2, -2, 3, -3]
    assert round_half_up(Fraction(49, 100)) == 0
    assert share(4_595_150, Decimal(21)) == 964_982
    assert rupiah(-99_000) == "−Rp 99.000"
    assert (rupiah(0), rupiah(33_240_000)) == ("Rp 0", "Rp 33.240.000")
    assert (percent_text(Decimal("1.25")), percent_text(Decimal("100"))) == ("1,25 %", "100 %")
