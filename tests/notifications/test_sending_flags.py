"""Flags receivers can trust (issue 15, finding 4), over real sockets on loopback.

A try whose outcome is unknown (the request left, no answer came) flags every try after it; the JSON
webhook body is our documented schema with real booleans; a failure says whether nothing arrived; every
notice carries the audit chain's head at sending.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib import resources
from typing import Any

import jsonschema
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditHead
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.errors import DeliveryError
from breach.vocabulary import AttemptOutcome, NoticeStatus
from flows import db
from notifications.channels.channel import AppriseChannel, OutgoingMessage
from notifications.context.models import AuditStamp
from notifications.delivery import archive
from notifications.delivery.sender import BatchCounts, RetryPolicy, deliver_batch
from notifications.render.rendering import render
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.notice_contexts import complete_context, internal_alert_context, minimal_context
from tests.servers import free_port, http_sink, smtp_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(attempts_per_contact=3, backoff=(timedelta(seconds=10),), concurrency=2)
# A read timeout short enough for a test; the hung receiver holds the request far longer.
CHANNEL = AppriseChannel(connect_timeout=2, read_timeout=1)


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resources.files("notifications").joinpath(f"schemas/{name}.json").read_text(encoding="utf-8")
    )
    return loaded


def _deliver(engine: Engine, clock: FixedClock) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=CHANNEL,
        sender=SENDER,
        clock=clock,
        limit=50,
        policy=POLICY,
    )


@pytest.mark.parametrize(("detail", "schema"), [("full", "breach-notice-1.4"), ("minimal", "breach-message-1.0")])
def test_a_retry_after_a_read_timeout_is_flagged_with_real_booleans(
    session: Session, db: Engine, detail: str, schema: str
) -> None:
    """The receiver got the first copy but never answered: the retry says so in the header and as a JSON true."""
    with http_sink() as sink:
        sink.path_modes["/hung"] = "hold"
        contact = {"url": sink.url("hung"), "detail": detail}
        confirmed_incident(session, customers=[customer(contacts=[contact])], now=T0)
        clock = FixedClock(T0)
        first = _deliver(db, clock)
        assert (first.delivered, first.retrying) == (0, 1)
        sink.path_modes.clear()
        sink.release()
        clock.advance(timedelta(minutes=1))
        assert _deliver(db, clock).delivered == 1
        copies = list(sink.received)
    assert len(copies) == 2  # the receiver holds the message twice: the repeat must say it may be one
    assert [c.body["possible_duplicate"] for c in copies] == [False, True]
    assert [c.headers.get("X-Breach-Possible-Duplicate") for c in copies] == [None, "yes"]
    for copy in copies:
        jsonschema.validate(copy.body, _schema(schema))
        assert copy.body["notice_key"] == copy.headers["X-Breach-Notice-Key"]
    session.expire_all()
    notice = session.exec(select(Notice)).one()
    assert notice.possible_duplicate is True
    attempts = session.exec(select(DeliveryAttempt).order_by(col(DeliveryAttempt.started_at))).all()
    outcomes = [a.outcome for a in attempts]
    assert outcomes == [AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS]


def test_a_full_webhook_body_is_the_notice_document(session: Session, db: Engine) -> None:
    """A full-detail webhook receives the notice document itself, valid against schema 1.3 and every earlier one."""
    with http_sink() as sink:
        confirmed_incident(session, customers=[customer(contacts=[sink.url("hook")])], now=T0)
        assert _deliver(db, FixedClock(T0)).delivered == 1
        (request,) = sink.received
    body = request.body
    jsonschema.validate(body, _schema("breach-notice-1.4"))
    for earlier in ("breach-notice-1.2", "breach-notice-1.1", "breach-notice-1.0"):
        relaxed = _schema(earlier)
        for stamp in ("schema", "schema_version"):
            relaxed["properties"][stamp] = {"type": "string"}
        jsonschema.validate(body, relaxed)  # a minor version only adds: older receivers still understand it
    assert body["possible_duplicate"] is False
    assert body["message"]["subject"].startswith("[BR-2026-0001]")
    assert "attachments" not in body


def test_every_notice_carries_the_audit_head_read_when_its_batch_was_prepared(session: Session, db: Engine) -> None:
    """The JSON, the text a person reads and the stored copy name the chain's seq and hash as they were at sending."""
    with smtp_sink() as smtp:
        confirmed_incident(
            session, customers=[customer(language="en", contacts=[smtp.url("dpo@brouwerij.example.org")])], now=T0
        )
        head = session.get(AuditHead, 1)
        assert head is not None
        seq, digest = head.last_seq, head.last_hash
        assert _deliver(db, FixedClock(T0)).delivered == 1
        (message,) = smtp.messages
    (attachment,) = list(message.iter_attachments())
    assert json.loads(attachment.get_content())["audit_head"] == {"seq": seq, "hash": digest}
    line = f"Audit chain at sending: #{seq} {digest}"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert line in " ".join(text.get_content().split())
    assert line in html.get_content()
    session.expire_all()
    stored = session.exec(select(SentMessage)).one()
    assert stored.content is not None
    assert line in " ".join(str(archive.unpack(stored.content)["text"]).split())
    # Delivering appended to the chain after the head was read: the head in the notice is the earlier one.
    after = session.get(AuditHead, 1)
    assert after is not None
    assert after.last_seq > seq


