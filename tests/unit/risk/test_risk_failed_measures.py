"""The operator is asked which appendix measures failed once the facts show a failure (breach.risk.failed_measures)."""

from __future__ import annotations

from typing import Any

import pytest

from breach.risk.failed_measures import TRIGGERS, failed_measures_wanted
from breach.risk.measures import BY_ID, MEASURES
from tests.unit.risk.risk_scenarios import scenario_facts

# The demo's ransomware through a compromised administrator account (flows/demo/incident.yaml).
RANSOMWARE: dict[str, Any] = {
    "breach_types": ["confidentiality", "availability"],
    "data_categories": ["identity", "contact", "communications"],
    "data_subjects": 20_000,
    "malicious": True,
    "exfiltration": "cannot_rule_out",
    "availability": "temporary",
}


def test_a_compromised_account_asks_for_failed_measures_with_the_appendix_list() -> None:
    """Access by an attacker and unavailable data: asked, with access and recovery measures suggested."""
    wanted = failed_measures_wanted(scenario_facts(**RANSOMWARE), ())
    assert wanted is not None
    assert wanted.field == "narrative.failed_measures"
    assert "Art. 35(7)(d)" in wanted.ground
    assert "Art. 32(1)" in wanted.ground
    assert wanted.because == ("unauthorised_access", "availability_lost")
    assert {"electronic_access", "rapid_recovery"} <= set(wanted.suggested)
    assert wanted.choices == tuple(m.id for m in MEASURES)
    line = wanted.sentence()
    assert "narrative.failed_measures" in line
    assert "electronic_access" in line
    assert "order_control" in line


def test_named_measures_end_the_request() -> None:
    """Once the operator names what failed, nothing more is asked."""
    assert failed_measures_wanted(scenario_facts(**RANSOMWARE), ("electronic_access",)) is None


def test_no_facts_no_request() -> None:
    """Before the facts are known nothing is asked: the request follows from them."""
    assert failed_measures_wanted(None, ()) is None


def test_a_contained_accident_asks_nothing() -> None:
    """Exfiltration ruled out, no alteration, nothing unavailable: no measure is shown to have failed."""
    facts = scenario_facts(
        breach_types=["confidentiality"],
        data_categories=["identity"],
        data_subjects=5,
        exfiltration="ruled_out",
        malicious=False,
    )
    assert failed_measures_wanted(facts, ()) is None


@pytest.mark.parametrize(
    ("facts", "trigger"),
    [
        (
            {"breach_types": ["confidentiality"], "data_categories": ["credentials"], "exfiltration": "ruled_out"},
            "credentials_exposed",
        ),
        (
            {
                "breach_types": ["confidentiality"],
                "data_categories": ["identity"],
                "malicious": False,
                "recipients": "known",
                "exfiltration": "confirmed",
            },
            "misdirected",
        ),
        ({"breach_types": ["integrity"], "data_categories": ["identity"], "malicious": False}, "data_altered"),
        (
            {
                "breach_types": ["availability"],
                "data_categories": ["identity"],
                "malicious": False,
                "availability": "permanent",
            },
            "availability_lost",
        ),
    ],
)
def test_each_trigger_asks(facts: dict[str, Any], trigger: str) -> None:
    """Each row of the table fires on its own fact and suggests only measures of the appendix."""
    wanted = failed_measures_wanted(scenario_facts(data_subjects=10, **facts), ())
    assert wanted is not None
    assert trigger in wanted.because
    row = next(t for t in TRIGGERS if t.code == trigger)
    assert set(row.suggests) <= set(wanted.suggested)


def test_every_suggestion_is_an_appendix_measure() -> None:
    """The table names only measures of breach.risk.measures."""
    assert all(m in BY_ID for t in TRIGGERS for m in t.suggests)
