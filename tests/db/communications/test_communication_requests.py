"""A data subject's request forwarded to its controller (DPA clause 4(1); flows.usecases.communications.requests):
told in the customer's language to a full-detail contact only, acknowledged or escalated, in the evidence pack,
and its text removed by retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.outbox import Notice, SentMessage
from breach.errors import InvalidInput
from breach.vocabulary import Language, NoticeKind, NoticeStatus
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.communications import views
from flows.usecases.communications.reminders import remind
from flows.usecases.communications.requests import forward_request
from flows.usecases.communications.retention import purge_requests
from flows.usecases.watch import worklist
from notifications import ack
from notifications.delivery.sender import InternalRoute
from tests.db.communications.communication_world import LINK, SECRET, T0, H, customer_with, deliver, load, text_of
from tests.servers import http_sink

REQUEST = b"Jan Voorbeeld, jan@voorbeeld.test: gelieve mijn gegevens in uw CRM te wissen."


def _forward(db: Engine, **overrides: object) -> Communication:
    values: dict[str, object] = {
        "customer": "Brouwerij Voorbeeld BV",
        "kind": "erasure",
        "received_at": T0 - H,
        "raw": REQUEST,
        "hours": 8,
        "actor": "dpo@cloud.example.org",
        "now": T0,
    }
    values.update(overrides)
    with unit_of_work(db) as s:
        communication = forward_request(session=s, **values)  # type: ignore[arg-type]
        s.expunge(communication)
    return communication


def test_a_request_reaches_a_full_contact_in_dutch_acknowledged_in_the_pack(session: Session, db: Engine) -> None:
    """Never the chat channel; the Dutch notice says when we received it, the controller's month and the text."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        communication = _forward(db)
        assert communication.reference == "COM-2026-0001"
        clock = FixedClock(T0 + timedelta(minutes=5))
        deliver(db, clock)
        assert [r.path for r in sink.received] == ["/bv-privacy"]
        text = text_of(sink, "bv-privacy")
        assert "[COM-2026-0001] Verzoek van een betrokkene" in text
        assert "wissing" in text
        assert "art. 17 AVG" in text
        assert "2 november 2026 om 08:00 CET" in text  # received 07:00 UTC, on Brussels' clock
        assert "2 december 2026 om 08:00 CET" in text  # the controller's month (Art. 12(3))
        assert "gelieve mijn gegevens in uw CRM te wissen" in text
        assert "gedocumenteerde instructie" in text

        # The link in the message is the one the customer follows.
        link = LINK.search(text)
        assert link is not None
        notice_key = ack.verify(link.group(1), secret=SECRET, now=clock.now())
        with unit_of_work(db) as s:
            assert ack.summary(notice_key, session=s).reference == "COM-2026-0001"
            ack.acknowledge(session=s, notice_key=notice_key, by="Els Voorbeeld", via="web", now=clock.now() + H)
        with unit_of_work(db) as s:
            (row,) = views.rows(session=s, now=clock.now() + 2 * H)
            assert (row.reference, row.kind, row.state, row.acknowledged_by) == (
                "COM-2026-0001",
                "subject_request",
                "acknowledged",
                "Els Voorbeeld",
            )
            assert row.rule == "dpa.4.1"
            assert not row.late
            assert row.what == "erasure"
            assert row.due_at == "2026-11-02 16:00 CET (+01:00)"  # 8 contract hours from receipt
            pack = views.build_pack(
                "COM-2026-0001",
                "Brouwerij Voorbeeld BV",
                session=s,
                now=clock.now() + 2 * H,
                signing_key=(key := Ed25519PrivateKey.generate()),
            )
        assert verify_pack(pack.data, key.public_key()) == []
        files = read_zip(pack.data)
        assert pack.sent_messages == 1
        assert b"Els Voorbeeld" in files["acknowledgements.json"]
        assert b'"state": "met"' in files["deadlines.json"]
        assert b"communication.recorded" in files["audit.json"]


