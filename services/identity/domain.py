"""Pure rules of the organisation directory: units, positions, employees and assignments.

Indonesian words kept as the real names: *NIP* (nomor induk pegawai, the civil servant's
18-digit number), *kelas jabatan* (the position's grade 1–17 that sets the allowance),
*golongan/ruang* (a PNS's rank, I/a … IV/e; PPPK grades I … XVII), *Plt*/*Plh* (acting holders).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache

# The capital's zone (WIB) is used when a date is asked for without any unit to localise it.
DEFAULT_TIME_ZONE = "Asia/Jakarta"
# A date that has begun anywhere in Indonesia (WIT is the furthest east) is not in the future.
EASTERNMOST_TIME_ZONE = "Asia/Jayapura"
KELAS_JABATAN_MIN = 1
KELAS_JABATAN_MAX = 17
NAME_MAX_LENGTH = 200
CODE_MAX_LENGTH = 50
ADULT_AGE = 18


class OrgUnitType(StrEnum):
    """Kinds of organisation unit, from the ministry down to sections and regional offices."""

    MINISTRY = "MINISTRY"
    DIRECTORATE_GENERAL = "DIRECTORATE_GENERAL"
    SECRETARIAT = "SECRETARIAT"
    DIRECTORATE = "DIRECTORATE"
    SUB_DIRECTORATE = "SUB_DIRECTORATE"
    DIVISION = "DIVISION"
    SECTION = "SECTION"
    REGIONAL_OFFICE = "REGIONAL_OFFICE"


class JobType(StrEnum):
    """Job types: JPT (senior leadership), structural, pelaksana and functional (JF)."""

    JPT_UTAMA = "JPT_UTAMA"
    JPT_MADYA = "JPT_MADYA"
    JPT_PRATAMA = "JPT_PRATAMA"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    PELAKSANA = "PELAKSANA"
    JF_AHLI_PERTAMA = "JF_AHLI_PERTAMA"
    JF_AHLI_MUDA = "JF_AHLI_MUDA"
    JF_AHLI_MADYA = "JF_AHLI_MADYA"
    JF_AHLI_UTAMA = "JF_AHLI_UTAMA"
    JF_PEMULA = "JF_PEMULA"
    JF_TERAMPIL = "JF_TERAMPIL"
    JF_MAHIR = "JF_MAHIR"
    JF_PENYELIA = "JF_PENYELIA"


class AsnType(StrEnum):
    """PNS (career civil servant) or PPPK (government employee on contract)."""

    PNS = "PNS"
    PPPK = "PPPK"


class EmployeeStatus(StrEnum):
    """Employment status; which ones are paid is the allowance service's rule set."""

    CPNS = "CPNS"
    PNS = "PNS"
    PPPK = "PPPK"
    TUGAS_BELAJAR = "TUGAS_BELAJAR"
    CLTN = "CLTN"
    SUSPENDED = "SUSPENDED"
    RETIRED = "RETIRED"
    CONTRACT_ENDED = "CONTRACT_ENDED"
    RESIGNED = "RESIGNED"
    DISMISSED = "DISMISSED"
    DECEASED = "DECEASED"


class Gender(StrEnum):
    """Gender as encoded in the NIP (1 male, 2 female)."""

    MALE = "MALE"
    FEMALE = "FEMALE"


class AssignmentKind(StrEnum):
    """Definitive appointment or acting duty (Plt = pelaksana tugas, Plh = pelaksana harian)."""

    DEFINITIVE = "DEFINITIVE"
    PLT = "PLT"
    PLH = "PLH"


_PNS_ONLY = {EmployeeStatus.CPNS, EmployeeStatus.PNS, EmployeeStatus.TUGAS_BELAJAR}
_PNS_ONLY |= {EmployeeStatus.CLTN, EmployeeStatus.RETIRED}
_PPPK_ONLY = {EmployeeStatus.PPPK, EmployeeStatus.CONTRACT_ENDED}


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


# --- text ------------------------------------------------------------------------------------


