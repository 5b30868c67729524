"""Contract: identity's real events, relayed through a real JetStream, build a service's directory.

Identity runs its real GraphQL mutations on its own database; the outbox relay publishes to a
real nats-server; another service's directory consumer applies them to a second database; the
replica then answers who the supervisor is on a date exactly as identity itself does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import Principal, PrincipalKind, Role, RoleGrant
from kinerja.db import KitBase, create_engine, create_session_factory
from kinerja.directory import replica
from kinerja.directory.tables import DirectoryBase
from kinerja.directory.view import ReplicaDirectory
from kinerja.events.relay import OutboxRelay
from kinerja.events.streams import ensure_service_streams
from kinerja.events.tables import InboxRow, OutboxRow
from kinerja.graphql import Context
from kinerja.migrations import migrate_async
from kinerja.settings import Settings
from services.identity.schema import schema

NOW = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)
# Identity's directory mutations need a caller allowed to change the directory.
SYSTEM_ADMIN = Principal(
    subject="contract-admin",
    kind=PrincipalKind.EMPLOYEE,
    grants=frozenset({RoleGrant(Role.SYSTEM_ADMIN)}),
)


@pytest.fixture
async def identity_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await migrate_async("identity", db_url)
    engine = create_engine(db_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def consumer_db(another_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(another_db_url)
    async with engine.begin() as conn:
        await conn.run_sync(KitBase.metadata.create_all)
        await conn.run_sync(DirectoryBase.metadata.create_all)
    yield create_session_factory(engine)
    await engine.dispose()


class Identity:
    """Drives identity through its public GraphQL operations."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def mutate(self, field: str, payload: str, input_: dict[str, Any]) -> str:
        name = field[0].upper() + field[1:]
        query = (
            f"mutation($input: {name}Input!) {{ {field}(input: $input) {{ __typename "
            f"... on {payload} {{ node: {payload[0].lower() + payload[1:-7]} {{ id }} }} "
            "... on Error { message } } }"
        )
        context = Context(
            settings=Settings(service="identity"),
            session_factory=self.sessions,
            principal=SYSTEM_ADMIN,
            request_id="contract",
            clock=lambda: NOW,
        )
        result = await schema.execute(
            query, variable_values={"input": input_}, context_value=context
        )
        assert result.errors is None, result.errors
        outcome = result.data[field]
        assert outcome["__typename"] == payload, outcome
        return str(outcome["node"]["id"])

    async def unit(self, code: str, parent: str | None, tz: str = "Asia/Jakarta") -> str:
        return await self.mutate(
            "createOrgUnit",
            "OrgUnitPayload",
            {
                "code": code,
                "name": f"Unit {code}",
                "type": "DIRECTORATE" if parent else "MINISTRY",
                "parentId": parent,
                "timeZone": tz,
            },
        )

    async def position(self, unit: str, title: str, reports_to: str | None) -> str:
        return await self.mutate(
            "createPosition",
            "PositionPayload",
            {
                "unitId": unit,
                "title": title,
                "jobType": "PELAKSANA",
                "kelasJabatan": 7,
                "reportsToId": reports_to,
            },
        )

    async def employee(self, nip: str, name: str) -> str:
        return await self.mutate(
            "createEmployee",
            "EmployeePayload",
            {"nip": nip, "name": name, "asnType": "PNS", "status": "PNS"},
        )

    async def assign(
        self,
        employee: str,
        position: str,
        start: str,
        kind: str = "DEFINITIVE",
        end: str | None = None,
    ) -> str:
        return await self.mutate(
            "assignEmployee",
            "AssignmentPayload",
            {
                "employeeId": employee,
                "positionId": position,
                "kind": kind,
                "startDate": start,
                "endDate": end,
            },
        )


