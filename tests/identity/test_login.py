"""Sign-in through the real schema: tokens, the one refusal message, throttling, Redis down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from services.identity.config import IdentityConfig
from services.identity.service.deps import AccessDeps
from services.identity.service.signin import LOCKED, UNAVAILABLE, WRONG_CREDENTIALS
from services.identity.store import AccountRow
from tests.identity.conftest import CountingHasher, make_access
from tests.identity.factories import create_employee
from tests.identity.graphql import Client, Sessions
from tests.identity.operations import (
    LOGIN,
    PASSWORD,
    employee_with_password,
    login,
    verify,
)

NIP = "196608011988031001"
WRONG = {"__typename": "LoginFailed", "message": WRONG_CREDENTIALS}


@pytest.fixture
def client(identity_db: Sessions, access: AccessDeps) -> Client:
    return Client(identity_db, access, now=datetime.now(UTC))


def checks(access: AccessDeps) -> float:
    assert isinstance(access.hasher, CountingHasher)
    return access.hasher.checks


async def test_login_returns_tokens_that_verify(client: Client, access: AccessDeps) -> None:
    employee = await employee_with_password(client, nip=NIP)

    result = await login(client, "19660801 198803 1 001")

    assert result["__typename"] == "TokenPayload"
    assert (result["tokenType"], result["expiresIn"], result["mustChangePassword"]) == (
        "Bearer",
        900,
        False,
    )
    assert result["refreshToken"].startswith("rt_")
    assert len(result["refreshToken"]) == 46
    claims = await verify(client.db, access, result["accessToken"])
    assert (claims["sub"], claims["kind"], claims["roles"], claims["scopes"]) == (
        employee.id,
        "employee",
        [],
        [],
    )
    assert "pwd_change" not in claims


@pytest.mark.parametrize("case", ["unknown nip", "wrong password", "no password", "deactivated"])
async def test_every_wrong_credential_gets_the_same_message_after_the_same_work(
    client: Client, access: AccessDeps, case: str
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    async with client.db() as session, session.begin():
        await create_employee(session, nip="197001011995031002")  # has no password yet
        account = await session.scalar(select(AccountRow).where(AccountRow.login == NIP))
        assert account is not None
        account.active = case != "deactivated"
    nip, password = {
        "unknown nip": ("198001012005011099", PASSWORD),
        "wrong password": (NIP, "not the password"),
        "no password": ("197001011995031002", PASSWORD),
        "deactivated": (NIP, PASSWORD),
    }[case]
    before = checks(access)

    result = await login(client, nip, password)

    assert result == WRONG
    assert checks(access) == before + 1  # one Argon2 verification, real or dummy
    assert employee.id


async def test_the_token_of_an_account_with_a_reset_password_must_change_it(
    client: Client, access: AccessDeps
) -> None:
    async with client.db() as session, session.begin():
        employee = await create_employee(session, nip=NIP)
    reset = await client.data(
        "mutation($id: ID!) { resetPassword(input: {employeeId: $id}) "
        "{ ... on ResetPasswordPayload { temporaryPassword } } }",
        id=employee.id,
    )

    result = await login(client, NIP, reset["resetPassword"]["temporaryPassword"])

    assert result["mustChangePassword"] is True
    claims = await verify(client.db, access, result["accessToken"])
    assert claims["pwd_change"] is True


async def test_a_login_rehashes_when_the_cost_parameters_changed(
    client: Client, redis_client: Redis
) -> None:
    await employee_with_password(client, nip=NIP)
    async with client.db() as session:
        old_hash = await session.scalar(select(AccountRow.password_hash))
    stronger = make_access(redis_client, IdentityConfig(argon2_time_cost=3))

    result = await login(Client(client.db, stronger, now=client.now), NIP)

    async with client.db() as session:
        new_hash = await session.scalar(select(AccountRow.password_hash))
    assert result["__typename"] == "TokenPayload"
    assert old_hash is not None
    assert "t=2" in old_hash
    assert new_hash is not None
    assert "t=3" in new_hash
    assert (await login(Client(client.db, stronger, now=client.now), NIP))["__typename"] == (
        "TokenPayload"
    )


async def test_an_oversized_password_is_refused_without_hashing(
    client: Client, access: AccessDeps
) -> None:
    before = checks(access)

    result = await login(client, NIP, "x" * 1025)

    assert result == {
        "__typename": "LoginFailed",
        "message": "password must be at most 1024 bytes (UTF-8)",
    }
    assert checks(access) == before


async def test_after_five_failures_attempts_back_off_without_checking_the_password(
    client: Client, access: AccessDeps
) -> None:
    await employee_with_password(client, nip=NIP)
    for _ in range(5):
        assert await login(client, NIP, "wrong password") == WRONG
    before = checks(access)

    refused = await login(client, NIP)  # the right password, within the back-off

    assert refused == {
        "__typename": "LoginFailed",
        "message": "too many failed sign-ins; try again in 1 seconds",
    }
    assert checks(access) == before
    later = await login(
        Client(client.db, access, now=client.now + timedelta(seconds=2)), NIP
    )  # fresh attempt after the (now doubled) wait
    assert later["__typename"] == "TokenPayload"


async def test_every_alias_in_one_document_is_one_counted_attempt(
    client: Client, access: AccessDeps
) -> None:
    aliases = " ".join(
        f'a{n}: login(input: {{nip: "{NIP}", password: "guess number {n}"}}) '
        "{ ... on LoginFailed { message } }"
        for n in range(8)
    )
    before = checks(access)

    data = await client.anonymous().data(f"mutation {{ {aliases} }}")

    messages = [data[f"a{n}"]["message"] for n in range(8)]
    assert messages[:5] == [WRONG_CREDENTIALS] * 5
    assert all(m.startswith("too many failed sign-ins") for m in messages[5:])
    assert checks(access) == before + 5


async def test_twenty_failures_lock_the_account_until_an_admin_unlocks_it(
    client: Client, access: AccessDeps
) -> None:
    employee = await employee_with_password(client, nip=NIP)
    for n in range(20):  # from many addresses, slowly: only the account's counter locks
        when = client.now + timedelta(seconds=n * 40)
        later = Client(client.db, access, now=when, extras={"client_address": f"10.0.0.{n}"})
        await login(later, NIP, "wrong password")
    after_lockout = Client(client.db, access, now=client.now + timedelta(seconds=850))

    locked = await login(after_lockout, NIP)
    unlocked = await client.data(
        "mutation($id: ID!) { unlockAccount(input: {employeeId: $id}) "
        "{ ... on AccountPayload { locked } } }",
        id=employee.id,
    )
    again = await login(after_lockout, NIP)

    assert locked == {"__typename": "LoginFailed", "message": LOCKED}
    assert unlocked == {"unlockAccount": {"locked": False}}
    assert again["__typename"] == "TokenPayload"


async def test_an_unknown_nip_is_throttled_like_a_real_one(client: Client) -> None:
    for _ in range(5):
        await login(client, "198001012005011099", "wrong password")

    result = await login(client, "198001012005011099", "wrong password")

    assert result["message"].startswith("too many failed sign-ins; try again in")


async def test_attempts_from_one_address_are_throttled_across_nips(
    client: Client, access: AccessDeps
) -> None:
    from_gateway = Client(client.db, access, now=client.now, extras={"client_address": "10.1.2.3"})
    for n in range(5):
        await login(from_gateway, f"19800101200501100{n}", "wrong password")

    result = await login(from_gateway, "198001012005011009", "wrong password")

    assert result["message"].startswith("too many failed sign-ins; try again in")


async def test_sign_in_fails_closed_when_redis_is_down(identity_db: Sessions) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    down = make_access(unreachable)
    client = Client(identity_db, down, now=datetime.now(UTC))

    result = await client.anonymous().data(LOGIN, nip=NIP, password=PASSWORD)

    assert result == {"login": {"__typename": "LoginFailed", "message": UNAVAILABLE}}
    await unreachable.aclose()
