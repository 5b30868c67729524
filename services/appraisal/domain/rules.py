"""Appraisal parameters as data (DOMAIN.md §4; reference/regulations.md §1–2).

Every number an agency may vary — weights, predicate bands, the objection window, distribution
rules, credit-point percentages and coefficients, the appraisal frequency — lives in
`AppraisalRules`: stored date-effective in the database (`rule_set`), seeded with `DEFAULT_RULES`,
editable by HR and system admins. The regimes' formulas themselves (PP46's time formula,
8/2021's value curve, 6/2022's matrix shape) are the regulations' definitions: a different formula
is a different regime, not a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from services.appraisal.domain.types import (
    Expectation,
    Frequency,
    Predicate,
    UnitRating,
)

PP46_ASPECTS: tuple[str, ...] = (
    "ORIENTASI_PELAYANAN",
    "INTEGRITAS",
    "KOMITMEN",
    "DISIPLIN",
    "KERJA_SAMA",
    "KEPEMIMPINAN",  # structural officials only
)
PP46_LEADERSHIP = "KEPEMIMPINAN"
P8_ASPECTS: tuple[str, ...] = (
    "ORIENTASI_PELAYANAN",
    "KOMITMEN",
    "INISIATIF_KERJA",
    "KERJA_SAMA",
    "KEPEMIMPINAN",  # structural officials only
)
BERAKHLAK: tuple[str, ...] = (
    "BERORIENTASI_PELAYANAN",
    "AKUNTABEL",
    "KOMPETEN",
    "HARMONIS",
    "LOYAL",
    "ADAPTIF",
    "KOLABORATIF",
)
STRUCTURAL_JOB_TYPES: tuple[str, ...] = (
    "JPT_UTAMA",
    "JPT_MADYA",
    "JPT_PRATAMA",
    "ADMINISTRATOR",
    "PENGAWAS",
)

B = Predicate
E = Expectation


@dataclass(frozen=True)
class Band:
    """A predicate for scores at or above `minimum` (bands are checked from the top)."""

    minimum: Decimal
    predicate: Predicate


@dataclass(frozen=True)
class DistributionRule:
    """One constraint on the share of a unit's predicates, given the unit's rating.

    `predicates` are counted together; the share must be ≥ `min_percent` and ≤ `max_percent`
    (None: no bound), and with `at_least_one` the count must be ≥ 1.
    """

    predicates: frozenset[Predicate]
    min_percent: Decimal | None = None
    max_percent: Decimal | None = None
    at_least_one: bool = False


def _bands(*pairs: tuple[str, Predicate]) -> tuple[Band, ...]:
    return tuple(Band(Decimal(low), predicate) for low, predicate in pairs)


def _rule(
    predicates: set[Predicate],
    *,
    min_percent: str | None = None,
    max_percent: str | None = None,
    at_least_one: bool = False,
) -> DistributionRule:
    return DistributionRule(
        frozenset(predicates),
        Decimal(min_percent) if min_percent is not None else None,
        Decimal(max_percent) if max_percent is not None else None,
        at_least_one,
    )


@dataclass(frozen=True)
class AppraisalRules:
    """The parameters in force from a date (see the module docstring)."""

    frequency: Frequency = Frequency.MONTHLY
    objection_days: int = 14
    # PP 46/2011 + Perka BKN 1/2013
    pp46_skp_weight: Decimal = Decimal(60)
    pp46_behaviour_weight: Decimal = Decimal(40)
    pp46_bands: tuple[Band, ...] = _bands(
        ("91", B.SANGAT_BAIK), ("76", B.BAIK), ("61", B.CUKUP), ("51", B.KURANG), ("0", B.BURUK)
    )
    pp46_efficiency_threshold: Decimal = Decimal(24)
    pp46_time_factor: Decimal = Decimal("1.76")
    # (minimum number of additional tasks, bonus points), checked from the top
    pp46_additional_task_bonus: tuple[tuple[int, Decimal], ...] = (
        (7, Decimal(3)),
        (4, Decimal(2)),
        (1, Decimal(1)),
    )
    pp46_creativity_points: tuple[Decimal, ...] = (Decimal(0), Decimal(3), Decimal(6), Decimal(12))
    pp46_behaviour_max: Decimal = Decimal(100)
    # PP 30/2019 Pasal 41 with PermenPANRB 8/2021
    p8_skp_weight: Decimal = Decimal(70)
    p8_behaviour_weight: Decimal = Decimal(30)
    p8_skp_weight_360: Decimal = Decimal(60)  # behaviour rated with peer and subordinate input
    p8_behaviour_weight_360: Decimal = Decimal(40)
    p8_bands: tuple[Band, ...] = _bands(
        ("110", B.SANGAT_BAIK),
        ("90", B.BAIK),
        ("70", B.CUKUP),
        ("50", B.KURANG),
        ("0", B.SANGAT_KURANG),
    )
    p8_sangat_baik_needs_innovation: bool = True  # "and a new idea or method" (Pasal 41)
    p8_behaviour_max: Decimal = Decimal(120)
    # PermenPANRB 6/2022: predicate by (results, behaviour)
    p6_matrix: tuple[tuple[Expectation, Expectation, Predicate], ...] = (
        (E.ABOVE, E.BELOW, B.KURANG),
        (E.ABOVE, E.AS_EXPECTED, B.BAIK),
        (E.ABOVE, E.ABOVE, B.SANGAT_BAIK),
        (E.AS_EXPECTED, E.BELOW, B.KURANG),
        (E.AS_EXPECTED, E.AS_EXPECTED, B.BAIK),
        (E.AS_EXPECTED, E.ABOVE, B.BAIK),
        (E.BELOW, E.BELOW, B.SANGAT_KURANG),
        (E.BELOW, E.AS_EXPECTED, B.BUTUH_PERBAIKAN),
        (E.BELOW, E.ABOVE, B.BUTUH_PERBAIKAN),
    )
    # The unit head's results rating follows the unit's rating.
    unit_head_results: tuple[tuple[UnitRating, Expectation], ...] = (
        (UnitRating.ISTIMEWA, E.ABOVE),
        (UnitRating.BAIK, E.AS_EXPECTED),
        (UnitRating.BUTUH_PERBAIKAN, E.BELOW),
        (UnitRating.KURANG, E.BELOW),
        (UnitRating.SANGAT_KURANG, E.BELOW),
    )
    distribution: tuple[tuple[UnitRating, tuple[DistributionRule, ...]], ...] = (
        (UnitRating.ISTIMEWA, (_rule({B.SANGAT_BAIK}, max_percent="70"),)),
        (
            UnitRating.BAIK,
            (
                _rule({B.BAIK}, max_percent="70"),
                _rule({B.BUTUH_PERBAIKAN, B.KURANG}, at_least_one=True),
            ),
        ),
        (
            UnitRating.BUTUH_PERBAIKAN,
            (
                _rule({B.BUTUH_PERBAIKAN}, min_percent="60"),
                _rule({B.SANGAT_BAIK}, max_percent="10"),
            ),
        ),
        (
            UnitRating.KURANG,
            (
                _rule({B.KURANG}, min_percent="60"),
                _rule({B.BUTUH_PERBAIKAN}, min_percent="10"),
                _rule({B.SANGAT_BAIK}, max_percent="10"),
            ),
        ),
        (
            UnitRating.SANGAT_KURANG,
            (
                _rule({B.SANGAT_KURANG}, min_percent="60"),
                _rule({B.KURANG, B.BUTUH_PERBAIKAN}, min_percent="10"),
                _rule({B.SANGAT_BAIK}, max_percent="0"),
            ),
        ),
    )
    # Functional credit points: percent of the annual coefficient by predicate (PerBKN 3/2023);
    # the older regimes' CUKUP and BURUK count like BUTUH_PERBAIKAN and SANGAT_KURANG.
    credit_percent: tuple[tuple[Predicate, Decimal], ...] = (
        (B.SANGAT_BAIK, Decimal(150)),
        (B.BAIK, Decimal(100)),
        (B.CUKUP, Decimal(75)),
        (B.BUTUH_PERBAIKAN, Decimal(75)),
        (B.KURANG, Decimal(50)),
        (B.SANGAT_KURANG, Decimal(25)),
        (B.BURUK, Decimal(25)),
    )
    # Annual coefficient by functional job type (PermenPANRB 1/2023, lampiran).
    credit_coefficients: tuple[tuple[str, Decimal], ...] = (
        ("JF_AHLI_PERTAMA", Decimal("12.5")),
        ("JF_AHLI_MUDA", Decimal(25)),
        ("JF_AHLI_MADYA", Decimal("37.5")),
        ("JF_AHLI_UTAMA", Decimal(50)),
        ("JF_PEMULA", Decimal("3.75")),
        ("JF_TERAMPIL", Decimal(5)),
        ("JF_MAHIR", Decimal("12.5")),
        ("JF_PENYELIA", Decimal(25)),
    )
    reward_predicates: frozenset[Predicate] = field(
        default_factory=lambda: frozenset({B.SANGAT_BAIK})
    )
    coaching_predicates: frozenset[Predicate] = field(
        default_factory=lambda: frozenset(
            {B.CUKUP, B.BUTUH_PERBAIKAN, B.KURANG, B.SANGAT_KURANG, B.BURUK}
        )
    )


DEFAULT_RULES = AppraisalRules()
