"""What a person writes about a breach, beside the structured facts of ``breach.risk.assessment``.

The first notice carries what is known then (SCC 2021/915 clause 9.2; GDPR Art. 33(4)). Each mandatory
item is either written or explicitly marked not yet known; an item that is simply missing is a defect
that stops the notice (the completeness gate), because silence in a legal notice reads as "nothing".

Every free-text item is held per language (``breach.vocabulary.Language``), because a controller must be
able to forward its notice as it is. The stored form keeps the items of the language the text was first
written in (``written_in``) at the top, where every reader of the stored JSON has always found them (the
register, the diff of an update, retention), and the other languages under ``translations``. A stored
narrative without ``written_in`` predates languages: its strings are English, the only language the
security team wrote in then. ``for_data_subjects`` is the text written for the people affected (GDPR
Art. 34(2): "in clear and plain language"), the only free text a data-subject letter draws on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from breach.inputs import OneLine, Prose, StrictBool, scrub_prose
from breach.risk.measures import known_measure
from breach.vocabulary import Language

# The items a processor's notice must hold where possible (SCC 2021/915 clause 9.2; GDPR Art. 33(3)(a)-(d)),
# with the provision that asks for each.
MANDATORY: Final[Mapping[str, str]] = {
    "nature": "GDPR Art. 33(3)(a); SCC 2021/915 cl. 9.2(a)",
    "categories_and_numbers": "GDPR Art. 33(3)(a); SCC 2021/915 cl. 9.2(a)",
    "contact_point": "GDPR Art. 33(3)(b); SCC 2021/915 cl. 9.2(b)",
    "likely_consequences": "GDPR Art. 33(3)(c); SCC 2021/915 cl. 9.2(c)",
    "measures": "GDPR Art. 33(3)(d); SCC 2021/915 cl. 9.2(d)",
}

# The free-text items, each held per language, in the order an operator is told about them.
TEXT_ITEMS: Final[tuple[str, ...]] = (
    "title",
    "nature",
    "likely_consequences",
    "measures_taken",
    "measures_proposed",
    "contact_point",
    "for_data_subjects",
)

# A narrative stored before languages were held is English (see the module's docstring).
LEGACY_LANGUAGE: Final = Language.EN


class Texts(BaseModel):
    """The free text of a breach in one language; an item left out is not written in that language."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # The incident's title in this language; the incident's own title is the one of ``written_in``.
    title: OneLine | None = Field(default=None, max_length=300)
    # Prose keeps newlines and tabs and refuses every other control character (breach.inputs).
    nature: Prose | None = Field(default=None, max_length=5000)
    likely_consequences: Prose | None = Field(default=None, max_length=5000)
    measures_taken: Prose | None = Field(default=None, max_length=5000)
    measures_proposed: Prose | None = Field(default=None, max_length=5000)
    # Empty: our DPO (a setting) is the contact point.
    contact_point: Prose | None = Field(default=None, max_length=500)
    # Written for the people affected, not for the controller (GDPR Art. 34(2)): the data-subject letter's text.
    for_data_subjects: Prose | None = Field(default=None, max_length=5000)

    def get(self, item: str) -> str | None:
        value = getattr(self, item)
        return value if isinstance(value, str) and value else None


class Narrative(Texts):
    """The text items of a breach; ``not_yet_known`` lists the items deliberately left open.

    The inherited text items are those of ``written_in``; ``translations`` holds the other languages.
    """

    written_in: Language = LEGACY_LANGUAGE
    translations: dict[Language, Texts] = Field(default_factory=dict)
    # Set when the operator confirmed with texts still missing in a reader's language: that reader gets
    # this language's text, and its notice says a translation follows (the update that brings it is a task).
    fallback_language: Language | None = None
    ongoing: StrictBool | None = None
    # When the breach was brought under control (``breach contain --at``): the authority's forms ask for it
    # beside the other times (GDPR Art. 33(3)(d), the measures taken "to address" the breach).
    contained_at: AwareDatetime | None = None
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
        return cls.model_validate(_scrubbed(dict(raw or {})))

    def in_language(self, item: str, language: Language) -> str | None:
        """``item``'s text written in ``language``; None when it has none in that language."""
        if language is self.written_in:
            return self.get(item)
        texts = self.translations.get(language)
        return texts.get(item) if texts is not None else None

    def written(self, item: str) -> bool:
        """Whether ``item`` has a text in some language."""
        return any(self.in_language(item, language) for language in Language)

    @model_validator(mode="after")
    def _written_or_open(self) -> Narrative:
        written = {
            "nature": self.written("nature"),
            "likely_consequences": self.written("likely_consequences"),
            "measures": self.written("measures_taken") or self.written("measures_proposed"),
            "contact_point": self.written("contact_point"),
        }
        both = [item for item in sorted(self.not_yet_known) if written.get(item)]
        if both:
            raise ValueError(f"{both[0]} is written and also marked not yet known: choose one")
        if self.written_in in self.translations:
            raise ValueError(
                f"translations.{self.written_in.value}: {self.written_in.value} is the language the narrative"
                " is written in; its texts are the narrative's own items"
            )
        return self

    @field_validator("failed_measures")
    @classmethod
    def _each_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        twice = sorted({m for m in value if value.count(m) > 1})
        if twice:
            raise ValueError(f"{twice[0]} is named twice")
        return value


def _scrubbed(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[key] = scrub_prose(value)
        elif key == "translations" and isinstance(value, Mapping):
            out[key] = {
                lang: _scrubbed(dict(texts)) if isinstance(texts, Mapping) else texts for lang, texts in value.items()
            }
        else:
            out[key] = value
    return out


def missing_items(narrative: Narrative | None, *, has_facts: bool, has_default_contact: bool) -> list[str]:
    """The mandatory items neither written (in some language) nor marked not yet known, in a stable order.

    ``has_facts``: the structured facts (categories, numbers) are known; ``has_default_contact``: our DPO
    setting can stand in for the contact point.
    """
    n = narrative or Narrative()
    written = {
        "nature": n.written("nature"),
        "categories_and_numbers": has_facts,
        "contact_point": n.written("contact_point") or has_default_contact,
        "likely_consequences": n.written("likely_consequences"),
        "measures": n.written("measures_taken") or n.written("measures_proposed"),
    }
    return [item for item in MANDATORY if not written[item] and item not in n.not_yet_known]
