"""Monthly runs: compute (DRAFT, recomputable in place) → review (REVIEWED) → lock (LOCKED).

One run per organisation (a top unit) and month. `compute_run` creates it or recomputes a
DRAFT/REVIEWED one in place (revision + 1, back to DRAFT); a LOCKED run never changes. Two
concurrent calls meet at the unique (organisation, month) constraint: the second insert does
nothing, waits for the first transaction and then recomputes the same run (FOR UPDATE on
PostgreSQL; SQLite's single writer serialises them).

Determinism: payments are sorted by employee id; lines and inputs are canonical JSON
(`audit.canonical`); a payment keeps its id across recomputations; `inputs_digest` is SHA-256
over the tariff version, the rules and every payment's inputs and corrections, and
`results_digest` over every payment's employee, unit, kelas, status, total and lines — so the
same inputs give byte-identical payment rows and the same digests.

Every change is audited (`run.computed`, `run.reviewed`, `run.locked`, with counts, totals and
digests; the per-payment detail is covered by the results digest, not one audit row each).
Locking publishes `allowance.run.locked.v1` in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import ConflictError, NotFoundError
from services.allowance.domain.payment import compute_payment, inputs_to_dict, lines_to_json
from services.allowance.domain.rules import AllowanceRules
from services.allowance.domain.rules_json import rules_to_dict
from services.allowance.domain.types import AllowanceRuleError, RunStatus
from services.allowance.events import publish_run_locked
from services.allowance.service import audit
from services.allowance.service.corrections import (
    correction_line,
    corrections_to_apply,
    detect_corrections,
)
from services.allowance.service.exports import export_files
from services.allowance.service.inputs import Person, RunInputs, gather_inputs
from services.allowance.service.rule_sets import rules_in_force
from services.allowance.service.tariffs import tariff_in_force
from services.allowance.store import runs as store
from services.allowance.store.runs import CorrectionRow, PaymentRow, RunRow


def first_of_month(month: date) -> date:
    """The first day of a date's month (runs are keyed by it)."""
    return month.replace(day=1)


def _label(run: RunRow) -> str:
    return f"the allowance run of {run.month:%Y-%m}"


async def compute_run(
    session: AsyncSession,
    organisation_id: str,
    month: date,
    *,
    actor_id: str,
    now: datetime,
) -> RunRow:
    """Create the organisation's run of a month, or recompute its open run in place."""
    month = first_of_month(month)
    if await replica.get_unit(session, organisation_id) is None:
        raise NotFoundError("organisation", organisation_id)
    tariff_row, tariff = await tariff_in_force(session, month, now=now)
    rule_set, rules = await rules_in_force(session, organisation_id, month)
    new_id = str(uuid.uuid4())
    run = await store.claim_run(
        session,
        RunRow(
            id=new_id,
            organisation_id=organisation_id,
            month=month,
            status=RunStatus.DRAFT,
            revision=0,
            rule_set_id=None,
            tariff_version_id=tariff_row.id,
            inputs_digest="",
            results_digest="",
            missing="[]",
            employees=0,
            total=0,
            computed_at=now,
            computed_by=actor_id,
        ),
    )
    if run.status == RunStatus.LOCKED:
        raise ConflictError(f"{_label(run)} is locked; a locked run never changes")
    await detect_corrections(session, organisation_id, month, actor_id=actor_id, now=now)
    gathered = await gather_inputs(session, organisation_id, month, tariff)
    employee_ids = [inputs.employee_id for inputs in gathered.inputs]
    corrections = await corrections_to_apply(session, run, employee_ids)
    rows = _payment_rows(run.id, gathered, rules, corrections)
    await _save_payments(session, run.id, rows)
    applied = [row for employee in sorted(corrections) for row in corrections[employee]]
    _update_run(
        run,
        rule_set_id=rule_set.id if rule_set is not None else None,
        tariff_version_id=tariff_row.id,
        inputs_digest=_inputs_digest(tariff_row.id, rules, rows, applied),
        results_digest=results_digest(rows),
        missing=list(gathered.missing),
        rows=rows,
        actor_id=actor_id,
        now=now,
    )
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        action="run.computed",
        entity="run",
        entity_id=run.id,
        detail=_run_detail(run) | {"corrections": [row.id for row in applied]},
        now=now,
    )
    return run


def _payment_rows(
    run_id: str,
    gathered: RunInputs,
    rules: AllowanceRules,
    corrections: dict[str, list[CorrectionRow]],
) -> list[PaymentRow]:
    """The run's payments (not yet saved), sorted by employee id, with their corrections."""
    rows = []
    pairs = sorted(
        zip(gathered.people, gathered.inputs, strict=True), key=lambda pair: pair[1].employee_id
    )
    for person, inputs in pairs:
        payment = compute_payment(inputs, rules)
        extra = [correction_line(row) for row in corrections.get(person.employee_id, [])]
        extra = [line for line in extra if line.amount != 0]
        lines = [*payment.lines, *extra]
        rows.append(
            _payment_row(
                run_id,
                person,
                total=payment.total + sum(line.amount for line in extra),
                lines=audit.canonical(lines_to_json(lines)),
                inputs=audit.canonical(inputs_to_dict(inputs)),
            )
        )
    return rows


def _payment_row(run_id: str, person: Person, *, total: int, lines: str, inputs: str) -> PaymentRow:
    return PaymentRow(
        id="",
        run_id=run_id,
        employee_id=person.employee_id,
        nip=person.nip,
        name=person.name,
        unit_id=person.unit_id,
        kelas=person.kelas,
        status=str(person.status),
        total=total,
        lines=lines,
        inputs=inputs,
    )


