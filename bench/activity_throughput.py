"""Activity throughput through the real gateway: createLog, approveLog and approveLogs.

`python -m bench activity [--logs N] [--concurrency C] [--employees M] [--realisation-probes K]
                         [--gateway URL]`

Starts `kinerja up --no-demo` on free ports in a scratch home (or uses the running gateway given
with --gateway, signing in with --admin-nip/--admin-password), bootstraps a directorate with one
supervisor and M employees, each with an approved SKP, then logs N activities (C at a time) and
has the supervisor approve half of them one by one and half in batches. Prints throughput and
p50/p99 latency per operation and the approval-to-consumer latency of `activity.log.approved.v1`
(a core NATS subscriber, when the NATS URL is known). Then the event-to-realisation latency:
how long after the last approval appraisal's realisation (`Employee.realisation`, polled through
the gateway) counts every approved log, and, for K logs kept back and approved one at a time on
the quiet platform, p50/p99 from approveLog's answer until the realisation counts the log. Writes
the numbers as JSON to bench/results/activity-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from nats.aio.client import Client as Nats
from nats.aio.msg import Msg
from rich.console import Console
from rich.table import Table

from kinerja.settings import SERVICES
from tests.authz.org import OrgBuilder, Person, new_nip, new_password, sign_in
from tests.e2e import activity_steps as steps
from tests.e2e import appraisal_steps

RESULTS = Path(__file__).resolve().parent / "results"
STARTUP_SECONDS = 120
YEAR = 2025
PERIOD = {"periodStart": f"{YEAR}-01-01", "periodEnd": f"{YEAR}-12-31"}
BATCH = 20
SLOT_MINUTES = 30
SLOTS_PER_DAY = 16  # 08:00–16:00
REALISATION_SECONDS = 60  # give up waiting for appraisal's realisation after this
POLL_SECONDS = 0.01

CREATE_SKP = """mutation($input: CreateSkpInput!) { createSkp(input: $input) {
  __typename ... on SkpPayload { skp { id } } } }"""
ADD_RHK = """mutation($input: AddRhkInput!) { addRhk(input: $input) {
  __typename ... on RhkPayload { rhk { id } } } }"""
ADD_INDICATOR = """mutation($input: AddIndicatorInput!) { addIndicator(input: $input) {
  __typename ... on IndicatorPayload { indicator { id } } } }"""
REVIEW = """mutation($input: {name}Input!) {{ {field}(input: $input) {{
  __typename ... on SkpPayload {{ skp {{ id status }} }} }} }}"""
RHK_TITLE = "Laporan kegiatan tersusun"


@dataclass
class Platform:
    """Where the platform answers, and the `kinerja up` process when this run started it."""

    gateway_url: str
    nats_url: str | None
    admin: Person
    process: subprocess.Popen[bytes] | None = None
    hmac_secret: str = ""
    service_urls: dict[str, str] = field(default_factory=dict)  # name → http://host:port


@dataclass
class Samples:
    """Latencies (seconds) of one operation and the wall time of the whole phase."""

    latencies: list[float] = field(default_factory=list)
    items: int = 0
    wall: float = 0.0

    def row(self) -> dict[str, float]:
        """Throughput (items/s) and p50/p99 latency in milliseconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return {"calls": 0, "items": 0, "throughput_per_s": 0.0, "p50_ms": 0.0, "p99_ms": 0.0}
        cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
        return {
            "calls": len(ordered),
            "items": self.items,
            "throughput_per_s": self.items / self.wall if self.wall else 0.0,
            "p50_ms": cuts[49] * 1000,
            "p99_ms": cuts[98] * 1000,
        }


def _free_ports(count: int) -> list[int]:
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _kinerja() -> str:
    return str(Path(sys.executable).parent / "kinerja")


