"""Runs every row of the authorization matrix as a real, signed GraphQL request with a real token.

The identity app runs in-process on a real database, a real Redis and a real nats-server; every
actor signed in through `login` with a password set through `resetPassword` + `changePassword`.
The targets app runs beside it on the same nats-server and Redis, its directory replica fed by
identity's events, verifying identity's tokens with identity's keys.
The activity and appraisal apps join them the same way (appraisal's SKP replica fed by targets).
A row's outcome is ALLOW when the operation answered its success type (or, for reads, returned
the record) and DENY otherwise (NotFound, null, an empty list, a refusal). All mismatches are
printed, then the test fails if there is any.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLUnionType
from starlette.testclient import TestClient

from kinerja.directory.view import ReplicaDirectory, policy_day
from kinerja.migrations import migrate
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from kinerja.signing import SIGNATURE_EXTENSION, sign_request
from kinerja.tokens import StaticKeySource
from services.activity.app import create_app as create_activity_app
from services.activity.schema import schema as activity_schema
from services.allowance.app import create_app as create_allowance_app
from services.allowance.schema import schema as allowance_schema
from services.allowance.service.inputs import INPUT_HANDLERS
from services.appraisal.app import create_app as create_appraisal_app
from services.appraisal.schema import schema as appraisal_schema
from services.identity.admin import run_create_superuser
from services.identity.app import create_app
from services.targets.app import create_app as create_targets_app
from services.targets.schema import schema as targets_schema
from tests.allowance.factories import month_closed_event
from tests.authz import (
    probes,
    probes_access,
    probes_activity,
    probes_allowance,
    probes_appraisal,
    probes_targets,
)
from tests.authz.matrix import IDENTITY, Expect, Relation, Role, Row
from tests.authz.matrix_activity import ACTIVITY
from tests.authz.matrix_allowance import ALLOWANCE, SERVICE_ROWS, Account, RunState, ServiceRow
from tests.authz.matrix_appraisal import APPRAISAL
from tests.authz.matrix_targets import TARGETS
from tests.authz.org import OrgBuilder, Person, new_nip, new_password, sign_in
from tests.fixtures.nats import free_port

HMAC_SECRET = "authz-matrix-secret"
GRANTS: dict[Role, str | None] = {
    Role.UNIT_ADMIN: "d1",
    Role.HR: "d1",
    Role.EXECUTIVE: "d1",
    Role.AUDITOR: None,
    Role.SYSTEM_ADMIN: None,
}


def signed_call(client: TestClient) -> Callable[[str, dict[str, Any], str | None], dict[str, Any]]:
    """A `Call` that posts to the in-process identity app with the gateway's signature."""

    def call(query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query, "variables": variables}
        body["extensions"] = {SIGNATURE_EXTENSION: sign_request(HMAC_SECRET, query, variables)}
        headers = {} if token is None else {"authorization": f"Bearer {token}"}
        response = client.post("/graphql", json=body, headers=headers)
        result: dict[str, Any] = response.json()
        return result

    return call


@dataclass
class World:
    """The organisation the matrix runs against (see tests/authz/matrix.py)."""

    builder: OrgBuilder
    admin: Person
    units: dict[str, probes.UnitTarget]
    actors: dict[Role, Person]
    subordinates: dict[Role, Person]
    peer: Person
    other: Person
    service_client: tuple[str, str]
    heads: dict[str, Person]
    settings: Settings
    jwks: Callable[[], dict[str, Any]]

    def target(self, row: Row) -> probes.Target:
        """What `row`'s relation points at, for its actor."""
        match row.relation:
            case Relation.OWN:
                return self.actors[row.role]
            case Relation.SUBORDINATE:
                return self.subordinates[row.role]
            case Relation.SAME_UNIT:
                return self.peer if row.operation in probes.PEOPLE_OPS else self.units["d1"]
            case Relation.OTHER_UNIT:
                return self.other if row.operation in probes.PEOPLE_OPS else self.units["d2"]
            case Relation.NONE:
                return None


