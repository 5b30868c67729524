"""Identity's own settings (`KINERJA_IDENTITY_*`): password hashing, password rules, throttling.

The figures are data with the OWASP / issue defaults; an operator tunes them per deployment.
Raising the Argon2 costs takes effect for each account at its next successful sign-in (rehash).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.identity.domain import HashParameters, PasswordPolicy, ThrottlePolicy


class IdentityConfig(BaseSettings):
    """Access settings of the identity service."""

    model_config = SettingsConfigDict(env_prefix="KINERJA_IDENTITY_", extra="ignore")

    argon2_memory_kib: int = Field(19456, ge=19456, description="OWASP minimum: 19 MiB")
    argon2_time_cost: int = Field(2, ge=2)
    argon2_parallelism: int = Field(1, ge=1)
    password_min_length: int = Field(10, ge=10)
    password_max_bytes: int = Field(1024, ge=64, le=4096)
    throttle_free_failures: int = Field(5, ge=1)
    throttle_backoff_cap_seconds: int = Field(300, ge=1)
    throttle_lockout_failures: int = Field(20, ge=2)
    throttle_window_seconds: int = Field(900, ge=60)

    def hash_parameters(self) -> HashParameters:
        """The Argon2id costs new hashes are made with."""
        return HashParameters(
            self.argon2_memory_kib, self.argon2_time_cost, self.argon2_parallelism
        )

    def password_policy(self) -> PasswordPolicy:
        """The rules a new password must satisfy."""
        return PasswordPolicy(self.password_min_length, self.password_max_bytes)

    def throttle_policy(self) -> ThrottlePolicy:
        """Back-off and lockout figures."""
        return ThrottlePolicy(
            self.throttle_free_failures,
            self.throttle_backoff_cap_seconds,
            self.throttle_lockout_failures,
            self.throttle_window_seconds,
        )
