"""Probes of access operations: accounts, roles, signing in and out, keys, service accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.authz.org import Call, Person, new_password, sign_in
from tests.authz.probes import (
    PEOPLE_OPS,
    PROBES,
    Target,
    World,
    as_actor,
    as_admin,
    field_of,
    me_probe,
    mutation_doc,
    person_of,
    probe,
    typename_of,
)

# --- accounts and roles ----------------------------------------------------------------------


def _account_op(name: str, payload: str = "AccountPayload") -> Callable[..., bool]:
    query = mutation_doc(name, "AccountInput", payload)

    def run(world: World, actor: Person, target: Target) -> bool:
        body = as_actor(world, actor, query, input={"employeeId": person_of(target).id})
        return typename_of(body, name) == payload

    return run


_reset = _account_op("resetPassword", "ResetPasswordPayload")
_activate = _account_op("activateAccount")
PROBES["resetPassword"] = _reset
PROBES["activateAccount"] = _activate
PROBES["unlockAccount"] = _account_op("unlockAccount")
PEOPLE_OPS.update({"resetPassword", "activateAccount", "unlockAccount"})


@probe("deactivateAccount", people=True)
def _deactivate(world: World, actor: Person, target: Target) -> bool:
    allowed = _account_op("deactivateAccount")(world, actor, target)
    _activate(world, world.admin, target)
    return allowed


GRANT = """
mutation($input: GrantRoleInput!) {
  grantRole(input: $input) { __typename ... on RoleGrantPayload { grant { id } } }
}
"""
REVOKE = """
mutation($input: RevokeRoleInput!) {
  revokeRole(input: $input) { __typename ... on RoleGrantPayload { grant { id } } }
}
"""


def _grant_input(world: World, person: Person) -> dict[str, Any]:
    return {
        "employeeId": person.id,
        "role": "EXECUTIVE",
        "unitId": world.units["d2"].id,
        "reason": "authorization matrix",
    }


def _revoke_byas_admin(world: World, grant_id: str) -> None:
    as_admin(world, REVOKE, input={"grantId": grant_id, "reason": "authorization matrix"})


@probe("grantRole", people=True)
def _grant_role(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(world, actor, GRANT, input=_grant_input(world, person_of(target)))
    if typename_of(body, "grantRole") != "RoleGrantPayload":
        return False
    _revoke_byas_admin(world, field_of(body, "grantRole")["grant"]["id"])
    return True


@probe("revokeRole", people=True)
def _revoke_role(world: World, actor: Person, target: Target) -> bool:
    person = person_of(target)
    granted = field_of(as_admin(world, GRANT, input=_grant_input(world, person)), "grantRole")
    grant_id = granted["grant"]["id"]
    if person is actor:
        ensure_signed_in(world, actor)  # the grant revoked the actor's tokens
    body = as_actor(
        world, actor, REVOKE, input={"grantId": grant_id, "reason": "authorization matrix"}
    )
    allowed = typename_of(body, "revokeRole") == "RoleGrantPayload"
    if not allowed:
        _revoke_byas_admin(world, grant_id)
    return allowed


# --- signing in and out ----------------------------------------------------------------------

TOKENS = "... on TokenPayload { accessToken refreshToken }"


def _take_tokens(actor: Person, value: dict[str, Any]) -> None:
    actor.token, actor.refresh_token = value["accessToken"], value["refreshToken"]


@probe("login")
def _login(world: World, actor: Person, target: Target) -> bool:
    query = f"mutation($i: LoginInput!) {{ login(input: $i) {{ __typename {TOKENS} }} }}"
    body = as_actor(world, actor, query, i={"nip": actor.nip, "password": actor.password})
    if typename_of(body, "login") != "TokenPayload":
        return False
    _take_tokens(actor, field_of(body, "login"))
    return True


@probe("refreshToken")
def _refresh(world: World, actor: Person, target: Target) -> bool:
    query = (
        f"mutation($i: RefreshTokenInput!) {{ refreshToken(input: $i) {{ __typename {TOKENS} }} }}"
    )
    body = as_actor(world, actor, query, i={"refreshToken": actor.refresh_token})
    if typename_of(body, "refreshToken") != "TokenPayload":
        return False
    _take_tokens(actor, field_of(body, "refreshToken"))
    return True


@probe("logout")
def _logout(world: World, actor: Person, target: Target) -> bool:
    query = "mutation($i: LogoutInput!) { logout(input: $i) { __typename } }"
    body = as_actor(world, actor, query, i={"refreshToken": actor.refresh_token})
    return typename_of(body, "logout") == "LogoutPayload"


@probe("changePassword")
def _change_password(world: World, actor: Person, target: Target) -> bool:
    password = new_password()
    query = f"""mutation($i: ChangePasswordInput!) {{
      changePassword(input: $i) {{ __typename {TOKENS} }} }}"""
    body = as_actor(
        world, actor, query, i={"currentPassword": actor.password, "newPassword": password}
    )
    if typename_of(body, "changePassword") != "TokenPayload":
        return False
    actor.password = password
    _take_tokens(actor, field_of(body, "changePassword"))
    return True


SERVICE_LOGIN = """
mutation($i: ServiceLoginInput!) {
  serviceLogin(input: $i) { __typename ... on TokenPayload { accessToken } }
}
"""


@probe("serviceLogin")
def _service_login(world: World, actor: Person, target: Target) -> bool:
    client_id, secret = world.service_client
    body = as_actor(world, actor, SERVICE_LOGIN, i={"clientId": client_id, "clientSecret": secret})
    return typename_of(body, "serviceLogin") == "TokenPayload"


CREATE_SERVICE_ACCOUNT = """
mutation($input: CreateServiceAccountInput!) {
  createServiceAccount(input: $input) {
    __typename
    ... on ServiceAccountPayload { serviceAccount { clientId } clientSecret }
  }
}
"""


def create_service_account(call: Call, token: str | None) -> tuple[str, str]:
    """A service account reading the directory: its client id and secret."""
    body = call(
        CREATE_SERVICE_ACCOUNT,
        {"input": {"name": "Sistem SDM", "scopes": ["directory:read"]}},
        token,
    )
    created = field_of(body, "createServiceAccount") or {}
    assert created.get("__typename") == "ServiceAccountPayload", body
    return created["serviceAccount"]["clientId"], created["clientSecret"]


@probe("createServiceAccount")
def _create_service_account(world: World, actor: Person, target: Target) -> bool:
    body = as_actor(
        world, actor, CREATE_SERVICE_ACCOUNT, input={"name": "Klien", "scopes": ["directory:read"]}
    )
    return typename_of(body, "createServiceAccount") == "ServiceAccountPayload"


ROTATE = "mutation { rotateSigningKey { __typename ... on SigningKeyPayload { key { kid } } } }"


@probe("rotateSigningKey")
def _rotate(world: World, actor: Person, target: Target) -> bool:
    return typename_of(as_actor(world, actor, ROTATE), "rotateSigningKey") == "SigningKeyPayload"


@probe("retireSigningKey")
def _retire(world: World, actor: Person, target: Target) -> bool:
    # Two rotations in a row: the middle key signed no token, so retiring it strands no one.
    unused = field_of(as_admin(world, ROTATE), "rotateSigningKey")["key"]["kid"]
    as_admin(world, ROTATE)
    query = mutation_doc("retireSigningKey", "RetireSigningKeyInput", "SigningKeyPayload")
    body = as_actor(world, actor, query, input={"kid": unused})
    return typename_of(body, "retireSigningKey") == "SigningKeyPayload"


# --- keeping actors signed in ----------------------------------------------------------------


def ensure_signed_in(world: World, actor: Person) -> None:
    """After a row that may have ended the actor's session or password: make them usable again."""
    if me_probe(world, actor, None):
        return
    for name in ("activateAccount", "unlockAccount"):
        _account_op(name)(world, world.admin, actor)
    try:
        sign_in(world.builder.call, actor)
    except AssertionError:
        world.builder.give_account(actor)  # the row reset their password
    assert me_probe(world, actor, None), f"{actor.name} cannot sign in again"
