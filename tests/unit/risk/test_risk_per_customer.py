"""Each case is assessed with the data its customer keeps on the breached services (flows.risk_wiring).

The Mutuelle-like case: the incident's facts, written for every customer of the mail service, name contact
data only; one customer keeps bank account details there. Its draft names financial data
(notifications.context.build.facts_view), so its risk reasons must weigh them too, at confirmation and
again when the facts change; the other customer's assessment stays on the incident's facts alone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from breach.db import repository
from breach.vocabulary import Language
from flows.risk_wiring import assess_for_customer, assessor
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.factories import NARRATIVE, customer, directory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MUTUELLE = "Mutuelle Exemple de Lyon"
BREWERY = "Brouwerij Voorbeeld BV"
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact"],
    "data_subjects": 500,
    "exfiltration": "cannot_rule_out",
    "malicious": True,
}


def _world(session: Session) -> str:
    mail = "mail-hosting"
    customers = (
        customer(BREWERY, services=[{"code": mail, "data_subjects": 500, "data": ["name", "contact_details"]}]),
        customer(
            MUTUELLE,
            language="fr",
            timezone="Europe/Paris",
            lead_authority="FR-CNIL",
            services=[{"code": mail, "data_subjects": 500, "data": ["name", "bank_account"]}],
        ),
    )
    import_directory(directory(*customers), session=session, actor="t", now=T0 - timedelta(days=1), source="seed")
    draft = IncidentDraft("Mail cluster intrusion", "Mailboxes read by an intruder.", [mail], T0 - timedelta(hours=2))
    incident = open_incident(draft, session=session, actor="soc@example.org", now=T0 - timedelta(hours=1))
    return incident.reference


def _reasons(session: Session, reference: str) -> dict[str, dict[str, Any]]:
    incident = repository.incident_by_reference(reference, session=session)
    return {c.name: case.assessment or {} for case, c in repository.cases_of(incident.id, session=session)}


def _codes(assessment: dict[str, Any]) -> set[str]:
    return {reason["code"] for reason in assessment["reasons"]}


def test_the_customers_own_data_kinds_weigh_in_its_assessment(session: Session) -> None:
    reference = _world(session)
    narrative = {k: v for k, v in NARRATIVE.items() if k != "not_yet_known"}
    record_facts(reference, {"facts": FACTS}, session=session, actor="dpo@example.org", now=T0 - timedelta(minutes=9))
    record_facts(
        reference, {"narrative": narrative}, session=session, actor="dpo@example.org", now=T0 - timedelta(minutes=8)
    )
    # The texts are English only: the customers get them with a translation promised (not what is tested here).
    by = "dpo@example.org"
    confirm_incident(reference, session=session, actor=by, now=T0, assessor=assessor(), fallback_language=Language.EN)
    at_confirmation = _reasons(session, reference)
    # The incident's facts alone: contact data, DPC 1; the Mutuelle's bank accounts: financial data, DPC 3.
    assert at_confirmation[BREWERY] == assess_for_customer(FACTS, 500)
    assert at_confirmation[BREWERY]["dpc"] == 1.0
    assert at_confirmation[MUTUELLE] == assess_for_customer(FACTS, 500, ["bank_account"])
    assert at_confirmation[MUTUELLE]["dpc"] == 3.0
    assert "malicious_sensitive_possible" in _codes(at_confirmation[MUTUELLE])
    assert "malicious_sensitive_possible" not in _codes(at_confirmation[BREWERY])

    # Re-assessment after new facts keeps weighing each customer's own data.
    changed = {**FACTS, "data_subjects": 400}
    update = record_facts(
        reference, {"facts": changed}, session=session, actor="dpo@example.org", now=T0 + timedelta(1)
    )
    assert len(update.reassessed) == 2
    after = _reasons(session, reference)
    assert after[MUTUELLE]["dpc"] == 3.0
    assert after[BREWERY]["dpc"] == 1.0


def test_a_kind_adding_no_category_leaves_the_incidents_categories() -> None:
    assert assess_for_customer(FACTS, 500, ["public_information", "system_configuration"]) == assess_for_customer(
        FACTS, 500
    )