def _failure(url: str) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        CHANNEL.send(url, OutgoingMessage(notice_key="BR-2026-0001.initial.1.x", subject="s", text="t"))
    return caught.value


def test_a_failure_says_whether_nothing_arrived_or_the_receiver_may_hold_the_message() -> None:
    """Refused and unresolvable: nothing arrived; no answer after sending: may have arrived; a 500: neither."""
    dead = free_port()
    refused = _failure(f"json://127.0.0.1:{dead}/hook")
    assert (refused.refused, refused.may_have_arrived) == (True, False)
    assert "Connection refused" in refused.reason
    unknown_host = _failure("json://nowhere.invalid/hook")
    assert (unknown_host.refused, unknown_host.may_have_arrived) == (True, False)
    mail = _failure(f"mailto://127.0.0.1:{dead}?to=a@customer.example.org&from=b@cloud.example.org")
    assert (mail.refused, mail.may_have_arrived) == (True, False)
    with http_sink() as sink:
        sink.fail_next("hold")
        hung = _failure(sink.url("hook"))
        assert (hung.refused, hung.may_have_arrived) == (False, True)
        assert "Read timed out" in hung.reason
        sink.fail_next("500")
        answered = _failure(sink.url("hook"))
        assert (answered.refused, answered.may_have_arrived) == (False, False)
    for error in (refused, unknown_host, mail, hung, answered):
        assert error.transient


def test_the_attempt_records_the_notice_status_it_left_in(session: Session, db: Engine) -> None:
    """A refused first contact is recorded as a failed attempt and the notice waits for its next try."""
    confirmed_incident(session, customers=[customer(contacts=[f"json://127.0.0.1:{free_port()}/a"])], now=T0)
    counts = _deliver(db, FixedClock(T0))
    assert counts.claimed == 1
    assert counts.delivered == 0
    session.expire_all()
    notice = session.exec(select(Notice)).one()
    assert notice.status is NoticeStatus.PENDING
    assert notice.possible_duplicate is False  # nothing could have arrived: a retry is no repeat


HEAD = AuditStamp(seq=1234, hash="5f3a" + "0" * 60)


@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
@pytest.mark.parametrize("build", [complete_context, minimal_context, internal_alert_context])
def test_the_audit_head_line_is_in_every_language_and_layout(language: str, build: Any) -> None:
    """Text and HTML of a full notice, a minimal one and an internal alert name the head's seq and whole hash."""
    context = build(language=language, audit_head=HEAD)
    rendered = render(context.kind, language, context)
    for part in (" ".join(rendered.text.split()), rendered.html):
        assert "1234" in part
        assert HEAD.hash in part
    without = render(context.kind, language, build(language=language))
    assert HEAD.hash not in without.text
