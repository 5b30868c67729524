"""Rules about the organisation: time zones, the unit tree, positions and reports-to."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache

from services.identity.domain.enums import KELAS_JABATAN_MAX, KELAS_JABATAN_MIN
from services.identity.domain.errors import (
    InvalidKelasJabatanError,
    InvalidTimeZoneError,
    ReportingCycleError,
    UnitCycleError,
)

# --- units -----------------------------------------------------------------------------------


@cache
def _iana_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(name: str) -> str:
    """The name, if it is an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)."""
    cleaned = name.strip()
    if cleaned not in _iana_zone_names():
        raise InvalidTimeZoneError(
            f"{name!r} is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
        )
    return cleaned


def local_date(now: datetime, time_zone: str) -> date:
    """The calendar date at instant `now` in `time_zone`."""
    return now.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def unit_path(parent_path: Sequence[str] | None, unit_id: str) -> tuple[str, ...]:
    """A unit's path from the root: its parent's path followed by its own id."""
    return (*(parent_path or ()), unit_id)


def check_unit_parent(unit_id: str, *, parent_path: Sequence[str] | None) -> None:
    """Refuse a parent that is the unit itself or one of its descendants (no cycles)."""
    if parent_path is None:
        return
    if parent_path[-1] == unit_id:
        raise UnitCycleError("a unit cannot be its own parent")
    if unit_id in parent_path:
        raise UnitCycleError("a unit cannot be moved under its own descendant")


def rebase_path(
    path: Sequence[str], *, old_prefix: Sequence[str], new_prefix: Sequence[str]
) -> tuple[str, ...]:
    """A descendant's path after its ancestor moved from `old_prefix` to `new_prefix`."""
    if tuple(path[: len(old_prefix)]) != tuple(old_prefix):
        raise ValueError("path is not under the moved unit")
    return (*new_prefix, *path[len(old_prefix) :])


# --- positions -------------------------------------------------------------------------------


def check_kelas_jabatan(value: int) -> int:
    """The kelas jabatan, if it is between 1 and 17."""
    if not KELAS_JABATAN_MIN <= value <= KELAS_JABATAN_MAX:
        raise InvalidKelasJabatanError(
            f"kelas jabatan must be between {KELAS_JABATAN_MIN} and {KELAS_JABATAN_MAX}, "
            f"not {value}"
        )
    return value


def check_reports_to(position_id: str, reports_to_id: str | None, *, chain: Sequence[str]) -> None:
    """Refuse a reports-to line that loops; `chain` is reports_to_id and its own line upwards."""
    if reports_to_id is None:
        return
    if reports_to_id == position_id:
        raise ReportingCycleError("a position cannot report to itself")
    if position_id in chain:
        raise ReportingCycleError(
            "this reports-to position already reports (indirectly) to this position; "
            "the line would form a cycle"
        )
