"""Targets' subgraph schema: the SKP and the work plan (`schema` is what the app serves)."""

from strawberry.tools import merge_types

from kinerja.graphql import make_schema
from services.targets.schema.entities import Employee
from services.targets.schema.plan import OrgUnit, PlanMutation, PlanQuery
from services.targets.schema.skp_mutations import SkpMutation
from services.targets.schema.skp_queries import SkpQuery
from services.targets.schema.skp_types import Indicator, SkpItem

Query = merge_types("Query", (SkpQuery, PlanQuery))
Mutation = merge_types("Mutation", (SkpMutation, PlanMutation))

schema = make_schema(query=Query, mutation=Mutation, types=[Employee, OrgUnit, SkpItem, Indicator])

__all__ = ["Mutation", "Query", "schema"]
