"""Runs every row of the authorization matrix as a real, signed GraphQL request with a real token.

The identity app runs in-process on a real database, a real Redis and a real nats-server; every
actor signed in through `login` with a password set through `resetPassword` + `changePassword`.
A row's outcome is ALLOW when the operation answered its success type (or, for reads, returned
the record) and DENY otherwise (NotFound, null, an empty list, a refusal). All mismatches are
printed, then the test fails if there is any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kinerja.migrations import migrate
from kinerja.runtime import EmbeddedNats
from kinerja.settings import Settings
from kinerja.signing import SIGNATURE_EXTENSION, sign_request
from services.identity.admin import run_create_superuser
from services.identity.app import create_app
from tests.authz import probes, probes_access
from tests.authz.matrix import IDENTITY, Expect, Relation, Role, Row
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


def _build(builder: OrgBuilder, admin: Person) -> World:
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
            yield _build(OrgBuilder(call, admin.token), admin)
    finally:
        nats.stop()


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

    # when each row runs as a real request
    mismatches = []
    for row in IDENTITY:
        outcome = run_row(world, row)
        if outcome is not row.expected:
            mismatches.append(f"{row}: expected {row.expected}, got {outcome}")

    # then every outcome is the expected one
    for mismatch in mismatches:
        print(mismatch)
    assert mismatches == [], f"{len(mismatches)} of {len(IDENTITY)} rows differ"
