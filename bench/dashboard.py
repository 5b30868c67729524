"""The federated employee dashboard: through the gateway vs the five subgraphs called directly.

`python -m bench dashboard [--requests N] [--concurrency C]`

Starts `kinerja up --no-demo` on free ports with a known HMAC secret, seeds a small organisation
through the gateway with the e2e journeys' own steps (approved SKPs, a few approved June logs,
June closed, a finalised June appraisal and a locked June allowance run), then reads the staff
member's dashboard (`tests/e2e/platform_steps.DASHBOARD`) N times, C at a time:

1. through the gateway, one request each;
2. straight from the subgraphs, the way the gateway plans it: identity's `employee` first; then
   targets, activity, appraisal and allowance in parallel (`_entities` on the employee); then
   targets again for the titles of the logs' SKP items. Every subgraph request carries the
   gateway's HMAC signature (kinerja/signing.py).

Every dashboard read, in both modes, uses its own freshly signed-in access token, so nothing is
deduplicated or cached by token. Once, before timing, the directly fetched data is merged and
compared with the gateway's answer. Prints throughput and p50/p99 per mode and writes the
numbers as JSON to bench/results/dashboard-<timestamp>.json. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.activity_throughput import Platform, started_platform
from kinerja.signing import SIGNATURE_EXTENSION, sign_request
from tests.authz.org import OrgBuilder, Person, login, sign_in
from tests.e2e import activity_steps as activity
from tests.e2e import appraisal_steps as appraisal
from tests.e2e.clients import Clients
from tests.e2e.platform_steps import DASHBOARD
from tests.e2e.test_activity_journey import slow_call
from tests.e2e.test_allowance_journey import COMPUTE, LOCK, REVIEW
from tests.e2e.test_appraisal_journey import (
    PERIOD,
    STAFF1_LOGS,
    log_month,
    ok,
    open_appraisal,
    rate,
    realised,
)
from tests.e2e.test_targets_journey import STAFF1_RHK, Team, skp_journey

RESULTS = Path(__file__).resolve().parent / "results"
WARMUP = 5
VARIABLES = {
    "on": f"{PERIOD}-30",
    "from": f"{PERIOD}-01",
    "to": f"{PERIOD}-30",
    "month": PERIOD,
    "period": PERIOD,
}

# What the gateway asks each subgraph for DASHBOARD (its query plan, written out).
IDENTITY = "query($id: ID!) { employee(id: $id) { id name nip unit { id name } } }"
TARGETS = """query($r: [_Any!]!, $on: Date!) { _entities(representations: $r) {
  ... on Employee { skp(on: $on) { id status
    items { id kind title indicators { id name targetValue unit } } } } } }"""
ACTIVITY = """query($r: [_Any!]!, $from: Date!, $to: Date!, $month: String!) {
  _entities(representations: $r) { ... on Employee {
    activities(from: $from, to: $to) { edges { node {
      id date minutes status outputQuantity skpItem { id } evidence { evidenceId mediaType } } } }
    attendance(month: $month) { month closed
      summary { workingDays presentDays tlMinutes pswMinutes unexcusedDays effectiveMinutes } }
  } } }"""
APPRAISAL = """query($r: [_Any!]!, $period: String!) { _entities(representations: $r) {
  ... on Employee {
    appraisal(period: $period) { id status predicate resultsRating behaviourRating }
    realisation(period: $period) { indicatorId name periodTarget periodTotal } } } }"""
ALLOWANCE = """query($r: [_Any!]!, $month: String!) { _entities(representations: $r) {
  ... on Employee { allowance(month: $month) {
    month runStatus total { amount currency } lines { kind code amount { amount } } } } } }"""
SKP_ITEMS = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on SkpItem { title } } }"""


