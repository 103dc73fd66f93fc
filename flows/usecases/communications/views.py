"""What a communication looks like afterwards: one row per customer told (for the lists, the DPO's worklist
and the register export), and its signed evidence pack (GDPR Art. 5(2); DPA clause 7(2)).

A row holds no personal data: a request's kind, never its text. The evidence pack has the shape of a breach
case's (``flows.evidence.build``, verified by ``breach evidence verify``): each notice as it was sent, its
attempts, acknowledgements, our clock met or missed, and the communication's audit events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from breach.communications.store import records
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.deadlines.status import format_local
from breach.errors import NotFound
from breach.instructions.store import records as instruction_records
from flows.evidence import signing
from flows.evidence.build import Pack, _notice_files, _zip, sealed
from flows.evidence.records import as_json, event_record, iso
from flows.usecases.chain.objections import pack_files
from notifications import ack


@dataclass(frozen=True, slots=True)
class CommunicationRow:
    reference: str
    kind: str
    customer: str
    occurred_at: str  # the customer's wall clock
    rule: str
    due_at: str
    # pending, sending, delivered, failed ... as the outbox has it; "acknowledged" once someone did
    state: str
    delivered_at: str | None
    late: bool  # our clock was missed (delivered after it, or still undelivered past it)
    acknowledged_by: str | None
    notice_key: str
    task: str | None
    what: str  # a request's kind, an action's code, the new DPO's e-mail: never a data subject's data


def _what(communication: Communication) -> str:
    facts = communication.facts
    if facts.get("instruction"):
        return str(facts["instruction"])
    new = facts.get("new")
    if isinstance(new, dict):
        return str(new.get("email", ""))
    return str(facts.get("request_kind") or f"{facts.get('authority', '')} {facts.get('action', '')}".strip())


def rows(*, session: Session, now: datetime, customer: str | None = None) -> list[CommunicationRow]:
    """Every communication per customer told, newest first (one customer's only, when named)."""
    customer_id = repository.customer_by_name(customer, session=session).id if customer is not None else None
    listed = records.listed(session=session, customer_id=customer_id)
    task_ids = [r.task_id for _, r, _, _ in listed if r.task_id is not None]
    tasks = {t.id: t.reference for t in session.exec(select(SupportTask).where(col(SupportTask.id).in_(task_ids)))}
    result: list[CommunicationRow] = []
    for communication, recipient, who, notice in listed:
        tz = who.timezone
        met = notice.delivered_at
        late = (met > recipient.due_at) if met is not None else now > recipient.due_at
        result.append(
            CommunicationRow(
                reference=communication.reference,
                kind=communication.kind.value,
                customer=who.name,
                occurred_at=format_local(communication.occurred_at, tz),
                rule=recipient.rule,
                due_at=format_local(recipient.due_at, tz),
                state="acknowledged" if notice.acknowledged_at is not None else notice.status.value,
                delivered_at=format_local(met, tz) if met is not None else None,
                late=late,
                acknowledged_by=notice.acknowledged_by,
                notice_key=notice.notice_key,
                task=tasks.get(recipient.task_id) if recipient.task_id is not None else None,
                what=_what(communication),
            )
        )
    return result


def build_pack(
    reference: str, customer_name: str, *, session: Session, now: datetime, signing_key: Ed25519PrivateKey | None = None
) -> Pack:
    """The signed evidence pack of what ``reference`` told ``customer_name``. Reads only."""
    key = signing_key or signing.own_key()
    communication = records.by_reference(reference, session=session)
    customer = repository.customer_by_name(customer_name, session=session)
    pairs = session.exec(
        select(CommunicationRecipient, Notice)
        .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
        .where(CommunicationRecipient.communication_id == communication.id)
        .where(CommunicationRecipient.customer_id == customer.id)
    ).all()
    if not pairs:
        raise NotFound("communication", f"{reference} for {customer.name}")
    recipient, notice = pairs[0]
    files, sent_entries, acknowledgements = _notice_files([notice], session)
    files["acknowledgements.json"] = as_json(acknowledgements)
    files["assessment.json"] = as_json({"communication": communication.kind.value, "facts": _public(communication)})
    met = notice.delivered_at
    state = ("met" if met <= recipient.due_at else "met late") if met is not None else "open"
    files["deadlines.json"] = as_json(
        [
            {
                "rule": recipient.rule,
                "start_at": iso(communication.occurred_at),
                "due_at": iso(recipient.due_at),
                "met_at": iso(met),
                "state": state if met is not None or now <= recipient.due_at else "overdue",
                "late_reasons": None,
            }
        ]
    )
    files["decisions.json"] = as_json([])
    subjects = [str(communication.id), str(notice.id)]
    if communication.facts.get("instruction"):
        # An instruction's own moves (DPA clause 9): recorded, suspended, confirmed, amended, withdrawn.
        subjects.append(
            str(instruction_records.by_reference(str(communication.facts["instruction"]), session=session).id)
        )
    events = [
        event
        for event in session.exec(
            select(AuditEvent).where(col(AuditEvent.subject_id).in_(subjects)).order_by(col(AuditEvent.seq))
        )
        # A communication's events about its other customers (queued for them, their contact) are theirs:
        # this pack is this customer's, and may be handed to it.
        if event.data.get("customer") in (None, customer.name)
    ]
    files["audit.json"] = as_json([event_record(e) for e in events])
    # A change of our sub-processors: the customer's objection, or none, with its audit event (issue 21).
    files.update(pack_files(communication, customer.id, session=session))
    sealed(
        files,
        reference=communication.reference,
        customer=customer.name,
        now=now,
        key=key,
        sent=sent_entries,
        session=session,
    )
    return Pack(_zip(files), len(files), len(sent_entries), len(events))


def _public(communication: Communication) -> dict[str, Any]:
    """The facts and, for a request, the hash of its text (the text itself is in the message as sent)."""
    return {**communication.facts, "content_sha256": communication.content_sha256}


def acknowledge_own(
    notice_key: str, customer_id: UUID, *, session: Session, by: str, via: ack.Via, actor: str, now: datetime
) -> ack.NoticeSummary:
    """The customer acknowledges one of its own communications (portal, API); another's is "not found"."""
    notice = session.exec(select(Notice).where(Notice.notice_key == notice_key)).first()
    told = (
        session.exec(select(CommunicationRecipient).where(CommunicationRecipient.notice_id == notice.id)).first()
        if notice is not None
        else None
    )
    if notice is None or told is None or notice.customer_id != customer_id:
        raise NotFound("notice", notice_key)
    return ack.acknowledge(session=session, notice_key=notice_key, by=by, via=via, now=now, recorded_by=actor)
