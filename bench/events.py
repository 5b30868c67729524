"""Outbox → JetStream → consumer throughput, against raw JetStream publish and a raw pull consumer.

`python -m bench events [--events N] [--batch B] [--paced M] [--pace R]
                       [--database-url URL | --no-postgres]`

Starts an embedded nats-server (JetStream on file storage, fsync on every write: the platform's
own configuration) in a scratch directory and, for each database (a fresh SQLite file pair, and
PostgreSQL when KINERJA_BENCH_POSTGRES_URL or the machine's default server answers):

1. **kit**: a producer database and a consumer database with the kit's outbox/inbox tables. N
   events are written with `kinerja.events.add_event`, B per transaction, waking the kit's
   `OutboxRelay` after each commit (the services themselves do not wake it: they wait for its
   0.5 s poll); the relay publishes them to JetStream and the kit's durable
   `Consumer` applies each once (inbox row + a no-op handler) in the consumer database. All
   three run at once in this process, relay and consumer each on its own NATS connection.
   Latency: commit → handler.
2. **raw**: N `js.publish` calls, one after another, of the same CloudEvent bytes, and a raw
   durable pull consumer fetching and acking them. Latency: publish call → fetched.

Each path runs twice on fresh streams and consumers: under full load (all N written as fast as
they go: the throughput, and a latency that includes queueing behind the backlog), then paced (M
events, one per transaction, R a second: the latency of a quiet system). Prints events/s and
p50/p99 per path and writes the numbers as JSON to bench/results/events-<timestamp>.json. A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import socket
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import FetchTimeoutError
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.db import KitBase, create_engine, create_session_factory
from kinerja.events import CloudEvent, add_event
from kinerja.events.connection import connect_jetstream
from kinerja.events.consumer import Consumer
from kinerja.events.relay import OutboxRelay
from kinerja.events.streams import ensure_stream
from kinerja.runtime import EmbeddedNats
from tests.fixtures.db import create_postgres_database, drop_postgres_database

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
SOURCE = "bench"
SETTLE_SECONDS = 300.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _payload(n: int) -> dict[str, Any]:
    return {"n": n, "employee_id": f"bench-{n % 97}", "note": "a small event of a few fields"}


def summary(latencies: list[float], wall: float, events: int) -> dict[str, float]:
    """Events/s over the wall time and the p50/p99 end-to-end latency in milliseconds."""
    cuts = statistics.quantiles(sorted(latencies), n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "events": events,
        "applied": len(latencies),
        "events_per_s": len(latencies) / wall if wall else 0.0,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "wall_seconds": wall,
    }


async def _until(done: Any, what: str) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting: {what}")
        await asyncio.sleep(0.005)


async def kit_path(
    nats_url: str,
    producer_url: str,
    consumer_url: str,
    *,
    events: int,
    batch: int,
    tag: str,
    tag_prefix: str = "",
    pace: float | None = None,
) -> dict[str, Any]:
    """add_event → OutboxRelay → JetStream → Consumer, all running at once; with `pace`, one
    transaction every 1/pace seconds instead of as fast as possible."""
    tag = f"{tag_prefix}{tag}"
    stream = f"BENCH{tag.upper()}"
    subject = f"{stream.lower()}.thing.happened.v1"
    engines = [create_engine(producer_url), create_engine(consumer_url)]
    for engine in engines:
        async with engine.begin() as conn:
            await conn.run_sync(KitBase.metadata.create_all)
    producer, consumer_db = (create_session_factory(engine) for engine in engines)
    relay_nc, relay_js = await connect_jetstream(nats_url, f"bench-relay-{tag}", give_up_after=10)
    consumer_nc, consumer_js = await connect_jetstream(nats_url, f"bench-consumer-{tag}")
    await ensure_stream(relay_js, name=stream, subjects=[f"{stream.lower()}.>"])
    committed: dict[str, float] = {}
    applied: dict[str, float] = {}
    calls: Counter[str] = Counter()

    async def handle(_session: AsyncSession, event: CloudEvent) -> None:
        applied[event.id] = time.perf_counter()
        calls[event.id] += 1

    relay = OutboxRelay(producer, relay_js, batch_size=100, interval=0.05)
    consumer = Consumer(
        service=f"bench{tag}",
        stream=stream,
        handlers={subject: handle},
        session_factory=consumer_db,
        js=consumer_js,
        batch=100,
        fetch_timeout=0.2,
    )
    stop = asyncio.Event()
    tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(consumer.run(stop))]
    try:
        began = time.perf_counter()
        for start in range(0, events, batch):
            async with producer() as session, session.begin():
                written = [
                    add_event(session, subject, _payload(n), source=SOURCE)
                    for n in range(start, min(start + batch, events))
                ]
            now = time.perf_counter()
            committed.update((event.id, now) for event in written)
            relay.wake()
            if pace:
                await asyncio.sleep(1 / pace)
        wrote = time.perf_counter() - began
        await _until(lambda: len(applied) >= events, "the consumer applying every event")
        wall = max(applied.values()) - began
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
        for nc in (relay_nc, consumer_nc):
            await nc.close()
        for engine in engines:
            await engine.dispose()
    row = summary([applied[i] - committed[i] for i in applied], wall, events)
    row["write_seconds"] = wrote
    row["applied_more_than_once"] = sum(1 for count in calls.values() if count > 1)
    return row


async def raw_path(
    nats_url: str, *, events: int, tag: str, pace: float | None = None
) -> dict[str, Any]:
    """N sequential `js.publish` calls and a raw durable pull consumer, at once; with `pace`,
    one publish every 1/pace seconds."""
    stream = f"RAW{tag.upper()}"
    subject = f"{stream.lower()}.thing.happened.v1"
    pub_nc, pub_js = await connect_jetstream(nats_url, f"bench-raw-pub-{tag}", give_up_after=10)
    sub_nc, sub_js = await connect_jetstream(nats_url, f"bench-raw-sub-{tag}")
    await ensure_stream(pub_js, name=stream, subjects=[f"{stream.lower()}.>"])
    config = ConsumerConfig(
        durable_name=f"raw-{tag}", ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL
    )
    subscription = await sub_js.pull_subscribe(
        f"{stream.lower()}.>", durable=f"raw-{tag}", stream=stream, config=config
    )
    published: dict[str, float] = {}
    received: dict[str, float] = {}
    stop = asyncio.Event()

    async def consume() -> None:
        while not stop.is_set():
            try:
                messages = await subscription.fetch(100, timeout=0.2)
            except (FetchTimeoutError, TimeoutError):
                continue
            for message in messages:
                received[CloudEvent.from_json(message.data).id] = time.perf_counter()
                await message.ack()

    task = asyncio.create_task(consume())
    try:
        began = time.perf_counter()
        for n in range(events):
            event = CloudEvent(
                type=subject, source=SOURCE, data=_payload(n), time=datetime.now(UTC)
            )
            published[event.id] = time.perf_counter()
            await pub_js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": event.id})
            if pace:
                await asyncio.sleep(1 / pace)
        wrote = time.perf_counter() - began
        await _until(lambda: len(received) >= events, "the raw consumer receiving every event")
        wall = max(received.values()) - began
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        for nc in (pub_nc, sub_nc):
            await nc.close()
    row = summary([received[i] - published[i] for i in received], wall, events)
    row["write_seconds"] = wrote
    return row


async def _postgres_reachable(url: str) -> bool:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(3), engine.connect():
            return True
    except Exception:
        return False
    finally:
        await engine.dispose()


async def _both_loads(
    measure: Callable[..., Awaitable[dict[str, Any]]], *, events: int, paced: int, pace: float
) -> dict[str, Any]:
    """The path under full load (throughput, loaded latency), then paced (idle latency)."""
    row = await measure(events=events, tag="load")
    light = await measure(events=paced, tag="paced", pace=pace)
    row["paced"] = {"events": paced, "per_s": pace, "p50_ms": light["p50_ms"]}
    row["paced"]["p99_ms"] = light["p99_ms"]
    return row


async def run(
    *, events: int, batch: int, paced: int, pace: float, postgres: str | None, scratch: Path
) -> dict[str, Any]:
    """Every path on a fresh nats-server; the results."""
    console = Console(stderr=True)
    server = EmbeddedNats(port=_free_port(), data_dir=scratch / "nats")
    server.start()
    paths: dict[str, Any] = {}
    both = functools.partial(_both_loads, events=events, paced=paced, pace=pace)
    try:
        raw = functools.partial(raw_path, server.url)
        paths["raw publish→pull"] = await both(raw)
        console.print("raw path done")

        async def sqlite(**options: Any) -> dict[str, Any]:
            tag = options["tag"]
            urls = [f"sqlite+aiosqlite:///{scratch / f'{tag}-{side}.sqlite3'}" for side in "pc"]
            options["batch"] = 1 if options.get("pace") else batch
            return await kit_path(server.url, *urls, **options, tag_prefix="sqlite")

        paths["kit SQLite"] = await both(sqlite)
        console.print("kit on SQLite done")
        if postgres and await _postgres_reachable(postgres):
            databases = [await create_postgres_database(postgres) for _ in range(2)]

            async def on_postgres(**options: Any) -> dict[str, Any]:
                options["batch"] = 1 if options.get("pace") else batch
                return await kit_path(server.url, *databases, **options, tag_prefix="pg")

            try:
                paths["kit PostgreSQL"] = await both(on_postgres)
                console.print("kit on PostgreSQL done")
            finally:
                for database in databases:
                    with contextlib.suppress(Exception):
                        await drop_postgres_database(postgres, database)
        elif postgres:
            console.print(f"[yellow]PostgreSQL at {postgres} not reachable: skipped[/]")
    finally:
        server.stop()
    return {
        "benchmark": "events",
        "at": datetime.now(UTC).isoformat(),
        "events": events,
        "batch": batch,
        "paced_events": paced,
        "pace_per_s": pace,
        "paths": paths,
    }


def print_table(results: dict[str, Any]) -> None:
    """The results as a small rich table."""
    table = Table(
        title=f"events: {results['events']} under load (outbox {results['batch']}/transaction), "
        f"{results['paced_events']} paced at {results['pace_per_s']:g}/s"
    )
    table.add_column("path", no_wrap=True)
    for column in ("applied", "ev/s", "p50 ms", "p99 ms", "paced p50", "paced p99"):
        table.add_column(column, justify="right")
    for name, row in results["paths"].items():
        table.add_row(
            name,
            str(row["applied"]),
            f"{row['events_per_s']:.0f}",
            f"{row['p50_ms']:.0f}",
            f"{row['p99_ms']:.0f}",
            f"{row['paced']['p50_ms']:.1f}",
            f"{row['paced']['p99_ms']:.1f}",
        )
    twice = sum(row.get("applied_more_than_once", 0) for row in results["paths"].values())
    table.caption = (
        f"latency: commit (raw: publish) → applied (raw: fetched); applied twice: {twice}"
    )
    Console().print(table)


def main(argv: list[str]) -> int:
    """`python -m bench events …`."""
    parser = argparse.ArgumentParser(prog="python -m bench events", description=__doc__)
    parser.add_argument("--events", type=int, default=2000, help="events per path (default 2000)")
    parser.add_argument("--batch", type=int, default=100, help="events per outbox transaction")
    parser.add_argument("--paced", type=int, default=100, help="events of the paced run")
    parser.add_argument("--pace", type=float, default=20.0, help="paced events per second")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KINERJA_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="PostgreSQL server to create the scratch databases on",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    if args.events < 2 or args.batch < 1 or args.paced < 2 or args.pace <= 0:
        parser.error("need --events ≥ 2, --batch ≥ 1, --paced ≥ 2 and --pace > 0")
    postgres = None if args.no_postgres else args.database_url
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-events-") as scratch:
        results = asyncio.run(
            run(
                events=args.events,
                batch=args.batch,
                paced=args.paced,
                pace=args.pace,
                postgres=postgres,
                scratch=Path(scratch),
            )
        )
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"events-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    Console().print(f"wrote {path}")
    return 0
