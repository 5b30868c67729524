"""Unit ratings and the organisation's performance roll-up (DOMAIN.md §4, issue 6 item 6).

The head of the level above (the head of the parent unit on the period's last day, definitive or
acting) rates each unit ISTIMEWA … SANGAT_KURANG; a unit's own head never rates it, and a top unit
(no parent) has nobody above it and is not rated. A rating may be replaced (its revision bumped)
until one of the unit's appraisals for the period is final. The roll-up counts predicates of the
unit's own appraisals and of its whole subtree (unit → directorate → DG → ministry) and checks the
distribution of the unit's own predicates against its rating, final or not yet final, so the
violations show before finalisation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.directory.tables import DirectoryUnit
from kinerja.errors import ConflictError, NotFoundError
from services.appraisal.domain.distribution import Violation, check_distribution
from services.appraisal.domain.periods import Period
from services.appraisal.domain.rules import AppraisalRules
from services.appraisal.domain.types import (
    AppraisalRuleError,
    AppraisalStatus,
    Predicate,
    UnitRating,
)
from services.appraisal.events import publish_unit_rated
from services.appraisal.service.rules import CAPITAL, period_rules
from services.appraisal.store import organisation as store
from services.appraisal.store.organisation import UnitRatingRow

MAX_DEPTH = 32  # a unit tree deeper than this is a cycle in the directory data


async def _unit_predicates(
    session: AsyncSession, unit_id: str, period: str
) -> list[tuple[str, Predicate | None, AppraisalStatus]]:
    # Imported here: the appraisals use case imports `unit_rating_of` from this module.
    from services.appraisal.service.appraisals import predicates_for_unit

    return await predicates_for_unit(session, unit_id, period)


@dataclass(frozen=True)
class PredicateTally:
    """How many appraisals a unit (or subtree) has for a period, how many are final, and how
    many of them carry each predicate (every Predicate key, zeros included)."""

    appraisals: int
    finalized: int
    by_predicate: dict[Predicate, int]

    @property
    def pending(self) -> int:
        """Appraisals not final yet."""
        return self.appraisals - self.finalized

    def __add__(self, other: PredicateTally) -> PredicateTally:
        """Two tallies counted together."""
        merged = {p: self.by_predicate[p] + other.by_predicate[p] for p in Predicate}
        return PredicateTally(
            self.appraisals + other.appraisals, self.finalized + other.finalized, merged
        )


@dataclass(frozen=True)
class UnitPerformance:
    """A unit's performance for a period: rating, own and subtree tallies, children, violations."""

    unit_id: str
    code: str
    name: str
    period: str
    rating: UnitRatingRow | None
    own: PredicateTally
    subtree: PredicateTally
    children: tuple[UnitPerformance, ...]
    violations: tuple[Violation, ...]


def tally(rows: Iterable[tuple[str, Predicate | None, AppraisalStatus]]) -> PredicateTally:
    """Count appraisals (employee, predicate, status): all, final, and per non-null predicate."""
    counts = dict.fromkeys(Predicate, 0)
    appraisals = finalized = 0
    for _, predicate, status in rows:
        appraisals += 1
        finalized += status is AppraisalStatus.FINALIZED
        if predicate is not None:
            counts[predicate] += 1
    return PredicateTally(appraisals, finalized, counts)


async def unit_rating_of(session: AsyncSession, unit_id: str, period: str) -> UnitRatingRow | None:
    """The unit's rating for a period label, or None while it is not rated."""
    return await store.get_unit_rating(session, unit_id, period)


async def _require_unit(session: AsyncSession, unit_id: str) -> DirectoryUnit:
    unit = await replica.get_unit(session, unit_id)
    if unit is None:
        raise NotFoundError("org unit", unit_id)
    return unit


async def _check_rater(
    session: AsyncSession, unit: DirectoryUnit, period: Period, actor: str
) -> None:
    """Only the head of the parent unit on the period's last day, never the unit's own head."""
    if unit.parent_id is None:
        raise AppraisalRuleError(
            "unitId", f"{unit.name} is a top unit: there is no level above it to rate it"
        )
    parent = await replica.get_unit(session, unit.parent_id)
    parent_name = parent.name if parent else unit.parent_id
    if actor == await replica.unit_head_of(session, unit.id, period.end):
        raise AppraisalRuleError(
            "unitId", f"a head does not rate their own unit: only the head of {parent_name} does"
        )
    if actor != await replica.unit_head_of(session, unit.parent_id, period.end):
        raise AppraisalRuleError("unitId", f"only the head of {parent_name} rates this unit")


