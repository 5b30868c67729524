# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Write side of the SKP: each mutation is one use case in one transaction.

The policy is asked first, outside the transaction (an SKP's employee never changes); then the
use case runs in its own transaction; the payload is read back after the commit.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from services.targets import service, store
from services.targets.schema import guard
from services.targets.schema.skp_inputs import (
    AddIndicatorInput,
    AddPp46ActivityInput,
    AddRhkInput,
    ApproveSkpInput,
    CopySkpInput,
    CreateSkpInput,
    RemoveRhkInput,
    ReturnSkpInput,
    ReviseSkpInput,
    SubmitSkpInput,
    UpdateIndicatorInput,
    UpdateRhkInput,
)
from services.targets.schema.skp_types import Indicator, Pp46Activity, Skp, SkpItem
from services.targets.service import found, new_uuid


@strawberry.type
class SkpPayload:
    """The SKP version as it is after the change."""

    skp: Skp


@strawberry.type
class RhkPayload:
    """The RHK as it is after the change."""

    rhk: SkpItem


@strawberry.type
class RemoveRhkPayload:
    """The id of the removed RHK and its SKP after the change."""

    removed_id: strawberry.ID
    skp: Skp


@strawberry.type
class IndicatorPayload:
    """The indicator as it is after the change."""

    indicator: Indicator


@strawberry.type
class Pp46ActivityPayload:
    """The activity as it is after the change."""

    activity: Pp46Activity


CreateSkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("CreateSkpResult")
]
CopySkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("CopySkpResult")
]
AddRhkResult = Annotated[
    RhkPayload | NotFound | ValidationFailed | Conflict, strawberry.union("AddRhkResult")
]
UpdateRhkResult = Annotated[
    RhkPayload | NotFound | ValidationFailed | Conflict, strawberry.union("UpdateRhkResult")
]
RemoveRhkResult = Annotated[
    RemoveRhkPayload | NotFound | ValidationFailed | Conflict, strawberry.union("RemoveRhkResult")
]
AddIndicatorResult = Annotated[
    IndicatorPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("AddIndicatorResult"),
]
UpdateIndicatorResult = Annotated[
    IndicatorPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("UpdateIndicatorResult"),
]
AddPp46ActivityResult = Annotated[
    Pp46ActivityPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("AddPp46ActivityResult"),
]
SubmitSkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("SubmitSkpResult")
]
ApproveSkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("ApproveSkpResult")
]
ReturnSkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("ReturnSkpResult")
]
ReviseSkpResult = Annotated[
    SkpPayload | NotFound | ValidationFailed | Conflict, strawberry.union("ReviseSkpResult")
]


async def skp_payload(info: Info, skp_id: str) -> SkpPayload:
    """The SKP as committed."""
    async with info.context.read() as session:
        row = found(await store.get_skp(session, skp_id), what="SKP", id=skp_id)
    return SkpPayload(skp=Skp.from_row(row))


async def rhk_payload(info: Info, rhk_id: str) -> RhkPayload:
    """The RHK as committed."""
    async with info.context.read() as session:
        [row] = await store.get_rhks(session, [rhk_id])
    return RhkPayload(rhk=SkpItem.from_row(found(row, what="RHK", id=rhk_id)))


async def indicator_payload(info: Info, indicator_id: str) -> IndicatorPayload:
    """The indicator as committed."""
    async with info.context.read() as session:
        row = await store.get_indicator(session, indicator_id)
    return IndicatorPayload(
        indicator=Indicator.from_row(found(row, what="indicator", id=indicator_id))
    )


