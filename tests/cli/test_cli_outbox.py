"""``breach outbox run | list``, ``breach record ... reached-by-phone`` and ``breach check`` as the DPO meets
them during an outage: exit codes, what is printed, and what is recorded (issue 15, finding 1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import CaseReport, ControllerCase
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.deadlines import store as tracking
from breach.vocabulary import NoticeKind, NoticeStatus
from flows.cli.app import app
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import customer
from tests.incidents import confirmed_incident
from tests.servers import free_port

runner = CliRunner()
CUSTOMER = "Brouwerij Voorbeeld BV"


@pytest.fixture
def outage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """A confirmed breach whose one customer's only contact refuses connections; no alert channel set."""
    with (
        app_database(monkeypatch, tmp_path / "outbox.db", CLI_ENV) as engine,
        Session(engine, expire_on_commit=False) as session,
    ):
        contact = f"json://127.0.0.1:{free_port()}/down"
        confirmed_incident(session, customers=[customer(CUSTOMER, contacts=[contact])], now=datetime.now(UTC))
        yield session


_run = invoker(app)


def _initial(session: Session) -> Notice:
    session.expire_all()
    return session.exec(select(Notice).where(Notice.kind == NoticeKind.INITIAL)).one()


def test_outbox_commands_exit_non_zero_while_a_notice_is_owed(outage: Session) -> None:
    """A notice retrying makes `outbox run` and `outbox list` exit 3 with the count; once its customer is
    unreached past the threshold they exit 4; each run also warns that no alert channel is configured."""
    code, out, err = _run("outbox", "run")
    assert code == 3, (out, err)
    assert "still pending: 1 retrying (0 unreached customers), 0 failed" in err
    assert "no working alert channel: BREACH_DPO_ALERT_URLS is empty" in err
    assert _initial(outage).status is NoticeStatus.PENDING
    code, out, err = _run("outbox", "list")
    assert code == 3
    assert CUSTOMER in out
    # Its first try two hours ago: unreached past the hour, so the next run raises it to a person.
    outage.execute(update(DeliveryAttempt).values(started_at=datetime.now(UTC) - timedelta(hours=2)))
    outage.commit()
    code, out, err = _run("outbox", "run")
    assert code == 4, (out, err)
    assert "1 notices raised as unreached" in out
    assert "(1 unreached customers)" in err
    code, out, _ = _run("outbox", "list")
    assert (code, "unreached, retrying" in out) == (4, True)
    alert = outage.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).one()
    assert alert.details["alert"] == "customers_unreached"
    assert alert.details["count"] == 1


def test_reached_by_phone_stops_the_retries_starts_the_clock_and_is_evidence(outage: Session) -> None:
    """Recording that the customer was phoned makes its notice reached_otherwise (never delivered), starts
    its 72 hours from the call, meets our own clock, names who in the audit log, and ends the exit code 3."""
    assert _run("outbox", "run")[0] == 3
    reference = outage.exec(select(Notice.notice_key)).first()
    assert reference is not None
    ref = reference.split(".")[0]
    # In the order issue 15 types it.
    code, out, err = _run("record", ref, "--customer", CUSTOMER, "reached-by-phone", "--by", "Dana Example")
    assert code == 0, err
    assert "recorded reached-by-phone" in out
    notice = _initial(outage)
    assert (notice.status, notice.delivered_at) == (NoticeStatus.REACHED_OTHERWISE, None)
    called = outage.exec(select(CaseReport.occurred_at).where(CaseReport.event == "reached-by-phone")).one()
    case = outage.exec(select(ControllerCase)).one()
    assert case.aware_at == called
    clocks = {d.rule: d for d in tracking.deadlines_of(session=outage, incident_id=case.incident_id, case_id=case.id)}
    assert clocks["gdpr.33.1"].start_at == called
    assert clocks["dpa.8.1b"].met_at == called
    events = {e.event_type: e for e in outage.exec(select(AuditEvent)).all()}
    assert events["report.reached-by-phone"].actor == "alice@example.org"
    assert events["notice.reached_otherwise"].data["by"] == "Dana Example"
    assert events["incident.notified"] is not None
    attempts = len(outage.exec(select(DeliveryAttempt)).all())
    code, _, err = _run("outbox", "run")
    assert code == 0, err
    assert len(outage.exec(select(DeliveryAttempt)).all()) == attempts  # the retries stopped
    assert _run("outbox", "list")[0] == 0


