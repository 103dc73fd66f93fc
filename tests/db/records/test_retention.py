"""Retention: personal data of long-closed incidents go, hashes stay, the audit chain still verifies, and each
customer gets the record of destruction (DPA clause 10(2))."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import CaseReport, Deadline
from breach.db.models.outbox import Notice, SentMessage
from breach.db.models.support import TaskTimeEntry
from breach.notices.store import queue as notices
from breach.records.retention import DEFAULT_RETENTION_DAYS, REMOVED_ITEMS, Removal, is_due, placeholder
from breach.records.store import audit
from breach.support.store.tasks import create_task, decide_billable, log_time
from breach.support.support_tasks import TaskLinks
from breach.vocabulary import BillableDecision, NoticeKind, SupportTaskKind
from flows import db as flows_db
from flows.evidence import build_pack, verify_pack
from flows.settings import get_settings
from flows.usecases.directory_import import import_directory
from flows.usecases.retention import run_retention
from notifications.channels.channel import RecordingChannel
from notifications.delivery.sender import deliver_batch
from tests.factories import SENDER, customer, directory
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
    get_settings.cache_clear()
    assert get_settings().retention_days == DEFAULT_RETENTION_DAYS
    get_settings.cache_clear()
    monkeypatch.setenv("BREACH_RETENTION_DAYS", "30")
    assert get_settings().retention_days == 30
    get_settings.cache_clear()


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


def _destruction_notices(session: Session) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.kind == NoticeKind.DESTRUCTION)).all())


def test_each_customer_is_queued_a_record_of_destruction(session: Session, db: Engine) -> None:
    """One destruction notice per customer told of the incident, with counts, date, period and fingerprint."""
    world = build(session, db, close=True)
    (done,) = run_retention(session=session, actor="dpo@example.org", now=LATER, days=365)
    session.commit()
    notices = _destruction_notices(session)
    assert done.notices == 4
    assert {n.customer_id for n in notices} == {c.id for _, c in world.cases.values()}
    assert all(n.case_id is not None for n in notices)
    event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "retention.destroyed")).one()
    assert event.data["notices"] == 4
    details = notices[0].details
    assert details["removed_sha256"] == done.removed_sha256
    assert details["counts"] == done.counts
    assert details["retention_days"] == 365
    assert datetime.fromisoformat(details["destroyed_at"]) == LATER
    assert set(details["counts"]) <= set(REMOVED_ITEMS)


def test_a_record_of_destruction_carries_no_removed_text(session: Session, db: Engine) -> None:
    """Neither the stored details nor the delivered message hold any text the run removed."""
    build(session, db, close=True)
    removed = [
        "Mailboxes read by an intruder.",
        "Mailboxes on a shared cluster were read by an intruder.",
        "Waited for the forensic report.",
        "Only hashed passwords of test accounts.",
        "Financial data of customers of a bank.",
    ]
    (done,) = run_retention(session=session, actor="dpo", now=LATER, days=365)
    session.commit()
    for notice in _destruction_notices(session):
        assert not any(text in json.dumps(notice.details) for text in removed)
    channel = RecordingChannel()
    deliver_batch(
        unit_of_work=partial(flows_db.unit_of_work, db),
        channel=channel,
        sender=SENDER,
        clock=FixedClock(LATER),
        limit=100,
    )
    messages = [m for _, m in channel.sent if ".destruction." in m.notice_key]
    assert len(messages) == 4
    for message in messages:
        for shown in (message.subject, message.text, message.html or ""):
            assert not any(text in shown for text in removed)
        assert done.removed_sha256 in message.text
        assert message.attachments == ()


def test_a_second_run_queues_no_second_record(session: Session, db: Engine) -> None:
    """The incident is treated once; the notices' keys would refuse a repeat anyway."""
    build(session, db, close=True)
    run_retention(session=session, actor="dpo", now=LATER, days=365)
    session.commit()
    assert run_retention(session=session, actor="dpo", now=LATER + timedelta(days=1), days=365) == []
    session.commit()
    assert len(_destruction_notices(session)) == 4


def test_removal_and_records_commit_or_roll_back_together(session: Session, db: Engine) -> None:
    """Nothing half-written: rolled back, neither the removal nor any record of destruction remains."""
    world = build(session, db, close=True)
    run_retention(session=session, actor="dpo", now=LATER, days=365)
    session.rollback()
    world.reload()
    assert not world.incident.description.startswith("[removed")
    assert _destruction_notices(session) == []
    assert session.exec(select(AuditEvent).where(AuditEvent.event_type == "retention.destroyed")).first() is None


def test_a_customer_told_without_a_case_gets_the_record_too(session: Session, db: Engine) -> None:
    """A customer we told about the incident without it having a case (a security-incident notice) is told too."""
    world = build(session, db, close=True)
    data = directory(customer("Voorbeeld Hosting BV", contacts=["json://127.0.0.1:9/hosting"]))
    import_directory(data, session=session, actor="t", now=NOW, source="t")
    hosting = repository.customer_by_name("Voorbeeld Hosting BV", session=session)
    details = {"significant": False, "service_impact": "Mail was slow for an hour."}
    notices.queue_for_customers(
        world.incident, NoticeKind.SECURITY_INCIDENT, [hosting.id], session=session, now=NOW, details=details
    )
    session.commit()
    (done,) = run_retention(session=session, actor="dpo", now=LATER, days=365)
    assert done.notices == 5
    (notice,) = [n for n in _destruction_notices(session) if n.customer_id == hosting.id]
    assert notice.case_id is None
    assert notice.details["counts"]["notice.service_impact"] == 1


def test_our_support_tasks_for_the_incident_lose_their_text_but_keep_their_minutes(
    session: Session, db: Engine
) -> None:
    """A task's title, its billing reason and who logged time with what note are the incident's personal
    data too; the minutes and the DPO's decision stay, for the invoice and the audit."""
    world = build(session, db, close=True)
    case, brewery = world.cases[BREWERY]
    task = create_task(
        session=session,
        kind=SupportTaskKind.AUTHORITY_NOTIFICATION,
        title="Call Jan Voorbeeld about the GBA form",
        owner="dpo@example.org",
        links=TaskLinks(incident=world.incident, case=case, customer=brewery),
        actor="dpo@example.org",
        now=NOW,
    )
    log_time(
        task, 30, session=session, note="Phoned Jan Voorbeeld", who="An Peeters", at=NOW, actor="dpo@x.org", now=NOW
    )
    decide_billable(task, BillableDecision.CLEARED, "Goodwill for Jan", session=session, actor="dpo@x.org", now=NOW)
    session.commit()
    run_retention(session=session, actor="dpo@example.org", now=LATER, days=365)
    session.commit()
    session.refresh(task)
    (entry,) = session.exec(select(TaskTimeEntry)).all()
    assert (task.title, task.decision_reason, entry.who, entry.note) == (placeholder(LATER.date()),) * 4
    assert (entry.minutes, task.billable_decision is not None) == (30, True)
    event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "retention.destroyed")).one()
    assert {k: event.data["counts"][k] for k in ("task.title", "task.decision_reason", "task_time.who")} == {
        "task.title": 1,
        "task.decision_reason": 1,
        "task_time.who": 1,
    }
    assert "Jan" not in json.dumps(event.data)
    assert audit.verify(session=session) is None
