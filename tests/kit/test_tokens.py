"""Access tokens: every forgery and misuse is refused; keys rotate through the JWKS."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from kinerja.settings import Settings
from kinerja.tokens import (
    InvalidTokenError,
    JwksKeySource,
    StaticKeySource,
    TokenVerifier,
    issue_access_token,
    key_id,
    public_jwk_from_pem,
    public_key_from_jwk,
)
from tests.fixtures.auth import (
    OMIT,
    TEST_SIGNING_KEY,
    SigningKey,
    make_token,
    new_signing_key,
    token_claims,
)


def verifier_for(*keys: SigningKey, settings: Settings | None = None) -> TokenVerifier:
    jwks = {"keys": [key.jwk for key in keys or (TEST_SIGNING_KEY,)]}
    return TokenVerifier(settings or Settings(), StaticKeySource(jwks))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_parts(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"


def hs256_token(secret: bytes, **header: Any) -> str:
    signing_input = unsigned_parts({"alg": "HS256", "typ": "JWT", **header}, token_claims())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


async def refused(token: str, verifier: TokenVerifier | None = None) -> str:
    with pytest.raises(InvalidTokenError) as caught:
        await (verifier or verifier_for()).verify(token)
    return caught.value.reason


# --- the happy path -------------------------------------------------------------------------


async def test_a_valid_token_is_accepted() -> None:
    token = make_token(sub="emp-7", roles=[{"role": "HR", "unit": "u-1"}])

    claims = await verifier_for().verify(token)

    assert claims["sub"] == "emp-7"
    assert claims["roles"] == [{"role": "HR", "unit": "u-1"}]


async def test_a_token_issued_by_issue_access_token_is_accepted() -> None:
    settings = Settings()
    token = issue_access_token(
        private_pem=TEST_SIGNING_KEY.private_pem,
        kid=TEST_SIGNING_KEY.kid,
        claims={"sub": "emp-1", "sid": "s-1", "kind": "employee", "roles": [], "scopes": []},
        settings=settings,
        now=datetime.now(UTC),
    )

    claims = await verifier_for().verify(token)

    assert claims["token_use"] == "access"
    assert claims["exp"] - claims["iat"] == settings.access_token_ttl_seconds
    assert jwt.get_unverified_header(token) == {
        "alg": "EdDSA",
        "kid": TEST_SIGNING_KEY.kid,
        "typ": "JWT",
    }


def test_issue_access_token_keeps_the_contract_claims_over_the_callers() -> None:
    now = datetime.now(UTC)
    token = issue_access_token(
        private_pem=TEST_SIGNING_KEY.private_pem,
        kid=TEST_SIGNING_KEY.kid,
        claims={"sub": "e", "sid": "s", "kind": "employee", "exp": 2**40, "token_use": "x"},
        settings=Settings(),
        now=now,
    )

    claims = jwt.decode(token, options={"verify_signature": False})

    assert claims["exp"] == int(now.timestamp()) + 900
    assert claims["token_use"] == "access"


def test_issue_access_token_needs_sub_sid_and_kind() -> None:
    with pytest.raises(ValueError, match="sid"):
        issue_access_token(
            private_pem=TEST_SIGNING_KEY.private_pem,
            kid=TEST_SIGNING_KEY.kid,
            claims={"sub": "e", "kind": "employee"},
            settings=Settings(),
            now=datetime.now(UTC),
        )


def test_the_kid_is_the_key_thumbprint_and_the_jwk_round_trips() -> None:
    key = new_signing_key()
    assert key.kid == key_id(public_key_from_jwk(key.jwk))  # type: ignore[arg-type]
    assert public_jwk_from_pem(key.private_pem) == key.jwk
    assert public_jwk_from_pem(key.public_pem) == key.jwk


async def test_a_token_from_a_clock_20_seconds_ahead_is_accepted() -> None:
    now = int(time.time()) + 20
    token = make_token(iat=now, nbf=now, exp=now + 900)

    assert (await verifier_for().verify(token))["iat"] == now


# --- attacks --------------------------------------------------------------------------------


async def test_alg_none_is_refused() -> None:
    token = unsigned_parts(
        {"alg": "none", "typ": "JWT", "kid": TEST_SIGNING_KEY.kid}, token_claims()
    )

    assert "not EdDSA" in await refused(token + ".")


async def test_alg_none_without_a_kid_is_refused() -> None:
    token = jwt.encode(token_claims(), "", algorithm="none")

    await refused(token)


@pytest.mark.parametrize("secret", ["pem", "raw x"])
async def test_hs256_signed_with_the_public_key_is_refused(secret: str) -> None:
    key = TEST_SIGNING_KEY
    secret_bytes = key.public_pem if secret == "pem" else key.jwk["x"].encode()
    token = hs256_token(secret_bytes, kid=key.kid)

    assert "not EdDSA" in await refused(token)


async def test_a_header_claiming_eddsa_over_an_hmac_signature_is_refused() -> None:
    signing_input = unsigned_parts({"alg": "EdDSA", "kid": TEST_SIGNING_KEY.kid}, token_claims())
    signature = hmac.new(TEST_SIGNING_KEY.public_pem, signing_input.encode(), "sha256").digest()

    assert await refused(f"{signing_input}.{b64url(signature)}") == "bad signature"


async def test_unknown_kid_is_refused() -> None:
    assert await refused(make_token(headers={"kid": "no-such-key"})) == "unknown kid"


async def test_missing_kid_is_refused() -> None:
    private = serialization.load_pem_private_key(TEST_SIGNING_KEY.private_pem, password=None)
    token = jwt.encode(token_claims(), private, algorithm="EdDSA")  # type: ignore[arg-type]

    assert await refused(token) == "missing kid"


async def test_a_token_signed_by_another_key_under_a_known_kid_is_refused() -> None:
    impostor = new_signing_key()
    forged = SigningKey(TEST_SIGNING_KEY.kid, impostor.private_pem, TEST_SIGNING_KEY.jwk)

    assert await refused(make_token(key=forged)) == "bad signature"


async def test_expired_token_is_refused() -> None:
    now = int(time.time())

    assert await refused(make_token(iat=now - 1000, nbf=now - 1000, exp=now - 100)) == "expired"


async def test_not_yet_valid_token_is_refused() -> None:
    now = int(time.time())

    reason = await refused(make_token(iat=now, nbf=now + 120, exp=now + 600))

    assert reason == "not yet valid"


async def test_token_issued_in_the_future_is_refused() -> None:
    now = int(time.time()) + 120

    assert await refused(make_token(iat=now, nbf=now - 200, exp=now + 600)) == "not yet valid"


async def test_wrong_issuer_is_refused() -> None:
    assert await refused(make_token(iss="someone-else")) == "wrong issuer"


async def test_wrong_audience_is_refused() -> None:
    assert await refused(make_token(aud="another-app")) == "wrong audience"


async def test_an_audience_list_is_refused() -> None:
    assert await refused(make_token(aud=["kinerja", "another-app"])) == "wrong audience"


async def test_token_without_exp_is_refused() -> None:
    assert await refused(make_token(exp=OMIT)) == "missing claim exp"


async def test_lifetime_over_15_minutes_is_refused() -> None:
    now = int(time.time())

    assert await refused(make_token(iat=now, nbf=now, exp=now + 3600)) == "lifetime too long"


async def test_tampered_payload_is_refused() -> None:
    header, _payload, signature = make_token(sub="emp-1").split(".")
    forged = b64url(json.dumps(token_claims(sub="emp-admin")).encode())

    assert await refused(f"{header}.{forged}.{signature}") == "bad signature"


async def test_truncated_token_is_refused() -> None:
    token = make_token()

    await refused(token[:-10])
    await refused(token.rsplit(".", 1)[0])


@pytest.mark.parametrize(
    "garbage",
    ["", "abc", "a.b.c", "...", "Bearer x", "eyJhbGciOiJFZERTQSJ9.e30", "x" * 10_000, "é.é.é"],
)
async def test_malformed_token_is_refused(garbage: str) -> None:
    await refused(garbage)


async def test_refresh_token_used_as_access_token_is_refused() -> None:
    refresh = "rt_" + "A" * 43

    assert await refused(refresh) == "refresh token used as access token"


@pytest.mark.parametrize("token_use", ["refresh", "id", None, OMIT])
async def test_token_use_other_than_access_is_refused(token_use: Any) -> None:
    await refused(make_token(token_use=token_use))


@pytest.mark.parametrize("claim", ["sub", "jti", "sid"])
async def test_missing_sub_jti_or_sid_is_refused(claim: str) -> None:
    overrides: dict[str, Any] = {claim: OMIT}

    assert await refused(make_token(**overrides)) == f"missing claim {claim}"


@pytest.mark.parametrize("claim", ["sub", "jti", "sid"])
async def test_empty_sub_jti_or_sid_is_refused(claim: str) -> None:
    overrides: dict[str, Any] = {claim: ""}

    await refused(make_token(**overrides))


async def test_unknown_kind_is_refused() -> None:
    assert await refused(make_token(kind="robot")) == "unknown kind"


async def test_non_numeric_times_are_refused() -> None:
    await refused(make_token(exp="tomorrow"))


def test_settings_refuse_access_tokens_longer_than_15_minutes() -> None:
    with pytest.raises(ValidationError):
        Settings(access_token_ttl_seconds=901)


def test_the_jwks_url_defaults_to_identitys_port() -> None:
    assert Settings(identity_port=4999).effective_jwks_url() == (
        "http://127.0.0.1:4999/.well-known/jwks.json"
    )


# --- key rotation and the JWKS --------------------------------------------------------------


async def test_an_old_key_still_verifies_while_it_is_in_the_jwks() -> None:
    old, new = new_signing_key(), new_signing_key()
    verifier = verifier_for(new, old)

    assert (await verifier.verify(make_token(key=old)))["sub"] == "emp-1"
    assert (await verifier.verify(make_token(key=new)))["sub"] == "emp-1"


async def test_a_retired_key_absent_from_the_jwks_fails() -> None:
    retired, current = new_signing_key(), new_signing_key()

    assert await refused(make_token(key=retired), verifier_for(current)) == "unknown kid"


def test_keys_other_than_ed25519_are_never_trusted() -> None:
    assert public_key_from_jwk({"kty": "oct", "k": "c2VjcmV0", "kid": "k"}) is None
    assert public_key_from_jwk({**TEST_SIGNING_KEY.jwk, "alg": "HS256"}) is None
    assert public_key_from_jwk({**TEST_SIGNING_KEY.jwk, "x": "!!"}) is None


class FakeJwks:
    """An identity JWKS endpoint whose keys and health the test controls."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.fetches = 0
        self.down = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.fetches += 1
        if self.down:
            return httpx.Response(503)
        return httpx.Response(200, json={"keys": [key.jwk for key in self.keys]})


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def jwks_source(jwks: FakeJwks, clock: FakeClock) -> JwksKeySource:
    client = httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler))
    return JwksKeySource("http://identity/.well-known/jwks.json", client=client, clock=clock)


