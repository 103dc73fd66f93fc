"""Reasons say what is known: a loss of control is a fact only when established (breach.risk.certainty)."""

from __future__ import annotations

from typing import Any

import pytest

from breach.risk.assessment import REASONS, assess
from breach.risk.certainty import POSSIBLE_TWIN, loss_established, worded
from tests.unit.risk.risk_scenarios import scenario_facts

# The demo's ransomware: mail of 20 000 people, an attacker, exfiltration not ruled out (flows/demo/incident.yaml).
RANSOMWARE: dict[str, Any] = {
    "breach_types": ["confidentiality", "availability"],
    "data_categories": ["identity", "contact", "communications"],
    "data_subjects": 20_000,
    "malicious": True,
    "exfiltration": "cannot_rule_out",
    "recipients": "unknown",
    "availability": "temporary",
}

# Facts that fire every confidentiality floor that states a loss of control, at unknown exposure.
EVERYTHING: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["identity", "financial", "credentials", "national_id", "special"],
    "data_subjects": 20_000,
    "malicious": True,
}


def test_the_demo_ransomware_says_the_data_could_have_been_copied() -> None:
    """With exfiltration only not ruled out, no reason says an attacker took the data; the outcome stays high."""
    result = assess(scenario_facts(**RANSOMWARE))
    assert result.risk == "high"
    assert "malicious_many_possible" in result.codes
    assert "malicious_many" not in result.codes
    sentences = " ".join(r.english() for r in result.reasons)
    assert "could have copied identifying data of 20000 people" in sentences
    assert " took " not in sentences


def test_confirmed_exfiltration_says_the_data_were_taken() -> None:
    """Once exfiltration is confirmed, the same facts give the established wording and the same outcome."""
    possible = assess(scenario_facts(**RANSOMWARE))
    confirmed = assess(scenario_facts(**{**RANSOMWARE, "exfiltration": "confirmed"}))
    assert confirmed.risk == possible.risk
    assert "malicious_many" in confirmed.codes
    assert not any(code.endswith("_possible") for code in confirmed.codes)
    assert [worded(c, established=False) for c in confirmed.codes] == list(possible.codes)


@pytest.mark.parametrize(
    ("changes", "established"),
    [
        ({}, False),
        ({"exfiltration": "confirmed"}, True),
        ({"recipients": "known", "recipient_count": 3}, True),
        ({"recipients": "trusted"}, True),
        ({"recipients": "public"}, True),
    ],
)
def test_a_loss_is_established_by_confirmation_or_by_recipients_who_hold_the_data(
    changes: dict[str, Any], established: bool
) -> None:
    """Mis-sent mail reached its known recipients; data nobody is known to hold only could have been copied."""
    facts = scenario_facts(**{**EVERYTHING, **changes})
    assert loss_established(facts) is established
    codes = assess(facts).codes
    assert any(code.endswith("_possible") for code in codes) is not established


def test_every_fired_floor_that_states_a_loss_has_its_possible_wording() -> None:
    """No established-loss sentence survives in an assessment whose loss is not established."""
    result = assess(scenario_facts(**EVERYTHING))
    stated = [code for code in result.codes if REASONS[code].certainty == "established"]
    assert stated == []
    assert {
        "special_category_disclosed_possible",
        "malicious_sensitive_possible",
        "fraud_data_many_possible",
        "enisa_very_high_possible",
        "malicious_many_possible",
        "malicious_revealing_possible",
    } <= set(result.codes)


def test_each_twin_is_a_possible_reason_of_the_same_source_and_params() -> None:
    """A twin keeps its original's source and params and is marked possible; every established code has one."""
    established = {code for code, spec in REASONS.items() if spec.certainty == "established"}
    assert set(POSSIBLE_TWIN) == established
    for code, twin in POSSIBLE_TWIN.items():
        assert REASONS[twin].certainty == "possible"
        assert REASONS[twin].source == REASONS[code].source
        assert set(REASONS[twin].params) == set(REASONS[code].params)
        assert "could have" in REASONS[twin].english
    assert {spec.certainty for code, spec in REASONS.items() if code not in POSSIBLE_TWIN.values()} <= {
        None,
        "established",
    }


def test_reasons_that_state_no_loss_keep_their_code() -> None:
    """Hedged or unrelated sentences are the same either way."""
    for code in ("mass_exposure", "unknown_recipients_intent", "register", "availability_permanent"):
        assert worded(code, established=False) == code
