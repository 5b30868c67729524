"""What `kinerja up` starts and how: embedded NATS and Redis, migrations, services, the gateway.

`supervise(plan)` runs everything until Ctrl-C or SIGTERM (or until a process dies) and then stops
it all in reverse start order; the process mechanics live in `kinerja.supervisor`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Protocol

from rich.console import Console
from rich.live import Live
from rich.table import Table

from kinerja.compose import GATEWAY_DIR, REPO_ROOT, SUPERGRAPH_PATH, node_binary
from kinerja.migrations import migrate
from kinerja.settings import ServiceSpec, Settings
from kinerja.supervisor import ChildExitedError, ProcessGroup

console = Console()
err_console = Console(stderr=True)

HIVE_GATEWAY = GATEWAY_DIR / "node_modules" / ".bin" / "hive-gateway"
READY_TIMEOUT_SECONDS = 90.0


class LaunchError(RuntimeError):
    """Something `up` needs is missing (the gateway's node_modules, the supergraph…)."""


class _Server(Protocol):
    """An embedded server from `kinerja.runtime`."""

    @property
    def url(self) -> str: ...

    @property
    def running(self) -> bool: ...

    @property
    def pid(self) -> int | None: ...

    def start(self, timeout: float = ...) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...


def migrate_all(specs: list[ServiceSpec], settings: Settings) -> None:
    """Upgrade each service's database to head, one status line per service."""
    for spec in specs:
        with console.status(f"Migrating [bold]{spec.name}[/]…"):
            migrate(spec.name, settings.database_url(spec.name))
        console.print(f"[green]✓[/] {spec.name} database at head")


@dataclass
class _Row:
    """One line of the status table."""

    name: str
    url: str
    pid: int | None = None
    state: str = "starting"


@dataclass
class _Status:
    """The status table `up` shows while things start, and once they run."""

    rows: dict[str, _Row] = field(default_factory=dict)

    def set(self, name: str, url: str, *, pid: int | None = None, state: str = "starting") -> None:
        """Add or replace a row."""
        self.rows[name] = _Row(name, url, pid, state)

    def mark(self, name: str, state: str) -> None:
        """Change a row's state."""
        self.rows[name].state = state

    def render(self) -> Table:
        """The table as rich renders it."""
        table = Table(title="Kinerja", title_justify="left")
        for column in ("component", "url", "pid", "state"):
            table.add_column(column)
        styles = {"ready": "green", "starting": "yellow", "external": "cyan"}
        for row in self.rows.values():
            style = styles.get(row.state, "red")
            pid = str(row.pid) if row.pid else "-"
            table.add_row(row.name, row.url, pid, f"[{style}]{row.state}[/]")
        return table


@dataclass(frozen=True)
class LaunchPlan:
    """What `up` starts, and the environment every process shares."""

    settings: Settings
    specs: list[ServiceSpec]
    home: Path
    env_name: str
    hmac_secret: str
    gateway: bool
    # Run once everything is ready (the demo on first start); Ctrl-C still stops everything.
    after_ready: Callable[[], None] | None = None


@dataclass
class _Infrastructure:
    """The NATS and Redis URLs in use, and the embedded servers `up` started for them."""

    nats_url: str = ""
    redis_url: str = ""
    servers: dict[str, _Server] = field(default_factory=dict)


def _start_embedded(
    stack: contextlib.ExitStack, name: str, server: _Server, status: _Status
) -> _Server:
    # Registered before start, so an interrupt during start still stops the server.
    stack.callback(server.stop)
    with console.status(f"Starting embedded {name}…"):
        server.start(timeout=30)
    console.print(f"[green]✓[/] {name} ready at {server.url}")
    status.set(name, server.url, pid=server.pid, state="ready")
    return server


def _infrastructure(
    stack: contextlib.ExitStack, plan: LaunchPlan, status: _Status
) -> _Infrastructure:
    """Start the embedded NATS and Redis for whichever has no external URL configured."""
    from kinerja.runtime import EmbeddedNats, EmbeddedRedis

    settings, logs = plan.settings, plan.home / "logs"
    infra = _Infrastructure(nats_url=settings.nats_url, redis_url=settings.redis_url)
    if infra.nats_url:
        status.set("nats", infra.nats_url, state="external")
    else:
        nats = EmbeddedNats(
            port=settings.embedded_nats_port,
            data_dir=plan.home / "nats",
            log_file=logs / "nats.log",
        )
        infra.servers["nats"] = _start_embedded(stack, "nats", nats, status)
        infra.nats_url = nats.url
    if infra.redis_url:
        status.set("redis", infra.redis_url, state="external")
    else:
        redis = EmbeddedRedis(
            port=settings.embedded_redis_port,
            data_dir=plan.home / "redis",
            log_file=logs / "redis.log",
        )
        infra.servers["redis"] = _start_embedded(stack, "redis", redis, status)
        infra.redis_url = redis.url
    return infra


def _child_env(plan: LaunchPlan, infra: _Infrastructure) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KINERJA_HOME=str(plan.home),
        KINERJA_ENV=plan.env_name,
        KINERJA_NATS_URL=infra.nats_url,
        KINERJA_REDIS_URL=infra.redis_url,
        KINERJA_HMAC_SECRET=plan.hmac_secret,
    )
    return env


