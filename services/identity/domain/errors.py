"""Errors of the directory rules: `ValueError`s whose `field` names the faulty input."""

from __future__ import annotations


class IdentityError(ValueError):
    """A directory rule was broken; `field` names the faulty input (None: the input as a whole)."""

    default_field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field if field is not None else self.default_field
        self.message = message


class InvalidNipError(IdentityError):
    """A NIP that breaks one of its structural rules."""

    default_field = "nip"


class InvalidTimeZoneError(IdentityError):
    """A time zone that is not an IANA zone name."""

    default_field = "timeZone"


class InvalidKelasJabatanError(IdentityError):
    """A kelas jabatan outside 1–17."""

    default_field = "kelasJabatan"


class InvalidGolonganError(IdentityError):
    """A golongan that does not exist for the employee's ASN type."""

    default_field = "golongan"


class InvalidStatusError(IdentityError):
    """A status that does not apply to the employee's ASN type."""

    default_field = "status"


class BlankTextError(IdentityError):
    """A required text that is empty or too long."""


class UnitCycleError(IdentityError):
    """A unit placed under itself or under one of its own descendants."""

    default_field = "parentId"


class ReportingCycleError(IdentityError):
    """A position that would (indirectly) report to itself."""

    default_field = "reportsToId"


class AssignmentDatesError(IdentityError):
    """An assignment that ends before it starts."""

    default_field = "endDate"


class AssignmentOverlapError(IdentityError):
    """An assignment that overlaps one it may not overlap (a conflict with existing state)."""
