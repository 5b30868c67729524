# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""Write side of appraisals: each mutation is one use case in one transaction.

Visibility is asked first (an appraisal the caller may not see is NotFound, with the message of
a missing one); the use case then runs in its own transaction, and anything it refuses rolls
back with the outbox rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from services.appraisal.domain.types import Expectation, RaterRole
from services.appraisal.schema import guard
from services.appraisal.schema.appraisal_types import Appraisal, BehaviourRating
from services.appraisal.service import appraisals, behaviour, objections
from services.appraisal.store import appraisals as store
from services.appraisal.store.appraisals import AppraisalRow


@strawberry.input(description="Open (or fetch) an employee's appraisal for a period.")
class OpenAppraisalInput:
    """The employee and the period label ("2026", "2026-03", "2026-Q1", "2026-S1")."""

    employee_id: strawberry.ID
    period: str


@strawberry.input(description="An appraisal to act on.")
class AppraisalInput:
    """The appraisal."""

    appraisal_id: strawberry.ID


@strawberry.input(description="The employee's self-assessment.")
class SubmitSelfAssessmentInput:
    """The appraisal and the text."""

    appraisal_id: strawberry.ID
    text: str


@strawberry.input(description="What the appraiser enters for one PP46 activity.")
class RealisedActivityInput:
    """Realised quantity, quality (0..100), months and cost (rupiah)."""

    activity_id: strawberry.ID
    quantity: Decimal
    quality: Decimal | None = None
    time_months: int | None = None
    cost: int | None = None


@strawberry.input(description="The appraiser's rating.")
class RateAppraisalInput:
    """6/2022: results and behaviour ratings; PP46: activities, tasks, creativity; 8/2021:
    innovation."""

    appraisal_id: strawberry.ID
    results_rating: Expectation | None = None
    behaviour_rating: Expectation | None = None
    additional_tasks: int = 0
    creativity_points: Decimal = Decimal(0)
    innovation: bool = False
    activities: list[RealisedActivityInput] = strawberry.field(default_factory=list)
    note: str | None = None


@strawberry.input(description="One behaviour aspect rated.")
class AspectRatingInput:
    """A score (PP46, 8/2021) or a level (6/2022)."""

    aspect: str
    score: Decimal | None = None
    level: Expectation | None = None
    comment: str | None = None


@strawberry.input(description="Behaviour ratings by one rater in one role.")
class RateBehaviourInput:
    """SUPERIOR (the appraiser), SELF (the employee), PEER or SUBORDINATE (invited)."""

    appraisal_id: strawberry.ID
    role: RaterRole
    ratings: list[AspectRatingInput]


@strawberry.input(description="A 360 rater to invite.")
class RaterInput:
    """The rater and their role."""

    rater_id: strawberry.ID
    role: RaterRole


@strawberry.input(description="360 raters chosen by the superior.")
class InviteRatersInput:
    """The appraisal and the raters."""

    appraisal_id: strawberry.ID
    raters: list[RaterInput]


@strawberry.input(description="The employee's objection (keberatan).")
class ObjectToAppraisalInput:
    """The appraisal and why."""

    appraisal_id: strawberry.ID
    reason: str


@strawberry.input(description="The decision on an objection (final).")
class DecideObjectionInput:
    """A note and, to uphold it, the changed ratings."""

    appraisal_id: strawberry.ID
    note: str
    results_rating: Expectation | None = None
    behaviour_rating: Expectation | None = None
    behaviour: list[AspectRatingInput] = strawberry.field(default_factory=list)


@strawberry.type
class AppraisalPayload:
    """The appraisal as it is after the change."""

    appraisal: Appraisal


@strawberry.type
class RateBehaviourPayload:
    """The caller's ratings; the appraisal only when the caller may see it (not a 360 rater)."""

    appraisal: Appraisal | None
    ratings: list[BehaviourRating]


AppraisalResult = Annotated[
    AppraisalPayload | NotFound | ValidationFailed | Conflict, strawberry.union("AppraisalResult")
]
RateBehaviourResult = Annotated[
    RateBehaviourPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("RateBehaviourResult"),
]


async def _require_visible(info: Info, appraisal_id: str) -> AppraisalRow:
    async with info.context.read() as session:
        row = await store.get_appraisal(session, appraisal_id)
    if row is None or not await guard.may_view_appraisal(info, row.employee_id):
        raise NotFoundError("appraisal", appraisal_id)
    return row


async def _require_rater_or_visible(info: Info, appraisal_id: str, caller: str) -> bool:
    """True when the caller may see the appraisal; an invited 360 rater may only rate it."""
    async with info.context.read() as session:
        row = await store.get_appraisal(session, appraisal_id)
        invited = row is not None and await store.get_invitation(session, row.id, caller)
    if row is None:
        raise NotFoundError("appraisal", appraisal_id)
    if await guard.may_view_appraisal(info, row.employee_id):
        return True
    if not invited:
        raise NotFoundError("appraisal", appraisal_id)
    return False


def _payload(row: AppraisalRow) -> AppraisalPayload:
    return AppraisalPayload(appraisal=Appraisal.from_row(row))


def _aspects(ratings: list[AspectRatingInput]) -> list[behaviour.AspectRating]:
    return [behaviour.AspectRating(r.aspect, r.score, r.level, r.comment) for r in ratings]


def _rating(input: RateAppraisalInput) -> appraisals.RatingInput:
    return appraisals.RatingInput(
        results_rating=input.results_rating,
        behaviour_rating=input.behaviour_rating,
        additional_tasks=input.additional_tasks,
        creativity_points=input.creativity_points,
        innovation=input.innovation,
        activities=tuple(
            appraisals.RealisedActivity(
                str(a.activity_id), a.quantity, a.quality, a.time_months, a.cost
            )
            for a in input.activities
        ),
        note=input.note,
    )


