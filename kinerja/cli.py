"""The `kinerja` command: run the platform (`up`, `serve`), migrate databases, compose the graph."""

from __future__ import annotations

import difflib
import importlib
import logging
import os
import secrets
import sys
from collections.abc import Callable

import typer
from rich.logging import RichHandler

from kinerja.compose import (
    REPO_ROOT,
    SUPERGRAPH_PATH,
    CompositionError,
    built_services,
    collect_subgraphs,
    compose_supergraph,
)
from kinerja.errors import KinerjaError
from kinerja.launch import LaunchPlan, console, err_console, migrate_all, supervise
from kinerja.settings import SERVICES, ServiceSpec, Settings, service_spec

app = typer.Typer(
    help="Kinerja: run the platform, migrate its databases, compose its supergraph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _select_services(names: str | None) -> list[ServiceSpec]:
    """The built services named in a comma-separated list, or all built ones."""
    built = built_services()
    if not names:
        return built
    known = [spec.name for spec in SERVICES]
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise _fail(f"unknown service(s): {', '.join(unknown)}; known: {', '.join(known)}")
    missing = [name for name in wanted if name not in {spec.name for spec in built}]
    if missing:
        raise _fail(f"not built yet (no services/<name>/app.py): {', '.join(missing)}")
    return [spec for spec in built if spec.name in wanted]


def _configure_logging() -> None:
    # Supervisor and launcher warnings (a child ignoring SIGTERM…) show up in the terminal.
    logging.basicConfig(
        level=logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False)],
    )


def migrate(
    service: str | None = typer.Argument(None, help="one service; all built services if omitted"),
) -> None:
    """Upgrade a service's database (or every built service's) to the latest Alembic revision."""
    _configure_logging()
    specs = _select_services(service)
    if not specs:
        raise _fail("no service is built yet")
    migrate_all(specs, Settings())


def serve(
    service: str = typer.Argument(..., help="the service to run, e.g. identity"),
    port: int | None = typer.Option(None, help="port; default KINERJA_<SERVICE>_PORT or its own"),
) -> None:
    """Run one service in the foreground (migrations first); NATS and Redis must be running."""
    (spec,) = _select_services(service)
    settings = Settings()
    migrate_all([spec], settings)
    chosen = port or settings.service_port(spec.name)
    # The factory reads its Settings from the environment, like under `kinerja up`.
    os.environ["KINERJA_SERVICE"] = spec.name
    os.environ["KINERJA_PORT"] = str(chosen)
    import uvicorn

    uvicorn.run(spec.app_factory, factory=True, host=settings.host, port=chosen)


def compose(
    check: bool = typer.Option(False, "--check", help="fail if the committed file is stale"),
) -> None:
    """Compose every built service's subgraph into gateway/supergraph.graphql."""
    subgraphs = collect_subgraphs()
    if not subgraphs:
        raise _fail("no service is built yet; nothing to compose")
    try:
        supergraph = compose_supergraph(subgraphs)
    except CompositionError as exc:
        raise _fail(str(exc)) from exc
    names = ", ".join(sg["name"] for sg in subgraphs)
    if check:
        _check_supergraph(supergraph)
        console.print(f"[green]✓[/] {SUPERGRAPH_PATH.name} is up to date ({names})")
        return
    SUPERGRAPH_PATH.write_text(supergraph)
    console.print(f"[green]✓[/] composed {names} → {SUPERGRAPH_PATH.relative_to(REPO_ROOT)}")


def _check_supergraph(supergraph: str) -> None:
    committed = SUPERGRAPH_PATH.read_text() if SUPERGRAPH_PATH.exists() else ""
    if committed == supergraph:
        return
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        supergraph.splitlines(keepends=True),
        fromfile="gateway/supergraph.graphql (committed)",
        tofile="gateway/supergraph.graphql (composed now)",
    )
    sys.stdout.write("".join(diff))
    raise _fail("gateway/supergraph.graphql is stale; run `kinerja compose` and commit it")


