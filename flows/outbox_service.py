"""Delivering what the outbox holds, outside Prefect: `breach outbox run` and the CLI's follow-ups.

The flows call the same ``runtime.deliver``; this loop only takes batch after batch until nothing is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlmodel import Session, col, select

from breach import outbox
from breach.models import Customer, Incident, Notice
from breach.vocabulary import NoticeStatus
from flows import runtime
from notifications.delivery import BatchCounts
from notifications.faults import checkpoint


def deliver_due(
    *, incident_id: UUID | None = None, max_batches: int = 1000, batch_size: int | None = None
) -> BatchCounts:
    """Deliver every notice due now (of one incident, or all), batch by batch."""
    totals = BatchCounts()
    batch_size = batch_size or runtime.batch_size()
    for _ in range(max_batches):
        counts = runtime.deliver(limit=batch_size, incident_id=incident_id)
        totals.add(counts)
        if counts.claimed < batch_size:
            break
        checkpoint("between-batches")
    return totals


@dataclass(frozen=True, slots=True)
class Stuck:
    reference: str
    customer: str
    kind: str
    phase: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    notice_key: str


def stuck(*, session: Session, now: datetime) -> Sequence[Stuck]:
    """Notices not delivered: failed, waiting for a retry, or in flight (past their lease: a crash)."""
    rows = session.exec(
        select(Notice, Incident.reference, Customer.name)
        .join(Incident, col(Incident.id) == col(Notice.incident_id), isouter=True)
        .join(Customer, col(Customer.id) == col(Notice.customer_id), isouter=True)
        .where(
            col(Notice.status).in_([NoticeStatus.PENDING.value, NoticeStatus.SENDING.value, NoticeStatus.FAILED.value])
        )
        .order_by(col(Notice.created_at))
    ).all()
    out = []
    for notice, reference, name in rows:
        status = notice.status.value
        if notice.status is NoticeStatus.SENDING and notice.next_attempt_at and notice.next_attempt_at <= now:
            status = "in flight at a crash"
        out.append(
            Stuck(
                reference=reference or "—",
                customer=name or "(internal alert)",
                kind=notice.kind.value,
                phase=notice.phase,
                status=status,
                attempts=notice.attempts,
                next_attempt_at=notice.next_attempt_at,
                last_error=notice.last_error,
                notice_key=notice.notice_key,
            )
        )
    return out


def due_count(*, session: Session, now: datetime) -> int:
    return len(outbox.due_ids(session=session, now=now))
