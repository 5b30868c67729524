"""`Employee` (owned by identity) extended with the employee's allowance payments."""

from __future__ import annotations

import strawberry

from services.allowance.schema.payments import EmployeeAllowanceFields


@strawberry.federation.type(keys=["id"], description="An employee (owned by identity).")
class Employee(EmployeeAllowanceFields):
    """An employee as allowance knows them: their payments, each explained line by line."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Employee:
        """A stub: each field asks the policy before it answers."""
        return cls(id=id)
