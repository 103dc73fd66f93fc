"""A hung receiver no longer holds its batch's place (issue 19), over real sockets.

With ``straggle_after`` a batch returns once every notice went to a sender and no result came for that
long; the hung receiver's try settles in the background, as it would have in the batch: its attempt row,
its retry, the possible-duplicate flag (the request left, no answer came). Without it, the batch returns
only when every try is settled, as before.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from breach.clock import FixedClock
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.vocabulary import NoticeStatus
from flows.db import unit_of_work
from notifications.channels.channel import AppriseChannel
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from notifications.delivery.stragglers import background
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import http_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
HEALTHY = 8
READ_TIMEOUT = 3.0  # a try to the hung receiver ends after connect + 2 x read timeout at the latest


def _statuses(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.exec(select(Notice.status, func.count()).group_by(col(Notice.status))).all()
        return {str(getattr(status, "value", status)): count for status, count in rows}


def _deliver(engine: Engine, straggle_after: float | None) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(unit_of_work, engine),
        channel=AppriseChannel(connect_timeout=2, read_timeout=READ_TIMEOUT),
        sender=SENDER,
        clock=FixedClock(T0),
        limit=50,
        policy=RetryPolicy(concurrency=4, backoff=(timedelta(seconds=30),)),
        straggle_after=straggle_after,
        straggle_group="test",
    )


def test_a_batch_returns_while_its_hung_receiver_settles_in_the_background(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        sink.path_modes["/hung"] = "hold"
        urls = [sink.url("hung")] + [sink.url(f"ok{i}") for i in range(HEALTHY)]
        confirmed_incident(
            session, customers=[customer(f"Klant {i} BV", contacts=[u]) for i, u in enumerate(urls)], now=T0
        )
        started = time.monotonic()
        counts = _deliver(db, straggle_after=0.5)
        returned_after = time.monotonic() - started
        assert returned_after < READ_TIMEOUT  # it did not wait out the hung receiver's try
        assert background.in_flight("test") == 1
        assert _statuses(db).get("sending", 0) >= 1  # the hung one, still in flight under its claim
        later = background.wait("test")
    # Every notice settled exactly once, in the batch or after it.
    assert counts.claimed + later.claimed == HEALTHY + 1
    assert (counts.delivered + later.delivered, counts.retrying + later.retrying) == (HEALTHY, 1)
    assert background.in_flight("test") == 0
    assert _statuses(db) == {"delivered": HEALTHY, "pending": 1}
    with Session(db) as check:
        hung = check.exec(select(Notice).where(Notice.status == NoticeStatus.PENDING)).one()
        assert hung.possible_duplicate  # the request left, no answer came: its next try says so
        assert check.exec(select(func.count()).select_from(DeliveryAttempt)).one() == HEALTHY + 1


def test_without_straggle_after_the_batch_settles_everything_before_it_returns(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        sink.path_modes["/hung"] = "hold"
        urls = [sink.url("hung"), sink.url("ok")]
        confirmed_incident(
            session, customers=[customer(f"Klant {i} BV", contacts=[u]) for i, u in enumerate(urls)], now=T0
        )
        counts = _deliver(db, straggle_after=None)
    assert (counts.delivered, counts.retrying) == (1, 1)
    assert background.in_flight("test") == 0
    assert _statuses(db) == {"delivered": 1, "pending": 1}
