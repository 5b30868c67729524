"""Running real GraphQL operations against appraisal's schema, as a given principal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from kinerja.auth import ANONYMOUS, Principal
from services.appraisal.schema import schema as appraisal_schema
from tests.appraisal.conftest import NOW
from tests.fixtures.graphql import ERRORS, SchemaClient, employee

__all__ = ["ERRORS", "Client", "employee"]


@dataclass
class Client(SchemaClient):
    """A client of appraisal's schema; anonymous on the tests' clock unless told otherwise."""

    principal: Principal = ANONYMOUS
    now: datetime = NOW
    schema: ClassVar[Any] = appraisal_schema
    service: ClassVar[str] = "appraisal"
