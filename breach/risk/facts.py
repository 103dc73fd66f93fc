"""The facts a risk assessment reads (LAW.md section 4), validated as they come from YAML or JSON.

Sets arrive as lists and are kept as frozensets; they leave as sorted lists so a stored case diffs
cleanly. An unknown key is refused, so a typo in a facts file is caught instead of silently ignored.
Three contradictions are refused, each naming both fields; nothing else is second-guessed.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

from breach.errors import Contradiction
from breach.inputs import StrictBool, StrictFloat, StrictInt

BreachType = Literal["confidentiality", "integrity", "availability"]
DataCategory = Literal[
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
]
Identifiability = Literal["negligible", "limited", "significant", "maximum"]
Exfiltration = Literal["ruled_out", "cannot_rule_out", "confirmed"]
Recipients = Literal["none", "trusted", "known", "unknown", "public"]
Availability = Literal["unaffected", "restored", "temporary", "permanent"]

# Benign to worse: the order the monotonicity property walks (and the rules rely on).
IDENTIFIABILITY_ORDER: Final[tuple[Identifiability, ...]] = ("negligible", "limited", "significant", "maximum")
EXFILTRATION_ORDER: Final[tuple[Exfiltration, ...]] = ("ruled_out", "cannot_rule_out", "confirmed")
RECIPIENTS_ORDER: Final[tuple[Recipients, ...]] = ("none", "trusted", "known", "unknown", "public")
AVAILABILITY_ORDER: Final[tuple[Availability, ...]] = ("unaffected", "restored", "temporary", "permanent")


def _sorted_list(values: frozenset[str]) -> list[str]:
    return sorted(values)


# A set in Python, a sorted list in JSON (the stored case must be stable text).
_SortedJson = PlainSerializer(_sorted_list, return_type=list[str], when_used="json")


class BreachFacts(BaseModel):
    """What is known about one breach for one controller; the input of ``breach.risk.assessment.assess``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    breach_types: Annotated[frozenset[BreachType], Field(min_length=1), _SortedJson]
    data_categories: Annotated[frozenset[DataCategory], Field(min_length=1), _SortedJson]
    # Numbers and flags are strict (breach.inputs): ``data_subjects: true`` was once stored as 1.
    data_subjects: Annotated[StrictInt, Field(ge=1)]
    data_subjects_max: Annotated[StrictInt | None, Field(ge=1)] = None
    records: Annotated[StrictInt | None, Field(ge=0)] = None
    identifiability: Identifiability = "maximum"
    # ENISA DPC after context adjustment; None: derived from the categories (breach.risk.enisa).
    dpc: Annotated[StrictFloat | None, Field(ge=1, le=4, allow_inf_nan=False)] = None
    vulnerable_subjects: StrictBool = False
    unintelligible: StrictBool = False
    # None: not yet known, assessed as malicious (a controller cannot assume good faith it cannot show).
    malicious: StrictBool | None = None
    exfiltration: Exfiltration = "cannot_rule_out"
    recipients: Recipients = "unknown"
    recipient_count: Annotated[StrictInt | None, Field(ge=0)] = None
    data_retrieved: StrictBool = False
    # None: not yet known, assessed as not recoverable.
    integrity_recoverable: StrictBool | None = None
    availability: Availability = "unaffected"
    subsequent_measures_remove_high_risk: StrictBool = False
    individual_contact_disproportionate: StrictBool = False

    @model_validator(mode="after")
    def _refuse_contradictions(self) -> Self:
        # Contradiction is a ValueError: pydantic reports it as a ValidationError with this message.
        if self.recipients == "none" and self.exfiltration == "confirmed":
            raise Contradiction(
                "recipients",
                self.recipients,
                "nobody can have obtained data whose exfiltration is confirmed (exfiltration='confirmed')",
            )
        if self.data_subjects_max is not None and self.data_subjects_max < self.data_subjects:
            raise Contradiction(
                "data_subjects_max",
                self.data_subjects_max,
                f"the upper estimate is below the best estimate (data_subjects={self.data_subjects})",
            )
        listed = "availability" in self.breach_types
        if listed and self.availability == "unaffected":
            raise Contradiction(
                "availability",
                self.availability,
                "an availability breach (breach_types lists 'availability') needs availability"
                " 'restored', 'temporary' or 'permanent'",
            )
        if not listed and self.availability != "unaffected":
            raise Contradiction(
                "availability",
                self.availability,
                "availability was affected but breach_types does not list 'availability'",
            )
        return self

    @property
    def assessed_malicious(self) -> bool:
        """Malicious, counting "not yet known" as malicious (LAW.md section 4)."""
        return self.malicious is not False

    @property
    def assessed_recoverable(self) -> bool:
        """Integrity recoverable, counting "not yet known" as not recoverable."""
        return self.integrity_recoverable is True