async def _any_final(session: AsyncSession, unit_id: str, period: str) -> bool:
    rows = await _unit_predicates(session, unit_id, period)
    return any(status is AppraisalStatus.FINALIZED for _, _, status in rows)


async def _revise(
    session: AsyncSession,
    row: UnitRatingRow,
    unit: DirectoryUnit,
    *,
    rating: UnitRating,
    note: str,
    actor: str,
    now: datetime,
) -> None:
    if await _any_final(session, unit.id, row.period):
        raise ConflictError(
            f"appraisals of {unit.name} for {row.period} are final: its rating no longer changes"
        )
    revised = await store.revise_unit_rating(
        session, row, rating=rating, note=note, rated_by=actor, rated_at=now
    )
    if not revised:
        raise ConflictError(f"the rating of {unit.name} changed meanwhile; look again")


async def _insert(session: AsyncSession, row: UnitRatingRow, unit: DirectoryUnit) -> None:
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:  # rated concurrently
        raise ConflictError(f"{unit.name} was rated for {row.period} meanwhile") from exc


async def rate_unit(
    session: AsyncSession,
    unit_id: str,
    period: str,
    rating: UnitRating,
    *,
    note: str = "",
    actor: str,
    now: datetime,
    rating_id: str | None = None,
) -> UnitRatingRow:
    """Rate (or re-rate) a unit for a period and publish `appraisal.unit.rated.v1`.

    NotFoundError for an unknown unit; AppraisalRuleError for a top unit, a bad or future period
    or a rater other than the parent unit's head; ConflictError once an appraisal of the unit's
    employees for the period is final.
    """
    unit = await _require_unit(session, unit_id)
    parsed, _ = await period_rules(session, period)
    if parsed.start > now.astimezone(CAPITAL).date():
        raise AppraisalRuleError("period", f"{parsed.label} has not begun: it cannot be rated yet")
    await _check_rater(session, unit, parsed, actor)
    row = await store.get_unit_rating(session, unit.id, parsed.label)
    if row is not None:
        await _revise(session, row, unit, rating=rating, note=note.strip(), actor=actor, now=now)
    else:
        row = UnitRatingRow(
            id=rating_id or str(uuid.uuid4()),
            unit_id=unit.id,
            period=parsed.label,
            period_start=parsed.start,
            period_end=parsed.end,
            rating=rating,
            note=note.strip(),
            rated_by=actor,
            rated_at=now,
            revision=1,
        )
        await _insert(session, row, unit)
    path = await replica.unit_path(session, unit.id)
    publish_unit_rated(session, row, unit_path=path, now=now)
    return row


async def _performance(
    session: AsyncSession, unit: DirectoryUnit, label: str, rules: AppraisalRules, depth: int
) -> UnitPerformance:
    rows = await _unit_predicates(session, unit.id, label)
    own = tally(rows)
    children: Sequence[UnitPerformance] = ()
    if depth < MAX_DEPTH:
        children = [
            await _performance(session, child, label, rules, depth + 1)
            for child in await store.child_units(session, unit.id)
        ]
    subtree = own
    for child in children:
        subtree = subtree + child.subtree
    rating = await store.get_unit_rating(session, unit.id, label)
    predicates = [predicate for _, predicate, _ in rows if predicate is not None]
    violations = check_distribution(rating.rating, predicates, rules) if rating else ()
    return UnitPerformance(
        unit_id=unit.id,
        code=unit.code,
        name=unit.name,
        period=label,
        rating=rating,
        own=own,
        subtree=subtree,
        children=tuple(children),
        violations=tuple(violations),
    )


async def unit_performance(session: AsyncSession, unit_id: str, period: str) -> UnitPerformance:
    """The unit's performance for a period, with its child units' roll-ups (NotFoundError for an
    unknown unit, AppraisalRuleError for a bad period label)."""
    unit = await _require_unit(session, unit_id)
    parsed, rules = await period_rules(session, period)
    return await _performance(session, unit, parsed.label, rules, 0)
