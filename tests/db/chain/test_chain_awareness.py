"""Our awareness of a breach our sub-processor reported runs from its notice's receipt (issue 21).

GDPR Art. 33(2) and DPA clause 8: we, the processor, become aware when our sub-processor's notice reaches us,
so ``breach confirm`` takes that moment unless the operator names another one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from breach.chain.store.subprocessors import by_name
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.vocabulary import Language
from flows.usecases.chain.directory import import_subprocessors
from flows.usecases.chain.intake import receive
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.api.chain.chain_world import SUBPROCESSORS
from tests.factories import NARRATIVE, customer, directory
from tests.record_world import FACTS

RECEIVED = datetime(2026, 3, 27, 8, 40, tzinfo=UTC)
CONFIRMED = RECEIVED + timedelta(hours=3)
NOTICE: dict[str, Any] = {
    "notice_key": "MF-2026-17",
    "what_happened": "A relay node forwarded mail to a wrong tenant.",
    "aware_at": "2026-03-27T08:30:00+00:00",
    "services": ["relay-eu"],
}


def world(session: Session) -> None:
    import_directory(directory(customer()), session=session, actor="t", now=RECEIVED - timedelta(days=2), source="t")
    import_subprocessors(SUBPROCESSORS, session=session, actor="t", now=RECEIVED - timedelta(days=1), source="t")


def facts(reference: str, session: Session) -> None:
    narrative = {"title": "Relay misdelivery", **NARRATIVE}
    record_facts(reference, {"facts": FACTS, "narrative": narrative}, session=session, actor="sec", now=CONFIRMED)


def reported_by_subprocessor(session: Session) -> str:
    world(session)
    mailflow = by_name("Mailflow Relay BV", session=session)
    answer = receive(NOTICE, subprocessor=mailflow, session=session, actor="t", now=RECEIVED, language=Language.EN)
    facts(answer.reference, session)
    session.commit()
    return answer.reference


def test_confirm_takes_the_receipt_of_our_subprocessors_notice_as_our_awareness(session: Session) -> None:
    reference = reported_by_subprocessor(session)
    confirm_incident(reference, session=session, actor="dpo", now=CONFIRMED, fallback_language=Language.EN)
    session.commit()
    session.expire_all()
    incident = repository.incident_by_reference(reference, session=session)
    assert incident.aware_at == RECEIVED
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event_type == "incident.confirmed")).all()
    assert event.data["aware_at"] == RECEIVED.isoformat()


def test_an_awareness_the_operator_names_wins(session: Session) -> None:
    reference = reported_by_subprocessor(session)
    named = RECEIVED + timedelta(minutes=50)
    confirm_incident(
        reference, session=session, actor="dpo", now=CONFIRMED, aware_at=named, fallback_language=Language.EN
    )
    session.commit()
    assert repository.incident_by_reference(reference, session=session).aware_at == named


def test_an_incident_no_subprocessor_reported_is_aware_at_its_confirmation(session: Session) -> None:
    world(session)
    draft = IncidentDraft("Relay misdelivery", "Mail went astray.", ["mail-hosting"], RECEIVED)
    reference = open_incident(draft, session=session, actor="sec", now=RECEIVED).reference
    facts(reference, session)
    confirm_incident(reference, session=session, actor="dpo", now=CONFIRMED, fallback_language=Language.EN)
    session.commit()
    assert repository.incident_by_reference(reference, session=session).aware_at == CONFIRMED
