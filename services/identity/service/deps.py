"""What the access use cases need besides a database session, wired once per process."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from kinerja.settings import Settings
from services.identity.config import IdentityConfig
from services.identity.service.passwords import Hasher
from services.identity.service.throttle import Throttle


@dataclass(frozen=True)
class AccessDeps:
    """Settings (token lifetimes, issuer), identity's access settings, Redis and the hasher."""

    settings: Settings
    config: IdentityConfig
    redis: Redis
    hasher: Hasher

    @property
    def throttle(self) -> Throttle:
        """The sign-in throttle on this Redis."""
        return Throttle(self.redis, self.config.throttle_policy())
