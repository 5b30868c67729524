"""The inputs of a run: other services' events kept locally, and what a month's run reads.

Consumers (`INPUT_HANDLERS`), idempotent and safe in any order:

- `activity.attendance.month_closed.v1`: the highest revision per (employee, unit, month) is
  kept; a lower or equal one (a replay, a late duplicate) changes nothing. A summary whose
  revision a reopening already covers is stored withdrawn, whichever event arrived first.
- `activity.attendance.month_reopened.v1`: the unit's month is withdrawn up to that revision
  until activity closes it again (a higher revision).
- `appraisal.appraisal.finalized.v1`: stored once by appraisal id (a final appraisal never
  changes; a replay does nothing).

Reading (`gather_inputs`): everyone whose own position (`primary_holding`: definitive, else
acting) lies in the organisation's subtree on some day of the month. Their segments are the
runs of consecutive days in the subtree with the same kelas jabatan (a transfer to another
class mid-month gives two). Attendance: each unit they held a position in (in the subtree)
must have closed the month (not withdrawn), else the month counts as not closed (None). Each
unit's summary covers the employee's whole month — activity classifies the month, not the days
spent in the unit — so they are not added up: the most recently closed one is used. Predicate:
a finalised PERIODIC appraisal whose period is the month, else the shortest (then latest)
one covering it (a quarter, a semester), else None. Sanctions, the profession allowance and
study leave in force that month. Loading is set-based: a handful of queries per chunk of
the organisation's units, never one per employee.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory.rules import primary_holding
from kinerja.events import CloudEvent
from kinerja.events.consumer import Handler
from services.allowance.domain.payment import Attendance, PaymentInputs, Sanction, Segment
from services.allowance.events import APPRAISAL_FINALIZED, MONTH_CLOSED, MONTH_REOPENED
from services.allowance.store import hr_data as hr_store
from services.allowance.store import inputs as store
from services.allowance.store.inputs import (
    AppraisalResultRow,
    MonthSummaryRow,
    PlacedHolding,
    UnitLink,
)

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_of(label: str) -> date:
    """`YYYY-MM` (or an ISO date) → the first day of that month."""
    year, month = label.strip()[:7].split("-")
    return date(int(year), int(month), 1)


def month_name(month: date) -> str:
    """`March 2026`."""
    return f"{MONTH_NAMES[month.month]} {month.year}"


def last_day(month: date) -> date:
    """The month's last day."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _utc(value: Any) -> datetime:
    return datetime.fromisoformat(str(value)).astimezone(UTC)


# --- consuming events ------------------------------------------------------------------------


async def apply_month_closed(session: AsyncSession, event: CloudEvent) -> None:
    """Keep the highest revision of an employee's closed month in a unit."""
    data = event.data
    month, revision = month_of(data["month"]), int(data["revision"])
    withdrawn = revision <= await store.reopened_up_to(session, data["unit_id"], month)
    values = {
        "employee_id": data["employee_id"],
        "unit_id": data["unit_id"],
        "month": month,
        "revision": revision,
        "withdrawn": withdrawn,
        "working_days": int(data["working_days"]),
        "present_days": int(data.get("present_days") or 0),
        "tl": json.dumps(_counts(data.get("tl")), sort_keys=True),
        "psw": json.dumps(_counts(data.get("psw")), sort_keys=True),
        "tl_minutes": int(data.get("tl_minutes") or 0),
        "psw_minutes": int(data.get("psw_minutes") or 0),
        "unexcused_days": int(data.get("unexcused_days") or 0),
        "leave_days": json.dumps(_counts(data.get("leave_days")), sort_keys=True),
        "official_duty_days": int(data.get("official_duty_days") or 0),
        "effective_minutes": int(data.get("effective_minutes") or 0),
        "closed_at": _utc(data["closed_at"]),
        "event_id": event.id,
    }
    await store.upsert_month_summary(session, values)


def _counts(value: Any) -> dict[str, int]:
    return {str(key): int(count) for key, count in dict(value or {}).items()}


