"""Token-signing keys: one ACTIVE key signs; rotated keys keep verifying until retired.

The private keys live in identity's own database (the only holder). The JWKS document lists the
ACTIVE and VERIFYING keys; a RETIRED key is absent, so every token it signed stops verifying.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja.errors import ConflictError
from kinerja.tokens import generate_signing_key, public_key_from_jwk
from services.identity import store
from services.identity.domain import KeyStatus
from services.identity.service.audit import Actor, record, snapshot
from services.identity.service.common import found
from services.identity.store import SigningKeyRow

PUBLISHED = (KeyStatus.ACTIVE, KeyStatus.VERIFYING)


def _new_key(now: datetime) -> SigningKeyRow:
    kid, pem, jwk = generate_signing_key()
    return SigningKeyRow(
        kid=kid,
        private_key_pem=pem.decode(),
        public_jwk=dict(jwk),
        status=KeyStatus.ACTIVE,
        created_at=now,
        retired_at=None,
    )


async def active_key(session: AsyncSession, *, now: datetime) -> SigningKeyRow:
    """The key that signs now; the first one is generated when there is none."""
    keys = await store.list_keys(session, [KeyStatus.ACTIVE])
    if keys:
        return keys[0]
    await store.serialize_key_changes(session)
    keys = await store.list_keys(session, [KeyStatus.ACTIVE])  # another replica may have won
    if keys:
        return keys[0]
    key = _new_key(now)
    session.add(key)
    await session.flush()
    return key


async def rotate_key(session: AsyncSession, actor: Actor, *, now: datetime) -> SigningKeyRow:
    """Make a new ACTIVE key; the previous active keys move to VERIFYING (still in JWKS)."""
    await store.serialize_key_changes(session)
    for old in await store.list_keys(session, [KeyStatus.ACTIVE]):
        before = snapshot(old)
        old.status = KeyStatus.VERIFYING
        record(
            session,
            actor,
            "signing_key.demote",
            entity=("SigningKey", old.kid),
            before=before,
            after=snapshot(old),
            now=now,
        )
    key = _new_key(now)
    session.add(key)
    await session.flush()
    record(
        session,
        actor,
        "signing_key.rotate",
        entity=("SigningKey", key.kid),
        before=None,
        after=snapshot(key),
        now=now,
    )
    return key


async def retire_key(
    session: AsyncSession, kid: str, actor: Actor, *, now: datetime
) -> SigningKeyRow:
    """Retire a VERIFYING key: it leaves JWKS and its tokens fail (the ACTIVE one: rotate first)."""
    await store.serialize_key_changes(session)
    key = found(await store.get_key(session, kid), what="signing key", id=kid)
    if key.status is KeyStatus.ACTIVE:
        raise ConflictError("the active signing key cannot be retired; rotate first")
    if key.status is KeyStatus.RETIRED:
        return key
    before = snapshot(key)
    key.status, key.retired_at = KeyStatus.RETIRED, now
    await session.flush()
    record(
        session,
        actor,
        "signing_key.retire",
        entity=("SigningKey", kid),
        before=before,
        after=snapshot(key),
        now=now,
    )
    return key


async def jwks(session: AsyncSession) -> dict[str, Any]:
    """The JWKS document: the public keys of the ACTIVE and VERIFYING keys."""
    keys = await store.list_keys(session, PUBLISHED)
    return {"keys": [dict(key.public_jwk) for key in keys]}


class DatabaseKeySource:
    """Identity verifies its own tokens with the keys in its database, cached a few seconds.

    An unknown kid triggers a reload at most once per `min_refresh_interval`; a retired key
    stops verifying within `ttl` seconds (on every replica).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        ttl: float = 5.0,
        min_refresh_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._ttl, self._min_refresh = ttl, min_refresh_interval
        self._clock = clock
        self._keys: dict[str, Ed25519PublicKey] = {}
        self._loaded_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        """The public key of a published kid, or None."""
        if self._stale(kid):
            async with self._lock:
                if self._stale(kid):
                    await self._load()
        return self._keys.get(kid)

    def _stale(self, kid: str) -> bool:
        if self._loaded_at is None:
            return True
        age = self._clock() - self._loaded_at
        return age >= self._ttl or (kid not in self._keys and age >= self._min_refresh)

    async def _load(self) -> None:
        async with self._sessions() as session:
            document = await jwks(session)
        keys: dict[str, Ed25519PublicKey] = {}
        for jwk in document["keys"]:
            public = public_key_from_jwk(jwk)
            if public is not None:
                keys[jwk["kid"]] = public
        self._keys, self._loaded_at = keys, self._clock()