def _start_services(
    group: ProcessGroup, plan: LaunchPlan, env: dict[str, str], status: _Status
) -> None:
    for spec in plan.specs:
        port = plan.settings.service_port(spec.name)
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "uvicorn", spec.app_factory, "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
        child = group.start(
            spec.name,
            command,
            env={**env, "KINERJA_SERVICE": spec.name, "KINERJA_PORT": str(port)},
            cwd=REPO_ROOT,
            ready_url=f"{url}/ready",
        )
        status.set(spec.name, f"{url}/graphql", pid=child.pid)


def gateway_command(supergraph: Path, port: int) -> list[str]:
    """The command that runs Hive Gateway (from gateway/, where gateway.config.ts lives)."""
    return [str(HIVE_GATEWAY), "supergraph", str(supergraph), "--port", str(port)]


def _token_env(plan: LaunchPlan) -> dict[str, str]:
    """Where the gateway finds identity's signing keys, and the `iss`/`aud` tokens must carry."""
    return {
        "KINERJA_JWKS_URL": plan.settings.effective_jwks_url(),
        "KINERJA_TOKEN_ISSUER": plan.settings.token_issuer,
        "KINERJA_TOKEN_AUDIENCE": plan.settings.token_audience,
    }


def _gateway_env(plan: LaunchPlan, env: dict[str, str]) -> dict[str, str]:
    # The committed supergraph names the default ports; point the gateway at the actual ones.
    urls = {
        f"KINERJA_{spec.name.upper()}_URL": (
            f"http://127.0.0.1:{plan.settings.service_port(spec.name)}/graphql"
        )
        for spec in plan.specs
    }
    node_dir = str(Path(node_binary()).parent)  # the bin script runs `#!/usr/bin/env node`
    return {
        **env,
        **urls,
        **_token_env(plan),
        "KINERJA_GATEWAY_PORT": str(plan.settings.gateway_port),
        "KINERJA_SUPERGRAPH": str(SUPERGRAPH_PATH),
        "PATH": f"{node_dir}{os.pathsep}{env.get('PATH', '')}",
        # One JSON object per line, like the services' logs (and no colour codes in files).
        "LOG_JSON": env.get("LOG_JSON", "1"),
    }


def _start_gateway(
    group: ProcessGroup, plan: LaunchPlan, env: dict[str, str], status: _Status
) -> None:
    if not HIVE_GATEWAY.exists():
        raise LaunchError("gateway/node_modules is missing; run `make setup` (npm ci in gateway/)")
    if not SUPERGRAPH_PATH.exists():
        raise LaunchError("gateway/supergraph.graphql is missing; run `kinerja compose`")
    port = plan.settings.gateway_port
    child = group.start(
        "gateway",
        gateway_command(SUPERGRAPH_PATH, port),
        env=_gateway_env(plan, env),
        cwd=GATEWAY_DIR,
        ready_url=f"http://127.0.0.1:{port}/readiness",
    )
    status.set("gateway", f"http://127.0.0.1:{port}/graphql", pid=child.pid)


def _wait_ready(group: ProcessGroup, status: _Status) -> None:
    with Live(status.render(), console=console, refresh_per_second=4, transient=True) as live:

        def on_ready(name: str) -> None:
            status.mark(name, "ready")
            live.update(status.render())

        group.wait_ready(timeout=READY_TIMEOUT_SECONDS, on_change=lambda c: on_ready(c.name))
    console.print(status.render())


def _watch(group: ProcessGroup, infra: _Infrastructure) -> None:
    """Block until interrupted; raise ChildExitedError as soon as anything dies."""
    while True:
        group.check()
        for name, server in infra.servers.items():
            if not server.running:
                raise ChildExitedError(name, None, f"see {name}.log in the logs folder")
        time.sleep(0.5)


def _print_urls(plan: LaunchPlan) -> None:
    if plan.gateway:
        console.print(f"GraphQL: [bold]http://127.0.0.1:{plan.settings.gateway_port}/graphql[/]")
    console.print(f"Logs: {plan.home / 'logs'}")
    console.print("Press [bold]Ctrl-C[/] to stop.")


def _run(plan: LaunchPlan, stack: contextlib.ExitStack) -> None:
    status = _Status()
    infra = _infrastructure(stack, plan, status)
    migrate_all(plan.specs, plan.settings)
    group = stack.enter_context(ProcessGroup(plan.home / "logs"))
    env = _child_env(plan, infra)
    _start_services(group, plan, env, status)
    if plan.gateway:
        _start_gateway(group, plan, env, status)
    _wait_ready(group, status)
    _print_urls(plan)
    if plan.after_ready is not None:
        plan.after_ready()
    _watch(group, infra)


def _raise_interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def supervise(plan: LaunchPlan) -> bool:
    """Run the plan until Ctrl-C/SIGTERM or a failure, then stop everything in reverse order."""
    stack = contextlib.ExitStack()
    # Both explicitly: a process started in the background by a non-interactive shell (nohup,
    # `cmd &` in a script, a test harness started that way) inherits SIGINT ignored, and Python
    # then installs no KeyboardInterrupt handler — Ctrl-C / SIGINT would not stop the platform.
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    failed = False
    try:
        _run(plan, stack)
    except KeyboardInterrupt:
        console.print("Stopping…")
    except RuntimeError as exc:  # a child died, never got ready, or a server did not start
        err_console.print(f"[bold red]error:[/] {exc}")
        failed = True
    finally:
        # A second Ctrl-C must not cut the orderly shutdown short and leave orphans.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.close()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    console.print("[red]Stopped after a failure.[/]" if failed else "[green]Stopped.[/]")
    return not failed
