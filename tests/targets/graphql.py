"""Running real GraphQL operations against targets' schema, as a given principal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind, Role, RoleGrant
from kinerja.graphql import Context
from kinerja.settings import Settings
from services.targets.schema import schema
from services.targets.store import ActivityRow, IndicatorRow, MonthlyTargetRow, RhkRow, SkpRow
from tests.targets.conftest import NOW
from tests.targets.factories import count_rows, outbox_count

Sessions = async_sessionmaker[AsyncSession]
TABLES = (SkpRow, RhkRow, IndicatorRow, MonthlyTargetRow, ActivityRow)


def employee_principal(subject: str, *grants: RoleGrant) -> Principal:
    """An employee signed in with `grants` (what a verified token would give)."""
    return Principal(
        subject=subject,
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset(grants),
        session_id=f"sid-{subject}",
        token_id="jti",
    )


def hr_principal(subject: str, unit_id: str | None) -> Principal:
    """An HR officer for a unit subtree (or everywhere)."""
    return employee_principal(subject, RoleGrant(Role.HR, unit_id))


@dataclass
class Client:
    """Runs operations the way the HTTP endpoint does: one fresh context per request."""

    db: Sessions
    principal: Principal = ANONYMOUS
    now: datetime = NOW

    def as_(self, subject: str | Principal) -> Client:
        """The same client acting as an employee (by id) or another principal."""
        principal = employee_principal(subject) if isinstance(subject, str) else subject
        return replace(self, principal=principal)

    def at(self, now: datetime) -> Client:
        """The same client at another moment."""
        return replace(self, now=now)

    async def run(self, query: str, **variables: Any) -> Any:
        """Execute an operation; the result with data and errors."""
        context = Context(
            settings=Settings(service="targets"),
            session_factory=self.db,
            principal=self.principal,
            request_id="test",
            clock=lambda: self.now,
        )
        return await schema.execute(query, variable_values=variables, context_value=context)

    async def data(self, query: str, **variables: Any) -> Any:
        """Execute an operation that must not fail; its data."""
        result = await self.run(query, **variables)
        assert result.errors is None, result.errors
        return result.data

    async def totals(self) -> tuple[int, ...]:
        """Row counts of the SKP tables and the outbox."""
        async with self.db() as session:
            return (*[await count_rows(session, t) for t in TABLES], await outbox_count(session))
