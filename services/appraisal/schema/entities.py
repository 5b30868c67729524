"""`Employee` and `OrgUnit` (owned by identity) extended with what appraisal knows of them."""

from __future__ import annotations

import strawberry

from services.appraisal.schema.appraisals import EmployeeAppraisalFields
from services.appraisal.schema.organisation import OrgUnitPerformanceFields
from services.appraisal.schema.realisation import EmployeeRealisationFields


@strawberry.federation.type(keys=["id"], description="An employee (owned by identity).")
class Employee(EmployeeAppraisalFields, EmployeeRealisationFields):
    """An employee as appraisal knows them: appraisals, realisation, feedback."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Employee:
        """A stub: each field asks the policy before it answers."""
        return cls(id=id)


@strawberry.federation.type(keys=["id"], description="An org unit (owned by identity).")
class OrgUnit(OrgUnitPerformanceFields):
    """An org unit as appraisal knows it: its rating and performance roll-up."""

    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> OrgUnit:
        """A stub: each field asks the policy before it answers."""
        return cls(id=id)
