"""One employee's tukin (tunjangan kinerja) for one month, explained line by line (DOMAIN.md §5).

`compute_payment(inputs, rules)` is a pure function: the same `PaymentInputs` and
`AllowanceRules` always give an equal `Payment` with identical JSON. Money is `int` whole rupiah;
percentages are `Decimal`; there is no float anywhere.

Arithmetic and rounding
- Every line is computed exactly (rational arithmetic with `fractions.Fraction` on the integer
  rupiah and the Decimal percentages) and rounded to whole rupiah ONCE, half-up (a half rounds
  away from zero, as Decimal's ROUND_HALF_UP on the exact value). The total is the sum of the
  lines, so the lines always add up exactly to the total.
- A deduction is computed on its magnitude and negated: −(1,5 → 2), never −1,5 → −1.

The steps (the percentages are of E, the *entitled* tariff after the status rule)
1. Not paid: a status in `rules.not_paid_statuses` (CLTN, SUSPENDED, RETIRED, …) or no position
   on any day of the month (no segments) → one STATUS line of Rp 0 saying why; total 0,
   `paid` False, entitled and both components 0. The status rule wins over every other input.
2. TARIFF: one line per segment (a position held `days` days): round(tariff[kelas] × days ÷
   days_in_month); count = days, basis = the class amount. Segments keep their given order (a
   transfer mid-month is two lines, each rounded on its own). A kelas the tariff lacks →
   `AllowanceRuleError("tariff", …)`.
   Tugas belajar (status TUGAS_BELAJAR, or any `study_leave_education`): instead ONE TARIFF line
   of the class by education (`rules.study_leave_class`, else `study_leave_default_class`; no
   education → the default class) × `study_leave_percent`, prorated by the days of the month the
   employee held a position (the sum of the segments' days): round(amount × days ÷
   days_in_month × percent %); percent = study_leave_percent, basis = the class amount.
   CPNS (status CPNS): a STATUS line −round(gross × (100 − cpns_percent) %), where gross is the
   sum of the TARIFF lines; basis = gross, percent = 100 − cpns_percent (a CPNS on study leave gets
   both: the study-leave line, then the CPNS share of it). E = TARIFF + STATUS lines.
   An employee on study leave is neither appraised nor at the office: their payment has no
   performance cut and no discipline deductions (one PERFORMANCE line of Rp 0 code
   STUDY_LEAVE_EXEMPT says so; steps 3 and 4 are skipped); sanctions and the profession rule
   still apply. The regulation (reference/regulations.md §3) pays 100 % of the class amount.
3. PERFORMANCE: −round(E × performance_percent % × (100 − factor) %), factor =
   `performance_factors[predicate]`, or `no_appraisal_factor` when there is no finalised
   appraisal (predicate None). The line is there even at Rp 0, so the explanation shows the
   predicate. percent = performance_percent × (100 − factor) ÷ 100 (e.g. 21 % of E for "no
   appraisal" under the defaults), basis = E. A predicate without a factor →
   `AllowanceRuleError("predicate", …)`. `performance_component` = round(E × performance_percent %)
   is reported on the Payment for information; it is not a line.
4. DEDUCTION (only when the month is closed, `attendance` not None; a month not closed has no
   discipline deductions): the TL bands then the PSW bands, each by code (TL1…TL4, PSW1…PSW4;
   never the rule set's key order, so a rule set read back from JSON pays the same), for each band
   with a count > 0: −round(E × count × band %); then unexcused absence days ×
   `unexcused_absence_percent`; then leave days per leave type, sorted by type, for the types the
   rule set configures (`leave_deductions`, even at 0 %; an unconfigured type deducts nothing and
   has no line). On a deduction line count = occurrences or days, percent = the line's whole
   percentage (count × per-occurrence percent: "TL2 × 3 → −3 %"), basis = E, so amount =
   −round(basis × percent %). A band the attendance reports but the rule set does not define →
   `AllowanceRuleError("attendance", …)` (a band vocabulary mismatch must not pay silently).
   Discipline component D = round(E × discipline_percent %) (reported on the Payment). When the
   deductions (each already rounded) exceed the cap round(D × deduction_cap_percent %), a CAP line
   (code DEDUCTION_CAP) gives the excess back; basis = the cap.
5. SANCTION: one line per sanction, sorted by id: −round(E × sanction.percent %). The caller
   passes only the sanctions active in the month, each with its percent (the rule set's
   `default_sanction_percent` is applied when a sanction is recorded, not here); a sanction is not
   capped by the discipline cap (it is a separate penalty on the whole tukin).
6. PROFESSION (rules.profession_difference and profession_allowance > 0): −min(profession
   allowance, running total so far, floored at 0) — a functional official is paid only the positive
   difference between the tukin and the profession allowance; basis = the profession allowance.
7. If the running total is still negative (e.g. sanctions on top of every other cut), a CAP line
   (code NOT_NEGATIVE) brings it to 0. Total = the sum of the lines ≥ 0.

Labels are Indonesian-style numbers: thousands with ".", decimals with ",", minus "−"
("TL2 × 3 → −3 % → −Rp 99.000"); codes are stable identifiers for machines.

Attendance.working_days is carried for the record (inputs, digests) and does not enter the
arithmetic. Inputs are validated: days_in_month ≥ 1; each segment's days ≥ 1 and their sum ≤
days_in_month; counts, days and the profession allowance ≥ 0; a sanction's percent 0..100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from services.allowance.domain.money import (
    HUNDRED,
    decimal_text,
    percent_text,
    round_half_up,
    rupiah,
    share,
)
from services.allowance.domain.rules import AllowanceRules
from services.allowance.domain.types import AllowanceRuleError, LineKind

CPNS = "CPNS"
TUGAS_BELAJAR = "TUGAS_BELAJAR"


@dataclass(frozen=True)
class Segment:
    """A position of kelas jabatan `kelas` held `days` days of the month."""

    kelas: int
    days: int


@dataclass(frozen=True)
class Attendance:
    """The employee's closed month: band counts (TL1–TL4, PSW1–PSW4), unexcused days, leave."""

    working_days: int
    tl: Mapping[str, int]
    psw: Mapping[str, int]
    unexcused_days: int
    leave_days: Mapping[str, int]


