"""A delivery that stopped after the API had answered, made visible: an audit event and an alert to our DPO.

Nobody is left to tell when background delivery fails (the answer has gone, and an exception in a pool's
thread stays in a future nobody reads), so it is recorded here (DESIGN.md habit 6: a notice that did not
leave is a visible failure with a reason and a retry, never a log line):

- an audit event ``notice.delivery_deferred`` naming the incident, how delivery was run (``route``), the
  exception's class and how many notices are still owed; never the exception's message, which may quote a
  value (a driver's message its parameters);
- an internal alert to our DPO through the outbox like every other (``breach.notices.queue.queue_internal``,
  sent by the next watchdog run or ``breach outbox run``): ``deadline_at_risk``, as the first notice's clock
  (DPA clause 8(1)(b)) runs while it waits, naming the incident's earliest open deadline and the reason; only
  when notices to customers are left waiting. One alert per incident, route and exception class: a flapping
  failure does not flood the DPO; the audit log keeps every occurrence.

The notices are not touched: still pending (or claimed, with a lease that runs out), so the watchdog and
``breach outbox run`` deliver them as they deliver any notice that is due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, func, select

from breach.db.models.incidents import Deadline, Incident
from breach.db.models.outbox import Notice
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.vocabulary import Language, NoticeStatus

EVENT: Final = "notice.delivery_deferred"
ALERT: Final = "deadline_at_risk"
ACTOR: Final = "api background delivery"


def _owed_to_customers(incident_id: UUID, *, session: Session) -> int:
    """The incident's notices to customers still waiting to leave (our own alerts not counted)."""
    waiting = (NoticeStatus.PENDING.value, NoticeStatus.SENDING.value)
    query = select(func.count()).where(
        Notice.incident_id == incident_id, col(Notice.customer_id).is_not(None), col(Notice.status).in_(waiting)
    )
    return int(session.exec(query).one())


def _earliest_open(incident_id: UUID, *, session: Session) -> Deadline | None:
    return session.exec(
        select(Deadline)
        .where(Deadline.incident_id == incident_id, col(Deadline.met_at).is_(None))
        .order_by(col(Deadline.due_at))
    ).first()


def record_deferred(
    incident_id: UUID, route: str, failure: BaseException, *, session: Session, now: datetime, language: Language
) -> bool:
    """Record that delivering ``incident_id``'s notices by ``route`` stopped with ``failure``, and alert our DPO
    when customers' notices wait; whether an alert was queued. Flushes, never commits (the caller's unit of
    work does)."""
    reason_class = type(failure).__name__
    owed = _owed_to_customers(incident_id, session=session)
    audit.append(
        session=session,
        event_type=EVENT,
        actor=ACTOR,
        at=now,
        incident_id=incident_id,
        subject_id=incident_id,
        data={"route": route, "reason_class": reason_class, "still_owed": owed},
    )
    if owed == 0:
        return False  # nothing waits for a customer, so no clock is at risk: the audit event is the record
    details: dict[str, Any] = {
        "reason": f"Delivery after the API answered stopped ({route}: {reason_class}); {owed} notices to "
        "customers stay queued and are retried by the watchdog or `breach outbox run`.",
        "count": owed,
    }
    deadline = _earliest_open(incident_id, session=session)
    if deadline is not None:
        details |= {"rule": deadline.rule, "due_at": deadline.due_at.isoformat()}
    queued = notices.queue_internal(
        session=session,
        now=now,
        alert=ALERT,
        cause=f"deferred.{incident_id.hex}.{route}.{reason_class}",
        language=language,
        incident=session.get(Incident, incident_id),
        details=details,
    )
    return bool(queued)
