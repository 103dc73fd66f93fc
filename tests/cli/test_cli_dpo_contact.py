"""Our DPO's contact on the command line (issue 17; DPA clause 5(a)): a command that delivers to a real contact
exits 2 with one line naming the settings still at their placeholder, and ``breach check`` exits 1 for it."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Incident
from breach.db.models.outbox import DeliveryAttempt, Notice
from breach.vocabulary import IncidentStatus, NoticeKind, NoticeStatus
from flows import settings as settings_module
from flows.cli.app import app
from flows.settings import Settings, get_settings
from flows.usecases.outbox import deliver_due
from notifications.delivery.dpo_contact import PLACEHOLDER_DPO
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import customer
from tests.incidents import confirmed_incident, described_incident
from tests.servers import free_port

_run = invoker(app)
PLACEHOLDERS = {
    "BREACH_DPO_NAME": PLACEHOLDER_DPO.name,
    "BREACH_DPO_EMAIL": PLACEHOLDER_DPO.email,
    "BREACH_DPO_PHONE": "",
}
COMPLETE = {
    "BREACH_DPO_NAME": "Dana Example",
    "BREACH_DPO_EMAIL": "dpo@cloud.example.org",
    "BREACH_DPO_PHONE": "+32 2 000 00 00",
}
WORKING_ALERTS = {"BREACH_DPO_ALERT_URLS": "json://127.0.0.1:9/alerts"}


def test_the_settings_default_to_the_placeholders_the_check_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without BREACH_DPO_*, the settings are exactly what the delivery path refuses: they cannot drift apart."""
    for name in PLACEHOLDERS:
        monkeypatch.delenv(name, raising=False)
    settings = Settings(database_url="sqlite://")
    assert (settings.dpo_name, settings.dpo_email, settings.dpo_phone) == (
        PLACEHOLDER_DPO.name,
        PLACEHOLDER_DPO.email,
        PLACEHOLDER_DPO.phone,
    )


@pytest.mark.parametrize("setting", sorted(PLACEHOLDERS))
def test_outbox_run_exits_2_naming_the_setting_and_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    """One placeholder is enough: one error line names it, the notice stays pending and untried."""
    env = {**CLI_ENV, **COMPLETE, setting: PLACEHOLDERS[setting]}
    with (
        app_database(monkeypatch, tmp_path / "dpo.db", env) as engine,
        Session(engine, expire_on_commit=False) as session,
    ):
        contact = f"json://127.0.0.1:{free_port()}/hook"
        confirmed_incident(session, customers=[customer(contacts=[contact])], now=datetime.now(UTC))
        code, out, err = _run("outbox", "run")
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert (code, errors) == (
            2,
            [
                f"error: {setting} is not set: every notice must carry our DPO's name and direct contact"
                " (DPA clause 5(a))"
            ],
        ), (out, err)
        session.expire_all()
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.INITIAL)).one()
        assert (notice.status, notice.claim_token) == (NoticeStatus.PENDING, None)
        assert session.exec(select(DeliveryAttempt)).all() == []


def test_outbox_run_sends_to_spool_with_the_placeholders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's spool folder is not a real contact: delivered, exit 0."""
    env = {**CLI_ENV, **PLACEHOLDERS, "BREACH_SPOOL_DIR": str(tmp_path / "spool")}
    with (
        app_database(monkeypatch, tmp_path / "dpo.db", env) as engine,
        Session(engine, expire_on_commit=False) as session,
    ):
        confirmed_incident(
            session, customers=[customer(contacts=["spool://brouwerij.example.org/dpo"])], now=datetime.now(UTC)
        )
        code, out, err = _run("outbox", "run")
        assert code == 0, (out, err)
        session.expire_all()
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.INITIAL)).one()
        assert notice.status is NoticeStatus.DELIVERED
    assert list((tmp_path / "spool").rglob("*breach-notice.json"))


