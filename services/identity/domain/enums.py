"""The directory's vocabularies (enums) and the figures its rules use."""

from __future__ import annotations

from enum import StrEnum

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