async def apply_month_reopened(session: AsyncSession, event: CloudEvent) -> None:
    """Withdraw the unit's month up to the reopened revision, until the next close."""
    data = event.data
    values = {
        "unit_id": data["unit_id"],
        "month": month_of(data["month"]),
        "revision": int(data["revision"]),
        "reopened_at": _utc(data.get("reopened_at") or event.time.isoformat()),
        "event_id": event.id,
    }
    await store.record_month_reopening(session, values)


async def apply_appraisal_finalized(session: AsyncSession, event: CloudEvent) -> None:
    """Keep a finalised appraisal's predicate for its period (once per appraisal)."""
    data = event.data
    values = {
        "appraisal_id": data["appraisal_id"],
        "employee_id": data["employee_id"],
        "unit_id": data.get("unit_id"),
        "period": data["period"],
        "period_start": date.fromisoformat(data["period_start"]),
        "period_end": date.fromisoformat(data["period_end"]),
        "kind": data["kind"],
        "predicate": data["predicate"],
        "finalized_at": _utc(data["finalized_at"]),
        "event_id": event.id,
    }
    await store.insert_appraisal_result(session, values)


INPUT_HANDLERS: dict[str, Handler] = {
    MONTH_CLOSED: apply_month_closed,
    MONTH_REOPENED: apply_month_reopened,
    APPRAISAL_FINALIZED: apply_appraisal_finalized,
}


# --- what a run reads ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Who a payment is for: the unit on the last day of the month they held a position in
    the organisation, and the kelas jabatan of their longest segment."""

    employee_id: str
    nip: str
    name: str
    unit_id: str
    kelas: int
    status: str


@dataclass(frozen=True)
class RunInputs:
    """Everyone paid by a run (sorted by employee id) and what is missing, in plain words."""

    people: tuple[Person, ...]
    inputs: tuple[PaymentInputs, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Placement:
    """Consecutive days (first..last) on which the employee's own position was one position."""

    first: date
    last: date
    unit_id: str
    kelas: int

    @property
    def days(self) -> int:
        """How many days."""
        return (self.last - self.first).days + 1


def placements(holdings: Sequence[PlacedHolding], first: date, last: date) -> list[Placement]:
    """The employee's own position day by day over first..last, as runs of days (gaps: none)."""
    cuts = {first}
    for placed in holdings:
        h = placed.holding
        if first < h.start <= last:
            cuts.add(h.start)
        if h.end is not None and first <= h.end < last:
            cuts.add(h.end + timedelta(days=1))
    by_position = {p.holding.position_id: p for p in holdings}
    starts = sorted(cuts)
    found: list[Placement] = []
    for start, following in zip(starts, [*starts[1:], last + timedelta(days=1)], strict=True):
        holding = primary_holding([p.holding for p in holdings], start)
        if holding is None:
            continue
        placed = by_position[holding.position_id]
        found.append(Placement(start, following - timedelta(days=1), placed.unit_id, placed.kelas))
    return found


def segments_of(days: Sequence[Placement]) -> tuple[Segment, ...]:
    """Consecutive days of the same kelas jabatan as one segment each."""
    runs: list[list[int]] = []  # [kelas, days]
    previous: Placement | None = None
    for placement in days:
        adjacent = previous is not None and previous.last + timedelta(days=1) == placement.first
        if runs and adjacent and runs[-1][0] == placement.kelas:
            runs[-1][1] += placement.days
        else:
            runs.append([placement.kelas, placement.days])
        previous = placement
    return tuple(Segment(kelas=kelas, days=days) for kelas, days in runs)


def attendance_of(
    unit_ids: Iterable[str], summaries: Mapping[str, MonthSummaryRow]
) -> tuple[Attendance | None, list[str]]:
    """The closed month (the latest close of the units) and the units not closed (withdrawn
    or never closed) — None when any is."""
    units = sorted(set(unit_ids))
    open_units = [u for u in units if u not in summaries or summaries[u].withdrawn]
    if open_units or not units:
        return None, open_units
    latest = max((summaries[u] for u in units), key=lambda s: (s.closed_at, s.revision, s.unit_id))
    return (
        Attendance(
            working_days=latest.working_days,
            tl=json.loads(latest.tl),
            psw=json.loads(latest.psw),
            unexcused_days=latest.unexcused_days,
            leave_days=json.loads(latest.leave_days),
        ),
        [],
    )