_PAYMENT_FIELDS = ("nip", "name", "unit_id", "kelas", "status", "total", "lines", "inputs")


async def _save_payments(session: AsyncSession, run_id: str, rows: list[PaymentRow]) -> None:
    """Upsert the run's payments by employee (ids kept across recomputations); drop the rest."""
    existing = {row.employee_id: row for row in await store.payments_of_run(session, run_id)}
    for index, row in enumerate(rows):
        current = existing.pop(row.employee_id, None)
        if current is None:
            row.id = str(uuid.uuid4())
            session.add(row)
            continue
        for name in _PAYMENT_FIELDS:
            if getattr(current, name) != getattr(row, name):
                setattr(current, name, getattr(row, name))
        rows[index] = current
    await store.delete_payments(session, [row.id for row in existing.values()])


def results_digest(rows: Sequence[PaymentRow]) -> str:
    """SHA-256 over the payments in employee order (what was computed, not the row ids)."""
    digest = hashlib.sha256()
    for row in rows:
        fields = [row.employee_id, row.unit_id, row.kelas, row.status, row.total, row.lines]
        digest.update(audit.canonical(fields).encode() + b"\n")
    return digest.hexdigest()


def _inputs_digest(
    tariff_version_id: str,
    rules: AllowanceRules,
    rows: Sequence[PaymentRow],
    corrections: Sequence[CorrectionRow],
) -> str:
    """SHA-256 over what the run was computed from."""
    digest = hashlib.sha256()
    head = {"tariff_version_id": tariff_version_id, "rules": rules_to_dict(rules)}
    digest.update(audit.canonical(head).encode() + b"\n")
    for row in rows:
        digest.update(row.inputs.encode() + b"\n")
    for correction in corrections:
        digest.update(audit.canonical([correction.id, correction.amount]).encode() + b"\n")
    return digest.hexdigest()


def _update_run(
    run: RunRow,
    *,
    rule_set_id: str | None,
    tariff_version_id: str,
    inputs_digest: str,
    results_digest: str,
    missing: list[str],
    rows: Sequence[PaymentRow],
    actor_id: str,
    now: datetime,
) -> None:
    run.status = RunStatus.DRAFT
    run.revision += 1
    run.rule_set_id = rule_set_id
    run.tariff_version_id = tariff_version_id
    run.inputs_digest = inputs_digest
    run.results_digest = results_digest
    run.missing = audit.canonical(missing)
    run.employees = len(rows)
    run.total = sum(row.total for row in rows)
    run.computed_at = now
    run.computed_by = actor_id
    run.reviewed_by = run.reviewed_at = None


def _run_detail(run: RunRow) -> dict[str, Any]:
    return {
        "organisation_id": run.organisation_id,
        "month": f"{run.month:%Y-%m}",
        "status": run.status.value,
        "revision": run.revision,
        "employees": run.employees,
        "total": run.total,
        "tariff_version_id": run.tariff_version_id,
        "rule_set_id": run.rule_set_id,
        "inputs_digest": run.inputs_digest,
        "results_digest": run.results_digest,
        "missing": json.loads(run.missing),
    }


async def _open_run(session: AsyncSession, run_id: str) -> RunRow:
    """A run locked for this transaction; NotFound, or Conflict when it is locked."""
    run = await store.get_run(session, run_id, for_update=True)
    if run is None:
        raise NotFoundError("allowance run", run_id)
    if run.status == RunStatus.LOCKED:
        raise ConflictError(f"{_label(run)} is locked; a locked run never changes")
    return run


async def review_run(session: AsyncSession, run_id: str, *, actor_id: str, now: datetime) -> RunRow:
    """Mark a DRAFT run reviewed (a recomputation sends it back to DRAFT)."""
    run = await _open_run(session, run_id)
    if run.status == RunStatus.REVIEWED:
        raise ConflictError(f"{_label(run)} is already reviewed")
    run.status = RunStatus.REVIEWED
    run.reviewed_by = actor_id
    run.reviewed_at = now
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        action="run.reviewed",
        entity="run",
        entity_id=run.id,
        detail=_run_detail(run),
        now=now,
    )
    return run


async def lock_run(
    session: AsyncSession,
    run_id: str,
    *,
    actor_id: str,
    now: datetime,
    override_reason: str | None = None,
) -> RunRow:
    """Lock a REVIEWED run for good; with inputs missing only with an override reason."""
    run = await _open_run(session, run_id)
    if run.status != RunStatus.REVIEWED:
        raise ConflictError(f"{_label(run)} must be reviewed before it is locked")
    missing: list[str] = json.loads(run.missing)
    reason = (override_reason or "").strip()
    if missing and not reason:
        raise AllowanceRuleError(
            "overrideReason",
            f"{_label(run)} has missing inputs ({'; '.join(missing)}); "
            "lock it only with an override reason",
        )
    run.status = RunStatus.LOCKED
    run.locked_by = actor_id
    run.locked_at = now
    run.override_reason = reason or None
    await session.flush()
    units = await store.totals_by_unit(session, run.id)
    files = await export_files(session, run)
    publish_run_locked(session, run, totals_by_unit=units, files=files, now=now)
    await audit.record(
        session,
        actor_id=actor_id,
        action="run.locked",
        entity="run",
        entity_id=run.id,
        detail=_run_detail(run)
        | {
            "override": bool(missing),
            "files": {file.format: file.sha256 for file in files},
        },
        reason=reason,
        now=now,
    )
    return run