def _build(
    builder: OrgBuilder, admin: Person, settings: Settings, jwks: Callable[[], dict[str, Any]]
) -> World:
    root = builder.unit("Kementerian Matriks", type="MINISTRY")
    unit_ids = {"d1": builder.unit("Direktorat Satu", parent_id=root)}
    unit_ids["d2"] = builder.unit("Direktorat Dua", parent_id=root)
    heads = {
        key: builder.person(f"Kepala {key}", uid, job="JPT_PRATAMA")
        for key, uid in unit_ids.items()
    }
    units = {
        key: probes.UnitTarget(
            id=uid,
            head_position_id=heads[key].position_id,
            scratch_unit_id=builder.unit(f"Subdit {key}", parent_id=uid, type="SUB_DIRECTORATE"),
            scratch_position_id=builder.position(uid, f"Jabatan cadangan {key}"),
        )
        for key, uid in unit_ids.items()
    }
    head1 = heads["d1"].position_id
    actors = {
        role: builder.person(f"Aktor {role}", unit_ids["d1"], reports_to_id=head1) for role in Role
    }
    subordinates: dict[Role, Person] = {
        role: builder.person(f"Bawahan {role}", unit_ids["d1"], reports_to_id=actor.position_id)
        for role, actor in actors.items()
        if role is not Role.EMPLOYEE
    }
    for role, actor in actors.items():
        builder.give_account(actor)
        if role in GRANTS:
            unit = GRANTS[role]
            builder.grant(actor, role.value, None if unit is None else unit_ids[unit])
    client_id, secret = probes_access.create_service_account(builder.call, admin.token)
    return World(
        builder=builder,
        admin=admin,
        units=units,
        actors=actors,
        subordinates=subordinates,
        peer=builder.person("Rekan Satu", unit_ids["d1"], reports_to_id=head1),
        other=builder.person("Staf Dua", unit_ids["d2"], reports_to_id=heads["d2"].position_id),
        service_client=(client_id, secret),
        heads=heads,
        settings=settings,
        jwks=jwks,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, redis_server_url: str) -> Iterator[World]:
    """The identity app in-process, the admin bootstrapped, the organisation built."""
    home: Path = tmp_path_factory.mktemp("authz")
    nats = EmbeddedNats(port=free_port(), data_dir=home / "nats")
    nats.start()
    try:
        settings = Settings(
            service="identity",
            home=home,
            nats_url=nats.url,
            redis_url=redis_server_url,
            hmac_secret=HMAC_SECRET,
        )
        migrate("identity", settings.database_url("identity"))
        admin = Person(id="", nip=new_nip(), name="Admin Matriks", position_id="", unit_id="")
        admin.password = new_password()
        admin.id = run_create_superuser(
            settings, nip=admin.nip, name=admin.name, password=admin.password
        ).employee_id
        with TestClient(create_app(settings)) as client:
            call = signed_call(client)
            sign_in(call, admin)

            def jwks() -> dict[str, Any]:
                document: dict[str, Any] = client.get("/.well-known/jwks.json").json()
                return document

            yield _build(OrgBuilder(call, admin.token), admin, settings, jwks)
    finally:
        nats.stop()


def assert_rows(rows: list[Row], run: Callable[[Row], Expect]) -> None:
    """Run every row; print each mismatch, then fail if there is any."""
    mismatches = []
    for row in rows:
        outcome = run(row)
        if outcome is not row.expected:
            mismatches.append(f"{row}: expected {row.expected}, got {outcome}")
    for mismatch in mismatches:
        print(mismatch)
    assert mismatches == [], f"{len(mismatches)} of {len(rows)} rows differ"


def run_row(world: World, row: Row) -> Expect:
    """Perform the row's operation as its actor; ALLOW or DENY by what came back."""
    actor = world.actors[row.role]
    probe = probes.PROBES[row.operation]
    allowed = probe(world, actor, world.target(row))
    if row.relation in (Relation.OWN, Relation.NONE):
        probes_access.ensure_signed_in(world, actor)
    return Expect.ALLOW if allowed else Expect.DENY


def test_every_identity_operation_allows_exactly_what_the_matrix_says(world: World) -> None:
    # given the matrix rows of identity, every operation covered
    assert {row.operation for row in IDENTITY} == set(probes.PROBES)

    # when each row runs as a real request, then every outcome is the expected one
    assert_rows(IDENTITY, lambda row: run_row(world, row))


# --- targets ---------------------------------------------------------------------------------

REPLICA_TIMEOUT_SECONDS = 30


def _superiors(world: World) -> dict[str, Person]:
    """Everyone's direct superior: D1's head above the actors and the peer, each actor above
    their subordinate, D2's head above the staff member of D2."""
    superiors = {actor.id: world.heads["d1"] for actor in world.actors.values()}
    superiors |= {sub.id: world.actors[role] for role, sub in world.subordinates.items()}
    return superiors | {world.peer.id: world.heads["d1"], world.other.id: world.heads["d2"]}


