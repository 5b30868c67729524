"""Whole-platform operations through the real gateway, shared by the platform journeys and bench.

`DASHBOARD` is the federated "employee dashboard": one request that the gateway answers from all
five subgraphs. Its variables:

- `$id` (ID!): the employee;
- `$on` (Date!, "YYYY-MM-DD"): the day whose SKP is shown (targets);
- `$from`, `$to` (Date!, "YYYY-MM-DD"): the range of activity logs (activity, at most a year);
- `$month` (String!, "YYYY-MM"): the attendance month (activity) and the allowance month;
- `$period` (String!, "YYYY-MM"): the appraisal period and the realisation period (appraisal).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.authz.org import Call, Person
from tests.e2e import activity_steps as activity
from tests.e2e import appraisal_steps as appraisal

DASHBOARD = """
query Dashboard(
  $id: ID!, $on: Date!, $from: Date!, $to: Date!, $month: String!, $period: String!
) {
  employee(id: $id) {
    id
    name
    nip
    unit { id name }
    skp(on: $on) {
      id status
      items { id kind title indicators { id name targetValue unit } }
    }
    activities(from: $from, to: $to) {
      edges {
        node {
          id date minutes status outputQuantity
          skpItem { id title }
          evidence { evidenceId mediaType }
        }
      }
    }
    attendance(month: $month) {
      month closed
      summary { workingDays presentDays tlMinutes pswMinutes unexcusedDays effectiveMinutes }
    }
    appraisal(period: $period) { id status predicate resultsRating behaviourRating }
    realisation(period: $period) { indicatorId name periodTarget periodTotal }
    allowance(month: $month) {
      month runStatus total { amount currency }
      lines { kind code amount { amount } }
    }
  }
}
"""

EMPLOYEE_DAY = """
query($id: ID!, $day: Date!, $month: String!) {
  employee(id: $id) {
    activities(from: $day, to: $day) {
      edges {
        node { id date minutes status outputQuantity evidence { evidenceId mediaType } }
      }
    }
    attendance(month: $month) { days { date kind checkIn checkOut tl psw } }
  }
}
"""
FEEDBACK_NOTES = """
query($id: ID!, $from: Date!, $to: Date!) {
  employee(id: $id) { feedbackNotes(from: $from, to: $to) { nodes { id body author { id } } } }
}
"""
UNIT_OF = "query($id: ID!) { employee(id: $id) { unit { id } } }"


def open_appraisal(call: Call, appraiser: Person, who: Person, period: str) -> str:
    """Open `who`'s appraisal of `period`, retried until appraisal has their approved SKP."""

    def attempt() -> str | None:
        result = activity.field(
            call,
            appraiser,
            appraisal.OPEN,
            "openAppraisal",
            input={"employeeId": who.id, "period": period},
        )
        if result["__typename"] == "AppraisalPayload":
            appraisal_id: str = result["appraisal"]["id"]
            return appraisal_id
        assert result["__typename"] in {"ValidationFailed", "NotFound"}, result
        return None

    appraisal_id: str = activity.eventually(f"appraisal knows {who.name}", attempt)
    return appraisal_id


def realised(call: Call, viewer: Person, who: Person, period: str, expected: Decimal) -> Any:
    """`who`'s realisation of `period` as `viewer` sees it, once it adds up to `expected`."""

    def attempt() -> Any:
        body = call(appraisal.REALISATION, {"id": who.id, "period": period}, viewer.token)
        assert body.get("errors") is None, body
        rows = body["data"]["employee"]["realisation"]
        total = sum((Decimal(row["periodTotal"]) for row in rows), Decimal(0))
        return rows if total == expected else None

    return activity.eventually(f"appraisal realises {who.name}'s {period}", attempt)


def performance(call: Call, viewer: Person, unit_id: str, period: str) -> Any:
    """A unit's roll-up of `period` as `viewer` sees it."""
    body = call(appraisal.PERFORMANCE, {"id": unit_id, "period": period}, viewer.token)
    assert body.get("errors") is None, body
    return body["data"]["orgUnit"]["performance"]
