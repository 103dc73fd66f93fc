"""Invariants of the risk recommendation, checked on generated facts (DESIGN.md habit 13)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from breach.risk.assessment import BreachFacts, RiskAssessment, assess
from breach.risk.enisa import band
from breach.risk.facts import (
    AVAILABILITY_ORDER,
    EXFILTRATION_ORDER,
    IDENTIFIABILITY_ORDER,
    RECIPIENTS_ORDER,
)

FAST = settings(max_examples=50, deadline=None, database=None)
MANY = settings(max_examples=80, deadline=None, database=None)

TYPES = ("confidentiality", "integrity", "availability")
CATEGORIES = (
    "identity",
    "contact",
    "national_id",
    "financial",
    "credentials",
    "location",
    "behavioural",
    "communications",
    "special",
    "criminal",
)
RISKS = ("unlikely", "risk", "high")
# Flat draws (bit masks, sampled values) keep generation cheap, so the properties run in a blink; the
# values straddle every threshold of breach.risk.rules (100, 10 000; dpc 2 and 3; DPC x EI 1, 2, 3).
COUNTS = (1, 2, 12, 99, 100, 101, 2_500, 9_999, 10_000, 150_000)
DPCS = (None, None, 1.0, 1.5, 2.0, 2.5, 3.0, 3.3, 3.75, 4.0)
RECIPIENT_COUNTS = (None, 0, 1, 2, 99, 100, 4_000)
MAX_EXTRA = (None, 0, 1, 5_000)
TRISTATE = (None, True, False)

RAW = st.fixed_dictionaries(
    {
        "types": st.integers(1, 2 ** len(TYPES) - 1),
        "categories": st.integers(1, 2 ** len(CATEGORIES) - 1),
        "data_subjects": st.sampled_from(COUNTS),
        "max_extra": st.sampled_from(MAX_EXTRA),
        "identifiability": st.sampled_from(IDENTIFIABILITY_ORDER),
        "dpc": st.sampled_from(DPCS),
        "vulnerable_subjects": st.booleans(),
        "unintelligible": st.booleans(),
        "malicious": st.sampled_from(TRISTATE),
        "exfiltration": st.sampled_from(EXFILTRATION_ORDER),
        "recipients": st.sampled_from(RECIPIENTS_ORDER),
        "recipient_count": st.sampled_from(RECIPIENT_COUNTS),
        "data_retrieved": st.booleans(),
        "integrity_recoverable": st.sampled_from(TRISTATE),
        "availability": st.sampled_from(AVAILABILITY_ORDER[1:]),
        "subsequent_measures_remove_high_risk": st.booleans(),
        "individual_contact_disproportionate": st.booleans(),
    }
)


def _mask(values: tuple[str, ...], bits: int) -> frozenset[str]:
    return frozenset(value for i, value in enumerate(values) if bits >> i & 1)


def _valid(raw: dict[str, Any]) -> dict[str, Any]:
    """Valid facts from a raw draw: the three contradictions are steered around, not filtered."""
    data = {key: value for key, value in raw.items() if key not in ("types", "categories", "max_extra")}
    data["breach_types"] = _mask(TYPES, raw["types"])
    data["data_categories"] = _mask(CATEGORIES, raw["categories"])
    extra = raw["max_extra"]
    data["data_subjects_max"] = None if extra is None else raw["data_subjects"] + extra
    if "availability" not in data["breach_types"]:
        data["availability"] = "unaffected"
    if data["recipients"] == "none" and data["exfiltration"] == "confirmed":
        data["exfiltration"] = "cannot_rule_out"
    return data


def facts_data() -> st.SearchStrategy[dict[str, Any]]:
    """Valid facts as a plain dict, exemption flags included."""
    return RAW.map(_valid)


def _later(order: tuple[Any, ...], value: Any) -> list[Any]:
    return list(order[order.index(value) + 1 :])


def _moves(base: dict[str, Any]) -> list[dict[str, Any]]:
    """Every way to make exactly one fact worse (LAW.md section 4 orderings; dpc and counts upwards)."""
    subjects = base["data_subjects"]
    maximum = base["data_subjects_max"]
    moves: list[dict[str, Any]] = [{"data_categories": base["data_categories"] | {c}} for c in CATEGORIES]
    moves += [
        {"data_subjects": n, "data_subjects_max": None if maximum is None else max(maximum, n)}
        for n in COUNTS
        if n > subjects
    ]
    moves += [{"identifiability": v} for v in _later(IDENTIFIABILITY_ORDER, base["identifiability"])]
    if base["dpc"] is not None:
        moves += [{"dpc": v} for v in DPCS if v is not None and v > base["dpc"]]
    moves += [{"vulnerable_subjects": True}, {"unintelligible": False}, {"data_retrieved": False}]
    if base["malicious"] is False:
        moves += [{"malicious": None}, {"malicious": True}]
    moves += [
        {"exfiltration": v}
        for v in _later(EXFILTRATION_ORDER, base["exfiltration"])
        if not (v == "confirmed" and base["recipients"] == "none")
    ]
    moves += [{"recipients": v} for v in _later(RECIPIENTS_ORDER, base["recipients"])]
    count = base["recipient_count"]
    moves += [{"recipient_count": n} for n in RECIPIENT_COUNTS if n is not None and (count is None or n > count)]
    if base["integrity_recoverable"] is True:
        moves += [{"integrity_recoverable": None}, {"integrity_recoverable": False}]
    moves += [
        {"availability": v, "breach_types": base["breach_types"] | {"availability"}}
        for v in _later(AVAILABILITY_ORDER, base["availability"])
    ]
    moves += [{"breach_types": base["breach_types"] | {t}} for t in ("confidentiality", "integrity")]
    return moves


def _rank(result: RiskAssessment) -> tuple[int, bool, bool, float]:
    return (
        RISKS.index(result.risk),
        result.notify_authority,
        result.notify_data_subjects,
        result.severity_score,
    )


@MANY
@given(facts_data())
def test_worsening_one_fact_never_lowers_the_outcome(data: dict[str, Any]) -> None:
    """Risk, both notification duties and the ENISA score never fall when any single fact gets worse."""
    before = _rank(assess(BreachFacts.model_validate(data)))
    for move in _moves(data):
        after = _rank(assess(BreachFacts.model_validate({**data, **move})))
        assert all(a >= b for a, b in zip(after, before, strict=True)), (data, move, before, after)


@FAST
@given(facts_data())
def test_unintelligible_data_still_available_never_reach_the_data_subjects(data: dict[str, Any]) -> None:
    """Unintelligible data with availability unaffected or restored are unlikely to result in a risk at all."""
    data = {**data, "unintelligible": True}
    if data["availability"] in ("temporary", "permanent"):
        data["availability"] = "restored"
    result = assess(BreachFacts.model_validate(data))
    assert not result.notify_data_subjects
    assert result.risk == "unlikely"
    assert not result.notify_authority


@FAST
@given(facts_data())
def test_severity_band_matches_the_score(data: dict[str, Any]) -> None:
    """The band shown is the band of the score shown, and the score lies in ENISA's range."""
    result = assess(BreachFacts.model_validate(data))
    assert result.severity == band(result.severity_score)
    assert 0.25 <= result.severity_score <= 6.0
    assert result.severity_score == round(result.severity_score, 2)


@FAST
@given(facts_data())
def test_outcome_table_and_storage_hold_for_any_facts(data: dict[str, Any]) -> None:
    """Duties follow LAW.md's outcome table, reasons end with the register, and the JSON round trip is exact."""
    facts = BreachFacts.model_validate(data)
    result = assess(facts)
    assert result.notify_authority is (result.risk != "unlikely")
    if result.notify_data_subjects:
        assert result.risk == "high"
        assert not facts.subsequent_measures_remove_high_risk
    if result.risk == "high" and not facts.subsequent_measures_remove_high_risk:
        assert result.notify_data_subjects
        assert result.data_subject_channel == ("public" if facts.individual_contact_disproportionate else "individual")
    assert result.exemption != "34(3)(a)" or facts.unintelligible
    assert result.codes[-1] == "register"
    assert len(set(result.codes)) == len(result.codes)
    assert RiskAssessment.from_json(result.to_json()) == result
    assert BreachFacts.model_validate_json(facts.model_dump_json()) == facts
