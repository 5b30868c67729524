"""Identity's subgraph schema: the directory and access (`schema` is what the app serves)."""

from strawberry.tools import merge_types

from kinerja.graphql import make_schema
from services.identity.schema.access_mutations import AccessMutation
from services.identity.schema.access_queries import AccessQuery
from services.identity.schema.access_types import LoginFailed
from services.identity.schema.auth_mutations import AuthMutation
from services.identity.schema.mutations import Mutation as DirectoryMutation
from services.identity.schema.queries import Query as DirectoryQuery
from services.identity.schema.types import Assignment, Employee, OrgUnit, Position

Query = merge_types("Query", (DirectoryQuery, AccessQuery))
Mutation = merge_types("Mutation", (AuthMutation, DirectoryMutation, AccessMutation))

schema = make_schema(
    query=Query,
    mutation=Mutation,
    types=[OrgUnit, Employee, Position, Assignment, LoginFailed],
)

__all__ = ["schema"]
