"""One `kinerja up` per test session: real NATS, Redis, services and gateway on free ports."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kinerja.compose import built_services
from kinerja.settings import SERVICES
from tests.authz.org import OrgBuilder, Person, new_nip, new_password, sign_in
from tests.e2e.clients import Clients

STARTUP_TIMEOUT_SECONDS = 90
SHUTDOWN_TIMEOUT_SECONDS = 60  # a loaded 2-core machine stops ~20 processes slowly


@dataclass(frozen=True)
class Platform:
    """The running platform: where the gateway listens and the `kinerja up` process."""

    gateway_url: str
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    identity_url: str
    hmac_secret: str
    env: dict[str, str]


def _free_ports(count: int) -> list[int]:
    # Hold every socket until all are bound, so no two ports come out the same.
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _platform_env(home: Path) -> tuple[dict[str, str], int, dict[str, int]]:
    """The environment for `kinerja up`: a fresh home and non-default free ports for all."""
    nats_port, redis_port, gateway_port, *service_ports = _free_ports(3 + len(SERVICES))
    ports = {spec.name: port for spec, port in zip(SERVICES, service_ports, strict=True)}
    env = {
        key: value
        for key, value in os.environ.items()
        # External infrastructure and databases from the developer's shell would leak in.
        if not key.startswith("KINERJA_")
    }
    env.update(
        KINERJA_HOME=str(home),
        # Production mode, so the gateway's hardening (no introspection, no hints) is what runs.
        KINERJA_ENV="production",
        KINERJA_EMBEDDED_NATS_PORT=str(nats_port),
        KINERJA_EMBEDDED_REDIS_PORT=str(redis_port),
        KINERJA_GATEWAY_PORT=str(gateway_port),
        # Known to the tests, so they can also call a subgraph directly the way the gateway does.
        KINERJA_HMAC_SECRET=secrets.token_urlsafe(32),
    )
    for name, port in ports.items():
        env[f"KINERJA_{name.upper()}_PORT"] = str(port)
        env[f"KINERJA_{name.upper()}_URL"] = f"http://127.0.0.1:{port}/graphql"
    return env, gateway_port, ports


def _descendants(pid: int) -> set[tuple[int, str]]:
    """Every process below `pid`, as (pid, start time) so a reused pid is not mistaken."""
    children: dict[int, list[tuple[int, str]]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append((int(stat.parent.name), fields[19]))
    found: set[tuple[int, str]] = set()
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child[0])
    return found


def _still_running(process: tuple[int, str]) -> bool:
    pid, started = process
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[19] == started and fields[0] != "Z"


def _wait_until_ready(process: subprocess.Popen[bytes], urls: list[str], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    pending = list(urls)
    with httpx.Client(timeout=2) as client:
        while pending:
            if process.poll() is not None:
                pytest.fail(f"kinerja up exited with {process.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"not ready: {pending}\n{log.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(pending[0]).status_code == 200:
                    pending.pop(0)
                    continue
            time.sleep(0.25)


def _stop(platform: Platform) -> None:
    """SIGINT like a Ctrl-C; assert a clean exit that leaves no process behind."""
    started = _descendants(platform.process.pid)
    platform.process.send_signal(signal.SIGINT)
    try:
        returncode = platform.process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(platform.process.pid, signal.SIGKILL)
        pytest.fail(f"kinerja up did not stop in time:\n{platform.log_path.read_text()}")
    time.sleep(0.2)
    left = {proc for proc in started if _still_running(proc)}
    for pid, _ in left:  # clean up before failing, so one bad run does not poison the next
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    assert returncode == 0, platform.log_path.read_text()
    assert started, "kinerja up had no child processes to check"
    assert not left, f"orphan processes after kinerja up stopped: {left}"


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """`kinerja up --no-demo` as a real subprocess, ready to serve through the gateway."""
    specs = built_services()
    if not specs:
        pytest.skip("no service is built yet")
    home = tmp_path_factory.mktemp("kinerja-home")
    env, gateway_port, ports = _platform_env(home)
    log_path = home / "up.log"
    kinerja = Path(sys.executable).parent / "kinerja"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(kinerja), "up", "--no-demo"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{gateway_port}"
    running = Platform(
        gateway_url=f"{base_url}/graphql",
        base_url=base_url,
        process=process,
        log_path=log_path,
        identity_url=f"http://127.0.0.1:{ports['identity']}",
        hmac_secret=env["KINERJA_HMAC_SECRET"],
        env=env,
    )
    try:
        ready = [f"http://127.0.0.1:{ports[spec.name]}/ready" for spec in specs]
        _wait_until_ready(process, [*ready, f"{base_url}/readiness"], log_path)
        yield running
    finally:
        _stop(running)


@pytest.fixture(scope="session")
def clients(platform: Platform) -> Iterator[Clients]:
    """Keep-alive HTTP access to the gateway and (signed, like the gateway) to identity."""
    with httpx.Client() as http:
        yield Clients(http, platform.gateway_url, platform.identity_url, platform.hmac_secret)


def create_superuser(platform: Platform, *, nip: str, name: str, password: str) -> None:
    """`kinerja admin create-superuser` against the platform's own home and database."""
    kinerja = Path(sys.executable).parent / "kinerja"
    command = [str(kinerja), "admin", "create-superuser", "--nip", nip, "--name", name]
    result = subprocess.run(
        [*command, "--password-stdin"],
        input=password.encode(),
        env=platform.env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


@pytest.fixture(scope="session")
def admin(platform: Platform, clients: Clients) -> Person:
    """A SYSTEM_ADMIN bootstrapped with the CLI, signed in through the gateway."""
    nip, password = new_nip(), new_password()
    create_superuser(platform, nip=nip, name="Admin Sistem", password=password)
    person = Person(id="", nip=nip, name="Admin Sistem", position_id="", unit_id="")
    person.password = password
    sign_in(clients.via_gateway, person)
    me = clients.via_gateway("{ me { employee { id } } }", {}, person.token)
    person.id = me["data"]["me"]["employee"]["id"]
    return person


@dataclass
class Org:
    """The e2e organisation: a ministry with directorates D1 and D2, people and role holders.

    S heads D1 and supervises A; B works in D2 under H2. HR, UNIT_ADMIN and EXECUTIVE are granted
    on D1; AUDITOR organisation-wide. Everyone listed has an account and a current token.
    """

    builder: OrgBuilder
    root: str
    d1: str
    d2: str
    s: Person
    a: Person
    h2: Person
    b: Person
    hr: Person
    unit_admin: Person
    executive: Person
    auditor: Person
    auditor_grant_id: str

    def new_person(self, name: str, *, unit_id: str | None = None) -> Person:
        """A fresh employee with an account, by default in D1 under S."""
        unit = unit_id or self.d1
        reports_to = self.s.position_id if unit == self.d1 else self.h2.position_id
        return self.builder.give_account(self.builder.person(name, unit, reports_to_id=reports_to))


@pytest.fixture(scope="session")
def org(clients: Clients, admin: Person) -> Org:
    """The organisation, built through the gateway by the bootstrapped admin."""
    builder = OrgBuilder(clients.via_gateway, admin.token)
    root = builder.unit("Kementerian Uji", type="MINISTRY")
    d1 = builder.unit("Direktorat Satu", parent_id=root)
    d2 = builder.unit("Direktorat Dua", parent_id=root)
    s = builder.person("Siti Kepala", d1, job="JPT_PRATAMA")
    h2 = builder.person("Hadi Kepala", d2, job="JPT_PRATAMA")
    people = {
        "a": builder.person("Agus Staf", d1, reports_to_id=s.position_id),
        "b": builder.person("Budi Staf", d2, reports_to_id=h2.position_id),
        "hr": builder.person("Hana SDM", d1, reports_to_id=s.position_id),
        "unit_admin": builder.person("Umar Admin", d1, reports_to_id=s.position_id),
        "executive": builder.person("Eko Pimpinan", d1, reports_to_id=s.position_id),
        "auditor": builder.person("Ani Auditor", d2, reports_to_id=h2.position_id),
    }
    for person in [s, h2, *people.values()]:
        builder.give_account(person)
    builder.grant(people["hr"], "HR", d1)
    builder.grant(people["unit_admin"], "UNIT_ADMIN", d1)
    builder.grant(people["executive"], "EXECUTIVE", d1)
    auditor_grant_id = builder.grant(people["auditor"], "AUDITOR", None)
    return Org(builder, root, d1, d2, s=s, h2=h2, auditor_grant_id=auditor_grant_id, **people)
