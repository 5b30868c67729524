"""The `kinerja` command line, and the process supervision behind `kinerja up`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.compose import built_services
from kinerja.supervisor import ChildExitedError, ChildNotReadyError, ProcessGroup

runner = CliRunner()


def test_kinerja_script_lists_its_commands() -> None:
    script = Path(sys.executable).parent / "kinerja"

    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    for command in ("up", "serve", "migrate", "compose"):
        assert command in result.stdout


def test_up_accepts_the_demo_and_gateway_flags() -> None:
    result = runner.invoke(app, ["up", "--help"])

    assert result.exit_code == 0
    assert "--no-demo" in result.output
    assert "--no-gateway" in result.output
    assert "--services" in result.output


def test_migrate_refuses_an_unknown_service() -> None:
    result = runner.invoke(app, ["migrate", "payroll"])

    assert result.exit_code == 1
    assert "unknown service(s): payroll" in result.output


def test_migrate_creates_every_built_service_database_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = built_services()
    if not specs:
        pytest.skip("no service is built yet")
    monkeypatch.setenv("KINERJA_HOME", str(tmp_path))
    for spec in specs:
        monkeypatch.delenv(f"KINERJA_{spec.name.upper()}_DATABASE_URL", raising=False)

    result = runner.invoke(app, ["migrate"])

    assert result.exit_code == 0, result.output
    for spec in specs:
        assert f"{spec.name} database at head" in result.output
        assert (tmp_path / "data" / f"{spec.name}.sqlite3").is_file()


def test_migrate_twice_is_a_no_op(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = built_services()
    if not specs:
        pytest.skip("no service is built yet")
    monkeypatch.setenv("KINERJA_HOME", str(tmp_path))
    for spec in specs:
        monkeypatch.delenv(f"KINERJA_{spec.name.upper()}_DATABASE_URL", raising=False)
    runner.invoke(app, ["migrate", specs[0].name])

    result = runner.invoke(app, ["migrate", specs[0].name])

    assert result.exit_code == 0, result.output


def test_compose_check_passes_on_the_committed_supergraph() -> None:
    if not built_services():
        pytest.skip("no service is built yet")

    result = runner.invoke(app, ["compose", "--check"])

    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output


# --- ProcessGroup ------------------------------------------------------------------------------

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _alive(pid: int, *, within: float = 5.0) -> bool:
    """True if `pid` outlives a wait of `within` seconds (signals arrive asynchronously)."""
    deadline = time.monotonic() + within
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _running(pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_stop_all_terminates_children_and_their_grandchildren(tmp_path: Path) -> None:
    spawner = textwrap.dedent(
        """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print(child.pid, flush=True)
        time.sleep(60)
        """
    )
    group = ProcessGroup(tmp_path)
    parent = group.start("spawner", [sys.executable, "-c", spawner])
    log = tmp_path / "spawner.log"
    deadline = time.monotonic() + 10
    while not log.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = int(log.read_text().split()[0])

    group.stop_all()

    assert not _alive(parent.pid)
    assert not _alive(grandchild)
    assert group.children == []


def test_a_child_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    group = ProcessGroup(tmp_path, stop_timeout=0.5)
    child = group.start("stubborn", [sys.executable, "-c", stubborn])
    time.sleep(0.3)

    group.stop_all()

    assert not _alive(child.pid)


def test_check_reports_a_dead_child_with_its_log(tmp_path: Path) -> None:
    with ProcessGroup(tmp_path) as group:
        group.start("crasher", [sys.executable, "-c", "print('boom'); raise SystemExit(3)"])
        group.start("sleeper", SLEEPER)
        group.get("crasher").process.wait(timeout=10)

        with pytest.raises(ChildExitedError, match="crasher exited with code 3") as error:
            group.check()

    assert "boom" in error.value.log_tail


def test_wait_ready_returns_once_the_readiness_url_answers(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    server = [sys.executable, "-m", "http.server", str(unused_tcp_port), "-b", "127.0.0.1"]
    ready: list[str] = []
    with ProcessGroup(tmp_path) as group:
        group.start("web", server, cwd=tmp_path, ready_url=f"http://127.0.0.1:{unused_tcp_port}/")

        group.wait_ready(timeout=20, on_change=lambda child: ready.append(child.name))

    assert ready == ["web"]


def test_wait_ready_fails_fast_when_a_child_dies(tmp_path: Path) -> None:
    with ProcessGroup(tmp_path) as group:
        group.start("quitter", [sys.executable, "-c", "pass"], ready_url="http://127.0.0.1:9/")

        with pytest.raises(ChildExitedError, match="quitter exited with code 0"):
            group.wait_ready(timeout=20)


def test_wait_ready_gives_up_after_the_timeout(tmp_path: Path) -> None:
    with ProcessGroup(tmp_path) as group:
        group.start("silent", SLEEPER, ready_url="http://127.0.0.1:9/")

        with pytest.raises(ChildNotReadyError, match="silent"):
            group.wait_ready(timeout=0.5)


def test_children_get_the_environment_they_are_given(tmp_path: Path) -> None:
    script = "import os; print(os.environ['KINERJA_SERVICE'])"
    env = {**os.environ, "KINERJA_SERVICE": "identity"}
    with ProcessGroup(tmp_path) as group:
        group.start("env", [sys.executable, "-c", script], env=env).process.wait(timeout=10)

    assert (tmp_path / "env.log").read_text().strip() == "identity"


def test_the_demo_is_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINERJA_ENV", "production")

    result = runner.invoke(app, ["demo", "--gateway", "http://127.0.0.1:9/graphql"])

    assert result.exit_code == 1
    assert "refused with KINERJA_ENV=production" in result.output