def up(
    services: str | None = typer.Option(None, help="comma-separated services; default all built"),
    no_gateway: bool = typer.Option(False, "--no-gateway", help="do not start the gateway"),
    no_demo: bool = typer.Option(False, "--no-demo", help="do not seed the demo on first start"),
) -> None:
    """Start NATS, Redis, every built service and the gateway; Ctrl-C stops them all.

    Once everything is ready, the demo organisation is seeded unless it exists (or --no-demo).
    """
    _configure_logging()
    settings = Settings()
    specs = _select_services(services)
    if not specs:
        raise _fail("no service is built yet")
    env_name = os.environ.get("KINERJA_ENV", "development")
    # The demo creates logins with passwords printed on screen: never in production.
    seed_demo = not (no_demo or no_gateway or env_name == "production")
    plan = LaunchPlan(
        settings=settings,
        specs=specs,
        home=settings.home.resolve(),
        env_name=env_name,
        hmac_secret=settings.hmac_secret or secrets.token_urlsafe(32),
        gateway=not no_gateway,
        after_ready=_demo_on_first_start(settings) if seed_demo else None,
    )
    if not supervise(plan):
        raise typer.Exit(1)


def _demo_on_first_start(settings: Settings) -> Callable[[], None]:
    def seed() -> None:
        from kinerja.demo import DemoOptions, run_demo
        from kinerja.demo.graph import DemoError

        gateway = f"http://127.0.0.1:{settings.gateway_port}/graphql"
        try:
            run_demo(DemoOptions(gateway=gateway), console)
        except (DemoError, KinerjaError, ValueError, OSError) as exc:
            err_console.print(f"[bold red]demo failed:[/] {exc} (the platform keeps running)")

    return seed


def demo(
    seed: int = typer.Option(1, "--seed", help="the seed of every random choice"),
    employees: int = typer.Option(1000, "--employees", min=12, help="about how many employees"),
    gateway: str | None = typer.Option(None, "--gateway", help="default: the local gateway"),
) -> None:
    """Seed the demo organisation and month through the gateway (safe to run again)."""
    if os.environ.get("KINERJA_ENV") == "production":
        raise _fail("demo: refused with KINERJA_ENV=production (it prints its logins' passwords)")
    from kinerja.demo import DemoOptions, run_demo
    from kinerja.demo.graph import DemoError

    _configure_logging()
    settings = Settings()
    url = gateway or f"http://127.0.0.1:{settings.gateway_port}/graphql"
    try:
        run_demo(DemoOptions(gateway=url, seed=seed, employees=employees), console)
    except (DemoError, KinerjaError, ValueError) as exc:
        raise _fail(f"demo: {exc}") from exc


admin_app = typer.Typer(
    help="Operator tasks on the platform's data (identity's accounts and roles).",
    no_args_is_help=True,
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@admin_app.command("create-superuser")
def create_superuser(
    nip: str = typer.Option(..., "--nip", help="the superuser's NIP (spaces allowed)"),
    name: str | None = typer.Option(None, "--name", help="name, when the NIP is new"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="read the password from stdin instead of prompting"
    ),
) -> None:
    """Bootstrap a SYSTEM_ADMIN: the employee (created if the NIP is new), a password, the role."""
    _configure_logging()
    password = _read_password(password_stdin)
    settings = Settings()
    migrate_all([service_spec("identity")], settings)
    # The kit never imports a service statically (import-linter); identity does the work.
    admin = importlib.import_module("services.identity.admin")
    try:
        result = admin.run_create_superuser(settings, nip=nip, name=name, password=password)
    except (KinerjaError, ValueError) as exc:
        raise _fail(str(getattr(exc, "message", exc))) from exc
    created = "created and " if result.created_employee else ""
    console.print(f"[green]✓[/] employee {result.nip} {created}made SYSTEM_ADMIN")


audit_app = typer.Typer(
    help="Audit logs: verify a service's hash-chained log of changes.",
    no_args_is_help=True,
)

# The services whose audit chain `kinerja audit verify` checks: name → (module, function).
AUDITED_SERVICES = {"allowance": ("services.allowance.audit_cli", "verify_allowance")}


@audit_app.command("verify")
def audit_verify(
    service: str = typer.Argument(..., help="the service whose audit chain to verify: allowance"),
) -> None:
    """Walk a service's audit chain from its first row; report the first broken link."""
    if service not in AUDITED_SERVICES:
        raise _fail(f"no audit chain for {service!r}; known: {', '.join(AUDITED_SERVICES)}")
    module_name, function = AUDITED_SERVICES[service]
    # The kit never imports a service statically (import-linter); the service does the work.
    module = importlib.import_module(module_name)
    code: int = getattr(module, function)(Settings())
    if code:
        raise typer.Exit(code)


# Registered here so `kinerja --help` lists the commands in the order people need them.
app.command()(up)
app.command()(serve)
app.command()(demo)
app.command()(migrate)
app.command()(compose)
app.add_typer(admin_app, name="admin")
app.add_typer(audit_app, name="audit")
