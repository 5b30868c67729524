"""Tariff versions: the two regulations are there without setup, a month uses the version in force
on its first day, new versions are validated, never overlap, and are audited."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError
from services.allowance.domain.tariffs import PERPRES_71_2023, PERPRES_134_2017
from services.allowance.domain.types import AllowanceRuleError
from services.allowance.service import audit
from services.allowance.service.tariffs import (
    create_tariff_version,
    ensure_seeded,
    list_tariffs,
    seed_id,
    tariff_in_force,
)
from services.allowance.store.audit import AuditRow
from services.allowance.store.tariffs import TariffAmountRow, TariffVersionRow
from tests.allowance.conftest import NOW
from tests.allowance.factories import totals

Db = async_sessionmaker[AsyncSession]
HR = "hr-officer"


def amounts(**overrides: Any) -> dict[int, Any]:
    """A complete table: Perpres 71/2023 + 10 %, with some classes overridden (k17=…)."""
    table: dict[int, Any] = {k: v * 11 // 10 for k, v in PERPRES_71_2023.amounts}
    for key, value in overrides.items():
        table[int(key.removeprefix("k"))] = value
    return table


async def create(db: Db, day: date, table: dict[int, Any], name: str = "Perpres 2027") -> Any:
    """HR creates a version in its own transaction."""
    async with db() as session, session.begin():
        return await create_tariff_version(
            session, name=name, effective_from=day, amounts=table, actor_id=HR, now=NOW
        )


async def in_force(db: Db, month: date) -> tuple[str, dict[int, int]]:
    """The name and amounts in force for a month (its own transaction)."""
    async with db() as session, session.begin():
        row, table = await tariff_in_force(session, month, now=NOW)
        return row.name, table


async def test_2026_uses_perpres_71_2023_without_any_setup(allowance_db: Db) -> None:
    name, table = await in_force(allowance_db, date(2026, 3, 1))
    assert name == "Perpres 71/2023"
    assert table[17] == 33_240_000
    assert table[1] == 2_531_250
    assert sorted(table) == list(range(1, 18))


async def test_2021_uses_perpres_134_2017(allowance_db: Db) -> None:
    name, table = await in_force(allowance_db, date(2021, 6, 1))
    assert (name, table[17]) == ("Perpres 134/2017", 29_085_000)


async def test_a_month_uses_the_version_in_force_on_its_first_day(allowance_db: Db) -> None:
    # Perpres 71/2023 takes effect on 16 October 2023: October is paid from the old table.
    assert (await in_force(allowance_db, date(2023, 10, 1)))[0] == "Perpres 134/2017"
    assert (await in_force(allowance_db, date(2023, 10, 31)))[0] == "Perpres 134/2017"
    assert (await in_force(allowance_db, date(2023, 11, 1)))[0] == "Perpres 71/2023"


async def test_a_month_before_every_tariff_is_refused_clearly(allowance_db: Db) -> None:
    with pytest.raises(AllowanceRuleError) as caught:
        await in_force(allowance_db, date(2017, 12, 1))
    assert caught.value.field == "month"
    assert caught.value.message == (
        "no tariff in force for 2017-12: no tariff version takes effect on or before 2017-12-01"
    )


async def test_seeding_is_idempotent_and_audited_once(allowance_db: Db) -> None:
    for _ in range(3):
        async with allowance_db() as session, session.begin():
            await ensure_seeded(session, now=NOW)
    async with allowance_db() as session:
        versions = (await session.scalars(select(TariffVersionRow))).all()
        actions = (await session.scalars(select(AuditRow.action))).all()
        verification = await audit.verify(session)
    assert sorted(v.id for v in versions) == sorted(
        [seed_id(PERPRES_134_2017), seed_id(PERPRES_71_2023)]
    )
    assert list(actions) == ["tariff.seeded", "tariff.seeded"]
    assert verification.ok


async def test_a_new_version_takes_effect_from_its_date(allowance_db: Db) -> None:
    row, checked = await create(allowance_db, date(2027, 1, 1), amounts(k17=36_564_000))
    assert checked[17] == 36_564_000
    assert (await in_force(allowance_db, date(2026, 12, 1)))[0] == "Perpres 71/2023"
    name, table = await in_force(allowance_db, date(2027, 1, 1))
    assert (name, table[17]) == ("Perpres 2027", 36_564_000)
    async with allowance_db() as session:
        audit_row = (
            await session.scalars(select(AuditRow).where(AuditRow.entity_id == row.id))
        ).one()
    assert (audit_row.action, audit_row.actor_id) == ("tariff.created", HR)
    assert '"17":36564000' in audit_row.detail


async def test_listing_gives_every_version_by_date_with_amounts(allowance_db: Db) -> None:
    await create(allowance_db, date(2027, 1, 1), amounts())
    async with allowance_db() as session, session.begin():
        rows, table = await list_tariffs(session, first=2, now=NOW)
    assert [r.name for r in rows] == ["Perpres 134/2017", "Perpres 71/2023", "Perpres 2027"]
    assert table[rows[0].id][17] == 29_085_000


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (amounts(k9=-5_079_200), "kelas 9"),
        (amounts(k9=Decimal("5079200.5")), "kelas 9"),
        (amounts(k9="5079200.50"), "kelas 9"),
        (amounts(k9=5079200.0), "kelas 9"),
        (amounts(k9=0), "kelas 9"),
        ({k: v for k, v in amounts().items() if k != 3}, "kelas 3"),
    ],
    ids=["negative", "fractional", "fractional-text", "float", "zero", "missing-class"],
)
async def test_a_bad_amount_is_refused_and_nothing_is_written(
    allowance_db: Db, table: dict[int, Any], message: str
) -> None:
    before = await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow)
    with pytest.raises(AllowanceRuleError) as caught:
        await create(allowance_db, date(2027, 1, 1), table)
    assert caught.value.field == "amounts"
    assert message in caught.value.message
    assert await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow) == before


async def test_a_blank_name_is_refused(allowance_db: Db) -> None:
    with pytest.raises(AllowanceRuleError) as caught:
        await create(allowance_db, date(2027, 1, 1), amounts(), name="  ")
    assert caught.value.field == "name"
    assert await totals(allowance_db, TariffVersionRow, AuditRow) == (0, 0, 0)


async def test_overlapping_effective_dates_are_a_conflict_and_nothing_changes(
    allowance_db: Db,
) -> None:
    await create(allowance_db, date(2027, 1, 1), amounts())
    before = await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow)
    with pytest.raises(ConflictError) as caught:
        await create(allowance_db, date(2027, 1, 1), amounts(k17=40_000_000), name="Other")
    assert caught.value.message == (
        "overlapping effective dates: the tariff version 'Perpres 2027' already takes effect "
        "on 2027-01-01; choose another date"
    )
    assert await totals(allowance_db, TariffVersionRow, TariffAmountRow, AuditRow) == before
    assert (await in_force(allowance_db, date(2027, 1, 1)))[1][17] == amounts()[17]


async def test_a_version_on_a_seeded_date_overlaps_the_regulation(allowance_db: Db) -> None:
    with pytest.raises(ConflictError, match="'Perpres 71/2023' already takes effect on 2023-10-16"):
        await create(allowance_db, date(2023, 10, 16), amounts())
    assert await totals(allowance_db, TariffVersionRow, AuditRow) == (0, 0, 0)


async def test_concurrent_first_uses_seed_the_regulations_once(allowance_db: Db) -> None:
    names = await asyncio.gather(*(in_force(allowance_db, date(2026, 3, 1)) for _ in range(3)))
    assert {name for name, _ in names} == {"Perpres 71/2023"}
    async with allowance_db() as session:
        versions = (await session.scalars(select(TariffVersionRow.name))).all()
        seeded = (await session.scalars(select(AuditRow.action))).all()
        assert (await audit.verify(session)).ok
    assert sorted(versions) == ["Perpres 134/2017", "Perpres 71/2023"]
    assert list(seeded) == ["tariff.seeded", "tariff.seeded"]
