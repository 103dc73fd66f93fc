"""What the engine knows of a supervisory authority, and the kinds of body a controller can be.

A row says who the authority is (its official names in its own languages), how a breach is notified to it
(the languages accepted, the channel, the draft layout), and whom it supervises (``Competence``, the fit
rules of ``breach.directory.authorities.fit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal


class Body(StrEnum):
    """What kind of body a customer is, as the rules on competent authorities tell them apart.

    Where a state has a federal level (Germany), ``federal`` is a public body of the federation; ``public``
    is a public body of a region, Land or municipality, or of a state without that distinction.
    """

    PRIVATE = "private"
    PUBLIC = "public"
    FEDERAL = "federal"


ALL_BODIES: Final = frozenset(Body)

# The sections a draft for the authority follows (notifications.packs.case_packs.LAYOUTS): the GBA / APD
# form, the AP online form, or GDPR Art. 33(3)(a)-(d) in order for every other authority.
Layout = Literal["be_gba", "nl_ap", "canonical"]

# How a breach is filed at the channel, where a source confirmed it; the drafts word it in their language
# (catalogue label group ``filing``): a form or its PDF (the GBA / APD), the online form alone (the AP), or
# the breach form the channel opens.
Filing = Literal["online_form", "online_form_only", "online_form_or_pdf"]

# ISO 639-1 codes of the official languages of the EU (Regulation No 1/1958, Art. 1) and of Iceland,
# Liechtenstein and Norway (Norwegian as its two written standards).
EEA_LANGUAGES: Final = frozenset(
    {
        "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt",
        "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "nb", "nn",
        # Co-official regional languages an authority of that region works in (Spanish Constitution Art. 3(2)).
        "ca", "eu",
    }
)  # fmt: skip

# ISO 3166-1 alpha-2 codes of the 27 EU Member States and the three EEA EFTA States (EEA Agreement, Annex XI
# as amended by Joint Committee Decision 154/2018 brings the GDPR into the EEA).
EEA_COUNTRIES: Final = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Competence:
    """Whom an authority supervises, with the provision that says so."""

    bodies: frozenset[Body]
    source: str
    # Providers of telecommunications or postal services, whatever kind of body they are (Germany: the
    # federal commissioner, BDSG § 9(1), TDDDG § 29).
    telecom: bool = False
    # In words, for the directory's refusals and the listing: "private bodies of the Land", say.
    description: str = "every controller established in its country"


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    country: str
    # The name notices show today; ``names`` holds the official name per language.
    name: str
    languages: tuple[str, ...]
    # Where a breach is notified: a portal, a form or an address; shown in drafts, never used to send.
    channel: str
    # The authority's own web address (https): the breach form where it was confirmed, else its home page.
    url: str
    competence: Competence
    # The official name in each language the authority uses, for drafts written in that language.
    names: Mapping[str, str] = field(default_factory=dict)
    # The short form it uses of itself per language ("GBA", "APD"), where it has one; shown beside its name
    # (``breach.directory.authorities.naming``).
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    # A Land or autonomous community ("BY", "CT"): an authority of part of its country.
    region: str | None = None
    layout: Layout = "canonical"
    filing: Filing | None = None