def predicate_of(results: Iterable[AppraisalResultRow]) -> str | None:
    """The month's own appraisal, else the shortest (then latest) period covering it."""
    best = min(
        results,
        key=lambda r: (r.period_end - r.period_start, -r.finalized_at.timestamp(), r.appraisal_id),
        default=None,
    )
    return best.predicate if best else None


def sanction_runs(row: hr_store.SanctionRow, month: date) -> bool:
    """Is an unrevoked sanction active in `month` (its start and the months after)?"""
    return row.revoked_at is None and row.start_month <= month < add_months(
        row.start_month, row.months
    )


@dataclass
class _Loaded:
    """What the queries found, by employee."""

    holdings: dict[str, list[PlacedHolding]] = field(default_factory=lambda: defaultdict(list))
    assignment_ids: set[str] = field(default_factory=set)
    employees: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    summaries: dict[str, dict[str, MonthSummaryRow]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    results: dict[str, dict[str, AppraisalResultRow]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    sanctions: dict[str, dict[str, Sanction]] = field(default_factory=lambda: defaultdict(dict))
    profession: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    study: dict[str, dict[str, tuple[date, str]]] = field(default_factory=lambda: defaultdict(dict))


async def _load(
    session: AsyncSession,
    employees: Select[Any],
    unit_ids: Sequence[str],
    month: date,
    into: _Loaded,
) -> None:
    """Load everything about `employees` (a subquery) for the month into `into`."""
    first, last = month, last_day(month)
    for assignment_id, placed in (
        await store.placed_holdings(session, employees, first, last)
    ).items():
        if assignment_id not in into.assignment_ids:  # a mover appears in two chunks
            into.assignment_ids.add(assignment_id)
            into.holdings[placed.holding.employee_id].append(placed)
    for employee_id, nip, name, status in await store.directory_employees(session, employees):
        into.employees[employee_id] = (nip, name, status)
    for row in await store.month_summaries(session, unit_ids, month):
        into.summaries[row.employee_id][row.unit_id] = row
    for result in await store.periodic_results_covering(session, employees, first, last):
        into.results[result.employee_id][result.appraisal_id] = result
    for sanction in await hr_store.unrevoked_sanctions_from(session, employees, month):
        if sanction_runs(sanction, month):
            into.sanctions[sanction.employee_id][sanction.id] = Sanction(
                id=sanction.id, percent=sanction.percent, reference=sanction.reference
            )
    for allowance in await hr_store.profession_allowances_in(session, employees, month):
        into.profession[allowance.employee_id][allowance.id] = allowance.monthly_amount
    for leave in await hr_store.study_leaves_in(session, employees, month):
        into.study[leave.employee_id][leave.id] = (leave.start_month, leave.education)


def subtree(units: Sequence[UnitLink], root_id: str) -> list[str]:
    """The unit and its descendants (by parent links), sorted."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit.id)
    found, frontier = {root_id}, [root_id]
    while frontier:
        unit_id = frontier.pop()
        for child in children.get(unit_id, []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return sorted(found)


@dataclass(frozen=True)
class _Gathered:
    """One employee's person and inputs, and what is missing for them."""

    person: Person
    inputs: PaymentInputs
    open_units: list[str]


def _employee_inputs(
    employee_id: str,
    loaded: _Loaded,
    in_org: set[str] | None,
    month: date,
    tariff: Mapping[int, int],
) -> _Gathered | None:
    """The employee's inputs, or None when the replica does not know them."""
    known = loaded.employees.get(employee_id)
    if known is None:
        return None
    nip, name, status = known
    days = [
        p
        for p in placements(loaded.holdings.get(employee_id, []), month, last_day(month))
        if in_org is None or p.unit_id in in_org
    ]
    segments = segments_of(days)
    summaries = loaded.summaries.get(employee_id, {})
    attendance, open_units = attendance_of((p.unit_id for p in days), summaries)
    study = sorted(loaded.study.get(employee_id, {}).values())
    inputs = PaymentInputs(
        employee_id=employee_id,
        month=month,
        days_in_month=last_day(month).day,
        status=status,
        segments=segments,
        tariff=tariff,
        predicate=predicate_of(loaded.results.get(employee_id, {}).values()),
        attendance=attendance,
        study_leave_education=study[-1][1] if study else None,
        sanctions=tuple(sorted(loaded.sanctions.get(employee_id, {}).values(), key=_by_id)),
        profession_allowance=sum(loaded.profession.get(employee_id, {}).values()),
    )
    longest = max(enumerate(segments), key=lambda s: (s[1].days, s[0]), default=None)
    person = Person(
        employee_id=employee_id,
        nip=nip,
        name=name,
        unit_id=days[-1].unit_id if days else "",
        kelas=longest[1].kelas if longest else 0,
        status=status,
    )
    return _Gathered(person, inputs, open_units)


def _by_id(sanction: Sanction) -> str:
    return sanction.id


def _missing_lines(
    month: date,
    open_units: Mapping[str, int],
    names: Mapping[str, str],
    no_appraisal: int,
    unknown: int,
) -> tuple[str, ...]:
    label = month_name(month)
    lines = [
        f"attendance for {label} not closed: {names.get(unit_id, unit_id)} ({count} employees)"
        for unit_id, count in sorted(open_units.items(), key=lambda u: (names.get(u[0], ""), u[0]))
    ]
    if no_appraisal:
        lines.append(f"no final appraisal for {label}: {no_appraisal} employees")
    if unknown:
        lines.append(f"not in the directory yet (no NIP, name or status): {unknown} employees")
    return tuple(lines)


async def gather_inputs(
    session: AsyncSession, organisation_id: str, month: date, tariff: Mapping[int, int]
) -> RunInputs:
    """Everyone whose own position lies in the organisation's subtree on some day of the month,
    with their inputs, and what is missing (see the module docstring)."""
    month = month.replace(day=1)
    units = await store.all_units(session)
    names = {unit.id: unit.name for unit in units}
    unit_ids = subtree(units, organisation_id)
    loaded = _Loaded()
    for chunk in store.chunks(unit_ids):
        await _load(session, store.members_of(chunk, month, last_day(month)), chunk, month, loaded)
    people: list[Person] = []
    inputs: list[PaymentInputs] = []
    open_units: dict[str, int] = defaultdict(int)
    no_appraisal = unknown = 0
    in_org = set(unit_ids)
    for employee_id in sorted(loaded.holdings):
        gathered = _employee_inputs(employee_id, loaded, in_org, month, tariff)
        if gathered is None:
            unknown += 1
            continue
        if not gathered.inputs.segments:
            continue  # an acting holder here whose own position is elsewhere
        people.append(gathered.person)
        inputs.append(gathered.inputs)
        for unit_id in gathered.open_units:
            open_units[unit_id] += 1
        no_appraisal += gathered.inputs.predicate is None
    missing = _missing_lines(month, open_units, names, no_appraisal, unknown)
    return RunInputs(people=tuple(people), inputs=tuple(inputs), missing=missing)


async def inputs_for_employee(
    session: AsyncSession,
    employee_id: str,
    month: date,
    tariff: Mapping[int, int],
    *,
    organisation_id: str | None = None,
) -> PaymentInputs | None:
    """One employee's inputs for a month (None when the replica does not know them); only the
    days in the organisation's subtree count when one is given (empty segments: none)."""
    month = month.replace(day=1)
    loaded = _Loaded()
    in_org: set[str] | None = None
    if organisation_id is not None:
        in_org = set(subtree(await store.all_units(session), organisation_id))
    await _load(session, store.one_employee(employee_id), [], month, loaded)
    for row in await store.month_summaries_of(session, employee_id, month):
        loaded.summaries[employee_id][row.unit_id] = row
    gathered = _employee_inputs(employee_id, loaded, in_org, month, tariff)
    return gathered.inputs if gathered else None
