"""Art. 34(3)'s exemptions and the channel of the communication in the risk recommendation (LAW.md section 4)."""

from __future__ import annotations

from breach.risk.assessment import assess
from tests.unit.risk.risk_scenarios import HIGH_RISK, expect_outcome, scenario_facts

# --- Exemptions and channels ---------------------------------------------------------------------


def test_subsequent_measures_remove_the_communication_not_the_notification() -> None:
    """Art. 34(3)(b): the risk stays high and the authority is notified, but the data subjects need not be told."""
    result = assess(scenario_facts(**HIGH_RISK, subsequent_measures_remove_high_risk=True))
    expect_outcome(result, "high", exemption="34(3)(b)")
    assert "exemption_subsequent_measures" in result.codes


def test_disproportionate_effort_turns_the_communication_public() -> None:
    """Art. 34(3)(c) replaces individual contact with a public communication; it is not an exemption."""
    result = assess(scenario_facts(**HIGH_RISK, individual_contact_disproportionate=True))
    expect_outcome(result, "high", channel="public")
    assert "communicate_publicly" in result.codes


def test_exemption_flags_do_nothing_below_high() -> None:
    """Without a high risk there is no communication to exempt from or to make public."""
    result = assess(
        scenario_facts(
            **{**HIGH_RISK, "data_categories": ["contact"], "data_subjects": 5},
            subsequent_measures_remove_high_risk=True,
            individual_contact_disproportionate=True,
        )
    )
    expect_outcome(result, "risk")


def test_unintelligibility_reported_with_a_residual_risk_to_notify() -> None:
    """Encrypted data stolen (high without the key) whose only copy is lost: 34(3)(a) is reported, the availability
    loss still goes to the authority."""
    result = assess(
        scenario_facts(
            **{**HIGH_RISK, "breach_types": ["confidentiality", "availability"]},
            unintelligible=True,
            availability="permanent",
        )
    )
    expect_outcome(result, "risk", exemption="34(3)(a)")


def test_unintelligibility_does_not_exempt_a_high_availability_loss() -> None:
    """Encrypted patient records locked for days still harm care: the high risk is the availability, so the patients
    are told."""
    result = assess(
        scenario_facts(
            breach_types=["confidentiality", "availability"],
            data_categories=["special"],
            data_subjects=2_000,
            vulnerable_subjects=True,
            unintelligible=True,
            availability="temporary",
        )
    )
    expect_outcome(result, "high", channel="individual")


def test_fields_of_an_unlisted_breach_type_are_ignored() -> None:
    """Recipients and recoverability say nothing when neither confidentiality nor integrity is listed."""
    base = {
        "breach_types": ["availability"],
        "data_categories": ["identity"],
        "data_subjects": 50,
        "malicious": False,
        "availability": "restored",
    }
    plain = assess(scenario_facts(**base))
    noisy = assess(scenario_facts(**base, recipients="public", exfiltration="confirmed", integrity_recoverable=False))
    assert plain == noisy
