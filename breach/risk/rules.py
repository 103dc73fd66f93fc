"""The outcome rules of LAW.md section 4 as tables: floors that raise, caps that limit.

Each breach type is an *area*. An area's level is ``min(caps, max(floors))``: a floor is a factor that
sets a minimum outcome, a cap is a mitigation that sets a maximum. Monotonicity (worsening a fact never
lowers the outcome) then holds by construction, provided every row keeps two promises, which review
checks row by row:

- a floor's condition only reads signals that grow as facts worsen, and it fires from ``min_exposure``
  up (more exposure can only add floors); level-0 rows only state a finding and are exempt;
- a cap's condition only holds for benign facts (retrieved, no presumption), up to ``max_exposure``.

The outcome is the maximum over the listed areas; an unlisted area counts nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from breach.risk.enisa import EnisaScore, confidentiality_exposed, enisa_score
from breach.risk.facts import RECIPIENTS_ORDER, BreachFacts, BreachType, Recipients
from breach.risk.reasons import ParamValue

RiskLevel = Literal["unlikely", "risk", "high"]
UNLIKELY: Final = 0
RISK: Final = 1
HIGH: Final = 2
LEVELS: Final[tuple[RiskLevel, ...]] = ("unlikely", "risk", "high")

# Exposure: who holds or could hold the data, benign to worse (the index in RECIPIENTS_ORDER).
NONE, TRUSTED, KNOWN, UNKNOWN, PUBLIC = range(5)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers the rules compare against: dated data, changed only with a new ruleset version."""

    # EDPB 9/2022 names the number of people as a factor without figures; 100 separates a handful of
    # mis-sent letters from a list (EDPB 01/2021 CASE No. 05: 213 people, high), 10 000 a mass breach.
    many_subjects: int = 100
    mass_subjects: int = 10_000
    # ENISA 2013 section 3.3: "known, limited" recipients against "unknown or unlimited"; a known set this
    # large cannot be followed up one by one (EDPB 9/2022 Annex B ix: a mailing list of 1000+).
    unlimited_recipients: int = 100
    # DPC x EI, the ENISA data term: 3 is financial data, fully identifiable (LAW.md section 4).
    sensitive_data: float = 3.0
    # 2 is data that reveal more than identity and contact (behaviour, location, ID numbers, messages).
    revealing_data: float = 2.0
    # 1 is identity or contact data, fully identifiable; below it people are hard to single out.
    identifying_data: float = 1.0
    # LAW.md section 4: Art. 9/10 data with a DPC of 2 or less "reveal little"; the presumption yields.
    presumption_rebutted_dpc: float = 2.0
    # ENISA 2013 section 4: the very high band.
    enisa_very_high: float = 4.0


T: Final = Thresholds()


@dataclass(frozen=True, slots=True)
class Signals:
    """The facts as the rules read them, each oriented so that larger (or True) is worse."""

    exposure: int  # 0 when confidentiality is not at stake; else the index of the effective recipients
    recipients: Recipients  # effective: a known set of ``unlimited_recipients`` or more counts as unknown
    malicious: bool
    dpc: float
    data_severity: float  # DPC x EI
    data_subjects: int
    presumption: bool  # Art. 9/10 data that do not "reveal little"
    art9_10: bool
    fraud_data: bool  # national_id or credentials: identity fraud, account takeover
    not_retrieved: bool
    vulnerable: bool
    not_recoverable: bool  # integrity: not recoverable or not yet known
    availability: int  # index in AVAILABILITY_ORDER
    enisa: EnisaScore


def effective_recipients(facts: BreachFacts) -> Recipients:
    """The recipients level the rules and ENISA use: a large known set is an unlimited one."""
    count = facts.recipient_count
    if facts.recipients == "known" and count is not None and count >= T.unlimited_recipients:
        return "unknown"
    return facts.recipients


