"""Each account manager with a contact is told, once per incident, which of their customers we cannot reach.

Issue 15, finding 1: an unreached customer becomes a person's task for the DPO, the security lead and the
account manager. Customer contacts refuse every connection (``Outage``); what reaches our DPO channel and
the managers' own URLs is recorded; an injected clock makes the hour before "unreached" take no time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.outbox import Notice
from breach.errors import DeliveryError, DirectoryFileError
from breach.vocabulary import Language, NoticeKind, NoticeStatus
from flows import db as flows_db
from flows import directory_files
from flows.usecases.directory_import import import_directory
from flows.usecases.outbox import deliver_due
from flows.usecases.unreached import sweep
from notifications.channels.channel import OutgoingMessage, Receipt, RecordingChannel
from notifications.delivery.sender import BatchCounts, InternalRoute, RetryPolicy, deliver_batch
from tests.factories import SENDER, customer, directory
from tests.incidents import confirmed_incident

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
DPO = "json://127.0.0.1:9/dpo"
EVA = "json://127.0.0.1:9/am-eva"
NOOR = "json://127.0.0.1:9/am-noor"
ROUTE = InternalRoute(urls=(DPO,), language="en")


@dataclass
class Outage:
    """Refuses every customer contact; records what goes to our DPO channel and the managers' URLs."""

    inner: RecordingChannel = field(default_factory=RecordingChannel)

    def send(self, url: str, message: OutgoingMessage) -> Receipt:
        if "/dpo" not in url and "/am-" not in url:
            raise DeliveryError("connection refused", transient=True, refused=True)
        return self.inner.send(url, message)

    def to(self, url: str) -> list[OutgoingMessage]:
        return [m for u, m in self.inner.sent if u == url]


def _customers() -> list[dict[str, Any]]:
    """Eva has three customers, Noor two, Sam (no contact) one."""
    eva = [customer(f"Eva Klant {i} BV", account_manager="Eva Example", account_manager_contact=EVA) for i in range(3)]
    noor = [
        customer(f"Noor Klant {i} BV", account_manager="Noor Example", account_manager_contact=NOOR) for i in range(2)
    ]
    sam = [customer("Sam Klant BV", account_manager="Sam Example")]
    return [{**c, "contacts": [f"json://127.0.0.1:9/c{n}"]} for n, c in enumerate(eva + noor + sam)]


def _run(db: Engine, clock: FixedClock, channel: Outage, runs: int) -> None:
    """``runs`` watchdog runs, fifteen minutes apart: a sweep, then the outbox drained."""

    def deliver(limit: int, incident_id: Any) -> BatchCounts:
        return deliver_batch(
            unit_of_work=partial(flows_db.unit_of_work, db),
            channel=channel,
            sender=SENDER,
            clock=clock,
            limit=limit,
            policy=RetryPolicy(concurrency=2),
            incident_id=incident_id,
            internal=ROUTE,
        )

    for _ in range(runs):
        with flows_db.unit_of_work(db) as unit:
            sweep(session=unit, now=clock.now(), after=timedelta(hours=1), language=Language.EN)
        deliver_due(deliver=deliver)
        clock.advance(timedelta(minutes=15))