@strawberry.type
class SkpMutation:
    """SKP drafting (by the employee) and review (by the direct superior)."""

    @strawberry.mutation(description="Start a draft SKP for an employee and a period.")
    @mutation_errors
    async def create_skp(self, info: Info, input: CreateSkpInput) -> CreateSkpResult:
        """Create an SKP."""
        await guard.require_change_employee(info, str(input.employee_id))
        async with info.context.transaction() as session:
            row = await service.create_skp(
                session, input.to_new(), skp_id=new_uuid(), now=info.context.now()
            )
        return await skp_payload(info, row.id)

    @strawberry.mutation(description="Copy an SKP (e.g. last period's) into a new draft.")
    @mutation_errors
    async def copy_skp(self, info: Info, input: CopySkpInput) -> CopySkpResult:
        """Copy an SKP."""
        await guard.require_change_skp(info, str(input.from_skp_id))
        async with info.context.transaction() as session:
            row = await service.copy_skp(
                session,
                str(input.from_skp_id),
                period_start=input.period_start,
                period_end=input.period_end,
                skp_id=new_uuid(),
                now=info.context.now(),
            )
        return await skp_payload(info, row.id)

    @strawberry.mutation(description="Add an RHK to a draft SKP.")
    @mutation_errors
    async def add_rhk(self, info: Info, input: AddRhkInput) -> AddRhkResult:
        """Add an RHK."""
        await guard.require_change_skp(info, str(input.skp_id))
        async with info.context.transaction() as session:
            row = await service.add_rhk(
                session,
                str(input.skp_id),
                input.to_fields(),
                rhk_id=new_uuid(),
                now=info.context.now(),
            )
        return await rhk_payload(info, row.id)

    @strawberry.mutation(description="Change an RHK of a draft SKP.")
    @mutation_errors
    async def update_rhk(self, info: Info, input: UpdateRhkInput) -> UpdateRhkResult:
        """Update an RHK."""
        rhk_id = str(input.rhk_id)
        await guard.require_change_rhk(info, rhk_id)
        async with info.context.transaction() as session:
            current = found(await store.get_rhk(session, rhk_id), what="RHK", id=rhk_id)
            fields = input.to_fields(current)
            await service.update_rhk(session, rhk_id, fields, now=info.context.now())
        return await rhk_payload(info, rhk_id)

    @strawberry.mutation(description="Remove an RHK (and its indicators) from a draft SKP.")
    @mutation_errors
    async def remove_rhk(self, info: Info, input: RemoveRhkInput) -> RemoveRhkResult:
        """Remove an RHK."""
        rhk_id = str(input.rhk_id)
        await guard.require_change_rhk(info, rhk_id)
        async with info.context.transaction() as session:
            skp = await service.remove_rhk(session, rhk_id, now=info.context.now())
        payload = await skp_payload(info, skp.id)
        return RemoveRhkPayload(removed_id=input.rhk_id, skp=payload.skp)

    @strawberry.mutation(description="Add an indicator (IKI) with monthly targets to an RHK.")
    @mutation_errors
    async def add_indicator(self, info: Info, input: AddIndicatorInput) -> AddIndicatorResult:
        """Add an indicator."""
        await guard.require_change_rhk(info, str(input.rhk_id))
        spec = input.to_spec()
        async with info.context.transaction() as session:
            row = await service.add_indicator(
                session, str(input.rhk_id), spec, indicator_id=new_uuid(), now=info.context.now()
            )
        return await indicator_payload(info, row.id)

    @strawberry.mutation(description="Change an indicator of a draft SKP.")
    @mutation_errors
    async def update_indicator(
        self, info: Info, input: UpdateIndicatorInput
    ) -> UpdateIndicatorResult:
        """Update an indicator."""
        indicator_id = str(input.indicator_id)
        await guard.require_change_indicator(info, indicator_id)
        async with info.context.transaction() as session:
            current = await store.get_indicator(session, indicator_id)
            spec = input.to_spec(found(current, what="indicator", id=indicator_id))
            await service.update_indicator(session, indicator_id, spec, now=info.context.now())
        return await indicator_payload(info, indicator_id)

    @strawberry.mutation(description="Add a PP 46/2011 activity to a draft SKP of that regime.")
    @mutation_errors
    async def add_pp46_activity(
        self, info: Info, input: AddPp46ActivityInput
    ) -> AddPp46ActivityResult:
        """Add a PP46 activity."""
        await guard.require_change_skp(info, str(input.skp_id))
        spec = input.to_spec()
        async with info.context.transaction() as session:
            row = await service.add_pp46_activity(
                session, str(input.skp_id), spec, activity_id=new_uuid(), now=info.context.now()
            )
        return Pp46ActivityPayload(activity=Pp46Activity.from_row(row))

    @strawberry.mutation(description="Hand a draft SKP to the appraiser (the direct superior).")
    @mutation_errors
    async def submit_skp(self, info: Info, input: SubmitSkpInput) -> SubmitSkpResult:
        """Submit an SKP."""
        await guard.require_change_skp(info, str(input.skp_id))
        async with info.context.transaction() as session:
            await service.submit_skp(session, str(input.skp_id), now=info.context.now())
        return await skp_payload(info, str(input.skp_id))

    @strawberry.mutation(description="Approve a submitted SKP (its appraiser only).")
    @mutation_errors
    async def approve_skp(self, info: Info, input: ApproveSkpInput) -> ApproveSkpResult:
        """Approve an SKP."""
        approver = await guard.require_appraiser(info, str(input.skp_id))
        async with info.context.transaction() as session:
            await service.approve_skp(
                session, str(input.skp_id), approver_id=approver, now=info.context.now()
            )
        return await skp_payload(info, str(input.skp_id))

    @strawberry.mutation(description="Send a submitted SKP back with a note (its appraiser only).")
    @mutation_errors
    async def return_skp(self, info: Info, input: ReturnSkpInput) -> ReturnSkpResult:
        """Return an SKP."""
        approver = await guard.require_appraiser(info, str(input.skp_id))
        async with info.context.transaction() as session:
            await service.return_skp(
                session,
                str(input.skp_id),
                approver_id=approver,
                note=input.note,
                now=info.context.now(),
            )
        return await skp_payload(info, str(input.skp_id))

    @strawberry.mutation(description="Start a new draft version of an approved SKP.")
    @mutation_errors
    async def revise_skp(self, info: Info, input: ReviseSkpInput) -> ReviseSkpResult:
        """Revise an SKP."""
        await guard.require_change_skp(info, str(input.skp_id))
        async with info.context.transaction() as session:
            row = await service.revise_skp(
                session, str(input.skp_id), reason=input.reason, now=info.context.now()
            )
        return await skp_payload(info, row.id)
