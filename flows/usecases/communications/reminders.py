"""Reminders for communications nobody acknowledged: the customer's escalation chain, as for a breach.

A communication's notice that was delivered and that nobody acknowledged climbs its customer's chain
(``breach.notices.escalation``, counted from the first delivery): ``resend_next_contact`` sends the same
notice (same key) through the customer's next contact the kind allows (a request: full-detail ones only);
with none left, or at an ``alert_internal`` step, our DPO gets an ``unacknowledged`` alert. Each step is a
``notice.escalated`` audit event and is kept in ``notice.details["escalations"]``, so a re-run acts on nothing
twice. Called by ``breach communications remind`` and by the watchdog's pass (``flows.orchestration.watchdog``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.notices.escalation import RESEND, due_escalations
from breach.notices.kinds import KINDS
from breach.vocabulary import Language, NoticeStatus
from flows.usecases.escalation import EscalationCounts, chain_of, climb_of, keep_record, next_contact, take_step

ACTOR: Final = "escalation"


def unacknowledged(*, session: Session) -> list[tuple[Notice, Customer, Communication]]:
    """Delivered communication notices nobody acknowledged; not those in flight right now."""
    rows = session.exec(
        select(Notice, Customer, Communication)
        .join(CommunicationRecipient, col(CommunicationRecipient.notice_id) == col(Notice.id))
        .join(Communication, col(Communication.id) == col(CommunicationRecipient.communication_id))
        .join(Customer, col(Customer.id) == col(Notice.customer_id))
        .where(col(Notice.delivered_at).is_not(None))
        .where(col(Notice.acknowledged_at).is_(None))
        .where(col(Notice.status) != NoticeStatus.SENDING.value)
        .order_by(col(Notice.delivered_at), col(Notice.id))
        .with_for_update(of=Notice, skip_locked=True)
    ).all()
    return [(n, customer, communication) for n, customer, communication in rows]


def remind(*, session: Session, now: datetime, internal_language: Language, actor: str = ACTOR) -> EscalationCounts:
    """Do every reminder step due at ``now``; flushes, never commits. Returns what was done."""
    counts = EscalationCounts()
    for notice, customer, communication in unacknowledged(session=session):
        counts.examined += 1
        climb = climb_of(notice)
        if climb is None:  # pragma: no cover - the query selects delivered notices only
            continue
        due = due_escalations(climb.origin, now, chain_of(customer), climb.done)
        if not due:
            continue
        allowed = KINDS[notice.kind].detail_levels
        contacts = [c for c in repository.contacts_of(customer.id, session=session) if c.detail in allowed]
        for step in due:
            target = next_contact(contacts, notice.contact_id) if step.action == RESEND else None
            take_step(
                notice,
                step,
                target,
                climb,
                customer=customer,
                incident=None,
                alert_details={"reference": communication.reference},
                actor=actor,
                now=now,
                internal_language=internal_language,
                counts=counts,
                session=session,
            )
        keep_record(notice, climb, session=session)
    session.flush()
    return counts
