"""The national supervisory authority of each EU and EEA country (GDPR Art. 51(1); EEA Agreement Annex XI).

One row per country; Germany's is the federal commissioner (BfDI), whose competence is narrower than the
others' (``competence.GERMAN_FEDERAL``): the Land authorities are in ``germany``. Belgium's and Spain's
authorities for part of the country are in ``regional``.

Sources, checked December 2026: the EDPB's list of members (edpb.europa.eu, "Members"), the authorities'
own sites where a stored copy was found (breach forms: sedeagpd.gob.es for the AEPD, servizi.gpdp.it for
the Garante (its 2021 notice of the online procedure), e-tjanster.imy.se for IMY, uoou.cz for the ÚOOÚ);
the official names as each authority writes them. ``url`` is the breach form where a source confirmed it,
else the authority's home page (not a guessed deep link). ``languages`` are the country's official
languages the authority works in, English only where the authority states that it accepts it.
"""

from __future__ import annotations

from typing import Final

from breach.directory.authorities.competence import GERMAN_FEDERAL, NATIONAL
from breach.directory.authorities.model import Authority, Filing


def _national(
    authority_id: str,
    country: str,
    names: dict[str, str],
    languages: tuple[str, ...],
    url: str,
    *,
    filing: Filing | None = None,
) -> Authority:
    """A row for an authority whose displayed name is its name in its first language and whose channel is
    its URL."""
    return Authority(
        authority_id,
        country,
        names[languages[0]],
        languages,
        url,
        url,
        NATIONAL,
        names=names,
        filing=filing,
    )


