"""Bad facts are refused at construction with an InvalidInput naming the field and the value."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from breach.errors import Contradiction, InvalidInput, NaiveDatetime
from breach.nis2 import EarlierIncident, Nis2Facts
from tests.unit.nis2.cases import WHEN


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("direct_financial_loss_eur", -1),
        ("direct_financial_loss_eur", Decimal("-0.01")),
        ("direct_financial_loss_eur", True),
        ("direct_financial_loss_eur", "500000"),
        ("direct_financial_loss_eur", float("nan")),
        ("direct_financial_loss_eur", Decimal("Infinity")),
        ("annual_turnover_eur", -5.0),
        ("annual_turnover_eur", False),
        ("complete_unavailability_minutes", -1),
        ("complete_unavailability_minutes", True),
        ("limited_availability_minutes", float("inf")),
        ("users_limited", True),
        ("users_limited", 2.5),
        ("users_in_union", -3),
        ("users_data_compromised", "many"),
        ("death", "yes"),
        ("death", 1),
        ("data_compromised", 0),
        ("planned", None),
        ("planned", "no"),
        ("root_cause", ""),
        ("root_cause", "line\nbreak"),
        ("root_cause", 42),
        ("occurred_at", "2026-08-31T14:00Z"),
        ("earlier", "not a list"),
        ("earlier", ({"occurred_at": WHEN},)),
    ],
)
def test_bad_fact_refused_naming_field_and_value(field: str, value: Any) -> None:
    """Negative amounts, flags for numbers, text for flags and the like name the field."""
    with pytest.raises(InvalidInput) as caught:
        Nis2Facts(**{field: value})
    assert caught.value.field.split("[")[0] == field
    assert field in str(caught.value)


def test_naive_datetime_refused() -> None:
    """A time without a zone is not an instant."""
    with pytest.raises(NaiveDatetime) as caught:
        Nis2Facts(occurred_at=datetime(2026, 8, 31, 14, 0))  # noqa: DTZ001 - the naive value under test
    assert caught.value.field == "occurred_at"


def test_naive_earlier_incident_refused() -> None:
    """An earlier incident's time needs a zone too."""
    with pytest.raises(NaiveDatetime):
        EarlierIncident(occurred_at=datetime(2026, 3, 1), root_cause="x")  # noqa: DTZ001 - under test


@pytest.mark.parametrize(("field", "value"), [("direct_financial_loss_eur", -10), ("root_cause", " ")])
def test_bad_earlier_incident_refused(field: str, value: Any) -> None:
    """An earlier incident's loss and root cause are checked like this incident's."""
    values: dict[str, Any] = {"occurred_at": WHEN, "root_cause": "x", field: value}
    with pytest.raises(InvalidInput) as caught:
        EarlierIncident(**values)
    assert caught.value.field == field


def test_earlier_incident_after_this_one_refused() -> None:
    """An "earlier" incident that follows this one is a contradiction naming its position."""
    later = EarlierIncident(occurred_at=datetime(2026, 9, 1, tzinfo=UTC), root_cause="x")
    with pytest.raises(Contradiction) as caught:
        Nis2Facts(occurred_at=WHEN, earlier=(later,))
    assert caught.value.field == "earlier[0].occurred_at"


@pytest.mark.parametrize("field", ["users_limited", "users_data_compromised"])
def test_more_users_affected_than_in_the_union_refused(field: str) -> None:
    """Users affected are users of the service in the Union (Art. 3(3)): never more than all of them."""
    values: dict[str, Any] = {"users_in_union": 100, field: 101}
    with pytest.raises(Contradiction) as caught:
        Nis2Facts(**values)
    assert caught.value.field == field
    assert "users_in_union=100" in str(caught.value)


def test_good_numbers_accepted() -> None:
    """Whole numbers, decimals and floats are amounts; a list of earlier incidents becomes a tuple."""
    earlier = [EarlierIncident(occurred_at=WHEN, root_cause="x", direct_financial_loss_eur=Decimal("1.50"))]
    facts = Nis2Facts(
        direct_financial_loss_eur=Decimal("12.34"),
        annual_turnover_eur=1e7,
        complete_unavailability_minutes=12.5,
        users_limited=0,
        occurred_at=WHEN,
        earlier=earlier,  # type: ignore[arg-type]  # a list from a caller is accepted and frozen
    )
    assert facts.earlier == tuple(earlier)
