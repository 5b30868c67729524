"""Pure rules of a daily activity log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from services.activity.domain.logs import (
    LogDraft,
    LogRuleError,
    LogSpan,
    LogStatus,
    NotVerifierError,
    ServedIndicator,
    check_new_log,
    check_verification,
)

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=UTC)  # 16:00 WIB, 17:00 WITA
SERVED = ServedIndicator("skp", "e1", date(2025, 1, 1), date(2025, 12, 31), "item", "ind", True)


def draft(**overrides: object) -> LogDraft:
    fields: dict[str, object] = {
        "employee_id": "e1",
        "day": date(2025, 6, 16),
        "start": time(8, 0),
        "end": time(9, 30),
        "description": "Menyusun laporan",
        "skp_item_id": "item",
        "indicator_id": "ind",
        "output_quantity": Decimal(1),
    }
    fields.update(overrides)
    return LogDraft(**fields)  # type: ignore[arg-type]


def check(d: LogDraft, *, others: list[LogSpan] | None = None, closed: bool = False) -> int:
    return check_new_log(
        d,
        served=SERVED,
        others=others or [],
        month_closed=closed,
        now=NOW,
        time_zone="Asia/Jakarta",
    )


def rule(d: LogDraft, **kw: object) -> str | None:
    with pytest.raises(LogRuleError) as raised:
        check(d, **kw)  # type: ignore[arg-type]
    return raised.value.field


def test_a_valid_log_counts_its_minutes() -> None:
    assert check(draft()) == 90


def test_end_before_start_is_refused() -> None:
    assert rule(draft(start=time(10, 0), end=time(9, 0))) == "end"


def test_a_log_ending_after_now_in_the_units_zone_is_in_the_future() -> None:
    assert check(draft(start=time(15, 0), end=time(16, 0))) == 60
    assert rule(draft(start=time(15, 0), end=time(16, 1))) == "date"
    assert rule(draft(day=date(2025, 6, 17))) == "date"


def test_the_units_zone_decides_what_is_future() -> None:
    late = draft(start=time(16, 0), end=time(16, 45))
    minutes = check_new_log(
        late, served=SERVED, others=[], month_closed=False, now=NOW, time_zone="Asia/Makassar"
    )
    assert minutes == 45


def test_before_the_skp_period_is_refused() -> None:
    assert rule(draft(day=date(2024, 12, 31))) == "date"


def test_another_employees_indicator_is_refused() -> None:
    assert rule(draft(employee_id="e2")) == "indicatorId"


def test_zero_or_negative_or_missing_output_is_refused_where_required() -> None:
    assert rule(draft(output_quantity=Decimal(0))) == "outputQuantity"
    assert rule(draft(output_quantity=Decimal(-1))) == "outputQuantity"
    assert rule(draft(output_quantity=None)) == "outputQuantity"


def test_overlap_with_a_live_log_is_refused_but_not_with_a_rejected_one() -> None:
    day = date(2025, 6, 16)
    other = LogSpan(day, time(9, 0), time(10, 0), LogStatus.SUBMITTED)
    assert rule(draft(), others=[other]) == "start"
    rejected = LogSpan(day, time(9, 0), time(10, 0), LogStatus.REJECTED)
    assert check(draft(), others=[rejected]) == 90
    touching = LogSpan(day, time(9, 30), time(10, 0), LogStatus.APPROVED)
    assert check(draft(), others=[touching]) == 90


def test_a_closed_month_is_refused() -> None:
    assert rule(draft(), closed=True) == "date"


def test_nobody_verifies_their_own_log_or_a_non_subordinates() -> None:
    with pytest.raises(NotVerifierError):
        check_verification(
            LogStatus.SUBMITTED, verifier_id="e1", employee_id="e1", is_superior=True
        )
    with pytest.raises(NotVerifierError):
        check_verification(
            LogStatus.SUBMITTED, verifier_id="b", employee_id="e1", is_superior=False
        )
    with pytest.raises(LogRuleError):
        check_verification(LogStatus.APPROVED, verifier_id="b", employee_id="e1", is_superior=True)
