# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The `AllowanceRun` entity, its queries and computeRun / reviewRun / lockRun.

Who sees a run (everything else is NotFound / null, like a run that does not exist):
- whoever may view the organisation's pay (HR over it, auditors, system admins): all of it;
- a service account with `allowance:export`: LOCKED runs only, all of it (the HR export);
- HR or auditors over a unit inside the organisation: the run, with only their subtree's
  payments and unit totals (`employees` and `total` are then the sums of what they see; no
  files, which hold everyone).
Computing, reviewing and locking: HR over the organisation's top unit, or system admins
(guard.may_run), through Helper C's service functions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import strawberry

from kinerja.auth import Role
from kinerja.errors import NotFoundError
from kinerja.graphql import (
    Conflict,
    Connection,
    Info,
    Money,
    NotFound,
    ValidationFailed,
    build_connection,
    decode_cursor,
    mutation_errors,
    validate_page_size,
)
from services.allowance.domain.types import RunStatus
from services.allowance.schema import guard
from services.allowance.schema.payments import Payment, month_label, parse_month
from services.allowance.service import runs as run_service
from services.allowance.service.exports import export_files
from services.allowance.store import runs as run_store
from services.allowance.store import views
from services.allowance.store.runs import PaymentRow, RunRow

_PAY_ROLES = frozenset({Role.HR, Role.AUDITOR, Role.SYSTEM_ADMIN})


@dataclass(frozen=True)
class RunAccess:
    """What of a run the caller sees: all of it, or only the payments of some units."""

    units: tuple[str, ...] | None = None  # None: every unit (full access)

    @property
    def full(self) -> bool:
        """True when the caller sees the whole run."""
        return self.units is None


FULL = RunAccess()


async def _grant_within(info: Info, organisation_id: str) -> bool:
    """Does the caller hold a pay-viewing grant over a unit inside the organisation?"""
    principal = info.context.principal
    if not principal.is_employee:
        return False
    for grant in principal.grants:
        if grant.role in _PAY_ROLES and grant.unit_id is not None:
            path = await guard.directory(info).unit_path(grant.unit_id)
            if path and organisation_id in path:
                return True
    return False


async def organisation_access(info: Info, organisation_id: str) -> str | None:
    """ "full", "export" (locked runs only), "partial" or None for an organisation's runs."""
    if await guard.may_view_unit_pay(info, organisation_id):
        return "full"
    if guard.may_export(info):
        return "export"
    if await _grant_within(info, organisation_id):
        return "partial"
    return None


async def run_access(info: Info, run: RunRow, level: str | None = None) -> RunAccess | None:
    """What of the run the caller may see (None: nothing — it is reported as missing)."""
    level = level or await organisation_access(info, run.organisation_id)
    if level == "full" or (level == "export" and run.status is RunStatus.LOCKED):
        return FULL
    if level != "partial":
        return None
    async with info.context.read() as session:
        units = await views.units_of_run(session, run.id)
    visible = [unit for unit in units if unit and await guard.may_view_unit_pay(info, unit)]
    return RunAccess(units=tuple(visible))


@strawberry.type(description="A unit's share of a run.")
class UnitTotal:
    """The employees paid in the unit (their unit on the month's last day) and the total."""

    unit_id: strawberry.ID | None
    employees: int
    total: Money


@strawberry.type(description="An export file of a locked run (fetch it with GET on `path`).")
class ExportFileInfo:
    """The format, where it is served, its SHA-256 and size."""

    format: str
    path: str
    sha256: str
    size: int
    media_type: str