def test_reached_by_phone_is_refused_without_who_or_when_nothing_is_owed(outage: Session) -> None:
    """Without --by it names the missing detail; for a customer already reached it says so; exit code 2."""
    ref = outage.exec(select(Notice.notice_key)).first()
    assert ref is not None
    code, _, err = _run("record", ref.split(".")[0], "reached-by-phone", "--customer", CUSTOMER)
    assert (code, "by: required by reached-by-phone" in err) == (2, True)
    notice = _initial(outage)
    notice.status = NoticeStatus.DELIVERED
    outage.add(notice)
    outage.commit()
    code, _, err = _run("record", ref.split(".")[0], "reached-by-phone", "--customer", CUSTOMER, "--by", "Dana")
    assert (code, "still owed" in err) == (2, True)
    assert outage.exec(select(AuditEvent).where(AuditEvent.event_type == "report.reached-by-phone")).all() == []


def test_check_fails_without_a_usable_alert_channel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`breach check` exits 1 naming the empty setting or the unusable URL (never the URL), 0 when usable."""
    with app_database(monkeypatch, tmp_path / "check.db", CLI_ENV):
        code, _, err = _run("check")
        assert (code, "BREACH_DPO_ALERT_URLS is empty" in err) == (1, True)
    with app_database(monkeypatch, tmp_path / "check.db", {**CLI_ENV, "BREACH_DPO_ALERT_URLS": "nosuch://s3cret"}):
        code, _, err = _run("check")
        assert (code, "URL 1 is not usable" in err, "s3cret" in err) == (1, True, False)
    with app_database(monkeypatch, tmp_path / "check.db", {**CLI_ENV, "BREACH_DPO_ALERT_URLS": "json://127.0.0.1:9/a"}):
        code, out, _ = _run("check")
        assert (code, "1 URL(s)" in out) == (0, True)


def test_the_help_documents_the_exit_codes() -> None:
    """`breach outbox run --help` and `breach confirm --help` list 0, 3 and 4."""
    for command in (["outbox", "run", "--help"], ["confirm", "--help"]):
        text = runner.invoke(app, command).stdout
        assert all(f" {code} " in text.replace("\n", " ") for code in ("0", "3", "4")), text


def test_make_serve_warns_at_start_without_an_alert_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make serve` prints the warning on stderr before it starts anything; nothing when a channel is set."""
    from flows.orchestration.serve_all import _warn_alert_channel  # noqa: PLC0415  (the launcher, imported for its check)

    with app_database(monkeypatch, tmp_path / "serve.db", CLI_ENV):
        _warn_alert_channel()
        assert "no working alert channel" in capsys.readouterr().err
    with app_database(monkeypatch, tmp_path / "serve.db", {**CLI_ENV, "BREACH_DPO_ALERT_URLS": "json://127.0.0.1:9/a"}):
        _warn_alert_channel()
        assert capsys.readouterr().err == ""


def test_make_serve_stops_at_once_without_an_audit_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make serve` without an audit key exits 2 naming the setting, before it starts any process."""
    from flows.orchestration import serve_all  # noqa: PLC0415  (the launcher, imported for its check)
    from flows.settings import get_settings  # noqa: PLC0415

    monkeypatch.delenv("BREACH_AUDIT_KEY", raising=False)
    monkeypatch.delenv("BREACH_AUDIT_KEY_FILE", raising=False)
    # What `make serve` would serve with, minus any key (a demo's database brings its own key file).
    monkeypatch.setattr(serve_all, "_env", lambda: {k: v for k, v in os.environ.items() if "AUDIT_KEY" not in k})
    monkeypatch.setattr(
        "flows.orchestration.serve_all.subprocess.Popen", lambda *_a, **_k: pytest.fail("started without an audit key")
    )
    get_settings.cache_clear()
    try:
        assert serve_all.main() == 2
    finally:
        get_settings.cache_clear()
    assert "BREACH_AUDIT_KEY" in capsys.readouterr().err
