"""Our DPO changed (DPA clause 5(a); flows.usecases.communications.dpo): every customer is told at once in its own
language with the new contact, acknowledgements are tracked and reminded, and the change is in the evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.communications.facts import DpoContact
from breach.db.models.communications import Communication
from breach.db.models.outbox import Notice
from breach.errors import ConfigurationError, InvalidInput
from breach.vocabulary import Language, NoticeKind
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.communications import views
from flows.usecases.communications.dpo import announce_dpo
from flows.usecases.communications.reminders import remind
from notifications import ack
from notifications.context.models import Person
from notifications.delivery.dpo_contact import PLACEHOLDER_DPO
from notifications.delivery.sender import InternalRoute
from tests.db.communications.communication_world import T0, H, customer_with, deliver, load, text_of
from tests.servers import http_sink

NEW = Person(name="Noor Example", email="noor.dpo@cloud.example.org", phone="+32 2 000 00 09")
OLD = DpoContact("Dana Example", "dpo@cloud.example.org", "")


def _announce(db: Engine, current: Person = NEW, previous: DpoContact | None = OLD) -> str:
    with unit_of_work(db) as s:
        communication = announce_dpo(
            session=s, current=current, effective_at=T0 - H, previous=previous, actor="dpo@cloud.example.org", now=T0
        )
        return communication.reference


def test_every_customer_is_told_in_its_language_acknowledged_or_reminded(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(
            session,
            customer_with(sink, "Brouwerij Voorbeeld BV", "bv"),
            customer_with(sink, "Weingut Beispiel GmbH", "wb", language="de", timezone="Europe/Berlin",
                          lead_authority="DE-BY-LDA"),
        )  # fmt: skip
        assert _announce(db) == "COM-2026-0001"
        clock = FixedClock(T0)
        internal = InternalRoute(urls=(sink.url("dpo"),))
        deliver(db, clock, internal)
        # Each customer's first full-detail contact, before its chat channel.
        nl, de = text_of(sink, "bv-privacy"), text_of(sink, "wb-privacy")
        assert "Nieuwe functionaris voor gegevensbescherming" in nl
        assert "Neuer Datenschutzbeauftragter" in de
        for text in (nl, de):
            assert "Noor Example" in text
            assert "noor.dpo@cloud.example.org" in text
            assert "Dana Example" in text  # whom she replaces
        with unit_of_work(db) as s:
            first = s.exec(select(Notice).where(Notice.kind == NoticeKind.DPO_CHANGE).order_by(Notice.language)).all()
            german = next(n for n in first if n.language is Language.DE)
            ack.acknowledge(session=s, notice_key=german.notice_key, by="Lena Beispiel", via="web", now=T0 + H / 2)
        clock.advance(H + timedelta(minutes=1))
        with unit_of_work(db) as s:
            counts = remind(session=s, now=clock.now(), internal_language=Language.EN)
        assert (counts.examined, counts.resent) == (1, 1)  # only the Dutch one, to its next contact
        deliver(db, clock, internal)
        assert "Noor Example" in text_of(sink, "bv-legal")
        with unit_of_work(db) as s:
            rows = {r.customer: r for r in views.rows(session=s, now=clock.now())}
            assert rows["Weingut Beispiel GmbH"].state == "acknowledged"
            assert rows["Brouwerij Voorbeeld BV"].state == "delivered"
            assert rows["Brouwerij Voorbeeld BV"].rule == "dpa.5"
            assert rows["Brouwerij Voorbeeld BV"].what == "noor.dpo@cloud.example.org"
            key = Ed25519PrivateKey.generate()
            pack = views.build_pack(
                "COM-2026-0001", "Brouwerij Voorbeeld BV", session=s, now=clock.now(), signing_key=key
            )
        assert verify_pack(pack.data, key.public_key()) == []
        assert pack.sent_messages == 2  # first to the privacy desk, then the reminder to the next contact
        assert b"notice.escalated" in read_zip(pack.data)["audit.json"]
        # The pack is this customer's: nothing in it names the other customer told.
        assert not any(b"Weingut" in content for content in read_zip(pack.data).values())


def test_the_same_contact_twice_or_a_placeholder_is_refused(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        _announce(db)
        with pytest.raises(InvalidInput) as again:
            _announce(db, previous=None)
        assert again.value.field == "dpo"
        with pytest.raises(ConfigurationError, match="BREACH_DPO_NAME"):
            _announce(db, current=PLACEHOLDER_DPO)
        with unit_of_work(db) as s:
            assert len(s.exec(select(Communication)).all()) == 1
            # The next change names this one as the previous DPO, from the record.
            later = announce_dpo(
                session=s,
                current=Person(name="Sam Example", email="sam.dpo@cloud.example.org", phone="+32 2 000 00 07"),
                effective_at=T0,
                actor="dpo@cloud.example.org",
                now=T0 + H,
            )
            assert later.facts["previous"]["email"] == "noor.dpo@cloud.example.org"
