"""The risk recommendation's reasons, ruleset version and storage (LAW.md section 4)."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import ValidationError

from breach.errors import UnknownValue
from breach.risk.assessment import REASONS, RULESET_VERSION, Reason, RiskAssessment, assess
from breach.risk.reasons import make_reason
from breach.risk.rules import CAPS, FLOORS, params, signals
from tests.unit.risk.risk_scenarios import HIGH_RISK, scenario_facts

# --- Reasons, version and storage ----------------------------------------------------------------


def test_every_rule_row_has_a_reason_code() -> None:
    """Each floor and cap names a code of REASONS, so every reason has a source and an English line."""
    assert {f.code for f in FLOORS} | {c.code for c in CAPS} <= set(REASONS)


def test_reason_table_has_sources_and_known_placeholders() -> None:
    """Every code is snake_case with a source, and its sentence uses only params the engine fills."""
    facts = scenario_facts(**HIGH_RISK)
    filled = {"risk", *params(facts, signals(facts))}
    for code, spec in REASONS.items():
        assert re.fullmatch(r"[a-z0-9_]+", code)
        assert spec.source
        assert spec.english.endswith(".")
        assert set(spec.params) <= filled, code


@pytest.mark.parametrize("case", ["_HIGH", "encrypted", "cc"])
def test_reasons_render_in_english(case: str) -> None:
    """Each reason of an assessment renders its English fallback from its own params."""
    facts = {
        "_HIGH": scenario_facts(**HIGH_RISK),
        "encrypted": scenario_facts(**HIGH_RISK, unintelligible=True),
        "cc": scenario_facts(**{**HIGH_RISK, "recipients": "known", "recipient_count": 500, "malicious": None}),
    }[case]
    for reason in assess(facts).reasons:
        assert "{" not in reason.english()
        assert reason.source == REASONS[reason.code].source


def test_an_unknown_reason_code_is_refused() -> None:
    """A code outside the table is a programming error, reported as UnknownValue."""
    with pytest.raises(UnknownValue):
        make_reason("gut_feeling", {})


def test_assessment_json_round_trip() -> None:
    """The stored JSON reads back to an equal assessment, params keeping their types."""
    result = assess(scenario_facts(**HIGH_RISK, individual_contact_disproportionate=True))
    again = RiskAssessment.from_json(result.to_json())
    assert again == result
    stored = json.loads(result.to_json())
    assert stored["ruleset_version"] == RULESET_VERSION
    enisa = next(r for r in again.reasons if r.code == "enisa_severity")
    assert isinstance(enisa.params["severity_score"], float)
    assert isinstance(enisa.params["severity"], str)


def test_assessment_and_reasons_are_immutable() -> None:
    """Neither the assessment nor a reason's params can be changed after the fact."""
    result = assess(scenario_facts(**HIGH_RISK))
    with pytest.raises(ValidationError):
        result.risk = "unlikely"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.reasons[0].params["x"] = 1  # type: ignore[index]


def test_a_self_contradicting_stored_assessment_is_refused() -> None:
    """Stored JSON whose duties do not follow from its risk is refused on load."""
    stored = json.loads(assess(scenario_facts(**HIGH_RISK)).to_json())
    stored["risk"] = "risk"
    with pytest.raises(ValidationError):
        RiskAssessment.model_validate(stored)


def test_reason_model_matches_its_stored_shape() -> None:
    """A reason is exactly code, source and params, as the notice templates read it."""
    reason = Reason(code="register", source="GDPR Art. 33(5)")
    assert json.loads(reason.model_dump_json()) == {"code": "register", "source": "GDPR Art. 33(5)", "params": {}}


def test_ruleset_version_is_dated() -> None:
    """The ruleset version is a date and a serial, so stored assessments say which rules made them."""
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", RULESET_VERSION)
