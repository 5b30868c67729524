"""Appraisal's tables (importing this registers them all on `Base.metadata`)."""

from services.appraisal.store import appraisals, organisation, realisation, skp_replica
from services.appraisal.store.base import Base

__all__ = ["Base", "appraisals", "organisation", "realisation", "skp_replica"]
