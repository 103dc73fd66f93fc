"""Settling a sent batch: its attempts, sent messages, audit events and awareness, and what comes next.

Every try is a ``DeliveryAttempt`` row. A delivered notice keeps its message as sent and starts its
customer's clocks; a failed one retries with backoff on the same contact while the failure is transient,
then falls back to the next contact in the customer's order, and when none is left fails, visibly, with
its reason and an alert to our DPO. ``settle`` never commits: the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from breach import audit, awareness, notices, repository
from breach.errors import DeliveryError
from breach.models import Contact, Customer, DeliveryAttempt, Incident, Notice, SentMessage
from breach.vocabulary import AttemptOutcome, DetailLevel, Language, NoticeKind, NoticeStatus
from notifications import archive
from notifications.delivery_types import BatchCounts, InternalRoute, Result, RetryPolicy
from notifications.support_notice import FULL_ONLY

SENDER_ACTOR = "outbox"


def _failures_on_contact(notice_id: UUID, contact_id: UUID | None, *, session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(DeliveryAttempt)
        .where(DeliveryAttempt.notice_id == notice_id)
        .where(DeliveryAttempt.contact_id == contact_id)
        .where(DeliveryAttempt.outcome != AttemptOutcome.SUCCESS)
    ).one()


def _next_contact(notice: Notice, *, session: Session) -> Contact | None:
    # A contact check tests one contact: it never falls back to another (flows.contact_checks).
    if notice.customer_id is None or notice.kind is NoticeKind.CONTACT_CHECK:
        return None
    ordered = list(repository.contacts_of(notice.customer_id, session=session))
    if notice.kind in FULL_ONLY:
        # Packs hold the breach's facts: a chat channel is never a fallback for them (LAW.md section 3).
        ordered = [c for c in ordered if c.detail is DetailLevel.FULL or c.id == notice.contact_id]
    positions = [c.id for c in ordered]
    if notice.contact_id not in positions:
        return ordered[0] if ordered else None
    index = positions.index(notice.contact_id)
    return ordered[index + 1] if index + 1 < len(ordered) else None


def settle(
    results: Sequence[Result],
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute = InternalRoute(),
) -> BatchCounts:
    """Record every attempt and move each notice on. Never commits."""
    counts = BatchCounts(claimed=len(results))
    by_id = {
        n.id: n
        for n in session.exec(select(Notice).where(col(Notice.id).in_([r.job.notice_id for r in results]))).all()
    }
    touched_incidents: set[UUID] = set()
    # The batch's audit events, in the order of its results, are chained under one lock of the head;
    # its attempts and sent messages go in with one bulk insert each.
    events: list[audit.Entry] = []
    delivered: list[tuple[Notice, Result]] = []
    sent: list[dict[str, Any]] = []
    if results:
        session.execute(insert(DeliveryAttempt), [_attempt_row(r, by_id[r.job.notice_id]) for r in results])
    for result in results:
        notice = by_id[result.job.notice_id]
        if notice.possible_duplicate:
            counts.possible_duplicates += 1
        if result.error is None:
            events.append(_delivered(notice, result, sent, now=now))
            delivered.append((notice, result))
            counts.delivered += 1
            if notice.incident_id:
                touched_incidents.add(notice.incident_id)
            continue
        failed = _failed(
            notice, result, result.error, counts, session=session, policy=policy, now=now, internal=internal
        )
        if failed is not None:
            events.append(failed)
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


def _attempt_row(result: Result, notice: Notice) -> dict[str, Any]:
    """The ``DeliveryAttempt`` row of one try, for the batch's bulk insert."""
    error = result.error
    return {
        "id": uuid4(),
        "notice_id": notice.id,
        "contact_id": result.job.contact_id,
        "contact": result.job.display or "(none)",
        "started_at": result.started,
        "finished_at": result.finished,
        "outcome": AttemptOutcome.SUCCESS if error is None else _outcome(error),
        "reason": "" if error is None else error.reason,
        "possible_duplicate": notice.possible_duplicate,
    }


def _failed(
    notice: Notice,
    result: Result,
    error: DeliveryError,
    counts: BatchCounts,
    *,
    session: Session,
    policy: RetryPolicy,
    now: datetime,
    internal: InternalRoute,
) -> audit.Entry | None:
    """A try failed: retry on the same contact, fall back to the next, or fail the notice (its audit event)."""
    session.flush()
    notice.last_error = error.reason
    failures = _failures_on_contact(notice.id, result.job.contact_id, session=session)
    if error.transient and result.job.contact_id and failures < policy.attempts_per_contact:
        notice.status = NoticeStatus.PENDING
        notice.next_attempt_at = now + policy.wait(failures)
        counts.retrying += 1
        return None
    if (following := _next_contact(notice, session=session)) is not None and result.job.contact_id:
        notice.contact_id = following.id
        notice.status = NoticeStatus.PENDING
        notice.next_attempt_at = now
        counts.retrying += 1
        return None
    if notice.delivered_at is not None:
        # An escalation re-send through another contact failed; the notice itself was delivered before,
        # so it stays delivered (the escalation chain goes on from its first delivery).
        notice.status = NoticeStatus.DELIVERED
        notice.next_attempt_at = None
        counts.failed += 1
        return None
    notice.status = NoticeStatus.FAILED
    notice.next_attempt_at = None
    counts.failed += 1
    counts.failed_notice_ids.append(notice.id)
    if notice.customer_id is not None:
        _alert_failure(notice, error, session=session, now=now, language=internal.language)
    return audit.Entry(
        event_type="notice.failed",
        actor=SENDER_ACTOR,
        at=now,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data={"notice_key": notice.notice_key},
        content=error.reason,
    )


def _alert_failure(notice: Notice, error: DeliveryError, *, session: Session, now: datetime, language: str) -> None:
    """Every contact of a customer failed: our DPO is told, with the reason (DPA 8(1)(b) is at stake)."""
    customer = session.get(Customer, notice.customer_id) if notice.customer_id else None
    incident = session.get(Incident, notice.incident_id) if notice.incident_id else None
    notices.queue_internal(
        session=session,
        now=now,
        # A failed contact check is one dead contact, not a customer we could not reach at all.
        alert="contact_check_failed" if notice.kind is NoticeKind.CONTACT_CHECK else "delivery_failed",
        cause=notice.notice_key,
        language=Language(language),
        incident=incident,
        details={
            "customer": customer.name if customer else None,
            "notice_key": notice.notice_key,
            "reason": error.reason,
        },
    )


def _outcome(error: DeliveryError) -> AttemptOutcome:
    text = error.reason.lower()
    if text.startswith("timed out"):
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
    return audit.Entry(
        event_type="notice.delivered",
        actor=SENDER_ACTOR,
        at=now,
        incident_id=notice.incident_id,
        case_id=notice.case_id,
        subject_id=notice.id,
        data={
            "notice_key": notice.notice_key,
            "contact": result.job.display,
            "duplicate": notice.possible_duplicate,
            "sent_sha256": digest,
        },
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
            if notice.kind in awareness.FIRST_NOTICES and notice.case_id and notice.incident_id and notice.customer_id
        ],
        session=session,
        now=now,
    )
