"""Settling a sent batch: its attempts, sent messages, audit events and awareness, and what comes next.

Every try is a ``DeliveryAttempt`` row, and counts only for the claim that still holds its notice. A
try whose outcome is unknown (``DeliveryError.may_have_arrived``) flags the notice a possible duplicate
for every try after it. A delivered notice keeps its message as sent and starts its
customer's clocks; what a failed one does next (retry, the next contact, or fail visibly) is decided in
``notifications.delivery.retries``. ``settle`` never commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import insert
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.errors import DeliveryError
from breach.incidents.store import awareness
from breach.notices.kinds import KINDS
from breach.notices.store import outbox
from breach.records.store import audit
from breach.vocabulary import AttemptOutcome, NoticeStatus
from notifications.delivery import archive, retries
from notifications.delivery.notice_events import notice_event
from notifications.delivery.retries import SENDER_ACTOR
from notifications.delivery.values import BatchCounts, InternalRoute, Result, RetryPolicy


def settle(
    results: Sequence[Result],
    *,
    token: UUID,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
) -> BatchCounts:
    """Record every attempt and move on each notice that ``token``'s claim still holds. Never commits.

    A result whose notice was taken over meanwhile (the claim's lease ran out and another sender claimed
    it) is stale: it is recorded as an attempt saying so, and changes nothing else: no delivery, no sent
    message, no ``notice.delivered`` event (the claim that holds the notice settles it).
    """
    counts = BatchCounts(claimed=len(results))
    # First in the unit of work: the fence takes the locks a re-claim would need (breach.notices.store.outbox.fence).
    own = outbox.fence([r.job.notice_id for r in results], token=token, session=session)
    by_id = {
        n.id: n
        for n in session.exec(
            select(Notice)
            .where(col(Notice.id).in_([r.job.notice_id for r in results]))
            .execution_options(populate_existing=True)
        ).all()
    }
    touched_incidents: set[UUID] = set()
    # The batch's audit events, in the order of its results, are chained under one lock of the head;
    # its attempts and sent messages go in with one bulk insert each.
    events: list[audit.Entry] = []
    delivered: list[tuple[Notice, Result]] = []
    sent: list[dict[str, Any]] = []
    if results:
        session.execute(
            insert(DeliveryAttempt),
            [_attempt_row(r, by_id[r.job.notice_id], stale=r.job.notice_id not in own) for r in results],
        )
    for result in results:
        notice = by_id[result.job.notice_id]
        if notice.id not in own:
            counts.stale += 1
            continue
        if notice.possible_duplicate:
            counts.possible_duplicates += 1
        if result.error is None:
            events.append(_delivered(notice, result, sent, now=now))
            delivered.append((notice, result))
            counts.delivered += 1
            if notice.incident_id:
                touched_incidents.add(notice.incident_id)
            continue
        failed = retries.after_failure(
            notice, result, result.error, counts, session=session, policy=policy, now=now, internal=internal
        )
        if failed is not None:
            events.append(failed)
        if result.error.may_have_arrived:
            # The receiver may hold this message: whatever goes next, to this contact or another, says so.
            notice.possible_duplicate = True
        session.add(notice)
    if sent:
        session.execute(insert(SentMessage), sent)
    session.flush()
    audit.append_many(events, session=session)
    _record_first_deliveries(delivered, session=session, now=now)
    for incident_id in touched_incidents:
        incident = repository.incidents_by_id([incident_id], session=session)[incident_id]
        awareness.settle_incident_status(session=session, incident=incident, actor=SENDER_ACTOR, now=now)
    return counts


STALE_REASON = "late answer: this sender's claim had run out and the notice was claimed again; not counted"


def _attempt_row(result: Result, notice: Notice, *, stale: bool = False) -> dict[str, Any]:
    """The ``DeliveryAttempt`` row of one try, for the batch's bulk insert."""
    error = result.error
    reason = "" if error is None else error.reason
    if stale:
        reason = f"{STALE_REASON}{': ' + reason if reason else ''}"
    return {
        "id": uuid4(),
        "notice_id": notice.id,
        "contact_id": result.job.contact_id,
        "contact": result.job.display or "(none)",
        "started_at": result.started,
        "finished_at": result.finished,
        "outcome": AttemptOutcome.SUCCESS if error is None else _outcome(error),
        "reason": reason,
        "possible_duplicate": result.job.message.possible_duplicate if result.job.message else False,
    }


def _outcome(error: DeliveryError) -> AttemptOutcome:
    text = error.reason.lower()
    if text.startswith("timed out") or error.may_have_arrived:
        # No answer came (a read timeout, a connection cut mid-answer): the outcome is not known.
        return AttemptOutcome.TIMEOUT
    if text.startswith("no apprise service matched"):
        return AttemptOutcome.NOMATCH
    return AttemptOutcome.FAILURE if error.transient else AttemptOutcome.ERROR


def _delivered(notice: Notice, result: Result, sent: list[dict[str, Any]], *, now: datetime) -> audit.Entry:
    """Mark the notice delivered and keep the message as sent (a row added to ``sent``); returns its audit
    event, to be chained with the batch's others."""
    notice.status = NoticeStatus.DELIVERED
    notice.delivered_at = result.finished
    notice.next_attempt_at = None
    notice.last_error = None
    message = result.job.message
    digest = None
    if message is not None:
        digest, content = archive.pack(message)
        sent.append(
            {
                "id": uuid4(),
                "notice_id": notice.id,
                "sent_at": result.finished,
                "contact": result.job.display,
                "sha256": digest,
                "content": content,
                "possible_duplicate": notice.possible_duplicate,
            }
        )
    return notice_event(
        notice,
        "notice.delivered",
        actor=SENDER_ACTOR,
        at=now,
        contact=result.job.display,
        duplicate=notice.possible_duplicate,
        sent_sha256=digest,
    )


def _record_first_deliveries(delivered: Sequence[tuple[Notice, Result]], *, session: Session, now: datetime) -> None:
    """First notices delivered: each customer's awareness and clocks, for the whole batch at once."""
    awareness.record_first_deliveries(
        [
            awareness.FirstDelivery(
                incident_id=notice.incident_id,
                case_id=notice.case_id,
                customer_id=notice.customer_id,
                at=result.finished,
            )
            for notice, result in delivered
            if KINDS[notice.kind].starts_clock and notice.case_id and notice.incident_id and notice.customer_id
        ],
        session=session,
        now=now,
    )
