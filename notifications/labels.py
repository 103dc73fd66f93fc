"""The words a notice shows for each code: language → group → code → text.

Templates print codes through ``{{ code | label("group") }}``; a code without a text is a ``RenderError``,
never a blank (DESIGN.md habit 11). The texts sit mid-sentence or in a table cell, so they start in lower
case except where the language capitalises nouns. Legal terms are the GDPR's own in each language version
(nl AVG, fr RGPD, de DSGVO); ``data_kind`` and ``subject_kind`` render the DPA's clause 2 vocabulary
(``breach.vocabulary.DATA_KINDS``, ``SUBJECT_KINDS``). Every language has exactly the same codes (a test
checks it), so a notice never falls back to another language.

Groups beyond the facts: ``reason`` (the sentences of ``breach.risk_reasons.REASONS``, with ``%(param)s``
placeholders for exactly the params of the English line, filled by the ``reason`` filter), ``exemption``
(Art. 34(3)(a), (b) with their explanation), ``channel`` (individual or public communication, Art.
34(3)(c)), ``alert`` (``notifications.context.ALERTS``), ``event`` (``breach.events.EVENTS``, the
decisions a customer reports) and ``field`` (``breach.diffing.FIELDS``, the fields an update lists);
``measure`` and ``measure_group`` (``breach.measures``, the DPA appendix), ``pack`` (the support packs a
support-pack notice attaches) and ``removed_item`` (``breach.retention.REMOVED_ITEMS``, what a record of
destruction counts).
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
        "support_pack": "ondersteuningspakketten voor uw dossier",
        "destruction": "registratie van de vernietiging van persoonsgegevens",
    },
    "reason": {
        "confidentiality_contained": "Niemand heeft de gegevens verkregen, of de exfiltratie ervan is "
        "uitgesloten: de vertrouwelijkheid is niet in het geding.",
        "limited_disclosure": "Gewone gegevens van %(data_subjects)s personen hebben zonder kwaadwillige opzet "
        "ontvangers bereikt (%(recipients)s): een kleine, afgebakende openbaarmaking houdt waarschijnlijk geen "
        "risico in.",
        "recipients_unlimited": "De gegevens hebben %(recipient_count)s ontvangers bereikt: een zo grote groep "
        "geldt als onbeperkt.",
        "special_category_presumption": "Bijzondere persoonsgegevens of strafrechtelijke gegevens zijn buiten de "
        "controle van de verwerkingsverantwoordelijke geraakt: schade wordt vermoed.",
        "special_category_disclosed": "Bijzondere persoonsgegevens of strafrechtelijke gegevens hebben personen "
        "bereikt die niet tot geheimhouding verplicht zijn: hoog risico.",
        "special_category_reveals_little": "De bijzondere persoonsgegevens of strafrechtelijke gegevens onthullen "
        "weinig (DPC %(dpc)s): het vermoeden van schade geldt niet.",
        "sensitive_data_disclosed": "Financiële of vergelijkbaar gevoelige gegevens (DPC \u00d7 EI "
        "%(data_severity)s) zijn buiten de controle van de verwerkingsverantwoordelijke geraakt.",
        "sensitive_data_unknown_holders": "Financiële of vergelijkbaar gevoelige gegevens (DPC \u00d7 EI "
        "%(data_severity)s) kunnen in onbekende handen zijn: fraude is waarschijnlijk, hoog risico.",
        "large_number_of_people": "De gegevens van %(data_subjects)s personen zijn buiten de controle van de "
        "verwerkingsverantwoordelijke geraakt: dat aantal verhoogt het risico.",
        "malicious_holder": "Iemand met kwaadwillige bedoelingen (of van wie de bedoelingen nog niet bekend "
        "zijn) heeft de gegevens in handen: misbruik valt te verwachten.",
        "malicious_sensitive": "Een kwaadwillige heeft financiële of vergelijkbaar gevoelige gegevens verkregen: "
        "fraude of identiteitsdiefstal is waarschijnlijk, hoog risico.",
        "malicious_many": "Een aanvaller of dief heeft identificerende gegevens van %(data_subjects)s personen "
        "(ten minste %(many_subjects)s) buitgemaakt: hoog risico.",
        "malicious_revealing": "Een aanvaller of dief heeft gegevens buitgemaakt die meer onthullen dan "
        "identiteit en contactgegevens (DPC \u00d7 EI %(data_severity)s): hoog risico.",
        "fraud_data_disclosed": "Nationale identificatienummers of toegangsgegevens zijn buiten de controle van "
        "de verwerkingsverantwoordelijke geraakt: ze maken identiteitsfraude of accountovername mogelijk.",
        "fraud_data_many": "Nationale identificatienummers of bruikbare toegangsgegevens van %(data_subjects)s "
        "personen zijn buiten de controle van de verwerkingsverantwoordelijke geraakt: identiteitsfraude of "
        "accountovername op grote schaal, hoog risico.",
        "unknown_recipients_intent": "Onbekenden hebben de gegevens verkregen of kunnen ze verkrijgen: de "
        "verwerkingsverantwoordelijke kan hun bedoelingen niet kennen, dus het risico kan niet laag worden "
        "genoemd.",
        "mass_exposure": "Identificerende gegevens van %(data_subjects)s personen (ten minste %(mass_subjects)s) "
        "kunnen in onbekende handen zijn: hoog risico.",
        "published_data": "Er zijn meer dan contactgegevens openbaar gemaakt: iedereen kan ze gebruiken, hoog risico.",
        "enisa_very_high": "De ernst volgens ENISA (%(severity_score)s) is zeer hoog en de gegevens zijn buiten "
        "de controle van de verwerkingsverantwoordelijke geraakt: hoog risico.",
        "trusted_recipient": "De enige ontvanger is bekend en tot geheimhouding verplicht: het risico is niet hoog.",
        "trusted_recipient_deleted": "De ontvanger is tot geheimhouding verplicht en heeft de verwijdering "
        "bevestigd: waarschijnlijk geen risico.",
        "data_retrieved": "De gegevens zijn teruggegeven, met bevestiging verwijderd of door de bekende "
        "ontvangers gewist: het risico is niet hoog.",
        "integrity_recoverable": "De gewijzigde gegevens kunnen in hun juiste staat worden hersteld: geen "
        "blijvend effect op personen.",
        "integrity_sensitive_altered": "Financiële, medische of andere gevoelige gegevens, of gegevens van "
        "kwetsbare personen, zijn gewijzigd: ook als ze kunnen worden hersteld, kunnen intussen beslissingen "
        "op basis van onjuiste gegevens zijn genomen.",
        "integrity_not_recoverable": "De gewijzigde gegevens kunnen niet worden hersteld (of dat is nog niet "
        "bekend): onjuiste gegevens blijven in gebruik.",
        "integrity_not_recoverable_sensitive": "Medische, financiële of andere gevoelige gegevens, of die van "
        "kwetsbare personen, zijn onherstelbaar gewijzigd: hoog risico.",
        "integrity_recoverability_unknown": "Of de gewijzigde gegevens kunnen worden hersteld, is nog niet "
        "bekend: ze worden als niet herstelbaar beoordeeld.",
        "availability_restored": "De gegevens zijn snel hersteld, zonder gevolgen voor personen: waarschijnlijk "
        "geen risico.",
        "availability_loss_affects_people": "De gegevens zijn niet tijdig terug voor de personen die ze nodig "
        "hebben: alleen al het verlies van beschikbaarheid is een risico.",
        "availability_permanent": "De gegevens zijn definitief verloren.",
        "availability_harms_care": "Gezondheidsgegevens of andere bijzondere persoonsgegevens, of gegevens van "
        "kwetsbare personen, zijn niet beschikbaar: de zorg of die personen worden geschaad, hoog risico.",
        "availability_permanent_mass_sensitive": "Financiële of vergelijkbaar gevoelige gegevens van "
        "%(data_subjects)s personen zijn definitief verloren: hoog risico.",
        "malicious_assumed": "Of de inbreuk kwaadwillig was, is nog niet bekend: ze wordt als kwaadwillig beoordeeld.",
        "vulnerable_subjects": "Er zijn kwetsbare personen (zoals kinderen of patiënten) getroffen.",
        "unintelligible_key_safe": "De gegevens waren onbegrijpelijk voor onbevoegden (versleuteling of "
        "gezouten hashing volgens de stand van de techniek, sleutel of salt veilig): hun vertrouwelijkheid en "
        "integriteit zijn niet in het geding.",
        "enisa_severity": "Ernst volgens ENISA %(severity_score)s (%(severity)s): DPC %(dpc)s \u00d7 EI "
        "%(ease_of_identification)s + CB %(circumstances)s.",
        "outcome_unlikely": "Waarschijnlijk geen risico voor de rechten en vrijheden van personen: geen melding "
        "aan de toezichthoudende autoriteit.",
        "notify_authority": "Uitkomst: %(risk)s. Meld de inbreuk binnen 72 uur nadat u er kennis van hebt "
        "gekregen aan de toezichthoudende autoriteit.",
        "no_communication_not_high": "Het risico is niet hoog: een mededeling aan de betrokkenen is niet vereist.",
        "communicate_individually": "Hoog risico: deel de inbreuk zonder onredelijke vertraging in duidelijke "
        "en eenvoudige taal mee aan elke betrokkene.",
        "communicate_publicly": "Hoog risico, en elke persoon afzonderlijk informeren zou onevenredige "
        "inspanningen vergen: een openbare mededeling informeert hen in de plaats daarvan.",
        "exemption_unintelligible": "Zonder de versleuteling of hashing zou het risico hoog zijn; omdat de "
        "gegevens onbegrijpelijk waren, is een mededeling aan de betrokkenen niet vereist.",
        "exemption_subsequent_measures": "Maatregelen die na de inbreuk zijn genomen, zorgen ervoor dat het hoge "
        "risico zich waarschijnlijk niet meer zal voordoen: een mededeling aan de betrokkenen is niet vereist; "
        "de melding aan de toezichthoudende autoriteit blijft wel nodig.",
        "register": "Documenteer de inbreuk, de gevolgen ervan, de genomen corrigerende maatregelen en deze "
        "redenering in het register van inbreuken.",
    },
    "exemption": {
        "34(3)(a)": "art. 34, lid 3, a), AVG: de gegevens waren onbegrijpelijk voor iedereen die er geen toegang "
        "toe mocht hebben, bijvoorbeeld door versleuteling volgens de stand van de techniek waarvan de sleutel "
        "niet is gecompromitteerd",
        "34(3)(b)": "art. 34, lid 3, b), AVG: na de inbreuk genomen maatregelen zorgen ervoor dat het hoge risico "
        "voor de rechten en vrijheden van de betrokkenen zich waarschijnlijk niet meer zal voordoen",
    },
    "channel": {
        "individual": "individueel: rechtstreeks aan elke betrokkene (art. 34, lid 1, AVG)",
        "public": "via een openbare mededeling of een soortgelijke maatregel waarbij de betrokkenen even "
        "doeltreffend worden geïnformeerd, omdat elke betrokkene afzonderlijk informeren onevenredige "
        "inspanningen zou vergen (art. 34, lid 3, c), AVG)",
    },
    "alert": {
        "deadline_at_risk": "termijn in gevaar",
        "deadline_overdue": "termijn overschreden",
        "delivery_failed": "melding niet afgeleverd",
        "facts_worsened": "risico gestegen na nieuwe feiten",
        "unacknowledged": "ontvangst van melding niet bevestigd",
        "contact_check_failed": "controle van contactgegevens mislukt",
    },
    "event": {
        "authority-notified": "u hebt de inbreuk gemeld aan uw toezichthoudende autoriteit (art. 33, lid 1, AVG)",
        "follow-up-sent": "u hebt uw toezichthoudende autoriteit verdere informatie verstrekt (art. 33, lid 4, AVG)",
        "authority-not-notified": "u hebt beslist de inbreuk niet te melden aan uw toezichthoudende autoriteit "
        "(art. 33, leden 1 en 5, AVG)",
        "high-risk-established": "u hebt een hoog risico voor de betrokkenen vastgesteld (art. 34, lid 1, AVG)",
        "subjects-informed": "u hebt de betrokkenen geïnformeerd (art. 34 AVG)",
        "subjects-not-informed": "u hebt beslist de betrokkenen niet te informeren (art. 34, lid 3, AVG)",
        "consultation-received": "de toezichthoudende autoriteit heeft uw verzoek om voorafgaande raadpleging "
        "ontvangen (art. 36 AVG)",
        "extension-announced": "de toezichthoudende autoriteit heeft de raadplegingstermijn verlengd (art. 36, "
        "lid 2, AVG)",
        "suspension-started": "de toezichthoudende autoriteit heeft de raadplegingstermijn opgeschort (art. 36, "
        "lid 2, AVG)",
        "suspension-ended": "de raadplegingstermijn loopt weer (art. 36, lid 2, AVG)",
        "advice-received": "u hebt het schriftelijke advies van de toezichthoudende autoriteit ontvangen "
        "(art. 36, lid 2, AVG)",
        "dora-classified": "u hebt het incident ingedeeld als ernstig ICT-gerelateerd incident (art. 18 DORA)",
        "dora-initial-sent": "u hebt de eerste melding op grond van DORA verzonden (art. 19, lid 4, a), DORA)",
        "dora-intermediate-sent": "u hebt een tussentijds verslag op grond van DORA verzonden (art. 19, lid 4, "
        "b), DORA)",
        "dora-final-sent": "u hebt het eindverslag op grond van DORA verzonden (art. 19, lid 4, c), DORA)",
        "nis2-significant": "wij hebben het incident als significant aangemerkt (art. 23, lid 3, NIS2-richtlijn)",
        "nis2-early-warning-sent": "wij hebben onze vroegtijdige waarschuwing aan het CSIRT verzonden (art. 23, "
        "lid 4, a), NIS2-richtlijn)",
        "nis2-notification-sent": "wij hebben onze incidentmelding aan het CSIRT verzonden (art. 23, lid 4, b), "
        "NIS2-richtlijn)",
        "nis2-progress-report-sent": "wij hebben een voortgangsverslag aan het CSIRT verzonden (art. 23, lid 4, "
        "e), NIS2-richtlijn)",
        "nis2-incident-handled": "wij hebben de afhandeling van het incident afgerond (art. 23, lid 4, e), "
        "NIS2-richtlijn)",
        "nis2-final-report-sent": "wij hebben ons eindverslag aan het CSIRT verzonden (art. 23, lid 4, d), "
        "NIS2-richtlijn)",
    },
    "field": {
        "narrative.nature": "aard van de inbreuk",
        "facts.breach_types": "soort inbreuk",
        "facts.data_categories": "categorieën van persoonsgegevens",
        "facts.data_subjects": "aantal betrokkenen bij het hele incident (bij benadering)",
        "facts.data_subjects_max": "maximaal aantal betrokkenen bij het hele incident",
        "facts.records": "aantal persoonsgegevensregisters in kwestie",
        "facts.vulnerable_subjects": "kwetsbare betrokkenen (bv. kinderen, patiënten)",
        "facts.identifiability": "identificeerbaarheid",
        "facts.unintelligible": "gegevens onbegrijpelijk voor onbevoegden (bv. versleuteld, sleutel niet "
        "gecompromitteerd)",
        "facts.malicious": "kwaadwillige handeling",
        "facts.exfiltration": "exfiltratie van de gegevens",
        "facts.recipients": "ontvangers van de gegevens",
        "facts.recipient_count": "aantal ontvangers",
        "facts.data_retrieved": "gegevens teruggehaald bij de ontvanger",
        "facts.integrity_recoverable": "gewijzigde gegevens herstelbaar",
        "facts.availability": "beschikbaarheid van de gegevens",
        "narrative.likely_consequences": "waarschijnlijke gevolgen",
        "narrative.measures_taken": "genomen maatregelen",
        "narrative.measures_proposed": "voorgestelde maatregelen",
        "narrative.contact_point": "contactpunt",
        "narrative.ongoing": "nog aan de gang",
        "narrative.not_yet_known": "nog niet bekende onderdelen",
        "narrative.failed_measures": "maatregelen die faalden (bijlage bij de verwerkersovereenkomst)",
    },
    "measure": {
        "physical_access": "fysieke toegangscontrole (geen onbevoegde toegang tot verwerkingsfaciliteiten)",
        "electronic_access": "elektronische toegangscontrole (geen onbevoegd gebruik van verwerkings- en "
        "opslagsystemen)",
        "internal_access": "interne toegangscontrole (geen onbevoegd lezen, kopiëren, wijzigen of verwijderen binnen "
        "de systemen)",
        "isolation": "scheidingscontrole (gegevens die voor verschillende doeleinden zijn verzameld, worden "
        "gescheiden verwerkt)",
        "pseudonymisation": "pseudonimisering",
        "transfer_control": "controle op de gegevensoverdracht (geen onbevoegde toegang tot gegevens bij overdracht "
        "of transport)",
        "entry_control": "invoercontrole (wie persoonsgegevens heeft ingevoerd, gewijzigd of verwijderd, en wanneer)",
        "availability_control": "beschikbaarheidscontrole (bescherming tegen onopzettelijke of opzettelijke "
        "vernietiging of verlies)",
        "rapid_recovery": "snel herstel (de beschikbaarheid van en de toegang tot de gegevens tijdig hersteld)",
        "data_protection_management": "beheer van de gegevensbescherming",
        "incident_response": "beheer van de respons op incidenten",
        "privacy_by_design": "gegevensbescherming door ontwerp en door standaardinstellingen",
        "order_control": "opdrachtcontrole (geen verwerking door derden zonder instructies van de "
        "verwerkingsverantwoordelijke)",
    },
    "measure_group": {
        "confidentiality": "vertrouwelijkheid",
        "integrity": "integriteit",
        "availability": "beschikbaarheid",
        "resilience": "veerkracht",
        "testing": "regelmatig testen, beoordelen en evalueren",
    },
    "pack": {
        "authority": "ontwerpmeldingen aan de toezichthoudende autoriteiten (art. 33, lid 3, AVG)",
        "subjects": "ontwerpmededeling aan de betrokkenen (art. 34, lid 2, AVG)",
        "dpia": "ondersteuning bij uw gegevensbeschermingseffectbeoordeling (art. 35, lid 7, AVG)",
    },
    "removed_item": {
        "incident.description": "beschrijving van het incident",
        "incident.dismissal_reason": "reden waarom het incident werd afgewezen",
        "narrative.nature": "beschrijving van de aard van de inbreuk",
        "narrative.likely_consequences": "beschrijving van de waarschijnlijke gevolgen",
        "narrative.measures_taken": "beschrijving van de genomen maatregelen",
        "narrative.measures_proposed": "beschrijving van de voorgestelde maatregelen",
        "narrative.contact_point": "contactpunt zoals beschreven",
        "override.reason": "reden voor een aangepaste risicoaanbeveling",
        "case.acknowledged_by": "naam van een persoon die een dossier heeft bevestigd",
        "report.reason": "reden bij een gemelde beslissing",
        "report.delay_reasons": "redenen voor een vertraging",
        "deadline.late_reasons": "redenen voor een gemiste termijn",
        "notice.customer": "klantnaam in een interne waarschuwing",
        "notice.note": "notitie in een vroegtijdige waarschuwing",
        "notice.reason": "in een bericht vermelde reden",
        "notice.service_impact": "beschrijving van de gevolgen voor een dienst",
        "notice.summary": "samenvatting van een gemelde beslissing in een afsluitingsbericht",
        "notice.before": "vroegere tekst in een aanvulling",
        "notice.after": "nieuwe tekst in een aanvulling",
        "notice.last_error": "foutmelding bij de bezorging van een bericht",
        "notice.acknowledged_by": "naam van een persoon die een bericht heeft bevestigd",
        "attempt.reason": "foutmelding bij een bezorgpoging",
        "sent_message.content": "inhoud van een verzonden bericht (de SHA-256 ervan blijft bewaard)",
        "task.title": "omschrijving van een ondersteuningstaak",
        "task.decision_reason": "reden van de beslissing over de facturering van een ondersteuningstaak",
        "task_time.who": "wie tijd besteedde aan een ondersteuningstaak",
        "task_time.note": "notitie bij de tijd besteed aan een ondersteuningstaak",
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
        "support_pack": "documents d'assistance pour votre dossier",
        "destruction": "attestation de destruction de données à caractère personnel",
    },
    "reason": {
        "confidentiality_contained": "Personne n'a obtenu les données, ou leur exfiltration est exclue\u00a0: la "
        "confidentialité n'est pas en cause.",
        "limited_disclosure": "Des données ordinaires de %(data_subjects)s personnes ont atteint des "
        "destinataires sans intention malveillante (%(recipients)s)\u00a0: une divulgation limitée et "
        "circonscrite n'est pas susceptible d'engendrer un risque.",
        "recipients_unlimited": "Les données ont atteint %(recipient_count)s destinataires\u00a0: un ensemble "
        "aussi large est considéré comme illimité.",
        "special_category_presumption": "Des données de catégories particulières ou relatives à des infractions "
        "pénales ont échappé au contrôle du responsable du traitement\u00a0: un dommage est présumé.",
        "special_category_disclosed": "Des données de catégories particulières ou relatives à des infractions "
        "pénales ont atteint des personnes non tenues au secret\u00a0: risque élevé.",
        "special_category_reveals_little": "Les données de catégories particulières ou relatives à des "
        "infractions pénales révèlent peu de chose (DPC %(dpc)s)\u00a0: la présomption de dommage ne s'applique "
        "pas.",
        "sensitive_data_disclosed": "Des données financières ou d'une sensibilité comparable (DPC \u00d7 EI "
        "%(data_severity)s) ont échappé au contrôle du responsable du traitement.",
        "sensitive_data_unknown_holders": "Des données financières ou d'une sensibilité comparable (DPC \u00d7 EI "
        "%(data_severity)s) peuvent se trouver entre des mains inconnues\u00a0: une fraude est probable, risque "
        "élevé.",
        "large_number_of_people": "Les données de %(data_subjects)s personnes ont échappé au contrôle du "
        "responsable du traitement\u00a0: ce nombre accroît le risque.",
        "malicious_holder": "Une personne malveillante (ou dont les intentions ne sont pas encore connues) "
        "détient les données\u00a0: un usage abusif est à prévoir.",
        "malicious_sensitive": "Un détenteur malveillant a obtenu des données financières ou d'une sensibilité "
        "comparable\u00a0: une fraude ou une usurpation d'identité est probable, risque élevé.",
        "malicious_many": "Un attaquant ou un voleur a emporté des données d'identification de "
        "%(data_subjects)s personnes (au moins %(many_subjects)s)\u00a0: risque élevé.",
        "malicious_revealing": "Un attaquant ou un voleur a emporté des données qui en révèlent davantage que "
        "l'identité et les coordonnées (DPC \u00d7 EI %(data_severity)s)\u00a0: risque élevé.",
        "fraud_data_disclosed": "Des numéros d'identification nationaux ou des données d'accès ont échappé au "
        "contrôle du responsable du traitement\u00a0: ils ouvrent la voie à l'usurpation d'identité ou à la "
        "prise de contrôle de comptes.",
        "fraud_data_many": "Des numéros d'identification nationaux ou des données d'accès utilisables de "
        "%(data_subjects)s personnes ont échappé au contrôle du responsable du traitement\u00a0: usurpation "
        "d'identité ou prise de contrôle de comptes à grande échelle, risque élevé.",
        "unknown_recipients_intent": "Des tiers inconnus ont obtenu ou pourraient obtenir les données\u00a0: le "
        "responsable du traitement ne peut pas connaître leurs intentions, le risque ne peut donc pas être "
        "qualifié de faible.",
        "mass_exposure": "Des données d'identification de %(data_subjects)s personnes (au moins "
        "%(mass_subjects)s) peuvent se trouver entre des mains inconnues\u00a0: risque élevé.",
        "published_data": "Des données allant au-delà des coordonnées ont été publiées\u00a0: tout le monde peut "
        "les utiliser, risque élevé.",
        "enisa_very_high": "La gravité ENISA (%(severity_score)s) est très élevée et les données ont échappé au "
        "contrôle du responsable du traitement\u00a0: risque élevé.",
        "trusted_recipient": "Le seul destinataire est connu et tenu au secret\u00a0: le risque n'est pas élevé.",
        "trusted_recipient_deleted": "Le destinataire est tenu au secret et a confirmé la suppression\u00a0: "
        "risque improbable.",
        "data_retrieved": "Les données ont été restituées, supprimées avec confirmation ou effacées par les "
        "destinataires connus\u00a0: le risque n'est pas élevé.",
        "integrity_recoverable": "Les données altérées peuvent être rétablies dans leur état correct\u00a0: aucun "
        "effet durable sur les personnes.",
        "integrity_sensitive_altered": "Des données financières, de santé ou d'autres données sensibles, ou des "
        "données de personnes vulnérables, ont été altérées\u00a0: même si elles peuvent être rétablies, des "
        "décisions ont pu être prises entre-temps sur la base de données erronées.",
        "integrity_not_recoverable": "Les données altérées ne peuvent pas être rétablies (ou cela n'est pas "
        "encore connu)\u00a0: des données erronées restent utilisées.",
        "integrity_not_recoverable_sensitive": "Des données médicales, financières ou d'autres données "
        "sensibles, ou celles de personnes vulnérables, ont été altérées de manière irrécupérable\u00a0: risque "
        "élevé.",
        "integrity_recoverability_unknown": "On ne sait pas encore si les données altérées peuvent être "
        "rétablies\u00a0: elles sont considérées comme irrécupérables.",
        "availability_restored": "Les données ont été rapidement restaurées, sans conséquences pour les "
        "personnes\u00a0: risque improbable.",
        "availability_loss_affects_people": "Les données ne sont pas revenues à temps pour les personnes qui en "
        "ont besoin\u00a0: une perte de disponibilité constitue à elle seule un risque.",
        "availability_permanent": "Les données sont définitivement perdues.",
        "availability_harms_care": "Des données de santé ou d'autres catégories particulières de données, ou des "
        "données de personnes vulnérables, sont indisponibles\u00a0: les soins ou ces personnes en pâtissent, "
        "risque élevé.",
        "availability_permanent_mass_sensitive": "Des données financières ou d'une sensibilité comparable de "
        "%(data_subjects)s personnes sont définitivement perdues\u00a0: risque élevé.",
        "malicious_assumed": "On ne sait pas encore si la violation était malveillante\u00a0: elle est évaluée "
        "comme malveillante.",
        "vulnerable_subjects": "Des personnes vulnérables (comme des enfants ou des patients) sont touchées.",
        "unintelligible_key_safe": "Les données étaient incompréhensibles pour toute personne non autorisée "
        "(chiffrement ou hachage salé conforme à l'état de l'art, clé ou sel non compromis)\u00a0: leur "
        "confidentialité et leur intégrité ne sont pas en cause.",
        "enisa_severity": "Gravité ENISA %(severity_score)s (%(severity)s)\u00a0: DPC %(dpc)s \u00d7 EI "
        "%(ease_of_identification)s + CB %(circumstances)s.",
        "outcome_unlikely": "Risque improbable pour les droits et libertés des personnes\u00a0: pas de "
        "notification à l'autorité de contrôle.",
        "notify_authority": "Résultat\u00a0: %(risk)s. Notifiez la violation à l'autorité de contrôle dans les "
        "72 heures après en avoir pris connaissance.",
        "no_communication_not_high": "Le risque n'est pas élevé\u00a0: aucune communication aux personnes "
        "concernées n'est requise.",
        "communicate_individually": "Risque élevé\u00a0: informez chaque personne concernée dans les meilleurs "
        "délais, en des termes clairs et simples.",
        "communicate_publicly": "Risque élevé, et contacter chaque personne exigerait des efforts "
        "disproportionnés\u00a0: une communication publique les informe à la place.",
        "exemption_unintelligible": "Sans le chiffrement ou le hachage, le risque serait élevé\u202f; les données "
        "étant incompréhensibles, aucune communication aux personnes concernées n'est requise.",
        "exemption_subsequent_measures": "Des mesures prises depuis la violation garantissent que le risque "
        "élevé n'est plus susceptible de se matérialiser\u00a0: aucune communication aux personnes concernées "
        "n'est requise\u202f; la notification à l'autorité de contrôle reste néanmoins nécessaire.",
        "register": "Consignez la violation, ses effets, les mesures prises pour y remédier et ce raisonnement "
        "dans le registre des violations.",
    },
    "exemption": {
        "34(3)(a)": "art. 34, §\u00a03, a), RGPD\u00a0: les données étaient incompréhensibles pour toute "
        "personne non autorisée à y avoir accès, par exemple grâce à un chiffrement conforme à l'état de l'art "
        "dont la clé n'a pas été compromise",
        "34(3)(b)": "art. 34, §\u00a03, b), RGPD\u00a0: des mesures ultérieures garantissent que le risque élevé "
        "pour les droits et libertés des personnes concernées n'est plus susceptible de se matérialiser",
    },
    "channel": {
        "individual": "individuellement\u00a0: directement à chaque personne concernée (art. 34, §\u00a01er, RGPD)",
        "public": "par une communication publique ou une mesure similaire permettant aux personnes concernées "
        "d'être informées de manière tout aussi efficace, car informer chacune d'elles exigerait des efforts "
        "disproportionnés (art. 34, §\u00a03, c), RGPD)",
    },
    "alert": {
        "deadline_at_risk": "échéance menacée",
        "deadline_overdue": "échéance dépassée",
        "delivery_failed": "notification non remise",
        "facts_worsened": "risque accru après de nouveaux faits",
        "unacknowledged": "réception de la notification non confirmée",
        "contact_check_failed": "échec de la vérification des coordonnées",
    },
    "event": {
        "authority-notified": "vous avez notifié la violation à votre autorité de contrôle (art. 33, §\u00a01er, RGPD)",
        "follow-up-sent": "vous avez communiqué des informations complémentaires à votre autorité de contrôle "
        "(art. 33, §\u00a04, RGPD)",
        "authority-not-notified": "vous avez décidé de ne pas notifier la violation à votre autorité de contrôle "
        "(art. 33, §§\u00a01er et 5, RGPD)",
        "high-risk-established": "vous avez constaté un risque élevé pour les personnes concernées (art. 34, "
        "§\u00a01er, RGPD)",
        "subjects-informed": "vous avez informé les personnes concernées (art. 34 RGPD)",
        "subjects-not-informed": "vous avez décidé de ne pas informer les personnes concernées (art. 34, "
        "§\u00a03, RGPD)",
        "consultation-received": "l'autorité de contrôle a reçu votre demande de consultation préalable (art. 36 RGPD)",
        "extension-announced": "l'autorité de contrôle a prolongé le délai de consultation (art. 36, §\u00a02, RGPD)",
        "suspension-started": "l'autorité de contrôle a suspendu le délai de consultation (art. 36, §\u00a02, RGPD)",
        "suspension-ended": "le délai de consultation court de nouveau (art. 36, §\u00a02, RGPD)",
        "advice-received": "vous avez reçu l'avis écrit de l'autorité de contrôle (art. 36, §\u00a02, RGPD)",
        "dora-classified": "vous avez classé l'incident comme incident majeur lié aux TIC (art. 18 DORA)",
        "dora-initial-sent": "vous avez envoyé la notification initiale prévue par DORA (art. 19, §\u00a04, a), DORA)",
        "dora-intermediate-sent": "vous avez envoyé un rapport intermédiaire prévu par DORA (art. 19, §\u00a04, "
        "b), DORA)",
        "dora-final-sent": "vous avez envoyé le rapport final prévu par DORA (art. 19, §\u00a04, c), DORA)",
        "nis2-significant": "nous avons qualifié l'incident d'important (art. 23, §\u00a03, directive NIS2)",
        "nis2-early-warning-sent": "nous avons envoyé notre alerte précoce au CSIRT (art. 23, §\u00a04, a), "
        "directive NIS2)",
        "nis2-notification-sent": "nous avons envoyé notre notification d'incident au CSIRT (art. 23, §\u00a04, "
        "b), directive NIS2)",
        "nis2-progress-report-sent": "nous avons envoyé un rapport d'avancement au CSIRT (art. 23, §\u00a04, "
        "e), directive NIS2)",
        "nis2-incident-handled": "nous avons terminé le traitement de l'incident (art. 23, §\u00a04, e), "
        "directive NIS2)",
        "nis2-final-report-sent": "nous avons envoyé notre rapport final au CSIRT (art. 23, §\u00a04, d), "
        "directive NIS2)",
    },
    "field": {
        "narrative.nature": "nature de la violation",
        "facts.breach_types": "type de violation",
        "facts.data_categories": "catégories de données à caractère personnel",
        "facts.data_subjects": "nombre approximatif de personnes concernées pour l'ensemble de l'incident",
        "facts.data_subjects_max": "nombre maximal de personnes concernées pour l'ensemble de l'incident",
        "facts.records": "nombre d'enregistrements de données à caractère personnel concernés",
        "facts.vulnerable_subjects": "personnes concernées vulnérables (p. ex. enfants, patients)",
        "facts.identifiability": "facilité d'identification",
        "facts.unintelligible": "données incompréhensibles pour toute personne non autorisée (p. ex. chiffrées, "
        "clé non compromise)",
        "facts.malicious": "acte malveillant",
        "facts.exfiltration": "exfiltration des données",
        "facts.recipients": "destinataires des données",
        "facts.recipient_count": "nombre de destinataires",
        "facts.data_retrieved": "données récupérées auprès du destinataire",
        "facts.integrity_recoverable": "données altérées récupérables",
        "facts.availability": "disponibilité des données",
        "narrative.likely_consequences": "conséquences probables",
        "narrative.measures_taken": "mesures prises",
        "narrative.measures_proposed": "mesures proposées",
        "narrative.contact_point": "point de contact",
        "narrative.ongoing": "toujours en cours",
        "narrative.not_yet_known": "éléments non encore connus",
        "narrative.failed_measures": "mesures défaillantes (annexe du contrat de sous-traitance)",
    },
    "measure": {
        "physical_access": "contrôle de l'accès physique (aucun accès non autorisé aux installations de traitement)",
        "electronic_access": "contrôle de l'accès électronique (aucune utilisation non autorisée des systèmes de "
        "traitement et de stockage)",
        "internal_access": "contrôle de l'accès interne (aucune lecture, copie, modification ou suppression non "
        "autorisée dans les systèmes)",
        "isolation": "contrôle de la séparation (les données collectées à des fins différentes sont traitées "
        "séparément)",
        "pseudonymisation": "pseudonymisation",
        "transfer_control": "contrôle des transferts (aucun accès non autorisé aux données lors de leur transfert ou "
        "de leur transport)",
        "entry_control": "contrôle de la saisie (qui a saisi, modifié ou supprimé des données à caractère personnel, "
        "et quand)",
        "availability_control": "contrôle de la disponibilité (protection contre la destruction ou la perte "
        "accidentelle ou volontaire)",
        "rapid_recovery": "rétablissement rapide (disponibilité des données et accès à celles-ci rétablis dans des "
        "délais appropriés)",
        "data_protection_management": "gestion de la protection des données",
        "incident_response": "gestion de la réponse aux incidents",
        "privacy_by_design": "protection des données dès la conception et par défaut",
        "order_control": "contrôle des commandes (aucune sous-traitance ultérieure sans instructions du responsable "
        "du traitement)",
    },
    "measure_group": {
        "confidentiality": "confidentialité",
        "integrity": "intégrité",
        "availability": "disponibilité",
        "resilience": "résilience",
        "testing": "tests, analyses et évaluations réguliers",
    },
    "pack": {
        "authority": "projets de notification aux autorités de contrôle (art. 33, §\u00a03, RGPD)",
        "subjects": "projet de communication aux personnes concernées (art. 34, §\u00a02, RGPD)",
        "dpia": "aide à votre analyse d'impact relative à la protection des données (art. 35, §\u00a07, RGPD)",
    },
    "removed_item": {
        "incident.description": "description de l'incident",
        "incident.dismissal_reason": "motif du classement de l'incident",
        "narrative.nature": "description de la nature de la violation",
        "narrative.likely_consequences": "description des conséquences probables",
        "narrative.measures_taken": "description des mesures prises",
        "narrative.measures_proposed": "description des mesures proposées",
        "narrative.contact_point": "point de contact tel que rédigé",
        "override.reason": "motif d'une recommandation de risque ajustée",
        "case.acknowledged_by": "nom d'une personne ayant accusé réception d'un dossier",
        "report.reason": "motif d'une décision communiquée",
        "report.delay_reasons": "motifs d'un retard",
        "deadline.late_reasons": "motifs d'un délai non respecté",
        "notice.customer": "nom d'un client dans une alerte interne",
        "notice.note": "note d'une alerte précoce",
        "notice.reason": "motif indiqué dans un message",
        "notice.service_impact": "description de l'impact sur un service",
        "notice.summary": "résumé d'une décision communiquée, dans un message de clôture",
        "notice.before": "texte antérieur dans une mise à jour",
        "notice.after": "nouveau texte dans une mise à jour",
        "notice.last_error": "message d'erreur de remise d'un message",
        "notice.acknowledged_by": "nom d'une personne ayant accusé réception d'un message",
        "attempt.reason": "message d'erreur d'une tentative de remise",
        "sent_message.content": "contenu d'un message envoyé (son empreinte SHA-256 est conservée)",
        "task.title": "intitulé d'une tâche d'assistance",
        "task.decision_reason": "motif de la décision de facturer ou non une tâche d'assistance",
        "task_time.who": "personne ayant consacré du temps à une tâche d'assistance",
        "task_time.note": "note sur le temps consacré à une tâche d'assistance",
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
        "support_pack": "Unterstützungsunterlagen für Ihren Vorgang",
        "destruction": "Nachweis der Löschung personenbezogener Daten",
    },
    "reason": {
        "confidentiality_contained": "Niemand hat die Daten erlangt, oder ihr Abfluss ist ausgeschlossen: Die "
        "Vertraulichkeit ist nicht berührt.",
        "limited_disclosure": "Gewöhnliche Daten von %(data_subjects)s Personen haben ohne böswillige Absicht "
        "Empfänger erreicht (%(recipients)s): Eine kleine, begrenzte Offenlegung führt voraussichtlich nicht "
        "zu einem Risiko.",
        "recipients_unlimited": "Die Daten haben %(recipient_count)s Empfänger erreicht: Ein so großer Kreis "
        "gilt als unbegrenzt.",
        "special_category_presumption": "Daten besonderer Kategorien oder Daten über Straftaten haben den "
        "Einflussbereich des Verantwortlichen verlassen: Ein Schaden wird vermutet.",
        "special_category_disclosed": "Daten besonderer Kategorien oder Daten über Straftaten haben Personen "
        "erreicht, die nicht zur Verschwiegenheit verpflichtet sind: hohes Risiko.",
        "special_category_reveals_little": "Die Daten besonderer Kategorien oder über Straftaten geben wenig "
        "preis (DPC %(dpc)s): Die Schadensvermutung greift nicht.",
        "sensitive_data_disclosed": "Finanzdaten oder ähnlich sensible Daten (DPC \u00d7 EI %(data_severity)s) haben "
        "den Einflussbereich des Verantwortlichen verlassen.",
        "sensitive_data_unknown_holders": "Finanzdaten oder ähnlich sensible Daten (DPC \u00d7 EI "
        "%(data_severity)s) können in unbekannten Händen sein: Betrug ist wahrscheinlich, hohes Risiko.",
        "large_number_of_people": "Die Daten von %(data_subjects)s Personen haben den Einflussbereich des "
        "Verantwortlichen verlassen: Diese Zahl erhöht das Risiko.",
        "malicious_holder": "Jemand mit böswilliger (oder noch unbekannter) Absicht besitzt die Daten: "
        "Missbrauch ist zu erwarten.",
        "malicious_sensitive": "Ein böswilliger Besitzer hat Finanzdaten oder ähnlich sensible Daten erlangt: "
        "Betrug oder Identitätsdiebstahl ist wahrscheinlich, hohes Risiko.",
        "malicious_many": "Ein Angreifer oder Dieb hat identifizierende Daten von %(data_subjects)s Personen "
        "(mindestens %(many_subjects)s) erlangt: hohes Risiko.",
        "malicious_revealing": "Ein Angreifer oder Dieb hat Daten erlangt, die mehr als Identität und "
        "Kontaktdaten preisgeben (DPC \u00d7 EI %(data_severity)s): hohes Risiko.",
        "fraud_data_disclosed": "Nationale Kennnummern oder Zugangsdaten haben den Einflussbereich des "
        "Verantwortlichen verlassen: Sie ermöglichen Identitätsbetrug oder Kontoübernahmen.",
        "fraud_data_many": "Nationale Kennnummern oder nutzbare Zugangsdaten von %(data_subjects)s Personen "
        "haben den Einflussbereich des Verantwortlichen verlassen: Identitätsbetrug oder Kontoübernahmen in "
        "großem Umfang, hohes Risiko.",
        "unknown_recipients_intent": "Unbekannte haben die Daten erlangt oder könnten sie erlangen: Der "
        "Verantwortliche kann ihre Absicht nicht kennen, daher kann das Risiko nicht als gering gelten.",
        "mass_exposure": "Identifizierende Daten von %(data_subjects)s Personen (mindestens %(mass_subjects)s) "
        "können in unbekannten Händen sein: hohes Risiko.",
        "published_data": "Über Kontaktdaten hinausgehende Daten wurden veröffentlicht: Jeder kann sie nutzen, "
        "hohes Risiko.",
        "enisa_very_high": "Der ENISA-Schweregrad (%(severity_score)s) ist sehr hoch und die Daten haben den "
        "Einflussbereich des Verantwortlichen verlassen: hohes Risiko.",
        "trusted_recipient": "Der einzige Empfänger ist bekannt und zur Verschwiegenheit verpflichtet: Das "
        "Risiko ist nicht hoch.",
        "trusted_recipient_deleted": "Der Empfänger ist zur Verschwiegenheit verpflichtet und hat die Löschung "
        "bestätigt: voraussichtlich kein Risiko.",
        "data_retrieved": "Die Daten wurden zurückgegeben, nachweislich gelöscht oder von den bekannten "
        "Empfängern vernichtet: Das Risiko ist nicht hoch.",
        "integrity_recoverable": "Die veränderten Daten können in ihren richtigen Zustand zurückversetzt werden: "
        "keine bleibende Wirkung auf Personen.",
        "integrity_sensitive_altered": "Finanz-, Gesundheits- oder andere sensible Daten oder Daten "
        "schutzbedürftiger Personen wurden verändert: Auch wenn sie wiederhergestellt werden können, wurden "
        "zwischenzeitlich möglicherweise Entscheidungen auf Grundlage falscher Daten getroffen.",
        "integrity_not_recoverable": "Die veränderten Daten können nicht wiederhergestellt werden (oder das ist "
        "noch nicht bekannt): Falsche Daten bleiben in Gebrauch.",
        "integrity_not_recoverable_sensitive": "Medizinische, finanzielle oder andere sensible Daten oder Daten "
        "schutzbedürftiger Personen wurden unwiederbringlich verändert: hohes Risiko.",
        "integrity_recoverability_unknown": "Ob die veränderten Daten wiederhergestellt werden können, ist noch "
        "nicht bekannt: Sie werden als nicht wiederherstellbar bewertet.",
        "availability_restored": "Die Daten wurden schnell wiederhergestellt, ohne Folgen für Personen: "
        "voraussichtlich kein Risiko.",
        "availability_loss_affects_people": "Die Daten stehen den Personen, die sie benötigen, nicht rechtzeitig "
        "wieder zur Verfügung: Schon der Verlust der Verfügbarkeit ist ein Risiko.",
        "availability_permanent": "Die Daten sind endgültig verloren.",
        "availability_harms_care": "Gesundheitsdaten oder andere Daten besonderer Kategorien oder Daten "
        "schutzbedürftiger Personen sind nicht verfügbar: Die Versorgung oder diese Personen werden "
        "geschädigt, hohes Risiko.",
        "availability_permanent_mass_sensitive": "Finanzdaten oder ähnlich sensible Daten von %(data_subjects)s "
        "Personen sind endgültig verloren: hohes Risiko.",
        "malicious_assumed": "Ob die Verletzung böswillig war, ist noch nicht bekannt: Sie wird als böswillig "
        "bewertet.",
        "vulnerable_subjects": "Schutzbedürftige Personen (etwa Kinder oder Patienten) sind betroffen.",
        "unintelligible_key_safe": "Die Daten waren für Unbefugte unzugänglich (Verschlüsselung oder gesalzenes "
        "Hashing nach dem Stand der Technik, Schlüssel oder Salt nicht kompromittiert): Ihre Vertraulichkeit "
        "und Integrität sind nicht berührt.",
        "enisa_severity": "ENISA-Schweregrad %(severity_score)s (%(severity)s): DPC %(dpc)s \u00d7 EI "
        "%(ease_of_identification)s + CB %(circumstances)s.",
        "outcome_unlikely": "Voraussichtlich kein Risiko für die Rechte und Freiheiten von Personen: keine "
        "Meldung an die Aufsichtsbehörde.",
        "notify_authority": "Ergebnis: %(risk)s. Melden Sie die Verletzung binnen 72 Stunden, nachdem sie Ihnen "
        "bekannt wurde, der Aufsichtsbehörde.",
        "no_communication_not_high": "Das Risiko ist nicht hoch: Eine Benachrichtigung der betroffenen Personen "
        "ist nicht erforderlich.",
        "communicate_individually": "Hohes Risiko: Benachrichtigen Sie jede betroffene Person unverzüglich in "
        "klarer und einfacher Sprache.",
        "communicate_publicly": "Hohes Risiko, und jede Person einzeln zu benachrichtigen wäre mit einem "
        "unverhältnismäßigen Aufwand verbunden: Stattdessen informiert eine öffentliche Bekanntmachung sie.",
        "exemption_unintelligible": "Ohne die Verschlüsselung oder das Hashing wäre das Risiko hoch; da die "
        "Daten unzugänglich waren, ist eine Benachrichtigung der betroffenen Personen nicht erforderlich.",
        "exemption_subsequent_measures": "Nach der Verletzung getroffene Maßnahmen stellen sicher, dass das hohe "
        "Risiko aller Wahrscheinlichkeit nach nicht mehr besteht: Eine Benachrichtigung der betroffenen "
        "Personen ist nicht erforderlich; die Meldung an die Aufsichtsbehörde bleibt erforderlich.",
        "register": "Dokumentieren Sie die Verletzung, ihre Auswirkungen, die ergriffenen Abhilfemaßnahmen und "
        "diese Begründung im Verzeichnis der Verletzungen.",
    },
    "exemption": {
        "34(3)(a)": "Art. 34 Abs. 3 Buchst. a DSGVO: Die Daten waren für alle Personen, die nicht zum Zugang "
        "befugt sind, unzugänglich, etwa durch Verschlüsselung nach dem Stand der Technik, deren Schlüssel "
        "nicht kompromittiert wurde",
        "34(3)(b)": "Art. 34 Abs. 3 Buchst. b DSGVO: Nachfolgende Maßnahmen stellen sicher, dass das hohe Risiko "
        "für die Rechte und Freiheiten der betroffenen Personen aller Wahrscheinlichkeit nach nicht mehr besteht",
    },
    "channel": {
        "individual": "einzeln: jede betroffene Person unmittelbar (Art. 34 Abs. 1 DSGVO)",
        "public": "durch eine öffentliche Bekanntmachung oder eine ähnliche Maßnahme, durch die die betroffenen "
        "Personen vergleichbar wirksam informiert werden, da die einzelne Benachrichtigung mit einem "
        "unverhältnismäßigen Aufwand verbunden wäre (Art. 34 Abs. 3 Buchst. c DSGVO)",
    },
    "alert": {
        "deadline_at_risk": "Frist gefährdet",
        "deadline_overdue": "Frist überschritten",
        "delivery_failed": "Meldung nicht zugestellt",
        "facts_worsened": "Risiko nach neuen Fakten gestiegen",
        "unacknowledged": "Empfang der Meldung nicht bestätigt",
        "contact_check_failed": "Überprüfung der Kontaktdaten fehlgeschlagen",
    },
    "event": {
        "authority-notified": "Sie haben die Verletzung Ihrer Aufsichtsbehörde gemeldet (Art. 33 Abs. 1 DSGVO)",
        "follow-up-sent": "Sie haben Ihrer Aufsichtsbehörde weitere Informationen übermittelt (Art. 33 Abs. 4 DSGVO)",
        "authority-not-notified": "Sie haben entschieden, die Verletzung Ihrer Aufsichtsbehörde nicht zu melden "
        "(Art. 33 Abs. 1 und 5 DSGVO)",
        "high-risk-established": "Sie haben ein hohes Risiko für die betroffenen Personen festgestellt (Art. 34 "
        "Abs. 1 DSGVO)",
        "subjects-informed": "Sie haben die betroffenen Personen benachrichtigt (Art. 34 DSGVO)",
        "subjects-not-informed": "Sie haben entschieden, die betroffenen Personen nicht zu benachrichtigen "
        "(Art. 34 Abs. 3 DSGVO)",
        "consultation-received": "die Aufsichtsbehörde hat Ihren Antrag auf vorherige Konsultation erhalten "
        "(Art. 36 DSGVO)",
        "extension-announced": "die Aufsichtsbehörde hat die Konsultationsfrist verlängert (Art. 36 Abs. 2 DSGVO)",
        "suspension-started": "die Aufsichtsbehörde hat die Konsultationsfrist ausgesetzt (Art. 36 Abs. 2 DSGVO)",
        "suspension-ended": "die Konsultationsfrist läuft wieder (Art. 36 Abs. 2 DSGVO)",
        "advice-received": "Sie haben die schriftliche Empfehlung der Aufsichtsbehörde erhalten (Art. 36 Abs. 2 DSGVO)",
        "dora-classified": "Sie haben den Vorfall als schwerwiegenden IKT-bezogenen Vorfall eingestuft (Art. 18 DORA)",
        "dora-initial-sent": "Sie haben die Erstmeldung nach DORA übermittelt (Art. 19 Abs. 4 Buchst. a DORA)",
        "dora-intermediate-sent": "Sie haben eine Zwischenmeldung nach DORA übermittelt (Art. 19 Abs. 4 Buchst. "
        "b DORA)",
        "dora-final-sent": "Sie haben die Abschlussmeldung nach DORA übermittelt (Art. 19 Abs. 4 Buchst. c DORA)",
        "nis2-significant": "wir haben den Vorfall als erheblich eingestuft (Art. 23 Abs. 3 NIS-2-Richtlinie)",
        "nis2-early-warning-sent": "wir haben unsere Frühwarnung an das CSIRT übermittelt (Art. 23 Abs. 4 "
        "Buchst. a NIS-2-Richtlinie)",
        "nis2-notification-sent": "wir haben unsere Meldung über den Sicherheitsvorfall an das CSIRT übermittelt "
        "(Art. 23 Abs. 4 Buchst. b NIS-2-Richtlinie)",
        "nis2-progress-report-sent": "wir haben einen Fortschrittsbericht an das CSIRT übermittelt (Art. 23 "
        "Abs. 4 Buchst. e NIS-2-Richtlinie)",
        "nis2-incident-handled": "wir haben die Bearbeitung des Vorfalls abgeschlossen (Art. 23 Abs. 4 Buchst. e "
        "NIS-2-Richtlinie)",
        "nis2-final-report-sent": "wir haben unseren Abschlussbericht an das CSIRT übermittelt (Art. 23 Abs. 4 "
        "Buchst. d NIS-2-Richtlinie)",
    },
    "field": {
        "narrative.nature": "Art der Verletzung",
        "facts.breach_types": "Typ der Verletzung",
        "facts.data_categories": "Kategorien personenbezogener Daten",
        "facts.data_subjects": "ungefähre Zahl betroffener Personen im gesamten Vorfall",
        "facts.data_subjects_max": "Höchstzahl betroffener Personen im gesamten Vorfall",
        "facts.records": "Zahl der betroffenen personenbezogenen Datensätze",
        "facts.vulnerable_subjects": "schutzbedürftige betroffene Personen (z. B. Kinder, Patienten)",
        "facts.identifiability": "Identifizierbarkeit",
        "facts.unintelligible": "Daten für Unbefugte unzugänglich (z. B. verschlüsselt, Schlüssel nicht "
        "kompromittiert)",
        "facts.malicious": "böswillige Handlung",
        "facts.exfiltration": "Abfluss der Daten (Exfiltration)",
        "facts.recipients": "Empfänger der Daten",
        "facts.recipient_count": "Zahl der Empfänger",
        "facts.data_retrieved": "Daten vom Empfänger zurückerlangt",
        "facts.integrity_recoverable": "veränderte Daten wiederherstellbar",
        "facts.availability": "Verfügbarkeit der Daten",
        "narrative.likely_consequences": "wahrscheinliche Folgen",
        "narrative.measures_taken": "ergriffene Maßnahmen",
        "narrative.measures_proposed": "vorgeschlagene Maßnahmen",
        "narrative.contact_point": "Anlaufstelle",
        "narrative.ongoing": "noch andauernd",
        "narrative.not_yet_known": "noch nicht bekannte Angaben",
        "narrative.failed_measures": "versagte Maßnahmen (Anhang zum Auftragsverarbeitungsvertrag)",
    },
    "measure": {
        "physical_access": "Zutrittskontrolle (kein unbefugter Zutritt zu Datenverarbeitungsanlagen)",
        "electronic_access": "Zugangskontrolle (keine unbefugte Nutzung der Verarbeitungs- und Speichersysteme)",
        "internal_access": "Zugriffskontrolle (kein unbefugtes Lesen, Kopieren, Verändern oder Entfernen innerhalb "
        "der Systeme)",
        "isolation": "Trennungskontrolle (getrennte Verarbeitung von Daten, die zu unterschiedlichen Zwecken erhoben "
        "wurden)",
        "pseudonymisation": "Pseudonymisierung",
        "transfer_control": "Weitergabekontrolle (kein unbefugter Zugriff auf Daten bei der Übertragung oder beim "
        "Transport)",
        "entry_control": "Eingabekontrolle (wer personenbezogene Daten eingegeben, verändert oder entfernt hat, und "
        "wann)",
        "availability_control": "Verfügbarkeitskontrolle (Schutz gegen zufällige oder mutwillige Zerstörung oder "
        "Verlust)",
        "rapid_recovery": "rasche Wiederherstellung (Verfügbarkeit der Daten und Zugang zu ihnen rasch "
        "wiederhergestellt)",
        "data_protection_management": "Datenschutz-Management",
        "incident_response": "Incident-Response-Management",
        "privacy_by_design": "Datenschutz durch Technikgestaltung und durch datenschutzfreundliche Voreinstellungen",
        "order_control": "Auftragskontrolle (keine weitere Auftragsverarbeitung ohne Weisung des Verantwortlichen)",
    },
    "measure_group": {
        "confidentiality": "Vertraulichkeit",
        "integrity": "Integrität",
        "availability": "Verfügbarkeit",
        "resilience": "Belastbarkeit",
        "testing": "regelmäßige Überprüfung, Bewertung und Evaluierung",
    },
    "pack": {
        "authority": "Entwürfe der Meldungen an die Aufsichtsbehörden (Art. 33 Abs. 3 DSGVO)",
        "subjects": "Entwurf der Benachrichtigung der betroffenen Personen (Art. 34 Abs. 2 DSGVO)",
        "dpia": "Unterstützung bei Ihrer Datenschutz-Folgenabschätzung (Art. 35 Abs. 7 DSGVO)",
    },
    "removed_item": {
        "incident.description": "Beschreibung des Vorfalls",
        "incident.dismissal_reason": "Grund, aus dem der Vorfall verworfen wurde",
        "narrative.nature": "Beschreibung der Art der Verletzung",
        "narrative.likely_consequences": "Beschreibung der wahrscheinlichen Folgen",
        "narrative.measures_taken": "Beschreibung der ergriffenen Maßnahmen",
        "narrative.measures_proposed": "Beschreibung der vorgeschlagenen Maßnahmen",
        "narrative.contact_point": "Anlaufstelle, wie beschrieben",
        "override.reason": "Grund für eine angepasste Risikoempfehlung",
        "case.acknowledged_by": "Name einer Person, die einen Vorgang bestätigt hat",
        "report.reason": "Begründung einer mitgeteilten Entscheidung",
        "report.delay_reasons": "Gründe für eine Verzögerung",
        "deadline.late_reasons": "Gründe für eine versäumte Frist",
        "notice.customer": "Kundenname in einer internen Warnung",
        "notice.note": "Notiz in einer Frühwarnung",
        "notice.reason": "in einer Nachricht angegebener Grund",
        "notice.service_impact": "Beschreibung der Auswirkungen auf einen Dienst",
        "notice.summary": "Zusammenfassung einer mitgeteilten Entscheidung in einer Abschlussmitteilung",
        "notice.before": "früherer Text in einer Folgemeldung",
        "notice.after": "neuer Text in einer Folgemeldung",
        "notice.last_error": "Fehlermeldung bei der Zustellung einer Nachricht",
        "notice.acknowledged_by": "Name einer Person, die eine Nachricht bestätigt hat",
        "attempt.reason": "Fehlermeldung eines Zustellversuchs",
        "sent_message.content": "Inhalt einer gesendeten Nachricht (ihr SHA-256-Wert bleibt erhalten)",
        "task.title": "Bezeichnung einer Unterstützungsaufgabe",
        "task.decision_reason": "Begründung der Entscheidung über die Abrechnung einer Unterstützungsaufgabe",
        "task_time.who": "wer Zeit für eine Unterstützungsaufgabe aufgewendet hat",
        "task_time.note": "Notiz zur Zeit, die für eine Unterstützungsaufgabe aufgewendet wurde",
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
        "support_pack": "support packs for your case",
        "destruction": "record of destruction of personal data",
    },
    # Sentences of breach.risk_reasons.REASONS, with the same params as their English line (a test checks
    # it); a code param (recipients, severity, risk) is printed as its label, a number in the language's way.
    "reason": {
        "confidentiality_contained": "Nobody obtained the data, or their exfiltration is ruled out: "
        "confidentiality is not at stake.",
        "limited_disclosure": "Ordinary data of %(data_subjects)s people reached recipients without malicious "
        "intent (%(recipients)s): a small, contained disclosure is unlikely to result in a risk.",
        "recipients_unlimited": "The data reached %(recipient_count)s recipients: a set that large counts as "
        "unlimited.",
        "special_category_presumption": "Special-category or criminal-offence data left the controller's "
        "control: damage is presumed.",
        "special_category_disclosed": "Special-category or criminal-offence data reached people not bound to "
        "confidentiality: high risk.",
        "special_category_reveals_little": "The special-category or criminal-offence data reveal little "
        "(DPC %(dpc)s): the presumption of damage does not apply.",
        "sensitive_data_disclosed": "Financial or similarly sensitive data (DPC \u00d7 EI %(data_severity)s) left the "
        "controller's control.",
        "sensitive_data_unknown_holders": "Financial or similarly sensitive data (DPC \u00d7 EI %(data_severity)s) "
        "may be in unknown hands: fraud is likely, high risk.",
        "large_number_of_people": "The data of %(data_subjects)s people left the controller's control: the "
        "number raises the risk.",
        "malicious_holder": "Someone with malicious intent (or whose intent is not yet known) holds the data: "
        "misuse is to be expected.",
        "malicious_sensitive": "A malicious holder obtained financial or similarly sensitive data: fraud or "
        "identity theft is likely, high risk.",
        "malicious_many": "An attacker or thief took identifying data of %(data_subjects)s people (at least "
        "%(many_subjects)s): high risk.",
        "malicious_revealing": "An attacker or thief took data that reveal more than identity and contact "
        "details (DPC \u00d7 EI %(data_severity)s): high risk.",
        "fraud_data_disclosed": "National identification numbers or credentials left the controller's control: "
        "they open the way to identity fraud or account takeover.",
        "fraud_data_many": "National identification numbers or usable credentials of %(data_subjects)s people "
        "left the controller's control: identity fraud or account takeover at scale, high risk.",
        "unknown_recipients_intent": "Unknown parties obtained or could obtain the data: the controller cannot "
        "know their intent, so the risk cannot be called low.",
        "mass_exposure": "Identifying data of %(data_subjects)s people (at least %(mass_subjects)s) may be in "
        "unknown hands: high risk.",
        "published_data": "Data beyond contact details were published: anyone can use them, high risk.",
        "enisa_very_high": "The ENISA severity (%(severity_score)s) is very high and the data left the "
        "controller's control: high risk.",
        "trusted_recipient": "The only recipient is known and bound to confidentiality: the risk is not high.",
        "trusted_recipient_deleted": "The recipient is bound to confidentiality and confirmed deletion: unlikely "
        "to result in a risk.",
        "data_retrieved": "The data were returned, deleted with confirmation, or wiped by the known recipients: "
        "the risk is not high.",
        "integrity_recoverable": "The altered data can be restored to their correct state: no lasting effect on "
        "people.",
        "integrity_sensitive_altered": "Financial, health or other sensitive records, or records of vulnerable "
        "people, were altered: even if they can be restored, decisions may have been taken on wrong data "
        "meanwhile.",
        "integrity_not_recoverable": "The altered data cannot be restored (or that is not yet known): wrong data "
        "stay in use.",
        "integrity_not_recoverable_sensitive": "Medical, financial or other sensitive records, or those of "
        "vulnerable people, were altered beyond recovery: high risk.",
        "integrity_recoverability_unknown": "Whether the altered data can be restored is not yet known: they are "
        "assessed as not recoverable.",
        "availability_restored": "The data were restored quickly, with no consequences for people: unlikely to "
        "result in a risk.",
        "availability_loss_affects_people": "The data are not back in time for the people who need them: a loss "
        "of availability alone is a risk.",
        "availability_permanent": "The data are lost for good.",
        "availability_harms_care": "Health or other special-category data, or data of vulnerable people, are "
        "unavailable: care or those people are harmed, high risk.",
        "availability_permanent_mass_sensitive": "Financial or similarly sensitive data of %(data_subjects)s "
        "people are lost for good: high risk.",
        "malicious_assumed": "Whether the breach was malicious is not yet known: it is assessed as malicious.",
        "vulnerable_subjects": "Vulnerable people (such as children or patients) are affected.",
        "unintelligible_key_safe": "The data were unintelligible to anyone unauthorised (state-of-the-art "
        "encryption or salted hashing, key or salt safe): their confidentiality and integrity are not at stake.",
        "enisa_severity": "ENISA severity %(severity_score)s (%(severity)s): DPC %(dpc)s \u00d7 EI "
        "%(ease_of_identification)s + CB %(circumstances)s.",
        "outcome_unlikely": "Unlikely to result in a risk to people's rights and freedoms: no notification to "
        "the supervisory authority.",
        "notify_authority": "Outcome: %(risk)s. Notify the supervisory authority within 72 hours of becoming "
        "aware of the breach.",
        "no_communication_not_high": "The risk is not high: no communication to the data subjects is required.",
        "communicate_individually": "High risk: tell each data subject without undue delay, in clear and plain "
        "language.",
        "communicate_publicly": "High risk, and contacting each person would involve disproportionate effort: a "
        "public communication informs them instead.",
        "exemption_unintelligible": "Without the encryption or hashing the risk would be high; as the data were "
        "unintelligible, no communication to the data subjects is required.",
        "exemption_subsequent_measures": "Measures taken since the breach ensure that the high risk is no longer "
        "likely to materialise: no communication to the data subjects is required; the supervisory authority "
        "is still notified.",
        "register": "Record the breach, its effects, the remedial action taken and this reasoning in the "
        "register of breaches.",
    },
    "exemption": {
        "34(3)(a)": "GDPR Art. 34(3)(a): the data were unintelligible to anyone not authorised to access them, "
        "for example through state-of-the-art encryption whose key was not compromised",
        "34(3)(b)": "GDPR Art. 34(3)(b): measures taken since the breach ensure that the high risk to the data "
        "subjects' rights and freedoms is no longer likely to materialise",
    },
    "channel": {
        "individual": "individually: each data subject directly (GDPR Art. 34(1))",
        "public": "by a public communication or a similar measure that informs the data subjects as "
        "effectively, as contacting each of them would involve disproportionate effort (GDPR Art. 34(3)(c))",
    },
    "alert": {
        "deadline_at_risk": "deadline at risk",
        "deadline_overdue": "deadline overdue",
        "delivery_failed": "notice not delivered",
        "facts_worsened": "risk increased after new facts",
        "unacknowledged": "notice not acknowledged",
        "contact_check_failed": "contact check failed",
    },
    # breach.events.EVENTS: what the customer reported to us, or what we did as a NIS2 entity.
    "event": {
        "authority-notified": "you notified your supervisory authority (GDPR Art. 33(1))",
        "follow-up-sent": "you sent further information to your supervisory authority (GDPR Art. 33(4))",
        "authority-not-notified": "you decided not to notify your supervisory authority (GDPR Art. 33(1) and (5))",
        "high-risk-established": "you established a high risk to the data subjects (GDPR Art. 34(1))",
        "subjects-informed": "you informed the data subjects (GDPR Art. 34)",
        "subjects-not-informed": "you decided not to inform the data subjects (GDPR Art. 34(3))",
        "consultation-received": "the supervisory authority received your request for prior consultation "
        "(GDPR Art. 36)",
        "extension-announced": "the supervisory authority extended the consultation period (GDPR Art. 36(2))",
        "suspension-started": "the supervisory authority suspended the consultation period (GDPR Art. 36(2))",
        "suspension-ended": "the consultation period runs again (GDPR Art. 36(2))",
        "advice-received": "you received the supervisory authority's written advice (GDPR Art. 36(2))",
        "dora-classified": "you classified the incident as a major ICT-related incident (DORA Art. 18)",
        "dora-initial-sent": "you sent the initial notification under DORA (DORA Art. 19(4)(a))",
        "dora-intermediate-sent": "you sent an intermediate report under DORA (DORA Art. 19(4)(b))",
        "dora-final-sent": "you sent the final report under DORA (DORA Art. 19(4)(c))",
        "nis2-significant": "we found the incident significant (NIS2 Art. 23(3))",
        "nis2-early-warning-sent": "we sent our early warning to the CSIRT (NIS2 Art. 23(4)(a))",
        "nis2-notification-sent": "we sent our incident notification to the CSIRT (NIS2 Art. 23(4)(b))",
        "nis2-progress-report-sent": "we sent a progress report to the CSIRT (NIS2 Art. 23(4)(e))",
        "nis2-incident-handled": "we finished handling the incident (NIS2 Art. 23(4)(e))",
        "nis2-final-report-sent": "we sent our final report to the CSIRT (NIS2 Art. 23(4)(d))",
    },
    # breach.diffing.FIELDS: the fields an update lists as changed. The numbers there are the whole
    # incident's, not the customer's own share (which the facts section shows).
    "field": {
        "narrative.nature": "nature of the breach",
        "facts.breach_types": "type of breach",
        "facts.data_categories": "categories of personal data",
        "facts.data_subjects": "number of data subjects in the whole incident (approximate)",
        "facts.data_subjects_max": "maximum number of data subjects in the whole incident",
        "facts.records": "number of records concerned",
        "facts.vulnerable_subjects": "vulnerable data subjects (e.g. children, patients)",
        "facts.identifiability": "ease of identification",
        "facts.unintelligible": "data unintelligible to unauthorised persons (e.g. encrypted, key not compromised)",
        "facts.malicious": "malicious action",
        "facts.exfiltration": "exfiltration of the data",
        "facts.recipients": "recipients of the data",
        "facts.recipient_count": "number of recipients",
        "facts.data_retrieved": "data retrieved from the recipient",
        "facts.integrity_recoverable": "altered data recoverable",
        "facts.availability": "availability of the data",
        "narrative.likely_consequences": "likely consequences",
        "narrative.measures_taken": "measures taken",
        "narrative.measures_proposed": "measures proposed",
        "narrative.contact_point": "contact point",
        "narrative.ongoing": "still ongoing",
        "narrative.not_yet_known": "items not yet known",
        "narrative.failed_measures": "measures that failed (appendix to the data processing agreement)",
    },
    # breach.measures.MEASURES: the DPA appendix's measures; measure_group its headings (Art. 32(1)).
    "measure": {
        "physical_access": "physical access control (no unauthorised access to data-processing facilities)",
        "electronic_access": "electronic access control (no unauthorised use of processing and storage systems)",
        "internal_access": "internal access control (no unauthorised reading, copying, changing or deleting within "
        "the systems)",
        "isolation": "isolation control (data collected for different purposes are processed separately)",
        "pseudonymisation": "pseudonymisation",
        "transfer_control": "data transfer control (no unauthorised access to data in transfer or transport)",
        "entry_control": "data entry control (who entered, changed or deleted personal data, and when)",
        "availability_control": "availability control (protection against accidental or wilful destruction or loss)",
        "rapid_recovery": "rapid recovery (availability of and access to the data restored in a timely manner)",
        "data_protection_management": "data protection management",
        "incident_response": "incident response management",
        "privacy_by_design": "data protection by design and by default",
        "order_control": "order or contract control (no sub-processing without the controller's instructions)",
    },
    "measure_group": {
        "confidentiality": "confidentiality",
        "integrity": "integrity",
        "availability": "availability",
        "resilience": "resilience",
        "testing": "regular testing, assessment and evaluation",
    },
    # notifications.packs.PACK_KINDS, as a support-pack notice lists them.
    "pack": {
        "authority": "draft notifications to the supervisory authorities (GDPR Art. 33(3))",
        "subjects": "draft communication to the data subjects (GDPR Art. 34(2))",
        "dpia": "support for your data protection impact assessment (GDPR Art. 35(7))",
    },
    # breach.retention.REMOVED_ITEMS: what a record of destruction counts (DPA clause 10(2)).
    "removed_item": {
        "incident.description": "description of the incident",
        "incident.dismissal_reason": "reason for dismissing the incident",
        "narrative.nature": "description of the nature of the breach",
        "narrative.likely_consequences": "description of the likely consequences",
        "narrative.measures_taken": "description of the measures taken",
        "narrative.measures_proposed": "description of the measures proposed",
        "narrative.contact_point": "contact point as written",
        "override.reason": "reason for an adjusted risk recommendation",
        "case.acknowledged_by": "name of a person who acknowledged a case",
        "report.reason": "reason given for a reported decision",
        "report.delay_reasons": "reasons given for a delay",
        "deadline.late_reasons": "reasons recorded for a missed deadline",
        "notice.customer": "customer name in an internal alert",
        "notice.note": "note in an early warning",
        "notice.reason": "reason stated in a notice",
        "notice.service_impact": "description of the impact on a service",
        "notice.summary": "summary of a reported decision in a closing notice",
        "notice.before": "earlier text in an update",
        "notice.after": "new text in an update",
        "notice.last_error": "delivery error message of a notice",
        "notice.acknowledged_by": "name of a person who acknowledged a notice",
        "attempt.reason": "delivery error message of an attempt",
        "sent_message.content": "content of a sent message (its SHA-256 is kept)",
        "task.title": "what a support task was about",
        "task.decision_reason": "reason for the decision on billing a support task",
        "task_time.who": "who spent time on a support task",
        "task_time.note": "note on the time spent on a support task",
    },
}

LABELS: Final[Mapping[str, Mapping[str, Mapping[str, str]]]] = {"nl": _NL, "fr": _FR, "de": _DE, "en": _EN}

# Reason params whose value is a code (``breach.risk_rules.params``): shown through this label group.
REASON_PARAM_GROUPS: Final[Mapping[str, str]] = {"recipients": "recipients", "severity": "severity", "risk": "risk"}
