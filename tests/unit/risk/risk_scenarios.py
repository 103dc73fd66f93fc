"""What the risk scenario tests share: facts as a controller states them, and the outcome they expect.

Each scenario states its facts as a controller would after a first investigation and argues its
outcome from the EDPB factors and lessons in LAW.md section 4 in the docstring. They are the
engine's own cases, not copies of the EDPB examples.
"""

from __future__ import annotations

from typing import Any

from breach.risk.assessment import BreachFacts, RiskAssessment

# A confidentiality breach of financial data in malicious hands: high risk, the base of the exemption cases.
HIGH_RISK: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["identity", "financial"],
    "data_subjects": 500,
    "malicious": True,
    "exfiltration": "confirmed",
}


def scenario_facts(**fields: Any) -> BreachFacts:
    return BreachFacts.model_validate(fields)


def expect_outcome(
    result: RiskAssessment,
    risk: str,
    *,
    channel: str | None = None,
    exemption: str | None = None,
) -> None:
    assert result.risk == risk, result.codes
    assert result.notify_authority is (risk != "unlikely")
    assert result.notify_data_subjects is (channel is not None)
    assert result.data_subject_channel == channel
    assert result.exemption == exemption
    assert result.codes[-1] == "register"
