"""Attacks on sign-in and tokens, against the real gateway and straight at the identity subgraph.

Every attack is refused, and nothing changes: the forged tokens claim to be the SYSTEM_ADMIN
and try to rename employee A; afterwards A's name is read back unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.authz.org import LOGIN, Person
from tests.e2e import forge
from tests.e2e.clients import Clients
from tests.e2e.conftest import Org, Platform

pytestmark = pytest.mark.e2e

TARGETS = ["gateway", "identity"]
REVOCATION_SECONDS = 5
BEARER_CHALLENGE = 'Bearer error="invalid_token"'

ME = "query Me { me { employee { id } } }"
EMPLOYEE_NAME = "query Name($id: ID!) { employee(id: $id) { name } }"
RENAME = """
mutation Rename($id: ID!, $name: String!) {
  updateEmployee(input: {id: $id, name: $name}) {
    __typename
    ... on EmployeePayload { employee { name } }
  }
}
"""
DEACTIVATE = """
mutation Deactivate($id: ID!) {
  deactivateAccount(input: {employeeId: $id}) {
    __typename
    ... on AccountPayload { account { active } }
  }
}
"""
LOGOUT = """
mutation Logout($refreshToken: String!) {
  logout(input: {refreshToken: $refreshToken}) {
    __typename
    ... on LogoutPayload { loggedOut }
    ... on LoginFailed { message }
  }
}
"""


def send(
    clients: Clients,
    target: str,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> httpx.Response:
    """POST through the gateway, or straight to identity with the gateway's signature."""
    if target == "gateway":
        return clients.gateway(query, variables, token=token)
    return clients.identity(query, variables, token=token)


def assert_refused(response: httpx.Response) -> None:
    """An authentication refusal: HTTP 401, an error and no data."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert body.get("data") is None, body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body


def assert_refused_at(target: str, response: httpx.Response) -> None:
    """Refused; through the gateway, by the gateway itself (at the edge, with a challenge)."""
    assert_refused(response)
    if target == "gateway":
        assert response.headers["www-authenticate"] == BEARER_CHALLENGE


def assert_name_unchanged(clients: Clients, org: Org, admin: Person) -> None:
    """Employee A still has the name they were created with."""
    body = clients.via_gateway(EMPLOYEE_NAME, {"id": org.a.id}, admin.token)
    assert body == {"data": {"employee": {"name": org.a.name}}}


def try_rename_with(clients: Clients, target: str, org: Org, token: str) -> httpx.Response:
    """The attack: rename A with a doctored token."""
    return send(clients, target, RENAME, {"id": org.a.id, "name": "Diretas"}, token)


@pytest.fixture(scope="module")
def signing_key(platform: Platform, admin: Person) -> tuple[str, Ed25519PrivateKey]:
    """Identity's active key (it exists once someone signed in)."""
    del admin
    return forge.active_signing_key(Path(platform.env["KINERJA_HOME"]))


@pytest.fixture(scope="module")
def admin_claims(admin: Person) -> dict[str, Any]:
    """The claims of a real SYSTEM_ADMIN token, to copy into forged ones."""
    assert admin.token is not None
    return forge.claims_of(admin.token)


def _attack(
    name: str,
) -> Callable[[Callable[..., str]], Callable[..., str]]:
    def register(build: Callable[..., str]) -> Callable[..., str]:
        FORGERIES[name] = build
        return build

    return register


FORGERIES: dict[str, Callable[..., str]] = {}


