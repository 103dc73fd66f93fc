"""Risk of a personal data breach (LAW.md section 4; GDPR Art. 33(1), 34(1), 34(3), 33(5)).

``assess(facts)`` recommends one of three outcomes and what follows from it:

=========  =========  =================================================  ========
risk       authority  data subjects                                      register
=========  =========  =================================================  ========
unlikely   no         no                                                 yes
risk       yes, 72 h  no                                                 yes
high       yes        yes, unless Art. 34(3)(b); (c) makes it public     yes
=========  =========  =================================================  ========

The outcome follows the EDPB factors (``breach.risk.rules``: one table of floors and caps per breach
type, the maximum over the listed types). The ENISA score (``breach.risk.enisa``) is shown beside it and
pushes to high only where the data left the controller's control. Unintelligible data (Art. 34(3)(a))
take confidentiality and integrity out of the assessment: the exemption is reported when that is what
removed a high risk. The result is a recommendation for the controller, who decides (LAW.md section 1).

Modules: ``facts`` (the input), ``enisa`` (the score), ``rules`` (the outcome tables), ``reasons`` (the
reason codes), ``certainty`` (a reason worded as sure as its fact); this module composes them and holds the
result model. ``measures`` and ``failed_measures`` are the DPA appendix and when to ask which of it failed.
"""

from __future__ import annotations

from typing import Final, Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator

from breach.errors import Contradiction
from breach.risk.certainty import loss_established, worded
from breach.risk.enisa import Severity
from breach.risk.facts import BreachFacts, BreachType
from breach.risk.reasons import REASONS, Reason, ReasonSpec, make_reason
from breach.risk.rules import HIGH, LEVELS, RISK, UNLIKELY, RiskLevel, assess_area, params, signals

__all__ = [
    "REASONS",
    "RULESET_VERSION",
    "BreachFacts",
    "Reason",
    "ReasonSpec",
    "RiskAssessment",
    "RiskLevel",
    "assess",
]

# The dated version of the rule tables (risk_enisa, risk_rules, risk_reasons): bump it with any change
# of a row, a threshold or a code's meaning, so a stored assessment says which rules produced it.
RULESET_VERSION: Final = "2026-12-04.1"

AREAS: Final[tuple[BreachType, ...]] = ("confidentiality", "integrity", "availability")
# Art. 34(3)(a): data nobody unauthorised can read can neither be disclosed nor meaningfully altered by
# them (an alteration of ciphertext is corruption, which the availability fact reports).
SHIELDED_BY_UNINTELLIGIBILITY: Final[frozenset[BreachType]] = frozenset({"confidentiality", "integrity"})

Channel = Literal["individual", "public"]
Exemption = Literal["34(3)(a)", "34(3)(b)"]


class RiskAssessment(BaseModel):
    """The recommendation for one controller's case; stored as JSON with the case and re-loaded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    risk: RiskLevel
    severity_score: float
    severity: Severity
    dpc: float
    ease_of_identification: float
    circumstances: float
    notify_authority: bool
    notify_data_subjects: bool
    data_subject_channel: Channel | None
    exemption: Exemption | None
    reasons: tuple[Reason, ...]
    ruleset_version: str

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # A stored assessment that contradicts itself is refused rather than rendered into a notice.
        if self.notify_authority != (self.risk != "unlikely"):
            raise Contradiction("notify_authority", self.notify_authority, f"does not follow from risk={self.risk!r}")
        if self.notify_data_subjects and self.risk != "high":
            raise Contradiction("notify_data_subjects", True, f"only a high risk is communicated (risk={self.risk!r})")
        if (self.data_subject_channel is not None) != self.notify_data_subjects:
            raise Contradiction(
                "data_subject_channel",
                self.data_subject_channel,
                "a channel is set exactly when data subjects are told"
                f" (notify_data_subjects={self.notify_data_subjects})",
            )
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order."""
        return tuple(reason.code for reason in self.reasons)

    def to_json(self) -> str:
        """The JSON stored with the case."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> RiskAssessment:
        """Re-load a stored assessment (validated: a damaged one raises ``pydantic.ValidationError``)."""
        return cls.model_validate_json(text)


def assess(facts: BreachFacts) -> RiskAssessment:
    """Recommend the outcome for ``facts``, with the ENISA score and the reasons."""
    sig = signals(facts)
    areas = {area: assess_area(area, sig) for area in AREAS if area in facts.breach_types}
    shielded = SHIELDED_BY_UNINTELLIGIBILITY if facts.unintelligible else frozenset()
    raw = max(result.level for result in areas.values())
    level = max((r.level for area, r in areas.items() if area not in shielded), default=UNLIKELY)

    codes = [code for area, r in areas.items() if area not in shielded for code in r.codes]
    if sig.art9_10 and not sig.presumption and sig.exposure:
        codes.append("special_category_reveals_little")
    if sig.exposure and sig.recipients != facts.recipients:
        codes.append("recipients_unlimited")
    if facts.malicious is None:
        codes.append("malicious_assumed")
    if "integrity" in areas and "integrity" not in shielded and facts.integrity_recoverable is None:
        codes.append("integrity_recoverability_unknown")
    if facts.vulnerable_subjects:
        codes.append("vulnerable_subjects")
    if facts.unintelligible:
        codes.append("unintelligible_key_safe")
    codes.append("enisa_severity")

    notify_data_subjects = False
    channel: Channel | None = None
    exemption: Exemption | None = None
    codes.append("notify_authority" if level >= RISK else "outcome_unlikely")
    if level == HIGH and facts.subsequent_measures_remove_high_risk:
        exemption = "34(3)(b)"
        codes.append("exemption_subsequent_measures")
    elif level == HIGH:
        notify_data_subjects = True
        channel = "public" if facts.individual_contact_disproportionate else "individual"
        codes.append("communicate_publicly" if channel == "public" else "communicate_individually")
    elif raw == HIGH:
        exemption = "34(3)(a)"
        codes.append("exemption_unintelligible")
    else:
        codes.append("no_communication_not_high")
    codes.append("register")
    # The outcome above counts "cannot be ruled out" as lost; the sentences say which it is (breach.risk.certainty).
    established = loss_established(facts)
    codes = [worded(code, established=established) for code in codes]

    values = {**params(facts, sig), "risk": LEVELS[level]}
    return RiskAssessment(
        risk=LEVELS[level],
        severity_score=sig.enisa.score,
        severity=sig.enisa.severity,
        dpc=sig.enisa.dpc,
        ease_of_identification=sig.enisa.ease_of_identification,
        circumstances=sig.enisa.circumstances,
        notify_authority=level >= RISK,
        notify_data_subjects=notify_data_subjects,
        data_subject_channel=channel,
        exemption=exemption,
        reasons=tuple(make_reason(code, values) for code in dict.fromkeys(codes)),
        ruleset_version=RULESET_VERSION,
    )