def signals(facts: BreachFacts) -> Signals:
    """Read the facts once, into the oriented signals the tables test."""
    recipients = effective_recipients(facts)
    enisa = enisa_score(facts, recipients=recipients)
    exposure = RECIPIENTS_ORDER.index(recipients) if confidentiality_exposed(facts) else NONE
    art9_10 = bool(facts.data_categories & {"special", "criminal"})
    rebutted = facts.dpc is not None and facts.dpc <= T.presumption_rebutted_dpc
    return Signals(
        exposure=exposure,
        recipients=recipients,
        malicious=facts.assessed_malicious,
        dpc=enisa.dpc,
        data_severity=enisa.dpc * enisa.ease_of_identification,
        data_subjects=facts.data_subjects,
        presumption=art9_10 and not rebutted,
        art9_10=art9_10,
        fraud_data=bool(facts.data_categories & {"national_id", "credentials"}),
        not_retrieved=not facts.data_retrieved,
        vulnerable=facts.vulnerable_subjects,
        not_recoverable=not facts.assessed_recoverable,
        availability=("unaffected", "restored", "temporary", "permanent").index(facts.availability),
        enisa=enisa,
    )


Condition = Callable[[Signals], bool]


def _always(_: Signals) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Floor:
    """A factor: when it holds, the area's outcome is at least ``level``."""

    code: str  # a key of breach.risk.reasons.REASONS, which holds the source
    area: BreachType
    level: int
    when: Condition = _always
    min_exposure: int = NONE


@dataclass(frozen=True, slots=True)
class Cap:
    """A mitigation: when it holds, the area's outcome is at most ``ceiling``."""

    code: str
    area: BreachType
    ceiling: int
    max_exposure: int
    when: Condition = _always


_C: Final = "confidentiality"
_I: Final = "integrity"
_A: Final = "availability"

FLOORS: Final[tuple[Floor, ...]] = (
    # Confidentiality: EDPB 9/2022 factors (nature, sensitivity, volume, identifiability, who holds the
    # data and with what intent), checked against EDPB 01/2021 cases named in each reason's source.
    Floor("special_category_presumption", _C, RISK, lambda s: s.presumption, TRUSTED),
    Floor(
        "sensitive_data_disclosed", _C, RISK, lambda s: s.data_severity >= T.sensitive_data and s.not_retrieved, TRUSTED
    ),
    Floor(
        "large_number_of_people", _C, RISK, lambda s: s.data_subjects >= T.mass_subjects and s.not_retrieved, TRUSTED
    ),
    Floor(
        "special_category_disclosed", _C, HIGH, lambda s: s.presumption and s.data_severity >= T.revealing_data, KNOWN
    ),
    Floor("sensitive_data_disclosed", _C, RISK, lambda s: s.data_severity >= T.sensitive_data, KNOWN),
    Floor("malicious_holder", _C, RISK, lambda s: s.malicious, KNOWN),
    Floor("malicious_sensitive", _C, HIGH, lambda s: s.malicious and s.data_severity >= T.sensitive_data, KNOWN),
    Floor("large_number_of_people", _C, RISK, lambda s: s.data_subjects >= T.many_subjects, KNOWN),
    Floor("fraud_data_disclosed", _C, RISK, lambda s: s.fraud_data and s.not_retrieved, KNOWN),
    Floor("fraud_data_many", _C, HIGH, lambda s: s.fraud_data and s.data_subjects >= T.mass_subjects, KNOWN),
    Floor("enisa_very_high", _C, HIGH, lambda s: s.enisa.score >= T.enisa_very_high, KNOWN),
    Floor("unknown_recipients_intent", _C, RISK, _always, UNKNOWN),
    Floor("sensitive_data_unknown_holders", _C, HIGH, lambda s: s.data_severity >= T.sensitive_data, UNKNOWN),
    Floor(
        "malicious_many",
        _C,
        HIGH,
        lambda s: s.malicious and s.data_subjects >= T.many_subjects and s.data_severity >= T.identifying_data,
        UNKNOWN,
    ),
    Floor("malicious_revealing", _C, HIGH, lambda s: s.malicious and s.data_severity >= T.revealing_data, UNKNOWN),
    Floor(
        "fraud_data_many",
        _C,
        HIGH,
        lambda s: s.fraud_data and s.data_subjects >= T.many_subjects and s.data_severity >= T.identifying_data,
        UNKNOWN,
    ),
    Floor(
        "mass_exposure",
        _C,
        HIGH,
        lambda s: s.data_subjects >= T.mass_subjects and s.data_severity >= T.identifying_data,
        UNKNOWN,
    ),
    Floor("published_data", _C, HIGH, lambda s: s.data_severity >= T.revealing_data, PUBLIC),
    # Integrity (EDPB 9/2022: severity and permanence of consequences). Level-0 rows state the finding.
    Floor("integrity_recoverable", _I, UNLIKELY, lambda s: not s.not_recoverable),
    Floor("integrity_sensitive_altered", _I, RISK, lambda s: s.dpc >= T.sensitive_data or s.vulnerable or s.art9_10),
    Floor("integrity_not_recoverable", _I, RISK, lambda s: s.not_recoverable),
    Floor(
        "integrity_not_recoverable_sensitive",
        _I,
        HIGH,
        lambda s: s.not_recoverable and (s.dpc >= T.sensitive_data or s.vulnerable or s.art9_10),
    ),
    # Availability (EDPB 01/2021 CASES No. 01-04; 9/2022 Annex B iii, iv, viii): how fast data come back
    # and who needs them. Index 1 restored, 2 temporary, 3 permanent.
    Floor("availability_restored", _A, UNLIKELY, lambda s: s.availability == 1),
    Floor("availability_loss_affects_people", _A, RISK, lambda s: s.availability >= 2),
    Floor("availability_permanent", _A, RISK, lambda s: s.availability >= 3),
    Floor("availability_harms_care", _A, HIGH, lambda s: s.availability >= 2 and (s.vulnerable or s.art9_10)),
    Floor(
        "availability_permanent_mass_sensitive",
        _A,
        HIGH,
        lambda s: s.availability == 3 and s.dpc >= T.sensitive_data and s.data_subjects >= T.mass_subjects,
    ),
)

