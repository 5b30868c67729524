"""Activity's subgraph: logs, evidence, verification, attendance, norms (served as `schema`)."""

from strawberry.tools import merge_types

from kinerja.graphql import make_schema
from services.activity.schema.attendance import AttendanceMutation, AttendanceQuery
from services.activity.schema.catalogue import CatalogueMutation, CatalogueQuery
from services.activity.schema.entities import Employee, SkpItem
from services.activity.schema.log_mutations import LogMutation
from services.activity.schema.log_queries import LogQuery

Query = merge_types("Query", (LogQuery, AttendanceQuery, CatalogueQuery))
Mutation = merge_types("Mutation", (LogMutation, AttendanceMutation, CatalogueMutation))

schema = make_schema(query=Query, mutation=Mutation, types=[Employee, SkpItem])

__all__ = ["Mutation", "Query", "schema"]
