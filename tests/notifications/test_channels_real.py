"""Notices over real SMTP and HTTP servers on loopback: content, attachment, key, fallback, DPO alert."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib import resources
from typing import Any

import jsonschema
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.outbox import Notice
from breach.vocabulary import Language, NoticeKind, NoticeStatus
from flows import db
from flows import db as db_module
from flows.usecases.unreached import sweep
from notifications.channels.channel import AppriseChannel
from notifications.delivery.sender import InternalRoute, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident
from tests.servers import free_port, http_sink, smtp_sink

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
NATURE = "Mailboxes on node 3 were encrypted by ransomware."
FACTS = {
    "breach_types": ["confidentiality", "availability"],
    "data_categories": ["identity", "contact"],
    "data_subjects": 1200,
    "availability": "temporary",
}


def _schema(version: str) -> dict[str, Any]:
    path = resources.files("notifications").joinpath(f"schemas/breach-notice-{version}.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _as_earlier(version: str) -> dict[str, Any]:
    """An earlier published schema with its version stamp relaxed: a minor version only adds fields, so the
    rest of what we send now must still pass it (a receiver written for it keeps understanding us)."""
    schema = _schema(version)
    for stamp in ("schema", "schema_version"):
        schema["properties"][stamp] = {"type": "string"}
    return schema


SCHEMA = _schema("1.4")
PUBLISHED = (SCHEMA, _as_earlier("1.3"), _as_earlier("1.2"), _as_earlier("1.1"), _as_earlier("1.0"))


def _confirm(session: Session, contacts: list[Any], language: str = "fr") -> None:
    # The facts and the nature are what the notices are checked to carry (or, in a minimal one, leave out).
    confirmed_incident(
        session,
        customers=[customer("Boulangerie Exemple SA", language=language, contacts=contacts)],
        now=T0,
        narrative={"nature": NATURE, "likely_consequences": "Phishing.", "measures_taken": "Isolated."},
        facts=FACTS,
    )


NO_ROUTE = InternalRoute()


def _deliver(engine: Engine, clock: FixedClock, internal: InternalRoute = NO_ROUTE) -> Any:
    return deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=AppriseChannel(read_timeout=5),
        sender=SENDER,
        clock=clock,
        limit=50,
        policy=RetryPolicy(attempts_per_contact=2, backoff=(timedelta(seconds=10),)),
        internal=internal,
    )


def test_an_email_notice_is_complete(session: Session, db: Engine) -> None:
    """By SMTP: subject in French, a text and an HTML part, the JSON attachment valid against its schema, the key."""
    with smtp_sink() as smtp:
        _confirm(session, [smtp.url("dpd@boulangerie.example.org")])
        assert _deliver(db, FixedClock(T0)).delivered == 1
        (message,) = smtp.messages
    assert message["Subject"].startswith("[BR-2026-0001]")
    assert "violation" in message["Subject"].lower()
    key = message["X-Breach-Notice-Key"]
    assert key.startswith("BR-2026-0001.initial.1.")
    body = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert body is not None
    assert html is not None
    assert NATURE in body.get_content()
    assert 'lang="fr"' in html.get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "breach-notice.json"
    document = json.loads(attachment.get_content())
    for schema in PUBLISHED:
        jsonschema.validate(document, schema)
    assert document["notice_key"] == key
    assert document["facts"]["data_subjects"] == 1200


def test_a_minimal_contact_never_receives_the_facts(session: Session, db: Engine) -> None:
    """A chat-like contact gets a short notice: no nature, no attachment, but the reference and the key."""
    with http_sink() as sink:
        _confirm(session, [{"url": sink.url("chat"), "detail": "minimal"}])
        _deliver(db, FixedClock(T0))
        (request,) = sink.received
    text = json.dumps(request.body, ensure_ascii=False)
    assert NATURE not in text
    for count in ("1200", "1\u202f200", "1,200", "1.200"):  # the facts' count, in any language's form
        assert count not in text
    assert not request.body.get("attachments")
    assert "BR-2026-0001" in request.body["message"]
    assert request.body["notice_key"].startswith("BR-2026-0001.initial.1.")


def test_an_unreachable_customer_ends_in_a_dpo_alert_with_the_reason(session: Session, db: Engine) -> None:
    """Both contacts refuse connections: the notice keeps retrying (it is never dropped), and once it is
    unreached past the threshold our DPO gets one alert naming the customer and the reason."""
    dead = [f"json://127.0.0.1:{free_port()}/a", f"json://127.0.0.1:{free_port()}/b"]
    with http_sink() as dpo:
        route = InternalRoute(urls=(dpo.url("dpo"),), language="en")
        _confirm(session, dead)
        clock = FixedClock(T0)
        for _ in range(8):
            with db_module.unit_of_work(db) as unit:
                sweep(session=unit, now=clock.now(), after=timedelta(minutes=5), language=Language.EN)
            _deliver(db, clock, route)
            clock.advance(timedelta(minutes=1))
        (alert,) = dpo.received
    session.expire_all()
    notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.INITIAL)).one()
    assert notice.status is NoticeStatus.PENDING
    assert notice.last_error
    assert notice.unreached_at is not None
    message = alert.body["message"]
    assert "Boulangerie Exemple SA" in message
    assert notice.last_error.split(":")[0] in message
    internal = session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).one()
    assert internal.status is NoticeStatus.DELIVERED