@contextlib.contextmanager
def started_platform(home: Path) -> Iterator[Platform]:
    """`kinerja up --no-demo` on free ports, a superuser bootstrapped; stopped with SIGINT."""
    nats_port, redis_port, gateway_port, *ports = _free_ports(3 + len(SERVICES))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    env.update(
        KINERJA_HOME=str(home),
        KINERJA_EMBEDDED_NATS_PORT=str(nats_port),
        KINERJA_EMBEDDED_REDIS_PORT=str(redis_port),
        KINERJA_GATEWAY_PORT=str(gateway_port),
        KINERJA_HMAC_SECRET=secrets.token_urlsafe(32),
    )
    service_urls = {}
    for spec, port in zip(SERVICES, ports, strict=True):
        env[f"KINERJA_{spec.name.upper()}_PORT"] = str(port)
        env[f"KINERJA_{spec.name.upper()}_URL"] = f"http://127.0.0.1:{port}/graphql"
        service_urls[spec.name] = f"http://127.0.0.1:{port}"
    log = (home / "up.log").open("wb")
    process = subprocess.Popen(
        [_kinerja(), "up", "--no-demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{gateway_port}"
        _wait_ready(process, f"{base}/readiness", home / "up.log")
        admin = Person(id="", nip=new_nip(), name="Admin Bench", position_id="", unit_id="")
        admin.password = new_password()
        command = ["admin", "create-superuser", "--nip", admin.nip, "--name", admin.name]
        subprocess.run(
            [_kinerja(), *command, "--password-stdin"],
            input=admin.password.encode(),
            env=env,
            capture_output=True,
            timeout=60,
            check=True,
        )
        yield Platform(
            f"{base}/graphql",
            f"nats://127.0.0.1:{nats_port}",
            admin,
            process,
            hmac_secret=env["KINERJA_HMAC_SECRET"],
            service_urls=service_urls,
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    with httpx.Client(timeout=2) as client:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"kinerja up exited:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise SystemExit(f"kinerja up not ready in time:\n{log.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url).status_code == 200:
                    return
            time.sleep(0.25)


def gateway_call(http: httpx.Client, url: str) -> Callable[[str, dict[str, Any], str | None], Any]:
    """A `Call` posting to the gateway with a keep-alive client."""

    def call(query: str, variables: dict[str, Any], token: str | None) -> Any:
        headers = {} if token is None else {"authorization": f"Bearer {token}"}
        body = {"query": query, "variables": variables}
        return http.post(url, json=body, headers=headers, timeout=60).json()

    return call


def create_skp(call: Any, who: Person) -> str:
    """`who`'s SKP for the year, once targets' replica knows them; its id."""

    def create() -> str | None:
        result = steps.field(
            call, who, CREATE_SKP, "createSkp", input={"employeeId": who.id, **PERIOD}
        )
        return result["skp"]["id"] if result["__typename"] == "SkpPayload" else None

    skp_id: str = steps.eventually("targets knows the employee", create)
    return skp_id


def approved_skp(call: Any, staff: Person, supervisor: Person) -> tuple[str, str]:
    """A TAMBAHAN RHK with one additive indicator, submitted and approved; (item, indicator)."""

    def ok(who: Person, query: str, result_field: str, typename: str, **input_: Any) -> Any:
        result = steps.field(call, who, query, result_field, input=input_)
        assert result["__typename"] == typename, result
        return result

    skp_id = create_skp(call, staff)
    rhk = ok(staff, ADD_RHK, "addRhk", "RhkPayload", skpId=skp_id, kind="TAMBAHAN", title=RHK_TITLE)
    monthly = [{"month": f"{YEAR}-{m:02d}", "target": "100"} for m in range(1, 13)]
    ok(
        staff,
        ADD_INDICATOR,
        "addIndicator",
        "IndicatorPayload",
        rhkId=rhk["rhk"]["id"],
        name="Kegiatan terlaksana",
        targetValue="1200",
        unit="Kegiatan",
        direction="HIGHER_IS_BETTER",
        additive=True,
        monthlyTargets=monthly,
    )
    submit = REVIEW.format(name="SubmitSkp", field="submitSkp")
    ok(staff, submit, "submitSkp", "SkpPayload", skpId=skp_id)
    approve = REVIEW.format(name="ApproveSkp", field="approveSkp")

    def approved() -> bool:
        result = steps.field(call, supervisor, approve, "approveSkp", input={"skpId": skp_id})
        return bool(result["__typename"] == "SkpPayload")

    steps.eventually("targets knows the supervisor", approved)
    return steps.approved_indicator(call, staff, f"{YEAR}-06-30", RHK_TITLE)


def working_days(count: int) -> list[date]:
    """`count` weekdays of the SKP year from 2 January on (holidays are irrelevant to logs)."""
    days: list[date] = []
    day = date(YEAR, 1, 2)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def log_inputs(
    count: int, skps: list[tuple[Person, str, str]]
) -> list[tuple[Person, dict[str, Any]]]:
    """`count` non-overlapping half-hour logs, spread round-robin over the employees."""
    per_employee = -(-count // len(skps))
    days = working_days(-(-per_employee // SLOTS_PER_DAY))
    inputs = []
    for n in range(count):
        staff, item, indicator = skps[n % len(skps)]
        slot = n // len(skps)
        start = datetime(YEAR, 1, 1, 8) + timedelta(minutes=SLOT_MINUTES * (slot % SLOTS_PER_DAY))
        end = start + timedelta(minutes=SLOT_MINUTES)
        inputs.append(
            (
                staff,
                {
                    "date": days[slot // SLOTS_PER_DAY].isoformat(),
                    "startTime": f"{start:%H:%M}",
                    "endTime": f"{end:%H:%M}",
                    "description": f"Kegiatan bench {n}",
                    "skpItemId": item,
                    "indicatorId": indicator,
                    "outputQuantity": "1",
                },
            )
        )
    return inputs


def timed(pool: ThreadPoolExecutor, jobs: list[Callable[[], int]]) -> Samples:
    """Run the jobs on the pool; each returns how many items it handled."""
    samples = Samples()

    def run(job: Callable[[], int]) -> tuple[float, int]:
        started = time.perf_counter()
        items = job()
        return time.perf_counter() - started, items

    began = time.perf_counter()
    for latency, items in pool.map(run, jobs):
        samples.latencies.append(latency)
        samples.items += items
    samples.wall = time.perf_counter() - began
    return samples


class EventClock:
    """A core NATS subscriber to `activity.log.approved.v1`: receive time minus approved_at."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.delays: list[float] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._run(),))

    async def _run(self) -> None:
        nc = Nats()
        await nc.connect(self.url)
        self._stop = asyncio.Event()

        async def on_message(message: Msg) -> None:
            received = datetime.now(UTC)
            data = json.loads(message.data)["data"]
            approved = datetime.fromisoformat(data["approved_at"])
            self.delays.append((received - approved).total_seconds())

        await nc.subscribe(steps.LOG_APPROVED, cb=on_message)
        self._ready.set()
        await self._stop.wait()
        await nc.drain()

    def __enter__(self) -> EventClock:
        self._thread.start()
        self._ready.wait(10)
        return self

    def settle(self, expected: int, seconds: float = 20) -> None:
        """Wait until `expected` events arrived (or give up)."""
        deadline = time.monotonic() + seconds
        while len(self.delays) < expected and time.monotonic() < deadline:
            time.sleep(0.05)

    def __exit__(self, *_: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


def realised_totals(call: Any, viewer: Person, staff: list[Person]) -> dict[str, Decimal]:
    """Each employee's realisation over the SKP year, as appraisal answers through the gateway."""
    totals = {}
    for who in staff:
        body = call(appraisal_steps.REALISATION, {"id": who.id, "period": str(YEAR)}, viewer.token)
        rows = (body.get("data") or {}).get("employee") or {}
        totals[who.id] = sum(
            (Decimal(row["periodTotal"]) for row in rows.get("realisation") or []), Decimal(0)
        )
    return totals


def realisation_latency(
    call: Any,
    viewer: Person,
    staff: list[Person],
    approved: Counter[str],
    probes: list[tuple[str, Person]],
    load_ended: float,
) -> dict[str, Any]:
    """How long appraisal's realisation takes to reflect approvals (each log outputs 1).

    First the catch-up after the load: from the end of the approvals until every employee's
    realisation counts every approved log. Then each kept-back log, approved one at a time:
    from approveLog's answer until the realisation counts it (polled through the gateway).
    """
    expected = {who.id: Decimal(approved[who.id]) for who in staff}
    caught_up: float | None = None
    while time.perf_counter() - load_ended < REALISATION_SECONDS:
        if realised_totals(call, viewer, staff) == expected:
            caught_up = time.perf_counter() - load_ended
            break
        time.sleep(POLL_SECONDS)
    delays: list[float] = []
    missed = 0
    for log_id, who in probes:
        expected[who.id] += 1
        result = steps.field(call, viewer, steps.APPROVE_LOG, "approveLog", input={"logId": log_id})
        assert result["__typename"] == "LogPayload", result
        approved_at = time.perf_counter()
        while realised_totals(call, viewer, [who])[who.id] < expected[who.id]:
            if time.perf_counter() - approved_at > REALISATION_SECONDS:
                missed += 1
                break
            time.sleep(POLL_SECONDS)
        else:
            delays.append(time.perf_counter() - approved_at)
    row: dict[str, Any] = {
        "catch_up_after_load_ms": None if caught_up is None else caught_up * 1000,
        "probes": len(probes),
        "missed": missed,
    }
    if delays:
        ordered = sorted(delays)
        cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
        row.update(p50_ms=cuts[49] * 1000, p99_ms=cuts[98] * 1000)
    return row


def run(
    platform: Platform,
    *,
    logs: int,
    concurrency: int,
    employees: int,
    realisation_probes: int = 20,
) -> dict[str, Any]:
    """Bootstrap the organisation, then measure; the results."""
    console = Console(stderr=True)
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency)
    with httpx.Client(limits=limits) as http:
        call = gateway_call(http, platform.gateway_url)
        sign_in(call, platform.admin)
        started = time.perf_counter()
        builder = OrgBuilder(call, platform.admin.token)
        stamp = datetime.now(UTC).strftime("%H%M%S")
        unit = builder.unit(f"Direktorat Bench {stamp}")
        supervisor = builder.give_account(builder.person("Kepala Bench", unit, job="JPT_PRATAMA"))
        staff = [
            builder.give_account(
                builder.person(f"Staf Bench {n}", unit, reports_to_id=supervisor.position_id)
            )
            for n in range(employees)
        ]
        create_skp(call, supervisor)  # staff submit only when their superior has an SKP
        skps = [(s, *approved_skp(call, s, supervisor)) for s in staff]
        inputs = log_inputs(logs, skps)
        # The first log of each employee also waits for activity's SKP replica to catch up.
        for who, input_ in inputs[: len(staff)]:
            steps.create_log_when_replicated(call, who, **input_)
        setup = time.perf_counter() - started
        console.print(f"setup: {employees} employees with approved SKPs in {setup:.1f}s")

        created: list[str] = []
        owner: dict[str, Person] = {}

        def create(who: Person, input_: dict[str, Any]) -> Callable[[], int]:
            def job() -> int:
                result = steps.create_log(call, who, **input_)
                assert result["__typename"] == "LogPayload", result
                created.append(result["log"]["id"])
                owner[result["log"]["id"]] = who
                return 1

            return job

        with ThreadPoolExecutor(concurrency) as pool:
            create_samples = timed(pool, [create(w, i) for w, i in inputs[len(staff) :]])
            queue = steps.field(call, supervisor, steps.VERIFICATION_QUEUE, "verificationQueue")
            console.print(f"created {create_samples.items} logs; queue page {len(queue['edges'])}")
            ids = list(created)
            probe_id = ids.pop()
            # A few logs are kept back, approved one by one on a quiet platform at the end.
            reserved = min(realisation_probes, max(0, len(ids) - 2))
            kept, ids = ids[len(ids) - reserved :], ids[: len(ids) - reserved]
            single, bulk = ids[: len(ids) // 2], ids[len(ids) // 2 :]

            def approve(log_id: str) -> Callable[[], int]:
                def job() -> int:
                    result = steps.field(
                        call, supervisor, steps.APPROVE_LOG, "approveLog", input={"logId": log_id}
                    )
                    assert result["__typename"] == "LogPayload", result
                    return 1

                return job

            def approve_many(batch: list[str]) -> Callable[[], int]:
                def job() -> int:
                    result = steps.field(
                        call, supervisor, steps.APPROVE_LOGS, "approveLogs", input={"logIds": batch}
                    )
                    outcomes = result["outcomes"]
                    assert all(o["error"] is None for o in outcomes), outcomes
                    return len(outcomes)

                return job

            # One approval first: it shows whether approving works at all before the load.
            probe = call(steps.APPROVE_LOG, {"input": {"logId": probe_id}}, supervisor.token)
            answer = (probe.get("data") or {}).get("approveLog") or {}
            failure = None if answer.get("__typename") == "LogPayload" else probe
            clock = EventClock(platform.nats_url) if platform.nats_url and not failure else None
            single_samples = bulk_samples = Samples()
            if failure is not None:
                console.print(f"[red]approveLog fails, approvals not measured:[/] {failure}")
            with clock or contextlib.nullcontext():
                if failure is None:
                    single_samples = timed(pool, [approve(i) for i in single])
                    batches = [bulk[i : i + BATCH] for i in range(0, len(bulk), BATCH)]
                    bulk_samples = timed(pool, [approve_many(b) for b in batches])
                load_ended = time.perf_counter()
                if clock is not None:
                    clock.settle(len(single) + len(bulk))
            realisation = None
            if failure is None:
                approved = Counter(owner[i].id for i in [probe_id, *single, *bulk])
                realisation = realisation_latency(
                    call, supervisor, staff, approved, [(i, owner[i]) for i in kept], load_ended
                )
    results: dict[str, Any] = {
        "benchmark": "activity",
        "at": datetime.now(UTC).isoformat(),
        "logs": logs,
        "concurrency": concurrency,
        "employees": employees,
        "setup_seconds": setup,
        "operations": {
            "createLog": create_samples.row(),
            "approveLog": single_samples.row(),
            f"approveLogs ({BATCH}/call)": bulk_samples.row(),
        },
        "approval_failure": failure,
    }
    if realisation is not None:
        results["approved_to_realisation"] = realisation
    if clock is not None and clock.delays:
        ordered = sorted(clock.delays)
        cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
        results["event_to_consumer"] = {
            "events": len(ordered),
            "p50_ms": cuts[49] * 1000,
            "p99_ms": cuts[98] * 1000,
        }
    return results


def print_table(results: dict[str, Any]) -> None:
    """The results as a small rich table."""
    table = Table(
        title=f"activity: {results['logs']} logs, concurrency {results['concurrency']}, "
        f"{results['employees']} employees"
    )
    for column in ("operation", "calls", "items", "items/s", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    for name, row in results["operations"].items():
        if not row["calls"]:
            table.add_row(name, "0", "0", "not measured", "—", "—")
            continue
        table.add_row(
            name,
            str(row["calls"]),
            str(row["items"]),
            f"{row['throughput_per_s']:.1f}",
            f"{row['p50_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
        )
    if realisation := results.get("approved_to_realisation"):
        measured = "p50_ms" in realisation
        table.add_row(
            "approved → realisation",
            str(realisation["probes"] - realisation["missed"]),
            "",
            "",
            f"{realisation['p50_ms']:.1f}" if measured else "—",
            f"{realisation['p99_ms']:.1f}" if measured else "—",
        )
        catch_up = realisation["catch_up_after_load_ms"]
        table.caption = "realisation caught up with the load " + (
            "never (timed out)"
            if catch_up is None
            else f"{catch_up:.0f} ms after the last approval"
        )
    if event := results.get("event_to_consumer"):
        table.add_row(
            "approved → consumer",
            str(event["events"]),
            "",
            "",
            f"{event['p50_ms']:.1f}",
            f"{event['p99_ms']:.1f}",
        )
    Console().print(table)


def main(argv: list[str]) -> int:
    """`python -m bench activity …`."""
    parser = argparse.ArgumentParser(prog="python -m bench activity", description=__doc__)
    parser.add_argument("--logs", type=int, default=200, help="activities to log (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    parser.add_argument("--employees", type=int, default=4, help="employees logging")
    parser.add_argument(
        "--realisation-probes",
        type=int,
        default=20,
        help="logs kept back and approved one at a time to time realisation (default 20)",
    )
    parser.add_argument("--gateway", help="URL of a running gateway's /graphql (else: start one)")
    parser.add_argument("--nats", help="with --gateway: its NATS URL, for the event latency")
    parser.add_argument("--admin-nip", default=os.environ.get("KINERJA_BENCH_ADMIN_NIP"))
    parser.add_argument("--admin-password", default=os.environ.get("KINERJA_BENCH_ADMIN_PASSWORD"))
    args = parser.parse_args(argv)
    if args.logs < 2 * args.employees or args.concurrency < 1 or args.employees < 1:
        parser.error("need --logs ≥ 2 × --employees, --concurrency ≥ 1 and --employees ≥ 1")
    options = {
        "logs": args.logs,
        "concurrency": args.concurrency,
        "employees": args.employees,
        "realisation_probes": args.realisation_probes,
    }
    if args.gateway:
        if not (args.admin_nip and args.admin_password):
            parser.error("--gateway needs --admin-nip and --admin-password of a SYSTEM_ADMIN")
        admin = Person(id="", nip=args.admin_nip, name="admin", position_id="", unit_id="")
        admin.password = args.admin_password
        results = run(Platform(args.gateway, args.nats, admin), **options)
    else:
        with (
            tempfile.TemporaryDirectory(prefix="kinerja-bench-") as home,
            started_platform(Path(home)) as platform,
        ):
            results = run(platform, **options)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"activity-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    Console().print(f"wrote {path}")
    return 0
