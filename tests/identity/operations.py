"""Identity's access operations as tests send them, and helpers that sign people in."""

from __future__ import annotations

from typing import Any

from kinerja.auth import Principal
from kinerja.settings import Settings
from kinerja.tokens import TokenVerifier
from services.identity.service import keys
from services.identity.service.deps import AccessDeps
from services.identity.store import EmployeeRow
from tests.identity.factories import create_employee
from tests.identity.graphql import Client, Sessions, employee_principal

TOKENS = "... on TokenPayload { accessToken refreshToken expiresIn tokenType mustChangePassword }"
ERRORS = "... on Error { message }"
FIELD = "... on ValidationFailed { field }"
LOGIN = f"""mutation($nip: String!, $password: String!) {{
  login(input: {{nip: $nip, password: $password}}) {{ __typename {TOKENS} {ERRORS} }}
}}"""
REFRESH = f"""mutation($token: String!) {{
  refreshToken(input: {{refreshToken: $token}}) {{ __typename {TOKENS} {ERRORS} }}
}}"""
LOGOUT = f"""mutation($token: String!) {{
  logout(input: {{refreshToken: $token}}) {{
    __typename ... on LogoutPayload {{ loggedOut }} {ERRORS}
  }}
}}"""
CHANGE_PASSWORD = f"""mutation($current: String!, $new: String!) {{
  changePassword(input: {{currentPassword: $current, newPassword: $new}}) {{
    __typename {TOKENS} {ERRORS} {FIELD}
  }}
}}"""
RESET_PASSWORD = f"""mutation($id: ID!) {{
  resetPassword(input: {{employeeId: $id}}) {{
    __typename
    ... on ResetPasswordPayload {{ temporaryPassword account {{ mustChangePassword }} }}
    {ERRORS}
  }}
}}"""
ACCOUNT_FIELDS = "... on AccountPayload { account { employeeId login active hasPassword } locked }"
DEACTIVATE = f"""mutation($id: ID!) {{
  deactivateAccount(input: {{employeeId: $id}}) {{ __typename {ACCOUNT_FIELDS} {ERRORS} }}
}}"""
ACTIVATE = f"""mutation($id: ID!) {{
  activateAccount(input: {{employeeId: $id}}) {{ __typename {ACCOUNT_FIELDS} {ERRORS} }}
}}"""
UNLOCK = f"""mutation($id: ID!) {{
  unlockAccount(input: {{employeeId: $id}}) {{ __typename {ACCOUNT_FIELDS} {ERRORS} }}
}}"""
GRANT_ROLE = f"""mutation($input: GrantRoleInput!) {{
  grantRole(input: $input) {{
    __typename ... on RoleGrantPayload {{ grant {{ id role unitId reason revokedAt }} }}
    {ERRORS} {FIELD}
  }}
}}"""
REVOKE_ROLE = f"""mutation($id: ID!, $reason: String!) {{
  revokeRole(input: {{grantId: $id, reason: $reason}}) {{
    __typename ... on RoleGrantPayload {{ grant {{ id revokedAt }} }} {ERRORS}
  }}
}}"""
ME = """{ me { employee { id nip } roles { role unitId } mustChangePassword } }"""
SERVICE_LOGIN = f"""mutation($id: String!, $secret: String!) {{
  serviceLogin(input: {{clientId: $id, clientSecret: $secret}}) {{
    __typename {TOKENS} {ERRORS}
  }}
}}"""
CREATE_SERVICE_ACCOUNT = f"""mutation($name: String!, $scopes: [String!]!) {{
  createServiceAccount(input: {{name: $name, scopes: $scopes}}) {{
    __typename
    ... on ServiceAccountPayload {{ clientSecret serviceAccount {{ clientId name scopes }} }}
    {ERRORS} {FIELD}
  }}
}}"""
KEY_FIELDS = "... on SigningKeyPayload { key { kid status } }"
ROTATE_KEY = f"mutation {{ rotateSigningKey {{ __typename {KEY_FIELDS} {ERRORS} }} }}"
RETIRE_KEY = f"""mutation($kid: String!) {{
  retireSigningKey(input: {{kid: $kid}}) {{ __typename {KEY_FIELDS} {ERRORS} }}
}}"""
AUDIT_LOG = """query($entity: ID, $after: String) {
  auditLog(entityId: $entity, first: 50, after: $after) {
    nodes { action actorId actorKind entityType entityId before after reason requestId }
    pageInfo { hasNextPage endCursor }
  }
}"""

PASSWORD = "correct horse battery"
NEW_PASSWORD = "another long passphrase"


async def employee_with_password(
    client: Client, password: str = PASSWORD, **overrides: Any
) -> EmployeeRow:
    """An employee whose account has `password` (reset by the admin, then changed by them)."""
    async with client.db() as session, session.begin():
        employee = await create_employee(session, **overrides)
    reset = await client.data(RESET_PASSWORD, id=employee.id)
    temporary = reset["resetPassword"]["temporaryPassword"]
    pending = client.as_(pending_principal(employee.id))
    changed = await pending.data(CHANGE_PASSWORD, current=temporary, new=password)
    assert changed["changePassword"]["__typename"] == "TokenPayload", changed
    return employee


def pending_principal(employee_id: str) -> Principal:
    """The principal of a token with `pwd_change: true`."""
    return employee_principal(employee_id, pwd_change=True)


async def login(client: Client, nip: str, password: str = PASSWORD) -> dict[str, Any]:
    """The `login` result."""
    data = await client.anonymous().data(LOGIN, nip=nip, password=password)
    result: dict[str, Any] = data["login"]
    return result


async def verify(db: Sessions, access: AccessDeps, token: str) -> dict[str, Any]:
    """The claims of an access token, verified like every service does (JWKS keys)."""
    verifier = TokenVerifier(Settings(service="identity"), keys.DatabaseKeySource(db, ttl=0))
    return await verifier.verify(token)
