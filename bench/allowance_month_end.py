"""The allowance month-end run for a generated organisation, against one set-based SQL statement.

`python -m bench allowance [--employees N] [--database-url URL]`

Generates, straight into a fresh allowance database (PostgreSQL; default the machine's server,
or KINERJA_BENCH_POSTGRES_URL), an organisation of N employees (default 100,000) as the
allowance's read models hold it: a ministry with 20 units, one position each (kelas 1–17),
statuses (PNS, ~4 % CPNS, ~1 % CLTN), March 2026 closed for everyone with TL/PSW counts and
unexcused absences, and a finalised March appraisal for ~90 % of them. Then it times:

1. the service's month-end run (`compute_run`: gathering inputs, computing every payment with
   its explanation lines, storing payments, digests and the audit row), with the process's
   resident memory before it and at its peak (the population is generated inside PostgreSQL,
   so the peak is the run's);
2. the same arithmetic (tariff, CPNS share, performance factor, TL/PSW/absence deductions with
   the cap, rounding half-up per line) as ONE set-based `INSERT … SELECT` on the same database.

It checks that both give the same grand total, prints a table, and writes the numbers as JSON
to bench/results/allowance-<timestamp>.json. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.db import create_engine, create_session_factory
from kinerja.directory.tables import (
    DirectoryUnit,
)
from kinerja.migrations import migrate_async
from tests.fixtures.db import create_postgres_database, drop_postgres_database

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
MONTH = date(2026, 3, 1)
UNITS = 20
CHUNK = 5000
BANDS = ("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4")
PREDICATES = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
NOW = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc (VmRSS: now, VmHWM: the peak so far), KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


# The population, generated inside PostgreSQL (so the Python process measured below holds only
# what the run itself needs), deterministically: every random draw is a hash of the row number
# and the seed.
DRAW = (
    "(('x' || substr(md5(:seed || '-' || {salt} || '-' || n), 1, 8))::bit(32)::bigint"
    " / 4294967296.0)"
)
GENERATE = (
    """
INSERT INTO directory_position
  (id, unit_id, title, job_type, kelas_jabatan, reports_to_id, active, version)
SELECT md5('p' || :seed || n::text)::uuid::text, {unit}, 'Jabatan ' || n,
       'PELAKSANA', 1 + floor({kelas} * 17)::int, NULL, true, 1
FROM generate_series(0, :employees - 1) n
""",
    """
INSERT INTO directory_employee (id, nip, name, asn_type, status, version)
SELECT md5('e' || :seed || n::text)::uuid::text, (198001012005000000 + n)::text,
       'Pegawai ' || n, 'PNS',
       CASE WHEN {status} < 0.01 THEN 'CLTN' WHEN {status} < 0.05 THEN 'CPNS' ELSE 'PNS' END, 1
FROM generate_series(0, :employees - 1) n
""",
    """
INSERT INTO directory_assignment
  (id, employee_id, position_id, kind, start_date, end_date, deleted, version)
SELECT md5('a' || :seed || n::text)::uuid::text, md5('e' || :seed || n::text)::uuid::text,
       md5('p' || :seed || n::text)::uuid::text, 'DEFINITIVE', DATE '2024-01-01', NULL, false, 1
FROM generate_series(0, :employees - 1) n
""",
    """
INSERT INTO month_summary
  (employee_id, unit_id, month, revision, withdrawn, working_days, present_days, tl, psw,
   tl_minutes, psw_minutes, unexcused_days, leave_days, official_duty_days, effective_minutes,
   closed_at, event_id)
SELECT md5('e' || :seed || n::text)::uuid::text, {unit}, :month, 1, false, 22,
       22, json_build_object('TL1', {b1}, 'TL2', {b2}, 'TL3', {b3}, 'TL4', {b4})::text,
       json_build_object('PSW1', {b5}, 'PSW2', {b6}, 'PSW3', {b7}, 'PSW4', {b8})::text, 0, 0,
       (ARRAY[0, 0, 0, 0, 1, 2, 12])[1 + floor({absent} * 7)::int], '{{}}', 0, 6750, :now,
       md5('s' || :seed || n::text)
FROM generate_series(0, :employees - 1) n
""",
    """
INSERT INTO appraisal_result
  (appraisal_id, employee_id, unit_id, period, period_start, period_end, kind, predicate,
   finalized_at, event_id)
SELECT md5('r' || :seed || n::text)::uuid::text, md5('e' || :seed || n::text)::uuid::text,
       {unit}, '2026-03', :month, DATE '2026-03-31', 'PERIODIC',
       (ARRAY['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'])
         [1 + floor({predicate} * 5)::int], :now, md5('f' || :seed || n::text)