def _wait_for_replica(targets: probes_targets.TargetsWorld, world: World) -> None:
    """Until targets' replica has the last person identity created and who supervises them."""
    skp_id = ""
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS
    period = {"periodStart": "2028-01-01", "periodEnd": "2028-12-31"}
    while not skp_id:
        assert time.monotonic() < deadline, "targets never saw the organisation"
        body = targets.as_admin(
            probes_targets.mutation("createSkp", "SkpPayload", "skp { id }"),
            input={"employeeId": world.other.id, **period},
        )
        created = probes_targets.field_of(body, "createSkp") or {}
        skp_id = (created.get("skp") or {}).get("id", "")
    head = world.heads["d2"]
    query = "query($id: ID!) { skp(id: $id) { id } }"
    while probes_targets.field_of(targets.call(query, {"id": skp_id}, head.token), "skp") is None:
        assert time.monotonic() < deadline, "targets never saw who supervises whom"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def targets_world(world: World) -> Iterator[probes_targets.TargetsWorld]:
    """The targets app beside identity, its replica caught up, every record prepared."""
    settings = world.settings.model_copy(update={"service": "targets"})
    migrate("targets", settings.database_url("targets"))
    for head in world.heads.values():
        if head.token is None:
            world.builder.give_account(head)
    for actor in world.actors.values():
        probes_access.ensure_signed_in(world, actor)
    with TestClient(create_targets_app(settings)) as client:
        # Identity is in-process too, so targets gets identity's key set directly, not by URL.
        client.app.state.runtime.verifier.key_source = StaticKeySource(world.jwks())
        targets = probes_targets.TargetsWorld(
            call=signed_call(client), admin=world.admin, superiors=_superiors(world)
        )
        _wait_for_replica(targets, world)
        people = [*world.actors.values(), *world.subordinates.values(), world.peer, world.other]
        for person in people:
            probes_targets.prepare_base(targets, person)
        probes_targets.prepare_plans(targets, list(world.units.values()))
        yield targets


def _targets_target(world: World, row: Row) -> probes_targets.Target:
    if row.operation in probes_targets.UNIT_OPS:
        return world.units["d1" if row.relation is Relation.SAME_UNIT else "d2"]
    match row.relation:
        case Relation.SAME_UNIT:
            return world.peer
        case Relation.OTHER_UNIT:
            return world.other
    target = world.target(row)
    assert isinstance(target, Person), row
    return target


def run_targets_row(world: World, targets: probes_targets.TargetsWorld, row: Row) -> Expect:
    """Perform a targets row's operation as its actor; ALLOW or DENY by what came back."""
    probe = probes_targets.TARGET_PROBES[row.operation]
    allowed = probe(targets, world.actors[row.role], _targets_target(world, row))
    return Expect.ALLOW if allowed else Expect.DENY


def test_every_targets_operation_allows_exactly_what_the_matrix_says(
    world: World, targets_world: probes_targets.TargetsWorld
) -> None:
    # given the matrix rows of targets, every operation covered
    assert {row.operation for row in TARGETS} == set(probes_targets.TARGET_PROBES)

    # when each row runs as a real request, then every outcome is the expected one
    assert_rows(TARGETS, lambda row: run_targets_row(world, targets_world, row))


def test_a_flipped_targets_row_is_reported_as_a_mismatch(
    world: World, targets_world: probes_targets.TargetsWorld
) -> None:
    # given a row the matrix allows — a supervisor approving their subordinate's SKP — flipped
    row = next(
        r
        for r in TARGETS
        if (r.operation, r.role, r.relation)
        == ("approveSkp", Role.SUPERVISOR, Relation.SUBORDINATE)
    )
    flipped = replace(row, expected=Expect.DENY)

    # when it runs, then the outcome contradicts the flipped expectation
    assert row.expected is Expect.ALLOW
    assert run_targets_row(world, targets_world, flipped) is not flipped.expected


def test_every_targets_root_field_and_entity_has_rows() -> None:
    # given what targets' schema offers: root fields, its entities, fields on identity's types
    graph = targets_schema._schema
    extended, owned = {"Employee", "OrgUnit"}, {"SkpItem", "Indicator"}
    assert {entity.name for entity in graph.type_map["_Entity"].types} == extended | owned
    root = set(graph.query_type.fields) | set(graph.mutation_type.fields)
    offered = root - {"_service", "_entities"}
    offered |= {f"_entities({entity})" for entity in owned}
    for entity in extended:
        offered |= {f"{entity}.{name}" for name in graph.type_map[entity].fields if name != "id"}

    # then the matrix has rows for each of them
    assert offered - {row.operation for row in TARGETS} == set()


