"""Queueing notices of every kind: to the customers of an incident, to its cases, and to ourselves.

Keys make each queueing idempotent: an update is keyed by its phase, a retraction and a closing by the
incident, an internal alert by its cause, so repeating a command or a watchdog run queues nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, col, func, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.notices.kinds import KINDS, kinds_where
from breach.notices.store import outbox
from breach.vocabulary import Language, NoticeKind, NoticeStatus

# Art. 33(4): information in phases; the first notice is phase 1, each update the next.
PHASED = kinds_where(lambda spec: spec.phased)


def next_phase(case_id: UUID, *, session: Session, kinds: Sequence[NoticeKind] = PHASED) -> int:
    """The next number in the case's series of ``kinds`` (updates continue the first notice's series)."""
    last = session.exec(
        select(func.max(Notice.phase))
        .where(Notice.case_id == case_id)
        .where(col(Notice.kind).in_([k.value for k in kinds]))
    ).one()
    return int(last or 0) + 1


def _notice(
    incident: Incident,
    customer: Customer,
    *,
    case: ControllerCase | None,
    kind: NoticeKind,
    phase: int,
    details: Mapping[str, Any],
    first_contact: UUID | None,
    now: datetime,
) -> Notice:
    return Notice(
        notice_key=outbox.notice_key(incident.reference, kind, phase, customer.id),
        incident_id=incident.id,
        case_id=case.id if case else None,
        customer_id=customer.id,
        kind=kind,
        phase=phase,
        language=customer.language,
        status=NoticeStatus.PENDING,
        contact_id=first_contact,
        details=dict(details),
        created_at=now,
    )


def queue_for_cases(
    incident: Incident,
    kind: NoticeKind,
    *,
    session: Session,
    now: datetime,
    shared: Mapping[str, Any] | None = None,
    per_case: Mapping[UUID, Mapping[str, Any]] | None = None,
    phased: bool = False,
) -> list[Notice]:
    """A notice of ``kind`` to each case with ``shared`` details, or only to the cases in ``per_case``.

    ``phased``: the notice takes the case's next Art. 33(4) phase (updates); otherwise phase 1.
    """
    rows = repository.cases_of(incident.id, session=session)
    if per_case is not None:
        rows = [(case, customer) for case, customer in rows if case.id in per_case]
    contacts = repository.contacts_by_customer([c.id for _, c in rows], session=session)
    notices = []
    for case, customer in rows:
        content = per_case[case.id] if per_case is not None else (shared or {})
        series = PHASED if KINDS[kind].phased else (kind,)
        phase = next_phase(case.id, session=session, kinds=series) if phased else 1
        first = contacts[customer.id][0].id if contacts[customer.id] else None
        notices.append(
            _notice(
                incident, customer, case=case, kind=kind, phase=phase, details=content, first_contact=first, now=now
            )
        )
    return outbox.enqueue(notices, session=session)


def queue_for_customers(
    incident: Incident,
    kind: NoticeKind,
    customer_ids: Sequence[UUID],
    *,
    session: Session,
    now: datetime,
    details: Mapping[str, Any] | None = None,
) -> list[Notice]:
    """A notice to customers that have no case yet (an early warning, a security-incident notice)."""
    customers = repository.customers_by_id(customer_ids, session=session)
    contacts = repository.contacts_by_customer(list(customers), session=session)
    notices = [
        _notice(
            incident,
            customer,
            case=None,
            kind=kind,
            phase=1,
            details=details or {},
            first_contact=contacts[customer.id][0].id if contacts[customer.id] else None,
            now=now,
        )
        for customer in customers.values()
    ]
    return outbox.enqueue(notices, session=session)


def queue_internal(
    *,
    session: Session,
    now: datetime,
    alert: str,
    cause: str,
    language: Language,
    incident: Incident | None = None,
    details: Mapping[str, Any] | None = None,
) -> list[Notice]:
    """An alert to our DPO and security lead; ``cause`` makes it unique (one alert per cause)."""
    reference = incident.reference if incident is not None else "ENGINE"
    notice = Notice(
        notice_key=outbox.notice_key(reference, NoticeKind.INTERNAL_ALERT, 1, None, scope=f"{alert}.{cause}"),
        incident_id=incident.id if incident is not None else None,
        kind=NoticeKind.INTERNAL_ALERT,
        phase=1,
        language=language,
        status=NoticeStatus.PENDING,
        details={"alert": alert, **(details or {})},
        created_at=now,
    )
    return outbox.enqueue([notice], session=session)


def recipients_of(incident_id: UUID, kind: NoticeKind, *, session: Session) -> list[UUID]:
    """The customers that were sent a notice of ``kind`` for the incident (delivered or not)."""
    rows = session.exec(
        select(Notice.customer_id).where(Notice.incident_id == incident_id, Notice.kind == kind).distinct()
    ).all()
    return [r for r in rows if r is not None]
