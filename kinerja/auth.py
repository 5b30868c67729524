"""Who is calling: the one place where a request's principal is resolved.

The accounts-and-tokens work fills `resolve_principal` in (token validation, roles); until then
every request runs as the anonymous principal and the policy is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from kinerja.settings import Settings


@dataclass(frozen=True)
class Principal:
    """The caller: an employee, a service account, or nobody."""

    subject: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def authenticated(self) -> bool:
        """True when a subject was established."""
        return self.subject is not None


ANONYMOUS = Principal()


async def resolve_principal(conn: HTTPConnection, settings: Settings) -> Principal:
    """The principal behind a request (anonymous until tokens exist)."""
    del conn, settings
    return ANONYMOUS
