"""Sessions and accounts through the real schema: refresh, reuse, logout, passwords, activation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from kinerja.auth import REVOKED_SESSION_KEY, REVOKED_SUBJECT_KEY
from services.identity.service.deps import AccessDeps
from services.identity.service.sessions import INVALID_REFRESH
from services.identity.store import AccountRow, RefreshTokenRow
from tests.identity.conftest import CountingHasher, make_access
from tests.identity.factories import create_employee
from tests.identity.graphql import EMPTY, Client, Sessions, employee_principal
from tests.identity.operations import (
    ACTIVATE,
    CHANGE_PASSWORD,
    CREATE_SERVICE_ACCOUNT,
    DEACTIVATE,
    LOGOUT,
    ME,
    NEW_PASSWORD,
    PASSWORD,
    REFRESH,
    SERVICE_LOGIN,
    employee_with_password,
    login,
    pending_principal,
    verify,
)

NIP = "196608011988031001"
REFUSED = {"__typename": "LoginFailed", "message": INVALID_REFRESH}


@pytest.fixture
def client(identity_db: Sessions, access: AccessDeps) -> Client:
    return Client(identity_db, access, now=datetime.now(UTC))


async def refresh(client: Client, token: str) -> dict[str, object]:
    result: dict[str, object] = (await client.anonymous().data(REFRESH, token=token))[
        "refreshToken"
    ]
    return result


async def test_a_refresh_token_rotates_and_keeps_the_session(
    client: Client, access: AccessDeps
) -> None:
    await employee_with_password(client, nip=NIP)
    first = await login(client, NIP)

    second = await refresh(client, first["refreshToken"])

    assert second["__typename"] == "TokenPayload"
    assert second["refreshToken"] != first["refreshToken"]
    first_claims = await verify(client.db, access, first["accessToken"])
    second_claims = await verify(client.db, access, str(second["accessToken"]))
    assert first_claims["sid"] == second_claims["sid"]
    family = select(RefreshTokenRow.status).where(RefreshTokenRow.family_id == first_claims["sid"])
    async with client.db() as session:
        statuses = sorted(s.value for s in await session.scalars(family))
    assert statuses == ["ACTIVE", "ROTATED"]


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(
    client: Client, access: AccessDeps, redis_client: Redis
) -> None:
    await employee_with_password(client, nip=NIP)
    first = await login(client, NIP)
    second = await refresh(client, first["refreshToken"])
    sid = (await verify(client.db, access, first["accessToken"]))["sid"]

    reused = await refresh(client, first["refreshToken"])
    successor = await refresh(client, str(second["refreshToken"]))

    assert reused == REFUSED
    assert successor == REFUSED  # the legitimate holder's token died with the family
    assert await redis_client.exists(REVOKED_SESSION_KEY.format(sid)) == 1


async def test_an_unknown_refresh_token_is_refused(client: Client) -> None:
    assert await refresh(client, "rt_" + "x" * 43) == REFUSED


async def test_logout_ends_the_session_everywhere(
    client: Client, access: AccessDeps, redis_client: Redis
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    tokens = await login(client, NIP)
    sid = (await verify(client.db, access, tokens["accessToken"]))["sid"]
    me = client.as_(employee_principal(employee.id))

    result = await me.data(LOGOUT, token=tokens["refreshToken"])

    assert result == {"logout": {"__typename": "LogoutPayload", "loggedOut": True}}
    assert await redis_client.exists(REVOKED_SESSION_KEY.format(sid)) == 1
    assert await refresh(client, tokens["refreshToken"]) == REFUSED


async def test_nobody_logs_out_someone_elses_session(client: Client) -> None:
    await employee_with_password(client, nip=NIP)
    tokens = await login(client, NIP)
    stranger = client.as_(employee_principal("someone-else"))

    result = await stranger.data(LOGOUT, token=tokens["refreshToken"])

    assert result == {"logout": REFUSED}
    assert (await refresh(client, tokens["refreshToken"]))["__typename"] == "TokenPayload"


async def test_a_pending_password_change_allows_only_me_change_and_logout(client: Client) -> None:
    async with client.db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
    pending = client.as_(pending_principal(employee.id))

    me = await pending.data(ME)
    hidden = await pending.data("query($id: ID!) { employee(id: $id) { id } }", id=employee.id)
    refused = await pending.data(
        'mutation($id: ID!) { updateEmployee(input: {id: $id, name: "X"}) '
        "{ __typename ... on Error { message } } }",
        id=employee.id,
    )

    assert me == {
        "me": {
            "employee": {"id": employee.id, "nip": NIP},
            "roles": [],
            "mustChangePassword": False,
        }
    }
    assert hidden == {"employee": None}
    assert refused["updateEmployee"] == {
        "__typename": "NotFound",
        "message": f"employee {employee.id} not found",
    }


async def test_changing_the_password_ends_other_sessions_and_starts_a_new_one(
    client: Client, access: AccessDeps, redis_client: Redis
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    old = await login(client, NIP)
    me = client.as_(employee_principal(employee.id))

    changed = await me.data(CHANGE_PASSWORD, current=PASSWORD, new=NEW_PASSWORD)

    tokens = changed["changePassword"]
    assert tokens["__typename"] == "TokenPayload"
    assert tokens["mustChangePassword"] is False
    assert await redis_client.get(REVOKED_SUBJECT_KEY.format(employee.id)) is not None
    assert await refresh(client, old["refreshToken"]) == REFUSED
    assert (await login(client, NIP, NEW_PASSWORD))["__typename"] == "TokenPayload"


@pytest.mark.parametrize(
    ("current", "new", "field", "message"),
    [
        ("wrong password", NEW_PASSWORD, "currentPassword", "the current password is incorrect"),
        (PASSWORD, "too short", "newPassword", "password must be at least 10 characters"),
        (PASSWORD, "x" * 1025, "newPassword", "password must be at most 1024 bytes (UTF-8)"),
        ("x" * 1025, NEW_PASSWORD, "currentPassword", "the current password is incorrect"),
    ],
)
async def test_a_bad_password_change_is_refused_and_changes_nothing(
    client: Client, access: AccessDeps, current: str, new: str, field: str, message: str
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    before = await client.totals()
    async with client.db() as session:
        hash_before = await session.scalar(select(AccountRow.password_hash))
    assert isinstance(access.hasher, CountingHasher)
    checks = access.hasher.checks

    result = await client.as_(employee_principal(employee.id)).data(
        CHANGE_PASSWORD, current=current, new=new
    )

    assert result["changePassword"] == {
        "__typename": "ValidationFailed",
        "message": message,
        "field": field,
    }
    assert await client.totals() == before
    async with client.db() as session:
        assert await session.scalar(select(AccountRow.password_hash)) == hash_before
    hashed = 1 if field == "currentPassword" and len(current) < 1025 else 0
    assert access.hasher.checks == checks + hashed  # oversized input is never hashed


async def test_an_anonymous_password_change_is_not_found(client: Client) -> None:
    result = await client.anonymous().data(CHANGE_PASSWORD, current=PASSWORD, new=NEW_PASSWORD)

    assert result["changePassword"] == {"__typename": "NotFound", "message": "account not found"}
    assert await client.totals() == EMPTY


async def test_deactivation_revokes_every_session_and_sign_in(
    client: Client, redis_client: Redis
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    tokens = await login(client, NIP)

    result = await client.data(DEACTIVATE, id=employee.id)

    assert result["deactivateAccount"] == {
        "__typename": "AccountPayload",
        "account": {"employeeId": employee.id, "login": NIP, "active": False, "hasPassword": True},
        "locked": False,
    }
    assert await redis_client.get(REVOKED_SUBJECT_KEY.format(employee.id)) is not None
    assert await refresh(client, tokens["refreshToken"]) == REFUSED
    assert (await login(client, NIP))["__typename"] == "LoginFailed"
    await client.data(ACTIVATE, id=employee.id)
    assert (await login(client, NIP))["__typename"] == "TokenPayload"


async def test_deactivation_with_redis_down_changes_nothing(identity_db: Sessions) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    client = Client(identity_db, make_access(unreachable), now=datetime.now(UTC))
    async with identity_db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
    before = await client.totals()

    result = await client.run(DEACTIVATE, id=employee.id)

    assert result.data is None
    assert [e.message for e in result.errors or []] == [
        "access changes are temporarily unavailable; nothing was changed"
    ]
    async with identity_db() as session:
        assert await session.scalar(select(AccountRow.active)) is True
    assert await client.totals() == before
    await unreachable.aclose()


async def test_a_service_account_signs_in_with_its_scopes(
    client: Client, access: AccessDeps
) -> None:
    created = await client.data(
        CREATE_SERVICE_ACCOUNT, name="SIMPEG export", scopes=["allowance:export", "directory:read"]
    )
    account = created["createServiceAccount"]
    client_id = account["serviceAccount"]["clientId"]

    good = await client.anonymous().data(
        SERVICE_LOGIN, id=client_id, secret=account["clientSecret"]
    )
    wrong = await client.anonymous().data(SERVICE_LOGIN, id=client_id, secret="nope")
    unknown = await client.anonymous().data(SERVICE_LOGIN, id="svc_missing", secret="nope")

    tokens = good["serviceLogin"]
    assert tokens["refreshToken"] is None
    claims = await verify(client.db, access, tokens["accessToken"])
    assert (claims["kind"], claims["scopes"]) == ("service", ["allowance:export", "directory:read"])
    assert wrong["serviceLogin"] == unknown["serviceLogin"]
    assert wrong["serviceLogin"]["__typename"] == "LoginFailed"


async def test_a_service_account_needs_well_formed_scopes(client: Client) -> None:
    before = await client.totals()

    result = await client.data(CREATE_SERVICE_ACCOUNT, name="x", scopes=["everything"])

    assert result["createServiceAccount"] == {
        "__typename": "ValidationFailed",
        "message": "scopes must be like allowance:export (at least one)",
        "field": "scopes",
    }
    assert await client.totals() == before
