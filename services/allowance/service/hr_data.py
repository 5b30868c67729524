"""What HR records for the tukin: disciplinary sanctions, profession allowances, study leave.

Every change is validated first (AllowanceRuleError: nothing is written) and audited in the
same transaction. Who may change an employee's data is the schema's question (HR who runs the
organisation of the employee's unit today); these functions trust their caller on that.

- A sanction cuts the tukin by `percent` (default: the rules' 25 %) for `months` months from
  `start_month`; revoking it (with a reason) means it never applied.
- A profession allowance (tunjangan profesi) runs from a month until ended; setting a new one
  ends the open one the month before (one in force at a time).
- Study leave (tugas belajar) by education level D, S1, S2 or S3; two never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import ConflictError, NotFoundError
from services.allowance.domain.rules import DEFAULT_RULES
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.service import audit
from services.allowance.service.inputs import add_months
from services.allowance.store import hr_data as store
from services.allowance.store.hr_data import ProfessionAllowanceRow, SanctionRow, StudyLeaveRow
from services.allowance.store.inputs import latest_position_unit

MAX_SANCTION_MONTHS = 24
MAX_TEXT = 1000
EDUCATION_LEVELS = ("D", "S1", "S2", "S3")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str, field: str = "month") -> date:
    """`YYYY-MM` → the month's first day; AllowanceRuleError(field) otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise AllowanceRuleError(field, f"{text!r} is not a month: use YYYY-MM, e.g. 2026-03")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _text(value: str, field: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > MAX_TEXT:
        raise AllowanceRuleError(field, f"give the {what} (1–{MAX_TEXT} characters)")
    return cleaned


async def organisation_of(session: AsyncSession, employee_id: str, day: date) -> str | None:
    """The top unit of the employee's unit on `day` (else of their latest position), or None
    when the replica knows no position of theirs."""
    position = await replica.position_of(session, employee_id, day)
    unit_id = position.unit_id if position else await latest_position_unit(session, employee_id)
    if unit_id is None:
        return None
    path = await replica.unit_path(session, unit_id)
    return path[0] if path else None


# --- sanctions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SanctionDraft:
    """A sanction as HR asks for it: whose, from which month, for how many, how much, the
    decision letter (SK) and why."""

    employee_id: str
    start_month: date
    months: int
    reference: str
    reason: str
    percent: Decimal | None = None  # None: the rules' default (25 %)


def _check_percent(value: Decimal | None) -> Decimal:
    percent = DEFAULT_RULES.default_sanction_percent if value is None else value
    try:
        valid = percent.is_finite() and Decimal(0) < percent <= Decimal(100)
    except InvalidOperation:
        valid = False
    if not valid:
        raise AllowanceRuleError("percent", "a sanction cuts more than 0 % and at most 100 %")
    return percent


async def _add_audited(
    session: AsyncSession,
    row: SanctionRow | ProfessionAllowanceRow | StudyLeaveRow,
    action: str,
    *,
    detail: Mapping[str, object],
    actor_id: str,
    now: datetime,
    reason: str = "",
) -> None:
    """Store a new HR record and append `action` ("<entity>.<verb>") to the audit chain."""
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        action=action,
        entity=action.split(".", maxsplit=1)[0],
        entity_id=row.id,
        detail=detail,
        reason=reason,
        now=now,
    )


async def record_sanction(
    session: AsyncSession,
    draft: SanctionDraft,
    *,
    sanction_id: str,
    actor_id: str,
    now: datetime,
) -> SanctionRow:
    """Record a disciplinary sanction on the tukin (audited)."""
    if not 1 <= draft.months <= MAX_SANCTION_MONTHS:
        raise AllowanceRuleError(
            "months", f"a sanction runs 1 to {MAX_SANCTION_MONTHS} months (usually 6, 9 or 12)"
        )
    percent = _check_percent(draft.percent)
    reference = _text(draft.reference, "reference", "decision letter (SK) number")
    reason = _text(draft.reason, "reason", "reason")
    row = SanctionRow(
        id=sanction_id,
        employee_id=draft.employee_id,
        start_month=draft.start_month.replace(day=1),
        months=draft.months,
        percent=percent,
        reference=reference,
        reason=reason,
        recorded_by=actor_id,
        recorded_at=now,
    )
    detail = _sanction_detail(row)
    await _add_audited(
        session, row, "sanction.recorded", detail=detail, actor_id=actor_id, now=now, reason=reason
    )
    return row


def _sanction_detail(row: SanctionRow) -> dict[str, object]:
    return {
        "employee_id": row.employee_id,
        "start_month": f"{row.start_month:%Y-%m}",
        "months": row.months,
        "percent": row.percent,
        "reference": row.reference,
    }


async def revoke_sanction(
    session: AsyncSession, sanction_id: str, *, reason: str, actor_id: str, now: datetime
) -> SanctionRow:
    """Revoke a sanction (it no longer applies to any month); audited with the reason."""
    row = await store.get_sanction(session, sanction_id)
    if row is None:
        raise NotFoundError("sanction", sanction_id)
    why = _text(reason, "reason", "reason")
    if row.revoked_at is not None:
        raise ConflictError("the sanction is already revoked")
    row.revoked_by, row.revoked_at = actor_id, now
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        action="sanction.revoked",
        entity="sanction",
        entity_id=row.id,
        detail=_sanction_detail(row),
        reason=why,
        now=now,
    )
    return row


