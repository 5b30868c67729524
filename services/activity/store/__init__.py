"""Activity's tables and every query against them."""

from services.activity.store import attendance, catalogue, logs, skp_replica
from services.activity.store.attendance import MonthCloseRow, is_month_closed
from services.activity.store.base import Base, UtcDateTime, enum_column, quantity
from services.activity.store.catalogue import StandardActivityRow
from services.activity.store.logs import (
    ActivityLogRow,
    EvidenceRow,
    LogEvidenceRow,
    LogRevocationRow,
    approved_minutes,
    log_days,
)
from services.activity.store.skp_replica import (
    IndicatorReplicaRow,
    SkpItemReplicaRow,
    SkpReplicaRow,
)

__all__ = [
    "ActivityLogRow",
    "Base",
    "EvidenceRow",
    "IndicatorReplicaRow",
    "LogEvidenceRow",
    "LogRevocationRow",
    "MonthCloseRow",
    "SkpItemReplicaRow",
    "SkpReplicaRow",
    "StandardActivityRow",
    "UtcDateTime",
    "approved_minutes",
    "attendance",
    "catalogue",
    "enum_column",
    "is_month_closed",
    "log_days",
    "logs",
    "quantity",
    "skp_replica",
]