@dataclass(frozen=True)
class Sanction:
    """A disciplinary sanction active in the month: tukin −percent % (PP 94/2021)."""

    id: str
    percent: Decimal
    reference: str


@dataclass(frozen=True)
class PaymentInputs:
    """Everything one employee's payment for one month depends on."""

    employee_id: str
    month: date
    days_in_month: int
    status: str
    segments: tuple[Segment, ...]
    tariff: Mapping[int, int]
    predicate: str | None
    attendance: Attendance | None
    study_leave_education: str | None = None
    sanctions: tuple[Sanction, ...] = ()
    profession_allowance: int = 0


@dataclass(frozen=True)
class Line:
    """One explanation line; `amount` is signed and counts toward the total."""

    kind: LineKind
    code: str
    label: str
    count: int | None
    percent: Decimal | None
    basis: int | None
    amount: int


@dataclass(frozen=True)
class Payment:
    """One employee's month: the lines, their sum, and the components for information."""

    employee_id: str
    month: date
    lines: tuple[Line, ...]
    total: int
    paid: bool
    entitled: int
    performance_component: int
    discipline_component: int


def _decimal(value: Fraction) -> Decimal:
    """An exact Decimal of a percentage that is a finite decimal (percent × percent ÷ 100)."""
    result = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(result) != value:  # pragma: no cover - percentages are finite decimals
        raise AllowanceRuleError(None, f"percentage {value} is not a finite decimal")
    return result


# --- validation ----------------------------------------------------------------------------


def _validate(inputs: PaymentInputs) -> None:
    if inputs.days_in_month < 1:
        raise AllowanceRuleError("days_in_month", "days_in_month must be at least 1")
    for segment in inputs.segments:
        if segment.days < 1:
            raise AllowanceRuleError("segments", "a segment must cover at least one day")
    if sum(segment.days for segment in inputs.segments) > inputs.days_in_month:
        raise AllowanceRuleError("segments", "the segments cover more days than the month has")
    if inputs.profession_allowance < 0:
        raise AllowanceRuleError("profession_allowance", "profession allowance cannot be negative")
    for sanction in inputs.sanctions:
        if not 0 <= sanction.percent <= 100:
            raise AllowanceRuleError("sanctions", "a sanction's percent must be between 0 and 100")
    attendance = inputs.attendance
    if attendance is None:
        return
    counts = [
        attendance.working_days,
        attendance.unexcused_days,
        *attendance.tl.values(),
        *attendance.psw.values(),
        *attendance.leave_days.values(),
    ]
    if any(count < 0 for count in counts):
        raise AllowanceRuleError("attendance", "attendance counts cannot be negative")


