"""The GraphQL operations the SKP tests run (the same text a client would send)."""

ERRORS = """
    ... on NotFound { __typename message id }
    ... on ValidationFailed { __typename message field }
    ... on Conflict { __typename message }
"""

INDICATOR_FIELDS = """
    id name targetValue unit direction additive monthlyTargets { month target } skpItem { id }
"""

SKP_FIELDS = f"""
    id employee {{ id }} periodStart periodEnd regime status version appraiser {{ id }} note
    submittedAt approvedAt superseded revisionReason
    items {{
        id kind title parentRhkId planOutputId unitIndicatorId
        indicators {{ {INDICATOR_FIELDS} }}
    }}
    activities {{
        id title quantityTarget quantityUnit qualityTarget timeTargetMonths
        costTarget {{ amount currency }}
    }}
    history {{ id version status }}
"""

CREATE_SKP = f"""
mutation($input: CreateSkpInput!) {{
  createSkp(input: $input) {{ __typename ... on SkpPayload {{ skp {{ {SKP_FIELDS} }} }} {ERRORS} }}
}}"""

COPY_SKP = f"""
mutation($input: CopySkpInput!) {{
  copySkp(input: $input) {{ __typename ... on SkpPayload {{ skp {{ {SKP_FIELDS} }} }} {ERRORS} }}
}}"""

ADD_RHK = f"""
mutation($input: AddRhkInput!) {{
  addRhk(input: $input) {{
    __typename
    ... on RhkPayload {{ rhk {{ id kind title parentRhkId planOutputId unitIndicatorId
                              parent {{ id title }} indicators {{ id }} }} }}
    {ERRORS}
  }}
}}"""

UPDATE_RHK = f"""
mutation($input: UpdateRhkInput!) {{
  updateRhk(input: $input) {{
    __typename ... on RhkPayload {{ rhk {{ id kind title parentRhkId }} }} {ERRORS}
  }}
}}"""

REMOVE_RHK = f"""
mutation($input: RemoveRhkInput!) {{
  removeRhk(input: $input) {{
    __typename ... on RemoveRhkPayload {{ removedId skp {{ id items {{ id }} }} }} {ERRORS}
  }}
}}"""

ADD_INDICATOR = f"""
mutation($input: AddIndicatorInput!) {{
  addIndicator(input: $input) {{
    __typename ... on IndicatorPayload {{ indicator {{ {INDICATOR_FIELDS} }} }} {ERRORS}
  }}
}}"""

UPDATE_INDICATOR = f"""
mutation($input: UpdateIndicatorInput!) {{
  updateIndicator(input: $input) {{
    __typename ... on IndicatorPayload {{ indicator {{ {INDICATOR_FIELDS} }} }} {ERRORS}
  }}
}}"""

ADD_ACTIVITY = f"""
mutation($input: AddPp46ActivityInput!) {{
  addPp46Activity(input: $input) {{
    __typename
    ... on Pp46ActivityPayload {{ activity {{ id title quantityTarget quantityUnit qualityTarget
                                             timeTargetMonths costTarget {{ amount }} }} }}
    {ERRORS}
  }}
}}"""


def _review(name: str, input_type: str) -> str:
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename
    ... on SkpPayload {{ skp {{ id status version note appraiser {{ id }} submittedAt approvedAt
                             items {{ id title parentRhkId }} history {{ id version status }} }} }}
    {ERRORS}
  }}
}}"""


SUBMIT_SKP = _review("submitSkp", "SubmitSkpInput")
APPROVE_SKP = _review("approveSkp", "ApproveSkpInput")
RETURN_SKP = _review("returnSkp", "ReturnSkpInput")
REVISE_SKP = _review("reviseSkp", "ReviseSkpInput")

SKP = f"query($id: ID!) {{ skp(id: $id) {{ {SKP_FIELDS} }} }}"

SKP_DIFF = """
query($from: ID!, $to: ID!) {
  skpDiff(fromId: $from, toId: $to) {
    fromSkp { id version } toSkp { id version }
    items { change before { id title } after { id title } fields }
    indicators { change before { id name } after { id name targetValue } fields }
  }
}"""

EMPLOYEE_SKP = """
query($reps: [_Any!]!, $on: Date!) {
  _entities(representations: $reps) {
    ... on Employee { id skp(on: $on) { id status periodStart } skps(first: 10) {
        edges { node { id periodStart } } pageInfo { hasNextPage } } }
  }
}"""

ENTITIES = f"""
query($reps: [_Any!]!) {{
  _entities(representations: $reps) {{
    __typename
    ... on SkpItem {{ id title children {{ id }} parent {{ id }} }}
    ... on Indicator {{ {INDICATOR_FIELDS} }}
  }}
}}"""
