"""Writing and reading communications (``breach.db.models.communications``).

Each write is an audit event naming the actor, with ids and codes only; a request's text is ``content`` of the
event, so only its hash is in the log. Functions flush and never commit: the caller's unit of work keeps a
refusal from leaving anything half-written.

``address`` queues one notice per customer through the breach notices' outbox: to its first full-detail contact,
else its first contact whose detail level the kind's row allows (a data subject's request: full-detail contacts
only, never a chat channel, LAW.md section 3), keyed ``<reference>.<kind>.1.<customer>`` so a repeat queues
nothing twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.errors import NotFound
from breach.notices.kinds import KINDS
from breach.notices.store import outbox
from breach.records.store import audit
from breach.vocabulary import DetailLevel, NoticeKind, NoticeStatus

PREFIX: Final = "COM"


def next_reference(year: int, *, session: Session) -> str:
    """The next free ``COM-YYYY-NNNN``; the unique constraint settles a race."""
    return repository.next_number(Communication.reference, f"{PREFIX}-{year}-", session=session)


def record(
    *,
    session: Session,
    kind: NoticeKind,
    occurred_at: datetime,
    facts: Mapping[str, Any],
    actor: str,
    now: datetime,
    content: str | None = None,
) -> Communication:
    """A new communication; audited as ``communication.recorded`` (a request's text hashed, never logged)."""
    raw = content.encode("utf-8") if content is not None else None
    row = repository.insert_numbered(
        lambda reference: Communication(
            reference=reference,
            kind=kind,
            occurred_at=occurred_at,
            recorded_at=now,
            recorded_by=actor,
            facts=dict(facts),
            content=raw,
            content_sha256=hashlib.sha256(raw).hexdigest() if raw is not None else None,
        ),
        lambda: next_reference(now.year, session=session),
        session=session,
    )
    audit.append(
        session=session,
        event_type="communication.recorded",
        actor=actor,
        at=now,
        subject_id=row.id,
        data={"reference": row.reference, "kind": kind.value, "occurred_at": occurred_at.isoformat()},
        content=raw,
    )
    return row


def address(
    communication: Communication,
    customer: Customer,
    *,
    session: Session,
    rule: str,
    due_at: datetime,
    details: Mapping[str, Any],
    actor: str,
    now: datetime,
) -> CommunicationRecipient | None:
    """Queue the communication's notice to ``customer``; ``None`` when it already was (a repeat)."""
    existing = session.exec(
        select(CommunicationRecipient)
        .where(CommunicationRecipient.communication_id == communication.id)
        .where(CommunicationRecipient.customer_id == customer.id)
    ).first()
    if existing is not None:
        return None
    allowed = KINDS[communication.kind].detail_levels
    usable = [c for c in repository.contacts_of(customer.id, session=session) if c.detail in allowed]
    # A full-detail contact first: a chat channel gets only the short version, so it is the last resort.
    contact = next((c for c in usable if c.detail is DetailLevel.FULL), usable[0] if usable else None)
    notice = Notice(
        notice_key=outbox.notice_key(communication.reference, communication.kind, 1, customer.id),
        customer_id=customer.id,
        kind=communication.kind,
        phase=1,
        language=customer.language,
        status=NoticeStatus.PENDING,
        # No contact the kind may use: the notice fails visibly at its first delivery, and the DPO is alerted.
        contact_id=contact.id if contact is not None else None,
        details={"reference": communication.reference, **details},
        created_at=now,
    )
    outbox.enqueue([notice], session=session)
    recipient = CommunicationRecipient(
        communication_id=communication.id,
        customer_id=customer.id,
        notice_id=notice.id,
        rule=rule,
        due_at=due_at,
    )
    session.add(recipient)
    session.flush()
    audit.append(
        session=session,
        event_type="communication.queued",
        actor=actor,
        at=now,
        subject_id=communication.id,
        data={
            "reference": communication.reference,
            "customer": customer.name,
            "notice_key": notice.notice_key,
            "rule": rule,
            "due_at": due_at.isoformat(),
            "contact": contact.display if contact is not None else None,
        },
    )
    return recipient


def by_reference(reference: str, *, session: Session) -> Communication:
    found = session.exec(select(Communication).where(Communication.reference == reference)).first()
    if found is None:
        raise NotFound("communication", reference)
    return found


def latest_of(kind: NoticeKind, *, session: Session) -> Communication | None:
    return session.exec(
        select(Communication)
        .where(Communication.kind == kind)
        .order_by(col(Communication.recorded_at).desc(), col(Communication.reference).desc())
    ).first()


def listed(
    *, session: Session, customer_id: UUID | None = None
) -> Sequence[tuple[Communication, CommunicationRecipient, Customer, Notice]]:
    """Every communication with each customer it went to and its notice, newest first."""
    query = (
        select(Communication, CommunicationRecipient, Customer, Notice)
        .join(CommunicationRecipient, col(CommunicationRecipient.communication_id) == col(Communication.id))
        .join(Customer, col(Customer.id) == col(CommunicationRecipient.customer_id))
        .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
    )
    if customer_id is not None:
        query = query.where(CommunicationRecipient.customer_id == customer_id)
    rows = session.exec(query.order_by(col(Communication.recorded_at).desc(), col(Customer.name))).all()
    return [(c, r, cu, n) for c, r, cu, n in rows]


def link_task(recipient: CommunicationRecipient, task_id: UUID, *, session: Session) -> None:
    recipient.task_id = task_id
    session.add(recipient)
    session.flush()
