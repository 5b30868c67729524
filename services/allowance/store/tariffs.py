"""Tariff versions (whole rupiah per kelas jabatan) and rule sets, both date-effective."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.allowance.store.base import Base, UtcDateTime


class TariffVersionRow(Base):
    """One tariff table in force from `effective_from` until the next version."""

    __tablename__ = "tariff_version"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TariffAmountRow(Base):
    """The amount of one kelas jabatan in a tariff version."""

    __tablename__ = "tariff_amount"

    version_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("tariff_version.id"), primary_key=True
    )
    kelas: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)  # whole rupiah


class RuleSetRow(Base):
    """`AllowanceRules` (JSON) of an organisation (its top unit; None: every organisation)
    in force from `effective_from`."""

    __tablename__ = "rule_set"
    __table_args__ = (
        UniqueConstraint("organisation_id", "effective_from", name="uq_rule_set_from"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    parameters: Mapped[str] = mapped_column(Text)  # JSON (domain.rules_json.rules_to_dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# Queries (Helper D) -------------------------------------------------------------------------


async def get_tariff_version(session: AsyncSession, version_id: str) -> TariffVersionRow | None:
    """A tariff version by id."""
    return await session.get(TariffVersionRow, version_id)


async def tariff_version_from(session: AsyncSession, day: date) -> TariffVersionRow | None:
    """The tariff version taking effect exactly on `day`."""
    stmt = select(TariffVersionRow).where(TariffVersionRow.effective_from == day)
    return (await session.scalars(stmt)).first()


async def tariff_version_on(session: AsyncSession, day: date) -> TariffVersionRow | None:
    """The tariff version in force on `day` (the latest one taking effect on or before it)."""
    stmt = (
        select(TariffVersionRow)
        .where(TariffVersionRow.effective_from <= day)
        .order_by(TariffVersionRow.effective_from.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def tariff_amounts(
    session: AsyncSession, version_ids: Sequence[str]
) -> dict[str, dict[int, int]]:
    """The amounts (kelas → rupiah) of some tariff versions, by version id."""
    result: dict[str, dict[int, int]] = {version_id: {} for version_id in version_ids}
    if not version_ids:
        return result
    stmt = (
        select(TariffAmountRow)
        .where(TariffAmountRow.version_id.in_(list(version_ids)))
        .order_by(TariffAmountRow.version_id, TariffAmountRow.kelas.desc())
    )
    for row in await session.scalars(stmt):
        result[row.version_id][row.kelas] = row.amount
    return result


async def list_tariff_versions(
    session: AsyncSession, *, first: int, after: date | None = None
) -> Sequence[TariffVersionRow]:
    """Tariff versions by the date they take effect (`first + 1` rows, for keyset paging)."""
    stmt = select(TariffVersionRow).order_by(TariffVersionRow.effective_from)
    if after is not None:
        stmt = stmt.where(TariffVersionRow.effective_from > after)
    return (await session.scalars(stmt.limit(first + 1))).all()


async def rule_set_from(
    session: AsyncSession, organisation_id: str | None, day: date
) -> RuleSetRow | None:
    """The rule set of an organisation (None: every organisation) taking effect on `day`."""
    stmt = select(RuleSetRow).where(
        _organisation_is(organisation_id), RuleSetRow.effective_from == day
    )
    return (await session.scalars(stmt)).first()


async def rule_set_on(
    session: AsyncSession, organisation_id: str | None, day: date
) -> RuleSetRow | None:
    """The organisation's own (None: the all-organisations) rule set in force on `day`."""
    stmt = (
        select(RuleSetRow)
        .where(_organisation_is(organisation_id), RuleSetRow.effective_from <= day)
        .order_by(RuleSetRow.effective_from.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def list_rule_sets(
    session: AsyncSession,
    organisation_id: str | None,
    *,
    first: int,
    after: date | None = None,
) -> Sequence[RuleSetRow]:
    """An organisation's (None: the all-organisations) rule sets by date (`first + 1` rows)."""
    stmt = select(RuleSetRow).where(_organisation_is(organisation_id))
    if after is not None:
        stmt = stmt.where(RuleSetRow.effective_from > after)
    stmt = stmt.order_by(RuleSetRow.effective_from).limit(first + 1)
    return (await session.scalars(stmt)).all()


def _organisation_is(organisation_id: str | None) -> ColumnElement[bool]:
    if organisation_id is None:
        return RuleSetRow.organisation_id.is_(None)
    return RuleSetRow.organisation_id == organisation_id
