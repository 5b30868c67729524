"""Identity's use cases: load via the store, decide with the domain rules, save, add events.

Nothing here commits: the caller (a GraphQL mutation or a consumer) owns the transaction.
"""

from services.identity.service.assignments import (
    NewAssignment,
    assign_employee,
    delete_assignment,
    end_assignment,
)
from services.identity.service.common import KEEP, Keep
from services.identity.service.directory import (
    employee_today,
    position_on,
    subordinates_of,
    supervisor_of,
    unit_on,
)
from services.identity.service.employees import (
    EmployeeChanges,
    NewEmployee,
    create_employee,
    update_employee,
)
from services.identity.service.positions import (
    NewPosition,
    PositionChanges,
    create_position,
    update_position,
)
from services.identity.service.units import (
    NewUnit,
    UnitChanges,
    create_unit,
    move_unit,
    update_unit,
)

__all__ = [
    "KEEP",
    "EmployeeChanges",
    "Keep",
    "NewAssignment",
    "NewEmployee",
    "NewPosition",
    "NewUnit",
    "PositionChanges",
    "UnitChanges",
    "assign_employee",
    "create_employee",
    "create_position",
    "create_unit",
    "delete_assignment",
    "employee_today",
    "end_assignment",
    "move_unit",
    "position_on",
    "subordinates_of",
    "supervisor_of",
    "unit_on",
    "update_employee",
    "update_position",
    "update_unit",
]