# --- the steps -----------------------------------------------------------------------------


def _not_paid(inputs: PaymentInputs, rules: AllowanceRules) -> Payment | None:
    if inputs.status in rules.not_paid_statuses:
        code, label = f"NOT_PAID_{inputs.status}", f"Status {inputs.status}: tidak dibayar → Rp 0"
    elif not inputs.segments:
        code, label = "NO_POSITION", "Tanpa jabatan bulan ini: tidak dibayar → Rp 0"
    else:
        return None
    line = Line(LineKind.STATUS, code, label, None, None, None, 0)
    return Payment(inputs.employee_id, inputs.month, (line,), 0, False, 0, 0, 0)


def _amount(inputs: PaymentInputs, kelas: int) -> int:
    amount = inputs.tariff.get(kelas)
    if amount is None:
        raise AllowanceRuleError("tariff", f"the tariff has no amount for kelas {kelas}")
    return amount


def _tariff_lines(inputs: PaymentInputs, rules: AllowanceRules) -> list[Line]:
    dim = inputs.days_in_month
    if inputs.status == TUGAS_BELAJAR or inputs.study_leave_education is not None:
        education = inputs.study_leave_education
        kelas = dict(rules.study_leave_class).get(education or "", rules.study_leave_default_class)
        amount = _amount(inputs, kelas)
        days = sum(segment.days for segment in inputs.segments)
        percent = rules.study_leave_percent
        value = round_half_up(Fraction(amount * days, dim) * Fraction(percent) / HUNDRED)
        label = (
            f"Tugas belajar ({education or 'tanpa jenjang'}): kelas {kelas} {rupiah(amount)}"
            f" × {percent_text(percent)} × {days}/{dim} hari → {rupiah(value)}"
        )
        return [Line(LineKind.TARIFF, "STUDY_LEAVE", label, days, percent, amount, value)]
    lines = []
    for segment in inputs.segments:
        amount = _amount(inputs, segment.kelas)
        value = round_half_up(Fraction(amount * segment.days, dim))
        label = (
            f"Kelas {segment.kelas}: {rupiah(amount)} × {segment.days}/{dim} hari → {rupiah(value)}"
        )
        code = f"KELAS_{segment.kelas}"
        lines.append(Line(LineKind.TARIFF, code, label, segment.days, None, amount, value))
    return lines


def _cpns_line(inputs: PaymentInputs, rules: AllowanceRules, gross: int) -> Line | None:
    if inputs.status != CPNS:
        return None
    percent = Decimal(100) - rules.cpns_percent
    value = -share(gross, percent)
    label = (
        f"CPNS dibayar {percent_text(rules.cpns_percent)}: −{percent_text(percent)}"
        f" → {rupiah(value)}"
    )
    return Line(LineKind.STATUS, "CPNS", label, None, percent, gross, value)


def _performance_line(inputs: PaymentInputs, rules: AllowanceRules, entitled: int) -> Line:
    if inputs.predicate is None:
        factor, what = rules.no_appraisal_factor, "Tanpa penilaian final"
        code = "NO_APPRAISAL"
    else:
        factors = dict(rules.performance_factors)
        if inputs.predicate not in factors:
            raise AllowanceRuleError(
                "predicate", f"the rule set has no performance factor for {inputs.predicate}"
            )
        factor, what, code = (
            factors[inputs.predicate],
            f"Predikat {inputs.predicate}",
            inputs.predicate,
        )
    cut = Fraction(rules.performance_percent) * (HUNDRED - Fraction(factor)) / HUNDRED
    percent = _decimal(cut)
    value = -round_half_up(Fraction(entitled) * cut / HUNDRED)
    label = (
        f"{what}: faktor {percent_text(factor)} dari komponen kinerja"
        f" {percent_text(rules.performance_percent)}"
        f" → −{percent_text(percent)} → {rupiah(value)}"
    )
    return Line(LineKind.PERFORMANCE, code, label, None, percent, entitled, value)


