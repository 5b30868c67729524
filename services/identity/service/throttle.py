"""Sign-in throttling in Redis, per submitted login (NIP or client id) and per client address.

Every attempt is counted when it arrives, before any password is checked (atomically, in one
MULTI), so concurrent or batched attempts cannot slip through together; a success then takes
its own count back. Keys (all prefixed `identity:`):

* `identity:login:attempts:<scope>:<id>` hash `{streak, last_at}`: attempts in a row since the
  last success, and when the previous attempt came;
* `identity:login:failures:<scope>:<id>` sorted set of attempt times within the window;
* `identity:login:locked:<scope>:<id>`: present → locked (a login until an admin unlocks it;
  an address for one window).

`<scope>` is `nip`, `client` or `ip`. The decisions are the domain's pure functions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.identity.domain import (
    AttemptHistory,
    AttemptVerdict,
    ThrottlePolicy,
    backoff_seconds,
    decide_attempt,
    locks_out,
)

REDIS_ERRORS = (RedisError, OSError, TimeoutError)
STREAK_TTL_SECONDS = 24 * 3600
_PLAIN_ID = re.compile(r"[0-9A-Za-z_.:\-]{1,64}")
_SEVERITY = [AttemptVerdict.ALLOWED, AttemptVerdict.BACKING_OFF, AttemptVerdict.LOCKED]


@dataclass(frozen=True)
class ThrottleKey:
    """One counter: a login (locked until an admin unlocks) or an address (locked a window)."""

    scope: str
    id: str

    @classmethod
    def of(cls, scope: str, raw: str) -> ThrottleKey:
        """A key for any submitted string (odd or long ones are hashed, never echoed)."""
        cleaned = "".join(raw.split())
        if not _PLAIN_ID.fullmatch(cleaned):
            cleaned = "h-" + hashlib.sha256(raw.encode()).hexdigest()[:32]
        return cls(scope, cleaned)

    @property
    def locks_until_unlocked(self) -> bool:
        """Logins stay locked until an admin unlocks; addresses only for the window."""
        return self.scope != "ip"

    def name(self, part: str) -> str:
        """The Redis key of one part of this counter."""
        return f"identity:login:{part}:{self.scope}:{self.id}"


@dataclass(frozen=True)
class Attempt:
    """An attempt counted on its keys: the verdict, and what each key saw."""

    id: str
    verdict: AttemptVerdict
    histories: tuple[tuple[ThrottleKey, AttemptHistory], ...]
    retry_after: float


class Throttle:
    """Counts attempts and failures in Redis; raises a REDIS_ERRORS error when Redis is down."""

    def __init__(self, redis: Redis, policy: ThrottlePolicy) -> None:
        self.redis = redis
        self.policy = policy

    async def begin(self, keys: list[ThrottleKey], *, attempt_id: str, now: float) -> Attempt:
        """Count an attempt on every key; the verdict is the strictest of theirs."""
        histories = [(key, await self._count(key, attempt_id, now)) for key in keys]
        verdicts = [decide_attempt(h, self.policy, now=now) for _, h in histories]
        verdict = max(verdicts, key=_SEVERITY.index)
        attempt = Attempt(attempt_id, verdict, tuple(histories), self._retry_after(histories, now))
        if verdict is not AttemptVerdict.ALLOWED:
            await self.failed(attempt)
        return attempt

    async def _count(self, key: ThrottleKey, attempt_id: str, now: float) -> AttemptHistory:
        attempts, failures = key.name("attempts"), key.name("failures")
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(attempts, "streak", 1)
            pipe.hget(attempts, "last_at")
            pipe.hset(attempts, "last_at", repr(now))
            pipe.expire(attempts, STREAK_TTL_SECONDS)
            pipe.zadd(failures, {attempt_id: now})
            pipe.zremrangebyscore(failures, "-inf", now - self.policy.window_seconds)
            pipe.zcard(failures)
            pipe.expire(failures, self.policy.window_seconds)
            pipe.exists(key.name("locked"))
            streak, previous, *_, window, _, locked = await pipe.execute()
        previous_at = None if previous is None else float(previous)
        return AttemptHistory(int(streak) - 1, previous_at, int(window), bool(locked))

    def _retry_after(
        self, histories: list[tuple[ThrottleKey, AttemptHistory]], now: float
    ) -> float:
        waits = [
            (h.previous_at or now) + backoff_seconds(h.streak, self.policy) - now
            for _, h in histories
        ]
        return max([0.0, *waits])

    async def failed(self, attempt: Attempt) -> None:
        """The attempt failed (its count stays); lock each key that reached the lockout."""
        for key, history in attempt.histories:
            if locks_out(history.window_failures, self.policy):
                ttl = None if key.locks_until_unlocked else self.policy.window_seconds
                await self.redis.set(key.name("locked"), "1", ex=ttl)

    async def succeeded(self, attempt: Attempt) -> None:
        """The attempt succeeded: reset each key's streak and take back its count."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for key, _ in attempt.histories:
                pipe.delete(key.name("attempts"))
                pipe.zrem(key.name("failures"), attempt.id)
            await pipe.execute()

    async def unlock(self, key: ThrottleKey) -> None:
        """Clear a key's lockout, streak and window (an admin's unlock)."""
        await self.redis.delete(key.name("locked"), key.name("attempts"), key.name("failures"))

    async def is_locked(self, key: ThrottleKey) -> bool:
        """True when the key is locked out."""
        return bool(await self.redis.exists(key.name("locked")))
