"""Forged and doctored access tokens, for the attack tests.

Some are signed with identity's real active key, read from its database the way an insider with
a copy of it could, so that each claim check is exercised on its own, behind a good signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def b64url(data: bytes) -> str:
    """Unpadded base64url, as JWTs use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(value: dict[str, Any]) -> str:
    """A JWT segment."""
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def claims_of(token: str) -> dict[str, Any]:
    """The payload of a token, unverified (to copy a real token's claims)."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def header_of(token: str) -> dict[str, Any]:
    """The header of a token, unverified."""
    return dict(jwt.get_unverified_header(token))


def active_signing_key(home: Path) -> tuple[str, Ed25519PrivateKey]:
    """Identity's ACTIVE key (kid, private key) from its SQLite database under `home`."""
    with sqlite3.connect(home / "data" / "identity.sqlite3") as conn:
        row = conn.execute(
            "SELECT kid, private_key_pem FROM signing_key WHERE status = 'ACTIVE'"
        ).fetchone()
    assert row is not None, "identity has no active signing key"
    key = serialization.load_pem_private_key(row[1].encode(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return row[0], key


def fresh_claims(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`base` re-dated to now (a good 10-minute token), with `changes` applied; None drops."""
    now = int(time.time())
    claims = {**base, "iat": now, "nbf": now, "exp": now + 600, **changes}
    return {name: value for name, value in claims.items() if value is not None}


def sign_eddsa(claims: dict[str, Any], key: Ed25519PrivateKey, kid: str | None) -> str:
    """An EdDSA token; without a kid header when `kid` is None."""
    headers = {"typ": "JWT"} if kid is None else {"typ": "JWT", "kid": kid}
    token: str = jwt.encode(claims, key, algorithm="EdDSA", headers=headers)
    if kid is None:
        assert "kid" not in header_of(token)
    return token


def unsigned(claims: dict[str, Any], kid: str) -> str:
    """`alg: none`: no signature at all."""
    return f"{b64url_json({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{b64url_json(claims)}."


def hs256_with_public_key(claims: dict[str, Any], kid: str, public_jwk: dict[str, str]) -> str:
    """HS256 keyed with the public key (the algorithm-confusion attack), as PEM."""
    raw = base64.urlsafe_b64decode(public_jwk["x"] + "=" * (-len(public_jwk["x"]) % 4))
    pem = Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        f"{b64url_json({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64url_json(claims)}"
    )
    signature = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def with_payload(token: str, claims: dict[str, Any]) -> str:
    """A real token whose payload is swapped for `claims`, the signature kept."""
    header, _payload, signature = token.split(".")
    return f"{header}.{b64url_json(claims)}.{signature}"
