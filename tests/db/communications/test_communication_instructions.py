"""A customer's instructions (DPA clause 9; flows.usecases.communications.instructions): an oral one is sent back
for written confirmation in the customer's language (9(1)), one we believe infringes data-protection law is told
with our reasons and suspended (9(2)); each is reminded or answered, its states audited, and in the evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from breach.clock import FixedClock
from breach.db.models.audit import AuditEvent
from breach.db.models.communications import Communication, Instruction
from breach.db.models.outbox import Notice
from breach.errors import IllegalTransition, InvalidInput, NotFound
from breach.instructions.states import InstructionState
from breach.vocabulary import Language, NoticeKind
from flows.db import unit_of_work
from flows.evidence.verify import read_zip, verify_pack
from flows.usecases.communications import views
from flows.usecases.communications.clocks import open_clocks
from flows.usecases.communications.instructions import answer, raise_concern, record_instruction
from flows.usecases.communications.reminders import remind
from notifications.ack import acknowledge
from tests.db.communications.communication_world import T0, H, customer_with, deliver, load, text_of
from tests.servers import http_sink

SUMMARY = "Keep the web-form submissions of the CRM for ten years instead of two, from 1 December 2026."
REASONS = "Ten years exceeds what the stated purpose needs (GDPR Art. 5(1)(e)); no legal duty to keep them was named."
DPO = "dpo@cloud.example.org"


def _record(db: Engine, customer: str, form: str = "oral") -> str:
    with unit_of_work(db) as s:
        return record_instruction(
            session=s,
            customer=customer,
            form=form,
            received_at=T0 - H,
            given_by="Claire Exemple, IT manager",
            summary=SUMMARY,
            actor=DPO,
            now=T0,
        ).reference


def _events(db: Engine) -> list[str]:
    with unit_of_work(db) as s:
        return [
            e.event_type
            for e in s.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))
            if "instruction" in e.event_type
        ]


def test_an_oral_instruction_is_sent_back_for_written_confirmation_and_tracked(session: Session, db: Engine) -> None:
    """9(1): told in French to the first full-detail contact (never the chat channel), reminded through the
    customer's chain while unanswered, confirmed through the API, in the evidence pack."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Atelier Exemple SRL", "ae", language="fr"))
        reference = _record(db, "Atelier Exemple SRL")
        assert reference == "INS-2026-0001"
        clock_ = FixedClock(T0)
        deliver(db, clock_)
        text = text_of(sink, "ae-privacy")
        assert "Veuillez confirmer par écrit l'instruction orale de Atelier Exemple SRL" in text
        assert SUMMARY in text
        assert "INS-2026-0001" in text
        assert "Claire Exemple" in text
        assert not [r for r in sink.received if r.path == "/ae-chat"]  # an instruction is not for a chat channel
        clock_.advance(H + timedelta(minutes=1))
        with unit_of_work(db) as s:
            counts = remind(session=s, now=clock_.now(), internal_language=Language.EN)
        assert counts.resent == 1
        deliver(db, clock_)
        assert SUMMARY in text_of(sink, "ae-legal")  # the next full-detail contact of its chain
        with unit_of_work(db) as s:  # the DPO's worklist: it waits for the customer, never overdue
            waiting = [i for i in open_clocks(session=s, now=clock_.now()) if i.reference == reference]
            assert [(i.status, i.rule, i.owed_by) for i in waiting] == [
                ("awaiting the customer", "dpa.9: to confirm in writing", "controller")
            ]
        with unit_of_work(db) as s:
            done = answer(session=s, reference=reference, state="confirmed", by="Claire Exemple", via="api",
                          now=clock_.now())  # fmt: skip
            assert done.state is InstructionState.CONFIRMED
            assert done.confirmed_by == "Claire Exemple"
        with unit_of_work(db) as s:
            assert [i for i in open_clocks(session=s, now=clock_.now()) if i.reference == reference] == []
            (row,) = views.rows(session=s, now=clock_.now())
            assert (row.kind, row.rule, row.state, row.what) == (
                "instruction_confirmation",
                "dpa.9",
                "acknowledged",
                reference,
            )
            assert row.acknowledged_by == "Claire Exemple"
            key = Ed25519PrivateKey.generate()
            pack = views.build_pack(row.reference, "Atelier Exemple SRL", session=s, now=clock_.now(), signing_key=key)
        assert verify_pack(pack.data, key.public_key()) == []
        audit = read_zip(pack.data)["audit.json"]
        for event in (b"instruction.recorded", b"instruction.confirmed", b"notice.escalated", b"notice.acknowledged"):
            assert event in audit
        assert SUMMARY.encode() not in audit  # the instruction's text is hashed in the log, never written there
        # Confirmed is final: nothing moves it again.
        with unit_of_work(db) as s, pytest.raises(IllegalTransition):
            answer(session=s, reference=reference, state="withdrawn", by="Claire Exemple", via="api", now=clock_.now())


