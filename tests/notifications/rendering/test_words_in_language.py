"""Every notice kind in every language and locale variant reads in that language alone (issue 17).

A notice goes to a customer in its language as written in its lead authority's country (nl_NL under the
Dutch AP, fr_FR under the CNIL): every kind renders in each variant, and outside the free text an operator
typed (the narrative, names, addresses) no common English word is left in a Dutch, French or German one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from notifications.context.build import NoticeContext
from notifications.i18n import catalogues
from notifications.render.rendering import render
from tests.english_words import english_in
from tests.notice_contexts import complete_context, early_context, minimal_context, open_items_context
from tests.notice_kind_contexts import BUILDERS
from tests.rendered_text import flattened, visible_text

# Each language with the countries whose authorities' customers read it: the language's default (None),
# the countries of its variants in the catalogues, and those whose CLDR locale differs (de_AT, fr_LU ...).
COUNTRIES: dict[str, tuple[str | None, ...]] = {
    "nl": (None, "BE", "NL"),
    "fr": (None, "BE", "FR", "LU"),
    "de": (None, "DE", "AT", "BE", "LU"),
    "en": (None, "IE", "MT"),
}

BUILD: dict[str, Callable[..., NoticeContext]] = {
    **BUILDERS,
    "initial-minimal-facts": minimal_context,
    "initial-open-items": open_items_context,
    "initial-early": early_context,
}


def _renders(language: str) -> Iterator[tuple[str, str | None, str, NoticeContext]]:
    for name, build in BUILD.items():
        for country in COUNTRIES[language]:
            for detail in ("full", "minimal"):
                for role in ("controller", "processor"):
                    context = build(language=language, detail=detail, customer_role=role)
                    context = context.model_copy(update={"country": country})
                    yield name, country, f"{detail}.{role}", context


def _words(context: NoticeContext) -> str:
    rendered = render(context.kind, context.language, context)
    return flattened(" ".join((rendered.subject, rendered.text, visible_text(rendered.html))))


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_no_english_outside_the_free_text(language: str) -> None:
    """Every kind, detail, role and country in ``language``: no common English word outside quoted free text."""
    found: dict[str, set[str]] = {}
    for name, country, variant, context in _renders(language):
        english = english_in(_words(context), language, context)
        if english:
            found[f"{name} {language}_{country} {variant}"] = english
    assert found == {}


def test_every_kind_renders_in_every_locale_variant() -> None:
    """Each kind renders in each language in each of its countries, and the variants differ where they should."""
    for language in COUNTRIES:
        for name, country, _variant, context in _renders(language):
            assert _words(context).strip(), f"{name} {language}_{country} rendered nothing"


def _initial(language: str, country: str | None, **overrides: Any) -> str:
    return _words(complete_context(language=language, country=country, **overrides))


def test_netherlands_dutch_for_a_customer_of_the_dutch_authority() -> None:
    """nl_NL: "artikel 33, lid 1, AVG", no Belgian "gelieve" or "bezorgen"; nl (Belgium) keeps its own."""
    dutch = _initial("nl", "NL")
    belgian = _initial("nl", "BE")
    assert "artikel 33, lid 1, AVG" in dutch
    assert "art. 33, lid 1, AVG" not in dutch
    assert not re.search(r"\b(gelieve|bezorg\w*|vervolledig\w*)\b", dutch, re.IGNORECASE)
    assert "art. 33, lid 1, AVG" in belgian
    assert "Gelieve de ontvangst" in belgian
    assert "Wilt u de ontvangst van deze melding bevestigen" in dutch


def test_french_citation_style_follows_the_country() -> None:
    """fr_FR (CNIL usage): "article 33, paragraphe 1, du RGPD"; fr (Belgium): "art. 33, § 1er, RGPD"; never mixed."""
    france = _initial("fr", "FR")
    belgium = _initial("fr", "BE")
    assert "article 33, paragraphe 1, du RGPD" in france
    assert "§" not in france
    assert "art. " not in france
    assert "art. 33, §\u00a01er, RGPD" in belgium
    assert "paragraphe" not in belgium
    assert "article 3" not in belgium


def test_the_authority_is_named_in_apposition_in_every_language() -> None:
    """The authority's name sits in parentheses, so no language needs its article or case ("Ihrer Aufsichtsbehörde,
    Bundesbeauftragte..." read wrongly); the English has no stray "This notice sent"."""
    names = {
        "en": "supervisory authority (",
        "nl": "toezichthoudende autoriteit (",
        "fr": "autorité de contrôle (",
        "de": "Aufsichtsbehörde (",
    }
    for language, phrase in names.items():
        assert phrase in _initial(language, None, lead_authority="Example Authority")
    english = _initial("en", "IE", lead_authority="Data Protection Commission")
    assert "your supervisory authority (Data Protection Commission)" in english
    assert "This notice sent" not in english
    german = _initial("de", "DE")
    assert "Typ der Verletzung" not in german
    assert "Kategorie der Verletzung" in german


def test_a_variant_is_read_before_its_language() -> None:
    """The catalogues answer a variant's own message from its file and every other one from its language's."""
    assert catalogues.words_for("nl", "NL") == "nl_NL"
    assert catalogues.words_for("nl", "BE") == "nl"  # Belgian Dutch is nl.po itself
    assert catalogues.words_for("de", "AT") == "de"  # nothing in our texts differs in Austria
    assert catalogues.words_for("fr", "fr") == "fr_FR"
    assert catalogues.message("nl_NL", "notice", "ack") != catalogues.message("nl", "notice", "ack")
    assert catalogues.message("nl_NL", "notice", "reference") == catalogues.message("nl", "notice", "reference")
    assert set(catalogues.variants()) >= {"nl_NL", "fr_FR"}


def test_no_belgian_turn_of_phrase_anywhere_in_netherlands_dutch() -> None:
    """Every text a Dutch (AP) customer can be shown, in every area and kind, is free of the Belgian "gelieve",
    "bezorgen" (for "send") and "vervolledigen"; "bezorging" (delivery) is Dutch on both sides of the border."""
    belgian = re.compile(r"\b(gelieve|bezorgen|bezorgd|vervolledig\w*)\b", re.IGNORECASE)
    words = catalogues.compiled("nl_NL")
    found = {f"{area}.{key}" for (area, key), text in words.texts.items() if belgian.search(text)}
    found |= {f"{area}.{key}" for (area, key), forms in words.plurals.items() if any(map(belgian.search, forms))}
    assert found == set()
    assert belgian.search(catalogues.compiled("nl").texts[("packs", "translation_follows.fr")])


def test_netherlands_dutch_writes_bijv_contact_opnemen_and_subverwerker() -> None:
    """Nor the Belgian "bv." (in the Netherlands a company form), "contacteren" or "onderaannemer" for a
    sub-processor in what a Dutch customer reads (notices, drafts, the portal); Belgian Dutch keeps them."""
    belgian = re.compile(r"\bbv\.|\bcontacte(?:ren|ert)\b|\bonderaannemers?\b", re.IGNORECASE)
    read: tuple[str, ...] = ("notice", "packs", "portal", "data_category", "data_kind", "field", "availability")
    read += ("dpia", "web", "kind", "subprocessor_change")
    words = catalogues.compiled("nl_NL")
    shown = {(area, key): text for (area, key), text in words.texts.items() if area in read}
    # Our own alerts are written for our DPO, in our language, not for the customer.
    found = {f"{a}.{k}" for (a, k), text in shown.items() if not k.startswith("alert_") and belgian.search(text)}
    assert found == set()
    assert belgian.search(catalogues.compiled("nl").texts[("data_category", "identity")])
