"""Targets' SKP use cases: load via the store, decide with the domain rules, save, add events.

Nothing here commits: the caller (a GraphQL mutation or a consumer) owns the transaction.
"""

from services.targets.service.common import IdFactory, found, new_uuid
from services.targets.service.review import (
    approve_skp,
    compare,
    return_skp,
    revise_skp,
    submit_skp,
)
from services.targets.service.skp import (
    NewSkp,
    RhkInput,
    add_indicator,
    add_pp46_activity,
    add_rhk,
    copy_skp,
    create_skp,
    remove_rhk,
    update_indicator,
    update_rhk,
)

__all__ = [
    "IdFactory",
    "NewSkp",
    "RhkInput",
    "add_indicator",
    "add_pp46_activity",
    "add_rhk",
    "approve_skp",
    "compare",
    "copy_skp",
    "create_skp",
    "found",
    "new_uuid",
    "remove_rhk",
    "return_skp",
    "revise_skp",
    "submit_skp",
    "update_indicator",
    "update_rhk",
]
