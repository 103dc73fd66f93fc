"""The return or destruction of a whole customer's data (DPA clause 10(2); flows.usecases.communications.contract_end):
the record of destruction, retention's own notice kind, told in the customer's language, acknowledged or
reminded through its chain, with our dpa.10.2 clock, in the evidence pack."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.communications import Communication
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput, NotFound
from breach.vocabulary import Language, NoticeKind
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.communications import views
from flows.usecases.communications.contract_end import end_contract
from flows.usecases.communications.reminders import remind
from notifications import ack
from tests.db.communications.communication_world import T0, H, customer_with, deliver, load, text_of
from tests.servers import http_sink

LOG = b"2026-11-02T06:00Z mail-hosting: 1204 mailboxes wiped, backups expired\n"


def _end(db: Engine, customer: str, **changes: object) -> str:
    values: dict[str, object] = {
        "customer": customer,
        "action": "destroyed",
        "ended_at": T0 - 2 * H,
        "done_at": T0 - H,
        "services": {"mail-hosting": 1204},
        "log": LOG,
        "on_request": False,
        **changes,
    }
    with unit_of_work(db) as s:
        return end_contract(session=s, actor="dpo@cloud.example.org", now=T0, **values).reference  # type: ignore[arg-type]


def test_the_record_of_destruction_is_told_acknowledged_and_in_the_evidence(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        reference = _end(db, "Brouwerij Voorbeeld BV")
        clock = FixedClock(T0)
        deliver(db, clock)
        text = " ".join(text_of(sink, "bv-privacy").split())  # as read, not as wrapped at 78 columns
        assert "Teruggave of vernietiging van de persoonsgegevens die wij voor Brouwerij Voorbeeld BV" in text
        assert (
            "heeft alle persoonsgegevens die het voor rekening van Brouwerij Voorbeeld BV verwerkte vernietigd" in text
        )
        assert "1.204 records" in text
        assert hashlib.sha256(LOG).hexdigest() in text  # the log's fingerprint, never the log
        assert "mailboxes wiped" not in text
        with unit_of_work(db) as s:
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.DESTRUCTION)).one()
            assert notice.incident_id is None
            ack.acknowledge(session=s, notice_key=notice.notice_key, by="Jan Voorbeeld", via="web", now=T0 + H / 2)
        with unit_of_work(db) as s:
            (row,) = views.rows(session=s, now=clock.now())
            assert (row.kind, row.rule, row.state, row.acknowledged_by) == (
                "destruction", "dpa.10.2", "acknowledged", "Jan Voorbeeld"
            )  # fmt: skip
            key = Ed25519PrivateKey.generate()
            pack = views.build_pack(reference, "Brouwerij Voorbeeld BV", session=s, now=clock.now(), signing_key=key)
        assert verify_pack(pack.data, key.public_key()) == []
        files = read_zip(pack.data)
        acknowledged = [e for e in json.loads(files["audit.json"]) if e["event_type"] == "notice.acknowledged"]
        assert [e["data"]["reference"] for e in acknowledged] == [reference]  # named by its COM- reference
        assert hashlib.sha256(LOG).hexdigest().encode() in files["assessment.json"]


def test_on_request_returned_in_german_and_reminded_when_nobody_acknowledges(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Weingut Beispiel GmbH", "wb", language="de", timezone="Europe/Berlin",
                                    lead_authority="DE-BY-LDA"))  # fmt: skip
        _end(db, "Weingut Beispiel GmbH", action="returned", on_request=True, log=None)
        clock = FixedClock(T0)
        deliver(db, clock)
        text = " ".join(text_of(sink, "wb-privacy").split())
        assert "zurückgegeben und danach alle Kopien gelöscht" in text
        assert "Sie haben darum gebeten" in text
        clock.advance(H + timedelta(minutes=1))
        with unit_of_work(db) as s:
            assert remind(session=s, now=clock.now(), internal_language=Language.EN).resent == 1
        deliver(db, clock)
        assert "zurückgegeben" in text_of(sink, "wb-legal")


def test_every_service_is_accounted_for_and_bad_input_writes_nothing(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Brouwerij Voorbeeld BV", "bv"))
        cases: list[tuple[dict[str, Any], str]] = [
            ({"services": {}}, "service"),
            ({"services": {"mail-hosting": 3, "crm-cloud": 1}}, "service"),
            ({"services": {"mail-hosting": -1}}, "service"),
            ({"action": "shredded"}, "action"),
            ({"done_at": T0 + H}, "done_at"),
            ({"done_at": T0 - 3 * H}, "done_at"),
        ]
        for changes, field in cases:
            with pytest.raises(InvalidInput) as refused:
                _end(db, "Brouwerij Voorbeeld BV", **changes)
            assert refused.value.field == field, changes
        with pytest.raises(NotFound):
            _end(db, "Nobody BV")
        with unit_of_work(db) as s:
            assert s.exec(select(Communication)).all() == []
