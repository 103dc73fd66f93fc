"""ENISA severity, ``SE = DPC x EI + CB`` (ENISA, Recommendations for a methodology of the assessment of
severity of personal data breaches, 2013; LAW.md section 4).

Reported beside the outcome; it informs the outcome in one place only (``breach.risk.rules``, a very high
score where data left our control), because ENISA is support, not law.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from breach.risk.facts import (
    Availability,
    BreachFacts,
    DataCategory,
    Identifiability,
    Recipients,
)

Severity = Literal["low", "medium", "high", "very_high"]

# Basic DPC per category, LAW.md section 4 (ENISA 2013 section 3.1: simple 1, behavioural 2,
# financial 3, sensitive 4). national_id scores 2 because it opens identity fraud; credentials score 2
# unless the facts' dpc says the data they open score higher; criminal data sit with Art. 9 data.
BASIC_DPC: Final[dict[DataCategory, float]] = {
    "identity": 1,
    "contact": 1,
    "national_id": 2,
    "credentials": 2,
    "location": 2,
    "behavioural": 2,
    "communications": 2,
    "financial": 3,
    "special": 4,
    "criminal": 4,
}
# ENISA 2013 section 3.1: the context adjustment for vulnerable people, applied to the derived score only
# (a given dpc is already "after context adjustment").
VULNERABLE_DPC_RAISE: Final = 1.0
DPC_MAX: Final = 4.0

# ENISA 2013 section 3.2, ease of identification.
EASE_OF_IDENTIFICATION: Final[dict[Identifiability, float]] = {
    "negligible": 0.25,
    "limited": 0.5,
    "significant": 0.75,
    "maximum": 1.0,
}

# ENISA 2013 section 3.3, circumstances of breach. "known" is a limited set of recipients; "unknown"
# and "public" are unlimited. A confidentiality term needs data that left control: none when nobody
# obtained them or exfiltration is ruled out.
CONFIDENTIALITY_CB: Final[dict[Recipients, float]] = {
    "none": 0.0,
    "trusted": 0.25,
    "known": 0.25,
    "unknown": 0.5,
    "public": 0.5,
}
INTEGRITY_CB_RECOVERABLE: Final = 0.25
INTEGRITY_CB_NOT_RECOVERABLE: Final = 0.5  # also when recoverability is not yet known
# "restored" (quickly, without consequences for people) scores 0: ENISA's availability circumstance is
# about data people could not use when they needed them; a restore with no effect on anyone has none.
AVAILABILITY_CB: Final[dict[Availability, float]] = {
    "unaffected": 0.0,
    "restored": 0.0,
    "temporary": 0.25,
    "permanent": 0.5,
}
MALICIOUS_CB: Final = 0.5  # "not yet known" counts as malicious

# ENISA 2013 section 4: low < 2 <= medium < 3 <= high < 4 <= very high; highest threshold first.
BANDS: Final[tuple[tuple[float, Severity], ...]] = ((4.0, "very_high"), (3.0, "high"), (2.0, "medium"))


@dataclass(frozen=True, slots=True)
class EnisaScore:
    """The terms and the result of the ENISA formula for one set of facts."""

    dpc: float
    ease_of_identification: float
    circumstances: float
    score: float
    severity: Severity


def round_score(value: float) -> float:
    """Two decimals, half up, as a person rounds the number (3.3 x 0.75 = 2.475 shows as 2.48).

    Binary float noise (3.3 * 0.75 is 2.4749999999999996) is removed at 9 decimals first.
    """
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def band(score: float) -> Severity:
    """The ENISA severity band of a score; the boundaries belong to the higher band."""
    for threshold, severity in BANDS:
        if score >= threshold:
            return severity
    return "low"


def derived_dpc(facts: BreachFacts) -> float:
    """The DPC used: the facts' own, or the highest basic score of the categories (+1 if vulnerable, max 4)."""
    if facts.dpc is not None:
        return facts.dpc
    score = max(BASIC_DPC[category] for category in facts.data_categories)
    if facts.vulnerable_subjects:
        score += VULNERABLE_DPC_RAISE
    return float(min(score, DPC_MAX))


def confidentiality_exposed(facts: BreachFacts) -> bool:
    """Whether the data left our control: someone obtained or could obtain them, and it is not ruled out."""
    return "confidentiality" in facts.breach_types and facts.recipients != "none" and facts.exfiltration != "ruled_out"


def circumstances(facts: BreachFacts, *, recipients: Recipients) -> float:
    """The CB sum; ``recipients`` is the effective level (a large known set counts as unlimited)."""
    total = 0.0
    if confidentiality_exposed(facts):
        total += CONFIDENTIALITY_CB[recipients]
    if "integrity" in facts.breach_types:
        total += INTEGRITY_CB_RECOVERABLE if facts.assessed_recoverable else INTEGRITY_CB_NOT_RECOVERABLE
    # Only a listed availability breach has an availability other than "unaffected" (validated).
    total += AVAILABILITY_CB[facts.availability]
    if facts.assessed_malicious:
        total += MALICIOUS_CB
    return total


def enisa_score(facts: BreachFacts, *, recipients: Recipients) -> EnisaScore:
    """SE = DPC x EI + CB, rounded to two decimals; the band is read from the rounded score it shows."""
    dpc = derived_dpc(facts)
    ei = EASE_OF_IDENTIFICATION[facts.identifiability]
    cb = circumstances(facts, recipients=recipients)
    score = round_score(dpc * ei + cb)
    return EnisaScore(dpc=dpc, ease_of_identification=ei, circumstances=cb, score=score, severity=band(score))
