"""The API's NIS2 block (issue 20): POST /incidents/{ref}/facts takes a nis2 section and answers with our NIS2
record; GET /incidents/{ref} shows it; a bad fact is a 422 naming nis2.<field>."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from flows.settings import get_settings
from tests.api.support import World

SECTION: dict[str, Any] = {
    "direct_financial_loss": [{"category": "advisory", "amount_eur": 600_000}],
    "annual_turnover_eur": 40_000_000,
    "root_cause": "misconfiguration",
}


@pytest.fixture
def nis2_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BREACH_NIS2_ENTITY_TYPE", "msp")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_facts_with_a_nis2_section_answer_with_the_record(nis2_settings: None, world: World) -> None:
    """A loss over EUR 500 000 is significant (Art. 3(1)(a)); the answer and GET carry the block and its clock."""
    answer = world.client.post(
        f"/incidents/{world.confirmed}/facts", json={"nis2": SECTION}, headers=world.auth("security")
    )
    assert answer.status_code == 200, answer.text
    block = answer.json()["nis2"]
    assert block["decided"] is True
    assert block["assessment"]["criteria"] == ["cir.3.1.a"]
    assert block["assessment"]["entity_type"] == "msp"
    met = next(r for r in block["assessment"]["reasons"] if r["criterion"] == "cir.3.1.a")
    assert "Art. 3(1)(a)" in met["text"]
    assert {c["rule"] for c in block["clocks"]} == {"nis2.23.4.a", "nis2.23.4.b"}
    shown = world.client.get(f"/incidents/{world.confirmed}", headers=world.auth("dpo")).json()
    assert shown["nis2"]["significance_recorded"]["at"] == block["significance_recorded"]["at"]
    assert shown["nis2"]["direct_financial_loss_eur"] == "600000"


def test_an_incident_without_nis2_facts_shows_none(world: World) -> None:
    """No NIS2 record: the block is null, nothing else changes."""
    shown = world.client.get(f"/incidents/{world.reported}", headers=world.auth("security"))
    assert shown.status_code == 200
    assert shown.json()["nis2"] is None


def test_a_bad_nis2_fact_is_refused_naming_it(nis2_settings: None, world: World) -> None:
    """422 naming nis2.complete_unavailability_minutes and its value; nothing recorded."""
    answer = world.client.post(
        f"/incidents/{world.confirmed}/facts",
        json={"nis2": {"complete_unavailability_minutes": "long"}},
        headers=world.auth("security"),
    )
    assert answer.status_code == 422
    assert "nis2.complete_unavailability_minutes" in answer.text
    assert "long" in answer.text
    shown = world.client.get(f"/incidents/{world.confirmed}", headers=world.auth("security")).json()
    assert shown["nis2"] is None
