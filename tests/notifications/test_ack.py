"""Acknowledgement links and recording an acknowledgement (notifications.ack), and ``breach ack``."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

import pytest
import typer
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select
from typer.testing import CliRunner

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import ControllerCase
from breach.db.models.outbox import Notice
from breach.errors import ConfigurationError, InvalidInput, NotFound
from breach.records.store import audit
from breach.vocabulary import Language, NoticeKind, NoticeStatus
from flows import db
from flows.cli import ack as cli_ack
from notifications import ack
from notifications.channels.channel import RecordingChannel
from notifications.delivery.sender import deliver_batch
from tests.app_db import CLI_ENV, app_database
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident

SECRET = "test-secret-0123456789-abcdefghijklmnop"
T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
KEY = "BR-2026-0001.initial.1.0f1e2d3c4b5a69788796a5b4c3d2e1f0"
LINK = re.compile(r"http://127\.0\.0\.1:8765/ack/([A-Za-z0-9_.-]+)")


# --- tokens --------------------------------------------------------------------------------------


def test_a_token_round_trips() -> None:
    """A token made for a notice key gives that key back until it expires."""
    token = ack.sign(KEY, secret=SECRET, expires_at=T0 + timedelta(days=30))
    assert ack.verify(token, secret=SECRET, now=T0) == KEY
    assert ack.verify(token, secret=SECRET, now=T0 + timedelta(days=30, seconds=-1)) == KEY
    assert ack.link("https://ack.example.org/", token) == f"https://ack.example.org/ack/{token}"


def test_a_token_signed_with_another_secret_is_forged() -> None:
    """Only our secret makes tokens we accept."""
    token = ack.sign(KEY, secret="another-secret-0123456789-abcdefghijklm", expires_at=T0 + timedelta(days=1))
    with pytest.raises(ack.TokenRefused) as refused:
        ack.verify(token, secret=SECRET, now=T0)
    assert refused.value.reason == "forged"


@pytest.mark.parametrize("change", ["key", "expiry"])
def test_a_tampered_payload_is_forged(change: str) -> None:
    """Another key or a later expiry under the old signature is refused as forged, never believed."""
    token = ack.sign(KEY, secret=SECRET, expires_at=T0 - timedelta(days=1))
    _, signature = token.split(".")
    if change == "key":
        raw = f"{KEY.replace('0001', '0002')}\n{int((T0 - timedelta(days=1)).timestamp())}"
    else:
        raw = f"{KEY}\n{int((T0 + timedelta(days=365)).timestamp())}"
    body = base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()
    with pytest.raises(ack.TokenRefused) as refused:
        ack.verify(f"{body}.{signature}", secret=SECRET, now=T0)
    assert refused.value.reason == "forged"


def test_an_expired_token_is_refused() -> None:
    """At its expiry and after, a token is refused as expired; the error does not repeat the token."""
    token = ack.sign(KEY, secret=SECRET, expires_at=T0)
    with pytest.raises(ack.TokenRefused) as refused:
        ack.verify(token, secret=SECRET, now=T0)
    assert refused.value.reason == "expired"
    assert token not in str(refused.value)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "a b.c", "abc.d$f", "é.x", "x" * 600 + ".y", "."])
def test_a_malformed_token_is_refused(token: str) -> None:
    """Something that is not a token at all is refused as malformed."""
    with pytest.raises(ack.TokenRefused) as refused:
        ack.verify(token, secret=SECRET, now=T0)
    assert refused.value.reason == "malformed"


def test_a_short_secret_is_refused() -> None:
    """A secret that could be guessed offline stops signing and verifying, naming the setting."""
    with pytest.raises(ConfigurationError, match="BREACH_ACK_SECRET"):
        ack.sign(KEY, secret="short", expires_at=T0)
    with pytest.raises(ConfigurationError, match="BREACH_ACK_SECRET"):
        ack.link_maker(base_url="http://x", secret="short", clock=FixedClock(T0))


def test_the_link_maker_links_customer_notices_only() -> None:
    """Customer notices get a link valid 30 days from rendering; internal alerts get none."""
    make = ack.link_maker(base_url="https://ack.example.org", secret=SECRET, clock=FixedClock(T0))
    notice = Notice(notice_key=KEY, kind=NoticeKind.INITIAL, language=Language.NL, customer_id=None)
    assert make(notice) is None
    notice.customer_id = uuid4()
    url = make(notice)
    assert url is not None
    token = url.removeprefix("https://ack.example.org/ack/")
    assert ack.verify(token, secret=SECRET, now=T0 + timedelta(days=29)) == KEY
    with pytest.raises(ack.TokenRefused):
        ack.verify(token, secret=SECRET, now=T0 + timedelta(days=30))
    alert = Notice(notice_key="x", kind=NoticeKind.INTERNAL_ALERT, language=Language.EN, customer_id=notice.customer_id)
    assert make(alert) is None


# --- acknowledging -------------------------------------------------------------------------------


def _delivered(session: Session, engine: Engine) -> tuple[RecordingChannel, str]:
    """A confirmed breach delivered to one customer's webhook, with links; returns the channel and reference."""
    contacts = ["json://127.0.0.1:9/hook", "json://127.0.0.1:9/2"]
    incident = confirmed_incident(session, customers=[customer("Brouwerij Voorbeeld BV", contacts=contacts)], now=T0)
    channel = RecordingChannel()
    clock = FixedClock(T0)
    deliver_batch(
        unit_of_work=partial(db.unit_of_work, engine),
        channel=channel,
        sender=SENDER,
        clock=clock,
        limit=10,
        links=ack.link_maker(base_url=SENDER.public_url, secret=SECRET, clock=clock),
    )
    return channel, incident.reference


