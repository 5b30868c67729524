"""Realisation per indicator and month: approved activity output plus manual realisations.

Activity's log events are kept as one row per log (its latest known state, ordered by the
event's own approval or revocation time), so a redelivered or reordered event never counts
twice; totals are summed on read. A log names a specific SKP version's indicator; the total
follows the indicator's `lineage_id`, so work logged against an earlier version counts in its
revision.

A manual realisation records work no log captured (with an evidence reference). It is recorded
by the employee's direct superior in that month, or by HR over the employee — never by the
employee — and withdrawn (never deleted) by the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError, NotFoundError
from kinerja.events import CloudEvent
from kinerja.events.consumer import Handler
from services.appraisal.domain.periods import Period, month_start
from services.appraisal.domain.types import AppraisalRuleError
from services.appraisal.events import LOG_APPROVED, LOG_REVOKED
from services.appraisal.store.realisation import (
    ManualRealisationRow,
    active_manual_realisations,
    approved_log_outputs,
    get_manual_realisation,
    upsert_log_realisation,
)
from services.appraisal.store.skp_replica import (
    IndicatorReplicaRow,
    SkpItemReplicaRow,
    indicator_with_skp,
    indicators_of,
    latest_skp_overlapping,
    monthly_targets_of,
)

MAX_EVIDENCE = 1000
MAX_NOTE = 2000


# --- activity's log events -------------------------------------------------------------------


def _log_values(event: CloudEvent, *, approved: bool) -> dict[str, Any]:
    data = event.data
    stamp = data["approved_at"] if approved else data["revoked_at"]
    day = date.fromisoformat(data["date"])
    output = data.get("output_quantity")
    return {
        "log_id": data["log_id"],
        "employee_id": data["employee_id"],
        "day": day,
        "month": month_start(day),
        "skp_id": data["skp_id"],
        "skp_item_id": data["skp_item_id"],
        "indicator_id": data["indicator_id"],
        "output_quantity": None if output is None else Decimal(str(output)),
        "minutes": int(data.get("minutes") or 0),
        "approved": approved,
        # UTC, so that SQLite (which stores no zone) compares event times correctly
        "event_time": datetime.fromisoformat(str(stamp)).astimezone(UTC),
        "event_id": event.id,
        "updated_at": event.time.astimezone(UTC),  # when the source published it
    }


async def apply_log_approved(session: AsyncSession, event: CloudEvent) -> None:
    """A log's output counts — unless a newer (or simultaneous) revocation is known."""
    await upsert_log_realisation(session, _log_values(event, approved=True))


async def apply_log_revoked(session: AsyncSession, event: CloudEvent) -> None:
    """A log's output no longer counts — unless a newer approval is known."""
    await upsert_log_realisation(session, _log_values(event, approved=False))


LOG_HANDLERS: dict[str, Handler] = {
    LOG_APPROVED: apply_log_approved,
    LOG_REVOKED: apply_log_revoked,
}


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRealisation:
    """One indicator's realisation in one month: from approved logs and recorded by hand."""

    from_logs: Decimal = Decimal(0)
    manual: tuple[ManualRealisationRow, ...] = ()

    @property
    def manual_total(self) -> Decimal:
        """The sum of the active manual realisations."""
        return sum((row.quantity for row in self.manual), Decimal(0))

    @property
    def total(self) -> Decimal:
        """What counts: log output plus manual realisations."""
        return self.from_logs + self.manual_total


async def realisation_breakdown(
    session: AsyncSession, employee_id: str, lineage_ids: Sequence[str], months: Sequence[date]
) -> dict[tuple[str, date], MonthRealisation]:
    """(lineage, month) → realisation, for the months something counts in (missing means 0).

    A log without an output quantity counts 0 and does not make a month "realised".
    """
    logs: dict[tuple[str, date], Decimal] = {}
    for lineage, month, output in await approved_log_outputs(
        session, employee_id, lineage_ids, months
    ):
        logs[(lineage, month)] = logs.get((lineage, month), Decimal(0)) + output
    manual: dict[tuple[str, date], list[ManualRealisationRow]] = {}
    for row in await active_manual_realisations(session, employee_id, lineage_ids, months):
        manual.setdefault((row.indicator_lineage_id, row.month), []).append(row)
    return {
        key: MonthRealisation(logs.get(key, Decimal(0)), tuple(manual.get(key, ())))
        for key in logs.keys() | manual.keys()
    }


async def realisation_by_month(
    session: AsyncSession, employee_id: str, lineage_ids: Sequence[str], months: Sequence[date]
) -> dict[tuple[str, date], Decimal]:
    """(lineage, month) → approved log output plus active manual realisations (missing: 0)."""
    breakdown = await realisation_breakdown(session, employee_id, lineage_ids, months)
    return {key: value.total for key, value in breakdown.items()}


def period_target(
    indicator: IndicatorReplicaRow, monthly: Mapping[date, Decimal], months: Sequence[date]
) -> Decimal:
    """An indicator's target for some months.

    Additive: the sum of the monthly targets of those months. Non-additive: the target of the
    last of those months. Without a monthly target to go by, the SKP's `target_value`.
    """
    if not monthly:
        return indicator.target_value
    if indicator.additive:
        return sum((monthly.get(month, Decimal(0)) for month in months), Decimal(0))
    return monthly.get(months[-1], indicator.target_value) if months else indicator.target_value


def period_realisation(
    indicator: IndicatorReplicaRow, by_month: Mapping[date, Decimal], months: Sequence[date]
) -> Decimal:
    """An indicator's realisation for some months: additive, the sum; non-additive, the value
    of the latest month that has one (0 when none has)."""
    if indicator.additive:
        return sum((by_month.get(month, Decimal(0)) for month in months), Decimal(0))
    recorded = [month for month in months if month in by_month]
    return by_month[recorded[-1]] if recorded else Decimal(0)