def _deduction(code: str, what: str, count: int, each: Decimal, entitled: int) -> Line:
    percent = each * count
    value = -share(entitled, percent)
    label = f"{what} × {count} → −{percent_text(percent)} → {rupiah(value)}"
    return Line(LineKind.DEDUCTION, code, label, count, percent, entitled, value)


def _deduction_lines(attendance: Attendance, rules: AllowanceRules, entitled: int) -> list[Line]:
    bands = dict(rules.band_deductions)
    reported = [
        (code, counts[code])
        for counts in (attendance.tl, attendance.psw)
        for code in sorted(counts, key=lambda code: (len(code), code))
        if counts[code] > 0
    ]
    unknown = [code for code, _ in reported if code not in bands]
    if unknown:
        raise AllowanceRuleError(
            "attendance", f"the rule set has no deduction for band {', '.join(unknown)}"
        )
    lines = [_deduction(code, code, count, bands[code], entitled) for code, count in reported]
    if attendance.unexcused_days > 0:
        lines.append(
            _deduction(
                "UNEXCUSED",
                "Tanpa keterangan (hari)",
                attendance.unexcused_days,
                rules.unexcused_absence_percent,
                entitled,
            )
        )
    leave = dict(rules.leave_deductions)
    for kind in sorted(attendance.leave_days):
        days = attendance.leave_days[kind]
        if days > 0 and kind in leave:
            lines.append(
                _deduction(f"LEAVE_{kind}", _leave_label(kind), days, leave[kind], entitled)
            )
    return lines


def _leave_label(kind: str) -> str:
    """'Cuti sakit (hari)' for SAKIT, 'Cuti tahunan (hari)' for CUTI_TAHUNAN."""
    return f"Cuti {kind.removeprefix('CUTI_').replace('_', ' ').lower()} (hari)"


def _cap_line(deducted: int, discipline: int, rules: AllowanceRules) -> Line | None:
    cap = share(discipline, rules.deduction_cap_percent)
    if deducted <= cap:
        return None
    back = deducted - cap
    label = (
        f"Potongan {rupiah(-deducted)} melebihi batas {percent_text(rules.deduction_cap_percent)}"
        f" komponen disiplin ({rupiah(cap)}) → {rupiah(back)} dikembalikan"
    )
    return Line(LineKind.CAP, "DEDUCTION_CAP", label, None, rules.deduction_cap_percent, cap, back)


def _sanction_lines(inputs: PaymentInputs, entitled: int) -> list[Line]:
    lines = []
    for sanction in sorted(inputs.sanctions, key=lambda item: item.id):
        value = -share(entitled, sanction.percent)
        label = (
            f"Hukuman disiplin {sanction.reference}: −{percent_text(sanction.percent)}"
            f" → {rupiah(value)}"
        )
        lines.append(
            Line(LineKind.SANCTION, sanction.id, label, None, sanction.percent, entitled, value)
        )
    return lines


def _profession_line(inputs: PaymentInputs, rules: AllowanceRules, running: int) -> Line | None:
    allowance = inputs.profession_allowance
    if not rules.profession_difference or allowance <= 0:
        return None
    value = -min(allowance, max(running, 0))
    label = f"Tunjangan profesi {rupiah(allowance)}: dibayar selisihnya saja → {rupiah(value)}"
    return Line(LineKind.PROFESSION, "PROFESSION", label, None, None, allowance, value)