def test_each_account_manager_gets_one_alert_naming_only_their_customers(session: Session, db: Engine) -> None:
    """Eva (3 unreached customers) and Noor (2) get one message each naming only theirs; Sam, without a
    contact, gets nothing and is named in the one DPO alert; later runs send nothing new."""
    confirmed_incident(session, customers=_customers(), now=T0)
    clock = FixedClock(T0)
    channel = Outage()
    _run(db, clock, channel, runs=6)  # 75 minutes: past the hour
    (to_eva,), (to_noor,), (to_dpo,) = channel.to(EVA), channel.to(NOOR), channel.to(DPO)
    assert [f"Eva Klant {i} BV" in to_eva.text for i in range(3)] == [True] * 3
    assert "Noor Klant" not in to_eva.text
    assert "Sam Klant" not in to_eva.text
    assert [f"Noor Klant {i} BV" in to_noor.text for i in range(2)] == [True, True]
    assert "Eva Klant" not in to_noor.text
    assert "Sam Klant" not in to_noor.text
    assert "Sam Klant BV (Sam Example)" in to_dpo.text
    assert "Eva Klant 0 BV (Eva Example)" in to_dpo.text
    assert len(channel.inner.sent) == 3  # nothing to any other URL, Sam's included
    alerts = session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()
    assert {a.status for a in alerts} == {NoticeStatus.DELIVERED}
    assert all(EVA not in str(a.details) and NOOR not in str(a.details) for a in alerts)  # the URL stays put
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.event_type == "notice.unreached")).all()
    assert event.data["account_manager_alerts"] == 2

    _run(db, clock, channel, runs=4)  # the customers stay unreached: nobody is told twice
    assert len(channel.inner.sent) == 3
    session.expire_all()
    assert len(session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()) == 3


def test_a_manager_whose_contact_is_removed_before_sending_gets_nothing_elsewhere(session: Session, db: Engine) -> None:
    """An alert queued for Eva whose contact the directory drops before it is sent fails visibly, naming the
    missing field, and never falls back to our DPO channel or anyone else's."""
    confirmed_incident(session, customers=_customers()[:1], now=T0)
    clock = FixedClock(T0)
    channel = Outage()
    _run(db, clock, channel, runs=1)  # the first try, refused
    clock.advance(timedelta(hours=2))
    with flows_db.unit_of_work(db) as unit:
        sweep(session=unit, now=clock.now(), after=timedelta(hours=1), language=Language.EN)
        (eva,) = repository.list_customers(session=unit)
        eva.account_manager_contact = None
        unit.add(eva)
    _run(db, clock, channel, runs=1)
    assert channel.to(EVA) == []
    assert len(channel.to(DPO)) == 1
    session.expire_all()
    alerts = [
        a
        for a in session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()
        if a.details.get("route") == "account_manager"
    ]
    assert [(a.status, a.last_error) for a in alerts] == [
        (NoticeStatus.FAILED, "the account manager has no contact now (account_manager_contact)")
    ]


def test_the_import_refuses_a_bad_manager_contact_without_showing_its_password(session: Session) -> None:
    """A URL Apprise cannot use is refused naming ``customers[0].account_manager_contact``; the password in it
    appears nowhere in the message, and nothing is written."""
    bad = customer(account_manager_contact="nosuchscheme://eva:hunter2secret@am.example.org/x")
    with pytest.raises(DirectoryFileError) as caught:
        import_directory(directory(bad), session=session, actor="t", now=T0, source="test")
    assert caught.value.field == "customers[0].account_manager_contact"
    assert "hunter2secret" not in str(caught.value)
    assert repository.list_customers(session=session) == []


def test_a_csv_directory_carries_the_manager_contact_and_a_bad_one_names_its_line(
    session: Session, tmp_path: Path
) -> None:
    """The CSV column ``account_manager_contact`` is stored on the customer; a bad one names line and field."""
    header = "name,language,timezone,lead_authority,account_manager,account_manager_contact,contacts\n"
    good = tmp_path / "good.csv"
    good.write_text(header + f"Eva Klant BV,nl,Europe/Brussels,BE-GBA,Eva Example,{EVA},json://hooks.example.org/a\n")
    data, locate = directory_files.read(good)
    import_directory(data, session=session, actor="t", now=T0, source="good.csv", locate=locate)
    (stored,) = repository.list_customers(session=session)
    assert stored.account_manager_contact == EVA
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "Noor BV,nl,Europe/Brussels,BE-GBA,Noor,mailto,json://hooks.example.org/b\n")
    data, locate = directory_files.read(bad)
    with pytest.raises(DirectoryFileError) as caught:
        import_directory(data, session=session, actor="t", now=T0, source="bad.csv", locate=locate)
    assert caught.value.field == "line 2: customers[0].account_manager_contact"
