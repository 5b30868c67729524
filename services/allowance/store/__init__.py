"""Allowance's tables (importing this registers them all on `Base.metadata`)."""

from services.allowance.store import audit, hr_data, inputs, runs, tariffs
from services.allowance.store.base import Base

__all__ = ["Base", "audit", "hr_data", "inputs", "runs", "tariffs"]