# --- activity --------------------------------------------------------------------------------


def _wait_for_activity(
    world: World, activity: probes_activity.ActivityWorld, people: list[Person]
) -> None:
    """Until activity's replicas have the directory's last person and who supervises them (D2's
    head sees their month), then everyone's approved SKP (each records their base log)."""
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS
    head = world.heads["d2"]
    while not probes_activity.sees_attendance(activity, head, world.other):
        assert time.monotonic() < deadline, "activity never saw who supervises whom"
        time.sleep(0.05)
    for person in people:
        served = activity.served[person.id]
        while person.id not in activity.base_logs:
            assert time.monotonic() < deadline, f"activity never saw {person.name}'s SKP"
            body = probes_activity.try_log(activity, person, served)
            created = probes_activity.field_of(body, "createLog") or {}
            if "log" in created:
                activity.base_logs[person.id] = created["log"]["id"]
            else:
                time.sleep(0.05)


def _people(world: World) -> list[Person]:
    return [*world.actors.values(), *world.subordinates.values(), world.peer, world.other]


@pytest.fixture(scope="module")
def approved_skps(
    world: World, targets_world: probes_targets.TargetsWorld
) -> dict[str, probes_activity.Served]:
    """Everyone signed in, with an SKP for LOG_DAY's year approved by their direct superior."""
    people = _people(world)
    for person in people:  # logs and appraisal answers are the employee's alone: all sign in
        if person.token is None:
            world.builder.give_account(person)
    return probes_activity.prepare_skps(targets_world, list(world.heads.values()), people)


@pytest.fixture(scope="module")
def activity_world(
    world: World, approved_skps: dict[str, probes_activity.Served]
) -> Iterator[probes_activity.ActivityWorld]:
    """The activity app beside targets: directory and approved SKPs replicated, records ready."""
    settings = world.settings.model_copy(update={"service": "activity"})
    migrate("activity", settings.database_url("activity"))
    people = _people(world)
    served = approved_skps
    with TestClient(create_activity_app(settings)) as client:
        client.app.state.runtime.verifier.key_source = StaticKeySource(world.jwks())
        activity = probes_activity.ActivityWorld(
            call=signed_call(client),
            client=client,
            admin=world.admin,
            superiors=_superiors(world),
            served=served,
        )
        _wait_for_activity(world, activity, people)
        probes_activity.prepare_units(activity, list(world.units.values()))
        yield activity


def _activity_target(world: World, row: Row) -> probes_activity.Target:
    if row.operation in probes_activity.UNIT_OPS:
        return world.units["d1" if row.relation is Relation.SAME_UNIT else "d2"]
    match row.relation:
        case Relation.SAME_UNIT:
            return world.peer
        case Relation.OTHER_UNIT:
            return world.other
    return world.target(row)


def run_activity_row(world: World, activity: probes_activity.ActivityWorld, row: Row) -> Expect:
    """Perform an activity row's operation as its actor; ALLOW or DENY by what came back."""
    probe = probes_activity.ACTIVITY_PROBES[row.operation]
    allowed = probe(activity, world.actors[row.role], _activity_target(world, row))
    return Expect.ALLOW if allowed else Expect.DENY


def test_every_activity_operation_allows_exactly_what_the_matrix_says(
    world: World, activity_world: probes_activity.ActivityWorld
) -> None:
    # given the matrix rows of activity, every operation covered
    assert {row.operation for row in ACTIVITY} == set(probes_activity.ACTIVITY_PROBES)

    # when each row runs as a real request, then every outcome is the expected one
    assert_rows(ACTIVITY, lambda row: run_activity_row(world, activity_world, row))


def test_a_flipped_activity_row_is_reported_as_a_mismatch(
    world: World, activity_world: probes_activity.ActivityWorld
) -> None:
    # given a row the matrix allows — a supervisor approving their subordinate's log — flipped
    row = next(
        r
        for r in ACTIVITY
        if (r.operation, r.role, r.relation)
        == ("approveLog", Role.SUPERVISOR, Relation.SUBORDINATE)
    )
    flipped = replace(row, expected=Expect.DENY)

    # when it runs, then the outcome contradicts the flipped expectation
    assert row.expected is Expect.ALLOW
    assert run_activity_row(world, activity_world, flipped) is not flipped.expected