def clean_text(value: str, *, field: str, max_length: int = NAME_MAX_LENGTH) -> str:
    """The value with surrounding and repeated inner spaces removed; not empty, not too long."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise BlankTextError(f"{field} must not be empty", field=field)
    if len(cleaned) > max_length:
        raise BlankTextError(f"{field} must be at most {max_length} characters", field=field)
    return cleaned


# --- NIP -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nip:
    """A valid NIP: birth date `YYYYMMDD` + first appointment `YYYYMM` + gender + sequence."""

    value: str
    birth_date: date
    appointment_date: date  # first day of the appointment month
    gender: Gender
    sequence: int

    def __str__(self) -> str:
        return self.value

    def formatted(self) -> str:
        """The NIP grouped the way it is printed: `19660801 198803 1 001`."""
        v = self.value
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"


def normalize_nip(raw: str) -> str:
    """The NIP with spaces removed (the stored and searched form)."""
    return "".join(raw.split())


def parse_nip(raw: str, *, today: date) -> Nip:
    """Validate a NIP (spaces allowed) against every structural rule; each rule its own message."""
    digits = _nip_digits(raw)
    birth = _nip_birth_date(digits[:8])
    appointment = _nip_appointment(digits[8:14], birth=birth, today=today)
    gender = _nip_gender(digits[14])
    sequence = int(digits[15:])
    if sequence < 1:
        raise InvalidNipError("NIP sequence number (last 3 digits) must be 001 or more, not 000")
    return Nip(digits, birth, appointment, gender, sequence)


def _nip_digits(raw: str) -> str:
    digits = normalize_nip(raw)
    if digits and not (digits.isascii() and digits.isdigit()):
        raise InvalidNipError("NIP may contain only digits and spaces")
    if len(digits) != 18:
        raise InvalidNipError(f"NIP must have exactly 18 digits, not {len(digits)}")
    return digits


def _nip_birth_date(text: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise InvalidNipError(
            f"NIP birth date {text} (first 8 digits, YYYYMMDD) is not a real date"
        ) from None


def _nip_appointment(text: str, *, birth: date, today: date) -> date:
    year, month = int(text[:4]), int(text[4:])
    if not 1 <= month <= 12:
        raise InvalidNipError(
            f"NIP appointment month {text[4:]} (digits 13–14) must be between 01 and 12"
        )
    if year < 1:
        raise InvalidNipError(f"NIP appointment year {text[:4]} (digits 9–12) is not a real year")
    appointed = date(year, month, 1)
    # The appointment is only known to the month: the month of the 18th birthday counts.
    if (year, month) < (birth.year + ADULT_AGE, birth.month):
        raise InvalidNipError(
            f"NIP appointment {text[:4]}-{text[4:]} is before the age of {ADULT_AGE} "
            f"(born {birth.isoformat()})"
        )
    if (year, month) > (today.year, today.month):
        raise InvalidNipError(f"NIP appointment {text[:4]}-{text[4:]} is in the future")
    return appointed


def _nip_gender(digit: str) -> Gender:
    if digit == "1":
        return Gender.MALE
    if digit == "2":
        return Gender.FEMALE
    raise InvalidNipError(f"NIP gender digit (digit 15) must be 1 or 2, not {digit}")


# --- employees -------------------------------------------------------------------------------

_PNS_GOLONGAN = re.compile(r"^(IV|III|II|I)/([A-Ea-e])$", re.IGNORECASE)
_ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def normalize_golongan(raw: str | None, *, asn_type: AsnType) -> str | None:
    """Canonical golongan (`III/a` for PNS, `IX` for PPPK) or None; invalid ones raise."""
    if raw is None or not raw.strip():
        return None
    text = "".join(raw.split()).upper()
    if asn_type is AsnType.PPPK:
        if text in _ROMAN:
            return text
        raise InvalidGolonganError(f"PPPK golongan must be I … XVII, not {raw.strip()}")
    match = _PNS_GOLONGAN.match(text)
    if match is None or (match[2].lower() == "e" and match[1].upper() != "IV"):
        raise InvalidGolonganError(
            f"PNS golongan must be I/a … IV/e (e only in IV), not {raw.strip()}"
        )
    return f"{match[1].upper()}/{match[2].lower()}"


def check_status(status: EmployeeStatus, *, asn_type: AsnType) -> EmployeeStatus:
    """The status, if it applies to the ASN type (e.g. CPNS only for PNS, PPPK only for PPPK)."""
    if asn_type is AsnType.PPPK and status in _PNS_ONLY:
        raise InvalidStatusError(f"status {status} applies only to PNS, not PPPK")
    if asn_type is AsnType.PNS and status in _PPPK_ONLY:
        raise InvalidStatusError(f"status {status} applies only to PPPK, not PNS")
    return status


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


# --- assignments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tenure:
    """One assignment as the rules see it: who holds which position, how, from/to (inclusive)."""

    id: str
    employee_id: str
    position_id: str
    kind: AssignmentKind
    start: date
    end: date | None = None

    def overlaps(self, other: Tenure) -> bool:
        """True when both periods share at least one day."""
        return periods_overlap(self.start, self.end, other.start, other.end)


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """True when two inclusive periods (open-ended when the end is None) share a day."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def check_assignment_dates(start: date, end: date | None) -> None:
    """Refuse an assignment that ends before it starts (a one-day assignment is fine)."""
    if end is not None and end < start:
        raise AssignmentDatesError(
            f"end date {end.isoformat()} is before start date {start.isoformat()}"
        )


def check_assignment(candidate: Tenure, others: Iterable[Tenure]) -> None:
    """Refuse overlaps: two definitive holders of a position, two definitive positions of one
    employee, or the same employee twice in one position."""
    check_assignment_dates(candidate.start, candidate.end)
    for other in others:
        if other.id == candidate.id or not candidate.overlaps(other):
            continue
        _check_pair(candidate, other)


def _check_pair(candidate: Tenure, other: Tenure) -> None:
    period = f"{other.start.isoformat()} – {other.end.isoformat() if other.end else 'open'}"
    same_position = other.position_id == candidate.position_id
    if same_position and other.employee_id == candidate.employee_id:
        raise AssignmentOverlapError(f"the employee already holds this position ({period})")
    both_definitive = AssignmentKind.DEFINITIVE == candidate.kind == other.kind
    if both_definitive and same_position:
        raise AssignmentOverlapError(f"the position already has a definitive holder ({period})")
    if both_definitive and other.employee_id == candidate.employee_id:
        raise AssignmentOverlapError(
            f"the employee already holds another position definitively ({period})"
        )