FROM generate_series(0, :employees - 1) n
WHERE {appraised} < 0.9
""",
)


def _band(salt: str) -> str:
    # 40 % of people have the band at all; then 0, 0, 0, 1, 2 or 3 times.
    return (
        f"CASE WHEN {DRAW.format(salt=repr(salt + 'a'))} < 0.4 THEN "
        f"(ARRAY[0, 0, 0, 1, 2, 3])[1 + floor({DRAW.format(salt=repr(salt + 'b'))} * 6)::int] "
        "ELSE 0 END"
    )


def _statements() -> list[str]:
    draws = {name: DRAW.format(salt=repr(name)) for name in ("kelas", "status", "absent")}
    draws |= {"predicate": DRAW.format(salt="'predicate'"), "appraised": DRAW.format(salt="'ok'")}
    draws |= {f"b{n}": _band(band) for n, band in enumerate(BANDS, start=1)}
    draws["unit"] = "(CAST(:units AS text[]))[1 + n % :unit_count]"
    return [statement.format(**draws) for statement in GENERATE]


async def generate(sessions: async_sessionmaker[AsyncSession], employees: int, seed: int) -> str:
    """The organisation of the module docstring; returns the top unit's id."""
    root = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kinerja-bench-{seed}"))
    units = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"kinerja-bench-{seed}-{n}")) for n in range(UNITS)]
    unit_rows = [
        {
            "id": unit,
            "code": "ROOT" if unit == root else f"U{n:02d}",
            "name": "Kementerian" if unit == root else f"Balai {n:02d}",
            "type": "MINISTRY" if unit == root else "UPT",
            "parent_id": None if unit == root else root,
            "path": json.dumps([root] if unit == root else [root, unit]),
            "time_zone": "Asia/Jakarta",
            "active": True,
            "version": 1,
        }
        for n, unit in enumerate([root, *units])
    ]
    params = {
        "seed": str(seed),
        "units": units,
        "unit_count": UNITS,
        "employees": employees,
        "month": MONTH,
        "now": NOW,
    }
    async with sessions() as session, session.begin():
        await session.execute(insert(DirectoryUnit), unit_rows)
        for statement in _statements():
            await session.execute(text(statement), params)
    return root


# The same arithmetic as services/allowance/domain/payment.py under DEFAULT_RULES, for this
# population (one position for the whole month, no leave, sanctions or profession allowance):
# entitled = tariff − round(20 % of it) for a CPNS; performance cut = round(entitled × 60 % ×
# (100 − factor) %); each band and the unexcused days deduct round(entitled × count × %), all
# together at most round(entitled × 40 %); never below zero; CLTN is not paid.
SET_BASED = """
INSERT INTO bench_payment (employee_id, total)
WITH base AS (
  SELECT e.id AS employee_id, e.status, t.amount AS gross, s.tl::jsonb AS tl,
         s.psw::jsonb AS psw, s.unexcused_days, r.predicate
  FROM directory_employee e
  JOIN directory_assignment a ON a.employee_id = e.id AND NOT a.deleted
  JOIN directory_position p ON p.id = a.position_id
  JOIN tariff_amount t ON t.version_id = :version AND t.kelas = p.kelas_jabatan
  JOIN month_summary s ON s.employee_id = e.id AND s.month = :month AND NOT s.withdrawn
  LEFT JOIN appraisal_result r
    ON r.employee_id = e.id AND r.period = :period AND r.kind = 'PERIODIC'
  WHERE e.status <> 'CLTN'
), entitled AS (
  SELECT *, gross - CASE WHEN status = 'CPNS' THEN ROUND(gross * 0.20) ELSE 0 END AS e
  FROM base
), figures AS (
  SELECT employee_id, e,
    ROUND(e * 0.60 * (100 - CASE predicate
      WHEN 'SANGAT_BAIK' THEN 100 WHEN 'BAIK' THEN 100 WHEN 'BUTUH_PERBAIKAN' THEN 80
      WHEN 'KURANG' THEN 60 WHEN 'SANGAT_KURANG' THEN 40 ELSE 65 END) / 100) AS performance_cut,
    ROUND(e * 0.40) AS discipline,
    ROUND(e * (tl->>'TL1')::int * 0.005) + ROUND(e * (tl->>'TL2')::int * 0.01)
      + ROUND(e * (tl->>'TL3')::int * 0.0125) + ROUND(e * (tl->>'TL4')::int * 0.015)
      + ROUND(e * (psw->>'PSW1')::int * 0.005) + ROUND(e * (psw->>'PSW2')::int * 0.01)
      + ROUND(e * (psw->>'PSW3')::int * 0.0125) + ROUND(e * (psw->>'PSW4')::int * 0.015)
      + ROUND(e * unexcused_days * 0.03) AS deductions
  FROM entitled
)
SELECT employee_id, GREATEST(0, e - performance_cut - LEAST(deductions, discipline))::bigint
FROM figures
"""