def seed(platform: Platform, http: httpx.Client) -> tuple[Person, Team]:
    """The e2e organisation worked through June 2025; the staff member whose dashboard is read."""
    clients = Clients(
        http,
        platform.gateway_url,
        platform.service_urls["identity"],
        platform.hmac_secret,
    )
    call, slow = clients.via_gateway, slow_call(clients)
    admin = sign_in(call, platform.admin)
    team = skp_journey(clients, admin)
    director, staff = team.director, team.staff1
    unit_of = "query($id: ID!) { employee(id: $id) { unit { id } } }"
    general = activity.field(call, admin, unit_of, "employee", id=team.director_general.id)
    general = general["unit"]["id"]
    builder = OrgBuilder(call, admin.token)
    hr = builder.give_account(
        builder.person("SDM Bench", team.directorate, reports_to_id=director.position_id)
    )
    builder.grant(hr, "HR", general)

    # June's work, approved in bulk and realised.
    logs = log_month(call, staff, STAFF1_RHK, STAFF1_LOGS)
    bulk = activity.field(
        slow, director, activity.APPROVE_LOGS, "approveLogs", input={"logIds": logs}
    )
    assert all(o["error"] is None for o in bulk["outcomes"]), bulk
    realised(call, director, staff, sum((Decimal(out) for _, out in STAFF1_LOGS), Decimal(0)))

    # June closed for both units.
    for unit in (team.directorate, general):

        def closed(unit: str = unit) -> Any:
            result = activity.field(
                slow,
                hr,
                activity.CLOSE_MONTH,
                "closeMonth",
                input={"unitId": unit, "month": PERIOD},
            )
            return result if result["__typename"] == "MonthClosePayload" else None

        activity.eventually("activity knows HR and the unit", closed)

    # The staff member's June appraisal, rated, acknowledged and finalised.
    appraisal_id = open_appraisal(call, director, staff)
    rate(call, director, appraisal_id, "AS_EXPECTED", "AS_EXPECTED")
    ok(
        call,
        staff,
        appraisal.ACKNOWLEDGE,
        "acknowledgeAppraisal",
        "AppraisalPayload",
        appraisalId=appraisal_id,
    )
    ok(
        call,
        director,
        appraisal.FINALIZE,
        "finalizeAppraisal",
        "AppraisalPayload",
        appraisalId=appraisal_id,
    )

    # The June allowance run, once allowance has the closed month and the finalised appraisal.
    def computed() -> Any:
        result = activity.field(
            slow, hr, COMPUTE, "computeRun", input={"organisationId": general, "month": PERIOD}
        )
        if result["__typename"] != "RunPayload":
            return None
        run = result["run"]
        waiting = [line for line in run["missing"] if not line.startswith("no final appraisal")]
        # "no final appraisal for June 2025: N employees": the staff member's must have arrived.
        unappraised = [
            int(line.rsplit(": ", 1)[1].split()[0])
            for line in run["missing"]
            if line.startswith("no final appraisal")
        ]
        appraised = run["employees"] - sum(unappraised)
        return run if not waiting and appraised >= 1 else None

    run = activity.eventually("allowance has June and the appraisal", computed, seconds=60)
    activity.field(slow, hr, REVIEW, "reviewRun", input={"runId": run["id"]})
    locked = activity.field(
        slow,
        hr,
        LOCK,
        "lockRun",
        input={"runId": run["id"], "overrideReason": "Bench: penilaian lain belum final."},
    )
    assert locked["__typename"] == "RunPayload", locked
    return staff, team


