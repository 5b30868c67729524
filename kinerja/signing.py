"""The gateway's HMAC signature on subgraph requests (ARCHITECTURE.md §4).

Hive Gateway's `hmacSignature` option (@graphql-mesh/hmac-upstream-signature) signs each
subgraph request with

    base64(HMAC-SHA256(secret, utf8(jsonStableStringify({query, variables}))))

and sends it as `extensions["hmac-signature"]`. `query` is the document exactly as sent (the
gateway prints it once and sends the same string); `variables` is left out when absent or
empty; `operationName` and `extensions` are not signed. `jsonStableStringify` is JavaScript's
`JSON.stringify` with object keys sorted (by UTF-16 code units) and no whitespace, so
`stable_json` below reproduces JavaScript's number and string formatting exactly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from decimal import Decimal
from typing import Any

SIGNATURE_EXTENSION = "hmac-signature"

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_ESCAPES["\t"] = "\\t"
# JSON.stringify escapes ", \ and C0 controls, and (well-formed JSON.stringify) lone surrogates.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\ud800-\udfff]')


def _js_string(value: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _ESCAPES.get(char) or f"\\u{ord(char):04x}"

    return '"' + _NEEDS_ESCAPE.sub(escape, value) + '"'


def _js_number(value: float) -> str:
    """ECMAScript Number::toString: shortest round-trip digits, JavaScript's exponent rules."""
    if not math.isfinite(value):
        return "null"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()[1:]
    digits = "".join(map(str, digits_tuple))
    k, n = len(digits), len(digits) + int(exponent)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
        body = f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + body


def _utf16_order(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # JavaScript holds every number as a double: 2**53 + 1 prints as 9007199254740992.
        return str(value) if abs(value) <= 2**53 else _js_number(float(value))
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def stable_json(value: Any) -> str:
    """`json-stable-stringify` of a JSON value (as `json.loads` returns it)."""
    if isinstance(value, dict):
        keys = sorted(value, key=_utf16_order)
        return "{" + ",".join(f"{_js_string(k)}:{stable_json(value[k])}" for k in keys) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(stable_json(item) for item in value) + "]"
    return _scalar(value)


def signed_message(query: str, variables: dict[str, Any] | None) -> bytes:
    """The exact bytes the gateway signs for a request."""
    payload: dict[str, Any] = {"query": query}
    if variables:
        payload["variables"] = variables
    return stable_json(payload).encode("utf-8", "surrogatepass")


def sign_request(secret: str, query: str, variables: dict[str, Any] | None = None) -> str:
    """The `hmac-signature` the gateway would send for this query and variables."""
    digest = hmac.new(secret.encode(), signed_message(query, variables), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(secret: str, body: object) -> bool:
    """True when a parsed /graphql body carries the gateway's signature (constant time)."""
    if not secret or not isinstance(body, dict):
        return False
    query, variables = body.get("query"), body.get("variables")
    extensions = body.get("extensions")
    if not isinstance(query, str) or not isinstance(extensions, dict):
        return False
    if variables is not None and not isinstance(variables, dict):
        return False
    presented = extensions.get(SIGNATURE_EXTENSION)
    if not isinstance(presented, str):
        return False
    expected = sign_request(secret, query, variables)
    return hmac.compare_digest(expected.encode(), presented.encode("utf-8", "surrogatepass"))
