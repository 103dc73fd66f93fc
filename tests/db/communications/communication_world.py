"""A small world for the communications' tests: fictional customers whose contacts are paths of one loopback
HTTP sink, delivery through the real outbox and Apprise, acknowledgement links, a fixed clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Final

from sqlalchemy import Engine
from sqlmodel import Session

from breach.clock import FixedClock
from flows.db import unit_of_work
from flows.usecases.directory_import import import_directory
from notifications import ack
from notifications.channels.channel import AppriseChannel
from notifications.delivery.sender import BatchCounts, InternalRoute, RetryPolicy, deliver_batch
from tests.factories import SENDER, directory
from tests.servers import HttpSink

T0: Final = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
H: Final = timedelta(hours=1)
SECRET: Final = "communications-secret-0123456789-abcdefg"
POLICY: Final = RetryPolicy(attempts_per_contact=1, backoff=(timedelta(seconds=30),), concurrency=2)
LINK: Final = re.compile(r"http://127\.0\.0\.1:8765/ack/([A-Za-z0-9_.-]+)")


def customer_with(sink: HttpSink, name: str, prefix: str, **overrides: Any) -> dict[str, Any]:
    """A customer whose first contact is a chat channel (minimal), then two full-detail ones."""
    base: dict[str, Any] = {
        "name": name,
        "language": "nl",
        "timezone": "Europe/Brussels",
        "lead_authority": "BE-GBA",
        "contacts": [
            {"url": sink.url(f"{prefix}-chat"), "detail": "minimal"},
            sink.url(f"{prefix}-privacy"),
            sink.url(f"{prefix}-legal"),
        ],
        "services": [{"code": "mail-hosting", "data_subjects": 1200}],
    }
    base.update(overrides)
    return base


def load(session: Session, *customers: dict[str, Any]) -> None:
    import_directory(directory(*customers), session=session, actor="t", now=T0, source="test")
    session.commit()


def deliver(engine: Engine, clock: FixedClock, internal: InternalRoute | None = None) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(unit_of_work, engine),
        channel=AppriseChannel(read_timeout=5),
        sender=SENDER,
        clock=clock,
        limit=50,
        policy=POLICY,
        internal=internal or InternalRoute(),
        links=ack.link_maker(base_url=SENDER.public_url, secret=SECRET, clock=clock),
    )


def text_of(sink: HttpSink, path: str) -> str:
    """The message (title and body) the sink got on ``path``; fails when it got none or several."""
    got = [r.body for r in sink.received if r.path == f"/{path}"]
    assert len(got) == 1, f"{path}: {len(got)} messages"
    return f"{got[0].get('title', '')}\n{got[0].get('message', '')}"
