"""Delivering what the outbox holds, outside Prefect: `breach outbox run` and the CLI's follow-ups.

The flows call the same ``runtime.deliver``; this loop only takes batch after batch until nothing is due.
``pending`` counts what is still owed, for the commands' exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, func, or_, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.incidents import duty
from breach.vocabulary import NoticeKind, NoticeStatus
from flows import runtime
from notifications.delivery.faults import checkpoint
from notifications.delivery.sender import BatchCounts

OWED: Final = (NoticeStatus.PENDING.value, NoticeStatus.SENDING.value, NoticeStatus.FAILED.value)


# One batch: claim up to ``limit`` due notices (of one incident, or all), send and settle them.
Deliver = Callable[[int, UUID | None], BatchCounts]


def _configured(limit: int, incident_id: UUID | None) -> BatchCounts:
    return runtime.deliver(limit=limit, incident_id=incident_id)


def deliver_due(
    *,
    incident_id: UUID | None = None,
    max_batches: int = 1000,
    batch_size: int | None = None,
    deliver: Deliver = _configured,
) -> BatchCounts:
    """Deliver every notice due now (of one incident, or all), batch after batch, until none is due.

    A batch that claims fewer than ``batch_size`` does not end the run: a refused contact's fallback is due
    at once and goes out in this same run (issue 15), so only a batch that claims nothing ends it. The
    retry policy makes every notice wait before it comes round again, so this ends; ``max_batches`` bounds
    it all the same. ``deliver``: one batch as configured (``runtime.deliver``); tests pass their own
    clock and channel.
    """
    totals = BatchCounts()
    batch_size = batch_size or runtime.batch_size()
    for _ in range(max_batches):
        counts = deliver(batch_size, incident_id)
        totals.add(counts)
        if counts.claimed == 0:
            break
        checkpoint("between-batches")
    return totals


# Exit codes of the commands that deliver or list the outbox (README "Exit codes"): 2 stays a refused input.
ALL_DELIVERED: Final = 0
STILL_RETRYING: Final = 3
FAILED_OR_UNREACHED: Final = 4


@dataclass(frozen=True, slots=True)
class Pending:
    """What is still owed: notices retrying, failed for good, and customers raised as unreached."""

    retrying: int = 0
    failed: int = 0
    unreached: int = 0

    @property
    def exit_code(self) -> int:
        if self.failed or self.unreached:
            return FAILED_OR_UNREACHED
        return STILL_RETRYING if self.retrying else ALL_DELIVERED

    def describe(self) -> str:
        return f"still pending: {self.retrying} retrying ({self.unreached} unreached customers), {self.failed} failed"


def pending(*, session: Session, incident_id: UUID | None = None) -> Pending:
    """What is still owed, of one incident or all: customer notices whose duty stands (``breach.incidents.duty``) and
    our own alerts still retrying. A failed alert of ours is listed by ``stuck`` but not counted here: it
    stays failed for good, and ``breach check`` is where a missing alert channel shows."""
    ended = [s.value for s in duty.ENDED]
    owed_at_end = [k.value for k in duty.OWED_AT_END]
    query = (
        select(Notice.status, func.count(), func.count(col(Notice.unreached_at)))
        .join(Incident, col(Incident.id) == col(Notice.incident_id), isouter=True)
        .where(col(Notice.status).in_(OWED))
        .where(col(Notice.kind) != NoticeKind.CONTACT_CHECK.value)
        .where(
            or_(
                col(Notice.customer_id).is_(None) & (col(Notice.status) != NoticeStatus.FAILED.value),
                col(Notice.customer_id).is_not(None)
                & (col(Incident.status).not_in(ended) | col(Notice.kind).in_(owed_at_end)),
            )
        )
        .group_by(col(Notice.status))
    )
    if incident_id is not None:
        query = query.where(Notice.incident_id == incident_id)
    by_status = {NoticeStatus(str(status)): (int(n), int(raised)) for status, n, raised in session.exec(query).all()}
    failed, _ = by_status.get(NoticeStatus.FAILED, (0, 0))
    retrying = sum(by_status.get(s, (0, 0))[0] for s in (NoticeStatus.PENDING, NoticeStatus.SENDING))
    unreached = sum(by_status.get(s, (0, 0))[1] for s in (NoticeStatus.PENDING, NoticeStatus.SENDING))
    return Pending(retrying=retrying, failed=failed, unreached=unreached)


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
        .where(col(Notice.status).in_(OWED))
        # Customers raised as unreached first: a person has to phone them (flows.usecases.unreached).
        .order_by(col(Notice.unreached_at).is_(None), col(Notice.created_at))
    ).all()
    out = []
    for notice, reference, name in rows:
        status = notice.status.value
        if notice.status is NoticeStatus.SENDING and notice.next_attempt_at and notice.next_attempt_at <= now:
            status = "in flight at a crash"
        elif notice.unreached_at is not None and notice.status is not NoticeStatus.FAILED:
            status = "unreached, retrying"
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