def _decision(input: DecideObjectionInput) -> objections.DecisionInput:
    return objections.DecisionInput(
        note=input.note,
        results_rating=input.results_rating,
        behaviour_rating=input.behaviour_rating,
        behaviour_scores={r.aspect: r.score for r in input.behaviour if r.score is not None},
        behaviour_levels={r.aspect: r.level for r in input.behaviour if r.level is not None},
    )


@strawberry.type
class AppraisalMutation:
    """Mutations of appraisals."""

    @strawberry.mutation(description="Open an employee's appraisal for a period (idempotent).")
    @mutation_errors
    async def open_appraisal(self, info: Info, input: OpenAppraisalInput) -> AppraisalResult:
        """The appraisal, new or existing."""
        caller, employee_id = guard.caller_id(info), str(input.employee_id)
        if not await guard.may_view_appraisal(info, employee_id):
            raise NotFoundError("employee", employee_id)
        hr = await guard.is_hr_over(info, employee_id)
        async with info.context.transaction() as session:
            row = await appraisals.open_appraisal(
                session, employee_id, input.period, actor_id=caller, hr=hr, now=info.context.now()
            )
        return _payload(row)

    @strawberry.mutation(description="The employee's self-assessment (before the rating).")
    @mutation_errors
    async def submit_self_assessment(
        self, info: Info, input: SubmitSelfAssessmentInput
    ) -> AppraisalResult:
        """The appraisal, SELF_ASSESSED."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await appraisals.submit_self_assessment(
                session,
                str(input.appraisal_id),
                actor_id=caller,
                text=input.text,
                now=info.context.now(),
            )
        return _payload(row)

    @strawberry.mutation(description="Rate a subordinate's appraisal (the direct superior only).")
    @mutation_errors
    async def rate_appraisal(self, info: Info, input: RateAppraisalInput) -> AppraisalResult:
        """The appraisal, RATED, with its computed figures."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await appraisals.rate_appraisal(
                session,
                str(input.appraisal_id),
                rater_id=caller,
                rating=_rating(input),
                now=info.context.now(),
            )
        return _payload(row)

    @strawberry.mutation(description="Rate behaviour aspects as SUPERIOR, SELF or an invited 360.")
    @mutation_errors
    async def rate_behaviour(self, info: Info, input: RateBehaviourInput) -> RateBehaviourResult:
        """The caller's ratings (and the appraisal, when the caller may see it)."""
        caller, appraisal_id = guard.caller_id(info), str(input.appraisal_id)
        visible = await _require_rater_or_visible(info, appraisal_id, caller)
        async with info.context.transaction() as session:
            row = await behaviour.rate_behaviour(
                session,
                appraisal_id,
                rater_id=caller,
                role=input.role,
                ratings=_aspects(input.ratings),
                now=info.context.now(),
            )
            mine = await store.list_behaviour_ratings(session, row.id)
        ratings = [
            BehaviourRating.from_row(r, anonymous=False) for r in mine if r.rater_id == caller
        ]
        appraisal = Appraisal.from_row(row) if visible else None
        return RateBehaviourPayload(appraisal=appraisal, ratings=ratings)

    @strawberry.mutation(description="Invite peers and subordinates as 360 raters (superior).")
    @mutation_errors
    async def invite_raters(self, info: Info, input: InviteRatersInput) -> AppraisalResult:
        """The appraisal with its invitations."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        raters = [(str(r.rater_id), r.role) for r in input.raters]
        async with info.context.transaction() as session:
            row = await behaviour.invite_raters(
                session,
                str(input.appraisal_id),
                actor_id=caller,
                raters=raters,
                now=info.context.now(),
            )
        return _payload(row)

    @strawberry.mutation(description="The employee acknowledges the rating.")
    @mutation_errors
    async def acknowledge_appraisal(self, info: Info, input: AppraisalInput) -> AppraisalResult:
        """The appraisal, ACKNOWLEDGED."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await objections.acknowledge_appraisal(
                session, str(input.appraisal_id), actor_id=caller, now=info.context.now()
            )
        return _payload(row)

    @strawberry.mutation(description="The employee objects to the rating (once, in the window).")
    @mutation_errors
    async def object_to_appraisal(
        self, info: Info, input: ObjectToAppraisalInput
    ) -> AppraisalResult:
        """The appraisal, OBJECTED."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await objections.object_to_appraisal(
                session,
                str(input.appraisal_id),
                actor_id=caller,
                reason=input.reason,
                now=info.context.now(),
            )
        return _payload(row)

    @strawberry.mutation(description="Decide an objection (the appraiser's superior; final).")
    @mutation_errors
    async def decide_objection(self, info: Info, input: DecideObjectionInput) -> AppraisalResult:
        """The appraisal, DECIDED."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await objections.decide_objection(
                session,
                str(input.appraisal_id),
                actor_id=caller,
                decision=_decision(input),
                now=info.context.now(),
            )
        return _payload(row)

    @strawberry.mutation(description="Finalize the appraisal (the appraiser); an event follows.")
    @mutation_errors
    async def finalize_appraisal(self, info: Info, input: AppraisalInput) -> AppraisalResult:
        """The appraisal, FINALIZED; publishes appraisal.appraisal.finalized.v1."""
        caller = guard.caller_id(info)
        await _require_visible(info, str(input.appraisal_id))
        async with info.context.transaction() as session:
            row = await appraisals.finalize_appraisal(
                session, str(input.appraisal_id), actor_id=caller, now=info.context.now()
            )
        return _payload(row)
