"""A customer we could not reach by notice, reached another way: ``breach record REF --customer NAME
reached-by-phone --by NAME``.

The event is recorded like any case event (``breach.incidents.store.record_event``: a report, an audit event naming who
recorded it, the details hashed); then every notice of the case still owed becomes ``reached_otherwise``
(never ``delivered``: nothing was delivered), each with an audit event naming who reached the customer,
and the retries stop. The customer is aware from the call, as a delivery would make it (LAW.md
"Awareness"; ``breach.incidents.awareness``): a controller's 72 hours (GDPR Art. 33(1)) start, our own duty to tell
it (DPA 8(1)(b), ``dpa.8.1b``) is met at that moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlmodel import Session, col, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput
from breach.incidents.reports import RecordResult
from breach.incidents.store import awareness
from breach.incidents.store.recorded import record_event
from breach.notices.kinds import FIRST_NOTICES
from breach.records.store import audit
from breach.vocabulary import NoticeStatus
from notifications.delivery.notice_events import notice_event

EVENT: Final = "reached-by-phone"
OWED: Final = (NoticeStatus.PENDING.value, NoticeStatus.SENDING.value, NoticeStatus.FAILED.value)


@dataclass(frozen=True, slots=True)
class Reached:
    result: RecordResult
    notices: int  # the notices that stopped retrying


def record_reached(
    *,
    session: Session,
    incident: Incident,
    case: ControllerCase,
    customer: Customer,
    at: datetime,
    details: Mapping[str, object],
    actor: str,
    now: datetime,
) -> Reached:
    """Record that ``customer`` was reached at ``at`` another way; flushes, never commits.

    Refused (``InvalidInput``) when the customer has no notice of this incident still owed: a phone call
    then replaces nothing, and the delivered notice is the evidence.
    """
    owed = session.exec(
        select(Notice)
        .where(Notice.incident_id == incident.id)
        .where(Notice.customer_id == customer.id)
        .where(col(Notice.status).in_(OWED))
        .order_by(col(Notice.created_at))
        .with_for_update()
    ).all()
    result = record_event(
        session=session,
        incident=incident,
        case=case,
        customer=customer,
        event=EVENT,
        at=at,
        details=details,
        actor=actor,
        now=now,
    )
    if result.repeated:
        return Reached(result, 0)
    if not owed:
        raise InvalidInput(
            "customer", customer.name, f"has no notice of {incident.reference} still owed: it was delivered"
        )
    by = str(result.report.details.get("by", actor))
    moment = result.report.occurred_at
    for notice in owed:
        notice.status = NoticeStatus.REACHED_OTHERWISE
        notice.next_attempt_at = None
        session.add(notice)
    # The notices' events go in under one lock of the chain's head, as a sent batch's do.
    audit.append_many(
        [
            notice_event(
                notice,
                "notice.reached_otherwise",
                actor=actor,
                at=now,
                case_id=case.id,
                by=by,
                reached_at=moment.isoformat(),
                report=str(result.report.id),
            )
            for notice in owed
        ],
        session=session,
    )
    session.flush()
    if any(n.kind in FIRST_NOTICES for n in owed):
        awareness.record_first_delivery(
            session=session, incident=incident, case=case, customer=customer, at=moment, now=now
        )
    awareness.settle_incident_status(session=session, incident=incident, actor=actor, now=now)
    return Reached(result, len(owed))
