"""Fenced leases (issue 15, finding 3): a live sender keeps its claims, and a settle counts only for its own.

The issue's scenario: ``BREACH_SEND_LEASE_SECONDS=5``, receivers slower than the lease, and a second
runner once the lease would have run out. Before, every in-flight notice reached the sink twice and was
recorded delivered twice; now the second runner finds nothing to take.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import uuid4

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock, SystemClock
from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.notices.store import outbox
from breach.vocabulary import NoticeStatus
from flows.db import unit_of_work
from notifications.channels.channel import AppriseChannel, OutgoingMessage, Receipt, RecordingChannel
from notifications.delivery import lease
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from notifications.delivery.settle import STALE_REASON
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import HttpSink, http_sink

CUSTOMERS = 6


def _seed(session: Session, sink: HttpSink) -> None:
    customers = [customer(f"Klant {i} BV", contacts=[sink.url(f"c{i}")]) for i in range(CUSTOMERS)]
    for i in range(CUSTOMERS):
        sink.path_modes[f"/c{i}"] = "slow"
    # On the system clock: the leases run out in real time, as in production.
    confirmed_incident(session, customers=customers, now=datetime.now(UTC))


def _runner(engine: Engine, lease_seconds: float) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(unit_of_work, engine),
        channel=AppriseChannel(connect_timeout=2, read_timeout=15),
        sender=SENDER,
        clock=SystemClock(),
        limit=100,
        policy=RetryPolicy(lease=timedelta(seconds=lease_seconds), concurrency=CUSTOMERS),
    )


def _race(engine: Engine, *, lease_seconds: float, second_after: float) -> tuple[BatchCounts, BatchCounts]:
    """A first runner sends to the slow receivers; a second runs once the first one's lease would have run out."""
    first: list[BatchCounts] = []
    started = time.monotonic()
    runner = threading.Thread(target=lambda: first.append(_runner(engine, lease_seconds)))
    runner.start()
    time.sleep(max(second_after - (time.monotonic() - started), 0))
    second = _runner(engine, lease_seconds)
    runner.join(timeout=60)
    assert not runner.is_alive()
    return first[0], second


def _delivered_events(session: Session) -> Counter[object]:
    events = session.exec(select(AuditEvent).where(AuditEvent.event_type == "notice.delivered")).all()
    return Counter(event.subject_id for event in events)


def test_a_live_sender_keeps_its_claims_past_the_lease(session: Session, db: Engine) -> None:
    """Lease 5 s, receivers answering after 7 s, a second runner at 5.8 s: 0 duplicates, one delivery each."""
    with http_sink() as sink:
        sink.slow_seconds = 7.0
        _seed(session, sink)
        first, second = _race(db, lease_seconds=5, second_after=5.8)
        keys = Counter(sink.keys())
    assert second.claimed == 0  # the leases were renewed: nothing looked abandoned
    assert first.delivered == CUSTOMERS
    assert len(keys) == CUSTOMERS
    assert set(keys.values()) == {1}
    session.expire_all()
    notices = session.exec(select(Notice)).all()
    assert {(n.status, n.possible_duplicate) for n in notices} == {(NoticeStatus.DELIVERED, False)}
    assert set(_delivered_events(session).values()) == {1}
    assert len(_delivered_events(session)) == CUSTOMERS


def test_a_sender_that_lost_its_claim_records_an_extra_attempt_not_a_second_delivery(
    session: Session, db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without renewal the second runner takes over (flagged); the first one's late answers change nothing."""
    monkeypatch.setattr(lease.LeaseKeeper, "renew", lambda self: 0)  # a sender frozen past its lease
    with http_sink() as sink:
        sink.slow_seconds = 2.5
        _seed(session, sink)
        first, second = _race(db, lease_seconds=1.5, second_after=2.0)
        copies = list(sink.received)
    assert (first.stale, first.delivered) == (CUSTOMERS, 0)
    assert (second.stale, second.delivered) == (0, CUSTOMERS)
    # Both copies reached the receivers; the repeat says it may be one.
    assert Counter(c.headers["X-Breach-Notice-Key"] for c in copies) == Counter(
        {key: 2 for key in {c.headers["X-Breach-Notice-Key"] for c in copies}}
    )
    assert sorted(c.body["possible_duplicate"] for c in copies) == [False] * CUSTOMERS + [True] * CUSTOMERS
    session.expire_all()
    assert len(session.exec(select(SentMessage)).all()) == CUSTOMERS
    assert set(_delivered_events(session).values()) == {1}
    attempts = session.exec(select(DeliveryAttempt)).all()
    assert len(attempts) == 2 * CUSTOMERS
    assert sum(a.reason.startswith(STALE_REASON) for a in attempts) == CUSTOMERS


class _OvertakenChannel:
    """Delivers, but while the message is in flight another sender claims the notice (its lease ran out)."""

    def __init__(self, engine: Engine, at: datetime) -> None:
        self.engine, self.at, self.inner = engine, at, RecordingChannel()

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        with unit_of_work(self.engine) as session:
            taken = outbox.claim(session=session, now=self.at, limit=10, token=uuid4())
        assert len(taken) == 1
        return self.inner.send(url, message)


def test_a_stale_settle_is_fenced_on_both_databases(session: Session, db: Engine) -> None:
    """A result settled after another claim took the notice: an attempt saying so, and nothing else."""
    t0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    confirmed_incident(session, customers=[customer(contacts=["json://127.0.0.1:9/hook"])], now=t0)
    policy = RetryPolicy(lease=timedelta(minutes=3))
    overtaken = _OvertakenChannel(db, t0 + timedelta(minutes=4))
    run = partial(deliver_batch, unit_of_work=partial(unit_of_work, db), sender=SENDER, limit=10, policy=policy)
    late = run(channel=overtaken, clock=FixedClock(t0))
    assert (late.claimed, late.stale, late.delivered, late.retrying) == (1, 1, 0, 0)
    session.expire_all()
    notice = session.exec(select(Notice)).one()
    assert (notice.status, notice.possible_duplicate) == (NoticeStatus.SENDING, True)  # the other claim's
    assert session.exec(select(SentMessage)).all() == []
    assert not _delivered_events(session)
    (attempt,) = session.exec(select(DeliveryAttempt)).all()
    assert attempt.reason == STALE_REASON
    # The other sender died in its turn: the next run past its lease delivers, once.
    again = RecordingChannel()
    assert run(channel=again, clock=FixedClock(t0 + timedelta(minutes=8))).delivered == 1
    session.expire_all()
    assert [m.possible_duplicate for _, m in again.sent] == [True]
    assert len(session.exec(select(SentMessage)).all()) == 1
    assert set(_delivered_events(session).values()) == {1}
    assert session.exec(select(Notice.status).where(col(Notice.id) == notice.id)).one() is NoticeStatus.DELIVERED
