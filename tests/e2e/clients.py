"""Calling the running platform: through the gateway, or straight to the identity subgraph."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx

from kinerja.signing import SIGNATURE_EXTENSION, sign_request

TIMEOUT_SECONDS = 15


def _headers(token: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    headers = {"x-request-id": f"e2e-{uuid.uuid4()}"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return {**headers, **(extra or {})}


@dataclass
class Clients:
    """One keep-alive HTTP client, and the addresses and secret of the running platform."""

    http: httpx.Client
    gateway_url: str
    identity_url: str
    hmac_secret: str
    address: str = "127.0.0.1"

    def gateway(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST an operation to the gateway, as a client would."""
        return self.http.post(
            self.gateway_url,
            json={"query": query, "variables": variables or {}},
            headers=_headers(token, headers),
            timeout=TIMEOUT_SECONDS,
        )

    def identity(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """POST an operation straight to the identity subgraph, signed as the gateway signs."""
        body: dict[str, Any] = {"query": query}
        if variables:
            body["variables"] = variables
        if signed:
            body["extensions"] = {
                SIGNATURE_EXTENSION: sign_request(self.hmac_secret, query, variables or None)
            }
        return self.http.post(
            f"{self.identity_url}/graphql",
            json=body,
            headers=_headers(token),
            timeout=TIMEOUT_SECONDS,
        )

    def via_gateway(
        self, query: str, variables: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """`Call` through the gateway: the JSON body of the answer."""
        body: dict[str, Any] = self.gateway(query, variables, token=token).json()
        return body

    def direct(self, query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
        """`Call` straight to identity (signed): the JSON body of the answer."""
        body: dict[str, Any] = self.identity(query, variables, token=token).json()
        return body

    def metric(self, name: str) -> float:
        """The current value of a counter on identity's /metrics (0 when not yet exported)."""
        text = self.http.get(f"{self.identity_url}/metrics", timeout=TIMEOUT_SECONDS).text
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name) and not line.startswith("#"):
                metric, value = line.rsplit(" ", 1)
                if metric == name or metric.startswith(f"{name}{{"):
                    total += float(value)
        return total


@contextmanager
def from_own_address(clients: Clients) -> Iterator[Clients]:
    """`clients` calling from a fresh loopback address (127.x.y.z), as a different machine would.

    Identity throttles sign-in per address too (the gateway forwards it as x-forwarded-for), so
    a test that guesses passwords must not lock out the address every other test signs in from.
    """
    address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport) as http:
        yield replace(clients, http=http, address=address)
