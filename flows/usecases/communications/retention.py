"""A data subject's request removed once its retention period is over (DPA clause 10; GDPR Art. 5(1)(e)).

The request is the person's data. Counted from its receipt (``BREACH_REQUEST_RETENTION_DAYS``), the text goes
from the communication, from its notices' stored details and from the messages as sent; the SHA-256 of each
stays (``content_sha256``, ``SentMessage.sha256``), so the evidence pack still proves what was forwarded,
when, to whom. One ``communication.purged`` audit event per request. Called by ``breach retention run``'s
sibling ``breach communications purge`` and idempotent: a purged request is not touched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlmodel import Session, col, select

from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.outbox import Notice, SentMessage
from breach.records.retention import is_due, placeholder
from breach.records.store import audit

# A year: the controller's month (Art. 12(3)), its possible two-month extension and the time to settle a
# complaint about the answer are long past; the hashes keep the proof beyond it.
DEFAULT_REQUEST_RETENTION_DAYS: Final = 365


@dataclass(frozen=True, slots=True)
class Purged:
    reference: str
    notices: int
    sent_messages: int


def purge_requests(*, session: Session, now: datetime, days: int, actor: str = "retention") -> list[Purged]:
    """Remove the text of every request received ``days`` or more ago; flushes, never commits."""
    due = [
        c
        for c in session.exec(
            select(Communication)
            # Only a request keeps content (the person's text); the other communications hold no personal data.
            .where(col(Communication.content).is_not(None))
            .where(col(Communication.purged_at).is_(None))
            .order_by(col(Communication.reference))
        ).all()
        if is_due(c.occurred_at, now, days)
    ]
    done: list[Purged] = []
    marker = placeholder(now.date())
    for communication in due:
        notice_ids = list(
            session.exec(
                select(CommunicationRecipient.notice_id).where(
                    CommunicationRecipient.communication_id == communication.id
                )
            ).all()
        )
        notices = session.exec(select(Notice).where(col(Notice.id).in_(notice_ids))).all()
        for notice in notices:
            # JSON columns are not change-tracked: reassigned, never mutated.
            notice.details = {**notice.details, "text": marker}
            session.add(notice)
        sent = session.exec(
            select(SentMessage).where(col(SentMessage.notice_id).in_(notice_ids), col(SentMessage.content).is_not(None))
        ).all()
        for message in sent:
            message.content = None
            session.add(message)
        communication.content = None
        communication.purged_at = now
        session.add(communication)
        audit.append(
            session=session,
            event_type="communication.purged",
            actor=actor,
            at=now,
            subject_id=communication.id,
            data={
                "reference": communication.reference,
                "content_sha256": communication.content_sha256,
                "notices": len(notices),
                "sent_messages": len(sent),
                "days": days,
            },
        )
        done.append(Purged(communication.reference, len(notices), len(sent)))
    session.flush()
    return done
