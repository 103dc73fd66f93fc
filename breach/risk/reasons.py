"""Reason codes: the stable identifiers an assessment gives for its outcome, with their source.

Templates render a reason per language from its ``code`` and ``params``; the English line below is the
documentation and the fallback. A code never changes meaning; a new interpretation gets a new code (and
a new ``RULESET_VERSION`` in ``breach.risk.assessment``). ``{name}`` placeholders name the params the engine fills.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer

from breach.errors import UnknownValue

ParamValue = str | int | float | bool

# Short names for the sources, so the table stays one screen.
_G9: Final = "EDPB Guidelines 9/2022"
_G1: Final = "EDPB Guidelines 01/2021"
_ENISA: Final = "ENISA 2013 severity methodology"


# How sure the sentence is of the fact it states (breach.risk.certainty): None for a sentence that states
# no such fact, or states it as the facts do ("may be in unknown hands").
Certainty = Literal["established", "possible"]


@dataclass(frozen=True, slots=True)
class ReasonSpec:
    """What a code means: its legal or methodological source, its English one-line explanation, and how
    certain it says the data left the controller's control."""

    source: str
    english: str
    certainty: Certainty | None = None

    @property
    def params(self) -> tuple[str, ...]:
        """The params the English line uses, in order of appearance."""
        return _placeholders(self.english)


@cache
def _placeholders(text: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(text) if name)


