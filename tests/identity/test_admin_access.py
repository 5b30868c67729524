"""Role grants, signing keys and the audit log through the real schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from kinerja.auth import REVOKED_SUBJECT_KEY, Role, RoleGrant
from kinerja.tokens import InvalidTokenError
from services.identity.service.deps import AccessDeps
from tests.identity.factories import create_employee, create_unit
from tests.identity.graphql import ADMIN, Client, Sessions, employee_principal
from tests.identity.operations import (
    AUDIT_LOG,
    GRANT_ROLE,
    ME,
    RESET_PASSWORD,
    RETIRE_KEY,
    REVOKE_ROLE,
    ROTATE_KEY,
    employee_with_password,
    login,
    verify,
)

NIP = "196608011988031001"
JWKS = "{ signingKeys { kid status } }"


@pytest.fixture
def client(identity_db: Sessions, access: AccessDeps) -> Client:
    return Client(identity_db, access, now=datetime.now(UTC))


async def test_a_granted_role_is_in_the_next_token_and_older_tokens_are_revoked(
    client: Client, access: AccessDeps, redis_client: Redis
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    async with client.db() as session, session.begin():
        unit = await create_unit(session, code="DIT")

    granted = await client.data(
        GRANT_ROLE,
        input={"employeeId": employee.id, "role": "HR", "unitId": unit.id, "reason": "SK 12/2025"},
    )

    grant = granted["grantRole"]["grant"]
    assert (grant["role"], grant["unitId"], grant["reason"]) == ("HR", unit.id, "SK 12/2025")
    assert await redis_client.get(REVOKED_SUBJECT_KEY.format(employee.id)) is not None
    claims = await verify(client.db, access, (await login(client, NIP))["accessToken"])
    assert claims["roles"] == [{"role": "HR", "unit": unit.id}]
    me = await client.as_(employee_principal(employee.id)).data(ME)
    assert me["me"]["roles"] == [{"role": "HR", "unitId": unit.id}]


async def test_self_promotion_looks_like_an_unknown_employee_and_changes_nothing(
    client: Client,
) -> None:
    async with client.db() as session, session.begin():
        admin = await create_employee(session, nip=NIP)
    me = client.as_(employee_principal(admin.id, RoleGrant(Role.SYSTEM_ADMIN)))
    before = await client.totals()

    own = await me.data(
        GRANT_ROLE, input={"employeeId": admin.id, "role": "AUDITOR", "reason": "x"}
    )
    missing = await me.data(GRANT_ROLE, input={"employeeId": "nobody", "role": "HR", "reason": "x"})

    assert own["grantRole"] == {
        "__typename": "NotFound",
        "message": f"employee {admin.id} not found",
    }
    assert missing["grantRole"] == {
        "__typename": "NotFound",
        "message": "employee nobody not found",
    }
    assert await client.totals() == before


async def test_only_a_system_admin_grants_roles(client: Client) -> None:
    async with client.db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
    hr = client.as_(employee_principal("hr-person", RoleGrant(Role.HR)))
    before = await client.totals()

    result = await hr.data(
        GRANT_ROLE, input={"employeeId": employee.id, "role": "HR", "reason": "x"}
    )

    assert result["grantRole"]["__typename"] == "NotFound"
    assert await client.totals() == before


async def test_a_grant_that_breaks_the_rules_is_refused_and_changes_nothing(
    client: Client,
) -> None:
    async with client.db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
        unit = await create_unit(session)
    before = await client.totals()

    scoped_admin = await client.data(
        GRANT_ROLE,
        input={"employeeId": employee.id, "role": "SYSTEM_ADMIN", "unitId": unit.id, "reason": "x"},
    )
    no_reason = await client.data(
        GRANT_ROLE, input={"employeeId": employee.id, "role": "HR", "reason": " "}
    )

    assert scoped_admin["grantRole"] == {
        "__typename": "ValidationFailed",
        "message": "SYSTEM_ADMIN is organisation-wide; leave unitId empty",
        "field": "unitId",
    }
    assert no_reason["grantRole"]["field"] == "reason"
    assert await client.totals() == before


async def test_revoking_a_role_records_why(client: Client, redis_client: Redis) -> None:
    async with client.db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
    granted = await client.data(
        GRANT_ROLE, input={"employeeId": employee.id, "role": "AUDITOR", "reason": "audit 2025"}
    )
    grant_id = granted["grantRole"]["grant"]["id"]

    revoked = await client.data(REVOKE_ROLE, id=grant_id, reason="audit finished")
    twice = await client.data(REVOKE_ROLE, id=grant_id, reason="again")
    log = await client.data(AUDIT_LOG, entity=grant_id)

    assert revoked["revokeRole"]["grant"]["revokedAt"] is not None
    assert twice["revokeRole"] == {
        "__typename": "Conflict",
        "message": "this role grant is already revoked",
    }
    entries = log["auditLog"]["nodes"]
    assert [(e["action"], e["reason"], e["actorId"]) for e in entries] == [
        ("role.grant", "audit 2025", ADMIN.subject),
        ("role.revoke", "audit finished", ADMIN.subject),
    ]


async def test_rotated_keys_keep_verifying_until_retired(
    client: Client, access: AccessDeps
) -> None:
    await employee_with_password(client, nip=NIP)
    old_token = (await login(client, NIP))["accessToken"]
    old_kid = (await client.data(JWKS))["signingKeys"][0]["kid"]

    rotated = await client.data(ROTATE_KEY)
    new_token = (await login(client, NIP))["accessToken"]
    keys_after_rotation = (await client.data(JWKS))["signingKeys"]
    active_retire = await client.data(RETIRE_KEY, kid=rotated["rotateSigningKey"]["key"]["kid"])
    await verify(client.db, access, old_token)
    retired = await client.data(RETIRE_KEY, kid=old_kid)

    new_kid = rotated["rotateSigningKey"]["key"]["kid"]
    assert sorted((k["kid"], k["status"]) for k in keys_after_rotation) == sorted(
        [(new_kid, "ACTIVE"), (old_kid, "VERIFYING")]
    )
    assert active_retire["retireSigningKey"] == {
        "__typename": "Conflict",
        "message": "the active signing key cannot be retired; rotate first",
    }
    assert retired["retireSigningKey"]["key"] == {"kid": old_kid, "status": "RETIRED"}
    with pytest.raises(InvalidTokenError, match="unknown kid"):
        await verify(client.db, access, old_token)
    assert (await verify(client.db, access, new_token))["sub"]


async def test_only_a_system_admin_rotates_keys(client: Client) -> None:
    auditor = client.as_(employee_principal("auditor", RoleGrant(Role.AUDITOR)))

    result = await auditor.data(ROTATE_KEY)

    assert result["rotateSigningKey"] == {
        "__typename": "NotFound",
        "message": "signing key active not found",
    }
    assert (await auditor.data(JWKS)) == {"signingKeys": []}


async def test_directory_and_password_changes_are_audited_without_secrets(
    client: Client,
) -> None:
    created = await client.data(
        'mutation { createEmployee(input: {nip: "196608011988031001", name: "Budi", '
        "asnType: PNS, status: PNS}) { ... on EmployeePayload { employee { id } } } }"
    )
    employee_id = created["createEmployee"]["employee"]["id"]
    await client.data(RESET_PASSWORD, id=employee_id)

    auditor = client.as_(employee_principal("auditor", RoleGrant(Role.AUDITOR)))
    everything = (await auditor.data(AUDIT_LOG))["auditLog"]["nodes"]
    stranger = await client.as_(employee_principal(employee_id)).data(AUDIT_LOG)

    assert [(e["action"], e["entityType"], e["actorKind"], e["requestId"]) for e in everything] == [
        ("employee.create", "Employee", "employee", "test"),
        ("account.reset_password", "Account", "employee", "test"),
    ]
    assert everything[0]["after"]["nip"] == NIP
    assert everything[0]["before"] is None
    reset = everything[1]
    assert reset["before"]["has_password_hash"] is False
    assert reset["after"]["has_password_hash"] is True
    assert "password_hash" not in reset["after"]
    assert stranger == {
        "auditLog": {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    }


async def test_hr_cannot_reset_the_password_of_a_role_holder(client: Client) -> None:
    async with client.db() as session, session.begin():
        administrator = await create_employee(session, nip=NIP)
        clerk = await create_employee(session)
    await client.data(
        GRANT_ROLE, input={"employeeId": administrator.id, "role": "SYSTEM_ADMIN", "reason": "SK"}
    )
    hr = client.as_(employee_principal("hr-officer", RoleGrant(Role.HR)))
    before = await client.totals()

    takeover = await hr.data(RESET_PASSWORD, id=administrator.id)

    assert takeover["resetPassword"] == {
        "__typename": "NotFound",
        "message": f"employee {administrator.id} not found",
    }
    assert await client.totals() == before
    plain = await hr.data(RESET_PASSWORD, id=clerk.id)
    assert plain["resetPassword"]["__typename"] == "ResetPasswordPayload"
