"""check_tariff_amounts: every class 1–17 once, whole rupiah, more than Rp 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from services.allowance.domain.tariffs import (
    PERPRES_71_2023,
    PERPRES_134_2017,
    SEED_TARIFFS,
    check_tariff_amounts,
)
from services.allowance.domain.types import AllowanceRuleError

VALID = dict(PERPRES_71_2023.amounts)


def amounts(**changes: Any) -> dict[int, Any]:
    """The 71/2023 amounts with `k<kelas>=amount` changed."""
    data: dict[int, Any] = dict(VALID)
    data.update({int(key[1:]): value for key, value in changes.items()})
    return data


@pytest.mark.parametrize("table", SEED_TARIFFS, ids=lambda t: t.name)
def test_the_two_seeds_are_valid(table: Any) -> None:
    assert check_tariff_amounts(dict(table.amounts)) == dict(table.amounts)


def test_seeds_are_the_two_perpres() -> None:
    assert SEED_TARIFFS == (PERPRES_134_2017, PERPRES_71_2023)
    assert PERPRES_71_2023.amount(17) == 33_240_000
    assert PERPRES_71_2023.amount(1) == 2_531_250
    assert PERPRES_134_2017.amount(17) == 29_085_000
    assert PERPRES_71_2023.amount(18) is None


def test_result_is_ordered_from_kelas_17_down() -> None:
    assert list(check_tariff_amounts(dict(reversed(list(VALID.items()))))) == list(range(17, 0, -1))


def test_integral_strings_and_decimals_become_int() -> None:
    checked = check_tariff_amounts(amounts(k9="5079200", k8=Decimal("4595150")))

    assert (checked[9], checked[8]) == (5_079_200, 4_595_150)
    assert all(type(value) is int for value in checked.values())


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "more than Rp 0"),
        (0, "more than Rp 0"),
        ("-5000", "more than Rp 0"),
        ("1.5", "whole rupiah"),
        (1.5, "whole rupiah"),
        (5_079_200.0, "whole rupiah"),
        (Decimal("1.5"), "whole rupiah"),
        ("lima juta", "not an amount"),
        ("NaN", "whole rupiah"),
        (None, "whole rupiah"),
        (True, "whole rupiah"),
    ],
)
def test_a_bad_amount_names_the_class(amount: Any, message: str) -> None:
    with pytest.raises(AllowanceRuleError, match=message) as error:
        check_tariff_amounts(amounts(k9=amount))
    assert error.value.field == "amounts"
    assert "kelas 9" in str(error.value)


def test_missing_class_is_an_error() -> None:
    data = dict(VALID)
    del data[5]

    with pytest.raises(AllowanceRuleError, match="no amount for kelas 5") as error:
        check_tariff_amounts(data)
    assert error.value.field == "amounts"


def test_class_18_is_an_error() -> None:
    with pytest.raises(AllowanceRuleError, match="kelas 18 is outside 1–17") as error:
        check_tariff_amounts({**VALID, 18: 40_000_000})
    assert error.value.field == "amounts"


def test_class_0_is_an_error() -> None:
    with pytest.raises(AllowanceRuleError, match="kelas 0"):
        check_tariff_amounts({**VALID, 0: 1_000_000})


def test_a_class_that_is_not_a_number_is_an_error() -> None:
    with pytest.raises(AllowanceRuleError, match="not a kelas jabatan"):
        check_tariff_amounts({**VALID, "9": 1_000_000})  # type: ignore[dict-item]


def test_amounts_must_be_a_mapping() -> None:
    with pytest.raises(AllowanceRuleError, match="must map kelas"):
        check_tariff_amounts([(9, 1)])  # type: ignore[arg-type]