CAPS: Final[tuple[Cap, ...]] = (
    # EDPB 01/2021 CASE No. 09: one trusted recipient, bound to confidentiality, confirms deletion.
    Cap("trusted_recipient_deleted", _C, UNLIKELY, TRUSTED, lambda s: not s.not_retrieved and not s.presumption),
    # A recipient bound to confidentiality does not misuse what it got: never high (Art. 9 data: risk).
    Cap("trusted_recipient", _C, RISK, TRUSTED),
    # Known recipients who returned or deleted the data: what remains is not high. Unknown holders who
    # hand a device back may have copied it, so no cap there.
    Cap("data_retrieved", _C, RISK, KNOWN, lambda s: not s.not_retrieved),
)


@dataclass(frozen=True, slots=True)
class AreaResult:
    """One breach type's level and the codes of the floors and caps that applied, in table order."""

    level: int
    codes: tuple[str, ...]


def assess_area(area: BreachType, sig: Signals) -> AreaResult:
    """``min(caps, max(floors))`` for one listed breach type."""
    if area == "confidentiality" and sig.exposure == NONE:
        return AreaResult(UNLIKELY, ("confidentiality_contained",))
    floors = [f for f in FLOORS if f.area == area and sig.exposure >= f.min_exposure and f.when(sig)]
    caps = [c for c in CAPS if c.area == area and sig.exposure <= c.max_exposure and c.when(sig)]
    raw = max((f.level for f in floors), default=UNLIKELY)
    level = min([raw, *(c.ceiling for c in caps)])
    # The reasons are the decisive factors (the floors at the top level) and the mitigations that hold
    # the outcome where it is; lesser floors are implied by them and would only repeat. With no factor
    # at all, the mitigations that hold are the reason; with neither, the disclosure was a small one.
    codes = [f.code for f in floors if f.level == raw] + [c.code for c in caps if c.ceiling <= level]
    codes = codes or [c.code for c in caps] or ["limited_disclosure"]
    return AreaResult(level, tuple(dict.fromkeys(codes)))


def params(facts: BreachFacts, sig: Signals) -> Mapping[str, ParamValue]:
    """Every value a reason sentence may use, as plain values."""
    return {
        "data_subjects": facts.data_subjects,
        "recipients": sig.recipients,
        "recipient_count": facts.recipient_count if facts.recipient_count is not None else 0,
        "dpc": sig.dpc,
        "ease_of_identification": sig.enisa.ease_of_identification,
        "circumstances": sig.enisa.circumstances,
        "data_severity": round(sig.data_severity, 2),
        "severity_score": sig.enisa.score,
        "severity": sig.enisa.severity,
        "many_subjects": T.many_subjects,
        "mass_subjects": T.mass_subjects,
    }
