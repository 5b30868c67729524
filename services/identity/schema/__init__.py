"""Identity's subgraph schema: the organisation directory (`schema` is what the app serves)."""

from kinerja.graphql import make_schema
from services.identity.schema.mutations import Mutation
from services.identity.schema.queries import Query
from services.identity.schema.types import Assignment, Employee, OrgUnit, Position

schema = make_schema(
    query=Query, mutation=Mutation, types=[OrgUnit, Employee, Position, Assignment]
)

__all__ = ["schema"]
