"""Scalars and value types shared by every subgraph: Money and the Decimal-string convention."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.federation.type(
    shareable=True, description="An amount of money: whole rupiah as a decimal string."
)
class Money:
    """Money on the wire; amounts are integers in storage (rupiah) and strings in JSON."""

    amount: Decimal
    currency: str = "IDR"

    @classmethod
    def rupiah(cls, amount: int) -> Money:
        """Money from integer rupiah."""
        return cls(amount=Decimal(amount), currency="IDR")