def _events(session: Session, event_type: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.event_type == event_type)).all())


def test_every_delivered_notice_carries_its_link(session: Session, db: Engine) -> None:
    """The message text holds a link whose token names the very notice it was sent with."""
    channel, _ = _delivered(session, db)
    [(_, message)] = channel.sent
    match = LINK.search(message.text)
    assert match is not None, message.text
    assert ack.verify(match.group(1), secret=SECRET, now=T0) == message.notice_key


def test_an_acknowledgement_is_recorded_on_notice_case_and_audit_log(session: Session, db: Engine) -> None:
    """Who and when go on the notice and its case; the audit event names the person and the way."""
    channel, reference = _delivered(session, db)
    key = channel.sent[0][1].notice_key
    at = T0 + timedelta(minutes=20)
    summary = ack.acknowledge(session=session, notice_key=key, by="  Jan   Peeters ", via="web", now=at)
    session.commit()
    assert (summary.reference, summary.customer, summary.acknowledged_by) == (
        reference,
        "Brouwerij Voorbeeld BV",
        "Jan Peeters",
    )
    notice = session.exec(select(Notice).where(Notice.notice_key == key)).one()
    case = session.get(ControllerCase, notice.case_id)
    assert case is not None
    assert (notice.acknowledged_at, notice.acknowledged_by) == (at, "Jan Peeters")
    assert (case.acknowledged_at, case.acknowledged_by) == (at, "Jan Peeters")
    [event] = _events(session, "notice.acknowledged")
    assert event.actor == "Jan Peeters"
    assert event.data["via"] == "web"
    assert event.data["first_for_case"] is True
    assert audit.verify(session=session) is None


