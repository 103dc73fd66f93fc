"""A notice owed to a controller is never dropped while its duty stands (issue 15, finding 1).

Real loopback HTTP receivers that are down (connection refused), then come up; an injected clock so ten
minutes of outage take a second; the real drain loop of ``breach outbox run`` (``deliver_due``).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import uuid4

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Contact
from breach.db.models.incidents import Incident
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.errors import DeliveryError
from breach.vocabulary import AttemptOutcome, DetailLevel, IncidentStatus, Language, NoticeKind, NoticeStatus
from flows import db as flows_db
from flows.usecases import lifecycle
from flows.usecases.outbox import deliver_due, pending
from flows.usecases.unreached import redrive_failed, sweep
from notifications.channels.channel import AppriseChannel, FailingChannel, RecordingChannel
from notifications.delivery.retries import NO_CONTACT
from notifications.delivery.sender import BatchCounts, InternalRoute, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import free_port, http_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(concurrency=4)


@dataclass
class LateReceiver:
    """A webhook receiver on a port fixed now that refuses connections until ``start``."""

    port: int = field(default_factory=free_port)
    keys: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def start(self) -> None:
        keys = self.keys

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                keys.append(self.headers.get("X-Breach-Notice-Key", ""))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@contextmanager
def late_receiver() -> Iterator[LateReceiver]:
    receiver = LateReceiver()
    try:
        yield receiver
    finally:
        if receiver.server is not None:
            receiver.server.shutdown()
            receiver.server.server_close()


NO_ROUTE = InternalRoute()


def _deliverer(engine: Engine, clock: FixedClock, channel: Any, internal: InternalRoute = NO_ROUTE) -> Any:
    def deliver(limit: int, incident_id: Any) -> BatchCounts:
        return deliver_batch(
            unit_of_work=partial(flows_db.unit_of_work, engine),
            channel=channel,
            sender=SENDER,
            clock=clock,
            limit=limit,
            policy=POLICY,
            incident_id=incident_id,
            internal=internal,
        )

    return deliver


def _sweep(engine: Engine, now: datetime, after: timedelta = timedelta(hours=1)) -> Any:
    with flows_db.unit_of_work(engine) as session:
        return sweep(session=session, now=now, after=after, language=Language.EN)


def _customer_notices(session: Session) -> list[Notice]:
    session.expire_all()
    return list(session.exec(select(Notice).where(col(Notice.customer_id).is_not(None))).all())


def test_a_receiver_down_ten_minutes_gets_every_notice_after_it_recovers_and_none_twice(
    session: Session, db: Engine
) -> None:
    """Twelve customers on a receiver that refuses connections for 10 minutes: after it comes back, each
    notice arrives exactly once, within one backoff step, and none was ever failed or dropped."""
    with late_receiver() as receiver:
        contacts = {i: [receiver.url(f"c{i}")] + ([receiver.url(f"c{i}-b")] if i < 3 else []) for i in range(12)}
        confirmed_incident(
            session, customers=[customer(f"Klant {i:02d} BV", contacts=contacts[i]) for i in range(12)], now=T0
        )
        clock = FixedClock(T0)
        deliver = _deliverer(db, clock, AppriseChannel(connect_timeout=2, read_timeout=5))
        recovered = T0 + timedelta(minutes=10)
        while clock.now() <= T0 + timedelta(minutes=25):
            if clock.now() >= recovered and receiver.server is None:
                receiver.start()
            _sweep(db, clock.now())
            deliver_due(deliver=deliver, batch_size=5)
            clock.advance(timedelta(minutes=1))
        keys = list(receiver.keys)
    notices = _customer_notices(session)
    assert {n.status for n in notices} == {NoticeStatus.DELIVERED}
    assert sorted(keys) == sorted(n.notice_key for n in notices)  # every one, none twice
    assert all(
        n.delivered_at is not None and recovered <= n.delivered_at <= recovered + POLICY.backoff[2] for n in notices
    )
    assert session.exec(select(AuditEvent).where(AuditEvent.event_type == "notice.failed")).all() == []
    refused = session.exec(select(DeliveryAttempt).where(DeliveryAttempt.outcome != AttemptOutcome.SUCCESS)).all()
    assert len(refused) >= 3 * len(notices)  # each tried again and again while the receiver was down
    assert pending(session=session).exit_code == 0


def test_a_refused_primary_hands_over_to_the_second_contact_in_the_same_run(session: Session, db: Engine) -> None:
    """A dead primary (connection refused) moves the notice to the next contact at once, and `outbox run`
    sends it in the same run although the first batch claimed fewer notices than the batch size."""
    dead = f"json://127.0.0.1:{free_port()}/dead"
    with http_sink() as sink:
        confirmed_incident(session, customers=[customer("Klant BV", contacts=[dead, sink.url("second")])], now=T0)
        clock = FixedClock(T0)
        counts = deliver_due(deliver=_deliverer(db, clock, AppriseChannel(connect_timeout=2, read_timeout=5)))
        assert [r.path for r in sink.received] == ["/second"]
    (notice,) = _customer_notices(session)
    assert notice.status is NoticeStatus.DELIVERED
    assert (counts.claimed, counts.delivered, counts.retrying) == (2, 1, 1)


@dataclass
class Outage:
    """Refuses every customer contact (nothing arrived) while ``down``; records what gets through."""

    down: bool = True
    inner: RecordingChannel = field(default_factory=RecordingChannel)

    def send(self, url: str, message: Any) -> Any:
        if self.down and "/dpo" not in url:
            raise DeliveryError("connection refused", transient=True, refused=True)
        return self.inner.send(url, message)


def test_customers_unreached_after_the_threshold_make_one_alert_naming_them(session: Session, db: Engine) -> None:
    """Thirty unreached customers an hour after the first try make ONE alert to our DPO with their count and
    account managers; the next runs raise none again, and retries go on meanwhile."""
    customers = [
        customer(f"Klant {i:02d} BV", contacts=[f"json://127.0.0.1:9/c{i}"], account_manager=f"Manager {i % 3}")
        for i in range(30)
    ]
    confirmed_incident(session, customers=customers, now=T0)
    clock = FixedClock(T0)
    channel = Outage()
    deliver = _deliverer(db, clock, channel, InternalRoute(urls=("json://127.0.0.1:9/dpo",), language="en"))
    for _ in range(6):  # 75 minutes, a watchdog run every 15
        _sweep(db, clock.now())
        deliver_due(deliver=deliver)
        clock.advance(timedelta(minutes=15))
    alerts = [m for url, m in channel.inner.sent if "/dpo" in url]
    assert len(alerts) == 1
    (alert,) = alerts
    assert "Klant 00 BV" in alert.text
    assert "30" in alert.text
    assert "Manager 2" in alert.text
    notices = _customer_notices(session)
    assert {n.status for n in notices} == {NoticeStatus.PENDING}
    assert all(n.unreached_at is not None for n in notices)
    assert pending(session=session).exit_code == 4


def _fail_the_old_way(session: Session, db: Engine, outcome: AttemptOutcome) -> Notice:
    """A notice as the old policy left it: tried, then ``failed`` for good (the "20 failed" seen)."""
    confirmed_incident(session, customers=[customer("Klant BV", contacts=["json://127.0.0.1:9/a"])], now=T0)
    deliver_due(deliver=_deliverer(db, FixedClock(T0), FailingChannel()), max_batches=1)
    (notice,) = _customer_notices(session)
    notice.status = NoticeStatus.FAILED
    notice.next_attempt_at = None
    session.add(notice)
    for attempt in session.exec(select(DeliveryAttempt).where(DeliveryAttempt.notice_id == notice.id)).all():
        attempt.outcome = outcome
        session.add(attempt)
    session.commit()
    return notice


def test_a_notice_failed_by_the_old_policy_is_redriven_and_delivered(session: Session, db: Engine) -> None:
    """A failed notice whose duty stands and whose last try may pass goes round again and is delivered."""
    notice = _fail_the_old_way(session, db, AttemptOutcome.TIMEOUT)
    later = T0 + timedelta(hours=2)
    with flows_db.unit_of_work(db) as unit:  # `breach confirm` again re-drives its own incident's only
        assert redrive_failed(session=unit, now=later, incident_id=uuid4()) == 0
        unit.rollback()
    assert notice.incident_id is not None
    with flows_db.unit_of_work(db) as unit:
        assert redrive_failed(session=unit, now=later, incident_id=notice.incident_id) == 1
        unit.rollback()
    assert _sweep(db, later).redriven == 1
    channel = RecordingChannel()
    deliver_due(deliver=_deliverer(db, FixedClock(later), channel))
    (notice,) = _customer_notices(session)
    assert notice.status is NoticeStatus.DELIVERED
    assert len(channel.sent) == 1
    events = session.exec(select(AuditEvent.event_type).where(AuditEvent.subject_id == str(notice.id))).all()
    assert "notice.redriven" in events


def test_what_cannot_succeed_or_is_no_longer_owed_is_not_redriven(session: Session, db: Engine) -> None:
    """A notice failed permanently (an unusable contact) stays failed; so does one whose incident closed."""
    notice = _fail_the_old_way(session, db, AttemptOutcome.ERROR)
    assert _sweep(db, T0 + timedelta(hours=2)).redriven == 0
    for attempt in session.exec(select(DeliveryAttempt).where(DeliveryAttempt.notice_id == notice.id)).all():
        attempt.outcome = AttemptOutcome.TIMEOUT
        session.add(attempt)
    incident = session.exec(select(Incident)).one()
    incident.status = IncidentStatus.CLOSED
    session.add(incident)
    session.commit()
    assert _sweep(db, T0 + timedelta(hours=3)).redriven == 0
    (stored,) = _customer_notices(session)
    assert stored.status is NoticeStatus.FAILED


def test_a_withdrawn_incident_ends_the_retries_of_its_notice_but_not_of_its_all_clear(
    session: Session, db: Engine
) -> None:
    """The duty ends with the incident: a retrying initial notice fails visibly with that reason at its next
    try, while the all-clear (owed because the incident ended) goes on retrying."""
    incident = confirmed_incident(session, customers=[customer("Klant BV", contacts=["json://127.0.0.1:9/a"])], now=T0)
    clock = FixedClock(T0)
    deliver = _deliverer(db, clock, FailingChannel())
    deliver_due(deliver=deliver)
    clock.advance(timedelta(minutes=1))
    lifecycle.withdraw(incident.reference, "A test alert, not a breach.", session=session, actor="dpo", now=clock.now())
    session.commit()
    deliver_due(deliver=deliver)
    by_kind = {n.kind: n for n in _customer_notices(session)}
    assert by_kind[NoticeKind.INITIAL].status is NoticeStatus.FAILED
    assert "the duty ended: the incident is withdrawn" in (by_kind[NoticeKind.INITIAL].last_error or "")
    assert by_kind[NoticeKind.ALL_CLEAR].status is NoticeStatus.PENDING
    assert by_kind[NoticeKind.ALL_CLEAR].last_error == "connection refused"
    # A duty that ended is not a customer to phone: no alert about it, and nothing owed for the exit code.
    assert session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all() == []
    assert pending(session=session).failed == 0


def test_every_try_of_an_endless_retry_waits_by_the_table_and_caps_at_its_last_entry(
    session: Session, db: Engine
) -> None:
    """One contact answering errors: tries 30 s, 2 min, 10 min, then every 30 min apart, never a last one."""
    confirmed_incident(session, customers=[customer("Klant BV", contacts=["json://127.0.0.1:9/a"])], now=T0)
    clock = FixedClock(T0)
    deliver = _deliverer(db, clock, FailingChannel(reason="HTTP 500"))
    tries: list[datetime] = []
    for _ in range(7):
        deliver_due(deliver=deliver)
        tries.append(clock.now())
        (notice,) = _customer_notices(session)
        assert notice.next_attempt_at is not None
        clock.advance(notice.next_attempt_at - clock.now())  # straight to the next try it asked for
    assert notice.attempts == 7
    gaps = [later - earlier for earlier, later in itertools.pairwise(tries)]
    assert gaps == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10)] + [timedelta(minutes=30)] * 3
    assert notice.status is NoticeStatus.PENDING


def test_a_customer_without_a_contact_fails_visibly_and_is_redriven_once_it_has_one(
    session: Session, db: Engine
) -> None:
    """A customer whose only contact left the directory: the notice fails with that reason (nothing can
    succeed); once the directory gives it a contact again, the next sweep re-drives it and it is delivered."""
    confirmed_incident(session, customers=[customer("Klant BV", contacts=["json://127.0.0.1:9/old"])], now=T0)
    (notice,) = _customer_notices(session)
    gone = session.get(Contact, notice.contact_id)
    notice.contact_id = None
    session.add(notice)
    session.flush()
    session.delete(gone)
    session.commit()
    deliver_due(deliver=_deliverer(db, FixedClock(T0), RecordingChannel()))
    (notice,) = _customer_notices(session)
    assert (notice.status, notice.last_error) == (NoticeStatus.FAILED, NO_CONTACT)
    assert _sweep(db, T0 + timedelta(minutes=5)).redriven == 0
    assert notice.customer_id is not None
    fresh = "json://127.0.0.1:9/new"
    session.add(Contact(customer_id=notice.customer_id, position=1, url=fresh, display=fresh, detail=DetailLevel.FULL))
    session.commit()
    assert _sweep(db, T0 + timedelta(minutes=10)).redriven == 1
    channel = RecordingChannel()
    deliver_due(deliver=_deliverer(db, FixedClock(T0 + timedelta(minutes=10)), channel))
    (notice,) = _customer_notices(session)
    assert notice.status is NoticeStatus.DELIVERED
    assert [url for url, _ in channel.sent] == [fresh]


def test_a_notice_whose_contact_left_the_directory_goes_to_the_customers_contact_now(
    session: Session, db: Engine
) -> None:
    """A notice without its contact (a directory import replaced it) takes the customer's first usable
    contact at once and is delivered in the same run."""
    confirmed_incident(session, customers=[customer("Klant BV", contacts=["json://127.0.0.1:9/now"])], now=T0)
    (notice,) = _customer_notices(session)
    notice.contact_id = None
    session.add(notice)
    session.commit()
    channel = RecordingChannel()
    deliver_due(deliver=_deliverer(db, FixedClock(T0), channel))
    (notice,) = _customer_notices(session)
    assert notice.status is NoticeStatus.DELIVERED
    assert [url for url, _ in channel.sent] == ["json://127.0.0.1:9/now"]
