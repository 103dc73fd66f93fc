"""A receiver that answers 503 or 429 is retried soon, honouring its ``Retry-After`` (issue 19), over real sockets.

The retry stays a row in the database (``Notice.next_attempt_at``): a sender that starts before it is due
takes nothing, one that starts after takes it, whoever it is (a restart resumes it). Every try is a
``DeliveryAttempt`` row; nothing arrives twice and nothing is flagged a possible duplicate: a busy
receiver said it took nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.errors import DeliveryError
from breach.vocabulary import AttemptOutcome, NoticeStatus
from flows import db
from notifications.channels import retry_after
from notifications.channels.channel import AppriseChannel
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import http_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(backoff=(timedelta(seconds=30), timedelta(minutes=2)), concurrency=2)
CHANNEL = AppriseChannel(connect_timeout=2, read_timeout=2)


def _deliver(engine: Engine, clock: FixedClock) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=CHANNEL,
        sender=SENDER,
        clock=clock,
        limit=10,
        policy=POLICY,
    )


def _notice(engine: Engine) -> Notice:
    with Session(engine) as session:
        return session.exec(select(Notice)).one()


def _attempts(engine: Engine) -> list[DeliveryAttempt]:
    with Session(engine) as session:
        return list(session.exec(select(DeliveryAttempt).order_by(col(DeliveryAttempt.started_at))).all())


def test_503_twice_is_retried_after_seconds_not_minutes(session: Session, db: Engine) -> None:
    """Two 503s without Retry-After: retried after 2 s, then 8 s (not 30 s and 2 min); delivered once."""
    with http_sink() as sink:
        sink.fail_next("503", "503")
        confirmed_incident(session, customers=[customer(contacts=[sink.url("busy")])], now=T0)
        clock = FixedClock(T0)
        assert _deliver(db, clock).retrying == 1
        assert _notice(db).next_attempt_at == T0 + timedelta(seconds=2)
        clock.advance(timedelta(seconds=1))
        assert _deliver(db, clock).claimed == 0  # not due yet: the schedule is the database's
        clock.advance(timedelta(seconds=1))
        assert _deliver(db, clock).retrying == 1
        assert _notice(db).next_attempt_at == T0 + timedelta(seconds=2 + 8)
        clock.advance(timedelta(seconds=8))
        assert _deliver(db, clock).delivered == 1
        received = list(sink.received)
    notice = _notice(db)
    assert (notice.status, notice.attempts, notice.possible_duplicate) == (NoticeStatus.DELIVERED, 3, False)
    attempts = _attempts(db)
    assert [a.outcome for a in attempts] == [AttemptOutcome.FAILURE, AttemptOutcome.FAILURE, AttemptOutcome.SUCCESS]
    assert all("503" in a.reason for a in attempts[:2])
    assert len(received) == 1
    assert received[0].body["possible_duplicate"] is False


@pytest.mark.parametrize(("status", "header", "expected"), [("429", "5", 5), ("503", "3600", 30)])
def test_retry_after_in_seconds_is_honoured_up_to_the_normal_wait(
    session: Session, db: Engine, status: str, header: str, expected: int
) -> None:
    """Retry-After: 5 waits 5 s; Retry-After: 3600 waits the normal 30 s (our duty is "immediately")."""
    with http_sink() as sink:
        sink.fail_next(status)
        sink.retry_after = header
        confirmed_incident(session, customers=[customer(contacts=[sink.url("busy")])], now=T0)
        clock = FixedClock(T0)
        assert _deliver(db, clock).retrying == 1
        assert _notice(db).next_attempt_at == T0 + timedelta(seconds=expected)
        assert f"Retry-After: {header} s" in _attempts(db)[0].reason
        clock.advance(timedelta(seconds=expected))
        assert _deliver(db, clock).delivered == 1
        assert len(sink.received) == 1


def test_retry_after_as_an_http_date(session: Session, db: Engine) -> None:
    """Retry-After as an HTTP date (IMF-fixdate) 20 s from now: the retry waits about 20 s."""
    with http_sink() as sink:
        sink.fail_next("503")
        sink.retry_after = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
        confirmed_incident(session, customers=[customer(contacts=[sink.url("busy")])], now=T0)
        assert _deliver(db, FixedClock(T0)).retrying == 1
    due = _notice(db).next_attempt_at
    assert due is not None
    assert T0 + timedelta(seconds=17) <= due.replace(tzinfo=UTC) <= T0 + timedelta(seconds=20)


def test_a_third_busy_answer_moves_on_to_the_next_contact(session: Session, db: Engine) -> None:
    """Busy is transient like any other failure: after three tries in a row the next contact is tried."""
    with http_sink() as sink:
        sink.path_modes["/busy"] = "503"
        first, second = sink.url("busy"), sink.url("spare")
        confirmed_incident(session, customers=[customer(contacts=[first, second])], now=T0)
        clock = FixedClock(T0)
        for wait in (2, 8):
            assert _deliver(db, clock).retrying == 1
            clock.advance(timedelta(seconds=wait))
        assert _deliver(db, clock).retrying == 1  # the third 503: on to the spare contact at once
        assert _deliver(db, clock).delivered == 1
        assert [r.path for r in sink.received] == ["/spare"]


NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", timedelta(seconds=120)),
        (" 0 ", timedelta(0)),
        ("Mon, 01 Jun 2026 08:00:45 GMT", timedelta(seconds=45)),  # IMF-fixdate
        ("Monday, 01-Jun-26 08:01:00 GMT", timedelta(minutes=1)),  # obsolete RFC 850 form
        ("Mon Jun  1 08:00:10 2026", timedelta(seconds=10)),  # obsolete asctime form
        ("Mon, 01 Jun 2026 07:00:00 GMT", timedelta(0)),  # already past: no wait
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("999999999999", None),  # absurd: no advice
    ],
)
def test_retry_after_values(value: str | None, expected: timedelta | None) -> None:
    assert retry_after.delay(value, now=NOW) == expected


def test_the_wait_after_a_failure() -> None:
    """Retry-After wins, capped at the normal wait; busy without it waits seconds; the rest the backoff."""
    policy = RetryPolicy(backoff=(timedelta(seconds=30), timedelta(minutes=2)))
    busy = DeliveryError("503", transient=True, busy=True)
    assert [policy.after(busy, tries) for tries in (1, 2, 3)] == [timedelta(seconds=s) for s in (2, 8, 8)]
    asked = DeliveryError("429", transient=True, busy=True, retry_after=timedelta(seconds=90))
    assert [policy.after(asked, tries) for tries in (1, 2)] == [timedelta(seconds=30), timedelta(seconds=90)]
    plain = DeliveryError("500", transient=True)
    assert [policy.after(plain, tries) for tries in (1, 2)] == [timedelta(seconds=30), timedelta(minutes=2)]
