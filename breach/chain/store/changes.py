"""The SQL of sub-processor changes (GDPR Art. 28(2)): the directory as it stands, the customers a change
concerns, the changes announced (communications of kind ``subprocessor_change``) and the objections to them.

Each write is an audit event naming the actor; an objection's reasons are the event's ``content``, so only
their hash is in the log. Functions flush and never commit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from uuid import UUID

from sqlmodel import Session, col, select

from breach.chain.changes import Entry
from breach.db.models.chain import Subprocessor, SubprocessorObjection, SubprocessorService
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.outbox import Notice
from breach.records.store import audit
from breach.vocabulary import NoticeKind

KIND = NoticeKind.SUBPROCESSOR_CHANGE


def snapshot(*, session: Session) -> list[Entry]:
    """Every sub-processor as the directory holds it now, with the codes of our services it supports."""
    services: dict[UUID, set[str]] = {}
    for link, service in session.exec(
        select(SubprocessorService, Service).join(Service, col(Service.id) == col(SubprocessorService.service_id))
    ).all():
        services.setdefault(link.subprocessor_id, set()).add(service.code)
    return [
        Entry(
            name=s.name,
            country=s.country,
            transfer_mechanism=s.transfer_mechanism.value if s.transfer_mechanism else None,
            transfer_reference=s.transfer_reference,
            services=frozenset(services.get(s.id, ())),
        )
        for s in session.exec(select(Subprocessor).order_by(col(Subprocessor.name))).all()
    ]


def customers_using(codes: Collection[str], *, session: Session) -> list[tuple[Customer, list[str]]]:
    """The customers that use any of the services ``codes``, by name, each with those it uses."""
    if not codes:
        return []
    rows = session.exec(
        select(Customer, Service.code)
        .join(CustomerService, col(CustomerService.customer_id) == col(Customer.id))
        .join(Service, col(Service.id) == col(CustomerService.service_id))
        .where(col(Service.code).in_(list(codes)))
        .order_by(col(Customer.name), col(Service.code))
    ).all()
    grouped: dict[UUID, tuple[Customer, list[str]]] = {}
    for customer, code in rows:
        grouped.setdefault(customer.id, (customer, []))[1].append(code)
    return list(grouped.values())


def announced(*, session: Session) -> Sequence[Communication]:
    """Every change announced, newest first."""
    return session.exec(
        select(Communication)
        .where(Communication.kind == KIND)
        .order_by(col(Communication.recorded_at).desc(), col(Communication.reference).desc())
    ).all()


def told(communication_id: UUID, *, session: Session) -> list[tuple[CommunicationRecipient, Customer, Notice]]:
    """The customers a change was told to, by name, with their notice."""
    rows = session.exec(
        select(CommunicationRecipient, Customer, Notice)
        .join(Customer, col(Customer.id) == col(CommunicationRecipient.customer_id))
        .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
        .where(CommunicationRecipient.communication_id == communication_id)
        .order_by(col(Customer.name))
    ).all()
    return [(r, c, n) for r, c, n in rows]


def told_to(customer_id: UUID, *, session: Session) -> list[tuple[Communication, CommunicationRecipient, Notice]]:
    """The changes told to one customer, newest first, with its recipient row and notice."""
    rows = session.exec(
        select(Communication, CommunicationRecipient, Notice)
        .join(CommunicationRecipient, col(CommunicationRecipient.communication_id) == col(Communication.id))
        .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
        .where(Communication.kind == KIND)
        .where(CommunicationRecipient.customer_id == customer_id)
        .order_by(col(Communication.recorded_at).desc(), col(Communication.reference).desc())
    ).all()
    return [(c, r, n) for c, r, n in rows]


def objections(communication_id: UUID, *, session: Session) -> dict[UUID, SubprocessorObjection]:
    """The objections to a change, by customer id."""
    rows = session.exec(
        select(SubprocessorObjection).where(SubprocessorObjection.communication_id == communication_id)
    ).all()
    return {row.customer_id: row for row in rows}


def objection_of(communication_id: UUID, customer_id: UUID, *, session: Session) -> SubprocessorObjection | None:
    return session.exec(
        select(SubprocessorObjection)
        .where(SubprocessorObjection.communication_id == communication_id)
        .where(SubprocessorObjection.customer_id == customer_id)
    ).first()


def record_objection(
    communication: Communication,
    customer: Customer,
    *,
    session: Session,
    reasons: str,
    channel: str,
    actor: str,
    now: datetime,
) -> SubprocessorObjection:
    """Insert the objection; audited as ``subprocessor.objection_recorded`` (its reasons hashed, never logged)."""
    row = SubprocessorObjection(
        communication_id=communication.id,
        customer_id=customer.id,
        reasons=reasons,
        channel=channel,
        recorded_at=now,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit.append(
        session=session,
        event_type="subprocessor.objection_recorded",
        actor=actor,
        at=now,
        subject_id=row.id,
        data={"reference": communication.reference, "customer": customer.name, "channel": channel},
        content=reasons.encode("utf-8"),
    )
    return row