class Direct:
    """Reads the dashboard from the subgraphs themselves, signed as the gateway signs."""

    def __init__(self, http: httpx.AsyncClient, platform: Platform) -> None:
        self.http = http
        self.urls = platform.service_urls
        self.secret = platform.hmac_secret
        self.calls: dict[str, list[float]] = {}  # "service" or "targets (items)" → latencies

    async def _post(self, service: str, query: str, variables: dict[str, Any], token: str) -> Any:
        started = time.perf_counter()
        body = {
            "query": query,
            "variables": variables,
            "extensions": {SIGNATURE_EXTENSION: sign_request(self.secret, query, variables)},
        }
        response = await self.http.post(
            f"{self.urls[service]}/graphql",
            json=body,
            headers={"authorization": f"Bearer {token}"},
        )
        answer = response.json()
        if answer.get("errors"):
            raise RuntimeError(f"{service}: {answer['errors']}")
        label = f"{service} (items)" if query is SKP_ITEMS else service
        self.calls.setdefault(label, []).append(time.perf_counter() - started)
        return answer["data"]

    async def dashboard(self, employee_id: str, token: str) -> dict[str, Any]:
        """The dashboard's `employee`, merged from the subgraphs' answers."""
        employee = dict(
            (await self._post("identity", IDENTITY, {"id": employee_id}, token))["employee"]
        )
        ref = [{"__typename": "Employee", "id": employee_id}]
        v = VARIABLES
        parts = await asyncio.gather(
            self._post("targets", TARGETS, {"r": ref, "on": v["on"]}, token),
            self._post(
                "activity",
                ACTIVITY,
                {"r": ref, "from": v["from"], "to": v["to"], "month": v["month"]},
                token,
            ),
            self._post("appraisal", APPRAISAL, {"r": ref, "period": v["period"]}, token),
            self._post("allowance", ALLOWANCE, {"r": ref, "month": v["month"]}, token),
        )
        for part in parts:
            employee.update(part["_entities"][0])
        nodes = [edge["node"] for edge in employee["activities"]["edges"]]
        items = sorted({node["skpItem"]["id"] for node in nodes if node["skpItem"]})
        if items:
            refs = [{"__typename": "SkpItem", "id": item} for item in items]
            found = (await self._post("targets", SKP_ITEMS, {"r": refs}, token))["_entities"]
            titles = {
                item: (entity or {}).get("title") for item, entity in zip(items, found, strict=True)
            }
            for node in nodes:
                if node["skpItem"]:
                    node["skpItem"] = {**node["skpItem"], "title": titles[node["skpItem"]["id"]]}
        return employee


async def via_gateway(http: httpx.AsyncClient, url: str, employee_id: str, token: str) -> Any:
    """The dashboard's `employee` through the gateway."""
    response = await http.post(
        url,
        json={"query": DASHBOARD, "variables": {"id": employee_id, **VARIABLES}},
        headers={"authorization": f"Bearer {token}"},
    )
    answer = response.json()
    if answer.get("errors"):
        raise RuntimeError(f"gateway: {answer['errors']}")
    return answer["data"]["employee"]


REFRESH = """mutation($input: RefreshTokenInput!) { refreshToken(input: $input) {
  __typename ... on TokenPayload { accessToken refreshToken } } }"""
CHAINS = 8