@strawberry.federation.type(keys=["id"], description="An organisation's tukin run of a month.")
class AllowanceRun:
    """DRAFT (recomputable) → REVIEWED → LOCKED (never changes again)."""

    id: strawberry.ID
    organisation_id: strawberry.ID
    month: str = strawberry.field(description="YYYY-MM")
    status: RunStatus
    revision: int = strawberry.field(description="1, +1 per recomputation.")
    missing: list[str] = strawberry.field(description="Inputs missing when computed.")
    results_digest: str = strawberry.field(description="SHA-256 of the payments.")
    inputs_digest: str
    tariff_version_id: strawberry.ID
    rule_set_id: strawberry.ID | None = strawberry.field(description="Null: the default rules.")
    computed_at: datetime
    reviewed_at: datetime | None
    locked_at: datetime | None
    override_reason: str | None = strawberry.field(
        description="Why it was locked with inputs missing."
    )
    _row: strawberry.Private[RunRow]
    _access: strawberry.Private[RunAccess]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> AllowanceRun | None:
        """The run when the caller may see it (null otherwise, like a missing one)."""
        return await load_run(info, str(id))

    @classmethod
    def from_row(cls, row: RunRow, access: RunAccess = FULL) -> AllowanceRun:
        """The type from its row and what the caller may see of it."""
        return cls(
            id=strawberry.ID(row.id),
            organisation_id=strawberry.ID(row.organisation_id),
            month=month_label(row.month),
            status=row.status,
            revision=row.revision,
            missing=[str(item) for item in json.loads(row.missing or "[]")],
            results_digest=row.results_digest,
            inputs_digest=row.inputs_digest,
            tariff_version_id=strawberry.ID(row.tariff_version_id),
            rule_set_id=strawberry.ID(row.rule_set_id) if row.rule_set_id else None,
            computed_at=row.computed_at,
            reviewed_at=row.reviewed_at,
            locked_at=row.locked_at,
            override_reason=row.override_reason,
            _row=row,
            _access=access,
        )

    async def _unit_totals(self, info: Info) -> list[tuple[str | None, int, int]]:
        async with info.context.read() as session:
            return await views.unit_totals(session, self._row.id, self._access.units)

    @strawberry.field(description="Employees paid (those the caller may see).")
    async def employees(self, info: Info) -> int:
        """The run's count, or the sum over the caller's units."""
        if self._access.full:
            return self._row.employees
        return sum(employees for _, employees, _ in await self._unit_totals(info))

    @strawberry.field(description="The run's total (of the payments the caller may see).")
    async def total(self, info: Info) -> Money:
        """Whole rupiah."""
        if self._access.full:
            return Money.rupiah(self._row.total)
        return Money.rupiah(sum(total for _, _, total in await self._unit_totals(info)))

    @strawberry.field(description="Employees and total per unit, sorted by unit id.")
    async def totals_by_unit(self, info: Info) -> list[UnitTotal]:
        """One row per unit the caller may see."""
        return [
            UnitTotal(
                unit_id=strawberry.ID(unit) if unit else None,
                employees=employees,
                total=Money.rupiah(total),
            )
            for unit, employees, total in await self._unit_totals(info)
        ]

    @strawberry.field(description="The payments, by employee id (a subtree's HR: theirs only).")
    async def payments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        """A page of payments with their explanation lines."""
        size = validate_page_size(first)
        values = decode_cursor(after)
        after_id = str(values[0]) if values else None
        async with info.context.read() as session:
            rows = await views.payments_page(
                session, self._row.id, first=size, after=after_id, units=self._access.units
            )
        run = self._row

        def node(row: PaymentRow) -> Payment:
            return Payment.from_rows(row, run)

        return build_connection(
            rows, first=size, cursor_of=lambda row: [row.employee_id], node_of=node, after=after
        )

    @strawberry.field(description="The export files with their SHA-256 (locked runs only).")
    async def files(self, info: Info) -> list[ExportFileInfo]:
        """CSV, XLSX and JSON; empty before the lock or for a subtree's HR."""
        if self._row.status is not RunStatus.LOCKED or not self._access.full:
            return []
        async with info.context.read() as session:
            files = await export_files(session, self._row)
        return [
            ExportFileInfo(
                format=f.format, path=f.path, sha256=f.sha256, size=f.size, media_type=f.media_type
            )
            for f in files
        ]


async def load_run(info: Info, run_id: str) -> AllowanceRun | None:
    """The run as the caller may see it; None when missing or not theirs to see."""
    async with info.context.read() as session:
        row = await run_store.get_run(session, run_id)
    if row is None:
        return None
    access = await run_access(info, row)
    return AllowanceRun.from_row(row, access) if access is not None else None


@strawberry.input(description="Compute (or recompute a draft of) an organisation's month.")
class ComputeRunInput:
    """The organisation (its top unit) and the month, YYYY-MM."""

    organisation_id: strawberry.ID
    month: str


@strawberry.input(description="Mark a draft run reviewed.")
class ReviewRunInput:
    """The run."""

    run_id: strawberry.ID


