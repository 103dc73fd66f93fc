"""What counts as direct financial loss: the table and the sum of recorded items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from breach.errors import InvalidInput, UnknownValue
from breach.nis2 import LOSS_CATEGORIES, LossItem, direct_financial_loss


def test_fines_and_running_costs_do_not_count() -> None:
    """LAW.md section 5: administrative fines and day-to-day running costs are not direct financial loss."""
    items = [
        LossItem(category="forgone_revenue", amount_eur=300_000),
        LossItem(category="advisory", amount_eur=Decimal("45000.50")),
        LossItem(category="administrative_fines", amount_eur=1_000_000),
        LossItem(category="day_to_day_operation", amount_eur=80_000),
        LossItem(category="insurance_premiums", amount_eur=5_000),
    ]
    assert direct_financial_loss(items) == Decimal("345000.50")


@pytest.mark.parametrize(
    ("category", "counts"),
    [
        ("replacement_of_systems", True),
        ("staff", True),
        ("contractual_penalties", True),
        ("customer_redress", True),
        ("forgone_revenue", True),
        ("communication", True),
        ("advisory", True),
        ("administrative_fines", False),
        ("day_to_day_operation", False),
        ("enhancement_after_incident", False),
        ("insurance_premiums", False),
    ],
)
def test_table_says_what_counts(category: str, counts: bool) -> None:
    """Each category of LAW.md section 5 counts or not, with its source."""
    spec = LOSS_CATEGORIES[category]
    assert spec.counts is counts
    assert "2024/2690" in spec.source


def test_floats_sum_at_their_decimal_value() -> None:
    """0.1 + 0.2 is 0.3 euros, not a binary approximation."""
    items = [LossItem(category="staff", amount_eur=0.1), LossItem(category="staff", amount_eur=0.2)]
    assert direct_financial_loss(items) == Decimal("0.3")


def test_no_items_is_no_loss() -> None:
    """Nothing recorded sums to zero."""
    assert direct_financial_loss([]) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"category": "bribes", "amount_eur": 1}, "category"),
        ({"category": "staff", "amount_eur": -1}, "amount_eur"),
        ({"category": "staff", "amount_eur": True}, "amount_eur"),
    ],
)
def test_bad_item_refused(values: dict[str, Any], field: str) -> None:
    """An unknown category or a bad amount is refused naming the field."""
    with pytest.raises(InvalidInput) as caught:
        LossItem(**values)
    assert caught.value.field == field
    if field == "category":
        assert isinstance(caught.value, UnknownValue)


def test_not_an_item_refused() -> None:
    """Only loss items are summed."""
    with pytest.raises(InvalidInput) as caught:
        direct_financial_loss([("staff", 10)])  # type: ignore[list-item]  # the wrong shape under test
    assert caught.value.field == "items[0]"
