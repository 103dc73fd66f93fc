"""The support packs read in their language as written in the customer's country (issue 17): the French
customer under the CNIL gets France's citation style, the Dutch one under the AP Netherlands Dutch, and no
pack in Dutch, French or German carries English outside the free text."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from flows.usecases.support_packs import load_pack
from notifications.packs.case_packs import PACK_KINDS, PackContext, PackKind, render_pack
from tests.english_words import english_in
from tests.factories import SENDER
from tests.record_world import BAKERY, BREWERY, DUTCH, GERMAN, NOW, World, build

COUNTRIES = {"nl": ("BE", "NL"), "fr": ("BE", "FR", "LU"), "de": ("DE", "AT", "BE")}


@pytest.fixture
def world(session: Session, db: Engine) -> World:
    return build(session, db)


def _pack(world: World, customer: str, kind: PackKind) -> PackContext:
    return load_pack(world.incident.reference, customer, kind, session=world.session, sender=SENDER, now=NOW)


def test_packs_carry_the_lead_authoritys_country(world: World) -> None:
    """The country picks the words: CNIL → FR, AP → NL, GBA → BE, the Berlin authority → DE."""
    countries = {customer: _pack(world, customer, "authority").country for customer in (BREWERY, BAKERY, DUTCH, GERMAN)}
    assert countries == {BREWERY: "BE", BAKERY: "FR", DUTCH: "NL", GERMAN: "DE"}


def test_no_english_in_any_pack_outside_the_free_text(world: World) -> None:
    """Every pack kind, for each customer, in nl, fr and de in each of their countries."""
    found: dict[str, set[str]] = {}
    for customer in (BREWERY, BAKERY):
        for kind in PACK_KINDS:
            context = _pack(world, customer, kind)
            for language, countries in COUNTRIES.items():
                for country in countries:
                    variant = context.model_copy(update={"language": language, "country": country})
                    english = english_in(render_pack(variant).markdown, language, variant)
                    if english:
                        found[f"{customer} {kind} {language}_{country}"] = english
    assert found == {}


def test_the_french_drafts_cite_as_the_reader_country_does(world: World) -> None:
    """The CNIL customer's draft: "article 33, paragraphe 3, point a), du RGPD", never "§"; a Belgian one the
    reverse, one style per document."""
    france = render_pack(_pack(world, BAKERY, "authority")).markdown
    belgium = render_pack(_pack(world, BAKERY, "authority").model_copy(update={"country": "BE"})).markdown
    assert "article 33, paragraphe 3, point a), du RGPD" in france
    assert "§" not in france
    assert "art. 33, §\u00a03, a), RGPD" in belgium
    assert "paragraphe" not in belgium
    assert "Projet de notification à l'autorité de contrôle" in france