NATIONAL_AUTHORITIES: Final[tuple[Authority, ...]] = (
    _national("AT-DSB", "AT", {"de": "Österreichische Datenschutzbehörde"}, ("de",), "https://www.dsb.gv.at"),
    # Gegevensbeschermingsautoriteit / Autorité de protection des données / Datenschutzbehörde (law of
    # 3 December 2017). The displayed name is that of the form's header; its channel is a web address
    # alone, since drafts in every language show it (how to file there is ``filing``, in the drafts' words).
    Authority(
        "BE-GBA",
        "BE",
        "Gegevensbeschermingsautoriteit / Autorité de protection des données",
        ("nl", "fr", "de"),
        "https://www.gegevensbeschermingsautoriteit.be",
        "https://www.gegevensbeschermingsautoriteit.be",
        NATIONAL,
        names={
            "nl": "Gegevensbeschermingsautoriteit",
            "fr": "Autorité de protection des données",
            "de": "Datenschutzbehörde",
        },
        # As it names itself (gegevensbeschermingsautoriteit.be, autoriteprotectiondonnees.be); its German
        # texts use no short form.
        abbreviations={"nl": "GBA", "fr": "APD"},
        layout="be_gba",
        filing="online_form_or_pdf",
    ),
    _national("BG-CPDP", "BG", {"bg": "Комисия за защита на личните данни"}, ("bg",), "https://www.cpdp.bg"),
    _national("HR-AZOP", "HR", {"hr": "Agencija za zaštitu osobnih podataka"}, ("hr",), "https://azop.hr"),
    _national(
        "CY-CPDP",
        "CY",
        {"el": "Γραφείο Επιτρόπου Προστασίας Δεδομένων Προσωπικού Χαρακτήρα"},
        ("el",),
        "https://www.dataprotection.gov.cy",
    ),
    _national("CZ-UOOU", "CZ", {"cs": "Úřad pro ochranu osobních údajů"}, ("cs",), "https://www.uoou.cz"),
    _national("DK-DT", "DK", {"da": "Datatilsynet"}, ("da",), "https://www.datatilsynet.dk"),
    _national("EE-AKI", "EE", {"et": "Andmekaitse Inspektsioon"}, ("et",), "https://www.aki.ee"),
    _national(
        "FI-TSV",
        "FI",
        {"fi": "Tietosuojavaltuutetun toimisto", "sv": "Dataombudsmannens byrå"},
        ("fi", "sv"),
        "https://tietosuoja.fi",
    ),
    Authority(
        "FR-CNIL",
        "FR",
        "Commission nationale de l'informatique et des libertés",
        ("fr",),
        "https://notifications.cnil.fr",
        "https://notifications.cnil.fr",
        NATIONAL,
        names={"fr": "Commission nationale de l'informatique et des libertés"},
        abbreviations={"fr": "CNIL"},
        filing="online_form",
    ),
    # BDSG § 9(1): public bodies of the federation, telecom and postal providers; private bodies answer to
    # their Land (germany.py).
    Authority(
        "DE-BFDI",
        "DE",
        "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit",
        ("de",),
        "https://www.bfdi.bund.de",
        "https://www.bfdi.bund.de",
        GERMAN_FEDERAL,
        names={"de": "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit"},
        abbreviations={"de": "BfDI"},
    ),
    _national(
        "GR-HDPA",
        "GR",
        {"el": "Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα"},
        ("el",),
        "https://www.dpa.gr",
    ),
    _national(
        "HU-NAIH",
        "HU",
        {"hu": "Nemzeti Adatvédelmi és Információszabadság Hatóság"},
        ("hu",),
        "https://naih.hu",
    ),
    Authority(
        "IE-DPC",
        "IE",
        "Data Protection Commission",
        ("en",),
        "https://forms.dataprotection.ie",
        "https://forms.dataprotection.ie",
        NATIONAL,
        names={"en": "Data Protection Commission", "ga": "An Coimisiún um Chosaint Sonraí"},
        abbreviations={"en": "DPC"},
        filing="online_form",
    ),
    _national(
        "IT-GPDP",
        "IT",
        {"it": "Garante per la protezione dei dati personali"},
        ("it",),
        "https://servizi.gpdp.it",
        filing="online_form",
    ),
    _national("LV-DVI", "LV", {"lv": "Datu valsts inspekcija"}, ("lv",), "https://www.dvi.gov.lv"),
    _national("LT-VDAI", "LT", {"lt": "Valstybinė duomenų apsaugos inspekcija"}, ("lt",), "https://vdai.lrv.lt"),
    Authority(
        "LU-CNPD",
        "LU",
        "Commission nationale pour la protection des données",
        ("fr", "de", "en"),
        "https://cnpd.public.lu",
        "https://cnpd.public.lu",
        NATIONAL,
        names={
            "fr": "Commission nationale pour la protection des données",
            "de": "Nationale Kommission für den Datenschutz",
        },
    ),
    _national(
        "MT-IDPC",
        "MT",
        {"en": "Office of the Information and Data Protection Commissioner"},
        ("en", "mt"),
        "https://idpc.org.mt",
    ),
    Authority(
        "NL-AP",
        "NL",
        "Autoriteit Persoonsgegevens",
        ("nl", "en"),
        "https://www.autoriteitpersoonsgegevens.nl",
        "https://www.autoriteitpersoonsgegevens.nl",
        NATIONAL,
        names={"nl": "Autoriteit Persoonsgegevens"},
        abbreviations={"nl": "AP"},
        layout="nl_ap",
        filing="online_form_only",
    ),
    _national("PL-UODO", "PL", {"pl": "Urząd Ochrony Danych Osobowych"}, ("pl",), "https://uodo.gov.pl"),
    _national("PT-CNPD", "PT", {"pt": "Comissão Nacional de Proteção de Dados"}, ("pt",), "https://www.cnpd.pt"),
    _national(
        "RO-ANSPDCP",
        "RO",
        {"ro": "Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal"},
        ("ro",),
        "https://www.dataprotection.ro",
    ),
    _national(
        "SK-UOOU",
        "SK",
        {"sk": "Úrad na ochranu osobných údajov Slovenskej republiky"},
        ("sk",),
        "https://dataprotection.gov.sk",
    ),
    _national("SI-IP", "SI", {"sl": "Informacijski pooblaščenec"}, ("sl",), "https://www.ip-rs.si"),
    # LOPDGDD Art. 47: the AEPD, for every controller but the public bodies of an autonomous community with its
    # own authority (regional.py).
    _national(
        "ES-AEPD",
        "ES",
        {"es": "Agencia Española de Protección de Datos"},
        ("es",),
        "https://sedeagpd.gob.es/sede-electronica-web/vistas/formBrechaSeguridad/procedimientoBrechaSeguridad.jsf",
        filing="online_form",
    ),
    _national(
        "SE-IMY",
        "SE",
        {"sv": "Integritetsskyddsmyndigheten"},
        ("sv",),
        "https://e-tjanster.imy.se/sv/anmalan",
        filing="online_form",
    ),
    # The EEA EFTA States.
    _national("IS-PV", "IS", {"is": "Persónuvernd"}, ("is",), "https://www.personuvernd.is"),
    _national("LI-DSS", "LI", {"de": "Datenschutzstelle"}, ("de",), "https://www.datenschutzstelle.li"),
    _national("NO-DT", "NO", {"nb": "Datatilsynet", "nn": "Datatilsynet"}, ("nb", "nn"), "https://www.datatilsynet.no"),
)