def test_an_instruction_we_believe_infringes_the_law_is_told_with_reasons_suspended_and_amended(
    session: Session, db: Engine
) -> None:
    """9(2): a written instruction (nothing to confirm, nothing sent), then our concern in German with our reasons
    and the suspension; unanswered it climbs the chain; the customer's amendment through the portal ends it."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Weingut Beispiel GmbH", "wb", language="de", timezone="Europe/Berlin",
                                    lead_authority="DE-BY-LDA"))  # fmt: skip
        reference = _record(db, "Weingut Beispiel GmbH", form="written")
        with unit_of_work(db) as s:
            assert s.exec(select(Communication)).all() == []  # a written instruction needs no confirmation
            instruction = raise_concern(
                session=s, reference=reference, reasons=REASONS, suspend=True, actor=DPO, now=T0
            )
            assert instruction.state is InstructionState.SUSPENDED
        clock_ = FixedClock(T0)
        deliver(db, clock_)
        text = text_of(sink, "wb-privacy")
        assert "nach unserer Auffassung gegen Datenschutzvorschriften verstößt" in text
        assert REASONS in text
        assert "Wir setzen die Ausführung dieser Weisung aus" in text
        with unit_of_work(db) as s, pytest.raises(InvalidInput, match="told our concern already"):
            raise_concern(session=s, reference=reference, reasons=REASONS, suspend=False, actor=DPO, now=T0)
        clock_.advance(H + timedelta(minutes=1))
        with unit_of_work(db) as s:
            assert remind(session=s, now=clock_.now(), internal_language=Language.EN).resent == 1
        with unit_of_work(db) as s, pytest.raises(InvalidInput) as no_text:
            answer(session=s, reference=reference, state="amended", by="Lena Beispiel", via="portal", now=clock_.now())
        assert no_text.value.field == "amendment"
        with unit_of_work(db) as s:
            done = answer(session=s, reference=reference, state="amended", by="Lena Beispiel", via="portal",
                          now=clock_.now(), amendment="Keep them for two years, as before.")  # fmt: skip
            assert (done.state, done.amendment) == (InstructionState.AMENDED, "Keep them for two years, as before.")
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.INSTRUCTION_CONCERN)).one()
            assert notice.acknowledged_by == "Lena Beispiel"
            key = Ed25519PrivateKey.generate()
            (row,) = views.rows(session=s, now=clock_.now())
            pack = views.build_pack(
                row.reference, "Weingut Beispiel GmbH", session=s, now=clock_.now(), signing_key=key
            )
        assert verify_pack(pack.data, key.public_key()) == []
        audit = read_zip(pack.data)["audit.json"]
        for event in (b"instruction.suspended", b"instruction.concern", b"instruction.amended"):
            assert event in audit
        assert _events(db) == [
            "instruction.recorded",
            "instruction.suspended",
            "instruction.concern",
            "instruction.amended",
        ]


def test_bad_input_names_the_field_and_writes_nothing(session: Session, db: Engine) -> None:
    with http_sink() as sink:
        load(session, customer_with(sink, "Atelier Exemple SRL", "ae", language="fr"))
        cases: list[tuple[dict[str, object], type[Exception]]] = [
            ({"customer": "Nobody SA"}, NotFound),
            ({"form": "telepathic"}, InvalidInput),
            ({"summary": "   "}, InvalidInput),
            ({"received_at": T0 + H}, InvalidInput),
        ]
        for override, error in cases:
            values = {"customer": "Atelier Exemple SRL", "form": "oral", "received_at": T0 - H, "summary": SUMMARY,
                      **override}  # fmt: skip
            with unit_of_work(db) as s, pytest.raises(error):
                record_instruction(session=s, given_by="", actor=DPO, now=T0, **values)  # type: ignore[arg-type]
        with unit_of_work(db) as s:
            assert s.exec(select(Instruction)).all() == []
            assert s.exec(select(Communication)).all() == []
        reference = _record(db, "Atelier Exemple SRL")
        with unit_of_work(db) as s, pytest.raises(InvalidInput) as bad:
            answer(session=s, reference=reference, state="suspended", by="Claire Exemple", via="api", now=T0)
        assert bad.value.field == "state"  # suspending is ours, not the customer's


def test_an_acknowledged_request_left_unanswered_is_to_be_chased_after_the_days_set(
    session: Session, db: Engine
) -> None:
    """Acknowledging our request for written confirmation stops its reminders; the instruction still waits for
    the customer, so after the chase days (BREACH_INSTRUCTION_CHASE_DAYS, 14 by default) the DPO's worklist line
    says to chase it, its time left counted to that day; an answer closes it."""
    with http_sink() as sink:
        load(session, customer_with(sink, "Atelier Exemple SRL", "ae", language="fr"))
        reference = _record(db, "Atelier Exemple SRL")
        clock_ = FixedClock(T0)
        deliver(db, clock_)
        with unit_of_work(db) as s:
            notice = s.exec(select(Notice).where(Notice.kind == NoticeKind.INSTRUCTION_CONFIRMATION)).one()
            acknowledge(session=s, notice_key=notice.notice_key, by="Claire Exemple", via="portal", now=T0 + H)
            recorded = s.exec(select(Instruction).where(Instruction.reference == reference)).one().changed_at

        def line(at: timedelta, chase_after: timedelta = timedelta(days=14)) -> tuple[str, str]:
            with unit_of_work(db) as s:
                (item,) = [i for i in open_clocks(session=s, now=recorded + at, chase_after=chase_after)
                           if i.reference == reference]  # fmt: skip
                assert item.due_at == recorded + chase_after
                return item.status, item.time_left

        with unit_of_work(db) as s:  # acknowledged: nothing reminds the customer any more
            assert remind(session=s, now=recorded + timedelta(days=30), internal_language=Language.EN).resent == 0
        assert line(timedelta(days=13)) == ("awaiting the customer", "1d 0h")
        assert line(timedelta(days=15)) == ("awaiting the customer for 15 days: chase it", "-1d 0h")
        assert line(timedelta(days=4), chase_after=timedelta(days=3))[0] == "awaiting the customer for 4 days: chase it"
        with unit_of_work(db) as s:
            answer(session=s, reference=reference, state="confirmed", by="Claire Exemple", via="api",
                   now=recorded + timedelta(days=16))  # fmt: skip
        with unit_of_work(db) as s:
            later = open_clocks(session=s, now=recorded + timedelta(days=17))
            assert [i for i in later if i.reference == reference] == []
