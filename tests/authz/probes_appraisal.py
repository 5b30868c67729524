"""One probe per appraisal operation: do it as an actor to a target, say whether it was allowed.

Everyone has an SKP for LOG_DAY's year (PermenPANRB 6/2022, the targets default), approved by
their direct superior in targets and replicated into appraisal. Appraisals are monthly periods
of that year (the default frequency), one label per appraisal; each person's first one is their
base appraisal for reads: opened, a 360 rater invited by the superior who rated, rated by the
superior, objected to by the employee (so it waits in the decider's queue). The superior also
invites every actor to rate the peer's base appraisal (`myRatingRequests`), and each person wrote
one dialog kinerja note about themself. A probe that changes an appraisal's state gets one of its
own in the state it needs, kept for the next row of the same operation and target when refused
(`AppraisalWorld.spare`); re-rating, self-assessing and inviting again are allowed, so those rows
share one appraisal per target. Rule sets are written far in the future, where they rule nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.authz import probes_targets
from tests.authz.org import Call, Person
from tests.authz.probes import UnitTarget
from tests.authz.probes_activity import LOG_DAY, Served

YEAR = LOG_DAY.year  # the year of everyone's approved SKP (probes_activity.prepare_skps)
MANUAL_MONTH = f"{LOG_DAY:%Y-%m}"  # inside the SKP period, not in the future
BERAKHLAK = (
    "BERORIENTASI_PELAYANAN",
    "AKUNTABEL",
    "KOMPETEN",
    "HARMONIS",
    "LOYAL",
    "ADAPTIF",
    "KOLABORATIF",
)
FIRST_RULES_DAY = date(2090, 1, 1)  # setAppraisalRules probes take effect from here on
LISTED_RULES_DAY = date(2089, 1, 1)  # the rule set `ruleSets` lists
NOTE_WINDOW = timedelta(days=3)

Target = Person | UnitTarget | None


def labels() -> Iterator[str]:
    """A person's appraisal periods: the SKP year's months, then the year itself."""
    yield from (f"{YEAR}-{month:02d}" for month in range(1, 13))
    yield str(YEAR)


@dataclass
class AppraisalWorld:
    """What appraisal's probes act on, and how they call the appraisal app."""

    call: Call
    admin: Person
    superiors: dict[str, Person]  # person id → their direct superior (with an account)
    served: dict[str, Served]  # person id → their approved SKP's item and indicator
    raters: list[Person]  # whom a probe invites as a 360 rater (never the actor or employee)
    below: dict[str, Person] = field(default_factory=dict)  # first-line id → their subordinate
    base: dict[str, str] = field(default_factory=dict)  # person id → base appraisal
    base_labels: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # person id → their note
    spares: dict[tuple[str, str], str] = field(default_factory=dict)
    periods: dict[str, Iterator[str]] = field(default_factory=dict)
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def as_admin(self, query: str, **variables: Any) -> dict[str, Any]:
        return self.call(query, variables, self.admin.token)

    def next_label(self, person: Person) -> str:
        """A period `person` has no appraisal for yet."""
        label = next(self.periods.setdefault(person.id, labels()), None)
        assert label is not None, f"{person.name} ran out of appraisal periods"
        return label

    def spare(self, operation: str, key: str, make: Callable[[], str]) -> str:
        """The record a refused row of `operation` on `key` left untouched, else a new one."""
        if (operation, key) not in self.spares:
            self.spares[(operation, key)] = make()
        return self.spares[(operation, key)]

    def used(self, operation: str, key: str, allowed: bool) -> bool:
        """Forget the spare when the row changed it."""
        if allowed:
            del self.spares[(operation, key)]
        return allowed

    def kept(self, operation: str, key: str, make: Callable[[], str]) -> str:
        """A record rows of `operation` on `key` share (changing it leaves it usable)."""
        return self.spare(operation, key, make)


Probe = Callable[[AppraisalWorld, Person, Target], bool]
APPRAISAL_PROBES: dict[str, Probe] = {}
UNIT_OPS: set[str] = set()
# The objection rows' targets are one level further down (see matrix_appraisal.DECIDE).
SECOND_LINE_OPS = {"decideObjection", "pendingObjections"}


def probe(name: str, *, units: bool = False) -> Callable[[Probe], Probe]:
    """Register a probe for appraisal operation `name` (`units`: its targets are org units)."""

    def register(function: Probe) -> Probe:
        APPRAISAL_PROBES[name] = function
        if units:
            UNIT_OPS.add(name)
        return function

    return register


field_of = probes_targets.field_of
typename_of = probes_targets.typename_of