@strawberry.input(description="Lock a reviewed run for good.")
class LockRunInput:
    """The run; a reason is required (and recorded) when inputs are missing."""

    run_id: strawberry.ID
    override_reason: str | None = None


@strawberry.type
class RunPayload:
    """The run after the change."""

    run: AllowanceRun


ComputeRunResult = Annotated[
    RunPayload | NotFound | ValidationFailed | Conflict, strawberry.union("ComputeRunResult")
]
ReviewRunResult = Annotated[
    RunPayload | NotFound | ValidationFailed | Conflict, strawberry.union("ReviewRunResult")
]
LockRunResult = Annotated[
    RunPayload | NotFound | ValidationFailed | Conflict, strawberry.union("LockRunResult")
]


@strawberry.type
class RunQuery:
    """Reading runs."""

    @strawberry.field(description="A run (null when missing or not the caller's to see).")
    async def allowance_run(self, info: Info, id: strawberry.ID) -> AllowanceRun | None:
        """For a service account with allowance:export only a locked run."""
        return await load_run(info, str(id))

    @strawberry.field(description="An organisation's runs, newest month first.")
    async def allowance_runs(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AllowanceRun]:
        """Empty when the caller may see none (service accounts: locked runs only)."""
        size = validate_page_size(first)
        level = await organisation_access(info, str(organisation_id))
        values = decode_cursor(after)
        before = parse_month(str(values[0]), "after") if values else None
        rows: list[RunRow] = []
        if level is not None:
            async with info.context.read() as session:
                rows = list(
                    await views.runs_of_organisation(
                        session,
                        str(organisation_id),
                        first=size,
                        before_month=before,
                        locked_only=level == "export",
                    )
                )
        runs: list[AllowanceRun] = []
        for row in rows:
            access = await run_access(info, row, level)
            if access is not None:
                runs.append(AllowanceRun.from_row(row, access))
        return build_connection(
            runs,
            first=size,
            cursor_of=lambda run: [run.month],
            node_of=lambda run: run,
            after=after,
        )


async def _runnable(info: Info, run_id: str) -> str:
    """The caller id, when they may run the run's organisation; NotFoundError otherwise."""
    actor = guard.caller_id(info)
    async with info.context.read() as session:
        row = await run_store.get_run(session, run_id)
    if row is None or not await guard.may_run(info, row.organisation_id):
        raise NotFoundError("allowance run", run_id)
    return actor


@strawberry.type
class RunMutation:
    """Computing, reviewing and locking runs (HR over the organisation, system admins)."""

    @strawberry.mutation(description="Compute an organisation's month (recompute a draft).")
    @mutation_errors
    async def compute_run(self, info: Info, input: ComputeRunInput) -> ComputeRunResult:
        """The run, DRAFT; a locked run is a Conflict (it never changes)."""
        actor = guard.caller_id(info)
        organisation_id = str(input.organisation_id)
        if not await guard.may_run(info, organisation_id):
            raise NotFoundError("organisation", organisation_id)
        month = parse_month(input.month)
        async with info.context.transaction() as session:
            row = await run_service.compute_run(
                session, organisation_id, month, actor_id=actor, now=info.context.now()
            )
        return RunPayload(run=AllowanceRun.from_row(row))

    @strawberry.mutation(description="Mark a draft run reviewed.")
    @mutation_errors
    async def review_run(self, info: Info, input: ReviewRunInput) -> ReviewRunResult:
        """The run, REVIEWED."""
        actor = await _runnable(info, str(input.run_id))
        async with info.context.transaction() as session:
            row = await run_service.review_run(
                session, str(input.run_id), actor_id=actor, now=info.context.now()
            )
        return RunPayload(run=AllowanceRun.from_row(row))

    @strawberry.mutation(description="Lock a reviewed run; it never changes again.")
    @mutation_errors
    async def lock_run(self, info: Info, input: LockRunInput) -> LockRunResult:
        """The run, LOCKED; `allowance.run.locked.v1` is published with the files' checksums."""
        actor = await _runnable(info, str(input.run_id))
        async with info.context.transaction() as session:
            row = await run_service.lock_run(
                session,
                str(input.run_id),
                actor_id=actor,
                now=info.context.now(),
                override_reason=input.override_reason,
            )
        return RunPayload(run=AllowanceRun.from_row(row))


__all__ = ["AllowanceRun", "RunAccess", "RunMutation", "RunQuery"]
