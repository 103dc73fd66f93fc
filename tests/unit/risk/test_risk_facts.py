"""BreachFacts: what a facts file may say, and the contradictions it may not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from breach.risk.assessment import BreachFacts

BASE: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["identity", "contact"],
    "data_subjects": 10,
}


def _facts(**changes: Any) -> BreachFacts:
    return BreachFacts.model_validate({**BASE, **changes})


def test_lists_are_accepted_where_sets_are_meant() -> None:
    """YAML and JSON lists become frozensets, duplicates folded."""
    facts = _facts(data_categories=["contact", "identity", "contact"])
    assert facts.data_categories == frozenset({"identity", "contact"})
    assert isinstance(facts.breach_types, frozenset)


def test_defaults_are_the_cautious_ones() -> None:
    """Unset facts default to what a controller cannot rule out (LAW.md section 4)."""
    facts = _facts()
    assert (facts.identifiability, facts.exfiltration, facts.recipients) == ("maximum", "cannot_rule_out", "unknown")
    assert facts.malicious is None
    assert facts.assessed_malicious
    assert facts.integrity_recoverable is None
    assert not facts.assessed_recoverable
    assert facts.availability == "unaffected"


def test_json_round_trip_with_sorted_lists() -> None:
    """JSON carries the sets as sorted lists and reads back to an equal model."""
    facts = _facts(
        breach_types=["integrity", "availability", "confidentiality"],
        data_categories=["special", "contact", "identity"],
        availability="temporary",
        dpc=3.5,
        malicious=False,
    )
    data = json.loads(facts.model_dump_json())
    assert data["breach_types"] == ["availability", "confidentiality", "integrity"]
    assert data["data_categories"] == ["contact", "identity", "special"]
    assert BreachFacts.model_validate_json(facts.model_dump_json()) == facts
    assert BreachFacts.model_validate(facts.model_dump(mode="json")) == facts


def test_facts_are_immutable_and_hashable() -> None:
    """A frozen model: no attribute can be reassigned, and equal facts hash alike."""
    facts = _facts()
    with pytest.raises(ValidationError):
        facts.data_subjects = 11  # type: ignore[misc]
    assert hash(facts) == hash(_facts())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"breach_types": []}, "breach_types"),
        ({"breach_types": ["confidentiality", "secrecy"]}, "breach_types"),
        ({"data_categories": []}, "data_categories"),
        ({"data_categories": ["health"]}, "data_categories"),
        ({"data_subjects": 0}, "data_subjects"),
        ({"data_subjects_max": 0}, "data_subjects_max"),
        ({"records": -1}, "records"),
        ({"identifiability": "high"}, "identifiability"),
        ({"dpc": 0.5}, "dpc"),
        ({"dpc": 4.5}, "dpc"),
        ({"dpc": float("nan")}, "dpc"),
        ({"exfiltration": "maybe"}, "exfiltration"),
        ({"recipients": "everyone"}, "recipients"),
        ({"recipient_count": -2}, "recipient_count"),
        ({"availability": "gone"}, "availability"),
        ({"malicious": "perhaps"}, "malicious"),
        ({"data_subject": 10}, "data_subject"),
    ],
)
def test_bad_values_are_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    """A bad value, an empty set, a zero count or an unknown key raises ValidationError at that field."""
    with pytest.raises(ValidationError) as info:
        _facts(**changes)
    assert field in {str(error["loc"][0]) for error in info.value.errors()}


def test_missing_required_facts_are_refused() -> None:
    """Breach types, categories and the number of people have no default."""
    with pytest.raises(ValidationError) as info:
        BreachFacts.model_validate({})
    assert {error["loc"][0] for error in info.value.errors()} == {"breach_types", "data_categories", "data_subjects"}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"recipients": "none", "exfiltration": "confirmed"}, ("recipients", "exfiltration")),
        ({"data_subjects": 10, "data_subjects_max": 9}, ("data_subjects_max", "data_subjects")),
        ({"breach_types": ["availability"], "availability": "unaffected"}, ("availability", "breach_types")),
        ({"breach_types": ["confidentiality"], "availability": "temporary"}, ("availability", "breach_types")),
    ],
)
def test_contradictions_are_refused_naming_both_fields(changes: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Each of the three contradictions raises ValidationError whose message names both fields."""
    with pytest.raises(ValidationError) as info:
        _facts(**changes)
    message = str(info.value)
    assert all(name in message for name in fields)


@pytest.mark.parametrize(
    "changes",
    [
        {"recipients": "none", "exfiltration": "cannot_rule_out"},
        {"data_subjects": 10, "data_subjects_max": 10},
        {"breach_types": ["availability"], "availability": "restored"},
        {"recipients": "known", "recipient_count": 0},
    ],
)
def test_near_contradictions_are_accepted(changes: dict[str, Any]) -> None:
    """Only the three listed contradictions are refused; their neighbours are valid facts."""
    assert _facts(**changes)
