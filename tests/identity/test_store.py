"""Store: the migrations build exactly the models, and the named queries find the right rows."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import kinerja.events.tables  # noqa: F401 - registers the kit's tables
from kinerja.db import KitBase, create_engine
from services.identity import service, store
from services.identity.domain import AssignmentKind
from services.identity.store import AuditLogRow, Base, like_prefix
from tests.identity.conftest import NOW
from tests.identity.factories import assign, create_employee, create_position, create_unit


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    metadata: list[MetaData] = [Base.metadata, KitBase.metadata]
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]


async def test_migrations_produce_exactly_the_models(
    identity_db: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
    finally:
        await engine.dispose()


def test_like_prefix_matches_wildcards_literally() -> None:
    assert like_prefix("50%_a\\b") == "50\\%\\_a\\\\b%"


async def test_subtree_pages_in_tree_order(session: AsyncSession) -> None:
    root = await create_unit(session, code="ROOT")
    a = await create_unit(session, code="A", parent_id=root.id)
    await create_unit(session, code="A1", parent_id=a.id)
    other = await create_unit(session, code="OTHER")

    first = await store.list_subtree_page(session, root, first=2, after=None)
    rest = await store.list_subtree_page(session, root, first=2, after=[first[1].path])

    assert [u.code for u in first] == ["ROOT", "A", "A1"]
    assert [u.code for u in rest] == ["A1"]
    assert other.id not in {u.id for u in first}


async def test_reporting_line_walks_up_to_the_top(session: AsyncSession) -> None:
    unit = await create_unit(session)
    head = await create_position(session, unit)
    chief = await create_position(session, unit, reports_to_id=head.id)
    staff = await create_position(session, unit, reports_to_id=chief.id)

    assert sorted(await store.reporting_line(session, staff.id)) == sorted(
        [staff.id, chief.id, head.id]
    )


async def test_employee_search_by_name_word_nip_prefix_and_unit(session: AsyncSession) -> None:
    root = await create_unit(session)
    child = await create_unit(session, parent_id=root.id)
    elsewhere = await create_unit(session)
    budi = await create_employee(session, name="Budi Santoso", nip="198001012005011001")
    sari = await create_employee(session, name="Sari Dewi", nip="198501012010012001")
    await create_employee(session, name="Santi 100%", nip="199001012015012001")
    await assign(session, budi, await create_position(session, child))
    await assign(session, sari, await create_position(session, elsewhere))

    async def names(**kw: object) -> list[str]:
        rows = await store.search_employees_page(
            session,
            day=date(2025, 6, 1),
            first=10,
            after=None,
            **kw,  # type: ignore[arg-type]
        )
        return [row.name for row in rows]

    assert await names(search="san", unit=None) == ["Budi Santoso", "Santi 100%"]
    assert await names(search="1985 0101", unit=None) == ["Sari Dewi"]
    assert await names(search="100%", unit=None) == ["Santi 100%"]
    assert await names(search="s%", unit=None) == []
    assert await names(search=None, unit=root) == ["Budi Santoso"]
    assert await names(search="sari", unit=root) == []


async def test_an_ended_assignment_no_longer_places_an_employee_in_a_unit(
    session: AsyncSession,
) -> None:
    unit = await create_unit(session)
    budi = await create_employee(session, name="Budi")
    row = await assign(session, budi, await create_position(session, unit))
    await service.end_assignment(session, row.id, end=date(2025, 3, 31), now=NOW)

    on_march = await store.search_employees_page(
        session, search=None, unit=unit, day=date(2025, 3, 31), first=5, after=None
    )
    on_april = await store.search_employees_page(
        session, search=None, unit=unit, day=date(2025, 4, 1), first=5, after=None
    )

    assert [e.name for e in on_march] == ["Budi"]
    assert on_april == []


async def test_assignments_active_on_a_day(session: AsyncSession) -> None:
    unit = await create_unit(session)
    position = await create_position(session, unit)
    old = await create_employee(session)
    new = await create_employee(session)
    await assign(session, old, position, end=date(2025, 3, 31))
    await assign(session, new, position, start=date(2025, 4, 1), kind=AssignmentKind.PLT)

    rows = await store.list_assignments_of_positions(session, [position.id], on=date(2025, 4, 1))

    assert [r.employee_id for r in rows] == [new.id]


async def test_the_audit_log_is_append_only(identity_db: async_sessionmaker[AsyncSession]) -> None:
    async with identity_db() as session, session.begin():
        session.add(
            AuditLogRow(
                at=NOW,
                actor_id=None,
                actor_kind="system",
                action="test.write",
                entity_type="Test",
                entity_id="1",
                before=None,
                after={"a": 1},
                reason=None,
                request_id=None,
            )
        )

    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with identity_db() as session, session.begin():
                await session.execute(text(statement))

    async with identity_db() as session:
        assert await session.scalar(select(AuditLogRow.action)) == "test.write"