async def test_the_jwks_is_refetched_when_a_new_kid_appears() -> None:
    first, rotated = new_signing_key(), new_signing_key()
    jwks, clock = FakeJwks(first), FakeClock()
    verifier = TokenVerifier(Settings(), jwks_source(jwks, clock))
    await verifier.verify(make_token(key=first))

    jwks.keys.append(rotated)
    clock.now += 11
    claims = await verifier.verify(make_token(key=rotated))

    assert claims["sub"] == "emp-1"
    assert jwks.fetches == 2


async def test_unknown_kids_refetch_at_most_once_per_interval() -> None:
    jwks, clock = FakeJwks(TEST_SIGNING_KEY), FakeClock()
    source = jwks_source(jwks, clock)

    for _ in range(20):
        assert await source.key("junk") is None

    assert jwks.fetches == 1
    clock.now += 10
    await source.key("junk")
    assert jwks.fetches == 2


async def test_a_known_kid_is_served_from_the_cache() -> None:
    jwks, clock = FakeJwks(TEST_SIGNING_KEY), FakeClock()
    source = jwks_source(jwks, clock)

    for _ in range(5):
        clock.now += 50
        assert await source.key(TEST_SIGNING_KEY.kid) is not None

    assert jwks.fetches == 1


async def test_a_jwks_fetch_failure_keeps_the_cache() -> None:
    jwks, clock = FakeJwks(TEST_SIGNING_KEY), FakeClock()
    source = jwks_source(jwks, clock)
    await source.key(TEST_SIGNING_KEY.kid)

    jwks.down = True
    clock.now += 301

    assert await source.key(TEST_SIGNING_KEY.kid) is not None
    assert jwks.fetches == 2


async def test_a_retired_key_stops_verifying_once_the_cache_expires() -> None:
    retired, current = new_signing_key(), new_signing_key()
    jwks, clock = FakeJwks(retired, current), FakeClock()
    verifier = TokenVerifier(Settings(), jwks_source(jwks, clock))
    await verifier.verify(make_token(key=retired))

    jwks.keys.remove(retired)
    clock.now += 301

    assert await refused(make_token(key=retired), verifier) == "unknown kid"


async def test_identity_being_unreachable_leaves_unknown_kids_unknown() -> None:
    jwks, clock = FakeJwks(TEST_SIGNING_KEY), FakeClock()
    jwks.down = True

    assert await jwks_source(jwks, clock).key(TEST_SIGNING_KEY.kid) is None