def test_every_activity_root_field_and_entity_has_rows() -> None:
    # given what activity's schema offers: root fields, fields on the entities it extends
    graph = activity_schema._schema
    extended = {"Employee", "SkpItem"}
    assert {entity.name for entity in graph.type_map["_Entity"].types} == extended
    root = set(graph.query_type.fields) | set(graph.mutation_type.fields)
    offered = root - {"_service", "_entities"}
    for entity in extended:
        offered |= {f"{entity}.{name}" for name in graph.type_map[entity].fields if name != "id"}

    # then the matrix has rows for each of them
    assert offered - {row.operation for row in ACTIVITY} == set()


# --- appraisal -------------------------------------------------------------------------------


def _wait_for_targets(targets: probes_targets.TargetsWorld, person: Person) -> None:
    """Until targets' replica has `person` and who supervises them (the superior sees an SKP)."""
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS
    period = {"periodStart": "2028-01-01", "periodEnd": "2028-12-31"}
    skp_id = ""
    while not skp_id:
        assert time.monotonic() < deadline, f"targets never saw {person.name}"
        body = targets.as_admin(
            probes_targets.mutation("createSkp", "SkpPayload", "skp { id }"),
            input={"employeeId": person.id, **period},
        )
        skp_id = ((probes_targets.field_of(body, "createSkp") or {}).get("skp") or {}).get("id", "")
    superior = targets.superiors[person.id]
    query = "query($id: ID!) { skp(id: $id) { id } }"
    while (
        probes_targets.field_of(targets.call(query, {"id": skp_id}, superior.token), "skp") is None
    ):
        assert time.monotonic() < deadline, f"targets never saw who supervises {person.name}"
        time.sleep(0.05)


def _second_line(world: World, targets: probes_targets.TargetsWorld) -> dict[str, Person]:
    """A subordinate (with an account and an approved SKP) for each supervising actor's
    subordinate, the D1 colleague and the D2 staff member: first-line person id → theirs."""
    above = [*world.subordinates.values(), world.peer, world.other]
    below = {
        person.id: world.builder.person(
            f"Bawahan {person.name}", person.unit_id, reports_to_id=person.position_id
        )
        for person in above
    }
    for superior_id, person in below.items():
        world.builder.give_account(person)
        targets.superiors[person.id] = next(p for p in above if p.id == superior_id)
    _wait_for_targets(targets, below[world.other.id])  # identity's events arrive in order
    probes_activity.prepare_skps(targets, [], list(below.values()))
    return below


def _prepare_appraisals(
    world: World, appraisal: probes_appraisal.AppraisalWorld, people: list[Person]
) -> None:
    """Each person's base appraisal, opened by their superior once appraisal's replicas have the
    directory and their approved SKP; the actors are invited to rate the peer's."""
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS
    bases: dict[str, str] = {}
    for person in people:
        while (opened := probes_appraisal.open_base(appraisal, person)) is None:
            assert time.monotonic() < deadline, f"appraisal never saw {person.name}'s SKP"
            time.sleep(0.05)
        bases[person.id] = opened
    for person in people:
        # the 360 rater: the D1 colleague, except on their own or their subordinate's
        near_peer = world.peer.id in (person.id, appraisal.superiors[person.id].id)
        probes_appraisal.prepare_base(
            appraisal,
            person,
            bases[person.id],
            rater=world.other if near_peer else world.peer,
            invited=list(world.actors.values()) if person.id == world.peer.id else [],
        )
    probes_appraisal.prepare_rules(appraisal)


@pytest.fixture(scope="module")
def appraisal_world(
    world: World,
    targets_world: probes_targets.TargetsWorld,
    approved_skps: dict[str, probes_activity.Served],
) -> Iterator[probes_appraisal.AppraisalWorld]:
    """The appraisal app beside targets: directory and approved SKPs replicated (a second line
    of subordinates included), every base appraisal prepared."""
    settings = world.settings.model_copy(update={"service": "appraisal"})
    migrate("appraisal", settings.database_url("appraisal"))
    for person in [world.admin, *world.heads.values(), *_people(world)]:
        sign_in(world.builder.call, person)  # access tokens of a long run may have expired
    world.builder.admin_token = world.admin.token
    below = _second_line(world, targets_world)
    superiors = _superiors(world) | {
        person.id: next(p for p in _people(world) if p.id == above)
        for above, person in below.items()
    }
    app = create_appraisal_app(settings)
    with TestClient(app) as client:
        app.state.runtime.verifier.key_source = StaticKeySource(world.jwks())
        appraisal = probes_appraisal.AppraisalWorld(
            call=signed_call(client),
            admin=world.admin,
            superiors=superiors,
            served=approved_skps,
            raters=[world.other, world.peer],
            below=below,
        )
        _prepare_appraisals(world, appraisal, [*_people(world), *below.values()])
        yield appraisal


