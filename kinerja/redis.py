"""The Redis client every service uses (revocation checks; identity's throttling)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from kinerja.settings import Settings

SOCKET_TIMEOUT_SECONDS = 0.5  # authentication fails closed quickly rather than hanging requests


def create_redis(settings: Settings) -> Redis:
    """A pooled client for the configured (or embedded) Redis; connects on first use."""
    return Redis.from_url(
        settings.effective_redis_url(),
        decode_responses=True,
        socket_timeout=SOCKET_TIMEOUT_SECONDS,
        socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        # One immediate retry heals a pooled connection Redis closed; no backoff sleeps.
        retry=Retry(NoBackoff(), 1),
        health_check_interval=30,
    )
