"""Access tokens: Ed25519 keys, issuing (identity) and verifying (every service).

The token contract is in `kinerja.auth`'s docstring. Verification trusts nothing in the token
before its signature is checked with a key we already hold: the algorithm is always EdDSA
whatever the header says, and the key is looked up by `kid` in identity's JWKS.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kinerja.settings import ACCESS_TOKEN_MAX_LIFETIME_SECONDS, Settings

logger = logging.getLogger("kinerja.tokens")

ALGORITHM = "EdDSA"
ACCESS_TOKEN_USE = "access"  # noqa: S105 - a claim value, not a secret
REFRESH_TOKEN_PREFIX = "rt_"  # noqa: S105 - a format marker, not a secret
LEEWAY_SECONDS = 30  # clock skew tolerated between identity and a service
MAX_TOKEN_LENGTH = 8192  # far above a real token; refuses junk before any parsing
MAX_KID_LENGTH = 128
REQUIRED_CLAIMS = ("iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "token_use", "kind")
TOKEN_KINDS = frozenset({"employee", "service"})

Jwk = dict[str, str]


class InvalidTokenError(Exception):
    """A token that must not be trusted; `reason` is for logs, never for the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint of a public key: a stable `kid` derived from the key itself."""
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64url(_raw_public(public_key))},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def _jwk(public_key: Ed25519PublicKey, kid: str) -> Jwk:
    x = _b64url(_raw_public(public_key))
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "use": "sig", "alg": ALGORITHM}


def _load_public(pem: bytes) -> Ed25519PublicKey:
    """The public half of a PEM key, private (PKCS#8) or public (SPKI)."""
    if b"PRIVATE KEY" in pem:
        private = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return private.public_key()
    public = serialization.load_pem_public_key(pem)
    if not isinstance(public, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return public


def generate_signing_key() -> tuple[str, bytes, Jwk]:
    """A new Ed25519 key: its kid, its private key as PKCS#8 PEM, and its public JWK."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    kid = key_id(private.public_key())
    return kid, pem, _jwk(private.public_key(), kid)


def public_jwk_from_pem(pem: bytes, *, kid: str | None = None) -> Jwk:
    """The public JWK of a PEM key (private or public); kid defaults to the thumbprint."""
    public = _load_public(pem)
    return _jwk(public, kid or key_id(public))


def public_key_from_jwk(jwk: Mapping[str, Any]) -> Ed25519PublicKey | None:
    """The Ed25519 key of a JWK, or None for any other kind of key (never trusted)."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        return None
    if jwk.get("alg", ALGORITHM) != ALGORITHM or jwk.get("use", "sig") != "sig":
        return None
    x = jwk.get("x")
    if not isinstance(x, str):
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(_b64url_decode(x))
    except ValueError:
        return None


def keys_from_jwks(jwks: Mapping[str, Any]) -> dict[str, Ed25519PublicKey]:
    """The usable keys of a JWKS document by kid; anything malformed is skipped."""
    keys: dict[str, Ed25519PublicKey] = {}
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        return keys
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        kid, key = entry.get("kid"), public_key_from_jwk(entry)
        if isinstance(kid, str) and kid and key is not None:
            keys[kid] = key
    return keys


def issue_access_token(
    *,
    private_pem: bytes,
    kid: str,
    claims: Mapping[str, Any],
    settings: Settings,
    now: datetime,
) -> str:
    """Sign an access token: `claims` (sub, sid, kind, roles, …) plus the contract's own."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    for name in ("sub", "sid", "kind"):
        if not claims.get(name):
            raise ValueError(f"claim {name!r} is required")
    issued_at = int(now.timestamp())
    payload = {
        "jti": uuid.uuid4().hex,
        **claims,
        # The contract's claims win over anything the caller passed.
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + settings.access_token_ttl_seconds,
        "token_use": ACCESS_TOKEN_USE,
    }
    private = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return jwt.encode(payload, private, algorithm=ALGORITHM, headers={"kid": kid, "typ": "JWT"})


class KeySource(Protocol):
    """Where a verifier finds the public key of a `kid`."""

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        """The key with this kid, or None when there is no such (current) key."""


class StaticKeySource:
    """A fixed JWKS document (tests, and identity's own in-process view of its keys)."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self._keys = keys_from_jwks(jwks)

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        """The key with this kid, if the document holds it."""
        return self._keys.get(kid)


class JwksKeySource:
    """Identity's JWKS over HTTP, cached for `ttl` seconds.

    An unknown kid (a key just rotated in) triggers a refetch, at most once per
    `min_refresh_interval`, so junk kids cannot make us hammer identity. A failed fetch keeps
    the keys we have: identity being down must not log everyone out.
    """

    def __init__(
        self,
        url: str,
        *,
        ttl: float = 300,
        min_refresh_interval: float = 10,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=2.0)
        self._clock = clock
        self._keys: dict[str, Ed25519PublicKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        """The key with this kid, refreshing the cache when stale or when the kid is new."""
        if self._needs_refresh(kid):
            async with self._lock:
                if self._needs_refresh(kid):  # another request may just have refreshed
                    await self._refresh()
        return self._keys.get(kid)

    def _needs_refresh(self, kid: str) -> bool:
        now = self._clock()
        if self._attempted_at is not None and now - self._attempted_at < self.min_refresh_interval:
            return False
        stale = self._fetched_at is None or now - self._fetched_at >= self.ttl
        return stale or kid not in self._keys

    async def _refresh(self) -> None:
        self._attempted_at = self._clock()
        try:
            response = await self._client.get(self.url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("JWKS fetch from %s failed; keeping cached keys: %s", self.url, exc)
            return
        if not isinstance(document, dict):
            logger.warning("JWKS from %s is not an object; keeping cached keys", self.url)
            return
        self._keys = keys_from_jwks(document)
        self._fetched_at = self._attempted_at

    async def aclose(self) -> None:
        """Close the HTTP client if this source created it."""
        if self._owns_client:
            await self._client.aclose()


class TokenVerifier:
    """Checks an access token against the contract; every failure is InvalidTokenError."""

    def __init__(self, settings: Settings, key_source: KeySource) -> None:
        self.settings = settings
        self.key_source = key_source

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or InvalidTokenError(reason) for anything untrustworthy."""
        kid = self._kid(token)
        key = await self.key_source.key(kid)
        if key is None:
            raise InvalidTokenError("unknown kid")
        claims = self._decode(token, key)
        self._check_claims(claims, now=time.time())
        return claims

    @staticmethod
    def _kid(token: str) -> str:
        """The kid of a well-formed EdDSA token (the header is not trusted beyond this)."""
        if not isinstance(token, str) or not token:
            raise InvalidTokenError("malformed")
        if token.startswith(REFRESH_TOKEN_PREFIX):
            raise InvalidTokenError("refresh token used as access token")
        if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
            raise InvalidTokenError("malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidTokenError("malformed") from exc
        if header.get("alg") != ALGORITHM:
            raise InvalidTokenError(f"algorithm {header.get('alg')!r} is not EdDSA")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid or len(kid) > MAX_KID_LENGTH:
            raise InvalidTokenError("missing kid")
        return kid

    def _decode(self, token: str, key: Ed25519PublicKey) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],  # never the header's
                audience=self.settings.token_audience,
                issuer=self.settings.token_issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": list(REQUIRED_CLAIMS), "strict_aud": True},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidTokenError("expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise InvalidTokenError("not yet valid") from exc
        except jwt.InvalidAudienceError as exc:
            raise InvalidTokenError("wrong audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise InvalidTokenError("wrong issuer") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise InvalidTokenError(f"missing claim {exc.claim}") from exc
        except jwt.InvalidSignatureError as exc:
            raise InvalidTokenError("bad signature") from exc
        except jwt.PyJWTError as exc:
            raise InvalidTokenError(f"invalid: {type(exc).__name__}") from exc
        return claims

    def _check_claims(self, claims: Mapping[str, Any], *, now: float) -> None:
        """The contract's rules, checked again explicitly rather than trusted to the library."""
        if claims.get("iss") != self.settings.token_issuer:
            raise InvalidTokenError("wrong issuer")
        if claims.get("aud") != self.settings.token_audience:
            raise InvalidTokenError("wrong audience")
        if claims.get("token_use") != ACCESS_TOKEN_USE:
            raise InvalidTokenError("not an access token")
        for name in ("sub", "jti", "sid"):
            if not isinstance(claims.get(name), str) or not claims[name]:
                raise InvalidTokenError(f"missing claim {name}")
        if claims.get("kind") not in TOKEN_KINDS:
            raise InvalidTokenError("unknown kind")
        _check_times(claims, now=now)


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTokenError(f"claim {name} is not a number")
    return float(value)


def _check_times(claims: Mapping[str, Any], *, now: float) -> None:
    iat, nbf, exp = (_number(claims, name) for name in ("iat", "nbf", "exp"))
    if exp <= now - LEEWAY_SECONDS:
        raise InvalidTokenError("expired")
    if iat > now + LEEWAY_SECONDS or nbf > now + LEEWAY_SECONDS:
        raise InvalidTokenError("not yet valid")
    if exp - iat > ACCESS_TOKEN_MAX_LIFETIME_SECONDS + LEEWAY_SECONDS:
        raise InvalidTokenError("lifetime too long")
