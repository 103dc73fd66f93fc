"""Unacknowledged notices climb their customer's chain, driven with a fixed clock (flows.usecases.escalation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import Notice
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, Language, NoticeKind, NoticeStatus
from flows.db import unit_of_work
from flows.usecases.escalation import EscalationCounts, run_escalations
from notifications import ack
from notifications.channels.channel import RecordingChannel
from notifications.delivery.sender import InternalRoute, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident

T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
PRIMARY = "json://127.0.0.1:9/primary"
DEPUTY = "json://127.0.0.1:9/deputy"
DPO_URL = "json://127.0.0.1:9/dpo"
SECRET = "escalation-secret-0123456789-abcdefghij"


class World:
    """One customer told of a breach at T0, a recording channel, and a fixed clock to move."""

    def __init__(self, session: Session, engine: Engine, **overrides: Any) -> None:
        self.session = session
        self.engine = engine
        self.clock = FixedClock(T0)
        self.channel = RecordingChannel()
        contacts = overrides.pop("contacts", [PRIMARY, DEPUTY])
        brewery = customer("Brouwerij Voorbeeld BV", contacts=contacts, account_manager="Eva Example", **overrides)
        self.reference = confirmed_incident(session, customers=[brewery], now=T0).reference
        self.deliver()

    def deliver(self) -> None:
        deliver_batch(
            unit_of_work=partial(unit_of_work, self.engine),
            channel=self.channel,
            sender=SENDER,
            clock=self.clock,
            limit=50,
            policy=RetryPolicy(concurrency=1),
            internal=InternalRoute(urls=(DPO_URL,)),
            links=ack.link_maker(base_url=SENDER.public_url, secret=SECRET, clock=self.clock),
        )

    def at(self, elapsed: timedelta) -> EscalationCounts:
        """Move the clock to T0 + ``elapsed``, run the escalations, commit, and deliver what they queued."""
        self.clock.set(T0 + elapsed)
        with unit_of_work(self.engine) as s:
            counts = run_escalations(session=s, now=self.clock.now(), internal_language=Language.EN)
        self.deliver()
        self.session.expire_all()
        return counts

    def first(self) -> Notice:
        return self.session.exec(select(Notice).where(Notice.kind == NoticeKind.INITIAL)).one()

    def sent_to(self, url: str) -> list[str]:
        return [m.notice_key for u, m in self.channel.sent if u == url]

    def alerts(self) -> list[Notice]:
        rows = self.session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()
        return sorted((n for n in rows if n.details.get("alert") == "unacknowledged"), key=lambda n: n.created_at)


def test_the_default_chain_resends_then_alerts_every_four_hours(session: Session, db: Engine) -> None:
    """1 h: the deputy contact gets the same notice (same key); 2 h: our DPO is alerted; 6 h: alerted again."""
    world = World(session, db)
    key = world.first().notice_key
    assert world.sent_to(PRIMARY) == [key]

    assert world.at(59 * timedelta(minutes=1)).as_dict() == {"examined": 1, "resent": 0, "alerted": 0, "covered": 0}
    assert world.sent_to(DEPUTY) == []

    resend = world.at(H)
    assert resend.resent == 1
    assert list(resend) == [{"notice_key": key, "step": "resend@1h", "action": "resend_next_contact"}]
    assert world.sent_to(DEPUTY) == [key]
    notice = world.first()
    assert notice.status is NoticeStatus.DELIVERED
    assert notice.details["escalations"]["origin"] == T0.isoformat()
    # The re-sent message carries its own link to the same notice.
    resent = next(m for u, m in world.channel.sent if u == DEPUTY)
    assert "/ack/" in resent.text

    assert world.at(H + 30 * timedelta(minutes=1)).as_dict()["alerted"] == 0
    assert world.at(2 * H).alerted == 1
    [alert] = world.alerts()
    assert alert.details["notice_key"] == key
    assert alert.details["customer"] == "Brouwerij Voorbeeld BV"
    assert alert.details["account_manager"] == "Eva Example"
    assert alert.details["count"] == 1
    assert alert.status is NoticeStatus.DELIVERED
    dpo_messages = [m for u, m in world.channel.sent if u == DPO_URL]
    assert len(dpo_messages) == 1
    assert "Brouwerij Voorbeeld BV" in dpo_messages[0].subject

    assert world.at(5 * H).alerted == 0
    assert world.at(6 * H).alerted == 1
    assert [a.details["count"] for a in world.alerts()] == [1, 2]
    assert world.at(6 * H).alerted == 0  # a re-run at the same time does nothing

    events = session.exec(select(AuditEvent).where(AuditEvent.event_type == "notice.escalated")).all()
    assert [(e.data["step"], e.data["action"]) for e in events] == [
        ("resend@1h", "resend_next_contact"),
        ("alert@2h", "alert_internal"),
        ("alert@6h", "alert_internal"),
    ]
    assert audit.verify(session=session) is None


def test_acknowledgement_stops_the_chain(session: Session, db: Engine) -> None:
    """Acknowledged after the re-send, the notice raises no alert at 2 h, nor ever after."""
    world = World(session, db)
    world.at(H)
    ack.acknowledge(
        session=session,
        notice_key=world.first().notice_key,
        by="Jan Peeters",
        via="web",
        now=T0 + 90 * timedelta(minutes=1),
    )
    session.commit()
    for hours in (2, 6, 30):
        assert world.at(hours * H).as_dict() == {"examined": 0, "resent": 0, "alerted": 0, "covered": 0}
    assert world.alerts() == []


def test_acknowledging_calls_off_a_resend_still_waiting(session: Session, db: Engine) -> None:
    """Read before the re-send left (the deputy was unreachable for a moment): nothing more is sent."""
    world = World(session, db)
    world.clock.set(T0 + H)
    with unit_of_work(db) as s:
        run_escalations(session=s, now=world.clock.now(), internal_language=Language.EN)
    session.expire_all()
    assert world.first().status is NoticeStatus.PENDING
    ack.acknowledge(session=session, notice_key=world.first().notice_key, by="Jan Peeters", via="web", now=T0 + H)
    session.commit()
    world.deliver()
    session.expire_all()
    assert world.sent_to(DEPUTY) == []
    assert world.first().status is NoticeStatus.DELIVERED


def test_a_closed_incident_stops_the_chain(session: Session, db: Engine) -> None:
    """Once the incident is closed (or withdrawn), an unacknowledged notice escalates no further."""
    world = World(session, db)
    world.at(2 * H)
    assert len(world.alerts()) == 1
    incident = repository.incident_by_reference(world.reference, session=session)
    incident.status = IncidentStatus.CLOSED
    session.add(incident)
    session.commit()
    assert world.at(6 * H).examined == 0
    assert len(world.alerts()) == 1


def test_without_a_next_contact_the_resend_becomes_an_alert(session: Session, db: Engine) -> None:
    """A customer with one contact cannot be reached another way: our DPO is alerted at 1 h instead."""
    world = World(session, db, contacts=[PRIMARY])
    counts = world.at(H)
    assert (counts.resent, counts.alerted) == (0, 1)
    [alert] = world.alerts()
    assert alert.notice_key.endswith(".resend@1h")
    assert world.at(2 * H).alerted == 1


def test_after_a_long_pause_one_alert_covers_the_missed_ones(session: Session, db: Engine) -> None:
    """A watchdog down for 13 hours re-sends once and alerts once (for 10 h), covering the 2 h and 6 h alerts."""
    world = World(session, db)
    counts = world.at(13 * H)
    assert counts.as_dict() == {"examined": 1, "resent": 1, "alerted": 1, "covered": 2}
    [alert] = world.alerts()
    assert alert.notice_key.endswith(".alert@10h")
    assert alert.details["due_at"] == (T0 + 10 * H).isoformat()
    assert world.at(13 * H + 5 * timedelta(minutes=1)).alerted == 0
    assert world.at(14 * H).alerted == 1


def test_a_customers_own_chain_applies(session: Session, db: Engine) -> None:
    """A customer's chain from the directory file replaces the default: here an alert after 30 minutes only."""
    world = World(session, db, escalation=[{"after": "30m", "action": "alert_internal"}])
    assert world.at(30 * timedelta(minutes=1)).alerted == 1
    assert world.at(H).as_dict()["resent"] == 0
    assert world.at(48 * H).alerted == 0
    assert world.sent_to(DEPUTY) == []
