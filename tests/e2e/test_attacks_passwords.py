"""Password guessing against the real platform: back-off, lockout, enumeration, huge passwords.

Each test guesses from its own loopback address (127.x.y.z): identity throttles per login and
per client address, and the gateway forwards the client's real address as x-forwarded-for.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import redis

from tests.authz.org import LOGIN, Person, new_nip, sign_in
from tests.e2e.clients import Clients, from_own_address
from tests.e2e.conftest import Org, Platform

pytestmark = pytest.mark.e2e

PASSWORD_CHECKS = "kinerja_identity_password_checks_total"
UNLOCK = """
mutation Unlock($id: ID!) {
  unlockAccount(input: {employeeId: $id}) {
    __typename
    ... on AccountPayload { account { active } locked }
  }
}
"""

WRONG = "the NIP or password is incorrect"
LOCKED = "too many failed sign-ins; sign-in is locked until an administrator unlocks it"


def backing_off(seconds: int) -> str:
    """The answer while a login backs off."""
    return f"too many failed sign-ins; try again in {seconds} seconds"


def login_answer(clients: Clients, nip: str, password: str) -> dict[str, Any]:
    """The `login` answer through the gateway."""
    body = clients.via_gateway(LOGIN, {"input": {"nip": nip, "password": password}}, None)
    answer: dict[str, Any] = body["data"]["login"]
    return answer


def failures_counted(platform: Platform, nip: str) -> int:
    """How many failed sign-ins identity holds against a NIP in the current window."""
    port = platform.env["KINERJA_EMBEDDED_REDIS_PORT"]
    with redis.Redis(port=int(port)) as client:
        return int(client.zcard(f"identity:login:failures:nip:{nip}"))


def test_21_quick_wrong_passwords_back_off_then_lock_the_login_until_an_admin_unlocks(
    clients: Clients, org: Org, admin: Person
) -> None:
    # given F with an account
    f = org.new_person("Fajar Tebak")
    assert f.password is not None

    with from_own_address(clients) as attacker:
        # when an attacker tries 21 wrong passwords as fast as they can
        answers = [login_answer(attacker, f.nip, f"wrong-password-{n}") for n in range(21)]

        # then 5 are checked, the next 14 back off, and then the login is locked
        assert [answer["__typename"] for answer in answers] == ["LoginFailed"] * 21
        messages = [answer["message"] for answer in answers]
        assert messages[:5] == [WRONG] * 5
        assert all(m.startswith("too many failed sign-ins; try again in") for m in messages[5:20])
        assert messages[20] == LOCKED
        # and even the right password is refused, from anywhere
        assert login_answer(attacker, f.nip, f.password) == {
            "__typename": "LoginFailed",
            "message": LOCKED,
        }
    assert login_answer(clients, f.nip, f.password)["message"] == LOCKED

    # when an admin unlocks the login
    unlocked = clients.via_gateway(UNLOCK, {"id": f.id}, admin.token)
    assert unlocked["data"]["unlockAccount"]["locked"] is False, unlocked

    # then F signs in again from their own address
    assert sign_in(clients.via_gateway, f).token


def test_spaced_out_wrong_passwords_still_count_towards_the_lockout(
    clients: Clients, platform: Platform, org: Org
) -> None:
    # given F2 with an account, and 5 wrong passwords (the free ones) from one address
    f = org.new_person("Fitri Pelan")
    with from_own_address(clients) as attacker:
        first = [login_answer(attacker, f.nip, f"wrong-password-{n}")["message"] for n in range(5)]
        assert first == [WRONG] * 5

        # when the attacker waits out the 1-second back-off before the next guess
        time.sleep(1.2)
        checked = login_answer(attacker, f.nip, "wrong-password-5")["message"]
        hurried = login_answer(attacker, f.nip, "wrong-password-6")["message"]

    # then that guess is checked, but the pause reset nothing: the next wait is longer,
    # and every attempt is still counted in the 15-minute window
    assert checked == WRONG
    assert hurried == backing_off(2)
    assert failures_counted(platform, f.nip) == 7


def test_unknown_nip_and_wrong_password_get_byte_identical_answers_and_one_check_each(
    clients: Clients, org: Org
) -> None:
    # given an existing account and a NIP nobody has
    g = org.new_person("Gita Nip")
    unknown_nip = new_nip()

    with from_own_address(clients) as guesser:
        # when each is tried once with a wrong password
        before = guesser.metric(PASSWORD_CHECKS)
        unknown = guesser.gateway(
            LOGIN, {"input": {"nip": unknown_nip, "password": "wrong-password-1"}}
        )
        middle = guesser.metric(PASSWORD_CHECKS)
        wrong = guesser.gateway(LOGIN, {"input": {"nip": g.nip, "password": "wrong-password-1"}})
        after = guesser.metric(PASSWORD_CHECKS)

    # then the answers are byte-identical and each did exactly one password check
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.content == wrong.content
    assert unknown.json() == {"data": {"login": {"__typename": "LoginFailed", "message": WRONG}}}
    assert (middle - before, after - middle) == (1, 1)


def test_an_over_long_password_is_refused_clearly_without_a_password_check(
    clients: Clients, org: Org
) -> None:
    # given an existing account
    h = org.new_person("Hendra Panjang")

    with from_own_address(clients) as guesser:
        # when a password over 1 KiB is sent
        before = guesser.metric(PASSWORD_CHECKS)
        answer = login_answer(guesser, h.nip, "x" * 1025)
        after = guesser.metric(PASSWORD_CHECKS)

    # then it is refused with a clear message and no password was checked
    assert answer == {
        "__typename": "LoginFailed",
        "message": "password must be at most 1024 bytes (UTF-8)",
    }
    assert after == before


def test_a_spoofed_x_forwarded_for_does_not_dodge_the_per_address_throttle(
    clients: Clients, platform: Platform, org: Org
) -> None:
    # given an account, and a guesser who claims another address on every request
    j = org.new_person("Joko Samar")
    with from_own_address(clients) as guesser:
        # when they guess three times
        for n in range(3):
            guesser.gateway(
                LOGIN,
                {"input": {"nip": j.nip, "password": f"wrong-password-{n}"}},
                headers={"x-forwarded-for": f"10.9.8.{n}"},
            )
        real_address = guesser.address

    # then identity counted every guess against their real address, none against the claimed
    port = int(platform.env["KINERJA_EMBEDDED_REDIS_PORT"])
    with redis.Redis(port=port) as client:
        assert client.zcard(f"identity:login:failures:ip:{real_address}") == 3
        claimed = [f"identity:login:failures:ip:10.9.8.{n}" for n in range(3)]
        assert client.exists(*claimed) == 0
