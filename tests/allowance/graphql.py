"""Running real GraphQL operations against allowance's schema, as a given principal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind, Role, RoleGrant
from kinerja.db import create_read_session_factory
from kinerja.graphql import Context
from kinerja.settings import Settings
from services.allowance.schema import schema
from tests.allowance.conftest import NOW

ERRORS = """
    ... on NotFound { __typename message id }
    ... on ValidationFailed { __typename message field }
    ... on Conflict { __typename message }
"""


def employee(subject: str, *grants: tuple[Role, str | None]) -> Principal:
    """An employee signed in, with optional role grants (role, unit or None for everywhere)."""
    return Principal(
        subject=subject,
        kind=PrincipalKind.EMPLOYEE,
        session_id=f"sid-{subject}",
        token_id="jti",
        grants=frozenset(RoleGrant(role, unit) for role, unit in grants),
    )


@dataclass
class Client:
    """Runs operations the way the HTTP endpoint does: one fresh context per request."""

    db: async_sessionmaker[AsyncSession]
    principal: Principal = ANONYMOUS
    now: datetime = NOW

    def as_(self, subject: str, *grants: tuple[Role, str | None]) -> Client:
        """The same client acting as an employee (with optional role grants)."""
        return replace(self, principal=employee(subject, *grants))

    def at(self, now: datetime) -> Client:
        """The same client on another clock."""
        return replace(self, now=now)

    async def run(self, query: str, **variables: Any) -> Any:
        """Execute an operation; the result with data and errors."""
        context = Context(
            settings=Settings(service="allowance"),
            session_factory=self.db,
            principal=self.principal,
            request_id="test",
            clock=lambda: self.now,
            # Like the HTTP app: the policy's directory reads never wait for this request's
            # writer (SQLite's readers begin deferred).
            read_factory=create_read_session_factory(self.db.kw["bind"]),
        )
        return await schema.execute(query, variable_values=variables, context_value=context)

    async def data(self, query: str, **variables: Any) -> Any:
        """Execute an operation that must not fail; its data."""
        result = await self.run(query, **variables)
        assert result.errors is None, result.errors
        return result.data
