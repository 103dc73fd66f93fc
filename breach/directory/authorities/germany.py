"""The German Land authorities: private bodies established in the Land (BDSG § 40(1)) and the Land's own public
bodies (its data protection act); Bavaria has one for each (BayLDA private, BayLfD public).

The federal commissioner (BfDI) is in ``national``. Names as the authorities write them, without the article,
which follows the office holder; a title ("Landesbeauftragte") in the form it takes after the article, as the
BfDI's displayed name does. Sources, checked December 2026: the DSK's members (the
Datenschutzkonferenz of the federal and Land authorities), the authorities' sites; breach forms confirmed
for Bavaria (lda.bayern.de/datenpanne; datenschutz-bayern.de, its Art. 33 form), Rhineland-Palatinate
(service24.rlp.de, the LfDI's form) and Saxony (datenschutz.sachsen.de, "Meldung einer Datenpanne"); the
others are the home page.
"""

from __future__ import annotations

from typing import Final

from breach.directory.authorities.competence import BAVARIA_PRIVATE, BAVARIA_PUBLIC, GERMAN_LAND
from breach.directory.authorities.model import Authority, Competence


def _land(
    authority_id: str,
    land: str,
    name: str,
    url: str,
    competence: Competence = GERMAN_LAND,
    *,
    abbreviation: str | None = None,
) -> Authority:
    abbreviations = {"de": abbreviation} if abbreviation else {}
    return Authority(
        authority_id,
        "DE",
        name,
        ("de",),
        url,
        url,
        competence,
        names={"de": name},
        abbreviations=abbreviations,
        region=land,
    )


LAND_AUTHORITIES: Final[tuple[Authority, ...]] = (
    _land(
        "DE-BW",
        "BW",
        "Landesbeauftragte für den Datenschutz und die Informationsfreiheit Baden-Württemberg",
        "https://www.baden-wuerttemberg.datenschutz.de",
    ),
    _land(
        "DE-BY-LDA",
        "BY",
        "Bayerisches Landesamt für Datenschutzaufsicht",
        "https://www.lda.bayern.de/datenpanne",
        BAVARIA_PRIVATE,
    ),
    _land(
        "DE-BY-LFD",
        "BY",
        "Bayerische Landesbeauftragte für den Datenschutz",
        "https://www.datenschutz-bayern.de/service/data_breach.html",
        BAVARIA_PUBLIC,
    ),
    _land(
        "DE-BE",
        "BE",
        "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
        "https://www.datenschutz-berlin.de",
    ),
    _land(
        "DE-BB",
        "BB",
        "Landesbeauftragte für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg",
        "https://www.lda.brandenburg.de",
    ),
    _land(
        "DE-HB",
        "HB",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit der Freien Hansestadt Bremen",
        "https://www.datenschutz.bremen.de",
    ),
    _land(
        "DE-HH",
        "HH",
        "Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
        "https://datenschutz-hamburg.de",
    ),
    _land(
        "DE-HE",
        "HE",
        "Hessische Beauftragte für Datenschutz und Informationsfreiheit",
        "https://datenschutz.hessen.de",
    ),
    _land(
        "DE-MV",
        "MV",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern",
        "https://www.datenschutz-mv.de",
    ),
    _land(
        "DE-NI",
        "NI",
        "Landesbeauftragte für den Datenschutz Niedersachsen",
        "https://www.lfd.niedersachsen.de",
    ),
    _land(
        "DE-NW",
        "NW",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
        "https://www.ldi.nrw.de",
        abbreviation="LDI NRW",  # as its site and forms name it (ldi.nrw.de)
    ),
    _land(
        "DE-RP",
        "RP",
        "Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz",
        "https://fms.service24.rlp.de/fms/findform?areashortname=LfDI&formtecid=6&shortname=dp_form_lfdi",
    ),
    _land("DE-SL", "SL", "Unabhängiges Datenschutzzentrum Saarland", "https://www.datenschutz.saarland.de"),
    _land(
        "DE-SN",
        "SN",
        "Sächsische Datenschutz- und Transparenzbeauftragte",
        "https://www.datenschutz.sachsen.de/meldung-datenschutzverstoss-4133.html",
    ),
    _land(
        "DE-ST",
        "ST",
        "Landesbeauftragte für den Datenschutz Sachsen-Anhalt",
        "https://datenschutz.sachsen-anhalt.de",
    ),
    _land(
        "DE-SH",
        "SH",
        "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein",
        "https://www.datenschutzzentrum.de",
    ),
    _land(
        "DE-TH",
        "TH",
        "Thüringer Landesbeauftragte für den Datenschutz und die Informationsfreiheit",
        "https://www.tlfdi.de",
    ),
)

# ISO 3166-2:DE subdivision codes of the 16 Länder: every one has an authority for its private bodies.
LAENDER: Final = frozenset(
    {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
)
