"""Running real GraphQL operations against activity's schema, as a given principal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.auth import ANONYMOUS, Principal, PrincipalKind
from kinerja.graphql import Context
from kinerja.settings import Settings
from services.activity.schema import schema

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=UTC)  # Monday 16:00 WIB: the tests' fixed clock

ERRORS = """
    ... on NotFound { __typename message id }
    ... on ValidationFailed { __typename message field }
    ... on Conflict { __typename message }
"""
LOG_FIELDS = """
    id date startTime endTime minutes description skpId indicatorId outputQuantity status
    employee { id } skpItem { id } decidedBy { id } decisionReason
    evidence { evidenceId mediaType sha256 duplicateOf }
    revocations { revokedBy { id } reason revokedAt }
"""


def employee(subject: str) -> Principal:
    """An employee signed in without granted roles."""
    return Principal(
        subject=subject, kind=PrincipalKind.EMPLOYEE, session_id=f"sid-{subject}", token_id="jti"
    )


@dataclass
class Client:
    """Runs operations the way the HTTP endpoint does: one fresh context per request."""

    db: async_sessionmaker[AsyncSession]
    principal: Principal = ANONYMOUS
    now: datetime = NOW

    def as_(self, subject: str) -> Client:
        """The same client acting as an employee."""
        return replace(self, principal=employee(subject))

    async def run(self, query: str, **variables: Any) -> Any:
        """Execute an operation; the result with data and errors."""
        context = Context(
            settings=Settings(service="activity"),
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

    async def mutate(self, name: str, input_: dict[str, Any]) -> dict[str, Any]:
        """Run `name(input)` with the log payload; the result object."""
        input_type = INPUTS.get(name, name[0].upper() + name[1:] + "Input")
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) {{"
            f" __typename ... on LogPayload {{ log {{ {LOG_FIELDS} }} }} {ERRORS} }} }}"
        )
        result: dict[str, Any] = (await self.data(query, input=input_))[name]
        return result


INPUTS = {"rejectLog": "DecideLogInput", "revokeLogApproval": "DecideLogInput"}
