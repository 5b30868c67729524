# mypy: disable-error-code="untyped-decorator"
# (strawberry.field with arguments is untyped to mypy; the resolvers themselves are typed)
"""Read side of access: `me`, the audit log and the signing keys."""

from __future__ import annotations

import strawberry

from kinerja.auth import Role
from kinerja.graphql import Connection, Info, build_connection, decode_cursor, validate_page_size
from services.identity import store
from services.identity.domain import KeyStatus
from services.identity.schema import guard
from services.identity.schema.access_types import AuditEntry, Me, RoleGrant, SigningKey
from services.identity.schema.types import Employee


@strawberry.type
class AccessQuery:
    """Identity's access queries."""

    @strawberry.field(description="The signed-in employee (also while a password change is due).")
    async def me(self, info: Info) -> Me | None:
        """The caller's employee record, roles and whether the password must change."""
        employee_id = guard.signed_in_employee(info)
        if employee_id is None:
            return None
        async with info.context.read() as session:
            employee = await store.get_employee(session, employee_id)
            account = await store.get_account_of_employee(session, employee_id)
            grants = await store.list_active_grants(session, employee_id)
        if employee is None or account is None:
            return None
        return Me(
            employee=Employee.from_row(employee),
            roles=[RoleGrant.from_row(grant) for grant in grants],
            must_change_password=account.must_change_password,
        )

    @strawberry.field(description="Recorded changes, oldest first (AUDITOR, SYSTEM_ADMIN).")
    async def audit_log(
        self,
        info: Info,
        entity_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        """A page of the audit log, of one entity or all."""
        size = validate_page_size(first)
        if not guard.holds(info, Role.AUDITOR, Role.SYSTEM_ADMIN):
            return build_connection([], first=size, cursor_of=list, node_of=AuditEntry.from_row)
        async with info.context.read() as session:
            rows = await store.list_audit_page(
                session,
                entity_id=None if entity_id is None else str(entity_id),
                first=size,
                after=decode_cursor(after),
            )
        return build_connection(
            rows, first=size, cursor_of=lambda r: [r.id], node_of=AuditEntry.from_row, after=after
        )

    @strawberry.field(description="Every token-signing key, newest first (SYSTEM_ADMIN).")
    async def signing_keys(self, info: Info) -> list[SigningKey]:
        """The signing keys with their status (public parts only)."""
        if not guard.holds(info, Role.SYSTEM_ADMIN):
            return []
        async with info.context.read() as session:
            rows = await store.list_keys(session, list(KeyStatus))
        return [SigningKey.from_row(row) for row in rows]