@_attack("alg_none")
def _alg_none(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.unsigned(forge.fresh_claims(claims), kid)


@_attack("hs256_signed_with_the_public_key")
def _hs256(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.hs256_with_public_key(forge.fresh_claims(claims), kid, jwk)


@_attack("unknown_kid")
def _unknown_kid(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.sign_eddsa(forge.fresh_claims(claims), Ed25519PrivateKey.generate(), "attacker-1")


@_attack("missing_kid")
def _missing_kid(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.sign_eddsa(forge.fresh_claims(claims), key, None)


@_attack("expired")
def _expired(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    past = int(time.time()) - 3600
    return forge.sign_eddsa(
        forge.fresh_claims(claims, iat=past, nbf=past, exp=past + 600), key, kid
    )


@_attack("not_yet_valid")
def _not_yet_valid(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    future = int(time.time()) + 3600
    return forge.sign_eddsa(
        forge.fresh_claims(claims, iat=future, nbf=future, exp=future + 600), key, kid
    )


@_attack("wrong_issuer")
def _wrong_issuer(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.sign_eddsa(forge.fresh_claims(claims, iss="evil-identity"), key, kid)


@_attack("wrong_audience")
def _wrong_audience(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.sign_eddsa(forge.fresh_claims(claims, aud="another-system"), key, kid)


@_attack("no_exp")
def _no_exp(claims: dict[str, Any], kid: str, key: Ed25519PrivateKey, jwk: Any) -> str:
    return forge.sign_eddsa(forge.fresh_claims(claims, exp=None), key, kid)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("attack", sorted(FORGERIES))
def test_a_forged_token_is_refused_and_changes_nothing(
    clients: Clients,
    org: Org,
    admin: Person,
    admin_claims: dict[str, Any],
    signing_key: tuple[str, Ed25519PrivateKey],
    target: str,
    attack: str,
) -> None:
    # given a token forged as the admin, by `attack`
    kid, key = signing_key
    jwks = httpx.get(f"{clients.identity_url}/.well-known/jwks.json", timeout=5).json()
    (jwk,) = [entry for entry in jwks["keys"] if entry["kid"] == kid]
    token = FORGERIES[attack](admin_claims, kid, key, jwk)

    # when it is used to rename A
    response = try_rename_with(clients, target, org, token)

    # then it is refused, and A keeps their name
    assert_refused_at(target, response)
    assert_name_unchanged(clients, org, admin)


@pytest.mark.parametrize("target", TARGETS)
def test_a_real_token_with_a_tampered_payload_is_refused(
    clients: Clients, org: Org, admin: Person, target: str
) -> None:
    # given A's real token, its payload swapped for one that makes A a SYSTEM_ADMIN
    assert org.a.token is not None
    claims = forge.claims_of(org.a.token)
    claims["roles"] = [{"role": "SYSTEM_ADMIN", "unit": None}]

    # when A renames themself with it
    response = try_rename_with(clients, target, org, forge.with_payload(org.a.token, claims))

    # then it is refused
    assert_refused_at(target, response)
    assert_name_unchanged(clients, org, admin)


@pytest.mark.parametrize("target", TARGETS)
def test_a_truncated_token_is_refused(clients: Clients, org: Org, target: str) -> None:
    assert org.a.token is not None

    response = send(clients, target, ME, token=org.a.token[:-12])

    assert_refused_at(target, response)


@pytest.mark.parametrize("target", TARGETS)
def test_a_refresh_token_is_not_an_access_token(clients: Clients, org: Org, target: str) -> None:
    assert org.a.refresh_token is not None

    response = send(clients, target, ME, token=org.a.refresh_token)

    assert_refused_at(target, response)


@pytest.mark.parametrize("target", TARGETS)
def test_a_good_token_is_accepted(clients: Clients, org: Org, target: str) -> None:
    response = send(clients, target, ME, token=org.a.token)

    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"] is not None


def refused_within(clients: Clients, target: str, token: str) -> bool:
    """True once `token` is refused by `target`, polling for a few seconds."""
    deadline = time.monotonic() + REVOCATION_SECONDS
    while time.monotonic() < deadline:
        response = send(clients, target, ME, token=token)
        if response.status_code == 401 or (response.json().get("data") or {}).get("me") is None:
            return True
        time.sleep(0.2)
    return False


def test_a_deactivated_accounts_token_stops_working_within_seconds(
    clients: Clients, org: Org, admin: Person
) -> None:
    # given C, signed in, whose token works
    c = org.new_person("Citra Nonaktif")
    assert c.token is not None
    for target in TARGETS:
        assert send(clients, target, ME, token=c.token).json()["data"]["me"] is not None

    # when the admin deactivates C's account
    body = clients.via_gateway(DEACTIVATE, {"id": c.id}, admin.token)
    assert body == {
        "data": {
            "deactivateAccount": {"__typename": "AccountPayload", "account": {"active": False}}
        }
    }

    # then C's token is refused everywhere within seconds, and C cannot sign in again
    assert all(refused_within(clients, target, c.token) for target in TARGETS)
    assert c.password is not None
    again = clients.via_gateway(LOGIN, {"input": {"nip": c.nip, "password": c.password}}, None)
    assert again["data"]["login"]["__typename"] == "LoginFailed"


def test_logout_revokes_the_sessions_access_token_within_seconds(
    clients: Clients, org: Org
) -> None:
    # given D, signed in
    d = org.new_person("Dewi Keluar")
    assert d.token is not None
    assert d.refresh_token is not None

    # when D logs out
    body = clients.via_gateway(LOGOUT, {"refreshToken": d.refresh_token}, d.token)
    assert body == {"data": {"logout": {"__typename": "LogoutPayload", "loggedOut": True}}}

    # then the access token of that session is refused everywhere within seconds
    assert all(refused_within(clients, target, d.token) for target in TARGETS)


# --- the gateway's signature ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '{ employee(id: "00000000-0000-0000-0000-000000000000") { id name } }',
        '{ _entities(representations: [{__typename: "Employee", id: "x"}]) '
        "{ ... on Employee { name } } }",
        "{ _service { sdl } }",
    ],
    ids=["query", "_entities", "_service"],
)
def test_an_unsigned_request_straight_to_identity_is_forbidden(
    clients: Clients, org: Org, query: str
) -> None:
    response = clients.identity(query, token=org.a.token, signed=False)

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_request_signed_with_another_secret_is_forbidden(clients: Clients, org: Org) -> None:
    forged = Clients(clients.http, clients.gateway_url, clients.identity_url, "not-the-secret")

    response = forged.identity("{ _service { sdl } }", token=org.a.token)

    assert response.status_code == 403
