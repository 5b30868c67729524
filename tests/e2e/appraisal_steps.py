"""Appraisal operations through the real gateway, for the appraisal journey.

GraphQL documents for realisation, the appraisal workflow, unit ratings and the roll-up (the
APPRAISAL stream is read with `activity_steps.read_stream`).
"""

from __future__ import annotations

APPRAISAL_STREAM = "APPRAISAL"
FINALIZED = "appraisal.appraisal.finalized.v1"
UNIT_RATED = "appraisal.unit.rated.v1"
BERAKHLAK = (
    "BERORIENTASI_PELAYANAN",
    "AKUNTABEL",
    "KOMPETEN",
    "HARMONIS",
    "LOYAL",
    "ADAPTIF",
    "KOLABORATIF",
)

ERRORS = """
    ... on NotFound { message }
    ... on ValidationFailed { field message }
    ... on Conflict { message }
"""
APPRAISAL = """
    id period status regime predicate resultsRating behaviourRating resultsFollowUnit
    objectionDeadline missing employee { id } appraiser { id }
    indicatorResults { indicatorId name target realisation achievement }
    objection { reason upheld decisionNote decidedBy { id } }
"""
REALISATION = """
query($id: ID!, $period: String!) {
  employee(id: $id) {
    name
    realisation(period: $period) {
      indicatorId name periodTarget periodTotal months { month target fromLogs total }
    }
  }
}
"""
EMPLOYEE_APPRAISAL = f"""
query($id: ID!, $period: String!) {{
  employee(id: $id) {{ name appraisal(period: $period) {{ {APPRAISAL} }} }}
}}
"""
PENDING_OBJECTIONS = f"""
query {{ pendingObjections {{ edges {{ node {{ {APPRAISAL} }} }} }} }}
"""
PERFORMANCE = """
query($id: ID!, $period: String!) {
  orgUnit(id: $id) {
    name
    performance(period: $period) {
      unitId period rating { rating ratedBy revision }
      own { appraisals finalized pending byPredicate { predicate count } }
      subtree { appraisals }
      violations { predicates count total percent message }
    }
  }
}
"""


def appraisal_mutation(name: str, input_type: str) -> str:
    """A workflow mutation answering the appraisal (or a typed error)."""
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename ... on AppraisalPayload {{ appraisal {{ {APPRAISAL} }} }} {ERRORS}
  }}
}}
"""


OPEN = appraisal_mutation("openAppraisal", "OpenAppraisalInput")
SELF_ASSESS = appraisal_mutation("submitSelfAssessment", "SubmitSelfAssessmentInput")
RATE = appraisal_mutation("rateAppraisal", "RateAppraisalInput")
ACKNOWLEDGE = appraisal_mutation("acknowledgeAppraisal", "AppraisalInput")
OBJECT = appraisal_mutation("objectToAppraisal", "ObjectToAppraisalInput")
DECIDE = appraisal_mutation("decideObjection", "DecideObjectionInput")
FINALIZE = appraisal_mutation("finalizeAppraisal", "AppraisalInput")
RATE_BEHAVIOUR = f"""
mutation($input: RateBehaviourInput!) {{
  rateBehaviour(input: $input) {{
    __typename ... on RateBehaviourPayload {{ ratings {{ aspect level }} }} {ERRORS}
  }}
}}
"""
RATE_UNIT = f"""
mutation($input: RateUnitInput!) {{
  rateUnit(input: $input) {{
    __typename ... on RateUnitPayload {{ unitRating {{ id unitId period rating revision }} }}
    {ERRORS}
  }}
}}
"""
ADD_FEEDBACK = f"""
mutation($input: AddFeedbackNoteInput!) {{
  addFeedbackNote(input: $input) {{
    __typename ... on FeedbackNotePayload {{ note {{ id body }} }} {ERRORS}
  }}
}}
"""
REVOKE_LOG = f"""
mutation($input: DecideLogInput!) {{
  revokeLogApproval(input: $input) {{
    __typename ... on LogPayload {{ log {{ id status }} }} {ERRORS}
  }}
}}
"""


def behaviour(level: str) -> list[dict[str, str]]:
    """The seven BerAKHLAK values, all at one level."""
    return [{"aspect": aspect, "level": level} for aspect in BERAKHLAK]
