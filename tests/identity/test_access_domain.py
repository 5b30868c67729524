"""Pure access rules: passwords, back-off and lockout, grants, refresh-token outcomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.identity.domain import (
    AttemptHistory,
    AttemptVerdict,
    GrantableRole,
    InvalidGrantError,
    InvalidPasswordError,
    PasswordPolicy,
    RefreshOutcome,
    RefreshStatus,
    ThrottlePolicy,
    backoff_seconds,
    check_grant,
    check_new_password,
    decide_attempt,
    locks_out,
    password_too_large,
    refresh_outcome,
)

POLICY = PasswordPolicy()
THROTTLE = ThrottlePolicy()
NOW = 1_750_000_000.0


def history(
    streak: int, *, ago: float = 0.0, window: int = 1, locked: bool = False
) -> AttemptHistory:
    return AttemptHistory(streak, NOW - ago, window, locked)


# --- passwords -------------------------------------------------------------------------------


def test_a_password_of_ten_characters_is_accepted() -> None:
    assert check_new_password("0123456789", POLICY) == "0123456789"


def test_a_password_of_nine_characters_is_refused() -> None:
    with pytest.raises(InvalidPasswordError) as error:
        check_new_password("012345678", POLICY)
    assert (error.value.field, error.value.message) == (
        "newPassword",
        "password must be at least 10 characters",
    )


def test_a_password_of_exactly_1024_bytes_is_accepted() -> None:
    assert check_new_password("a" * 1024, POLICY)


def test_a_password_over_1024_bytes_is_refused() -> None:
    with pytest.raises(InvalidPasswordError, match="at most 1024 bytes"):
        check_new_password("a" * 1025, POLICY)


def test_the_size_limit_counts_utf8_bytes_not_characters() -> None:
    # 342 characters of 3 bytes each: 1026 bytes.
    assert password_too_large("€" * 342, POLICY)
    assert not password_too_large("€" * 341, POLICY)


# --- back-off and lockout --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("streak", "seconds"), [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (10, 32), (13, 256), (14, 300)]
)
def test_backoff_doubles_after_five_failures_and_is_capped(streak: int, seconds: int) -> None:
    assert backoff_seconds(streak, THROTTLE) == seconds


@given(st.integers(min_value=0, max_value=10_000))
def test_backoff_never_exceeds_the_cap(streak: int) -> None:
    assert 0 <= backoff_seconds(streak, THROTTLE) <= THROTTLE.backoff_cap_seconds


def test_four_failures_in_a_row_do_not_slow_the_fifth_attempt() -> None:
    assert decide_attempt(history(4), THROTTLE, now=NOW) is AttemptVerdict.ALLOWED


def test_after_five_failures_an_attempt_within_a_second_backs_off() -> None:
    assert decide_attempt(history(5, ago=0.5), THROTTLE, now=NOW) is AttemptVerdict.BACKING_OFF


def test_after_five_failures_an_attempt_a_second_later_is_allowed() -> None:
    assert decide_attempt(history(5, ago=1.0), THROTTLE, now=NOW) is AttemptVerdict.ALLOWED


def test_after_eight_failures_the_wait_is_eight_seconds() -> None:
    assert decide_attempt(history(8, ago=7.9), THROTTLE, now=NOW) is AttemptVerdict.BACKING_OFF
    assert decide_attempt(history(8, ago=8.0), THROTTLE, now=NOW) is AttemptVerdict.ALLOWED


def test_a_locked_key_is_refused_whatever_the_streak() -> None:
    assert decide_attempt(history(0, locked=True), THROTTLE, now=NOW) is AttemptVerdict.LOCKED


def test_more_attempts_in_the_window_than_the_lockout_allows_are_refused() -> None:
    verdict = decide_attempt(history(0, ago=999, window=21), THROTTLE, now=NOW)
    assert verdict is AttemptVerdict.LOCKED


def test_twenty_failures_within_the_window_lock_out() -> None:
    assert not locks_out(19, THROTTLE)
    assert locks_out(20, THROTTLE)


# --- grants ----------------------------------------------------------------------------------


def test_a_scoped_hr_grant_needs_a_reason() -> None:
    with pytest.raises(InvalidGrantError) as error:
        check_grant(GrantableRole.HR, "unit-1", "   ")
    assert (error.value.field, error.value.message) == ("reason", "a reason is required")


@pytest.mark.parametrize("role", [GrantableRole.AUDITOR, GrantableRole.SYSTEM_ADMIN])
def test_auditor_and_system_admin_are_organisation_wide(role: GrantableRole) -> None:
    with pytest.raises(InvalidGrantError) as error:
        check_grant(role, "unit-1", "audit 2025")
    assert error.value.field == "unitId"
    assert check_grant(role, None, "  audit   2025 ") == "audit 2025"


# --- refresh tokens --------------------------------------------------------------------------


def test_an_active_unexpired_refresh_token_rotates() -> None:
    outcome = refresh_outcome(RefreshStatus.ACTIVE, expires_at=NOW + 1, now=NOW)
    assert outcome is RefreshOutcome.ROTATE


def test_an_expired_refresh_token_is_refused() -> None:
    outcome = refresh_outcome(RefreshStatus.ACTIVE, expires_at=NOW, now=NOW)
    assert outcome is RefreshOutcome.REFUSED


def test_a_rotated_refresh_token_presented_again_is_reuse() -> None:
    outcome = refresh_outcome(RefreshStatus.ROTATED, expires_at=NOW + 1, now=NOW)
    assert outcome is RefreshOutcome.REUSED


@pytest.mark.parametrize("status", [RefreshStatus.REVOKED, None])
def test_revoked_or_unknown_refresh_tokens_are_refused(status: RefreshStatus | None) -> None:
    assert refresh_outcome(status, expires_at=NOW + 1, now=NOW) is RefreshOutcome.REFUSED