def compute_payment(inputs: PaymentInputs, rules: AllowanceRules) -> Payment:
    """One employee's payment for the month (the steps are in the module docstring)."""
    _validate(inputs)
    not_paid = _not_paid(inputs, rules)
    if not_paid is not None:
        return not_paid
    lines = _tariff_lines(inputs, rules)
    cpns = _cpns_line(inputs, rules, sum(line.amount for line in lines))
    if cpns is not None:
        lines.append(cpns)
    entitled = sum(line.amount for line in lines)
    performance = share(entitled, rules.performance_percent)
    discipline = share(entitled, rules.discipline_percent)
    study = inputs.status == TUGAS_BELAJAR or inputs.study_leave_education is not None
    if study:  # away at school: neither appraised nor at the office
        label = "Tugas belajar: tanpa potongan kinerja dan disiplin → Rp 0"
        lines.append(
            Line(LineKind.PERFORMANCE, "STUDY_LEAVE_EXEMPT", label, None, None, entitled, 0)
        )
    else:
        lines.append(_performance_line(inputs, rules, entitled))
    if inputs.attendance is not None and not study:
        deductions = _deduction_lines(inputs.attendance, rules, entitled)
        lines.extend(deductions)
        cap = _cap_line(-sum(line.amount for line in deductions), discipline, rules)
        if cap is not None:
            lines.append(cap)
    lines.extend(_sanction_lines(inputs, entitled))
    profession = _profession_line(inputs, rules, sum(line.amount for line in lines))
    if profession is not None:
        lines.append(profession)
    running = sum(line.amount for line in lines)
    if running < 0:
        label = f"Total tidak boleh negatif: {rupiah(running)} → Rp 0"
        lines.append(Line(LineKind.CAP, "NOT_NEGATIVE", label, None, None, None, -running))
    total = sum(line.amount for line in lines)
    return Payment(
        inputs.employee_id,
        inputs.month,
        tuple(lines),
        total,
        True,
        entitled,
        performance,
        discipline,
    )


# --- JSON ----------------------------------------------------------------------------------


def lines_to_json(lines: tuple[Line, ...] | list[Line]) -> list[dict[str, Any]]:
    """The lines as JSON-safe dicts (percent as a decimal string, kind by value)."""
    return [
        {
            "kind": line.kind.value,
            "code": line.code,
            "label": line.label,
            "count": line.count,
            "percent": None if line.percent is None else decimal_text(line.percent),
            "basis": line.basis,
            "amount": line.amount,
        }
        for line in lines
    ]


def payment_to_dict(payment: Payment) -> dict[str, Any]:
    """The payment as JSON-safe data (month ISO, lines via `lines_to_json`)."""
    return {
        "employee_id": payment.employee_id,
        "month": payment.month.isoformat(),
        "paid": payment.paid,
        "total": payment.total,
        "entitled": payment.entitled,
        "performance_component": payment.performance_component,
        "discipline_component": payment.discipline_component,
        "lines": lines_to_json(payment.lines),
    }


def _counts(values: Mapping[str, int]) -> dict[str, int]:
    return {key: values[key] for key in sorted(values)}


def inputs_to_dict(inputs: PaymentInputs) -> dict[str, Any]:
    """The inputs as JSON-safe data, for the stored `inputs` and their digest.

    The tariff is reduced to the classes the payment can use — the segments' classes, or the
    whole table for tugas belajar (its class comes from the rule set) — so a tariff change for
    another class does not change this employee's digest.
    """
    study = inputs.status == TUGAS_BELAJAR or inputs.study_leave_education is not None
    used = set(inputs.tariff) if study else {segment.kelas for segment in inputs.segments}
    attendance = inputs.attendance
    return {
        "employee_id": inputs.employee_id,
        "month": inputs.month.isoformat(),
        "days_in_month": inputs.days_in_month,
        "status": inputs.status,
        "segments": [{"kelas": s.kelas, "days": s.days} for s in inputs.segments],
        "tariff": [[kelas, inputs.tariff[kelas]] for kelas in sorted(used & set(inputs.tariff))],
        "predicate": inputs.predicate,
        "attendance": None
        if attendance is None
        else {
            "working_days": attendance.working_days,
            "tl": _counts(attendance.tl),
            "psw": _counts(attendance.psw),
            "unexcused_days": attendance.unexcused_days,
            "leave_days": _counts(attendance.leave_days),
        },
        "study_leave_education": inputs.study_leave_education,
        "sanctions": [
            {"id": s.id, "percent": decimal_text(s.percent), "reference": s.reference}
            for s in sorted(inputs.sanctions, key=lambda item: item.id)
        ],
        "profession_allowance": inputs.profession_allowance,
    }
