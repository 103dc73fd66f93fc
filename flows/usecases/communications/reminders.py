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
from typing import Any, Final

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.notices.escalation import ALERT, RESEND, due_escalations
from breach.notices.kinds import KINDS
from breach.notices.store import queue as notices
from breach.vocabulary import Language, NoticeStatus
from flows.usecases.escalation import EscalationCounts, chain_of, keep_record, record_step

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
        record: dict[str, Any] = dict(notice.details.get("escalations") or {})
        origin = datetime.fromisoformat(record["origin"]) if "origin" in record else notice.delivered_at
        if origin is None:  # pragma: no cover - the query selects delivered notices only
            continue
        done = set(record.get("done", []))
        due = due_escalations(origin, now, chain_of(customer), done)
        if not due:
            continue
        allowed = KINDS[notice.kind].detail_levels
        contacts = [c for c in repository.contacts_of(customer.id, session=session) if c.detail in allowed]
        alerts = int(record.get("alerts", 0))
        history = list(record.get("history", []))
        for step in due:
            ids = [c.id for c in contacts]
            after = ids.index(notice.contact_id) + 1 if notice.contact_id in ids else len(ids)
            target = contacts[after] if step.action == RESEND and after < len(contacts) else None
            action = RESEND if target is not None else ALERT
            if target is not None:
                notice.status = NoticeStatus.PENDING
                notice.contact_id = target.id
                notice.next_attempt_at = now
                notice.last_error = None
                counts.resent += 1
            else:
                alerts += 1
                notices.queue_internal(
                    session=session,
                    now=now,
                    alert="unacknowledged",
                    cause=f"{notice.notice_key}.{step.key}",
                    language=internal_language,
                    details={
                        "reference": communication.reference,
                        "customer": customer.name,
                        "notice_key": notice.notice_key,
                        "account_manager": customer.account_manager or None,
                        "due_at": step.at.isoformat(),
                        "count": alerts,
                    },
                )
                counts.alerted += 1
            counts.covered += len(step.covers)
            done |= {step.key, *step.covers}
            record_step(
                notice, step, action, target, actor=actor, now=now, history=history, counts=counts, session=session
            )
        keep_record(notice, origin=origin, done=done, alerts=alerts, history=history, session=session)
    session.flush()
    return counts