async def set_based(
    sessions: async_sessionmaker[AsyncSession], version_id: str
) -> tuple[float, int]:
    """Seconds for the one statement, and its grand total."""
    async with sessions() as session, session.begin():
        await session.execute(
            text("CREATE TEMP TABLE bench_payment (employee_id text, total bigint)")
        )
        started = time.perf_counter()
        await session.execute(
            text(SET_BASED), {"version": version_id, "month": MONTH, "period": "2026-03"}
        )
        seconds = time.perf_counter() - started
        total = await session.scalar(text("SELECT COALESCE(SUM(total), 0) FROM bench_payment"))
    return seconds, int(total or 0)


async def service_run(
    sessions: async_sessionmaker[AsyncSession], organisation_id: str
) -> dict[str, Any]:
    """The service's month-end run: seconds, peak memory, grand total, employees, tariff version."""
    from services.allowance.service.runs import compute_run

    baseline = _status_kb("VmRSS")
    started = time.perf_counter()
    async with sessions() as session, session.begin():
        run = await compute_run(session, organisation_id, MONTH, actor_id="bench", now=NOW)
        figures = {
            "total": int(run.total),
            "employees": int(run.employees),
            "tariff_version_id": run.tariff_version_id,
        }
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    return figures | {
        "seconds": seconds,
        "rss_before_mib": baseline / 1024,
        "peak_rss_mib": peak / 1024,
    }


async def bench(url: str, employees: int, seed: int) -> dict[str, Any]:
    """Generate, run both ways, compare; the numbers."""
    database = await create_postgres_database(url)
    try:
        await migrate_async("allowance", database)
        engine = create_engine(database)
        sessions = create_session_factory(engine)
        try:
            started = time.perf_counter()
            organisation = await generate(sessions, employees, seed)
            generated = time.perf_counter() - started
            service = await service_run(sessions, organisation)
            sql_seconds, sql_total = await set_based(sessions, service["tariff_version_id"])
        finally:
            await engine.dispose()
    finally:
        await drop_postgres_database(url, database)
    return {
        "employees": employees,
        "month": MONTH.strftime("%Y-%m"),
        "generate_seconds": round(generated, 2),
        "service_seconds": round(service["seconds"], 2),
        "rss_before_run_mib": round(service["rss_before_mib"], 1),
        "peak_rss_mib": round(service["peak_rss_mib"], 1),
        "service_paid_employees": service["employees"],
        "service_total_rupiah": service["total"],
        "sql_seconds": round(sql_seconds, 3),
        "sql_total_rupiah": sql_total,
        "same_total": service["total"] == sql_total,
        "ratio_service_to_sql": round(service["seconds"] / sql_seconds, 1) if sql_seconds else None,
    }


def print_table(results: dict[str, Any]) -> None:
    """The numbers as a small table."""
    table = Table(title=f"allowance month-end run, {results['employees']:,} employees")
    table.add_column("way")
    table.add_column("seconds", justify="right")
    table.add_column("peak memory", justify="right")
    table.add_column("grand total (Rp)", justify="right")
    table.add_row(
        "service (compute_run)",
        f"{results['service_seconds']:.2f}",
        f"{results['peak_rss_mib']:.0f} MiB RSS (from {results['rss_before_run_mib']:.0f})",
        f"{results['service_total_rupiah']:,}",
    )
    table.add_row(
        "one set-based SQL statement",
        f"{results['sql_seconds']:.3f}",
        "(in PostgreSQL)",
        f"{results['sql_total_rupiah']:,}",
    )
    Console().print(table)
    Console().print(
        f"ratio service/SQL: {results['ratio_service_to_sql']}×; "
        f"same grand total: {results['same_total']}"
    )


def main(argv: list[str]) -> int:
    """`python -m bench allowance …`."""
    parser = argparse.ArgumentParser(prog="python -m bench allowance", description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KINERJA_BENCH_POSTGRES_URL", DEFAULT_URL),
        help="a PostgreSQL server URL (a scratch database is created and dropped there)",
    )
    args = parser.parse_args(argv)
    if args.employees < 1:
        parser.error("--employees must be at least 1")
    results = asyncio.run(bench(args.database_url, args.employees, args.seed))
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"allowance-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    Console().print(f"wrote {path}")
    return 0 if results["same_total"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
