"""Opening and dismissing incidents: validated, referenced, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Incident
from breach.errors import IllegalTransition, InvalidInput, NaiveDatetime
from breach.records.store import audit
from breach.vocabulary import IncidentStatus
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, dismiss_incident, open_incident
from tests.factories import customer, directory

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def seeded(session: Session) -> Session:
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="seed")
    session.commit()
    return session


def _draft(**changes: object) -> IncidentDraft:
    fields: dict[str, object] = {
        "title": "Ransomware on the mail cluster",
        "description": "Mailboxes encrypted on node 3.",
        "services": ["mail-hosting"],
        "detected_at": NOW - timedelta(hours=1),
    }
    fields.update(changes)
    return IncidentDraft(**fields)  # type: ignore[arg-type]


def test_references_count_up_per_year(seeded: Session) -> None:
    """The first incidents of a year are BR-YYYY-0001, 0002, ..."""
    refs = [open_incident(_draft(), session=seeded, actor="sec", now=NOW).reference for _ in range(3)]
    assert refs == ["BR-2026-0001", "BR-2026-0002", "BR-2026-0003"]
    next_year = open_incident(_draft(), session=seeded, actor="sec", now=NOW.replace(year=2027))
    assert next_year.reference == "BR-2027-0001"


def test_references_count_past_9999(seeded: Session) -> None:
    """As text "BR-2026-10000" sorts before "BR-2026-9999": numbering must not stall at the 9999th."""
    first = open_incident(_draft(), session=seeded, actor="sec", now=NOW)
    first.reference = "BR-2026-9999"
    seeded.add(first)
    seeded.flush()
    refs = [open_incident(_draft(), session=seeded, actor="sec", now=NOW).reference for _ in range(2)]
    assert refs == ["BR-2026-10000", "BR-2026-10001"]


def test_opening_is_audited_without_the_text(seeded: Session) -> None:
    """The audit event names the actor and hashes the description instead of storing it."""
    incident = open_incident(_draft(), session=seeded, actor="soc-siem", now=NOW)
    seeded.commit()
    event = seeded.exec(select(AuditEvent).where(AuditEvent.event_type == "incident.opened")).one()
    assert event.actor == "soc-siem"
    assert event.incident_id == incident.id
    assert "Mailboxes" not in str(event.data)
    assert event.content_hash == audit.content_hash(f"{incident.title}\n{incident.description}")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"services": ["nope"]}, "services"),
        ({"services": []}, "services"),
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"detected_at": NOW + timedelta(minutes=5)}, "detected_at"),
        ({"occurred_at": NOW - timedelta(minutes=5)}, "occurred_at"),  # after detection
    ],
)
def test_bad_intake_is_refused_and_writes_nothing(seeded: Session, changes: dict[str, object], field: str) -> None:
    """Unknown services, empty text, future or inconsistent times: refused, naming the field."""
    with pytest.raises(InvalidInput) as info:
        open_incident(_draft(**changes), session=seeded, actor="sec", now=NOW)
    seeded.rollback()
    assert info.value.field == field
    assert seeded.exec(select(Incident)).all() == []


def test_naive_detection_time_is_refused(seeded: Session) -> None:
    """A detection time without a zone cannot start a legal clock."""
    with pytest.raises(NaiveDatetime):
        open_incident(_draft(detected_at=datetime(2026, 11, 27, 8, 0)), session=seeded, actor="s", now=NOW)  # noqa: DTZ001


def test_dismissal_keeps_the_reason_and_refuses_a_second(seeded: Session) -> None:
    """A dismissed incident keeps why; dismissing it again is an illegal transition."""
    incident = open_incident(_draft(), session=seeded, actor="sec", now=NOW)
    dismiss_incident(incident.reference, "Test data only", session=seeded, actor="dpo", now=NOW)
    seeded.commit()
    row = repository.incident_by_reference(incident.reference, session=seeded)
    assert (row.status, row.dismissal_reason) == (IncidentStatus.DISMISSED, "Test data only")
    with pytest.raises(IllegalTransition):
        dismiss_incident(incident.reference, "again", session=seeded, actor="dpo", now=NOW)


def test_dismissal_needs_a_reason(seeded: Session) -> None:
    """A dismissal without a reason would leave the register without its reasoning (Art. 33(5))."""
    incident = open_incident(_draft(), session=seeded, actor="sec", now=NOW)
    with pytest.raises(InvalidInput) as info:
        dismiss_incident(incident.reference, " ", session=seeded, actor="dpo", now=NOW)
    assert info.value.field == "reason"


def test_the_audit_chain_catches_an_edit_and_a_deletion(seeded: Session) -> None:
    """Changing an event's actor or deleting the last event breaks the chain where it happened."""
    for _ in range(3):
        open_incident(_draft(), session=seeded, actor="sec", now=NOW)
    seeded.commit()
    assert audit.verify(session=seeded) is None
    events = seeded.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    events[2].actor = "someone else"
    seeded.add(events[2])
    seeded.commit()
    broken = audit.verify(session=seeded)
    assert broken is not None
    assert broken.seq == 3
    events[2].actor = "sec"
    seeded.add(events[2])
    seeded.delete(events[-1])
    seeded.commit()
    broken = audit.verify(session=seeded)
    assert broken is not None
    assert broken.problem.startswith("the chain ends early")
