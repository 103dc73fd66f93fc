"""Authorities for part of Belgium or Spain: public bodies of a region, or a sector.

Belgium: the VTC (Flemish public bodies) and the COC (police services) beside the GBA / APD. Spain: the
authorities of Catalonia, the Basque Country and Andalusia, for the public bodies of their autonomous
community (LOPDGDD Art. 57); every private controller answers to the AEPD.

Sources, checked December 2026: apdcat.gencat.cat (its services page: the Catalan public sector and the
private bodies providing it public services), avpd.eus (its breach-notification service for the public
bodies of Euskadi; the name is that of Basque Law 16/2023 of 21 December, BOPV of 4 January 2024),
ctpdandalucia.es (its data-protection area: Statute of Autonomy Art. 82, Law 1/2014 Art. 43(1)). The
Belgian rows keep the names and channels the drafts show today.
"""

from __future__ import annotations

from typing import Final

from breach.directory.authorities.competence import BELGIAN_POLICE, FLEMISH_PUBLIC, SPANISH_REGIONAL
from breach.directory.authorities.model import Authority

REGIONAL_AUTHORITIES: Final[tuple[Authority, ...]] = (
    Authority(
        "BE-VTC",
        "BE",
        "Vlaamse Toezichtcommissie",
        ("nl",),
        "https://www.toezichtcommissie.be",
        "https://www.toezichtcommissie.be",
        FLEMISH_PUBLIC,
        names={"nl": "Vlaamse Toezichtcommissie voor de verwerking van persoonsgegevens"},
        region="VLG",
    ),
    Authority(
        "BE-COC",
        "BE",
        "Controleorgaan op de politionele informatie / Organe de contrôle de l'information policière",
        ("nl", "fr", "de"),
        "https://www.controleorgaan.be",
        "https://www.controleorgaan.be",
        BELGIAN_POLICE,
        names={
            "nl": "Controleorgaan op de politionele informatie",
            "fr": "Organe de contrôle de l'information policière",
        },
    ),
    Authority(
        "ES-APDCAT",
        "ES",
        "Autoritat Catalana de Protecció de Dades",
        ("ca", "es"),
        "https://apdcat.gencat.cat",
        "https://apdcat.gencat.cat",
        SPANISH_REGIONAL,
        names={"ca": "Autoritat Catalana de Protecció de Dades", "es": "Autoridad Catalana de Protección de Datos"},
        region="CT",
    ),
    Authority(
        "ES-AVPD",
        "ES",
        "Autoridad Vasca de Protección de Datos",
        ("es", "eu"),
        "https://www.avpd.eus/comunicacion/notificacion-de-brechas-de-seguridad-de-datos-personales/webavpd00-content/es/",
        "https://www.avpd.eus/comunicacion/notificacion-de-brechas-de-seguridad-de-datos-personales/webavpd00-content/es/",
        SPANISH_REGIONAL,
        names={"es": "Autoridad Vasca de Protección de Datos", "eu": "Datuak Babesteko Euskal Agintaritza"},
        region="PV",
    ),
    Authority(
        "ES-CTPDA",
        "ES",
        "Consejo de Transparencia y Protección de Datos de Andalucía",
        ("es",),
        "https://www.ctpdandalucia.es",
        "https://www.ctpdandalucia.es",
        SPANISH_REGIONAL,
        names={"es": "Consejo de Transparencia y Protección de Datos de Andalucía"},
        region="AN",
    ),
)