def test_unacknowledged_it_goes_to_the_next_full_contact_then_to_our_dpo(session: Session, db: Engine) -> None:
    """The customer's default chain: after 1 h the next full-detail contact (never the chat), after 2 h our DPO."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        _forward(db)
        clock = FixedClock(T0)
        internal = InternalRoute(urls=(sink.url("dpo"),))
        deliver(db, clock, internal)
        clock.advance(H + timedelta(minutes=1))
        with unit_of_work(db) as s:
            counts = remind(session=s, now=clock.now(), internal_language=Language.EN)
        assert (counts.resent, counts.alerted) == (1, 0)
        deliver(db, clock, internal)
        assert [r.path for r in sink.received] == ["/bv-privacy", "/bv-legal"]
        clock.advance(H)
        with unit_of_work(db) as s:
            assert remind(session=s, now=clock.now(), internal_language=Language.EN).alerted == 1
            assert remind(session=s, now=clock.now(), internal_language=Language.EN).alerted == 0  # once
        deliver(db, clock, internal)
        alert = text_of(sink, "dpo")
        assert "COM-2026-0001" in alert
        assert "Brouwerij Voorbeeld BV" in alert
        assert "wissen" not in alert  # the request's text never reaches an internal alert


def test_a_customer_with_only_a_chat_channel_is_never_sent_the_request(session: Session, db: Engine) -> None:
    """No full-detail contact: the notice fails visibly and nothing goes to the chat channel."""
    with http_sink() as sink:
        chat_only = [{"url": sink.url("chat"), "detail": "minimal"}]
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv", contacts=chat_only))
        _forward(db)
        deliver(db, FixedClock(T0), InternalRoute(urls=(sink.url("dpo"),)))
        assert "/chat" not in [r.path for r in sink.received]
        with unit_of_work(db) as s:
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.SUBJECT_REQUEST)).one()
            assert notice.status is NoticeStatus.FAILED


def test_retention_removes_the_text_and_keeps_its_hash(session: Session, db: Engine) -> None:
    """A year after receipt the request's text is gone from the communication, the notice and the sent message."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        _forward(db)
        deliver(db, FixedClock(T0))
        with unit_of_work(db) as s:
            assert purge_requests(session=s, now=T0 + timedelta(days=300), days=365) == []
            (done,) = purge_requests(session=s, now=T0 + timedelta(days=366), days=365)
            assert (done.reference, done.notices, done.sent_messages) == ("COM-2026-0001", 1, 1)
        with unit_of_work(db) as s:
            communication = s.exec(select(Communication)).one()
            assert communication.content is None
            assert communication.content_sha256 is not None
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.SUBJECT_REQUEST)).one()
            assert "wissen" not in str(notice.details)
            assert all(m.content is None for m in s.exec(select(SentMessage)).all())
            assert purge_requests(session=s, now=T0 + timedelta(days=400), days=365) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "deletion"}, "kind"),
        ({"raw": b"   \n"}, "file"),
        ({"raw": b"\xff\xfe"}, "file"),
        ({"received_at": T0 + H}, "received_at"),
    ],
)
def test_bad_input_is_refused_naming_its_field_and_writes_nothing(
    session: Session, db: Engine, overrides: dict[str, object], field: str
) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        with pytest.raises(InvalidInput) as refused:
            _forward(db, **overrides)
        assert refused.value.field == field
        with unit_of_work(db) as s:
            assert s.exec(select(Communication)).all() == []
            assert s.exec(select(CommunicationRecipient)).all() == []
            assert s.exec(select(Notice)).all() == []


def test_the_dpo_s_worklist_shows_our_clock_until_the_customer_is_told(session: Session, db: Engine) -> None:
    """Beside the breach clocks: pending, then overdue past its contract hours, gone once delivered."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        _forward(db)
        with unit_of_work(db) as s:
            (line,) = worklist(session=s, now=T0, unreached_after=timedelta(days=1))
            assert (line.reference, line.rule, line.status) == (
                "COM-2026-0001",
                "dpa.4.1: subject_request",
                "notice pending",
            )
            assert (line.owed_by, line.owed_to, line.customer) == ("processor", "controller", "Brouwerij Voorbeeld BV")
            late = worklist(session=s, now=T0 + 8 * H, unreached_after=timedelta(days=1))
            assert [item.status for item in late] == ["overdue"]
        deliver(db, FixedClock(T0))
        with unit_of_work(db) as s:
            assert worklist(session=s, now=T0, unreached_after=timedelta(days=1)) == []