def tokens(platform: Platform, who: Person, count: int) -> list[str]:
    """`count` distinct access tokens of `who`: CHAINS sign-ins, each rotated with
    `refreshToken` (far cheaper than Argon2 per sign-in) until there are enough."""

    def chain(signed_in: dict[str, Any], length: int) -> list[str]:
        with httpx.Client(timeout=60) as http:
            call = Clients(http, platform.gateway_url, "", "").via_gateway
            minted, refresh = [signed_in["accessToken"]], signed_in["refreshToken"]
            while len(minted) < length:
                body = call(REFRESH, {"input": {"refreshToken": refresh}}, None)
                rotated = body["data"]["refreshToken"]
                assert rotated["__typename"] == "TokenPayload", body
                minted.append(rotated["accessToken"])
                refresh = rotated["refreshToken"]
            return minted

    lengths = [count // CHAINS + (1 if n < count % CHAINS else 0) for n in range(CHAINS)]
    # Sign-ins one after another: identity's throttle refuses a burst of them for one account.
    with httpx.Client(timeout=60) as http:
        call = Clients(http, platform.gateway_url, "", "").via_gateway
        assert who.password is not None
        sessions = [login(call, who.nip, who.password) for _ in range(CHAINS)]
    with ThreadPoolExecutor(CHAINS) as pool:
        return [token for minted in pool.map(chain, sessions, lengths) for token in minted]


def stats(latencies: list[float], wall: float) -> dict[str, float]:
    """Throughput (dashboards/s) and p50/p99 latency in milliseconds."""
    cuts = statistics.quantiles(sorted(latencies), n=100)
    return {
        "requests": len(latencies),
        "throughput_per_s": len(latencies) / wall,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "wall_seconds": wall,
    }


Read = Callable[[str], Awaitable[Any]]


async def timed_reads(read: Read, tokens: list[str], concurrency: int) -> dict[str, float]:
    """One read per token, `concurrency` at a time; the stats."""
    pending = list(tokens)
    latencies: list[float] = []

    async def worker() -> None:
        while pending:
            token = pending.pop()
            started = time.perf_counter()
            await read(token)
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return stats(latencies, time.perf_counter() - began)


async def measure(
    platform: Platform, employee_id: str, pools: dict[str, list[str]], concurrency: int
) -> tuple[dict[str, Any], bool]:
    """Both modes, each over its own tokens; (rows, whether direct equals the gateway)."""
    connections = concurrency * 6
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        direct = Direct(http, platform)

        async def gateway(token: str) -> Any:
            return await via_gateway(http, platform.gateway_url, employee_id, token)

        async def subgraphs(token: str) -> Any:
            return await direct.dashboard(employee_id, token)

        modes: dict[str, Read] = {"gateway": gateway, "subgraphs direct": subgraphs}
        first = {name: await read(pools[name].pop()) for name, read in modes.items()}
        same = first["gateway"] == first["subgraphs direct"]
        rows: dict[str, Any] = {}
        for name, read in modes.items():
            for _ in range(WARMUP):
                await read(pools[name].pop())
            direct.calls.clear()
            rows[name] = await timed_reads(read, pools[name], concurrency)
        rows["subgraphs direct"]["per_subgraph_p50_ms"] = {
            label: statistics.median(latencies) * 1000 for label, latencies in direct.calls.items()
        }
        return rows, same


def run(platform: Platform, *, requests: int, concurrency: int) -> dict[str, Any]:
    """Seed, mint the tokens, measure; the results."""
    console = Console(stderr=True)
    with httpx.Client(timeout=60) as http:
        started = time.perf_counter()
        staff, _ = seed(platform, http)
        seeded = time.perf_counter() - started
    console.print(f"seeded the organisation in {seeded:.1f}s")
    started = time.perf_counter()
    per_mode = requests + WARMUP + 1
    minted = tokens(platform, staff, 2 * per_mode)
    assert len(set(minted)) == len(minted), "tokens repeat"
    pools = {"gateway": minted[:per_mode], "subgraphs direct": minted[per_mode:]}
    console.print(f"signed in {len(minted)} sessions in {time.perf_counter() - started:.1f}s")
    rows, same = asyncio.run(measure(platform, staff.id, pools, concurrency))
    return {
        "benchmark": "dashboard",
        "at": datetime.now(UTC).isoformat(),
        "requests": requests,
        "concurrency": concurrency,
        "unique_tokens": len(minted),
        "seed_seconds": seeded,
        "direct_matches_gateway": same,
        "modes": rows,
    }


def print_table(results: dict[str, Any]) -> None:
    """The results as a small rich table."""
    table = Table(
        title=f"dashboard: {results['requests']} reads per mode, concurrency "
        f"{results['concurrency']}, a token per read"
    )
    for column in ("mode", "reads", "reads/s", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for name, row in results["modes"].items():
        table.add_row(
            name,
            str(row["requests"]),
            f"{row['throughput_per_s']:.1f}",
            f"{row['p50_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
        )
    per = results["modes"]["subgraphs direct"].get("per_subgraph_p50_ms", {})
    table.caption = (
        "direct data equals the gateway's"
        if results["direct_matches_gateway"]
        else "[red]direct data differs from the gateway's[/]"
    ) + ("; direct p50 per call: " + ", ".join(f"{k} {v:.0f} ms" for k, v in per.items()))
    Console().print(table)


def main(argv: list[str]) -> int:
    """`python -m bench dashboard …`."""
    parser = argparse.ArgumentParser(prog="python -m bench dashboard", description=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="reads per mode (default 100)")
    parser.add_argument("--concurrency", type=int, default=8, help="reads in flight")
    args = parser.parse_args(argv)
    if args.requests < 2 or args.concurrency < 1:
        parser.error("need --requests ≥ 2 and --concurrency ≥ 1")
    with (
        tempfile.TemporaryDirectory(prefix="kinerja-bench-") as home,
        started_platform(Path(home)) as platform,
    ):
        results = run(platform, requests=args.requests, concurrency=args.concurrency)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"dashboard-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    Console().print(f"wrote {path}")
    return 0