async def count(sessions: async_sessionmaker[AsyncSession], model: type[Any]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def replicate(
    identity_db: async_sessionmaker[AsyncSession],
    consumer_db: async_sessionmaker[AsyncSession],
    js: JetStreamContext,
) -> None:
    """Relay identity's outbox and run the directory consumer until every event is applied."""
    await ensure_service_streams(js, "identity")
    relay = OutboxRelay(identity_db, js)
    await relay.drain()
    expected = await count(identity_db, OutboxRow)
    consumer = replica.directory_consumer(
        service="activity", session_factory=consumer_db, js=js, fetch_timeout=0.2
    )
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        async with asyncio.timeout(20):
            while await count(consumer_db, InboxRow) < expected:
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task


async def test_the_replica_answers_supervisor_questions_like_identity(
    identity_db: async_sessionmaker[AsyncSession],
    consumer_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    identity = Identity(identity_db)
    ministry = await identity.unit("KEMEN", None)
    directorate = await identity.unit("DIT", ministry, tz="Asia/Makassar")
    head_post = await identity.position(ministry, "Sekretaris", None)
    director_post = await identity.position(directorate, "Direktur", head_post)
    analyst_post = await identity.position(directorate, "Analis", director_post)
    head = await identity.employee("196608011988031001", "Siti Rahma")
    director = await identity.employee("197001012000011002", "Agus Salim")
    acting = await identity.employee("198005052005022003", "Dewi Lestari")
    analyst = await identity.employee("199002022015031004", "Rudi Hartono")
    await identity.assign(head, head_post, "2025-01-01")
    await identity.assign(director, director_post, "2025-01-01", end="2025-05-31")
    await identity.assign(acting, director_post, "2025-06-01", kind="PLT")
    await identity.assign(analyst, analyst_post, "2025-01-01")

    await replicate(identity_db, consumer_db, jetstream[1])

    async with consumer_db() as session:
        assert await replica.supervisor_of(session, analyst, date(2025, 5, 31)) == director
        assert await replica.supervisor_of(session, analyst, date(2025, 6, 1)) == acting
        assert await replica.supervisor_of(session, director, date(2025, 5, 1)) == head
        assert await replica.subordinates_of(session, head, date(2025, 6, 1)) == [acting]
        entry = await replica.directory_entry(session, analyst, date(2025, 6, 2))
        assert entry is not None
        assert entry.nip == "199002022015031004"
        assert entry.unit_path == (ministry, directorate)
        assert entry.time_zone == "Asia/Makassar"
        assert entry.kelas_jabatan == 7
        assert entry.supervisor_id == acting


async def test_moving_a_unit_moves_its_subtree_in_the_replica(
    identity_db: async_sessionmaker[AsyncSession],
    consumer_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    identity = Identity(identity_db)
    ministry = await identity.unit("KEMEN", None)
    first = await identity.unit("DJ1", ministry)
    second = await identity.unit("DJ2", ministry)
    section = await identity.unit("SEKSI", first)
    await identity.mutate("moveOrgUnit", "OrgUnitPayload", {"id": first, "parentId": second})

    await replicate(identity_db, consumer_db, jetstream[1])

    async with consumer_db() as session:
        assert await replica.unit_path(session, section) == [ministry, second, first, section]
        assert await replica.is_in_subtree(session, section, second)


async def test_the_policy_reads_the_replica_like_identity_reads_its_tables(
    identity_db: async_sessionmaker[AsyncSession],
    consumer_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    identity = Identity(identity_db)
    ministry = await identity.unit("KEMEN", None)
    directorate = await identity.unit("DIT", ministry)
    head_post = await identity.position(ministry, "Sekretaris", None)
    analyst_post = await identity.position(directorate, "Analis", head_post)
    head = await identity.employee("196608011988031001", "Siti Rahma")
    analyst = await identity.employee("199002022015031004", "Rudi Hartono")
    await identity.assign(head, head_post, "2025-01-01")
    await identity.assign(analyst, analyst_post, "2025-01-01")

    await replicate(identity_db, consumer_db, jetstream[1])

    view = ReplicaDirectory(consumer_db)
    day = date(2025, 6, 2)
    assert await view.unit_path_of(analyst, day) == (ministry, directorate)
    assert await view.unit_path_of(analyst, date(2024, 12, 31)) is None
    assert await view.supervisor_of(analyst, day) == head
    assert await view.unit_path(directorate) == (ministry, directorate)
    assert await view.unit_path("no-such-unit") is None
