"""No head-of-line blocking (issue 15, finding 2): a hung receiver delays neither the healthy ones' sending
nor the recording of their delivery.

Before, a batch's sender threads were waited for as a whole before anything was settled: with 2 % of the
receivers hanging, healthy notices were recorded delivered only after the hung ones' timeouts.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db.models.outbox import Notice
from breach.vocabulary import NoticeStatus
from flows.db import unit_of_work
from notifications.channels.channel import AppriseChannel
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import http_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
HEALTHY, HUNG = 10, 2
READ_TIMEOUT = 4.0


def _delivered(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Notice.id).where(col(Notice.status) == NoticeStatus.DELIVERED)).all())


def test_healthy_notices_are_recorded_while_hung_receivers_still_hold_their_senders(
    session: Session, db: Engine
) -> None:
    """Two receivers hang past the read timeout; the ten healthy ones are recorded delivered within a second."""
    with http_sink() as sink:
        contacts = [sink.url(f"hung{i}") for i in range(HUNG)] + [sink.url(f"ok{i}") for i in range(HEALTHY)]
        for i in range(HUNG):
            sink.path_modes[f"/hung{i}"] = "hold"
        customers = [customer(f"Klant {i} BV", contacts=[url]) for i, url in enumerate(contacts)]
        confirmed_incident(session, customers=customers, now=T0)
        counts: list[BatchCounts] = []
        started = time.monotonic()
        batch = threading.Thread(
            target=lambda: counts.append(
                deliver_batch(
                    unit_of_work=partial(unit_of_work, db),
                    channel=AppriseChannel(connect_timeout=2, read_timeout=READ_TIMEOUT),
                    sender=SENDER,
                    clock=FixedClock(T0),
                    limit=50,
                    policy=RetryPolicy(concurrency=4, backoff=(timedelta(seconds=30),)),
                )
            )
        )
        batch.start()
        while _delivered(db) < HEALTHY and time.monotonic() - started < READ_TIMEOUT:
            time.sleep(0.05)
        recorded_after = time.monotonic() - started
        still_sending = batch.is_alive()
        batch.join(timeout=30)
    assert _delivered(db) == HEALTHY
    assert recorded_after < 1.5, recorded_after
    assert still_sending  # the hung receivers still held their senders when the healthy ones were recorded
    (total,) = counts
    assert (total.claimed, total.delivered, total.retrying) == (HEALTHY + HUNG, HEALTHY, HUNG)
