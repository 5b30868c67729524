"""Allowance's subgraph: tariffs, rule sets, HR data, runs, payments (served as `schema`)."""

from strawberry.tools import merge_types

from kinerja.graphql import make_schema
from services.allowance.schema.entities import Employee
from services.allowance.schema.hr_data import HrDataMutation, HrDataQuery
from services.allowance.schema.rules import AllowanceRulesMutation, AllowanceRulesQuery
from services.allowance.schema.runs import AllowanceRun, RunMutation, RunQuery
from services.allowance.schema.tariffs import TariffMutation, TariffQuery

Query = merge_types("Query", (RunQuery, TariffQuery, AllowanceRulesQuery, HrDataQuery))
Mutation = merge_types(
    "Mutation", (RunMutation, TariffMutation, AllowanceRulesMutation, HrDataMutation)
)

schema = make_schema(query=Query, mutation=Mutation, types=[Employee, AllowanceRun])

__all__ = ["Mutation", "Query", "schema"]
