"""Pure rules of access: passwords, sign-in throttling and lockout, role grants, refresh tokens.

Every figure is data (`PasswordPolicy`, `ThrottlePolicy`, `HashParameters`), passed in by the
caller from settings; `now` is injected as a unix time in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.identity.domain.errors import IdentityError

# --- passwords -------------------------------------------------------------------------------


class InvalidPasswordError(IdentityError):
    """A new password that breaks the password rules."""

    default_field = "newPassword"


@dataclass(frozen=True)
class PasswordPolicy:
    """What a new password must satisfy; `max_bytes` is checked before any hashing."""

    min_length: int = 10
    max_bytes: int = 1024


def check_new_password(password: str, policy: PasswordPolicy, *, field: str = "newPassword") -> str:
    """The password, if it is long enough and not over the size limit (UTF-8 bytes)."""
    if len(password.encode()) > policy.max_bytes:
        raise InvalidPasswordError(
            f"password must be at most {policy.max_bytes} bytes (UTF-8)", field=field
        )
    if len(password) < policy.min_length:
        raise InvalidPasswordError(
            f"password must be at least {policy.min_length} characters", field=field
        )
    return password


def password_too_large(password: str, policy: PasswordPolicy) -> bool:
    """True when a submitted password is over the size limit (refused without hashing)."""
    return len(password.encode()) > policy.max_bytes


@dataclass(frozen=True)
class HashParameters:
    """Argon2id cost parameters (OWASP minimum: 19 MiB memory, 2 iterations, 1 lane)."""

    memory_kib: int = 19456
    time_cost: int = 2
    parallelism: int = 1


# --- throttling ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    """Back-off after `free_failures` failures in a row; lockout after `lockout_failures`
    failures within `window_seconds`."""

    free_failures: int = 5
    backoff_cap_seconds: int = 300
    lockout_failures: int = 20
    window_seconds: int = 900


class AttemptVerdict(StrEnum):
    """Whether a sign-in attempt may check the password."""

    ALLOWED = "ALLOWED"
    BACKING_OFF = "BACKING_OFF"
    LOCKED = "LOCKED"


@dataclass(frozen=True)
class AttemptHistory:
    """What the throttle knows when an attempt arrives (this attempt already counted).

    `streak`: failed attempts in a row before this one; `previous_at`: when the last attempt
    was made; `window_failures`: attempts in the window, this one included.
    """

    streak: int
    previous_at: float | None
    window_failures: int
    locked: bool


def backoff_seconds(streak: int, policy: ThrottlePolicy) -> int:
    """The wait after `streak` failures in a row: 0 before the limit, then 2^(n−limit) s, capped."""
    if streak < policy.free_failures:
        return 0
    exponent = streak - policy.free_failures
    if exponent >= policy.backoff_cap_seconds.bit_length():
        return policy.backoff_cap_seconds
    return min(1 << exponent, policy.backoff_cap_seconds)


def decide_attempt(
    history: AttemptHistory, policy: ThrottlePolicy, *, now: float
) -> AttemptVerdict:
    """May this attempt check the password, or is its key locked out or backing off?"""
    if history.locked or history.window_failures > policy.lockout_failures:
        return AttemptVerdict.LOCKED
    wait = backoff_seconds(history.streak, policy)
    if wait and history.previous_at is not None and now < history.previous_at + wait:
        return AttemptVerdict.BACKING_OFF
    return AttemptVerdict.ALLOWED


def locks_out(window_failures: int, policy: ThrottlePolicy) -> bool:
    """True when this many failures within the window lock the key until an admin unlocks."""
    return window_failures >= policy.lockout_failures


# --- roles -----------------------------------------------------------------------------------


class GrantableRole(StrEnum):
    """Roles an admin may grant (EMPLOYEE is everyone's; SUPERVISOR comes from positions)."""

    UNIT_ADMIN = "UNIT_ADMIN"
    HR = "HR"
    EXECUTIVE = "EXECUTIVE"
    AUDITOR = "AUDITOR"
    SYSTEM_ADMIN = "SYSTEM_ADMIN"


ORGANISATION_WIDE_ROLES = frozenset({GrantableRole.AUDITOR, GrantableRole.SYSTEM_ADMIN})


class InvalidGrantError(IdentityError):
    """A role grant whose scope does not fit the role, or without a reason."""


def check_grant(role: GrantableRole, unit_id: str | None, reason: str) -> str:
    """The cleaned reason, if the grant is well-formed (AUDITOR/SYSTEM_ADMIN have no unit)."""
    if role in ORGANISATION_WIDE_ROLES and unit_id is not None:
        raise InvalidGrantError(f"{role} is organisation-wide; leave unitId empty", field="unitId")
    return check_reason(reason)


def check_reason(reason: str) -> str:
    """A reason for an access change: required, at most 500 characters."""
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise InvalidGrantError("a reason is required", field="reason")
    if len(cleaned) > 500:
        raise InvalidGrantError("reason must be at most 500 characters", field="reason")
    return cleaned


# --- refresh tokens --------------------------------------------------------------------------


class RefreshStatus(StrEnum):
    """A refresh token is usable once (ACTIVE), then ROTATED; a family can be REVOKED."""

    ACTIVE = "ACTIVE"
    ROTATED = "ROTATED"
    REVOKED = "REVOKED"


class RefreshOutcome(StrEnum):
    """What presenting a refresh token leads to."""

    ROTATE = "ROTATE"  # issue a new pair, mark this one rotated
    REUSED = "REUSED"  # a rotated token came back: revoke the whole family and its session
    REFUSED = "REFUSED"  # unknown, expired or revoked: nothing to do


def refresh_outcome(
    status: RefreshStatus | None, *, expires_at: float, now: float
) -> RefreshOutcome:
    """The outcome of presenting a refresh token in `status` (None: unknown token)."""
    if status is RefreshStatus.ROTATED:
        return RefreshOutcome.REUSED
    if status is RefreshStatus.ACTIVE and now < expires_at:
        return RefreshOutcome.ROTATE
    return RefreshOutcome.REFUSED


# --- signing keys ----------------------------------------------------------------------------


class KeyStatus(StrEnum):
    """ACTIVE signs; VERIFYING still verifies (in JWKS); RETIRED is gone from JWKS."""

    ACTIVE = "ACTIVE"
    VERIFYING = "VERIFYING"
    RETIRED = "RETIRED"


class KeyRetirementError(IdentityError):
    """Retiring the key that signs now (rotate first)."""

    default_field = "kid"
