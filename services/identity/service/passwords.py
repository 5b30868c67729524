"""Argon2id password hashing: hashing, verifying (always off the event loop) and rehashing.

When there is no real hash to check against (unknown NIP, no password set), the password is
verified against a dummy hash made with the same parameters, so every sign-in does the same
work and its timing does not tell which NIPs exist.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from services.identity.domain import HashParameters

TEMPORARY_PASSWORD_BYTES = 12  # 16 url-safe characters


class Hasher:
    """Argon2id with the configured costs; `on_check` is called for every verification."""

    def __init__(self, parameters: HashParameters, *, on_check: Callable[[], None]) -> None:
        self.parameters = parameters
        self._on_check = on_check
        self._hasher = PasswordHasher(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_kib,
            parallelism=parameters.parallelism,
            type=Type.ID,
        )
        # Made once, up front, with the same costs as real hashes.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        """A new Argon2id hash of `password`."""
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """True when `password` matches `stored`; with no stored hash, the same work and False."""
        self._on_check()
        if stored is None:
            await asyncio.to_thread(self._verify, self._dummy_hash, password)
            return False
        return await asyncio.to_thread(self._verify, stored, password)

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when `stored` was made with other costs than the configured ones."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True


def temporary_password() -> str:
    """A one-time password an admin hands over; the account must change it at first use."""
    return secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
