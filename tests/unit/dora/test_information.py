"""``breach.dora.information``: per criterion of Delegated Regulation (EU) 2024/1772, what we know."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from breach.dora import CRITERIA, DoraFacts, DoraItem, information, nis2_figures, store
from breach.errors import InvalidInput
from flows.usecases.nis2 import records

DETECTED = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def _item(criterion: str, **facts: Any) -> DoraItem:
    found = {i.criterion: i for i in information(DoraFacts(detected_at=DETECTED, **facts))}
    return found[criterion]  # type: ignore[index]


def _values(item: DoraItem) -> dict[str, object]:
    return {f.key: f.value for f in item.facts}


def test_one_item_per_criterion_in_order_citing_its_article() -> None:
    items = information(DoraFacts(detected_at=DETECTED))
    assert [i.criterion for i in items] == [c.id for c in CRITERIA]
    assert [i.article for i in items] == [f"2024/1772 Art. {n}" for n in (1, 3, 4, 5, 6, 7)]


def test_clients_are_this_customers_data_subjects_and_records() -> None:
    assert _values(_item("clients", data_subjects=1200, records=3400)) == {"data_subjects": 1200, "records": 3400}
    unknown = _item("clients")
    assert not unknown.known
    assert _values(unknown) == {"data_subjects": None, "records": None}


def test_duration_starts_at_occurrence_else_detection_art_3_2() -> None:
    occurred = datetime(2026, 3, 13, 22, 0, tzinfo=UTC)
    assert _values(_item("duration", occurred_at=occurred))["occurred"] == occurred
    assert _values(_item("duration"))["detected"] == DETECTED


def test_downtime_full_and_partial_from_our_nis2_facts() -> None:
    values = _values(_item("duration", ongoing=False, **nis2_figures({"complete_unavailability_minutes": 45})))
    assert values["downtime_full"] == 45
    assert values["downtime_partial"] is None
    assert values["ongoing"] is False


def test_geographical_spread_counts_distinct_countries() -> None:
    assert _values(_item("geography", countries=("NL", "BE", "BE"))) == {"countries": ("BE", "NL"), "member_states": 2}
    assert not _item("geography").known


def test_data_losses_follow_the_breach_types_and_stay_open_without_facts() -> None:
    assert _values(_item("data_losses", breach_types=("availability", "confidentiality"))) == {
        "data_affected": ("confidentiality", "availability")
    }
    assert _values(_item("data_losses")) == {"data_affected": None}
    assert _values(_item("data_losses", breach_types=())) == {"data_affected": ()}


def test_services_affected_are_named_not_judged_critical() -> None:
    assert _values(_item("critical_services", services=("Payroll", "Archive"))) == {"services": ("Payroll", "Archive")}
    assert not _item("critical_services").known


def test_economic_impact_is_our_counted_direct_loss() -> None:
    section = {
        "direct_financial_loss": [
            {"category": "staff", "amount_eur": "1200.50"},
            {"category": "advisory", "amount_eur": 800},
            {"category": "administrative_fines", "amount_eur": 500},
        ]
    }
    figures = nis2_figures(section)
    assert _values(_item("economic", **figures)) == {"our_direct_loss": figures["direct_loss_eur"]}
    assert figures["direct_loss_eur"] == Decimal("2000.50")  # the fine does not count
    assert _values(_item("economic")) == {"our_direct_loss": None}


@pytest.mark.parametrize(
    ("field", "value"),
    [("data_subjects", -1), ("records", True), ("countries", ("be",)), ("breach_types", ("theft",))],
)
def test_bad_facts_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        DoraFacts(detected_at=DETECTED, **{field: value})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(InvalidInput):
        DoraFacts(detected_at=datetime(2026, 3, 14, 9, 0))  # noqa: DTZ001 - the naive time is the point


def test_the_store_reads_the_event_the_nis2_records_write() -> None:
    assert store.NIS2_FACTS == records.FACTS
