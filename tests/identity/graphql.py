"""Running real GraphQL operations against identity's schema, as a given principal."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind, Role, RoleGrant
from kinerja.graphql import Context
from kinerja.settings import Settings
from services.identity.schema import schema
from services.identity.schema.guard import DEPS_KEY
from services.identity.service.deps import AccessDeps
from services.identity.store import (
    AccountRow,
    AssignmentRow,
    AuditLogRow,
    EmployeeRow,
    OrgUnitRow,
    PositionRow,
    RoleGrantRow,
)
from tests.identity.conftest import NOW
from tests.identity.factories import count_rows, outbox_count

Sessions = async_sessionmaker[AsyncSession]
ADMIN_ID = "00000000-0000-4000-8000-00000000ad01"  # a SYSTEM_ADMIN who is not in the directory
TABLES = (OrgUnitRow, PositionRow, EmployeeRow, AssignmentRow, AccountRow, RoleGrantRow)
EMPTY = (0, 0, 0, 0, 0, 0, 0, 0)  # units, positions, employees, assignments, accounts, grants,
# outbox rows, audit rows


def employee_principal(subject: str, *grants: RoleGrant, pwd_change: bool = False) -> Principal:
    """An employee signed in with `grants` (what a verified token would give)."""
    return Principal(
        subject=subject,
        kind=PrincipalKind.EMPLOYEE,
        grants=frozenset(grants),
        session_id=f"sid-{subject}",
        token_id="jti",
        must_change_password=pwd_change,
    )


ADMIN = employee_principal(ADMIN_ID, RoleGrant(Role.SYSTEM_ADMIN))


@dataclass
class Client:
    """Runs operations the way the HTTP endpoint does: one fresh context per request."""

    db: Sessions
    access: AccessDeps | None = None
    principal: Principal = ADMIN
    now: datetime = NOW
    extras: dict[str, Any] = field(default_factory=dict)

    def as_(self, principal: Principal) -> Client:
        """The same client acting as another principal."""
        return replace(self, principal=principal)

    def anonymous(self) -> Client:
        """The same client without a token."""
        return self.as_(ANONYMOUS)

    async def run(self, query: str, **variables: Any) -> Any:
        extras: dict[str, Any] = {**self.extras}
        if self.access is not None:
            extras[DEPS_KEY] = self.access
        context = Context(
            settings=Settings(service="identity"),
            session_factory=self.db,
            principal=self.principal,
            request_id="test",
            extras=extras,
            clock=lambda: self.now,
        )
        return await schema.execute(query, variable_values=variables, context_value=context)

    async def data(self, query: str, **variables: Any) -> Any:
        result = await self.run(query, **variables)
        assert result.errors is None, result.errors
        return result.data

    async def totals(self) -> tuple[int, ...]:
        """Row counts of every table a change may touch (see EMPTY for the order)."""
        async with self.db() as session:
            rows = [await count_rows(session, t) for t in TABLES]
            return (*rows, await outbox_count(session), await count_rows(session, AuditLogRow))