def _appraisal_target(
    world: World, appraisal: probes_appraisal.AppraisalWorld, row: Row
) -> probes_appraisal.Target:
    if row.operation in probes_appraisal.UNIT_OPS:
        return world.units["d1" if row.relation is Relation.SAME_UNIT else "d2"]
    match row.relation:
        case Relation.NONE:
            return None
        case Relation.SAME_UNIT:
            target = world.peer
        case Relation.OTHER_UNIT:
            target = world.other
        case Relation.SUBORDINATE:
            target = world.subordinates[row.role]
        case Relation.OWN:
            return world.actors[row.role]
    second_line = row.operation in probes_appraisal.SECOND_LINE_OPS
    return appraisal.below[target.id] if second_line else target


def run_appraisal_row(world: World, appraisal: probes_appraisal.AppraisalWorld, row: Row) -> Expect:
    """Perform an appraisal row's operation as its actor; ALLOW or DENY by what came back."""
    probe = probes_appraisal.APPRAISAL_PROBES[row.operation]
    allowed = probe(appraisal, world.actors[row.role], _appraisal_target(world, appraisal, row))
    return Expect.ALLOW if allowed else Expect.DENY


def test_every_appraisal_operation_allows_exactly_what_the_matrix_says(
    world: World, appraisal_world: probes_appraisal.AppraisalWorld
) -> None:
    # given the matrix rows of appraisal, every operation covered
    assert {row.operation for row in APPRAISAL} == set(probes_appraisal.APPRAISAL_PROBES)

    # when each row runs as a real request, then every outcome is the expected one
    assert_rows(APPRAISAL, lambda row: run_appraisal_row(world, appraisal_world, row))


def test_a_flipped_appraisal_row_is_reported_as_a_mismatch(
    world: World, appraisal_world: probes_appraisal.AppraisalWorld
) -> None:
    # given a row the matrix allows — a supervisor rating their subordinate's appraisal — flipped
    row = next(
        r
        for r in APPRAISAL
        if (r.operation, r.role, r.relation)
        == ("rateAppraisal", Role.SUPERVISOR, Relation.SUBORDINATE)
    )
    flipped = replace(row, expected=Expect.DENY)

    # when it runs, then the outcome contradicts the flipped expectation
    assert row.expected is Expect.ALLOW
    assert run_appraisal_row(world, appraisal_world, flipped) is not flipped.expected


def test_every_appraisal_root_field_and_entity_has_rows() -> None:
    # given what appraisal's schema offers: root fields, its entity, fields on identity's types
    graph = appraisal_schema._schema
    extended, owned = {"Employee", "OrgUnit"}, {"Appraisal"}
    entities = graph.type_map["_Entity"]
    assert isinstance(entities, GraphQLUnionType)
    assert {entity.name for entity in entities.types} == extended | owned
    assert graph.query_type is not None
    assert graph.mutation_type is not None
    root = set(graph.query_type.fields) | set(graph.mutation_type.fields)
    offered = root - {"_service", "_entities"}
    offered |= {f"_entities({entity})" for entity in owned}
    for entity in extended:
        fields = graph.type_map[entity]
        assert isinstance(fields, GraphQLObjectType)
        offered |= {f"{entity}.{name}" for name in fields.fields if name != "id"}

    # then the matrix has rows for each of them
    assert offered - {row.operation for row in APPRAISAL} == set()


# --- allowance -------------------------------------------------------------------------------


def _service_account(world: World, scopes: list[str]) -> Person:
    """A new service account with `scopes`, signed in with `serviceLogin` (as a token holder)."""
    body = world.builder.call(
        probes_access.CREATE_SERVICE_ACCOUNT,
        {"input": {"name": f"Sistem SDM {' '.join(scopes)}", "scopes": scopes}},
        world.admin.token,
    )
    created = probes.field_of(body, "createServiceAccount") or {}
    assert created.get("__typename") == "ServiceAccountPayload", body
    credentials = {"clientId": created["serviceAccount"]["clientId"]}
    credentials["clientSecret"] = created["clientSecret"]
    login = world.builder.call(probes_access.SERVICE_LOGIN, {"i": credentials}, None)
    token = (probes.field_of(login, "serviceLogin") or {}).get("accessToken")
    assert token, login
    account = Person(id="", nip="", name=f"Sistem SDM {scopes}", position_id="", unit_id="")
    account.token = token
    return account


