"""E-mail built in a render worker and sent from the sending process (issue 19), over a real SMTP sink.

The message built by ``render_and_prepare`` (what a render worker runs for a ``mailto://`` contact) is
the one Apprise would build in the sending process: same headers, the same notice key, the HTML and its
text alternative, the JSON attachment. A prepared message whose URL, key or flag no longer match is
built again by Apprise (never sent with a stale key), and a batch sent with a render worker delivers
every e-mail once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session

from breach.clock import FixedClock
from flows import db as db_module
from notifications.channels.channel import KEY_HEADER, AppriseChannel, Attachment, OutgoingMessage
from notifications.delivery.offload.mail_in_worker import render_and_prepare, wants_worker
from notifications.delivery.sender import RetryPolicy, deliver_batch
from notifications.render import payload
from notifications.render.rendering import render_pool
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.notice_contexts import complete_context
from tests.servers import smtp_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
CHANNEL = AppriseChannel(connect_timeout=2, read_timeout=5)
KEY = "BR-2026-0001.initial.1.abc"


def _message(url: str, key: str = KEY, *, duplicate: bool = False, prepare_for: str | None = None) -> OutgoingMessage:
    rendition, prepared = render_and_prepare(
        "initial", "en", complete_context(), True, (), prepare_for or url, key, duplicate
    )
    assert rendition.rendered is not None
    assert rendition.document is not None
    return OutgoingMessage(
        notice_key=key,
        subject=rendition.rendered.subject,
        text=rendition.rendered.text,
        html=rendition.rendered.html,
        attachments=(Attachment(payload.FILENAME, rendition.document, "application/json"),),
        possible_duplicate=duplicate,
        document=rendition.document,
        prepared=prepared,
    )


def _shape(message: EmailMessage) -> tuple[object, ...]:
    """What must not differ between a message built here and one Apprise built: headers and parts."""
    parts = [(p.get_content_type(), p.get_filename()) for p in message.walk()]
    return (message["Subject"], message["From"], message["To"], message[KEY_HEADER], parts)


def test_the_worker_builds_the_email_apprise_would_build() -> None:
    with smtp_sink() as sink:
        url = sink.url()
        assert wants_worker((url,))
        built_in_worker = _message(url)
        assert built_in_worker.prepared is not None
        CHANNEL.send(url, built_in_worker)
        by_apprise = _message(url, prepare_for="mailto://127.0.0.1:9?to=else@example.org&from=b@example.org")
        assert by_apprise.prepared is not None  # built, but for another contact: not used for this one
        CHANNEL.send(url, by_apprise)
        first, second = sink.messages
    assert _shape(first) == _shape(second)
    assert first[KEY_HEADER] == KEY
    text = first.get_body(("plain",))
    html = first.get_body(("html",))
    assert text is not None
    assert html is not None
    assert "INC-2025-0042" in text.get_content()  # the text alternative, from the HTML


def test_a_prepared_message_with_another_flag_is_built_again() -> None:
    """Built before the notice became a possible duplicate: Apprise builds it with the flag instead."""
    with smtp_sink() as sink:
        url = sink.url()
        stale = _message(url, duplicate=False)
        flagged = replace(stale, possible_duplicate=True)
        CHANNEL.send(url, flagged)
        (received,) = sink.messages
    assert received["X-Breach-Possible-Duplicate"] == "yes"


def test_a_batch_with_a_render_worker_delivers_every_email_once(session: Session, db: Engine) -> None:
    with smtp_sink() as sink:
        customers = [customer(f"Klant {i} BV", contacts=[sink.url(f"dpo{i}@klant{i}.example.org")]) for i in range(20)]
        confirmed_incident(session, customers=customers, now=T0)
        pool = render_pool(1)
        assert pool is not None
        assert pool.ready() or _wait_ready(pool)
        counts = deliver_batch(
            unit_of_work=partial(db_module.unit_of_work, db),
            channel=CHANNEL,
            sender=SENDER,
            clock=FixedClock(T0),
            limit=50,
            policy=RetryPolicy(concurrency=4, backoff=(timedelta(seconds=30),), render_processes=1),
        )
        keys = [m[KEY_HEADER] for m in sink.messages]
    assert counts.delivered == 20
    assert len(keys) == len(set(keys)) == 20


def _wait_ready(pool: object) -> bool:
    import time  # noqa: PLC0415

    for _ in range(300):
        if pool.ready():  # type: ignore[attr-defined]
            return True
        time.sleep(0.1)
    return False
