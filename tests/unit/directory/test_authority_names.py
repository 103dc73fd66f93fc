"""An authority named to a customer says, where its name does not, which country's it is (issue 17)."""

from __future__ import annotations

import pytest

from breach.directory.authorities import AUTHORITIES
from breach.directory.authorities.naming import shown_name


@pytest.mark.parametrize(
    ("authority_id", "language", "reader_country", "shown"),
    [
        # A Belgian reader: the official name in its language with the short form the authority uses.
        ("BE-GBA", "nl", "BE", "Gegevensbeschermingsautoriteit (GBA)"),
        ("BE-GBA", "fr", "BE", "Autorité de protection des données (APD)"),
        # Its German name has no short form and names no country: the country says it.
        ("BE-GBA", "de", "BE", "Datenschutzbehörde (Belgien)"),
        # A reader in Lyon: the Belgian authority is a foreign one.
        ("BE-GBA", "fr", "FR", "Autorité de protection des données (APD, Belgique)"),
        # No official English name: its own names, and the country in English.
        ("BE-GBA", "en", "BE", "Gegevensbeschermingsautoriteit / Autorité de protection des données (Belgium)"),
        ("FR-CNIL", "fr", "FR", "Commission nationale de l'informatique et des libertés (CNIL)"),
        ("NL-AP", "nl", "NL", "Autoriteit Persoonsgegevens (AP)"),
        ("IE-DPC", "en", "IE", "Data Protection Commission (DPC)"),
        # A Land authority names its Land; the car dealer in Köln reads its own.
        (
            "DE-NW",
            "de",
            "DE",
            "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)",
        ),
        ("DE-BW", "de", "DE", "Landesbeauftragte für den Datenschutz und die Informationsfreiheit Baden-Württemberg"),
        # A name that says its country needs nothing more.
        ("AT-DSB", "de", "AT", "Österreichische Datenschutzbehörde"),
        # The reader's country unknown: the country is said.
        ("NL-AP", "nl", None, "Autoriteit Persoonsgegevens (AP, Nederland)"),
    ],
)
def test_the_reader_knows_whose_authority_it_is(
    authority_id: str, language: str, reader_country: str | None, shown: str
) -> None:
    assert shown_name(AUTHORITIES[authority_id], language, reader_country) == shown


def test_inside_parentheses_the_name_takes_commas() -> None:
    """ "your supervisory authority (...)" holds the name: no parentheses nest inside it."""
    gba = AUTHORITIES["BE-GBA"]
    assert shown_name(gba, "fr", "FR", inline=True) == "Autorité de protection des données, APD, Belgique"
    assert shown_name(AUTHORITIES["DE-BW"], "de", "DE", inline=True) == AUTHORITIES["DE-BW"].name


def test_every_short_form_is_in_a_language_the_authority_is_named_in() -> None:
    """A short form without the name it shortens would qualify another language's name."""
    for authority in AUTHORITIES.values():
        assert set(authority.abbreviations) <= set(authority.names), authority.id