def test_check_exits_1_while_the_dpo_contact_is_incomplete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`breach check` names every missing DPO setting even when the alert channel is fine; 0 once they are set."""
    with app_database(monkeypatch, tmp_path / "check.db", {**CLI_ENV, **WORKING_ALERTS, **PLACEHOLDERS}):
        code, _, err = _run("check")
        assert code == 1
        assert (
            "error: BREACH_DPO_NAME, BREACH_DPO_EMAIL, BREACH_DPO_PHONE are not set: every notice must carry our"
            " DPO's name and direct contact (DPA clause 5(a)); notices are sent to spool:// contacts only until"
            " they are"
        ) in err
    with app_database(
        monkeypatch, tmp_path / "check.db", {**CLI_ENV, **WORKING_ALERTS, **COMPLETE, "BREACH_DPO_PHONE": " "}
    ):
        code, _, err = _run("check")
        assert (code, "error: BREACH_DPO_PHONE is not set" in err, "BREACH_DPO_NAME" in err) == (1, True, False)
    with app_database(monkeypatch, tmp_path / "check.db", {**CLI_ENV, **WORKING_ALERTS, **COMPLETE}):
        code, out, err = _run("check")
        assert (code, "DPO contact: name, e-mail and phone set" in out) == (0, True), err


def test_confirm_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A confirmation whose first notice would reach a real contact is refused with the settings named,
    exit 2: the incident stays as it was, with no case, notice or audit event (its notices would only wait)."""
    with (
        app_database(monkeypatch, tmp_path / "dpo.db", {**CLI_ENV, **PLACEHOLDERS}) as engine,
        Session(engine, expire_on_commit=False) as session,
    ):
        contact = f"json://127.0.0.1:{free_port()}/hook"
        incident = described_incident(session, customers=[customer(contacts=[contact])], now=datetime.now(UTC))
        session.commit()
        status_before, events_before = incident.status, len(session.exec(select(AuditEvent)).all())
        code, out, err = _run("confirm", incident.reference)
        assert code == 2, (out, err)
        assert err.splitlines()[-1].startswith("error: BREACH_DPO_NAME, BREACH_DPO_EMAIL, BREACH_DPO_PHONE are not set")
        session.expire_all()
        assert session.get(Incident, incident.id).status is status_before  # type: ignore[union-attr]
        assert session.exec(select(Notice)).all() == []
        assert len(session.exec(select(AuditEvent)).all()) == events_before
        for name, value in COMPLETE.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        # The delivery the flow runs, without a temporary Prefect server: under CI's load its start-up alone
        # took long enough to fail the run (exit 1); what is tested here is the gate, not Prefect.
        flow = types.ModuleType("flows.orchestration.incident_flow")
        flow.handle_incident = lambda incident_id: deliver_due(incident_id=incident_id)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "flows.orchestration.incident_flow", flow)
        code, out, err = _run("confirm", incident.reference)
        # Confirmed and tried: nobody listens on that port, so the notice waits for its retry (exit code 3).
        assert (code, f"{incident.reference} confirmed" in out) == (3, True), (out, err)
        session.expire_all()
        assert session.get(Incident, incident.id).status is IncidentStatus.NOTIFYING  # type: ignore[union-attr]


def test_the_operator_is_the_person_behind_sudo_or_a_warning_says_it_is_unset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18: decisions recorded from a root shell read "root" while BREACH_OPERATOR is unset. The person
    behind sudo is recorded instead; with no such person, stderr says once that BREACH_OPERATOR is unset."""
    monkeypatch.delenv("BREACH_OPERATOR", raising=False)
    monkeypatch.setattr(settings_module, "_warned", [])
    monkeypatch.setenv("SUDO_USER", "dana")
    assert Settings().operator == "dana"
    assert capsys.readouterr().err == ""
    monkeypatch.delenv("SUDO_USER")
    login = Settings().operator
    assert login
    assert Settings().operator == login
    warned = capsys.readouterr().err
    assert warned.count("BREACH_OPERATOR is unset") == 1
    assert repr(login) in warned
    monkeypatch.setenv("BREACH_OPERATOR", "alice@example.org")
    assert Settings().operator == "alice@example.org"
    assert capsys.readouterr().err == ""
