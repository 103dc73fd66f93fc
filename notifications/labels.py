"""The words a notice shows for each code: language → group → code → text.

Templates print codes through ``{{ code | label("group") }}``; a code without a text is a ``RenderError``,
never a blank (DESIGN.md habit 11). The texts sit mid-sentence or in a table cell, so they start in lower
case except where the language capitalises nouns. Legal terms are the GDPR's own in each language version
(nl AVG, fr RGPD, de DSGVO); ``data_kind`` and ``subject_kind`` render the DPA's clause 2 vocabulary
(``breach.vocabulary.DATA_KINDS``, ``SUBJECT_KINDS``). Every language has exactly the same codes (a test
checks it), so a notice never falls back to another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

_NL: Final[Mapping[str, Mapping[str, str]]] = {
    "breach_type": {
        "confidentiality": "vertrouwelijkheid (ongeoorloofde of onbedoelde openbaarmaking of toegang)",
        "integrity": "integriteit (ongeoorloofde of onbedoelde wijziging)",
        "availability": "beschikbaarheid (onbedoeld of ongeoorloofd verlies van toegang, of vernietiging)",
    },
    "data_category": {
        "identity": "identificatiegegevens (bv. naam, geboortedatum, klantnummer)",
        "contact": "contactgegevens (bv. postadres, e-mailadres, telefoonnummer)",
        "national_id": "nationale identificatienummers (bv. rijksregisternummer, nummer van identiteitskaart of "
        "paspoort)",
        "financial": "financiële gegevens (bv. bankrekening- of betaalkaartgegevens, transacties, facturen, inkomen)",
        "credentials": "toegangsgegevens (bv. gebruikersnamen en wachtwoorden, toegangstokens)",
        "location": "locatiegegevens",
        "behavioural": "gedragsgegevens (bv. voorkeuren, gewoonten, surf- en gebruiksgegevens)",
        "communications": "communicatie (inhoud of metagegevens van e-mails, berichten of oproepen)",
        "special": (
            "bijzondere categorieën van persoonsgegevens (art. 9 AVG: gezondheid, genetische of biometrische "
            "gegevens, ras of etnische afkomst, politieke opvattingen, religieuze of levensbeschouwelijke "
            "overtuigingen, lidmaatschap van een vakbond, seksueel gedrag of seksuele gerichtheid)"
        ),
        "criminal": "persoonsgegevens betreffende strafrechtelijke veroordelingen en strafbare feiten (art. 10 AVG)",
    },
    "data_kind": {
        "name": "naam",
        "address": "adres",
        "contact_details": "contactgegevens",
        "bank_account": "bankrekeninggegevens",
        "master_data": "stamgegevens",
        "contract_data": "contractgegevens",
        "customer_history": "klantenhistoriek",
        "billing_payment": "facturatie- en betalingsgegevens",
        "public_information": "openbare informatie (van derden, bv. kredietbureaus of openbare gidsen)",
        "system_configuration": "systeemconfiguratie en klantomgeving",
    },
    "subject_kind": {
        "employees": "werknemers",
        "business_partners": "zakenpartners",
        "customers": "klanten",
        "prospects": "potentiële klanten",
        "subscribers": "abonnees",
        "suppliers": "leveranciers",
        "contact_persons": "contactpersonen",
    },
    "identifiability": {
        "negligible": "verwaarloosbaar (de personen zijn uit de gegevens nauwelijks te identificeren)",
        "limited": "beperkt (identificatie is mogelijk, maar moeilijk)",
        "significant": "aanzienlijk (de personen zijn met enige moeite te identificeren)",
        "maximum": "maximaal (de personen zijn rechtstreeks uit de gegevens te identificeren)",
    },
    "exfiltration": {
        "ruled_out": "uitgesloten",
        "cannot_rule_out": "niet uit te sluiten",
        "confirmed": "bevestigd",
    },
    "recipients": {
        "none": "geen (de gegevens hebben niemand bereikt)",
        "trusted": "één betrouwbare ontvanger, gebonden aan geheimhouding",
        "known": "bekende, beperkte ontvangers",
        "unknown": "onbekende ontvangers",
        "public": "openbaar (onbeperkt aantal ontvangers)",
    },
    "availability": {
        "unaffected": "niet getroffen",
        "restored": "hersteld (bv. uit een back-up)",
        "temporary": "tijdelijk niet beschikbaar",
        "permanent": "definitief verloren",
    },
    "risk": {
        "unlikely": "waarschijnlijk geen risico voor de rechten en vrijheden van natuurlijke personen",
        "risk": "risico voor de rechten en vrijheden van natuurlijke personen",
        "high": "hoog risico voor de rechten en vrijheden van natuurlijke personen",
    },
    "severity": {"low": "laag", "medium": "gemiddeld", "high": "hoog", "very_high": "zeer hoog"},
    "rule": {
        "dpa.8.1b": "onze melding aan u als verwerker (verwerkersovereenkomst, clausule 8(1)(b))",
        "gdpr.33.1": "melding aan uw toezichthoudende autoriteit (art. 33, lid 1, AVG)",
        "gdpr.33.4": "verdere informatie aan uw toezichthoudende autoriteit in fasen (art. 33, lid 4, AVG)",
        "gdpr.34.1": "mededeling aan de betrokkenen (art. 34, lid 1, AVG)",
        "gdpr.36.2": "schriftelijk advies van de toezichthoudende autoriteit na voorafgaande raadpleging "
        "(art. 36, lid 2, AVG)",
        "gdpr.36.2.extension": "kennisgeving door de toezichthoudende autoriteit van de verlenging van de "
        "raadplegingstermijn (art. 36, lid 2, AVG)",
        "nis2.23.4.a": "vroegtijdige waarschuwing aan het CSIRT (art. 23, lid 4, a), NIS2-richtlijn)",
        "nis2.23.4.b": "incidentmelding aan het CSIRT (art. 23, lid 4, b), NIS2-richtlijn)",
        "nis2.23.4.d": "eindverslag aan het CSIRT (art. 23, lid 4, d), NIS2-richtlijn)",
        "dora.initial": "eerste melding van een ernstig ICT-gerelateerd incident (art. 19, lid 4, a), DORA)",
        "dora.intermediate": "tussentijds verslag (art. 19, lid 4, b), DORA)",
        "dora.final": "eindverslag (art. 19, lid 4, c), DORA)",
    },
    "item": {
        "nature": "de aard van de inbreuk",
        "categories_and_numbers": "de categorieën en het geschatte aantal betrokkenen en persoonsgegevensregisters",
        "contact_point": "het contactpunt",
        "likely_consequences": "de waarschijnlijke gevolgen",
        "measures": "de genomen of voorgestelde maatregelen",
    },
    "yesno": {"true": "ja", "false": "nee", "unknown": "nog niet bekend"},
    "kind": {
        "early_warning": "vroegtijdige waarschuwing: vermoed beveiligingsincident in onderzoek",
        "initial": "melding van een inbreuk in verband met persoonsgegevens",
        "pass_on": "melding van een inbreuk in verband met persoonsgegevens, door te geven aan uw "
        "verwerkingsverantwoordelijken",
        "update": "aanvulling op een melding van een inbreuk in verband met persoonsgegevens",
        "risk_recommendation": "risicoaanbeveling bij een inbreuk in verband met persoonsgegevens",
        "all_clear": "einde alarm: geen inbreuk in verband met persoonsgegevens",
        "closing": "afsluiting van een inbreuk in verband met persoonsgegevens",
        "security_incident": "beveiligingsincident zonder inbreuk in verband met persoonsgegevens",
        "internal_alert": "interne waarschuwing",
        "contact_check": "controle van contactgegevens",
    },
}

_FR: Final[Mapping[str, Mapping[str, str]]] = {
    "breach_type": {
        "confidentiality": "confidentialité (divulgation ou accès non autorisé ou accidentel)",
        "integrity": "intégrité (altération non autorisée ou accidentelle)",
        "availability": "disponibilité (perte d'accès ou destruction, accidentelle ou non autorisée)",
    },
    "data_category": {
        "identity": "données d'identification (p. ex. nom, date de naissance, numéro de client)",
        "contact": "coordonnées (p. ex. adresse postale, adresse électronique, numéro de téléphone)",
        "national_id": "numéros d'identification nationaux (p. ex. numéro de registre national, numéro de "
        "carte d'identité ou de passeport)",
        "financial": "données financières (p. ex. coordonnées bancaires ou de carte de paiement, transactions, "
        "factures, revenus)",
        "credentials": "identifiants d'accès (p. ex. noms d'utilisateur et mots de passe, jetons d'accès)",
        "location": "données de localisation",
        "behavioural": "données comportementales (p. ex. préférences, habitudes, données de navigation et "
        "d'utilisation)",
        "communications": "communications (contenu ou métadonnées de courriels, de messages ou d'appels)",
        "special": (
            "catégories particulières de données à caractère personnel (art. 9 RGPD\u202f: santé, données "
            "génétiques ou biométriques, origine raciale ou ethnique, opinions politiques, convictions "
            "religieuses ou philosophiques, appartenance syndicale, vie sexuelle ou orientation sexuelle)"
        ),
        "criminal": "données à caractère personnel relatives aux condamnations pénales et aux infractions "
        "(art. 10 RGPD)",
    },
    "data_kind": {
        "name": "nom",
        "address": "adresse",
        "contact_details": "coordonnées",
        "bank_account": "coordonnées bancaires",
        "master_data": "données de base",
        "contract_data": "données contractuelles",
        "customer_history": "historique client",
        "billing_payment": "données de facturation et de paiement",
        "public_information": "informations publiques (de tiers, p. ex. bureaux de crédit ou annuaires publics)",
        "system_configuration": "configuration du système et environnement client",
    },
    "subject_kind": {
        "employees": "membres du personnel",
        "business_partners": "partenaires commerciaux",
        "customers": "clients",
        "prospects": "prospects",
        "subscribers": "abonnés",
        "suppliers": "fournisseurs",
        "contact_persons": "personnes de contact",
    },
    "identifiability": {
        "negligible": "négligeable (les personnes sont difficilement identifiables à partir des données)",
        "limited": "limitée (l'identification est possible, mais difficile)",
        "significant": "importante (les personnes sont identifiables moyennant un certain effort)",
        "maximum": "maximale (les personnes sont directement identifiables à partir des données)",
    },
    "exfiltration": {
        "ruled_out": "exclue",
        "cannot_rule_out": "ne peut être exclue",
        "confirmed": "confirmée",
    },
    "recipients": {
        "none": "aucun (les données n'ont atteint personne)",
        "trusted": "un seul destinataire de confiance, tenu au secret",
        "known": "destinataires connus et en nombre limité",
        "unknown": "destinataires inconnus",
        "public": "données rendues publiques (nombre illimité de destinataires)",
    },
    "availability": {
        "unaffected": "non affectées",
        "restored": "rétablies (p. ex. à partir d'une sauvegarde)",
        "temporary": "temporairement indisponibles",
        "permanent": "définitivement perdues",
    },
    "risk": {
        "unlikely": "risque improbable pour les droits et libertés des personnes physiques",
        "risk": "risque pour les droits et libertés des personnes physiques",
        "high": "risque élevé pour les droits et libertés des personnes physiques",
    },
    "severity": {"low": "faible", "medium": "moyenne", "high": "élevée", "very_high": "très élevée"},
    "rule": {
        "dpa.8.1b": "notre notification à votre intention en tant que sous-traitant (contrat de "
        "sous-traitance, clause 8(1)(b))",
        "gdpr.33.1": "notification à votre autorité de contrôle (art. 33, §\u00a01er, RGPD)",
        "gdpr.33.4": "informations complémentaires à votre autorité de contrôle, de manière échelonnée "
        "(art. 33, §\u00a04, RGPD)",
        "gdpr.34.1": "communication aux personnes concernées (art. 34, §\u00a01er, RGPD)",
        "gdpr.36.2": "avis écrit de l'autorité de contrôle après consultation préalable (art. 36, §\u00a02, RGPD)",
        "gdpr.36.2.extension": "information par l'autorité de contrôle de la prolongation du délai de "
        "consultation (art. 36, §\u00a02, RGPD)",
        "nis2.23.4.a": "alerte précoce au CSIRT (art. 23, §\u00a04, a), directive NIS2)",
        "nis2.23.4.b": "notification d'incident au CSIRT (art. 23, §\u00a04, b), directive NIS2)",
        "nis2.23.4.d": "rapport final au CSIRT (art. 23, §\u00a04, d), directive NIS2)",
        "dora.initial": "notification initiale d'un incident majeur lié aux TIC (art. 19, §\u00a04, a), DORA)",
        "dora.intermediate": "rapport intermédiaire (art. 19, §\u00a04, b), DORA)",
        "dora.final": "rapport final (art. 19, §\u00a04, c), DORA)",
    },
    "item": {
        "nature": "la nature de la violation",
        "categories_and_numbers": "les catégories et le nombre approximatif de personnes concernées et "
        "d'enregistrements de données à caractère personnel",
        "contact_point": "le point de contact",
        "likely_consequences": "les conséquences probables",
        "measures": "les mesures prises ou proposées",
    },
    "yesno": {"true": "oui", "false": "non", "unknown": "pas encore connu"},
    "kind": {
        "early_warning": "alerte précoce\u202f: incident de sécurité suspecté, en cours d'analyse",
        "initial": "notification d'une violation de données à caractère personnel",
        "pass_on": "notification d'une violation de données à caractère personnel, à transmettre à vos "
        "responsables du traitement",
        "update": "mise à jour d'une notification de violation de données à caractère personnel",
        "risk_recommendation": "recommandation sur le risque d'une violation de données à caractère personnel",
        "all_clear": "fin d'alerte\u202f: pas de violation de données à caractère personnel",
        "closing": "clôture d'une violation de données à caractère personnel",
        "security_incident": "incident de sécurité sans violation de données à caractère personnel",
        "internal_alert": "alerte interne",
        "contact_check": "vérification des coordonnées",
    },
}

_DE: Final[Mapping[str, Mapping[str, str]]] = {
    "breach_type": {
        "confidentiality": "Vertraulichkeit (unbefugte oder unbeabsichtigte Offenlegung oder unbefugter Zugang)",
        "integrity": "Integrität (unbefugte oder unbeabsichtigte Veränderung)",
        "availability": "Verfügbarkeit (unbeabsichtigter oder unbefugter Verlust des Zugangs oder Vernichtung)",
    },
    "data_category": {
        "identity": "Identifikationsdaten (z. B. Name, Geburtsdatum, Kundennummer)",
        "contact": "Kontaktdaten (z. B. Postanschrift, E-Mail-Adresse, Telefonnummer)",
        "national_id": "nationale Kennnummern (z. B. Nationalregisternummer, Personalausweis- oder Passnummer)",
        "financial": "Finanzdaten (z. B. Bank- oder Zahlungskartendaten, Transaktionen, Rechnungen, Einkommen)",
        "credentials": "Zugangsdaten (z. B. Benutzernamen und Passwörter, Zugriffstoken)",
        "location": "Standortdaten",
        "behavioural": "Verhaltensdaten (z. B. Vorlieben, Gewohnheiten, Surf- und Nutzungsdaten)",
        "communications": "Kommunikation (Inhalte oder Metadaten von E-Mails, Nachrichten oder Anrufen)",
        "special": (
            "besondere Kategorien personenbezogener Daten (Art. 9 DSGVO: Gesundheit, genetische oder "
            "biometrische Daten, rassische oder ethnische Herkunft, politische Meinungen, religiöse oder "
            "weltanschauliche Überzeugungen, Gewerkschaftszugehörigkeit, Sexualleben oder sexuelle Orientierung)"
        ),
        "criminal": "personenbezogene Daten über strafrechtliche Verurteilungen und Straftaten (Art. 10 DSGVO)",
    },
    "data_kind": {
        "name": "Name",
        "address": "Anschrift",
        "contact_details": "Kontaktdaten",
        "bank_account": "Bankverbindung",
        "master_data": "Stammdaten",
        "contract_data": "Vertragsdaten",
        "customer_history": "Kundenhistorie",
        "billing_payment": "Abrechnungs- und Zahlungsdaten",
        "public_information": "öffentliche Informationen (von Dritten, z. B. Auskunfteien oder öffentlichen "
        "Verzeichnissen)",
        "system_configuration": "Systemkonfiguration und Kundenumgebung",
    },
    "subject_kind": {
        "employees": "Beschäftigte",
        "business_partners": "Geschäftspartner",
        "customers": "Kunden",
        "prospects": "Interessenten",
        "subscribers": "Abonnenten",
        "suppliers": "Lieferanten",
        "contact_persons": "Ansprechpartner",
    },
    "identifiability": {
        "negligible": "vernachlässigbar (die Personen sind aus den Daten kaum identifizierbar)",
        "limited": "gering (eine Identifizierung ist möglich, aber schwierig)",
        "significant": "erheblich (die Personen sind mit gewissem Aufwand identifizierbar)",
        "maximum": "maximal (die Personen sind aus den Daten unmittelbar identifizierbar)",
    },
    "exfiltration": {
        "ruled_out": "ausgeschlossen",
        "cannot_rule_out": "nicht auszuschließen",
        "confirmed": "bestätigt",
    },
    "recipients": {
        "none": "keine (die Daten haben niemanden erreicht)",
        "trusted": "ein einzelner vertrauenswürdiger, zur Verschwiegenheit verpflichteter Empfänger",
        "known": "bekannte, begrenzte Empfänger",
        "unknown": "unbekannte Empfänger",
        "public": "öffentlich zugänglich (unbegrenzte Empfänger)",
    },
    "availability": {
        "unaffected": "nicht betroffen",
        "restored": "wiederhergestellt (z. B. aus einer Sicherung)",
        "temporary": "vorübergehend nicht verfügbar",
        "permanent": "endgültig verloren",
    },
    "risk": {
        "unlikely": "voraussichtlich kein Risiko für die Rechte und Freiheiten natürlicher Personen",
        "risk": "Risiko für die Rechte und Freiheiten natürlicher Personen",
        "high": "hohes Risiko für die Rechte und Freiheiten natürlicher Personen",
    },
    "severity": {"low": "niedrig", "medium": "mittel", "high": "hoch", "very_high": "sehr hoch"},
    "rule": {
        "dpa.8.1b": "unsere Meldung an Sie als Auftragsverarbeiter (Auftragsverarbeitungsvertrag, Klausel 8(1)(b))",
        "gdpr.33.1": "Meldung an Ihre Aufsichtsbehörde (Art. 33 Abs. 1 DSGVO)",
        "gdpr.33.4": "schrittweise weitere Informationen an Ihre Aufsichtsbehörde (Art. 33 Abs. 4 DSGVO)",
        "gdpr.34.1": "Benachrichtigung der betroffenen Personen (Art. 34 Abs. 1 DSGVO)",
        "gdpr.36.2": "schriftliche Empfehlung der Aufsichtsbehörde nach vorheriger Konsultation (Art. 36 Abs. 2 DSGVO)",
        "gdpr.36.2.extension": "Unterrichtung durch die Aufsichtsbehörde über die Fristverlängerung der "
        "Konsultation (Art. 36 Abs. 2 DSGVO)",
        "nis2.23.4.a": "Frühwarnung an das CSIRT (Art. 23 Abs. 4 Buchst. a NIS-2-Richtlinie)",
        "nis2.23.4.b": "Meldung über den Sicherheitsvorfall an das CSIRT (Art. 23 Abs. 4 Buchst. b NIS-2-Richtlinie)",
        "nis2.23.4.d": "Abschlussbericht an das CSIRT (Art. 23 Abs. 4 Buchst. d NIS-2-Richtlinie)",
        "dora.initial": "Erstmeldung eines schwerwiegenden IKT-bezogenen Vorfalls (Art. 19 Abs. 4 Buchst. a DORA)",
        "dora.intermediate": "Zwischenmeldung (Art. 19 Abs. 4 Buchst. b DORA)",
        "dora.final": "Abschlussmeldung (Art. 19 Abs. 4 Buchst. c DORA)",
    },
    "item": {
        "nature": "die Art der Verletzung",
        "categories_and_numbers": "die Kategorien und die ungefähre Zahl der betroffenen Personen und "
        "personenbezogenen Datensätze",
        "contact_point": "die Anlaufstelle",
        "likely_consequences": "die wahrscheinlichen Folgen",
        "measures": "die ergriffenen oder vorgeschlagenen Maßnahmen",
    },
    "yesno": {"true": "ja", "false": "nein", "unknown": "noch nicht bekannt"},
    "kind": {
        "early_warning": "Frühwarnung: vermuteter Sicherheitsvorfall in Untersuchung",
        "initial": "Meldung einer Verletzung des Schutzes personenbezogener Daten",
        "pass_on": "Meldung einer Verletzung des Schutzes personenbezogener Daten zur Weiterleitung an Ihre "
        "Verantwortlichen",
        "update": "Folgemeldung zu einer Verletzung des Schutzes personenbezogener Daten",
        "risk_recommendation": "Risikoempfehlung zu einer Verletzung des Schutzes personenbezogener Daten",
        "all_clear": "Entwarnung: keine Verletzung des Schutzes personenbezogener Daten",
        "closing": "Abschluss einer Verletzung des Schutzes personenbezogener Daten",
        "security_incident": "Sicherheitsvorfall ohne Verletzung des Schutzes personenbezogener Daten",
        "internal_alert": "interne Warnung",
        "contact_check": "Überprüfung der Kontaktdaten",
    },
}

_EN: Final[Mapping[str, Mapping[str, str]]] = {
    "breach_type": {
        "confidentiality": "confidentiality (unauthorised or accidental disclosure or access)",
        "integrity": "integrity (unauthorised or accidental alteration)",
        "availability": "availability (accidental or unauthorised loss of access, or destruction)",
    },
    "data_category": {
        "identity": "identification data (e.g. name, date of birth, customer number)",
        "contact": "contact details (e.g. postal address, e-mail address, telephone number)",
        "national_id": "national identification numbers (e.g. national register number, identity card or "
        "passport number)",
        "financial": "financial data (e.g. bank account or payment card details, transactions, invoices, income)",
        "credentials": "access credentials (e.g. user names and passwords, access tokens)",
        "location": "location data",
        "behavioural": "behavioural data (e.g. preferences, habits, browsing and usage data)",
        "communications": "communications (content or metadata of e-mails, messages or calls)",
        "special": (
            "special categories of personal data (GDPR Art. 9: health, genetic or biometric data, racial or "
            "ethnic origin, political opinions, religious or philosophical beliefs, trade union membership, "
            "sex life or sexual orientation)"
        ),
        "criminal": "personal data relating to criminal convictions and offences (GDPR Art. 10)",
    },
    "data_kind": {
        "name": "name",
        "address": "address",
        "contact_details": "contact details",
        "bank_account": "bank account details",
        "master_data": "master data",
        "contract_data": "contract data",
        "customer_history": "customer history",
        "billing_payment": "billing and payment data",
        "public_information": "public information (from third parties, e.g. credit agencies or public directories)",
        "system_configuration": "system configuration and customer environment",
    },
    "subject_kind": {
        "employees": "employees",
        "business_partners": "business partners",
        "customers": "customers",
        "prospects": "prospective customers",
        "subscribers": "subscribers",
        "suppliers": "suppliers",
        "contact_persons": "contact persons",
    },
    "identifiability": {
        "negligible": "negligible (the persons can hardly be identified from the data)",
        "limited": "limited (identification is possible but difficult)",
        "significant": "significant (the persons can be identified with some effort)",
        "maximum": "maximum (the persons can be identified directly from the data)",
    },
    "exfiltration": {
        "ruled_out": "ruled out",
        "cannot_rule_out": "cannot be ruled out",
        "confirmed": "confirmed",
    },
    "recipients": {
        "none": "none (the data did not reach anyone)",
        "trusted": "a single trusted recipient bound to confidentiality",
        "known": "known, limited recipients",
        "unknown": "unknown recipients",
        "public": "made public (unlimited recipients)",
    },
    "availability": {
        "unaffected": "not affected",
        "restored": "restored (e.g. from a backup)",
        "temporary": "temporarily unavailable",
        "permanent": "permanently lost",
    },
    "risk": {
        "unlikely": "unlikely to result in a risk to the rights and freedoms of natural persons",
        "risk": "risk to the rights and freedoms of natural persons",
        "high": "high risk to the rights and freedoms of natural persons",
    },
    "severity": {"low": "low", "medium": "medium", "high": "high", "very_high": "very high"},
    "rule": {
        "dpa.8.1b": "our notification to you as your processor (data processing agreement, clause 8(1)(b))",
        "gdpr.33.1": "notification to your supervisory authority (GDPR Art. 33(1))",
        "gdpr.33.4": "further information to your supervisory authority in phases (GDPR Art. 33(4))",
        "gdpr.34.1": "communication to the data subjects (GDPR Art. 34(1))",
        "gdpr.36.2": "the supervisory authority's written advice after prior consultation (GDPR Art. 36(2))",
        "gdpr.36.2.extension": "the supervisory authority's notice extending the consultation period (GDPR Art. 36(2))",
        "nis2.23.4.a": "early warning to the CSIRT (NIS2 Art. 23(4)(a))",
        "nis2.23.4.b": "incident notification to the CSIRT (NIS2 Art. 23(4)(b))",
        "nis2.23.4.d": "final report to the CSIRT (NIS2 Art. 23(4)(d))",
        "dora.initial": "initial notification of a major ICT-related incident (DORA Art. 19(4)(a))",
        "dora.intermediate": "intermediate report (DORA Art. 19(4)(b))",
        "dora.final": "final report (DORA Art. 19(4)(c))",
    },
    "item": {
        "nature": "the nature of the breach",
        "categories_and_numbers": "the categories and approximate numbers of data subjects and records",
        "contact_point": "the contact point",
        "likely_consequences": "the likely consequences",
        "measures": "the measures taken or proposed",
    },
    "yesno": {"true": "yes", "false": "no", "unknown": "not yet known"},
    "kind": {
        "early_warning": "early warning: suspected security incident under investigation",
        "initial": "personal data breach notice",
        "pass_on": "personal data breach notice to pass on to your controllers",
        "update": "update to a personal data breach notice",
        "risk_recommendation": "risk recommendation on a personal data breach",
        "all_clear": "all clear: no personal data breach",
        "closing": "closure of a personal data breach",
        "security_incident": "security incident without a personal data breach",
        "internal_alert": "internal alert",
        "contact_check": "contact details check",
    },
}

LABELS: Final[Mapping[str, Mapping[str, Mapping[str, str]]]] = {"nl": _NL, "fr": _FR, "de": _DE, "en": _EN}
