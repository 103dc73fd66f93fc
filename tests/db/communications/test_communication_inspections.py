"""An authority's inspection or measure concerning the processing (DPA clause 5(e);
flows.usecases.communications.inspections): the customers of the services named, or those named, are told at
once in their language with only what we may disclose, a support task opens for each, it is acknowledged or
escalated to our DPO, and it is in the evidence; a chat channel learns only that an action concerns the
processing."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.communications import Communication
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.errors import InvalidInput, NotFound, UnknownValue
from breach.vocabulary import Language, NoticeKind, SupportTaskKind
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.communications import views
from flows.usecases.communications.inspections import record_inspection
from flows.usecases.communications.reminders import remind
from notifications import ack
from tests.db.communications.communication_world import T0, H, customer_with, deliver, load, text_of
from tests.servers import HttpSink, http_sink

NOTE = "De controle betreft de toegangslogboeken van de gehoste e-maildienst over 2026."


def _record(
    db: Engine,
    *,
    services: Sequence[str] = ("mail-hosting",),
    customers: Sequence[str] = (),
    disclose: str = "scope",
    note: str = NOTE,
    authority: str = "BE-GBA",
) -> str:
    with unit_of_work(db) as s:
        communication = record_inspection(
            session=s,
            authority=authority,
            action="inspection",
            disclose=disclose,
            note=note,
            occurred_at=T0 - H,
            services=services,
            customers=customers,
            owner="Dana Example",
            actor="dpo@cloud.example.org",
            now=T0,
        )
        return communication.reference


def _world(session: Session, sink: HttpSink) -> None:
    load(
        session,
        customer_with(sink, "Brouwerij Voorbeeld BV", "bv"),
        customer_with(sink, "Boulangerie Exemple SA", "be", language="fr", services=[{"code": "crm-cloud"}]),
        customer_with(
            sink,
            "Weingut Beispiel GmbH",
            "wb",
            language="de",
            timezone="Europe/Berlin",
            lead_authority="DE-BY-LDA",
            contacts=[{"url": sink.url("wb-chat"), "detail": "minimal"}],
        ),
    )


def test_the_customers_of_the_service_are_told_what_we_may_disclose_with_a_task(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        _world(session, sink)
        assert _record(db) == "COM-2026-0001"
        deliver(db, FixedClock(T0))
        # The mail service's customers only: the Brouwerij in full, the Weingut (a chat channel alone) in short.
        assert sorted(r.path for r in sink.received) == ["/bv-privacy", "/wb-chat"]
        full = text_of(sink, "bv-privacy")
        assert "[COM-2026-0001] Actie van een overheid met betrekking tot de verwerking" in full
        assert "Gegevensbeschermingsautoriteit" in full
        assert NOTE in full
        assert "ST-2026-0001" in full  # its support task (DPA 5(f))
        short = text_of(sink, "wb-chat")
        assert "Eine Behörde hat eine Maßnahme ergriffen" in short
        assert "toegangslogboeken" not in short  # never what we may disclose, on a chat channel
        assert "Landesamt" not in short
        with unit_of_work(db) as s:
            tasks = s.exec(select(SupportTask).order_by(SupportTask.reference)).all()
            assert len(tasks) == 2
            assert {t.kind for t in tasks} == {SupportTaskKind.OTHER}
            rows = {r.customer: r for r in views.rows(session=s, now=T0 + H)}
            assert set(rows) == {"Brouwerij Voorbeeld BV", "Weingut Beispiel GmbH"}
            assert rows["Brouwerij Voorbeeld BV"].task is not None
            assert rows["Brouwerij Voorbeeld BV"].state == "delivered"
            key = Ed25519PrivateKey.generate()
            pack = views.build_pack("COM-2026-0001", "Weingut Beispiel GmbH", session=s, now=T0 + H, signing_key=key)
        assert verify_pack(pack.data, key.public_key()) == []
        # The Brouwerij acknowledges; nobody at the Weingut does, and it has no other contact: our DPO is alerted.
        with unit_of_work(db) as s:
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.AUTHORITY_INSPECTION)
                            .where(Notice.language == Language.NL)).one()  # fmt: skip
            ack.acknowledge(session=s, notice_key=notice.notice_key, by="Els Voorbeeld", via="web", now=T0 + H / 2)
        with unit_of_work(db) as s:
            counts = remind(session=s, now=T0 + 2 * H, internal_language=Language.EN)
        assert (counts.examined, counts.resent) == (1, 0)
        assert counts.alerted >= 1  # each step of its chain due by now, none with a contact left to try
        with unit_of_work(db) as s:
            rows = {r.customer: r for r in views.rows(session=s, now=T0 + 2 * H)}
            assert rows["Brouwerij Voorbeeld BV"].acknowledged_by == "Els Voorbeeld"
            key = Ed25519PrivateKey.generate()
            escalated = views.build_pack("COM-2026-0001", "Weingut Beispiel GmbH", session=s, now=T0 + 2 * H,
                                         signing_key=key)  # fmt: skip
        assert verify_pack(escalated.data, key.public_key()) == []
        assert b"notice.escalated" in read_zip(escalated.data)["audit.json"]


def test_named_customers_and_only_the_fact(session: Session, db: Engine) -> None:
    """--customer names them; with fact_only no note may be told, and the notice says so."""
    with http_sink() as sink:
        _world(session, sink)
        _record(db, services=(), customers=("Boulangerie Exemple SA",), disclose="fact_only", note="")
        deliver(db, FixedClock(T0))
        text = text_of(sink, "be-privacy")
        assert "Action d'une autorité" in text
        assert "ne nous permet de communiquer que l'existence de cette action" in text


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"disclose": "fact_only"}, InvalidInput, "note"),  # a note with fact_only
        ({"note": ""}, InvalidInput, "note"),  # scope without saying what
        ({"disclose": "everything"}, InvalidInput, "disclose"),
        ({"authority": "XX-NONE"}, UnknownValue, "authority"),
        ({"services": ()}, InvalidInput, "customers"),
        ({"services": ("no-such-service",)}, NotFound, "service"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    session: Session, db: Engine, kwargs: dict[str, object], error: type[Exception], field: str
) -> None:
    with http_sink() as sink:
        _world(session, sink)
        with pytest.raises(error) as refused:
            _record(db, **kwargs)  # type: ignore[arg-type]
        assert getattr(refused.value, "field", getattr(refused.value, "kind", None)) == field
        with unit_of_work(db) as s:
            assert s.exec(select(Communication)).all() == []
            assert s.exec(select(SupportTask)).all() == []
