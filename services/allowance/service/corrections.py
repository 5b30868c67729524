"""Corrections: a change to a locked month, paid as a line in the next open run.

A locked run never changes. When an open run of an organisation is computed, every payment of
the organisation's LOCKED runs of earlier months is checked against its inputs as they are now
(the same tariff version and rule set the locked run used, so a new tariff or rule change never
corrects a locked month): when the canonical inputs differ from the ones the payment — or its
latest correction — was computed from (a month reopened and closed again with a new revision,
an appraisal finalised or decided on objection after the lock, a sanction recorded late …),
a `CorrectionRow` records amount = recomputed total − (the payment's total + the earlier
corrections of it). It is paid as a CORRECTION line in the employee's payment of the open run
that found it (`applied_run_id`); recomputing that run finds the same inputs again and adds no
second correction, and re-applies the ones already applied to it. Choices:

- A month reopened but not closed again (attendance withdrawn) waits: no correction until it is
  closed with its new revision.
- An employee of a locked run who is not in the open run (moved elsewhere) keeps the correction
  pending until a run that has them is computed; employees a re-gather no longer finds for the
  locked month (a retroactively deleted assignment) are not corrected automatically.
- A correction of Rp 0 (inputs changed, money not) is recorded and audited but adds no line.
- A correction is applied in full; a negative one may bring the open month's total below zero
  (a recovery HR handles).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.allowance.domain.payment import (
    Line,
    PaymentInputs,
    compute_payment,
    inputs_to_dict,
    lines_to_json,
)
from services.allowance.domain.rules import DEFAULT_RULES, AllowanceRules
from services.allowance.domain.rules_json import rules_from_dict
from services.allowance.domain.types import LineKind
from services.allowance.service import audit
from services.allowance.service.inputs import gather_inputs
from services.allowance.store import runs as store
from services.allowance.store.runs import CorrectionRow, PaymentRow, RunRow

_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def sha256(text: str) -> str:
    """SHA-256 (hex) of a text, e.g. of canonical JSON."""
    return hashlib.sha256(text.encode()).hexdigest()


def month_name(month: date) -> str:
    """ "Maret 2026"."""
    return f"{_MONTHS[month.month - 1]} {month.year}"


def _rupiah(amount: int) -> str:
    sign = "−" if amount < 0 else "+"
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def correction_line(row: CorrectionRow) -> Line:
    """The CORRECTION line of a correction; its code references the original payment."""
    label = (
        f"Koreksi {month_name(row.month)} (pembayaran {row.original_payment_id}): "
        f"{row.reason} → {_rupiah(row.amount)}"
    )
    return Line(
        kind=LineKind.CORRECTION,
        code=f"CORRECTION:{row.month:%Y-%m}:{row.original_payment_id}",
        label=label,
        count=None,
        percent=None,
        basis=None,
        amount=row.amount,
    )


async def rules_of_run(session: AsyncSession, run: RunRow) -> AllowanceRules:
    """The rules a run was computed with (the seeded defaults when it had no rule set)."""
    if run.rule_set_id is None:
        return DEFAULT_RULES
    parameters = await store.rule_parameters_of(session, run.rule_set_id)
    return DEFAULT_RULES if parameters is None else rules_from_dict(json.loads(parameters))


def _changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
    return "changed after the lock: " + (", ".join(keys) or "inputs")


async def detect_corrections(
    session: AsyncSession, organisation_id: str, month: date, *, actor_id: str, now: datetime
) -> list[CorrectionRow]:
    """Record a correction for every locked payment of an earlier month whose inputs changed."""
    found: list[CorrectionRow] = []
    for locked in await store.locked_runs_before(session, organisation_id, month):
        tariff = await store.tariff_amounts_of_version(session, locked.tariff_version_id)
        rules = await rules_of_run(session, locked)
        gathered = await gather_inputs(session, organisation_id, locked.month, tariff)
        now_inputs = {inputs.employee_id: inputs for inputs in gathered.inputs}
        payments = await store.payments_of_run(session, locked.id)
        earlier = await store.corrections_of_payments(session, [p.id for p in payments])
        for payment in payments:
            inputs = now_inputs.get(payment.employee_id)
            if inputs is None:
                continue
            row = _correction(payment, inputs, rules, earlier.get(payment.id, []), now=now)
            if row is None:
                continue
            session.add(row)
            found.append(row)
            await audit.record(
                session,
                actor_id=actor_id,
                action="correction.detected",
                entity="correction",
                entity_id=row.id,
                detail={
                    "original_payment_id": row.original_payment_id,
                    "original_run_id": row.original_run_id,
                    "employee_id": row.employee_id,
                    "month": f"{row.month:%Y-%m}",
                    "amount": row.amount,
                    "inputs_digest": row.inputs_digest,
                },
                reason=row.reason,
                now=now,
            )
    return found


def _correction(
    payment: PaymentRow,
    inputs: PaymentInputs,
    rules: AllowanceRules,
    earlier: Sequence[CorrectionRow],
    *,
    now: datetime,
) -> CorrectionRow | None:
    """A new correction of one locked payment, or None when nothing changed (yet)."""
    original: dict[str, Any] = json.loads(payment.inputs)
    current = inputs_to_dict(inputs)
    if inputs.attendance is None and original.get("attendance") is not None:
        return None  # reopened and not closed again: wait for the new revision
    stored = audit.canonical(current)
    digest = sha256(stored)
    last = earlier[-1].inputs_digest if earlier else sha256(payment.inputs)
    if digest == last or any(row.inputs_digest == digest for row in earlier):
        return None
    recomputed = compute_payment(inputs, rules)
    amount = recomputed.total - payment.total - sum(row.amount for row in earlier)
    return CorrectionRow(
        id=str(uuid.uuid4()),
        original_payment_id=payment.id,
        original_run_id=payment.run_id,
        employee_id=payment.employee_id,
        month=inputs.month,
        amount=amount,
        reason=_changed(original, json.loads(stored)),
        inputs_digest=digest,
        lines=audit.canonical(lines_to_json(recomputed.lines)),
        detected_at=now,
        applied_run_id=None,
    )


async def corrections_to_apply(
    session: AsyncSession, run: RunRow, employee_ids: Sequence[str]
) -> dict[str, list[CorrectionRow]]:
    """Claim the pending corrections of the run's employees for the run (by employee); release
    the ones applied to it earlier whose employee is no longer in it."""
    wanted = set(employee_ids)
    by_employee: dict[str, list[CorrectionRow]] = {}
    for row in await store.corrections_for_run(session, run.id, run.month, employee_ids):
        row.applied_run_id = run.id
        by_employee.setdefault(row.employee_id, []).append(row)
    for row in await store.corrections_applied_to(session, run.id):
        if row.employee_id not in wanted:
            row.applied_run_id = None
    return by_employee
