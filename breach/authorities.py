"""Supervisory authorities a controller may answer to, as data (GDPR Art. 51, 55, 56).

Ids are stable and used in the directory files. ``languages`` are the languages a notification may be
filed in; the first is the default for drafts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from breach.errors import UnknownValue


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    country: str
    name: str
    languages: tuple[str, ...]
    # Where a breach is notified: a portal, a form or an address; shown in drafts, never used to send.
    channel: str
    scope: str = "general"


AUTHORITIES: Final[Mapping[str, Authority]] = {
    a.id: a
    for a in (
        # Gegevensbeschermingsautoriteit / Autorité de protection des données (law of 3 December 2017).
        Authority(
            "BE-GBA",
            "BE",
            "Gegevensbeschermingsautoriteit / Autorité de protection des données",
            ("nl", "fr", "de"),
            "https://www.gegevensbeschermingsautoriteit.be (online form, PDF)",
        ),
        # Vlaamse Toezichtcommissie: Flemish public bodies (decree of 8 June 2018).
        Authority(
            "BE-VTC",
            "BE",
            "Vlaamse Toezichtcommissie",
            ("nl",),
            "https://www.toezichtcommissie.be",
            scope="Flemish public bodies",
        ),
        # Controleorgaan op de politionele informatie: police services (law of 30 July 2018).
        Authority(
            "BE-COC",
            "BE",
            "Controleorgaan op de politionele informatie / Organe de controle",
            ("nl", "fr", "de"),
            "https://www.controleorgaan.be",
            scope="police services",
        ),
        Authority(
            "NL-AP",
            "NL",
            "Autoriteit Persoonsgegevens",
            ("nl", "en"),
            "https://www.autoriteitpersoonsgegevens.nl (online form only)",
        ),
        Authority(
            "FR-CNIL",
            "FR",
            "Commission nationale de l'informatique et des libertés",
            ("fr",),
            "https://notifications.cnil.fr",
        ),
        Authority(
            "LU-CNPD",
            "LU",
            "Commission nationale pour la protection des données",
            ("fr", "de", "en"),
            "https://cnpd.public.lu",
        ),
        Authority(
            "DE-BFDI",
            "DE",
            "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit",
            ("de",),
            "https://www.bfdi.bund.de",
        ),
        Authority("IE-DPC", "IE", "Data Protection Commission", ("en",), "https://forms.dataprotection.ie"),
    )
}


def authority(authority_id: str, *, field: str = "authority") -> Authority:
    try:
        return AUTHORITIES[authority_id]
    except KeyError:
        known = ", ".join(sorted(AUTHORITIES))
        raise UnknownValue(field, authority_id, f"unknown supervisory authority (known: {known})") from None