REASONS: Final[Mapping[str, ReasonSpec]] = MappingProxyType(
    {
        # Confidentiality (who holds the data, what the data reveal, how many people).
        "confidentiality_contained": ReasonSpec(
            f"{_G1}, CASE No. 01; {_ENISA}, section 3.3",
            "Nobody obtained the data, or their exfiltration is ruled out: confidentiality is not at stake.",
        ),
        "limited_disclosure": ReasonSpec(
            f"{_G1}, CASE No. 13; {_G9}",
            "Ordinary data of {data_subjects} people reached {recipients} recipients without malicious intent:"
            " a small, contained disclosure is unlikely to result in a risk.",
        ),
        "recipients_unlimited": ReasonSpec(
            f"{_ENISA}, section 3.3",
            "The data reached {recipient_count} recipients: a set that large counts as unlimited.",
        ),
        "special_category_presumption": ReasonSpec(
            f"GDPR Art. 9 and 10; {_G9}",
            "Special-category or criminal-offence data left the controller's control: damage is presumed.",
            "established",
        ),
        "special_category_disclosed": ReasonSpec(
            f"GDPR Art. 9 and 10; {_G9}; {_G1}, CASE No. 12",
            "Special-category or criminal-offence data reached people not bound to confidentiality: high risk.",
            "established",
        ),
        "special_category_reveals_little": ReasonSpec(
            f"{_G9}; {_ENISA}, section 3.1",
            "The special-category or criminal-offence data reveal little (DPC {dpc}): the presumption of"
            " damage does not apply.",
        ),
        "sensitive_data_disclosed": ReasonSpec(
            f"{_G9}, Annex B, example v; {_G1}, CASE No. 16",
            "Financial or similarly sensitive data (DPC x EI {data_severity}) left the controller's control.",
            "established",
        ),
        "sensitive_data_unknown_holders": ReasonSpec(
            f"{_G1}, CASES No. 04, 07 and 18",
            "Financial or similarly sensitive data (DPC x EI {data_severity}) may be in unknown hands:"
            " fraud is likely, high risk.",
        ),
        "large_number_of_people": ReasonSpec(
            f"{_G9}: number of affected individuals; Annex B, examples ix and x",
            "The data of {data_subjects} people left the controller's control: the number raises the risk.",
            "established",
        ),
        "malicious_holder": ReasonSpec(
            f"{_G1}, CASE No. 08",
            "Someone with malicious intent (or whose intent is not yet known) holds the data: misuse is to"
            " be expected.",
            "established",
        ),
        "malicious_sensitive": ReasonSpec(
            f"{_G1}, CASES No. 07, 17 and 18",
            "A malicious holder obtained financial or similarly sensitive data: fraud or identity theft is"
            " likely, high risk.",
            "established",
        ),
        "malicious_many": ReasonSpec(
            f"{_G1}, CASES No. 05 and 11",
            "An attacker or thief took identifying data of {data_subjects} people (at least"
            " {many_subjects}): high risk.",
            "established",
        ),
        "malicious_revealing": ReasonSpec(
            f"{_G1}, CASES No. 04 and 05",
            "An attacker or thief took data that reveal more than identity and contact details"
            " (DPC x EI {data_severity}): high risk.",
            "established",
        ),
        "fraud_data_disclosed": ReasonSpec(
            f"{_G9}; {_ENISA}, section 3.1",
            "National identification numbers or credentials left the controller's control: they open"
            " identity fraud or account takeover.",
            "established",
        ),
        "fraud_data_many": ReasonSpec(
            f"{_G9}, Annex B, example vi; {_G1}, CASES No. 06 and 14",
            "National identification numbers or usable credentials of {data_subjects} people left the"
            " controller's control: identity fraud or account takeover at scale, high risk.",
            "established",
        ),
        "unknown_recipients_intent": ReasonSpec(
            f"{_G9}; {_G1}, CASE No. 11",
            "Unknown parties obtained or could obtain the data: the controller cannot know their intent, so"
            " the risk cannot be called low.",
        ),
        "mass_exposure": ReasonSpec(
            f"{_G9} (number of affected individuals)",
            "Identifying data of {data_subjects} people (at least {mass_subjects}) may be in unknown hands: high risk.",
        ),
        "published_data": ReasonSpec(
            f"{_G9}, Annex B, example vi",
            "Data beyond contact details were published: anyone can use them, high risk.",
        ),
        "enisa_very_high": ReasonSpec(
            f"{_ENISA}, section 4",
            "The ENISA severity ({severity_score}) is very high and the data left the controller's control: high risk.",
            "established",
        ),
        "trusted_recipient": ReasonSpec(
            f"{_G1}, CASE No. 09; {_G9}",
            "The only recipient is known and bound to confidentiality: the risk is not high.",
        ),
        "trusted_recipient_deleted": ReasonSpec(
            f"{_G1}, CASE No. 09",
            "The recipient is bound to confidentiality and confirmed deletion: unlikely to result in a risk.",
        ),
        "data_retrieved": ReasonSpec(
            f"{_G9}; {_G1}, CASE No. 13",
            "The data were returned, deleted with confirmation, or wiped by the known recipients: the risk"
            " is not high.",
        ),
        # The same findings while the data's exfiltration cannot be ruled out but is not established
        # (breach.risk.certainty): the outcome is the same (EDPB 9/2022: a risk that cannot be excluded is
        # assessed), the sentence says what is known.
        "special_category_presumption_possible": ReasonSpec(
            f"GDPR Art. 9 and 10; {_G9}",
            "Special-category or criminal-offence data could have been copied (their exfiltration cannot be"
            " ruled out): damage is presumed.",
            "possible",
        ),
        "special_category_disclosed_possible": ReasonSpec(
            f"GDPR Art. 9 and 10; {_G9}; {_G1}, CASE No. 12",
            "Special-category or criminal-offence data could have reached people not bound to confidentiality"
            " (their exfiltration cannot be ruled out): high risk.",
            "possible",
        ),
        "sensitive_data_disclosed_possible": ReasonSpec(
            f"{_G9}, Annex B, example v; {_G1}, CASE No. 16",
            "Financial or similarly sensitive data (DPC x EI {data_severity}) could have been copied: their"
            " exfiltration cannot be ruled out.",
            "possible",
        ),
        "large_number_of_people_possible": ReasonSpec(
            f"{_G9}: number of affected individuals; Annex B, examples ix and x",
            "The data of {data_subjects} people could have been copied (their exfiltration cannot be ruled"
            " out): the number raises the risk.",
            "possible",
        ),
        "malicious_holder_possible": ReasonSpec(
            f"{_G1}, CASE No. 08",
            "Someone with malicious intent (or whose intent is not yet known) could have copied the data, as"
            " their exfiltration cannot be ruled out: misuse must be expected.",
            "possible",
        ),
        "malicious_sensitive_possible": ReasonSpec(
            f"{_G1}, CASES No. 07, 17 and 18",
            "A malicious party could have copied financial or similarly sensitive data (their exfiltration"
            " cannot be ruled out): fraud or identity theft would be likely, high risk.",
            "possible",
        ),
        "malicious_many_possible": ReasonSpec(
            f"{_G1}, CASES No. 05 and 11",
            "An attacker or thief could have copied identifying data of {data_subjects} people (at least"
            " {many_subjects}); their exfiltration cannot be ruled out: high risk.",
            "possible",
        ),
        "malicious_revealing_possible": ReasonSpec(
            f"{_G1}, CASES No. 04 and 05",
            "An attacker or thief could have copied data that reveal more than identity and contact details"
            " (DPC x EI {data_severity}); their exfiltration cannot be ruled out: high risk.",
            "possible",
        ),
        "fraud_data_disclosed_possible": ReasonSpec(
            f"{_G9}; {_ENISA}, section 3.1",
            "National identification numbers or credentials could have been copied (their exfiltration cannot"
            " be ruled out): they open identity fraud or account takeover.",
            "possible",
        ),
        "fraud_data_many_possible": ReasonSpec(
            f"{_G9}, Annex B, example vi; {_G1}, CASES No. 06 and 14",
            "National identification numbers or usable credentials of {data_subjects} people could have been"
            " copied (their exfiltration cannot be ruled out): identity fraud or account takeover at scale,"
            " high risk.",
            "possible",
        ),
        "enisa_very_high_possible": ReasonSpec(
            f"{_ENISA}, section 4",
            "The ENISA severity ({severity_score}) is very high and the data could have been copied (their"
            " exfiltration cannot be ruled out): high risk.",
            "possible",
        ),
        # Integrity.
        "integrity_recoverable": ReasonSpec(
            f"{_G9}; {_ENISA}, section 3.3",
            "The altered data can be restored to their correct state: no lasting effect on people.",
        ),
        "integrity_sensitive_altered": ReasonSpec(
            f"{_G9}",
            "Financial, health or other sensitive records, or records of vulnerable people, were altered:"
            " even if they can be restored, decisions may have been taken on wrong data meanwhile.",
        ),
        "integrity_not_recoverable": ReasonSpec(
            f"{_G9}; {_ENISA}, section 3.3",
            "The altered data cannot be restored (or that is not yet known): wrong data stay in use.",
        ),
        "integrity_not_recoverable_sensitive": ReasonSpec(
            f"{_G9}",
            "Medical, financial or other sensitive records, or those of vulnerable people, were altered"
            " beyond recovery: high risk.",
        ),
        "integrity_recoverability_unknown": ReasonSpec(
            f"{_ENISA}, section 3.3",
            "Whether the altered data can be restored is not yet known: assessed as not recoverable.",
        ),
        # Availability.
        "availability_restored": ReasonSpec(
            f"{_G1}, CASE No. 01; {_G9}, Annex B, example iii",
            "The data were restored quickly, with no consequences for people: unlikely to result in a risk.",
        ),
        "availability_loss_affects_people": ReasonSpec(
            f"{_G1}, CASE No. 02; {_G9}, Annex B, example iv",
            "The data are not back in time for the people who need them: a loss of availability alone is a risk.",
        ),
        "availability_permanent": ReasonSpec(
            f"{_G9}, Annex B, example iv",
            "The data are lost for good.",
        ),
        "availability_harms_care": ReasonSpec(
            f"{_G1}, CASE No. 03; {_G9}, Annex B, example viii",
            "Health or other special-category data, or data of vulnerable people, are unavailable: care or"
            " those people are harmed, high risk.",
        ),
        "availability_permanent_mass_sensitive": ReasonSpec(
            f"{_G9}",
            "Financial or similarly sensitive data of {data_subjects} people are lost for good: high risk.",
        ),
        # Facts the assessment assumed or weighed, and mitigations.
        "malicious_assumed": ReasonSpec(
            f"{_ENISA}, section 3.3; {_G9}",
            "Whether the breach was malicious is not yet known: it is assessed as malicious.",
        ),
        "vulnerable_subjects": ReasonSpec(
            f"{_G9} (vulnerable individuals); {_ENISA}, section 3.1",
            "Vulnerable people (such as children or patients) are affected.",
        ),
        "unintelligible_key_safe": ReasonSpec(
            f"GDPR Art. 34(3)(a); {_G9}; {_G1}, CASES No. 01, 06 and 10",
            "The data were unintelligible to anyone unauthorised (state-of-the-art encryption or salted"
            " hashing, key or salt safe): their confidentiality and integrity are not at stake.",
        ),
        "enisa_severity": ReasonSpec(
            _ENISA,
            "ENISA severity {severity_score} ({severity}): DPC {dpc} x EI {ease_of_identification} + CB"
            " {circumstances}.",
        ),
        # What follows from the outcome.
        "outcome_unlikely": ReasonSpec(
            "GDPR Art. 33(1)",
            "Unlikely to result in a risk to people's rights and freedoms: no notification to the authority.",
        ),
        "notify_authority": ReasonSpec(
            "GDPR Art. 33(1)",
            "The outcome is '{risk}': notify the supervisory authority within 72 hours of becoming aware.",
        ),
        "no_communication_not_high": ReasonSpec(
            "GDPR Art. 34(1)",
            "The risk is not high: no communication to the data subjects is required.",
        ),
        "communicate_individually": ReasonSpec(
            "GDPR Art. 34(1) and 34(2)",
            "High risk: tell each data subject without undue delay, in clear and plain language.",
        ),
        "communicate_publicly": ReasonSpec(
            "GDPR Art. 34(3)(c)",
            "High risk, and contacting each person would involve disproportionate effort: a public"
            " communication informs them instead.",
        ),
        "exemption_unintelligible": ReasonSpec(
            "GDPR Art. 34(3)(a)",
            "Without the encryption or hashing the risk would be high; as the data were unintelligible, no"
            " communication to the data subjects is required.",
        ),
        "exemption_subsequent_measures": ReasonSpec(
            "GDPR Art. 34(3)(b)",
            "Measures taken since the breach ensure the high risk is no longer likely to materialise: no"
            " communication to the data subjects is required; the authority is still notified.",
        ),
        "register": ReasonSpec(
            "GDPR Art. 33(5)",
            "Record the breach, its effects, the remedial action and this reasoning in the breach register.",
        ),
    }
)


def _freeze(params: Mapping[str, ParamValue]) -> Mapping[str, ParamValue]:
    return MappingProxyType(dict(params))


def _thaw(params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    return dict(params)


class Reason(BaseModel):
    """One reason for an assessment: a stable code, its source, and plain values for the template."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    source: str
    params: Annotated[
        Mapping[str, ParamValue],
        AfterValidator(_freeze),
        PlainSerializer(_thaw, return_type=dict[str, ParamValue]),
    ] = Field(default_factory=lambda: MappingProxyType({}))

    def english(self) -> str:
        """The English fallback sentence (templates render the controller's language)."""
        return REASONS[self.code].english.format_map(self.params)


def make_reason(code: str, values: Mapping[str, ParamValue]) -> Reason:
    """The reason ``code`` with the params its sentence uses, taken from ``values``."""
    spec = REASONS.get(code)
    if spec is None:
        raise UnknownValue("reason", code, "not a reason code of breach.risk.reasons.REASONS")
    return Reason(code=code, source=spec.source, params={name: values[name] for name in spec.params})