def person_of(target: Target) -> Person:
    assert isinstance(target, Person), target
    return target


def unit_of(target: Target) -> UnitTarget:
    assert isinstance(target, UnitTarget), target
    return target


def mutation(name: str, input_type: str, payload: str, selection: str = "__typename") -> str:
    """`name(input: $input)` returning `payload { selection }` (and the typed errors)."""
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename ... on {payload} {{ {selection} }} ... on Error {{ message }}
  }}
}}
"""


# name → (input type, success payload)
MUTATIONS: dict[str, tuple[str, str]] = {
    "openAppraisal": ("OpenAppraisalInput", "AppraisalPayload"),
    "submitSelfAssessment": ("SubmitSelfAssessmentInput", "AppraisalPayload"),
    "rateAppraisal": ("RateAppraisalInput", "AppraisalPayload"),
    "rateBehaviour": ("RateBehaviourInput", "RateBehaviourPayload"),
    "inviteRaters": ("InviteRatersInput", "AppraisalPayload"),
    "acknowledgeAppraisal": ("AppraisalInput", "AppraisalPayload"),
    "objectToAppraisal": ("ObjectToAppraisalInput", "AppraisalPayload"),
    "decideObjection": ("DecideObjectionInput", "AppraisalPayload"),
    "finalizeAppraisal": ("AppraisalInput", "AppraisalPayload"),
    "addFeedbackNote": ("AddFeedbackNoteInput", "FeedbackNotePayload"),
    "recordManualRealisation": ("RecordManualRealisationInput", "ManualRealisationPayload"),
    "withdrawManualRealisation": ("WithdrawManualRealisationInput", "ManualRealisationPayload"),
    "rateUnit": ("RateUnitInput", "RateUnitPayload"),
    "setAppraisalRules": ("SetAppraisalRulesInput", "SetAppraisalRulesPayload"),
}
SELECTIONS = {
    "AppraisalPayload": "appraisal { id }",
    "FeedbackNotePayload": "note { id }",
    "ManualRealisationPayload": "manualRealisation { id }",
}


def attempt(world: AppraisalWorld, caller: Person, name: str, /, **input_: Any) -> dict[str, Any]:
    """Mutation `name` as `caller`: the whole response."""
    input_type, payload = MUTATIONS[name]
    query = mutation(name, input_type, payload, SELECTIONS.get(payload, "__typename"))
    return world.call(query, {"input": input_}, caller.token)


def run(world: AppraisalWorld, caller: Person, name: str, /, **input_: Any) -> bool:
    """Did mutation `name` as `caller` answer its success payload?"""
    body = attempt(world, caller, name, **input_)
    return typename_of(body, name) == MUTATIONS[name][1]


def ok(world: AppraisalWorld, caller: Person, name: str, /, **input_: Any) -> Any:
    """A preparation step; it must succeed. Its payload."""
    body = attempt(world, caller, name, **input_)
    assert typename_of(body, name) == MUTATIONS[name][1], body
    return field_of(body, name)


# --- preparing records -----------------------------------------------------------------------


def open_as(world: AppraisalWorld, caller: Person, person: Person, label: str) -> dict[str, Any]:
    """`openAppraisal` of `person` for `label` as `caller`: the response."""
    return attempt(world, caller, "openAppraisal", employeeId=person.id, period=label)


def opened(world: AppraisalWorld, person: Person) -> str:
    """A fresh OPEN appraisal of `person` (opened by the admin, HR everywhere)."""
    made = ok(
        world, world.admin, "openAppraisal", employeeId=person.id, period=world.next_label(person)
    )
    return str(made["appraisal"]["id"])


def levels(level: str = "AS_EXPECTED") -> list[dict[str, str]]:
    """Every BerAKHLAK value at one level."""
    return [{"aspect": aspect, "level": level} for aspect in BERAKHLAK]


def rate(world: AppraisalWorld, person: Person, appraisal: str, *, complete: bool) -> None:
    """The superior rates (`complete`: every behaviour value first, so nothing is missing)."""
    superior = world.superiors[person.id]
    if complete:
        ok(world, superior, "rateBehaviour", appraisalId=appraisal, role="SUPERIOR",
           ratings=levels())  # fmt: skip
    ok(world, superior, "rateAppraisal", appraisalId=appraisal, resultsRating="AS_EXPECTED",
       behaviourRating="AS_EXPECTED")  # fmt: skip


def rated(world: AppraisalWorld, person: Person, *, complete: bool = False) -> str:
    """A fresh appraisal of `person`, RATED by their superior."""
    appraisal = opened(world, person)
    rate(world, person, appraisal, complete=complete)
    return appraisal


def complete(world: AppraisalWorld, person: Person) -> str:
    """A fresh appraisal of `person`, RATED completely (ready to acknowledge)."""
    return rated(world, person, complete=True)


def acknowledged(world: AppraisalWorld, person: Person) -> str:
    """A fresh complete appraisal of `person`, ACKNOWLEDGED by them (ready to finalize)."""
    appraisal = complete(world, person)
    ok(world, person, "acknowledgeAppraisal", appraisalId=appraisal)
    return appraisal


def objected(world: AppraisalWorld, person: Person) -> str:
    """A fresh complete appraisal of `person`, OBJECTED to by them (ready to decide)."""
    appraisal = complete(world, person)
    ok(world, person, "objectToAppraisal", appraisalId=appraisal, reason="Tidak sesuai")
    return appraisal


def open_base(world: AppraisalWorld, person: Person) -> str | None:
    """Open the person's base appraisal as their superior; None while appraisal's replicas miss
    the person, who supervises them or their approved SKP."""
    if person.id not in world.base_labels:
        world.base_labels[person.id] = world.next_label(person)
    label = world.base_labels[person.id]
    body = open_as(world, world.superiors[person.id], person, label)
    if typename_of(body, "openAppraisal") != "AppraisalPayload":
        return None
    return str(field_of(body, "openAppraisal")["appraisal"]["id"])


def prepare_base(
    world: AppraisalWorld, person: Person, appraisal: str, *, rater: Person, invited: list[Person]
) -> None:
    """The base appraisal: `rater` invited and rating (360), every `invited` invited too, rated
    by the superior and objected to; and a note by the person."""
    world.base[person.id] = appraisal
    superior = world.superiors[person.id]
    raters = [{"raterId": someone.id, "role": "PEER"} for someone in [rater, *invited]]
    ok(world, superior, "inviteRaters", appraisalId=appraisal, raters=raters)
    ok(world, rater, "rateBehaviour", appraisalId=appraisal, role="PEER",
       ratings=[{"aspect": "AKUNTABEL", "level": "ABOVE"}])  # fmt: skip
    rate(world, person, appraisal, complete=False)
    ok(world, person, "objectToAppraisal", appraisalId=appraisal, reason="Belum sesuai")
    made = ok(world, person, "addFeedbackNote", employeeId=person.id, body="Capaian bulan ini")
    world.notes[person.id] = str(made["note"]["id"])


def prepare_rules(world: AppraisalWorld) -> None:
    """One rule set (the defaults) for `ruleSets` to list, far in the future."""
    ok(world, world.admin, "setAppraisalRules", effectiveFrom=LISTED_RULES_DAY.isoformat(),
       parameters="{}", note="matriks")  # fmt: skip


# --- appraisal reads -------------------------------------------------------------------------

APPRAISAL = """
query($id: ID!) {
  appraisal(id: $id) {
    id
    behaviourRatings { role rater { id } }
    raterInvitations { role }
  }
}
"""


def _appraisal(world: AppraisalWorld, actor: Person, person: Person) -> Any:
    body = world.call(APPRAISAL, {"id": world.base[person.id]}, actor.token)
    return field_of(body, "appraisal")


@probe("appraisal")
def _appraisal_by_id(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return _appraisal(world, actor, person_of(target)) is not None


@probe("Appraisal.behaviourRatings.rater")
def _rater_of_360(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    ratings = (_appraisal(world, actor, person_of(target)) or {}).get("behaviourRatings", [])
    return any(r["role"] == "PEER" and r["rater"] is not None for r in ratings)


@probe("Appraisal.raterInvitations")
def _rater_invitations(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    appraisal = _appraisal(world, actor, person_of(target)) or {}
    return bool(appraisal.get("raterInvitations"))


ENTITIES = """
query($r: [_Any!]!, $period: String!) {
  _entities(representations: $r) {
    ... on Appraisal { id }
    ... on OrgUnit { performance(period: $period) { unitId } }
  }
}
"""


def _window() -> dict[str, str]:
    today = date.today()
    return {"from": (today - NOTE_WINDOW).isoformat(), "to": (today + NOTE_WINDOW).isoformat()}


def _entity(world: AppraisalWorld, actor: Person, typename: str, id: str, period: str) -> Any:
    variables = {"r": [{"__typename": typename, "id": id}], "period": period}
    body = world.call(ENTITIES, variables, actor.token)
    return (field_of(body, "_entities") or [None])[0]


# field → (its selection, the variables it uses): an operation declares only those it uses
EMPLOYEE_FIELDS = {
    "appraisals": ("appraisals(first: 100) { nodes { id } }", ""),
    "appraisal": ("appraisal(period: $period) { id }", ", $period: String!"),
    "feedbackNotes": (
        "feedbackNotes(from: $from, to: $to, first: 100) { nodes { id } }",
        ", $from: Date!, $to: Date!",
    ),
    "realisation": ("realisation(period: $period) { indicatorId }", ", $period: String!"),
}


def _employee(world: AppraisalWorld, actor: Person, person: Person, name: str) -> Any:
    """Field `name` of the `Employee` entity `person`, as `actor` sees it."""
    selection, declared = EMPLOYEE_FIELDS[name]
    query = f"""
