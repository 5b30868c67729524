"""The work plan (RKAKL/DIPA) of a unit for a fiscal year, and its plan file's rows.

Words kept as they are: *program* → *kegiatan* (activity) → KRO (*klasifikasi rincian output*,
output class) → RO (*rincian output*, detailed output) with a unit of measure (*satuan*), a
volume and a budget ceiling (*pagu*, whole rupiah); IKU (*indikator kinerja utama*) are the
unit's key indicators. Codes follow the DIPA format: program `027.06.DL`, kegiatan `5678`,
KRO `5678.QAH`, RO `5678.QAH.001`.

The plan file has one row per RO or IKU (see services/targets/samples/README.md); parsing
is pure: rows of text in, a `PlanContent` or the rows' errors out, never half a plan.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from services.targets.domain.skp import Direction


class PlanStatus(StrEnum):
    """DRAFT until published; a published plan is SUPERSEDED when a revision is published."""

    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    SUPERSEDED = "SUPERSEDED"


class PlanFormat(StrEnum):
    """The plan file's formats."""

    CSV = "CSV"
    XLSX = "XLSX"


class RowType(StrEnum):
    """What a row of the plan file describes."""

    RO = "RO"
    IKU = "IKU"


COLUMNS = (
    "type",
    "year",
    "program_code",
    "program_name",
    "kegiatan_code",
    "kegiatan_name",
    "kro_code",
    "kro_name",
    "code",
    "name",
    "unit",
    "volume",
    "budget",
    "target_value",
    "direction",
)
RO_ONLY = (*COLUMNS[2:8], "volume", "budget")
IKU_ONLY = ("target_value", "direction")

# Seeded defaults (data, not rules): the units of measure (satuan) a plan may use.
DEFAULT_UNITS_OF_MEASURE = (
    "Orang", "Lembaga", "Dokumen", "Layanan", "Laporan", "Kegiatan", "Paket", "Unit",
    "Rekomendasi", "Keluarga", "Kelompok", "Desa", "Sistem Informasi", "Bulan Layanan",
    "Kali", "Produk", "Regulasi", "Wilayah", "Satker", "Persen", "Indeks", "Nilai",
)  # fmt: skip
MAX_ROWS = 5000
MAX_BUDGET = 10**15 - 1  # a sanity ceiling: far above any one RO's pagu
MAX_QUANTITY = Decimal(10**12)
MAX_DECIMALS = 4
MAX_NAME = 500
_NAMESPACE = uuid.UUID("4f0d7c1e-2b7a-4d55-9c36-5f1c0a3e8b21")
CODE_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "program_code": (re.compile(r"\d{3}\.\d{2}\.[A-Z]{2}"), "like 027.06.DL"),
    "kegiatan_code": (re.compile(r"\d{4}"), "4 digits, like 5678"),
    "kro_code": (re.compile(r"\d{4}\.[A-Z]{3}"), "like 5678.QAH"),
    RowType.RO: (re.compile(r"\d{4}\.[A-Z]{3}\.\d{3}"), "like 5678.QAH.001"),
    RowType.IKU: (re.compile(r"[A-Z0-9][A-Z0-9._-]{0,29}"), "like IKU.01 (letters, digits, .-_)"),
}


@dataclass(frozen=True)
class RowError:
    """A problem in the file: data rows count from 2 (row 1 is the header, 0 the whole file)."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class Output:
    """An RO: what the budget buys, with its unit of measure, volume and pagu (rupiah)."""

    code: str
    name: str
    unit: str
    volume: Decimal
    budget: int


@dataclass(frozen=True)
class Kro:
    """A KRO and its ROs."""

    code: str
    name: str
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class Kegiatan:
    """A kegiatan and its KROs."""

    code: str
    name: str
    kros: tuple[Kro, ...]


@dataclass(frozen=True)
class Program:
    """A program and its kegiatan."""

    code: str
    name: str
    kegiatan: tuple[Kegiatan, ...]


@dataclass(frozen=True)
class Indicator:
    """An IKU with its target."""

    code: str
    name: str
    target_value: Decimal
    unit: str
    direction: Direction


@dataclass(frozen=True)
class PlanContent:
    """A plan's content, every level sorted by code (so equal plans compare equal)."""

    programs: tuple[Program, ...]
    indicators: tuple[Indicator, ...]

    def outputs(self) -> Iterator[tuple[Program, Kegiatan, Kro, Output]]:
        """Every RO with the program, kegiatan and KRO above it."""
        for program in self.programs:
            for kegiatan in program.kegiatan:
                for kro in kegiatan.kros:
                    for output in kro.outputs:
                        yield program, kegiatan, kro, output

    @property
    def total_budget(self) -> int:
        """The plan's total pagu in rupiah."""
        return sum(output.budget for *_, output in self.outputs())


@dataclass(frozen=True)
class OutputLine:
    """A valid RO row: the RO with the codes and names of the levels above it."""

    row: int
    program: tuple[str, str]
    kegiatan: tuple[str, str]
    kro: tuple[str, str]
    output: Output


@dataclass(frozen=True)
class IndicatorLine:
    """A valid IKU row."""

    row: int
    indicator: Indicator


Line = OutputLine | IndicatorLine


@dataclass(frozen=True)
class Revision:
    """Where an import goes: a version number, and whether it overwrites that draft."""

    version: int
    replaces_draft: bool


def plan_revision(latest: tuple[int, PlanStatus] | None) -> Revision:
    """An import overwrites the latest draft, or starts the next version after a published one."""
    if latest is None:
        return Revision(version=1, replaces_draft=False)
    version, status = latest
    if status is PlanStatus.DRAFT:
        return Revision(version=version, replaces_draft=True)
    return Revision(version=version + 1, replaces_draft=False)


def output_id(unit_id: str, year: int, code: str) -> str:
    """The RO's id: the same for the same unit, year and code in every version of the plan."""
    return str(uuid.uuid5(_NAMESPACE, f"plan-output/{unit_id}/{year}/{code}"))


def indicator_id(unit_id: str, year: int, code: str) -> str:
    """The IKU's id: the same for the same unit, year and code in every version of the plan."""
    return str(uuid.uuid5(_NAMESPACE, f"unit-indicator/{unit_id}/{year}/{code}"))


def plain_decimal(value: Decimal) -> str:
    """A decimal as plain digits without trailing zeros: 12.5000 → "12.5", 1E+1 → "10"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