# --- profession allowance ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfessionAllowanceDraft:
    """A monthly profession allowance from a month, with its reference."""

    employee_id: str
    monthly_amount: int
    start_month: date
    reference: str


def _check_amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AllowanceRuleError("monthlyAmount", "the amount is whole rupiah, 0 or more")
    return value


async def set_profession_allowance(
    session: AsyncSession,
    draft: ProfessionAllowanceDraft,
    *,
    allowance_id: str,
    actor_id: str,
    now: datetime,
) -> ProfessionAllowanceRow:
    """A profession allowance from a month on; the open one ends the month before (audited)."""
    amount = _check_amount(draft.monthly_amount)
    reference = _text(draft.reference, "reference", "reference")
    start = draft.start_month.replace(day=1)
    existing = await store.profession_allowances_of(session, draft.employee_id, for_update=True)
    for row in existing:
        if row.end_month is not None and row.end_month < start:
            continue
        if row.start_month >= start:
            raise ConflictError(
                f"a profession allowance from {row.start_month:%Y-%m} is recorded; "
                "end it before setting one from an earlier month"
            )
        row.end_month = add_months(start, -1)
    row = ProfessionAllowanceRow(
        id=allowance_id,
        employee_id=draft.employee_id,
        monthly_amount=amount,
        start_month=start,
        end_month=None,
        reference=reference,
        recorded_by=actor_id,
        recorded_at=now,
    )
    detail = _allowance_detail(row)
    await _add_audited(
        session, row, "profession_allowance.set", detail=detail, actor_id=actor_id, now=now
    )
    return row


def _allowance_detail(row: ProfessionAllowanceRow) -> dict[str, object]:
    return {
        "employee_id": row.employee_id,
        "monthly_amount": row.monthly_amount,
        "start_month": f"{row.start_month:%Y-%m}",
        "end_month": f"{row.end_month:%Y-%m}" if row.end_month else None,
        "reference": row.reference,
    }


async def end_profession_allowance(
    session: AsyncSession,
    allowance_id: str,
    *,
    last_month: date,
    actor_id: str,
    now: datetime,
) -> ProfessionAllowanceRow:
    """End a profession allowance with `last_month` (inclusive; audited)."""
    row = await store.get_profession_allowance(session, allowance_id, for_update=True)
    if row is None:
        raise NotFoundError("profession allowance", allowance_id)
    last = last_month.replace(day=1)
    if last < row.start_month:
        raise AllowanceRuleError(
            "lastMonth", f"the allowance starts in {row.start_month:%Y-%m}; it cannot end before"
        )
    if row.end_month is not None and row.end_month <= last:
        raise ConflictError(f"the allowance already ends in {row.end_month:%Y-%m}")
    row.end_month = last
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        action="profession_allowance.ended",
        entity="profession_allowance",
        entity_id=row.id,
        detail=_allowance_detail(row),
        now=now,
    )
    return row


# --- study leave ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyLeaveDraft:
    """Tugas belajar: whose, the education level studied for, from and to which month."""

    employee_id: str
    education: str
    start_month: date
    end_month: date | None
    reference: str


async def record_study_leave(
    session: AsyncSession,
    draft: StudyLeaveDraft,
    *,
    leave_id: str,
    actor_id: str,
    now: datetime,
) -> StudyLeaveRow:
    """Record study leave (audited); it may not overlap another of the employee's."""
    education = draft.education.strip().upper()
    if education not in EDUCATION_LEVELS:
        raise AllowanceRuleError("education", f"education is one of {', '.join(EDUCATION_LEVELS)}")
    start = draft.start_month.replace(day=1)
    end = draft.end_month.replace(day=1) if draft.end_month else None
    if end is not None and end < start:
        raise AllowanceRuleError("endMonth", "study leave cannot end before it starts")
    reference = _text(draft.reference, "reference", "decision letter (SK) number")
    for other in await store.study_leaves_of(session, draft.employee_id, for_update=True):
        if (other.end_month is None or other.end_month >= start) and (
            end is None or other.start_month <= end
        ):
            raise ConflictError(f"study leave from {other.start_month:%Y-%m} overlaps these months")
    row = StudyLeaveRow(
        id=leave_id,
        employee_id=draft.employee_id,
        education=education,
        start_month=start,
        end_month=end,
        reference=reference,
        recorded_by=actor_id,
        recorded_at=now,
    )
    detail = {
        "employee_id": row.employee_id,
        "education": education,
        "start_month": f"{start:%Y-%m}",
        "end_month": f"{end:%Y-%m}" if end else None,
        "reference": reference,
    }
    await _add_audited(
        session, row, "study_leave.recorded", detail=detail, actor_id=actor_id, now=now
    )
    return row


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeAllowanceData:
    """Everything HR recorded for an employee's tukin."""

    employee_id: str
    sanctions: tuple[SanctionRow, ...]
    profession_allowances: tuple[ProfessionAllowanceRow, ...]
    study_leaves: tuple[StudyLeaveRow, ...]


async def employee_allowance_data(session: AsyncSession, employee_id: str) -> EmployeeAllowanceData:
    """The employee's sanctions, profession allowances and study leaves, oldest first."""
    return EmployeeAllowanceData(
        employee_id=employee_id,
        sanctions=tuple(await store.sanctions_of(session, employee_id)),
        profession_allowances=tuple(await store.profession_allowances_of(session, employee_id)),
        study_leaves=tuple(await store.study_leaves_of(session, employee_id)),
    )
