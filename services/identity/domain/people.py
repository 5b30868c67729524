"""Rules about people: NIP, golongan/ruang, status against ASN type, and clean names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from services.identity.domain.enums import (
    ADULT_AGE,
    NAME_MAX_LENGTH,
    AsnType,
    EmployeeStatus,
    Gender,
)
from services.identity.domain.errors import (
    BlankTextError,
    InvalidGolonganError,
    InvalidNipError,
    InvalidStatusError,
)

_PNS_ONLY = {EmployeeStatus.CPNS, EmployeeStatus.PNS, EmployeeStatus.TUGAS_BELAJAR}
_PNS_ONLY |= {EmployeeStatus.CLTN, EmployeeStatus.RETIRED}
_PPPK_ONLY = {EmployeeStatus.PPPK, EmployeeStatus.CONTRACT_ENDED}

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