@dataclass(frozen=True)
class IndicatorMonth:
    """One month of an indicator: its target (None when the SKP sets none) and realisation."""

    month: date
    target: Decimal | None
    realisation: MonthRealisation


@dataclass(frozen=True)
class IndicatorRealisation:
    """An indicator of the SKP in force with its realisation month by month and for the period."""

    item: SkpItemReplicaRow
    indicator: IndicatorReplicaRow
    months: tuple[IndicatorMonth, ...]
    period_target: Decimal
    period_total: Decimal


async def indicator_realisations(
    session: AsyncSession, employee_id: str, period: Period
) -> list[IndicatorRealisation]:
    """Per indicator of the employee's latest SKP version in the period: targets and
    realisation of each month (empty when no approved SKP covers the period)."""
    skp = await latest_skp_overlapping(session, employee_id, start=period.start, end=period.end)
    if skp is None:
        return []
    rows = await indicators_of(session, skp.id)
    targets = await monthly_targets_of(session, [indicator.id for _, indicator in rows])
    months = period.months
    breakdown = await realisation_breakdown(
        session, employee_id, [indicator.lineage_id for _, indicator in rows], months
    )
    found: list[IndicatorRealisation] = []
    for item, indicator in rows:
        monthly = targets[indicator.id]
        each = tuple(
            IndicatorMonth(
                month,
                monthly.get(month),
                breakdown.get((indicator.lineage_id, month), MonthRealisation()),
            )
            for month in months
        )
        realised = {
            m.month: m.realisation.total
            for m in each
            if (indicator.lineage_id, m.month) in breakdown
        }
        found.append(
            IndicatorRealisation(
                item=item,
                indicator=indicator,
                months=each,
                period_target=period_target(indicator, monthly, months),
                period_total=period_realisation(indicator, realised, months),
            )
        )
    return found


# --- manual realisations ---------------------------------------------------------------------


@dataclass(frozen=True)
class ManualRealisationDraft:
    """A manual realisation as asked for: whose, which indicator and month, how much, and the
    reference of the evidence (a document number, a link)."""

    employee_id: str
    indicator_id: str
    month: date
    quantity: Decimal
    evidence_reference: str
    note: str = ""


def _check_draft(draft: ManualRealisationDraft, *, today: date) -> tuple[str, str]:
    """The trimmed evidence reference and note; AppraisalRuleError for a bad value."""
    if draft.quantity < 0:
        raise AppraisalRuleError("quantity", "a realisation cannot be negative")
    if draft.month > month_start(today):
        raise AppraisalRuleError("month", "realisation cannot be recorded for a future month")
    evidence = draft.evidence_reference.strip()
    if not evidence or len(evidence) > MAX_EVIDENCE:
        raise AppraisalRuleError(
            "evidenceReference", f"give the evidence reference (1–{MAX_EVIDENCE} characters)"
        )
    note = draft.note.strip()
    if len(note) > MAX_NOTE:
        raise AppraisalRuleError("note", f"a note has at most {MAX_NOTE} characters")
    return evidence, note


def _check_recorder(employee_id: str, *, by: str, entitled: bool) -> None:
    if by == employee_id:
        raise AppraisalRuleError("employeeId", "nobody records realisation for themselves")
    if not entitled:
        raise AppraisalRuleError(
            "employeeId",
            "only the employee's direct superior in that month, or HR over them, records "
            "or withdraws realisation",
        )


async def record_manual_realisation(
    session: AsyncSession,
    draft: ManualRealisationDraft,
    *,
    realisation_id: str,
    recorded_by: str,
    entitled: bool,
    now: datetime,
    today: date,
) -> ManualRealisationRow:
    """Record a realisation by hand against an indicator of the employee's approved SKP.

    `entitled`: the recorder is the employee's direct superior in that month or HR over them
    (asked of the policy by the caller, before the transaction).
    """
    month = month_start(draft.month)
    _check_recorder(draft.employee_id, by=recorded_by, entitled=entitled)
    evidence, note = _check_draft(draft, today=today)
    found = await indicator_with_skp(session, draft.indicator_id)
    if found is None or found[1].employee_id != draft.employee_id:
        raise NotFoundError("indicator", draft.indicator_id)
    indicator, skp = found
    if not month_start(skp.period_start) <= month <= skp.period_end:
        raise AppraisalRuleError(
            "month",
            f"{month:%Y-%m} lies outside the SKP period "
            f"({skp.period_start.isoformat()} – {skp.period_end.isoformat()})",
        )
    row = ManualRealisationRow(
        id=realisation_id,
        employee_id=draft.employee_id,
        indicator_id=indicator.id,
        indicator_lineage_id=indicator.lineage_id,
        month=month,
        quantity=draft.quantity,
        evidence_reference=evidence,
        note=note,
        recorded_by=recorded_by,
        recorded_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def withdraw_manual_realisation(
    session: AsyncSession,
    realisation_id: str,
    *,
    withdrawn_by: str,
    entitled: bool,
    now: datetime,
) -> ManualRealisationRow:
    """Withdraw a manual realisation (it stays on record but no longer counts); `entitled` as
    for recording, for the realisation's employee and month."""
    row = await get_manual_realisation(session, realisation_id)
    if row is None:
        raise NotFoundError("manual realisation", realisation_id)
    _check_recorder(row.employee_id, by=withdrawn_by, entitled=entitled)
    if row.withdrawn_at is not None:
        raise ConflictError("the realisation is already withdrawn")
    row.withdrawn_at, row.withdrawn_by = now, withdrawn_by
    await session.flush()
    return row
