"""`kinerja audit verify allowance`: walk the allowance audit log's hash chain and report.

Reads only: the database is opened from the settings, the chain verified from its first row,
and the first broken link (a changed, removed or reordered row) reported by its sequence number.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import DBAPIError

from kinerja.db import create_engine, create_session_factory
from kinerja.settings import Settings
from services.allowance.service.audit import Verification, verify


async def verify_chain(url: str) -> Verification:
    """Verify the audit chain of the allowance database at `url`."""
    engine = create_engine(url, pooled=False)
    try:
        async with create_session_factory(engine)() as session:
            return await verify(session)
    finally:
        await engine.dispose()


def describe(result: Verification) -> str:
    """The one-line report of a verification."""
    if result.ok:
        return f"allowance audit chain: {result.rows} rows, intact"
    return (
        f"allowance audit chain: broken at row {result.broken_at}: {result.problem} "
        f"({result.rows} rows intact before it)"
    )


def verify_allowance(settings: Settings) -> int:
    """Verify the chain of the configured allowance database, print the result; the exit code
    (0 intact, 1 broken or unreadable)."""
    try:
        result = asyncio.run(verify_chain(settings.database_url("allowance")))
    except DBAPIError as exc:
        print(f"allowance audit chain: cannot read the audit log ({exc.orig!r})")
        return 1
    print(describe(result))
    return 0 if result.ok else 1
