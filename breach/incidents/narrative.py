"""What a person writes about a breach, beside the structured facts of ``breach.risk.assessment``.

The first notice carries what is known then (SCC 2021/915 clause 9.2; GDPR Art. 33(4)). Each mandatory
item is either written or explicitly marked not yet known; an item that is simply missing is a defect
that stops the notice (the completeness gate), because silence in a legal notice reads as "nothing".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from breach.inputs import Prose, StrictBool, scrub_prose
from breach.risk.measures import known_measure

# The items a processor's notice must hold where possible (SCC 2021/915 clause 9.2; GDPR Art. 33(3)(a)-(d)),
# with the provision that asks for each.
MANDATORY: Final[Mapping[str, str]] = {
    "nature": "GDPR Art. 33(3)(a); SCC 2021/915 cl. 9.2(a)",
    "categories_and_numbers": "GDPR Art. 33(3)(a); SCC 2021/915 cl. 9.2(a)",
    "contact_point": "GDPR Art. 33(3)(b); SCC 2021/915 cl. 9.2(b)",
    "likely_consequences": "GDPR Art. 33(3)(c); SCC 2021/915 cl. 9.2(c)",
    "measures": "GDPR Art. 33(3)(d); SCC 2021/915 cl. 9.2(d)",
}


class Narrative(BaseModel):
    """The text items of a breach; ``not_yet_known`` lists the items deliberately left open."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Prose keeps newlines and tabs and refuses every other control character (breach.inputs).
    nature: Prose | None = Field(default=None, max_length=5000)
    likely_consequences: Prose | None = Field(default=None, max_length=5000)
    measures_taken: Prose | None = Field(default=None, max_length=5000)
    measures_proposed: Prose | None = Field(default=None, max_length=5000)
    # Empty: our DPO (a setting) is the contact point.
    contact_point: Prose | None = Field(default=None, max_length=500)
    ongoing: StrictBool | None = None
    not_yet_known: frozenset[
        Literal["nature", "likely_consequences", "measures", "categories_and_numbers", "contact_point"]
    ] = frozenset()
    # The measures of the DPA appendix that failed in this incident (``breach.risk.measures``; GDPR Art. 32(1)):
    # the root cause the DPIA support pack reports (Art. 35(7)(d)). Optional: not an item of the
    # completeness gate, which follows Art. 33(3) only.
    failed_measures: tuple[Annotated[str, AfterValidator(known_measure)], ...] = ()

    @classmethod
    def stored(cls, raw: Mapping[str, Any] | None) -> Narrative:
        """The narrative as the database holds it: text written before the control-character rule
        (``breach.inputs``) is scrubbed rather than refused, so its notices still render."""
        data = {key: scrub_prose(value) if isinstance(value, str) else value for key, value in (raw or {}).items()}
        return cls.model_validate(data)

    @model_validator(mode="after")
    def _written_or_open(self) -> Narrative:
        written = {
            "nature": self.nature,
            "likely_consequences": self.likely_consequences,
            "measures": self.measures_taken or self.measures_proposed,
            "contact_point": self.contact_point,
        }
        both = [item for item in self.not_yet_known if written.get(item)]
        if both:
            raise ValueError(f"{both[0]} is written and also marked not yet known: choose one")
        return self

    @field_validator("failed_measures")
    @classmethod
    def _each_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        twice = sorted({m for m in value if value.count(m) > 1})
        if twice:
            raise ValueError(f"{twice[0]} is named twice")
        return value


def missing_items(narrative: Narrative | None, *, has_facts: bool, has_default_contact: bool) -> list[str]:
    """The mandatory items neither written nor marked not yet known, in a stable order.

    ``has_facts``: the structured facts (categories, numbers) are known; ``has_default_contact``: our DPO
    setting can stand in for the contact point.
    """
    n = narrative or Narrative()
    written = {
        "nature": bool(n.nature),
        "categories_and_numbers": has_facts,
        "contact_point": bool(n.contact_point) or has_default_contact,
        "likely_consequences": bool(n.likely_consequences),
        "measures": bool(n.measures_taken or n.measures_proposed),
    }
    return [item for item in MANDATORY if not written[item] and item not in n.not_yet_known]
