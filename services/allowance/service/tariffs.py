"""Tariff versions: whole rupiah per kelas jabatan, date-effective (DOMAIN.md §5).

Which version a month uses: the one in force on the month's FIRST day (the latest version taking
effect on or before it), so a month is paid from one table; a version taking effect mid-month
(Perpres 71/2023 from 2023-10-16) applies from the next month. The same rule as the rule sets.

Seeding: the two regulations of `SEED_TARIFFS` exist without any setup. Migrations hold the
schema only, so `ensure_seeded` inserts them — under fixed ids, idempotently, audited as the
`system` actor — inside the caller's transaction the first time a tariff is read or created
(`tariff_in_force`, `list_tariffs` and `create_tariff_version` all call it). A read-only
session simply does not keep them; the next writing transaction does. Concurrent first uses
meet on the primary key (savepoint; the loser sees the winner's rows).

A new version never changes a run already locked: runs keep the `tariff_version_id` they were
computed with, and versions are never edited or deleted. Versions in the past are allowed (a
regulation is often promulgated with an earlier effective date); open runs pick them up when
recomputed, corrections of locked months follow the corrections rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.errors import ConflictError
from services.allowance.domain.tariffs import SEED_TARIFFS, TariffTable, check_tariff_amounts
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.service import audit
from services.allowance.store import tariffs as store
from services.allowance.store.tariffs import TariffAmountRow, TariffVersionRow

SYSTEM_ACTOR = "system"
_SEED_NAMESPACE = uuid.UUID("6f0c7a52-3b61-4d2e-9b7e-4b1a1c0d7a11")


def seed_id(table: TariffTable) -> str:
    """The fixed id of a seeded tariff version (the same in every database)."""
    return str(uuid.uuid5(_SEED_NAMESPACE, f"{table.name}@{table.effective_from.isoformat()}"))


def month_label(month: date) -> str:
    """`YYYY-MM` of a month."""
    return f"{month.year:04d}-{month.month:02d}"


async def _insert_version(
    session: AsyncSession, row: TariffVersionRow, amounts: Mapping[int, int]
) -> bool:
    """Insert a version and its amounts in a savepoint; False when the id or date is taken."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
            session.add_all(
                TariffAmountRow(version_id=row.id, kelas=kelas, amount=amount)
                for kelas, amount in sorted(amounts.items(), reverse=True)
            )
            await session.flush()
    except IntegrityError:
        return False
    return True


def _detail(row: TariffVersionRow, amounts: Mapping[int, int]) -> dict[str, Any]:
    return {
        "name": row.name,
        "effective_from": row.effective_from.isoformat(),
        "note": row.note,
        "amounts": {str(kelas): amount for kelas, amount in sorted(amounts.items())},
    }


async def ensure_seeded(session: AsyncSession, *, now: datetime) -> None:
    """Insert the seeded regulations (`SEED_TARIFFS`) unless they exist; idempotent."""
    for table in SEED_TARIFFS:
        version_id = seed_id(table)
        if await store.get_tariff_version(session, version_id) is not None:
            continue
        if await store.tariff_version_from(session, table.effective_from) is not None:
            continue  # HR's own version on that date wins (it was created knowingly)
        row = TariffVersionRow(
            id=version_id,
            name=table.name,
            effective_from=table.effective_from,
            note="seeded (reference/regulations.md §3)",
            created_by=SYSTEM_ACTOR,
            created_at=now,
        )
        amounts = dict(table.amounts)
        if await _insert_version(session, row, amounts):
            await audit.record(
                session,
                actor_id=SYSTEM_ACTOR,
                action="tariff.seeded",
                entity="tariff_version",
                entity_id=row.id,
                detail=_detail(row, amounts),
                now=now,
            )


async def tariff_in_force(
    session: AsyncSession, month: date, *, now: datetime | None = None
) -> tuple[TariffVersionRow, dict[int, int]]:
    """The version in force on the month's first day and its amounts (kelas → rupiah).

    AllowanceRuleError("month") when no version is in force then (before the first one).
    """
    await ensure_seeded(session, now=now or datetime.now(UTC))
    first_day = month.replace(day=1)
    row = await store.tariff_version_on(session, first_day)
    if row is None:
        raise AllowanceRuleError(
            "month",
            f"no tariff in force for {month_label(first_day)}: no tariff version takes effect "
            f"on or before {first_day.isoformat()}",
        )
    amounts = (await store.tariff_amounts(session, [row.id]))[row.id]
    return row, amounts


async def create_tariff_version(
    session: AsyncSession,
    *,
    name: str,
    effective_from: date,
    amounts: Mapping[int, Any],
    note: str = "",
    actor_id: str,
    now: datetime,
    version_id: str | None = None,
) -> tuple[TariffVersionRow, dict[int, int]]:
    """Store a new tariff version (audited).

    AllowanceRuleError("name" | "amounts") for a blank name or amounts that are not every class
    1..17 once as whole rupiah > 0; ConflictError when a version already takes effect that day.
    """
    name = name.strip()
    if not name:
        raise AllowanceRuleError("name", "a tariff version needs a name (e.g. the regulation)")
    checked = check_tariff_amounts(amounts)
    await ensure_seeded(session, now=now)
    existing = await store.tariff_version_from(session, effective_from)
    if existing is not None:
        raise _overlap(effective_from, existing.name)
    row = TariffVersionRow(
        id=version_id or str(uuid.uuid4()),
        name=name,
        effective_from=effective_from,
        note=note.strip(),
        created_by=actor_id,
        created_at=now,
    )
    if not await _insert_version(session, row, checked):  # a concurrent version that day
        raise _overlap(effective_from, None)
    await audit.record(
        session,
        actor_id=actor_id,
        action="tariff.created",
        entity="tariff_version",
        entity_id=row.id,
        detail=_detail(row, checked),
        now=now,
    )
    return row, checked


def _overlap(day: date, other: str | None) -> ConflictError:
    which = f"{other!r} " if other else ""
    return ConflictError(
        f"overlapping effective dates: the tariff version {which}already takes effect on "
        f"{day.isoformat()}; choose another date"
    )


async def list_tariffs(
    session: AsyncSession, *, first: int, after: date | None = None, now: datetime
) -> tuple[Sequence[TariffVersionRow], dict[str, dict[int, int]]]:
    """Versions by the date they take effect (`first + 1` rows, keyset) with their amounts."""
    await ensure_seeded(session, now=now)
    rows = await store.list_tariff_versions(session, first=first, after=after)
    return rows, await store.tariff_amounts(session, [row.id for row in rows])