def test_a_second_acknowledgement_is_refused_and_changes_nothing(session: Session, db: Engine) -> None:
    """A reused link says who acknowledged first and when; nothing is written."""
    channel, _ = _delivered(session, db)
    key = channel.sent[0][1].notice_key
    ack.acknowledge(session=session, notice_key=key, by="Jan Peeters", via="web", now=T0 + timedelta(minutes=5))
    session.commit()
    before = session.exec(select(func.count()).select_from(AuditEvent)).one()
    with pytest.raises(ack.AlreadyAcknowledged, match="Jan Peeters") as refused:
        ack.acknowledge(session=session, notice_key=key, by="Someone Else", via="cli", now=T0 + timedelta(hours=1))
    session.rollback()
    assert refused.value.at == T0 + timedelta(minutes=5)
    assert session.exec(select(func.count()).select_from(AuditEvent)).one() == before
    notice = session.exec(select(Notice).where(Notice.notice_key == key)).one()
    assert notice.acknowledged_by == "Jan Peeters"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "Jan\x00Peeters"])
def test_a_name_is_required_and_bounded(session: Session, db: Engine, name: str) -> None:
    """The reader's name is required, one line, at most 200 characters; a refusal writes nothing."""
    channel, _ = _delivered(session, db)
    with pytest.raises(InvalidInput) as refused:
        ack.acknowledge(session=session, notice_key=channel.sent[0][1].notice_key, by=name, via="web", now=T0)
    assert refused.value.field == "name"
    session.rollback()
    assert _events(session, "notice.acknowledged") == []


def test_internal_alerts_and_unknown_notices_are_not_acknowledged(session: Session, db: Engine) -> None:
    """An alert to our own DPO has no link to acknowledge; a key we never issued is not found."""
    _delivered(session, db)
    alert = Notice(
        notice_key="ENGINE.internal_alert.1.internal.test",
        kind=NoticeKind.INTERNAL_ALERT,
        language=Language.EN,
        status=NoticeStatus.PENDING,
        created_at=T0,
    )
    session.add(alert)
    session.commit()
    with pytest.raises(ack.NotAcknowledgeable):
        ack.acknowledge(session=session, notice_key=alert.notice_key, by="Dana", via="cli", now=T0)
    with pytest.raises(NotFound):
        ack.acknowledge(session=session, notice_key=KEY, by="Dana", via="cli", now=T0)


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    env = {**CLI_ENV, "BREACH_ACK_SECRET": SECRET}
    with app_database(monkeypatch, tmp_path / "cli.db", env) as engine:
        yield engine


def test_breach_ack_records_an_acknowledgement_given_by_telephone(
    cli_env: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``breach ack LINK --name`` acknowledges once, naming the operator who recorded it; a reuse exits 2."""
    monkeypatch.setattr(cli_ack, "clock", FixedClock(T0 + timedelta(hours=3)))
    with Session(cli_env, expire_on_commit=False) as session:
        channel, reference = _delivered(session, cli_env)
    link = LINK.search(channel.sent[0][1].text)
    assert link is not None
    app = typer.Typer()
    cli_ack.register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["ack", link.group(0), "--name", "Jan Peeters"])
    assert result.exit_code == 0, result.stderr
    assert f"{reference}: personal data breach notice to Brouwerij Voorbeeld BV acknowledged by Jan Peeters" in (
        result.stdout
    )
    again = runner.invoke(app, ["ack", link.group(1), "--name", "Someone Else"])
    assert again.exit_code == 2
    assert "already acknowledged" in again.stderr
    # A character inside the signature, changed (base64's last characters may carry bits a decoder ignores).
    token, middle = link.group(1), len(link.group(1)) - 10
    forged_token = token[:middle] + ("B" if token[middle] == "A" else "A") + token[middle + 1 :]
    forged = runner.invoke(app, ["ack", forged_token, "--name", "Mallory"])
    assert forged.exit_code == 2
    assert "not made by us" in forged.stderr
    with Session(cli_env) as session:
        [event] = _events(session, "notice.acknowledged")
        assert (event.actor, event.data["via"], event.data["recorded_by"]) == (
            "Jan Peeters",
            "cli",
            "alice@example.org",
        )
        acknowledged = session.exec(select(Notice).where(col(Notice.acknowledged_at).is_not(None))).all()
        assert len(acknowledged) == 1
        assert repository.incident_by_reference(reference, session=session).reference == reference