query($r: [_Any!]!{declared}) {{
  _entities(representations: $r) {{ ... on Employee {{ {selection} }} }}
}}
"""
    variables: dict[str, Any] = {"r": [{"__typename": "Employee", "id": person.id}]}
    if "$period" in declared:
        variables["period"] = world.base_labels[person.id]
    if "$from" in declared:
        variables |= _window()
    body = world.call(query, variables, actor.token)
    assert "errors" not in body, body
    entity = (field_of(body, "_entities") or [None])[0]
    return (entity or {}).get(name)


@probe("_entities(Appraisal)")
def _entities_appraisal(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    found = _entity(world, actor, "Appraisal", world.base[person.id], str(YEAR))
    return found is not None


@probe("Employee.appraisals")
def _employee_appraisals(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    nodes = (_employee(world, actor, person, "appraisals") or {}).get("nodes", [])
    return world.base[person.id] in {node["id"] for node in nodes}


@probe("Employee.appraisal")
def _employee_appraisal(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    return _employee(world, actor, person, "appraisal") is not None


PENDING = "{ pendingObjections(first: 100) { nodes { id } } }"


@probe("pendingObjections")
def _pending_objections(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    nodes = (field_of(world.call(PENDING, {}, actor.token), "pendingObjections") or {}).get(
        "nodes", []
    )
    return world.base[person_of(target).id] in {node["id"] for node in nodes}


REQUESTS = "{ myRatingRequests { appraisalId } }"


@probe("myRatingRequests")
def _my_rating_requests(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    # Every actor was invited to rate the peer's base appraisal.
    requests = field_of(world.call(REQUESTS, {}, actor.token), "myRatingRequests") or []
    return bool(requests)


# --- the workflow ----------------------------------------------------------------------------


@probe("openAppraisal")
def _open_appraisal(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    label = world.spare("openAppraisal", person.id, lambda: world.next_label(person))
    body = open_as(world, actor, person, label)
    return world.used(
        "openAppraisal", person.id, typename_of(body, "openAppraisal") == "AppraisalPayload"
    )


def _self_assessable(world: AppraisalWorld, person: Person) -> str:
    """The person's appraisal that stays OPEN or SELF_ASSESSED (self-assessing again, rating
    behaviour and inviting raters keep it so)."""
    return world.kept("self", person.id, lambda: opened(world, person))


@probe("submitSelfAssessment")
def _submit_self_assessment(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    appraisal = _self_assessable(world, person_of(target))
    return run(world, actor, "submitSelfAssessment", appraisalId=appraisal, text="Tercapai")


@probe("rateAppraisal")
def _rate_appraisal(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    # Re-rating is allowed until the employee answers: one appraisal per target.
    person = person_of(target)
    appraisal = world.kept("rate", person.id, lambda: opened(world, person))
    return run(world, actor, "rateAppraisal", appraisalId=appraisal, resultsRating="ABOVE",
               behaviourRating="AS_EXPECTED")  # fmt: skip


@probe("rateBehaviour")
def _rate_behaviour(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    # Any role will do: SELF (the employee), SUPERIOR (the appraiser), PEER (invited only).
    appraisal = _self_assessable(world, person_of(target))
    return any(
        run(world, actor, "rateBehaviour", appraisalId=appraisal, role=role, ratings=levels())
        for role in ("SELF", "SUPERIOR", "PEER")
    )


@probe("inviteRaters")
def _invite_raters(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    appraisal = _self_assessable(world, person)
    rater = next(p for p in world.raters if p.id not in (person.id, actor.id))
    return run(world, actor, "inviteRaters", appraisalId=appraisal,
               raters=[{"raterId": rater.id, "role": "PEER"}])  # fmt: skip


def _answer(world: AppraisalWorld, actor: Person, target: Target, name: str, **extra: Any) -> bool:
    person = person_of(target)
    appraisal = world.spare(name, person.id, lambda: complete(world, person))
    return world.used(name, person.id, run(world, actor, name, appraisalId=appraisal, **extra))


@probe("acknowledgeAppraisal")
def _acknowledge(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return _answer(world, actor, target, "acknowledgeAppraisal")


@probe("objectToAppraisal")
def _object(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return _answer(world, actor, target, "objectToAppraisal", reason="Tidak sesuai")


@probe("decideObjection")
def _decide_objection(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    appraisal = world.spare("decideObjection", person.id, lambda: objected(world, person))
    allowed = run(world, actor, "decideObjection", appraisalId=appraisal, note="Penilaian tetap")
    return world.used("decideObjection", person.id, allowed)


@probe("finalizeAppraisal")
def _finalize(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    appraisal = world.spare("finalizeAppraisal", person.id, lambda: acknowledged(world, person))
    allowed = run(world, actor, "finalizeAppraisal", appraisalId=appraisal)
    return world.used("finalizeAppraisal", person.id, allowed)


# --- dialog kinerja --------------------------------------------------------------------------

NOTES = """
query($e: ID!, $from: Date!, $to: Date!) {
  feedbackNotes(employeeId: $e, from: $from, to: $to, first: 100) { nodes { id } }
}
"""


@probe("feedbackNotes")
def _feedback_notes(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    body = world.call(NOTES, {"e": person.id, **_window()}, actor.token)
    nodes = (field_of(body, "feedbackNotes") or {}).get("nodes", [])
    return world.notes[person.id] in {node["id"] for node in nodes}


@probe("Employee.feedbackNotes")
def _employee_feedback_notes(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    nodes = (_employee(world, actor, person, "feedbackNotes") or {}).get("nodes", [])
    return world.notes[person.id] in {node["id"] for node in nodes}


@probe("addFeedbackNote")
def _add_feedback_note(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return run(world, actor, "addFeedbackNote", employeeId=person_of(target).id, body="Catatan")


# --- realisation -----------------------------------------------------------------------------

REALISATION = (
    "query($e: ID!, $p: String!) { realisation(employeeId: $e, period: $p) { indicatorId } }"
)


@probe("realisation")
def _realisation(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    body = world.call(REALISATION, {"e": person.id, "p": MANUAL_MONTH}, actor.token)
    return bool(field_of(body, "realisation"))


@probe("Employee.realisation")
def _employee_realisation(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return bool(_employee(world, actor, person_of(target), "realisation"))


def _manual(person: Person, world: AppraisalWorld) -> dict[str, Any]:
    return {
        "employeeId": person.id,
        "indicatorId": world.served[person.id].indicator,
        "month": MANUAL_MONTH,
        "quantity": "1",
        "evidenceReference": f"ND-{next(world.counter)}/2026",
    }


def recorded(world: AppraisalWorld, person: Person) -> str:
    """A fresh manual realisation of `person`, recorded by their direct superior."""
    made = ok(
        world, world.superiors[person.id], "recordManualRealisation", **_manual(person, world)
    )
    return str(made["manualRealisation"]["id"])


@probe("recordManualRealisation")
def _record_manual(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return run(world, actor, "recordManualRealisation", **_manual(person_of(target), world))


@probe("withdrawManualRealisation")
def _withdraw_manual(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    made = world.spare("withdraw", person.id, lambda: recorded(world, person))
    allowed = run(world, actor, "withdrawManualRealisation", id=made)
    return world.used("withdraw", person.id, allowed)


# --- units and rules -------------------------------------------------------------------------


@probe("OrgUnit.performance", units=True)
def _performance(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    unit = _entity(world, actor, "OrgUnit", unit_of(target).id, f"{YEAR}-01") or {}
    return unit.get("performance") is not None


@probe("rateUnit", units=True)
def _rate_unit(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return run(world, actor, "rateUnit", unitId=unit_of(target).id, period=f"{YEAR}-01",
               rating="BAIK")  # fmt: skip


RULES = "{ appraisalRules { frequency objectionDays } }"


@probe("appraisalRules")
def _appraisal_rules(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    return field_of(world.call(RULES, {}, actor.token), "appraisalRules") is not None


RULE_SETS = "{ ruleSets(first: 100) { nodes { effectiveFrom } } }"


@probe("ruleSets")
def _rule_sets(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    nodes = (field_of(world.call(RULE_SETS, {}, actor.token), "ruleSets") or {}).get("nodes", [])
    return LISTED_RULES_DAY.isoformat() in {node["effectiveFrom"] for node in nodes}


@probe("setAppraisalRules")
def _set_appraisal_rules(world: AppraisalWorld, actor: Person, target: Target) -> bool:
    day = FIRST_RULES_DAY + timedelta(days=next(world.counter))
    return run(world, actor, "setAppraisalRules", effectiveFrom=day.isoformat(), parameters="{}")
