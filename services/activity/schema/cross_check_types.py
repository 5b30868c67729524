"""GraphQL types of the logs-versus-attendance cross-checks."""

from __future__ import annotations

from datetime import date

import strawberry

from services.activity.domain.cross_checks import CrossChecks as DomainCrossChecks


@strawberry.type(description="A log with minutes outside the attended hours of its day.")
class LoggedOutsideAttendance:
    """A flagged log."""

    log_id: strawberry.ID
    day: date
    minutes_outside: int


@strawberry.type(description="What the month's logs and attendance say about each other.")
class CrossChecks:
    """Shown to the employee and the superior: flagged, never hidden."""

    logged_outside_attendance: list[LoggedOutsideAttendance]
    days_present_without_log: list[date]
    effective_minutes: int
    target_minutes: int
    shortfall_minutes: int

    @classmethod
    def from_checks(cls, checks: DomainCrossChecks) -> CrossChecks:
        """The type from the pure result."""
        return cls(
            logged_outside_attendance=[
                LoggedOutsideAttendance(
                    log_id=strawberry.ID(item.log_id),
                    day=item.day,
                    minutes_outside=item.minutes_outside,
                )
                for item in checks.logged_outside_attendance
            ],
            days_present_without_log=list(checks.days_present_without_log),
            effective_minutes=checks.effective_minutes,
            target_minutes=checks.target_minutes,
            shortfall_minutes=checks.shortfall_minutes,
        )
