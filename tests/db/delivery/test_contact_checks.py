"""Contact checks find a contact that stopped working before the next breach (flows.usecases.contact_checks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.clock import FixedClock
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.errors import InvalidInput, NotFound
from breach.vocabulary import NoticeKind, NoticeStatus
from flows import db as flows_db
from flows.cli import ack as cli_ack
from flows.db import unit_of_work
from flows.usecases.contact_checks import CheckRow, check_report, send_checks
from flows.usecases.directory_import import import_directory
from notifications import ack
from notifications.channels.channel import AppriseChannel, Channel, RecordingChannel
from notifications.delivery.sender import BatchCounts, InternalRoute, RetryPolicy, deliver_batch
from tests.app_db import CLI_ENV, app_database
from tests.factories import SENDER, customer, directory
from tests.servers import free_port, http_sink

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)
SECRET = "contact-check-secret-0123456789-abcdefg"
POLICY = RetryPolicy(attempts_per_contact=2, backoff=(timedelta(seconds=30),), concurrency=2)
LINK = re.compile(r"http://127\.0\.0\.1:8765/ack/([A-Za-z0-9_.-]+)")


def _import(session: Session, *customers: dict[str, Any]) -> None:
    import_directory(directory(*customers), session=session, actor="t", now=T0, source="test")
    session.commit()


def _deliver(engine: Engine, channel: Channel, clock: FixedClock, internal: InternalRoute) -> BatchCounts:
    return deliver_batch(
        unit_of_work=partial(unit_of_work, engine),
        channel=channel,
        sender=SENDER,
        clock=clock,
        limit=50,
        policy=POLICY,
        internal=internal,
        links=ack.link_maker(base_url=SENDER.public_url, secret=SECRET, clock=clock),
    )


def _by_contact(rows: list[CheckRow]) -> dict[str, CheckRow]:
    return {row.contact: row for row in rows}


def test_a_contact_check_finds_a_dead_webhook(session: Session, db: Engine) -> None:
    """A webhook with nothing listening fails (no fallback); the live one is delivered and, acknowledged, answered."""
    with http_sink() as sink:
        dead = f"json://127.0.0.1:{free_port()}/dead"
        _import(
            session,
            customer("Brouwerij Voorbeeld BV", contacts=[sink.url("alive"), dead]),
            customer(
                "Boulangerie Exemple SA",
                language="fr",
                timezone="Europe/Paris",
                lead_authority="FR-CNIL",
                contacts=[sink.url("fr")],
            ),
        )
        with unit_of_work(db) as s:
            queued = send_checks(session=s, now=T0, within=24 * H, actor="dpo@cloud.example.org")
        assert len(queued) == 3
        clock = FixedClock(T0)
        internal = InternalRoute(urls=(sink.url("dpo"),))
        channel = AppriseChannel(read_timeout=5)
        for _ in range(3):
            _deliver(db, channel, clock, internal)
            clock.advance(timedelta(minutes=1))

        paths = [r.path for r in sink.received]
        # Each live contact got its one test message; the dead one's did not fall back to the live one.
        assert sorted(p for p in paths if p != "/dpo") == ["/alive", "/fr"]
        session.expire_all()
        rows = _by_contact(check_report(session=session, now=clock.now()))
        failed = next(r for r in rows.values() if r.state == "failed")
        assert failed.customer == "Brouwerij Voorbeeld BV"
        assert failed.position == 2
        assert failed.reason
        attempts = session.exec(select(DeliveryAttempt)).all()
        assert sum(1 for a in attempts if a.outcome.value != "success") == POLICY.attempts_per_contact
        # Our DPO is told which contact failed, and why.
        [alert] = [r for r in sink.received if r.path == "/dpo"]
        assert "Brouwerij Voorbeeld BV" in alert.body["title"]

        alive = next(r for r in sink.received if r.path == "/alive")
        assert alive.body["notice_key"].startswith(f"CHECK-{T0:%Y%m%dT%H%M}.contact_check.1.")
        token = LINK.search(alive.body["message"])
        assert token is not None, alive.body["message"]
        key = ack.verify(token.group(1), secret=SECRET, now=T0 + 2 * H)
        ack.acknowledge(session=session, notice_key=key, by="Jan Peeters", via="web", now=T0 + 2 * H)
        session.commit()

    report = check_report(session=session, now=T0 + 25 * H)
    states = [(r.customer, r.position, r.state) for r in report]
    assert states == [
        ("Brouwerij Voorbeeld BV", 2, "failed"),
        ("Boulangerie Exemple SA", 1, "unanswered"),
        ("Brouwerij Voorbeeld BV", 1, "answered"),
    ]
    answered = report[-1]
    assert (answered.answered_by, answered.answered_at) == ("Jan Peeters", T0 + 2 * H)


def test_an_unanswered_check_is_listed_once_its_time_is_up(session: Session, db: Engine) -> None:
    """Delivered, not acknowledged: awaited until its time, then listed as unanswered; unchecked ones are listed."""
    _import(session, customer("Brouwerij Voorbeeld BV", contacts=["json://127.0.0.1:9/a"]))
    with unit_of_work(db) as s:
        send_checks(session=s, now=T0, within=4 * H, customer="Brouwerij Voorbeeld BV")
    channel = RecordingChannel()
    _deliver(db, channel, FixedClock(T0), InternalRoute())
    [(_, message)] = channel.sent
    assert "CHECK-20261102T0800" in message.text
    session.expire_all()
    assert [r.state for r in check_report(session=session, now=T0 + 3 * H)] == ["awaiting"]
    [row] = check_report(session=session, now=T0 + 4 * H)
    assert (row.state, row.check_id, row.answer_by) == ("unanswered", "CHECK-20261102T0800", T0 + 4 * H)

    _import(session, customer("Nordic Reseller Oy", language="en", contacts=["json://127.0.0.1:9/n"]))
    rows = check_report(session=session, now=T0 + 4 * H)
    assert [(r.customer, r.state) for r in rows] == [
        ("Brouwerij Voorbeeld BV", "unanswered"),
        ("Nordic Reseller Oy", "never checked"),
    ]


def test_a_check_is_queued_once_per_minute_and_within_bounds(session: Session, db: Engine) -> None:
    """The same check run twice in a minute queues nothing new; an unknown customer or a silly window is refused."""
    _import(session, customer("Brouwerij Voorbeeld BV", contacts=["json://127.0.0.1:9/a", "json://127.0.0.1:9/b"]))
    assert len(send_checks(session=session, now=T0, within=24 * H)) == 2
    assert send_checks(session=session, now=T0 + timedelta(seconds=30), within=24 * H) == []
    notices = session.exec(select(Notice).where(Notice.kind == NoticeKind.CONTACT_CHECK)).all()
    assert {(n.incident_id, n.case_id, n.status) for n in notices} == {(None, None, NoticeStatus.PENDING)}
    assert {n.details["ack_within_hours"] for n in notices} == {24}
    with pytest.raises(NotFound):
        send_checks(session=session, now=T0, within=24 * H, customer="Nobody NV")
    for within in (timedelta(minutes=30), timedelta(days=31)):
        with pytest.raises(InvalidInput, match="within"):
            send_checks(session=session, now=T0, within=within)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    env = {**CLI_ENV, "BREACH_ACK_SECRET": SECRET}
    with app_database(monkeypatch, tmp_path / "cli.db", env):
        yield tmp_path


def test_breach_customers_check_sends_and_reports(cli_env: Path) -> None:
    """``breach customers check`` delivers the test messages now; ``--report`` lists each contact's state."""
    app = typer.Typer()
    customers_app = typer.Typer()
    cli_ack.register_customers(customers_app)
    app.add_typer(customers_app, name="customers")
    runner = CliRunner()
    with http_sink() as sink:
        with Session(flows_db.get_engine()) as session:
            _import(session, customer("Brouwerij Voorbeeld BV", contacts=[sink.url("alive")]))
        result = runner.invoke(app, ["customers", "check", "--within", "2h"])
        assert result.exit_code == 0, result.stderr
        assert "test message queued for 1 contacts" in result.stdout
        assert "delivered 1" in result.stdout
        assert [r.path for r in sink.received] == ["/alive"]
    report = runner.invoke(app, ["customers", "check", "--report"])
    assert report.exit_code == 0
    assert "awaiting" in report.stdout
    bad = runner.invoke(app, ["customers", "check", "--within", "soon"])
    assert bad.exit_code == 2
    assert "within" in bad.stderr
