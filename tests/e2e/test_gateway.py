"""Journeys through the real gateway in front of the real services."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.authz.org import Person
from tests.e2e.conftest import Platform

pytestmark = pytest.mark.e2e

CREATE_ORG_UNIT = """
mutation CreateOrgUnit($code: String!, $name: String!, $parentId: ID) {
  createOrgUnit(
    input: {code: $code, name: $name, type: DIRECTORATE, parentId: $parentId,
            timeZone: "Asia/Makassar"}
  ) {
    __typename
    ... on OrgUnitPayload { orgUnit { id code name type timeZone parent { id } } }
    ... on ValidationFailed { field message }
    ... on NotFound { message }
    ... on Conflict { message }
  }
}
"""

ORG_UNIT = """
query OrgUnit($id: ID!) {
  orgUnit(id: $id) { id code name type timeZone parent { id } children { id } }
}
"""


def graphql(
    platform: Platform, query: str, *, token: str | None = None, **variables: Any
) -> httpx.Response:
    """POST a GraphQL operation to the gateway."""
    headers = {"x-request-id": f"e2e-{uuid.uuid4()}"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(
        platform.gateway_url,
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=15,
    )


def test_an_org_unit_created_through_the_gateway_can_be_read_back(
    platform: Platform, admin: Person
) -> None:
    code = f"E2E-{uuid.uuid4().hex[:8].upper()}"

    created = graphql(
        platform, CREATE_ORG_UNIT, token=admin.token, code=code, name="Direktorat Uji"
    )

    assert created.status_code == 200, created.text
    result = created.json()["data"]["createOrgUnit"]
    assert result["__typename"] == "OrgUnitPayload", result
    unit = result["orgUnit"]
    assert unit == {
        "id": unit["id"],
        "code": code,
        "name": "Direktorat Uji",
        "type": "DIRECTORATE",
        "timeZone": "Asia/Makassar",
        "parent": None,
    }

    fetched = graphql(platform, ORG_UNIT, token=admin.token, id=unit["id"])

    assert fetched.json() == {
        "data": {
            "orgUnit": {
                "id": unit["id"],
                "code": code,
                "name": "Direktorat Uji",
                "type": "DIRECTORATE",
                "timeZone": "Asia/Makassar",
                "parent": None,
                "children": [],
            }
        }
    }


def test_the_gateway_echoes_the_callers_request_id(platform: Platform) -> None:
    response = httpx.post(
        platform.gateway_url,
        json={"query": ORG_UNIT, "variables": {"id": str(uuid.uuid4())}},
        headers={"x-request-id": "e2e-request-42"},
        timeout=15,
    )

    assert response.headers["x-request-id"] == "e2e-request-42"


def test_malformed_graphql_gets_a_clean_syntax_error(platform: Platform) -> None:
    response = graphql(platform, "{ orgUnit(id: ")

    body = response.json()
    assert "data" not in body or body["data"] is None
    assert [error["message"] for error in body["errors"]] == ["Syntax Error: Unexpected <EOF>."]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_a_50_level_deep_query_is_refused(platform: Platform) -> None:
    query = '{ orgUnit(id: "1") { ' + "parent { " * 50 + "id" + " }" * 50 + " } }"

    response = graphql(platform, query)

    body = response.json()
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert "depth limit of 15 exceeded" in body["errors"][0]["message"]


def test_introspection_is_refused_outside_development(platform: Platform) -> None:
    response = graphql(platform, "{ __schema { queryType { name } } }")

    body = response.json()
    assert body.get("data") is None
    assert "introspection has been disabled" in body["errors"][0]["message"]


def test_a_misspelt_field_gets_no_suggestion(platform: Platform) -> None:
    response = graphql(platform, '{ orgUnit(id: "1") { nme } }')

    (error,) = response.json()["errors"]
    assert error["message"] == 'Cannot query field "nme" on type "OrgUnit". [Suggestion hidden]'


def test_the_gateway_reports_health_and_readiness(platform: Platform) -> None:
    health = httpx.get(f"{platform.base_url}/healthcheck", timeout=5)
    readiness = httpx.get(f"{platform.base_url}/readiness", timeout=5)

    assert health.status_code == 200
    assert readiness.status_code == 200


def test_an_anonymous_request_passes_the_gateway_but_sees_nothing(platform: Platform) -> None:
    response = graphql(platform, ORG_UNIT, id=str(uuid.uuid4()))

    assert response.status_code == 200
    assert response.json() == {"data": {"orgUnit": None}}


def test_a_bad_token_is_refused_at_the_gateway_with_401(platform: Platform) -> None:
    response = graphql(platform, ORG_UNIT, token="not.a.jwt", id=str(uuid.uuid4()))

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.json() == {
        "errors": [
            {
                "message": "Invalid or expired access token.",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }


def test_a_good_token_passes_the_gateway(platform: Platform, admin: Person) -> None:
    response = graphql(platform, "{ me { employee { nip } } }", token=admin.token)

    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"employee": {"nip": admin.nip}}}}
