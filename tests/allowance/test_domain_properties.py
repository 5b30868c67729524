"""Properties of compute_payment over generated inputs and rule sets (hypothesis)."""

from __future__ import annotations

import calendar
import dataclasses
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.allowance.domain.payment import (
    Attendance,
    Payment,
    PaymentInputs,
    Sanction,
    Segment,
    compute_payment,
    inputs_to_dict,
    payment_to_dict,
)
from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.tariffs import PERPRES_71_2023, PERPRES_134_2017
from services.allowance.domain.types import LineKind

STATUSES = ("PNS", "CPNS", "PPPK", "TUGAS_BELAJAR", "CLTN", "SUSPENDED", "RETIRED", "DECEASED")
PREDICATES = (None, *dict(DEFAULT_RULES.performance_factors))
BANDS = tuple(code for code, _ in DEFAULT_RULES.band_deductions)
percent = st.integers(0, 10_000).map(lambda hundredths: Decimal(hundredths).scaleb(-2))
count = st.integers(min_value=0, max_value=25)
LEAVE_TYPES = ("SAKIT", "CUTI_TAHUNAN", "ALASAN_PENTING")


@st.composite
def payment_inputs(draw: st.DrawFn) -> PaymentInputs:
    """Any valid month of any employee, on either seeded tariff."""
    month = date(draw(st.integers(2024, 2027)), draw(st.integers(1, 12)), 1)
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    segments: list[Segment] = []
    left = days_in_month
    for _ in range(draw(st.integers(0, 3))):
        if left == 0:
            break
        days = draw(st.integers(1, left))
        segments.append(Segment(draw(st.integers(1, 17)), days))
        left -= days
    bands = {code: draw(count) for code in BANDS}
    attendance = draw(
        st.none()
        | st.just(
            Attendance(
                working_days=draw(st.integers(0, 23)),
                tl={k: v for k, v in bands.items() if k.startswith("TL")},
                psw={k: v for k, v in bands.items() if k.startswith("PSW")},
                unexcused_days=draw(count),
                leave_days=draw(st.dictionaries(st.sampled_from(LEAVE_TYPES), count)),
            )
        )
    )
    sanctions = tuple(
        Sanction(f"s{i}", draw(percent), f"SK {i}") for i in range(draw(st.integers(0, 3)))
    )
    return PaymentInputs(
        employee_id=draw(st.sampled_from(["e-1", "e-2"])),
        month=month,
        days_in_month=days_in_month,
        status=draw(st.sampled_from(STATUSES)),
        segments=tuple(segments),
        tariff=dict(draw(st.sampled_from([PERPRES_71_2023, PERPRES_134_2017])).amounts),
        predicate=draw(st.sampled_from(PREDICATES)),
        attendance=attendance,
        study_leave_education=draw(st.none() | st.sampled_from(["S1", "S2", "D", "S3", "SMA"])),
        sanctions=sanctions,
        profession_allowance=draw(st.integers(0, 40_000_000)),
    )


@st.composite
def allowance_rules(draw: st.DrawFn) -> AllowanceRules:
    """DEFAULT_RULES with the percentages and switches varied."""
    performance = Decimal(draw(st.integers(0, 1_000))).scaleb(-1)
    return dataclasses.replace(
        DEFAULT_RULES,
        performance_percent=performance,
        discipline_percent=100 - performance,
        no_appraisal_factor=draw(percent),
        band_deductions=tuple((code, draw(percent)) for code in BANDS),
        unexcused_absence_percent=draw(percent),
        leave_deductions=(("SAKIT", draw(percent)),),
        deduction_cap_percent=draw(percent),
        cpns_percent=draw(percent),
        study_leave_percent=draw(percent),
        profession_difference=draw(st.booleans()),
    )


def _walk(value: Any) -> list[Any]:
    """Every leaf of a dataclass / mapping / sequence tree."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [leaf for f in dataclasses.fields(value) for leaf in _walk(getattr(value, f.name))]
    if isinstance(value, Mapping):
        return [leaf for item in value.items() for leaf in _walk(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _walk(item)]
    return [value]


def _deducted(payment: Payment) -> int:
    return -sum(line.amount for line in payment.lines if line.kind == LineKind.DEDUCTION)


def _capped_back(payment: Payment) -> int:
    return sum(line.amount for line in payment.lines if line.code == "DEDUCTION_CAP")


@settings(max_examples=150, deadline=None)
@given(payment_inputs(), allowance_rules())
def test_no_float_anywhere_in_a_payment(inputs: PaymentInputs, rules: AllowanceRules) -> None:
    payment = compute_payment(inputs, rules)

    leaves = _walk(payment)
    assert not any(isinstance(leaf, float) for leaf in leaves)
    for line in payment.lines:
        assert type(line.amount) is int
        assert line.basis is None or type(line.basis) is int
        assert line.percent is None or isinstance(line.percent, Decimal)
    for money in (payment.total, payment.entitled, payment.performance_component):
        assert type(money) is int
    assert not any(isinstance(leaf, float) for leaf in _walk(payment_to_dict(payment)))


@settings(max_examples=150, deadline=None)
@given(payment_inputs(), allowance_rules())
def test_lines_sum_exactly_to_a_total_that_is_never_negative(
    inputs: PaymentInputs, rules: AllowanceRules
) -> None:
    payment = compute_payment(inputs, rules)

    assert sum(line.amount for line in payment.lines) == payment.total
    assert payment.total >= 0


@settings(max_examples=100, deadline=None)
@given(payment_inputs(), allowance_rules())
def test_computing_twice_is_identical(inputs: PaymentInputs, rules: AllowanceRules) -> None:
    first, second = compute_payment(inputs, rules), compute_payment(inputs, rules)

    assert first == second
    assert json.dumps(payment_to_dict(first), sort_keys=True) == json.dumps(
        payment_to_dict(second), sort_keys=True
    )
    assert json.dumps(inputs_to_dict(inputs), sort_keys=True) == json.dumps(
        inputs_to_dict(inputs), sort_keys=True
    )


@settings(max_examples=150, deadline=None)
@given(payment_inputs(), allowance_rules())
def test_deductions_never_exceed_the_cap(inputs: PaymentInputs, rules: AllowanceRules) -> None:
    payment = compute_payment(inputs, rules)

    cap = (Decimal(payment.discipline_component) * rules.deduction_cap_percent / 100).quantize(
        Decimal(1), rounding="ROUND_HALF_UP"
    )
    assert _deducted(payment) - _capped_back(payment) <= cap
    if _capped_back(payment):
        assert _deducted(payment) - _capped_back(payment) == cap


@settings(max_examples=100, deadline=None)
@given(payment_inputs(), allowance_rules())
def test_not_paid_statuses_and_no_position_pay_zero(
    inputs: PaymentInputs, rules: AllowanceRules
) -> None:
    payment = compute_payment(inputs, rules)

    if inputs.status in rules.not_paid_statuses or not inputs.segments:
        assert payment.total == 0
        assert not payment.paid
        assert [line.kind for line in payment.lines] == [LineKind.STATUS]
    else:
        assert payment.paid


@settings(max_examples=100, deadline=None)
@given(payment_inputs())
def test_total_never_exceeds_the_entitled_tariff(inputs: PaymentInputs) -> None:
    payment = compute_payment(inputs, DEFAULT_RULES)

    assert 0 <= payment.total <= payment.entitled