def _wait_for_allowance_replica(client: TestClient, world: World) -> str:
    """Until allowance's directory replica places everyone in the organisation; its top unit."""
    sessions = client.app.state.runtime.session_factory  # type: ignore[attr-defined]
    people = _people(world) + list(world.heads.values())
    deadline = time.monotonic() + REPLICA_TIMEOUT_SECONDS

    async def paths() -> list[tuple[str, ...] | None]:
        directory = ReplicaDirectory(sessions)  # a new one each time: a directory memoises
        day = policy_day(datetime.now(UTC))
        return [await directory.unit_path_of(person.id, day) for person in people]

    while not all(found := client.portal.call(paths)):  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "allowance never saw the organisation"
        time.sleep(0.05)
    roots = {path[0] for path in found if path}
    assert len(roots) == 1, roots
    return roots.pop()


def _close_month(client: TestClient, world: World, month: str) -> None:
    """Everyone's attendance month closed, applied with allowance's own consumer handlers."""
    people = _people(world) + list(world.heads.values())
    factory = client.app.state.runtime.session_factory  # type: ignore[attr-defined]

    async def close() -> None:
        async with factory() as session, session.begin():
            for person in people:
                event = month_closed_event(person.id, person.unit_id, month)
                await INPUT_HANDLERS[event.type](session, event)

    client.portal.call(close)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def allowance_world(world: World) -> Iterator[probes_allowance.AllowanceWorld]:
    """The allowance app beside identity: the directory replicated, September 2026 closed,
    computed, reviewed and locked, October 2026 computed (a draft), two service accounts."""
    settings = world.settings.model_copy(update={"service": "allowance"})
    migrate("allowance", settings.database_url("allowance"))
    for person in [world.admin, *world.actors.values()]:
        sign_in(world.builder.call, person)  # access tokens of a long run may have expired
    world.builder.admin_token = world.admin.token
    services = {
        Account.EXPORT: _service_account(world, ["allowance:export"]),
        Account.NO_SCOPE: _service_account(world, ["directory:read"]),
    }
    app = create_allowance_app(settings)
    with TestClient(app) as client:
        app.state.runtime.verifier.key_source = StaticKeySource(world.jwks())
        organisation_id = _wait_for_allowance_replica(client, world)
        _close_month(client, world, probes_allowance.LOCKED_MONTH)
        allowance = probes_allowance.AllowanceWorld(
            call=signed_call(client),
            client=client,
            admin=world.admin,
            organisation_id=organisation_id,
            services={account.value: person for account, person in services.items()},
        )
        locked = probes_allowance.compute(allowance, probes_allowance.LOCKED_MONTH)
        probes_allowance.review(allowance, locked.id)
        probes_allowance.lock(allowance, locked.id)
        allowance.locked = replace(locked, status="LOCKED")
        allowance.draft = probes_allowance.compute(allowance, probes_allowance.DRAFT_MONTH)
        probes_allowance.prepare_rules(allowance)
        yield allowance


def _person_by_relation(world: World, row: Row) -> Person:
    match row.relation:
        case Relation.SAME_UNIT:
            return world.peer
        case Relation.OTHER_UNIT:
            return world.other
        case Relation.SUBORDINATE:
            return world.subordinates[row.role]
    return world.actors[row.role]


def _allowance_target(
    world: World, allowance: probes_allowance.AllowanceWorld, row: Row
) -> probes_allowance.Target:
    operation = row.operation
    if operation in probes_allowance.RUN_OPS:
        return allowance.locked
    if operation in probes_allowance.RUN_PEOPLE_OPS:
        if operation in probes_allowance.UNIT_OPS:
            unit = world.units["d1" if row.relation is Relation.SAME_UNIT else "d2"]
            return probes_allowance.PaymentTarget(allowance.locked, unit=unit)
        return probes_allowance.PaymentTarget(
            allowance.locked, person=_person_by_relation(world, row)
        )
    if operation in probes_allowance.PEOPLE_OPS:
        return _person_by_relation(world, row)
    return None


def run_allowance_row(world: World, allowance: probes_allowance.AllowanceWorld, row: Row) -> Expect:
    """Perform an allowance row's operation as its actor; ALLOW or DENY by what came back."""
    probe = probes_allowance.ALLOWANCE_PROBES[row.operation]
    allowed = probe(allowance, world.actors[row.role], _allowance_target(world, allowance, row))
    return Expect.ALLOW if allowed else Expect.DENY


