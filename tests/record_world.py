"""A confirmed, delivered breach with reported decisions: the world the record, evidence and pack tests read.

Fictional organisations only (example.org); four customers in four languages and authorities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.incidents.narrative import TEXT_ITEMS
from breach.incidents.store.recorded import record_event
from breach.vocabulary import Language
from flows import db as flows_db
from flows.risk_wiring import assessor
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import override_risk, record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from notifications.channels.channel import RecordingChannel
from notifications.delivery.sender import deliver_batch
from tests.factories import NARRATIVE, SENDER, customer, directory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday: our awareness
DELIVERED = T0 + timedelta(minutes=5)
NOW = T0 + timedelta(days=10)
BREWERY = "Brouwerij Voorbeeld BV"
BAKERY = "Boulangerie Exemple SA"
DUTCH = "Bakkerij Voorbeeld BV"
GERMAN = "Beispiel GmbH"
# The text written for the people affected (GDPR Art. 34(2)): the data-subject letter's only free text.
SUBJECTS_TEXT = "Your name and e-mail address may have been read by an intruder in our mail service."
FACTS: dict[str, Any] = {
    "breach_types": ["confidentiality"],
    "data_categories": ["contact", "credentials", "financial"],
    "data_subjects": 1200,
    "data_subjects_max": 1500,
    "records": 4000,
    "exfiltration": "confirmed",
    "malicious": True,
}


@dataclass
class World:
    session: Session
    engine: Engine
    incident: Incident
    cases: dict[str, tuple[ControllerCase, Customer]]

    def reload(self) -> None:
        self.session.expire_all()
        self.incident = repository.incident_by_reference(self.incident.reference, session=self.session)
        self.cases = {c.name: (case, c) for case, c in repository.cases_of(self.incident.id, session=self.session)}


def _decided(world: World, name: str, event: str, *, hours: int, details: dict[str, str]) -> None:
    """``name``'s decision about the authority, recorded by our DPO ``hours`` after the first notices arrived."""
    case, cust = world.cases[name]
    record_event(
        session=world.session,
        incident=world.incident,
        case=case,
        customer=cust,
        event=event,
        at=DELIVERED + timedelta(hours=hours),
        details=details,
        actor="dpo@example.org",
        now=NOW,
    )


def build(session: Session, engine: Engine, *, close: bool = False) -> World:
    """Import, open, record facts, confirm, deliver, record decisions (one late), override one case."""
    hook = "json://127.0.0.1:9/"
    customers = (
        customer(BREWERY, contacts=[hook + "brewery"], other_authorities=["NL-AP"]),
        customer(BAKERY, language="fr", timezone="Europe/Paris", lead_authority="FR-CNIL", contacts=[hook + "fr"]),
        customer(DUTCH, timezone="Europe/Amsterdam", lead_authority="NL-AP", contacts=[hook + "nl"]),
        # A private company in Berlin answers to the Berlin authority (BDSG § 40), not to the BfDI.
        customer(GERMAN, language="de", timezone="Europe/Berlin", lead_authority="DE-BE", contacts=[hook + "de"]),
    )
    import_directory(directory(*customers), session=session, actor="t", now=T0 - timedelta(days=1), source="seed")
    draft = IncidentDraft(
        "Mail cluster intrusion", "Mailboxes read by an intruder.", ["mail-hosting"], T0 - timedelta(hours=2)
    )
    incident = open_incident(draft, session=session, actor="soc@example.org", now=T0 - timedelta(hours=1))
    narrative = {k: v for k, v in NARRATIVE.items() if k != "not_yet_known"}
    narrative["measures_proposed"] = "Enforce two-factor authentication."
    narrative["for_data_subjects"] = SUBJECTS_TEXT
    # Every text in each customer's language (here the same words), as confirming asks (breach.incidents.languages).
    narrative = {k: {lang.value: v for lang in Language} if k in TEXT_ITEMS else v for k, v in narrative.items()}
    narrative["title"] = {lang.value: "Mail cluster intrusion" for lang in Language}
    record_facts(
        incident.reference,
        {"facts": FACTS, "narrative": narrative},
        session=session,
        actor="dpo@example.org",
        now=T0 - timedelta(minutes=30),
    )
    confirm_incident(incident.reference, session=session, actor="dpo@example.org", now=T0, assessor=assessor())
    session.commit()
    deliver_batch(
        unit_of_work=partial(flows_db.unit_of_work, engine),
        channel=RecordingChannel(),
        sender=SENDER,
        clock=FixedClock(DELIVERED),
        limit=100,
    )
    session.expire_all()
    world = World(session, engine, incident, {})
    world.reload()
    details = {"authority_reference": "GBA-2026-0042", "delay_reasons": "Waited for the forensic report."}
    _decided(world, BREWERY, "authority-notified", hours=80, details=details)  # late: past the 72 hours
    _decided(
        world, DUTCH, "authority-not-notified", hours=20, details={"reason": "Only hashed passwords of test accounts."}
    )
    override_risk(
        world.incident.reference,
        "high",
        "Financial data of customers of a bank.",
        session=session,
        actor="dpo@example.org",
        now=NOW,
        customer=BAKERY,
    )
    session.commit()
    if close:
        from flows.usecases import lifecycle  # noqa: PLC0415  (only the retention tests close)

        lifecycle.close(world.incident.reference, session=session, actor="dpo@example.org", now=NOW)
        session.commit()
    world.reload()
    return world


def everywhere(narrative: Mapping[str, Any] | None, **texts: str) -> dict[str, Any]:
    """``narrative`` (as stored) with each of ``texts`` in every language it is held in."""
    out = {**(narrative or {}), **texts}
    out["translations"] = {lang: {**held, **texts} for lang, held in (out.get("translations") or {}).items()}
    return out
