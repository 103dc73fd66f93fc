"""``breach retention run``: remove personal data of incidents closed longer than the retention period.

DPA clause 10 and GDPR Art. 5(1)(e): what is no longer needed goes; what proves our conduct stays as
hashes (``breach.records.retention``). An incident is due once it is closed or withdrawn (final states) for
``BREACH_RETENTION_DAYS`` days, counted from its ``incident.closed`` / ``incident.withdrawn`` audit
event. Per incident: the description, the dismissal reason and the narrative's text; the reasons of
overrides and reported decisions; acknowledgers' names; the free text of notices, their last errors and
the delivery attempts' reasons; late reasons of deadlines; and the content of every sent message (its
``sha256`` stays). One ``retention.destroyed`` audit event per incident records the counts, the customers
concerned and the SHA-256 of what was removed (as its ``content_hash``). In the same unit of work, every
customer we told about the incident is queued a ``destruction`` notice (DPA clause 10(2): the record of
destruction, so the controller holds it without asking): the counts per kind of item, the date, the
period and the fingerprint, never the removed text. A second run removes and sends nothing again (the
incident is treated; each notice's key is unique).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import CaseReport, Deadline, Incident
from breach.db.models.outbox import DeliveryAttempt, Notice, SentMessage
from breach.db.models.support import SupportTask, TaskTimeEntry
from breach.notices.store import queue as notices
from breach.records.retention import (
    NARRATIVE_TEXT,
    NOTICE_TEXT,
    REPORT_TEXT,
    Removal,
    is_due,
    placeholder,
)
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, NoticeKind

FINAL = (IncidentStatus.CLOSED, IncidentStatus.WITHDRAWN)
ENDING_EVENTS = ("incident.closed", "incident.withdrawn")
DESTROYED = "retention.destroyed"


@dataclass(frozen=True, slots=True)
class Destroyed:
    reference: str
    closed_at: datetime
    counts: dict[str, int]
    removed_sha256: str
    notices: int = 0  # destruction notices queued


def _closed_at(incident: Incident, *, session: Session) -> datetime:
    at = session.exec(
        select(AuditEvent.at)
        .where(AuditEvent.incident_id == incident.id)
        .where(col(AuditEvent.event_type).in_(ENDING_EVENTS))
        .order_by(col(AuditEvent.seq).desc())
    ).first()
    return at if at is not None else incident.updated_at


def due_incidents(*, session: Session, now: datetime, days: int) -> list[tuple[Incident, datetime]]:
    """Final incidents closed at least ``days`` ago and not yet treated, with their closing time."""
    treated = set(session.exec(select(AuditEvent.incident_id).where(AuditEvent.event_type == DESTROYED)).all())
    found = []
    for incident in session.exec(
        select(Incident).where(col(Incident.status).in_(FINAL)).order_by(col(Incident.reference))
    ).all():
        if incident.id in treated:
            continue
        closed = _closed_at(incident, session=session)
        if is_due(closed, now, days):
            found.append((incident, closed))
    return found


def _scrub_incident(incident: Incident, removal: Removal, *, session: Session) -> list[str]:
    incident.description = removal.text("incident.description", incident.description) or ""
    incident.dismissal_reason = removal.text("incident.dismissal_reason", incident.dismissal_reason)
    incident.narrative = removal.mapping("narrative", incident.narrative, NARRATIVE_TEXT)
    incident.risk_override = removal.mapping("override", incident.risk_override, ("reason",))
    session.add(incident)
    customers = []
    for case, customer in repository.cases_of(incident.id, session=session):
        customers.append(str(customer.id))
        case.override = removal.mapping("override", case.override, ("reason",))
        case.acknowledged_by = removal.text("case.acknowledged_by", case.acknowledged_by)
        session.add(case)
    for report in session.exec(select(CaseReport).where(CaseReport.incident_id == incident.id)).all():
        report.details = removal.mapping("report", report.details, REPORT_TEXT)
        session.add(report)
    for deadline in session.exec(select(Deadline).where(Deadline.incident_id == incident.id)).all():
        deadline.late_reasons = removal.text("deadline.late_reasons", deadline.late_reasons)
        session.add(deadline)
    return customers


def _scrub_notices(incident: Incident, removal: Removal, *, session: Session) -> None:
    notices = session.exec(select(Notice).where(Notice.incident_id == incident.id)).all()
    ids = [n.id for n in notices]
    for notice in notices:
        notice.details = removal.mapping("notice", notice.details, NOTICE_TEXT) or {}
        notice.last_error = removal.text("notice.last_error", notice.last_error)
        notice.acknowledged_by = removal.text("notice.acknowledged_by", notice.acknowledged_by)
        session.add(notice)
    if not ids:
        return
    for attempt in session.exec(select(DeliveryAttempt).where(col(DeliveryAttempt.notice_id).in_(ids))).all():
        attempt.reason = removal.text("attempt.reason", attempt.reason) or ""
        session.add(attempt)
    for sent in session.exec(select(SentMessage).where(col(SentMessage.notice_id).in_(ids))).all():
        if sent.content is not None:
            removal.hash_of("sent_message.content", sent.sha256)
            sent.content = None
            session.add(sent)


def _scrub_support(incident: Incident, removal: Removal, *, session: Session) -> None:
    """Our support tasks for the incident: their text and who logged time; minutes and decisions stay."""
    tasks = session.exec(select(SupportTask).where(SupportTask.incident_id == incident.id)).all()
    for task in tasks:
        task.title = removal.text("task.title", task.title) or ""
        task.decision_reason = removal.text("task.decision_reason", task.decision_reason)
        session.add(task)
    ids = [t.id for t in tasks]
    if not ids:
        return
    for entry in session.exec(select(TaskTimeEntry).where(col(TaskTimeEntry.task_id).in_(ids))).all():
        entry.who = removal.text("task_time.who", entry.who) or ""
        entry.note = removal.text("task_time.note", entry.note) or ""
        session.add(entry)


def _queue_destruction(incident: Incident, details: dict[str, Any], *, session: Session, now: datetime) -> int:
    """A record of destruction to each customer with a case, and to each one told of the incident without one
    (an early warning, an all-clear)."""
    queued = notices.queue_for_cases(incident, NoticeKind.DESTRUCTION, session=session, now=now, shared=details)
    with_case = {case.customer_id for case, _ in repository.cases_of(incident.id, session=session)}
    told = session.exec(
        select(Notice.customer_id)
        .where(Notice.incident_id == incident.id)
        .where(col(Notice.customer_id).is_not(None))
        .where(Notice.kind != NoticeKind.DESTRUCTION)
        .distinct()
    ).all()
    others = sorted({c for c in told if c is not None} - with_case)
    if others:
        queued += notices.queue_for_customers(
            incident, NoticeKind.DESTRUCTION, others, session=session, now=now, details=details
        )
    return len(queued)


def run_retention(*, session: Session, actor: str, now: datetime, days: int) -> list[Destroyed]:
    """Remove the personal data of every due incident; one audit event each. Flushes, never commits."""
    marker = placeholder(now.date())
    done: list[Destroyed] = []
    for incident, closed in due_incidents(session=session, now=now, days=days):
        removal = Removal(marker)
        customers = _scrub_incident(incident, removal, session=session)
        _scrub_notices(incident, removal, session=session)
        _scrub_support(incident, removal, session=session)
        session.flush()
        counts = dict(sorted(removal.counts.items()))
        # What the customers are told (DPA clause 10(2)); our audit event adds whom and how many notices.
        record: dict[str, Any] = {
            "destroyed_at": now.isoformat(),
            "closed_at": closed.isoformat(),
            "retention_days": days,
            "counts": counts,
            "removed": removal.total,
            "removed_sha256": removal.sha256,
        }
        data: dict[str, Any] = {
            "reference": incident.reference,
            **{k: v for k, v in record.items() if k != "destroyed_at"},
            "customers": sorted(customers),
        }
        data["notices"] = _queue_destruction(incident, record, session=session, now=now)
        audit.append(
            session=session,
            event_type=DESTROYED,
            actor=actor,
            at=now,
            incident_id=incident.id,
            data=data,
            content=removal.document,
        )
        done.append(Destroyed(incident.reference, closed, counts, removal.sha256, data["notices"]))
    return done
