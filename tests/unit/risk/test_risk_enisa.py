"""ENISA severity SE = DPC x EI + CB (ENISA 2013; LAW.md section 4), on table-driven vectors."""

from __future__ import annotations

from typing import Any

import pytest

from breach.risk.assessment import BreachFacts, assess
from breach.risk.enisa import BASIC_DPC, band, derived_dpc, round_score


def _facts(**changes: Any) -> BreachFacts:
    base: dict[str, Any] = {
        "breach_types": ["confidentiality"],
        "data_categories": ["identity"],
        "data_subjects": 10,
        "malicious": False,
        "recipients": "none",
    }
    return BreachFacts.model_validate({**base, **changes})


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.25, "low"),
        (1.99, "low"),
        (2.0, "medium"),
        (2.99, "medium"),
        (3.0, "high"),
        (3.99, "high"),
        (4.0, "very_high"),
        (5.5, "very_high"),
    ],
)
def test_bands_include_their_lower_boundary(score: float, expected: str) -> None:
    """low < 2 <= medium < 3 <= high < 4 <= very high: 2.0, 3.0 and 4.0 belong to the higher band."""
    assert band(score) == expected


@pytest.mark.parametrize(
    ("changes", "score", "severity"),
    [
        # LAW.md: DPC 4, EI 0.5, C 0.5 (unknown), A 0.5 (permanent), malicious -> 3.5 high.
        (
            {
                "breach_types": ["confidentiality", "availability"],
                "data_categories": ["special"],
                "identifiability": "limited",
                "recipients": "unknown",
                "availability": "permanent",
                "malicious": True,
            },
            3.5,
            "high",
        ),
        # LAW.md: DPC 3, EI 0.75, C 0.25 -> 2.5 medium.
        (
            {"data_categories": ["financial"], "identifiability": "significant", "recipients": "known"},
            2.5,
            "medium",
        ),
        ({"recipients": "none"}, 1.0, "low"),
        ({"recipients": "trusted"}, 1.25, "low"),
        ({"recipients": "public"}, 1.5, "low"),
        ({"recipients": "unknown", "exfiltration": "ruled_out"}, 1.0, "low"),
        ({"recipients": "known", "recipient_count": 100}, 1.5, "low"),
        ({"malicious": None}, 1.5, "low"),
        ({"malicious": True, "recipients": "unknown"}, 2.0, "medium"),
        ({"breach_types": ["integrity"], "integrity_recoverable": True}, 1.25, "low"),
        ({"breach_types": ["integrity"], "integrity_recoverable": False}, 1.5, "low"),
        ({"breach_types": ["integrity"]}, 1.5, "low"),
        ({"breach_types": ["availability"], "availability": "restored"}, 1.0, "low"),
        ({"breach_types": ["availability"], "availability": "temporary"}, 1.25, "low"),
        ({"breach_types": ["availability"], "availability": "permanent"}, 1.5, "low"),
        ({"data_categories": ["identity", "national_id"], "recipients": "known"}, 2.25, "medium"),
        ({"data_categories": ["financial"], "identifiability": "negligible"}, 0.75, "low"),
        ({"data_categories": ["financial"], "vulnerable_subjects": True}, 4.0, "very_high"),
        ({"data_categories": ["special"], "vulnerable_subjects": True}, 4.0, "very_high"),
        ({"data_categories": ["special"], "dpc": 2.0}, 2.0, "medium"),
        ({"dpc": 3.3, "identifiability": "significant"}, 2.48, "medium"),
        (
            {
                "breach_types": ["confidentiality", "integrity", "availability"],
                "data_categories": ["criminal"],
                "recipients": "public",
                "availability": "permanent",
                "malicious": True,
            },
            6.0,
            "very_high",
        ),
        # A term for an unlisted breach type counts nothing.
        ({"breach_types": ["integrity"], "recipients": "public", "integrity_recoverable": True}, 1.25, "low"),
    ],
)
def test_enisa_vectors(changes: dict[str, Any], score: float, severity: str) -> None:
    """Each vector's score and band, computed by hand from the ENISA tables."""
    result = assess(_facts(**changes))
    assert (result.severity_score, result.severity) == (score, severity)


@pytest.mark.parametrize(("category", "score"), sorted(BASIC_DPC.items()))
def test_basic_dpc_per_category(category: str, score: float) -> None:
    """The derived DPC of a single category is its basic score from LAW.md section 4."""
    assert derived_dpc(_facts(data_categories=[category])) == score


def test_derived_dpc_takes_the_highest_and_caps_the_vulnerable_raise() -> None:
    """Several categories: the highest; vulnerable people +1, never above 4; a given dpc wins."""
    assert derived_dpc(_facts(data_categories=["contact", "location", "financial"])) == 3
    assert derived_dpc(_facts(data_categories=["location"], vulnerable_subjects=True)) == 3
    assert derived_dpc(_facts(data_categories=["special"], vulnerable_subjects=True)) == 4
    assert derived_dpc(_facts(data_categories=["special"], vulnerable_subjects=True, dpc=1.5)) == 1.5


def test_rounding_is_half_up_on_the_shown_decimals() -> None:
    """2.475 shows as 2.48 and 1.995 as 2.0, so the band matches the number a person reads."""
    assert round_score(2.475) == 2.48
    assert round_score(1.995) == 2.0
    assert band(round_score(1.995)) == "medium"
