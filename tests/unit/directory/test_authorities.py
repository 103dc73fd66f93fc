"""The table of supervisory authorities: every EEA country and German Land covered, each row well formed."""

from __future__ import annotations

from urllib.parse import urlsplit

import holidays
import pytest

from breach.directory.authorities import AUTHORITIES, Authority, Body, authority
from breach.directory.authorities.germany import LAENDER, LAND_AUTHORITIES
from breach.directory.authorities.model import EEA_COUNTRIES, EEA_LANGUAGES
from breach.directory.authorities.national import NATIONAL_AUTHORITIES
from breach.directory.authorities.regional import REGIONAL_AUTHORITIES
from breach.errors import UnknownValue
from notifications.packs.case_packs import LAYOUTS

ROWS = (*NATIONAL_AUTHORITIES, *LAND_AUTHORITIES, *REGIONAL_AUTHORITIES)
# The names the drafts and notices showed before the table grew (rendered notices use ``.name``).
DISPLAYED_BEFORE = {
    "BE-GBA": "Gegevensbeschermingsautoriteit / Autorité de protection des données",
    "BE-VTC": "Vlaamse Toezichtcommissie",
    "NL-AP": "Autoriteit Persoonsgegevens",
    "FR-CNIL": "Commission nationale de l'informatique et des libertés",
    "LU-CNPD": "Commission nationale pour la protection des données",
    "DE-BFDI": "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit",
    "IE-DPC": "Data Protection Commission",
}


def test_ids_are_unique() -> None:
    """No two rows share an id: the mapping would keep only the last one silently."""
    ids = [a.id for a in ROWS]
    assert len(ids) == len(set(ids)) == len(AUTHORITIES)


def test_every_eea_country_has_one_national_authority() -> None:
    """27 EU Member States and Iceland, Liechtenstein and Norway, one national row each."""
    assert len(EEA_COUNTRIES) == 30
    assert sorted(a.country for a in NATIONAL_AUTHORITIES) == sorted(EEA_COUNTRIES)
    assert all(a.region is None for a in NATIONAL_AUTHORITIES)


def test_every_german_land_has_an_authority_for_private_bodies_and_for_public_ones() -> None:
    """BDSG § 40: 16 Länder, each with an authority for each kind; Bavaria with two, one per kind."""
    assert len(LAENDER) == 16
    for body in (Body.PRIVATE, Body.PUBLIC):
        covered = {a.region for a in LAND_AUTHORITIES if body in a.competence.bodies}
        assert covered == LAENDER, body
    bavaria = {a.id: a.competence.bodies for a in LAND_AUTHORITIES if a.region == "BY"}
    assert bavaria == {"DE-BY-LDA": {Body.PRIVATE}, "DE-BY-LFD": {Body.PUBLIC}}


def test_the_eight_first_ids_stay() -> None:
    """Directory files name these ids: they never change."""
    for authority_id in ("BE-GBA", "BE-VTC", "BE-COC", "NL-AP", "FR-CNIL", "LU-CNPD", "DE-BFDI", "IE-DPC"):
        assert AUTHORITIES[authority_id].id == authority_id


@pytest.mark.parametrize(("authority_id", "name"), sorted(DISPLAYED_BEFORE.items()))
def test_displayed_names_of_the_first_authorities_are_unchanged(authority_id: str, name: str) -> None:
    """Rendered notices keep the name they showed (BE-COC's French half was truncated and is corrected)."""
    assert AUTHORITIES[authority_id].name == name


@pytest.mark.parametrize("row", ROWS, ids=lambda a: a.id)
def test_each_row_is_well_formed(row: Authority) -> None:
    """Country in the EEA, languages valid, an official name in its first language, an https address."""
    assert row.country in EEA_COUNTRIES
    assert row.id.startswith(row.country + "-")
    assert len(row.id) <= 16  # the directory's lead_authority column
    assert row.languages
    assert set(row.languages) <= EEA_LANGUAGES
    assert row.languages[0] in row.names
    assert set(row.names) <= EEA_LANGUAGES
    assert all(name.strip() == name and name for name in row.names.values())
    assert row.url.startswith("https://")
    assert " " not in row.url
    assert urlsplit(row.channel.split()[0]).hostname == urlsplit(row.url).hostname
    assert row.competence.bodies
    assert row.competence.source


@pytest.mark.parametrize("row", ROWS, ids=lambda a: a.id)
def test_every_draft_layout_has_its_sections(row: Authority) -> None:
    """The packs draw an authority's draft in the layout its row names (notifications.packs.case_packs)."""
    assert row.layout in LAYOUTS


def test_every_country_has_a_holiday_calendar() -> None:
    """Consultation periods end on a working day of the authority's country (breach.support)."""
    supported = holidays.list_supported_countries()
    assert {a.country for a in ROWS} <= set(supported)


def test_an_unknown_id_is_refused_with_where_to_find_the_ids() -> None:
    """The ids are too many to list in one line: the refusal names the listing command."""
    with pytest.raises(UnknownValue) as info:
        authority("DE-XX", field="authority")
    assert info.value.field == "authority"
    assert info.value.value == "DE-XX"
    assert "breach customers authorities" in str(info.value)
