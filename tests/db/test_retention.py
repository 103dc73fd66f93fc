"""Retention: personal data of long-closed incidents go, hashes stay, and the audit chain still verifies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach import audit
from breach.models import AuditEvent, CaseReport, Deadline, SentMessage
from breach.retention import DEFAULT_RETENTION_DAYS, Removal, is_due
from flows.evidence import build_pack, verify_pack
from flows.retention_service import get_retention_settings, run_retention
from tests.record_world import BREWERY, NOW, build

LATER = NOW + timedelta(days=400)


def test_nothing_is_removed_before_the_period_ends(session: Session, db: Engine) -> None:
    """An incident closed 400 days ago stays whole under a 5-year period."""
    build(session, db, close=True)
    assert run_retention(session=session, actor="dpo", now=LATER, days=DEFAULT_RETENTION_DAYS) == []
    assert session.exec(select(AuditEvent).where(AuditEvent.event_type == "retention.destroyed")).first() is None


def test_an_open_incident_is_never_treated(session: Session, db: Engine) -> None:
    """Only closed or withdrawn incidents are due, however old."""
    build(session, db)
    assert run_retention(session=session, actor="dpo", now=LATER, days=1) == []


def test_retention_removes_text_keeps_hashes_and_the_chain_verifies(session: Session, db: Engine) -> None:
    """Description, narrative, reasons and sent contents go; hashes stay; one audit event records it."""
    world = build(session, db, close=True)
    stored_hashes = sorted(s.sha256 for s in session.exec(select(SentMessage)).all())
    (done,) = run_retention(session=session, actor="dpo@example.org", now=LATER, days=365)
    session.commit()
    world.reload()
    incident = world.incident
    assert incident.description.startswith("[removed under the retention policy")
    assert incident.narrative is not None
    assert incident.narrative["nature"].startswith("[removed")
    assert incident.facts is not None
    assert incident.facts["data_subjects"] == 1200
    sent = session.exec(select(SentMessage)).all()
    assert all(s.content is None for s in sent)
    assert sorted(s.sha256 for s in sent) == stored_hashes
    reports = session.exec(select(CaseReport)).all()
    assert all("removed" in str(r.details.get("reason", "removed")) for r in reports)
    assert {r.details.get("authority_reference") for r in reports} >= {"GBA-2026-0042"}
    late = session.exec(select(Deadline).where(Deadline.late_reasons.is_not(None))).all()  # type: ignore[union-attr]
    assert all(d.late_reasons and d.late_reasons.startswith("[removed") for d in late)
    case, _ = world.cases[BREWERY]
    assert case.override is None or "removed" in str(case.override)
    event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "retention.destroyed")).one()
    assert event.data["counts"]["sent_message.content"] == 4
    assert event.data["removed_sha256"] == done.removed_sha256 == event.content_hash
    assert "Mailboxes" not in str(event.data)
    assert audit.verify(session=session) is None


def test_a_second_run_removes_nothing(session: Session, db: Engine) -> None:
    """Retention is idempotent: a treated incident is not treated again."""
    build(session, db, close=True)
    assert len(run_retention(session=session, actor="dpo", now=LATER, days=365)) == 1
    session.commit()
    assert run_retention(session=session, actor="dpo", now=LATER + timedelta(days=1), days=365) == []


def test_the_evidence_pack_still_verifies_after_retention(session: Session, db: Engine) -> None:
    """A pack after retention lists each sent message by its hash only, and verifies."""
    build(session, db, close=True)
    run_retention(session=session, actor="dpo", now=LATER, days=365)
    session.commit()
    pack = build_pack("BR-2026-0001", BREWERY, session=session, now=LATER)
    assert pack.sent_messages == 1
    assert verify_pack(pack.data) == []


def test_the_period_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """BREACH_RETENTION_DAYS sets the period; the default is five years."""
    get_retention_settings.cache_clear()
    assert get_retention_settings().retention_days == DEFAULT_RETENTION_DAYS
    get_retention_settings.cache_clear()
    monkeypatch.setenv("BREACH_RETENTION_DAYS", "30")
    assert get_retention_settings().retention_days == 30
    get_retention_settings.cache_clear()


def test_removal_counts_and_fingerprints_what_it_removed() -> None:
    """Removing a text counts it; its marker and empty values are left alone; the hash covers the texts."""
    removal = Removal("[removed under the retention policy on 2031-01-01]")
    assert removal.text("a", "secret") == removal.marker
    assert removal.text("a", removal.marker) == removal.marker
    assert removal.text("a", None) is None
    nested = removal.mapping("n", {"changes": [{"path": "x", "kind": "text", "after": "t"}], "rule": "r"}, ("note",))
    assert nested == {"changes": [{"path": "x", "kind": "text", "after": removal.marker}], "rule": "r"}
    assert removal.total == 2
    assert len(removal.sha256) == 64
    assert is_due(NOW, NOW + timedelta(days=30), 30)
    assert not is_due(NOW, NOW + timedelta(days=29), 30)
