"""Prior consultations in the database (GDPR Art. 36, DPA 8(1)(e)): their clocks, task, watchdog and directory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, func, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Customer
from breach.db.models.incidents import Deadline, Incident
from breach.db.models.outbox import Notice
from breach.db.models.support import ConsultationEvent, ConsultationRequest, SupportTask
from breach.errors import DirectoryFileError, InvalidInput, UnknownValue
from breach.records.store.audit import verify
from breach.support.consultations import ConsultationDraft, ConsultationResult
from breach.support.store import consultations, tasks
from breach.vocabulary import ConsultationStatus, Language, NoticeKind
from flows import directory_files
from flows.orchestration.dashboard import incident_markdown, register_rows
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from flows.usecases.watch import open_deadlines, run_reminders, worklist
from tests.factories import NARRATIVE, customer, directory

BRUSSELS = ZoneInfo("Europe/Brussels")
OPENED = datetime(2025, 2, 20, 9, 0, tzinfo=UTC)
RECEIVED = datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS)  # a Tuesday (LAW.md's example)
NOW = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
BREWERY = "Brouwerij Voorbeeld BV"
BAKERY = "Boulangerie Exemple SA"


def _world(session: Session) -> dict[str, Customer]:
    customers = (
        customer(BREWERY, services=[{"code": "crm-cloud", "data_subjects": 900, "data": ["name"]}]),
        customer(BAKERY, language="fr", lead_authority="FR-CNIL", contacts=["json://127.0.0.1:9/fr"], services=[]),
    )
    import_directory(directory(*customers), session=session, actor="t", now=OPENED, source="t")
    return dict(repository.customers_by_name(session=session))


def _open(
    session: Session,
    who: Customer,
    incident: Incident | None = None,
    draft: ConsultationDraft | None = None,
) -> ConsultationRequest:
    given = draft or ConsultationDraft(title="Loyalty scoring")
    request, _task = consultations.open_consultation(
        given, session=session, customer=who, incident=incident, actor="dpo@example.org", now=OPENED
    )
    return request


def _breach(session: Session) -> Incident:
    """A confirmed breach of the CRM service, which reaches the brewery (the bakery does not use it)."""
    draft = IncidentDraft("CRM leak", "Export exposed.", ["crm-cloud"], OPENED - timedelta(hours=1))
    incident = open_incident(draft, session=session, actor="soc", now=OPENED)
    incident.narrative = NARRATIVE
    confirm_incident(incident.reference, session=session, actor="dpo", now=OPENED, aware_at=OPENED)
    return incident


def _status(request: ConsultationRequest) -> ConsultationStatus:
    return request.status


def _record(
    session: Session, request: ConsultationRequest, event: str, at: datetime, **details: object
) -> ConsultationResult:
    who = session.get(Customer, request.customer_id)
    assert who is not None
    return consultations.record_event(
        session=session,
        consultation=request,
        customer=who,
        event=event,
        at=at,
        details=details,
        actor="dpo@example.org",
        now=NOW,
    )


def _due(session: Session, request: ConsultationRequest) -> dict[str, str]:
    return {
        d.rule: d.due_at.astimezone(BRUSSELS).isoformat()
        for d in consultations.deadlines_of(request.id, session=session)
    }


def test_opening_makes_the_consultation_and_its_billable_task(session: Session) -> None:
    """Planned processing, no breach of ours: a prior-consultation task proposed billable; both audited."""
    who = _world(session)
    draft = ConsultationDraft("Loyalty scoring", services=("crm-cloud",), dpia_reference="DPIA-7")
    request = _open(session, who[BREWERY], draft=draft)
    assert (request.reference, request.status, request.authority) == (
        "PC-2025-0001",
        ConsultationStatus.PREPARING,
        "BE-GBA",
    )
    task = tasks.task_for_consultation(request.id, session=session)
    assert task is not None
    assert (task.kind.value, task.proposed_billable, task.billable_rule) == (
        "prior_consultation",
        True,
        "dpa.8.2.extra",
    )
    assert task.customer_id == who[BREWERY].id
    types = session.exec(select(AuditEvent.event_type).order_by(col(AuditEvent.seq))).all()
    assert types[-2:] == ["consultation.opened", "task.created"]


def test_a_consultation_our_breach_prompted_is_not_billable(session: Session) -> None:
    """Prompted by a confirmed breach that reached the customer: its task is our fault (DPA 8(2))."""
    who = _world(session)
    incident = _breach(session)
    request = _open(session, who[BREWERY], incident)
    task = tasks.task_for_consultation(request.id, session=session)
    assert task is not None
    assert (task.incident_id, task.proposed_billable, task.billable_rule) == (incident.id, False, "dpa.8.2.fault")
    with pytest.raises(InvalidInput) as info:  # the breach did not reach the bakery
        _open(session, who[BAKERY], incident)
    assert info.value.field == "incident"


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ConsultationDraft("  "), "title"),
        (ConsultationDraft("Scoring", services=("mail-hosting",)), "service"),
        (ConsultationDraft("Scoring", authority="XX-NOPE"), "authority"),
    ],
)
def test_bad_input_writes_nothing(session: Session, draft: ConsultationDraft, field: str) -> None:
    """An empty title, a service the customer does not use, an unknown authority: refused by name, nothing kept."""
    who = _world(session)
    session.commit()
    with pytest.raises(InvalidInput) as info:
        _open(session, who[BREWERY], draft=draft)
    session.rollback()
    assert info.value.field == field
    assert session.exec(select(func.count()).select_from(ConsultationRequest)).one() == 0
    assert session.exec(select(func.count()).select_from(SupportTask)).one() == 0
    if field == "authority":
        assert isinstance(info.value, UnknownValue)


def test_the_clocks_run_extend_suspend_and_stop(session: Session) -> None:
    """LAW.md: received 2025-03-04 → 2025-04-29; extended → 2025-06-10; 10 days suspended → 2025-06-20."""
    who = _world(session)
    request = _open(session, who[BREWERY])
    received = _record(session, request, "received", RECEIVED, authority_reference="GBA/PC/7")
    assert [d.rule for d in received.started] == ["gdpr.36.2", "gdpr.36.2.extension"]
    assert all(d.incident_id is None and d.consultation_id == request.id for d in received.started)
    assert _due(session, request) == {
        "gdpr.36.2.extension": "2025-04-04T23:59:59+02:00",
        "gdpr.36.2": "2025-04-29T23:59:59+02:00",
    }
    _record(session, request, "extension-announced", RECEIVED + timedelta(days=20), reason="complex")
    assert _due(session, request)["gdpr.36.2"] == "2025-06-10T23:59:59+02:00"
    _record(session, request, "suspended", datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS), reason="DPIA annex asked")
    assert _status(request) is ConsultationStatus.SUSPENDED
    _record(session, request, "resumed", datetime(2025, 4, 4, 9, 0, tzinfo=BRUSSELS))
    assert _due(session, request)["gdpr.36.2"] == "2025-06-20T23:59:59+02:00"
    assert _status(request) is ConsultationStatus.RECEIVED
    advice = _record(session, request, "advice-received", datetime(2025, 6, 2, 9, 0, tzinfo=BRUSSELS))
    assert [d.rule for d in advice.met] == ["gdpr.36.2"]  # the extension window was met by the extension
    assert all(d.met_at is not None for d in consultations.deadlines_of(request.id, session=session))
    assert (request.status, request.advised_at) == (ConsultationStatus.ADVISED, advice.plan.at)
    events = session.exec(select(ConsultationEvent.event).order_by(col(ConsultationEvent.occurred_at))).all()
    assert events == [
        "consultation-received",
        "extension-announced",
        "suspension-started",
        "suspension-ended",
        "advice-received",
    ]
    audited = session.exec(
        select(AuditEvent.event_type).where(col(AuditEvent.event_type).startswith("consultation."))
    ).all()
    assert len(audited) == 6  # opened and five events
    assert verify(session=session) is None


def test_an_extension_after_a_month_is_refused_and_nothing_written(session: Session) -> None:
    """Announced 2025-04-05: after the 2025-04-04 end of day; refused; the period stays at 8 weeks."""
    who = _world(session)
    request = _open(session, who[BREWERY])
    _record(session, request, "received", RECEIVED)
    session.commit()
    with pytest.raises(InvalidInput) as info:
        _record(session, request, "extension-announced", datetime(2025, 4, 5, 9, 0, tzinfo=BRUSSELS))
    session.rollback()
    assert "within one month" in str(info.value)
    assert _due(session, request)["gdpr.36.2"] == "2025-04-29T23:59:59+02:00"
    assert session.exec(select(func.count()).select_from(ConsultationEvent)).one() == 1


def test_a_stated_suspension_moves_the_period_at_once(session: Session) -> None:
    """Suspended for 10 days: the period is 10 days longer now, and the consultation runs on."""
    who = _world(session)
    request = _open(session, who[BREWERY])
    _record(session, request, "received", RECEIVED)
    moved = _record(session, request, "suspended", datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS), days=10)
    assert [d.rule for d in moved.moved] == ["gdpr.36.2"]
    assert _due(session, request)["gdpr.36.2"] == "2025-05-09T23:59:59+02:00"
    assert _status(request) is ConsultationStatus.RECEIVED  # stored: no event will mark the end
    # As of a moment, though, it is suspended for those 10 days (to 2025-04-04 09:00, Brussels) and not after.
    during, after = datetime(2025, 4, 4, 8, 59, tzinfo=BRUSSELS), datetime(2025, 4, 4, 9, 0, tzinfo=BRUSSELS)
    assert consultations.status_now(request, session=session, now=during) is ConsultationStatus.SUSPENDED
    assert consultations.status_now(request, session=session, now=after) is ConsultationStatus.RECEIVED
    listed = consultations.list_consultations(session=session, now=during, status=ConsultationStatus.SUSPENDED)
    assert [c.reference for c in listed] == [request.reference]
    assert consultations.list_consultations(session=session, now=after, status=ConsultationStatus.SUSPENDED) == []


def test_the_watchdog_follows_consultation_clocks(session: Session) -> None:
    """Without an incident, the period is in the worklist and its overdue alert names the consultation."""
    who = _world(session)
    request = _open(session, who[BAKERY])
    _record(session, request, "received", RECEIVED)
    session.commit()
    items = worklist(session=session, now=NOW)
    assert {(i.rule, i.reference, i.customer) for i in items} == {
        ("gdpr.36.2", request.reference, BAKERY),
        ("gdpr.36.2.extension", request.reference, BAKERY),
    }
    assert {d.timezone for d in open_deadlines(session=session)} == {"Europe/Brussels"}
    sent = run_reminders(session=session, now=NOW, language=Language.EN)
    assert [(s.rule, s.kind) for s in sent] == [("gdpr.36.2", "escalation")]  # the extension window is not chased
    session.commit()
    alert = session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).one()
    assert (alert.incident_id, alert.details["reference"], alert.details["customer"]) == (
        None,
        request.reference,
        BAKERY,
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "deadline.escalation")).one()
    assert event.incident_id is None
    assert run_reminders(session=session, now=NOW + timedelta(hours=1), language=Language.EN) == []


def test_incident_views_ignore_consultation_clocks(session: Session) -> None:
    """The register and the incident page read their incident's clocks; a consultation's have none."""
    who = _world(session)
    incident = _breach(session)
    request = _open(session, who[BREWERY], incident)
    _record(session, request, "received", RECEIVED)
    session.commit()
    (row,) = register_rows(session=session, now=NOW, tz="Europe/Brussels", language="en")
    assert "36(2)" not in row["Deadlines"]
    assert "36(2)" not in incident_markdown(incident, session=session, now=NOW, tz="Europe/Brussels")
    clocks = session.exec(select(Deadline).where(col(Deadline.incident_id).is_(None))).all()
    assert {d.rule for d in clocks} == {"gdpr.36.2", "gdpr.36.2.extension"}


def test_the_directory_carries_the_service_description(session: Session, tmp_path: Path) -> None:
    """included_support is imported from YAML and CSV; an unknown kind refuses the whole file."""
    import_directory(
        directory(customer(included_support=["dpia", "prior_consultation"])),
        session=session,
        actor="t",
        now=OPENED,
        source="t",
    )
    assert repository.customer_by_name(BREWERY, session=session).included_support == ["dpia", "prior_consultation"]
    session.commit()
    bad = directory(customer("Klant 1 BV"), customer("Klant 2 BV", included_support=["dpia", "lunch"]))
    with pytest.raises(DirectoryFileError) as info:
        import_directory(bad, session=session, actor="t", now=OPENED, source="t")
    session.rollback()
    assert info.value.field == "customers[1].included_support[1]"
    assert session.exec(select(func.count()).select_from(Customer)).one() == 1
    csv_file = tmp_path / "dir.csv"
    csv_file.write_text(
        "name,language,timezone,lead_authority,contacts,included_support\n"
        "Klant CSV BV,nl,Europe/Brussels,BE-GBA,json://127.0.0.1:9/c,evidence dpia\n",
        encoding="utf-8",
    )
    data, locate = directory_files.read(csv_file)
    import_directory(data, session=session, actor="t", now=OPENED, source="dir.csv", locate=locate)
    assert repository.customer_by_name("Klant CSV BV", session=session).included_support == ["evidence", "dpia"]
