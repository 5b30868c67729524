"""Appraisal's subgraph: realisation, appraisals, behaviour, feedback, unit ratings (`schema`)."""

from strawberry.tools import merge_types

from kinerja.graphql import make_schema
from services.appraisal.schema.appraisals import Appraisal, AppraisalMutation, AppraisalQuery
from services.appraisal.schema.entities import Employee, OrgUnit
from services.appraisal.schema.feedback import FeedbackMutation, FeedbackQuery
from services.appraisal.schema.organisation import OrganisationMutation, OrganisationQuery
from services.appraisal.schema.realisation import RealisationMutation, RealisationQuery

Query = merge_types("Query", (AppraisalQuery, FeedbackQuery, OrganisationQuery, RealisationQuery))
Mutation = merge_types(
    "Mutation", (AppraisalMutation, FeedbackMutation, OrganisationMutation, RealisationMutation)
)

schema = make_schema(query=Query, mutation=Mutation, types=[Employee, OrgUnit, Appraisal])

__all__ = ["Mutation", "Query", "schema"]