def _service_target(
    world: World, allowance: probes_allowance.AllowanceWorld, row: ServiceRow
) -> probes_allowance.Target:
    run = allowance.locked if row.run is RunState.LOCKED else allowance.draft
    if row.operation in probes_allowance.RUN_OPS:
        return run
    if row.operation in probes_allowance.RUN_PEOPLE_OPS:
        if row.operation in probes_allowance.UNIT_OPS:
            return probes_allowance.PaymentTarget(run, unit=world.units["d1"])
        return probes_allowance.PaymentTarget(run, person=world.peer)
    if row.operation in probes_allowance.PEOPLE_OPS:
        return world.peer
    return None


def run_allowance_service_row(
    world: World, allowance: probes_allowance.AllowanceWorld, row: ServiceRow
) -> Expect:
    """Perform a service account's row with its own token; ALLOW or DENY by what came back."""
    probe = probes_allowance.ALLOWANCE_PROBES[row.operation]
    account = allowance.services[row.account.value]
    allowed = probe(allowance, account, _service_target(world, allowance, row))
    return Expect.ALLOW if allowed else Expect.DENY


def test_every_allowance_operation_allows_exactly_what_the_matrix_says(
    world: World, allowance_world: probes_allowance.AllowanceWorld
) -> None:
    # given the matrix rows of allowance (employees' and service accounts'), every op covered
    assert {row.operation for row in ALLOWANCE} == set(probes_allowance.ALLOWANCE_PROBES)
    assert {row.operation for row in SERVICE_ROWS} == set(probes_allowance.ALLOWANCE_PROBES)

    # when each row runs as a real request
    mismatches = []
    for row in ALLOWANCE:
        outcome = run_allowance_row(world, allowance_world, row)
        if outcome is not row.expected:
            mismatches.append(f"{row}: expected {row.expected}, got {outcome}")
    for service_row in SERVICE_ROWS:
        outcome = run_allowance_service_row(world, allowance_world, service_row)
        if outcome is not service_row.expected:
            mismatches.append(f"{service_row}: expected {service_row.expected}, got {outcome}")

    # then every outcome is the expected one
    for mismatch in mismatches:
        print(mismatch)
    total = len(ALLOWANCE) + len(SERVICE_ROWS)
    assert mismatches == [], f"{len(mismatches)} of {total} rows differ"


def test_a_flipped_allowance_row_is_reported_as_a_mismatch(
    world: World, allowance_world: probes_allowance.AllowanceWorld
) -> None:
    # given a row the matrix allows — HR on D1 reading a D1 colleague's payment — flipped
    row = next(
        r
        for r in ALLOWANCE
        if (r.operation, r.role, r.relation) == ("Employee.allowance", Role.HR, Relation.SAME_UNIT)
    )
    flipped = replace(row, expected=Expect.DENY)
    # and a service row the matrix allows — the export account fetching the locked run's CSV
    service_row = next(
        r
        for r in SERVICE_ROWS
        if (r.operation, r.account, r.run) == ("export.csv", Account.EXPORT, RunState.LOCKED)
    )
    flipped_service = replace(service_row, expected=Expect.DENY)

    # when they run, then the outcomes contradict the flipped expectations
    assert row.expected is Expect.ALLOW
    assert service_row.expected is Expect.ALLOW
    assert run_allowance_row(world, allowance_world, flipped) is not flipped.expected
    outcome = run_allowance_service_row(world, allowance_world, flipped_service)
    assert outcome is not flipped_service.expected


def test_every_allowance_root_field_and_entity_has_rows() -> None:
    # given what allowance's schema offers: root fields, its entity, fields on identity's Employee
    graph = allowance_schema._schema
    extended, owned = {"Employee"}, {"AllowanceRun"}
    entities = graph.type_map["_Entity"]
    assert isinstance(entities, GraphQLUnionType)
    assert {entity.name for entity in entities.types} == extended | owned
    assert graph.query_type is not None
    assert graph.mutation_type is not None
    root = set(graph.query_type.fields) | set(graph.mutation_type.fields)
    offered = root - {"_service", "_entities"}
    offered |= {f"_entities({entity})" for entity in owned}
    for entity in extended:
        fields = graph.type_map[entity]
        assert isinstance(fields, GraphQLObjectType)
        offered |= {f"{entity}.{name}" for name in fields.fields if name != "id"}
    # and the export route beside /graphql
    offered.add("export.csv")

    # then the matrix has rows for each of them, for employees and for service accounts
    assert offered - {row.operation for row in ALLOWANCE} == set()
    assert offered - {row.operation for row in SERVICE_ROWS} == set()
