"""The gateway's HMAC signature: vectors captured from the real Hive Gateway, and refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kinerja.signing import sign_request, signed_message, stable_json, verify_signature
from tests.fixtures.auth import signed_body

# Bodies exactly as Hive Gateway 2.x (@graphql-mesh/hmac-upstream-signature 2.1.0) sent them to
# two Strawberry subgraphs, with `hmacSignature: {secret: GATEWAY_SECRET}`.
GATEWAY_SECRET = "s3cr3t-ünï"  # the secret the vectors were captured with
GATEWAY_BODIES = [
    # no variables
    '{"query":"{hello}","extensions":{"hmac-signature":'
    '"tWDDp3hjacQj9jAoqAYWfOdTQxleiUiIqg1f9qYtG5Q="}}',
    # variables, operationName (not signed)
    '{"query":"query P($id:ID!){person(id:$id){id name}}","variables":{"id":"199001012020121001"},'
    '"operationName":"P","extensions":{"hmac-signature":'
    '"jEpgiLQr2BhC7CUu6v86NQEnZRB+72iiUD2/KrgAcfU="}}',
    # the client sent `"variables": {}`; the gateway left them out
    '{"query":"query Q{hello}","operationName":"Q","extensions":{"hmac-signature":'
    '"tOaEzbJzMIE4ilRcRebBi0g6TSjY+SoHuwzXjTrL2B0="}}',
    # an entity fetch
    '{"query":"query($representations:[_Any!]!){_entities(representations:$representations)'
    '{__typename ...on Person{name}}}","variables":{"representations":[{"__typename":"Person",'
    '"id":"199001012020121001"},{"__typename":"Person","id":"ü-2"}]},"extensions":'
    '{"hmac-signature":"/0UWAJLTq1OxuQVZhoHa9zYWujiHJFT8diC7lMCnOK4="}}',
    # nested objects sent unsorted, unicode, escapes, JavaScript number formatting
    '{"query":"query S($_search_input:SearchInput!){search(input:$_search_input)}","variables":'
    '{"_search_input":{"text":"Kinerja ✓ — naïve \\"quoted\\" \\\\ back\\nline\\t'
    '\\u0001 😀 \u2028",'
    '"inner":{"label":"zeta","weight":1.5,"tags":["b","a","ü"]},"extra":{"z":1,"a":[1,0.1,1e-7,'
    '1e+21,123456789012345680,0,0.000025,10000000000000000,true,null],"B":{"ñ":"x","é":"y",'
    '"😀":1,"～":2,"_":{}}}}},"operationName":"S","extensions":{"hmac-signature":'
    '"snmV0sTro98GxkItuNmVCUjdNRYDdbWPPjP22iMt9Gs="}}',
    # a lone surrogate in a string
    '{"query":"query S($_search_input:SearchInput!){search(input:$_search_input)}","variables":'
    '{"_search_input":{"text":"lone \\udc00 surrogate","inner":{"label":"x","weight":3,"tags":[]},'
    '"extra":null}},"operationName":"S","extensions":{"hmac-signature":'
    '"iuFpyAKMuCipIZ3dOXZqmStKKxdk5xVSWcIC6I5TWZ8="}}',
]


@pytest.mark.parametrize("raw", GATEWAY_BODIES)
def test_signatures_captured_from_the_real_gateway_verify(raw: str) -> None:
    body = json.loads(raw)

    assert verify_signature(GATEWAY_SECRET, body)
    assert (
        sign_request(GATEWAY_SECRET, body["query"], body.get("variables"))
        == (body["extensions"]["hmac-signature"])
    )


def test_the_signed_message_is_sorted_compact_json_of_query_and_variables() -> None:
    message = signed_message("{ me { id } }", {"b": {"y": 1, "x": [2.0, "é"]}, "a": None})

    assert (
        message
        == '{"query":"{ me { id } }","variables":{"a":null,"b":{"x":[2,"é"],"y":1}}}'.encode()
    )


def test_empty_variables_are_left_out_of_the_message() -> None:
    assert (
        signed_message("{hello}", {}) == signed_message("{hello}", None) == b'{"query":"{hello}"}'
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, "1"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (2.5e-5, "0.000025"),
        (1e16, "10000000000000000"),
        (1e21, "1e+21"),
        (1.5e300, "1.5e+300"),
        (123456789012345678, "123456789012345680"),
        (2**53, "9007199254740992"),
        (float("nan"), "null"),
        ("\u2028\x7f", '"\u2028\x7f"'),
        ("\x00\x1f\b", '"\\u0000\\u001f\\b"'),
        ("\udc00", '"\\udc00"'),
        ({"\uff5e": 1, "\U0001f600": 2}, '{"\U0001f600":2,"\uff5e":1}'),  # UTF-16 order
        (True, "true"),
    ],
)
def test_stable_json_formats_values_like_javascript(value: Any, expected: str) -> None:
    assert stable_json(value) == expected


def test_a_signed_body_verifies() -> None:
    body = signed_body("secret", "query($id: ID!) { e(id: $id) { id } }", {"id": "ü"})

    assert verify_signature("secret", body)


def test_a_tampered_query_is_refused() -> None:
    body = signed_body("secret", "{ me { id } }")
    body["query"] = "{ me { id salary } }"

    assert not verify_signature("secret", body)


def test_tampered_variables_are_refused() -> None:
    body = signed_body("secret", "query($id: ID!) { e(id: $id) { id } }", {"id": "1"})
    body["variables"] = {"id": "2"}

    assert not verify_signature("secret", body)


def test_added_variables_are_refused() -> None:
    body = signed_body("secret", "query($id: ID) { e(id: $id) { id } }")
    body["variables"] = {"id": "2"}

    assert not verify_signature("secret", body)


def test_a_wrong_secret_is_refused() -> None:
    assert not verify_signature("other", signed_body("secret", "{ hello }"))


def test_an_empty_secret_verifies_nothing() -> None:
    assert not verify_signature("", signed_body("", "{ hello }"))


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ hello }"},
        {"query": "{ hello }", "extensions": {}},
        {"query": "{ hello }", "extensions": {"hmac-signature": None}},
        {"query": "{ hello }", "extensions": {"hmac-signature": "not base64 at all"}},
        {"query": "{ hello }", "extensions": "hmac-signature"},
        {"query": None, "extensions": {"hmac-signature": sign_request("secret", "")}},
        {"query": "{ hello }", "variables": [1], "extensions": {"hmac-signature": "x"}},
        [signed_body("secret", "{ hello }")],
        "{ hello }",
    ],
)
def test_a_missing_or_malformed_signature_is_refused(body: Any) -> None:
    assert not verify_signature("secret", body)
