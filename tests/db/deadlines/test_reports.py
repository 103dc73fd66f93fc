"""Recording what customers did, and what we did about the incident: reports, clocks and audit events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Deadline, Incident
from breach.deadlines import store as deadline_store
from breach.deadlines import tracking
from breach.deadlines.due import DeadlineStatus, status
from breach.errors import Contradiction, InvalidInput
from breach.incidents.reports import RecordResult
from breach.incidents.store.recorded import deadlines_in_scope, record_event, reports_of
from breach.records.store import audit
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, confirm_incident, open_incident
from tests.factories import NARRATIVE, customer, directory

BRUSSELS = ZoneInfo("Europe/Brussels")
DUBLIN = ZoneInfo("Europe/Dublin")
AWARE = datetime(2025, 3, 3, 9, 0, tzinfo=BRUSSELS)  # Monday: our awareness, at confirmation
DELIVERED = AWARE + timedelta(hours=1)  # our notice reached every customer: their awareness
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)

BREWERY = "Brouwerij Voorbeeld BV"
BANK = "Spaarbank Voorbeeld Ltd"
RESELLER = "Herverkoper Voorbeeld BV"


@dataclass(frozen=True)
class World:
    session: Session
    incident: Incident
    cases: dict[str, tuple[ControllerCase, Customer]]

    def record(self, who: str | None, event: str, at: datetime, **details: object) -> RecordResult:
        """Record ``event`` for ``who``'s case (``None``: the incident), as the DPO's CLI would."""
        case, cust = self.cases[who] if who is not None else (None, None)
        return record_event(
            session=self.session,
            incident=self.incident,
            case=case,
            customer=cust,
            event=event,
            at=at,
            details=details,
            actor="dpo@example.org",
            now=NOW,
        )

    def clock(self, who: str | None, rule: str, sequence: int = 1) -> Deadline:
        case = self.cases[who][0] if who is not None else None
        key = tracking.deadline_key(
            rule, incident_id=self.incident.id, case_id=case.id if case else None, sequence=sequence
        )
        return self.session.exec(select(Deadline).where(Deadline.key == key)).one()


def _local(value: datetime, zone: ZoneInfo = BRUSSELS) -> str:
    return value.astimezone(zone).isoformat()


@pytest.fixture
def world(session: Session) -> World:
    """A confirmed breach reaching a controller, a financial entity in Dublin and a reseller (a processor)."""
    customers = (
        customer(BREWERY),
        customer(BANK, timezone="Europe/Dublin", lead_authority="IE-DPC", language="en", financial_entity=True),
        customer(RESELLER, role="processor"),
    )
    import_directory(directory(*customers), session=session, actor="t", now=AWARE - timedelta(days=1), source="seed")
    draft = IncidentDraft(
        title="Mail cluster intrusion",
        description="Mailboxes read by an intruder.",
        services=["mail-hosting"],
        detected_at=AWARE - timedelta(hours=2),
    )
    incident = open_incident(draft, session=session, actor="soc", now=AWARE - timedelta(hours=1))
    incident.narrative = NARRATIVE
    confirm_incident(incident.reference, session=session, actor="dpo", now=AWARE, aware_at=AWARE)
    cases = {cust.name: (case, cust) for case, cust in repository.cases_of(incident.id, session=session)}
    for case, cust in cases.values():
        # What delivery of our first notice does (breach.incidents.awareness): the customer is aware, its 72 hours run.
        case.aware_at = DELIVERED
        session.add(case)
        if cust.name != RESELLER:
            clock = tracking.new_deadline(
                "gdpr.33.1", DELIVERED, incident_id=incident.id, case_id=case.id, tz=cust.timezone, now=DELIVERED
            )
            deadline_store.start_clocks([clock], session=session)
    session.commit()
    return World(session, incident, cases)


def _report_events(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(col(AuditEvent.event_type).startswith("report.")).order_by(col(AuditEvent.seq))
    return list(session.exec(query).all())


def test_a_notification_on_time_meets_the_72_hours(world: World) -> None:
    """authority-notified within 72 hours meets gdpr.33.1; the report keeps the reference, the log its hash."""
    at = datetime(2025, 3, 5, 15, 0, tzinfo=BRUSSELS)
    result = world.record(BREWERY, "authority-notified", at, authority_reference="GBA/2025/0042", follow_up=True)
    world.session.commit()
    assert [d.rule for d in result.met] == ["gdpr.33.1"]
    assert status(world.clock(BREWERY, "gdpr.33.1"), NOW) is DeadlineStatus.MET
    follow_up = world.clock(BREWERY, "gdpr.33.4")
    assert _local(follow_up.due_at) == "2025-03-08T15:00:00+01:00"
    (report,) = reports_of(session=world.session, incident_id=world.incident.id, case_id=result.report.case_id)
    assert (report.event, report.occurred_at, report.recorded_by) == ("authority-notified", at, "dpo@example.org")
    assert report.details == {"authority_reference": "GBA/2025/0042", "follow_up": True}
    (event,) = _report_events(world.session)
    assert (event.event_type, event.actor, event.subject_id) == (
        "report.authority-notified",
        "dpo@example.org",
        str(report.id),
    )
    assert "GBA/2025/0042" not in json.dumps(event.data)
    assert event.content_hash == audit.content_hash(json.dumps(report.details, sort_keys=True, ensure_ascii=False))
    assert event.data["met"] == [world.clock(BREWERY, "gdpr.33.1").key]


def test_a_late_notification_without_reasons_writes_nothing(world: World) -> None:
    """Later than 72 hours and without delay_reasons: refused before any write; with reasons: met late."""
    late = datetime(2025, 3, 7, 10, 0, tzinfo=BRUSSELS)
    with pytest.raises(InvalidInput) as info:
        world.record(BREWERY, "authority-notified", late, authority_reference="GBA/2025/0042")
    assert info.value.field == "delay_reasons"
    assert not world.session.new
    assert not world.session.dirty
    world.session.rollback()
    assert world.session.exec(select(CaseReport)).all() == []
    assert world.clock(BREWERY, "gdpr.33.1").met_at is None
    assert _report_events(world.session) == []

    result = world.record(
        BREWERY, "authority-notified", late, authority_reference="GBA/2025/0042", delay_reasons="Forensics first"
    )
    world.session.commit()
    row = world.clock(BREWERY, "gdpr.33.1")
    assert (status(row, NOW), row.late_reasons) == (DeadlineStatus.MET_LATE, "Forensics first")
    assert result.plan.late
    assert _report_events(world.session)[0].data["late"] is True


def test_a_processor_customer_does_not_notify_an_authority(world: World) -> None:
    """A reseller passes our notice on (Art. 33(2)): its authority notification is refused by name."""
    with pytest.raises(InvalidInput) as info:
        world.record(RESELLER, "authority-notified", DELIVERED, authority_reference="X")
    assert (info.value.field, info.value.value) == ("customer", RESELLER)


def test_the_prior_consultation_moves_with_extension_and_suspension(world: World) -> None:
    """Received 4 March, extended within the month, suspended 10 days: due 2025-06-20, 6 weeks + 10 days on."""
    received = datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS)
    world.record(BREWERY, "consultation-received", received, authority_reference="GBA/PC/7")
    assert _local(world.clock(BREWERY, "gdpr.36.2").due_at) == "2025-04-29T23:59:59+02:00"
    assert _local(world.clock(BREWERY, "gdpr.36.2.extension").due_at) == "2025-04-04T23:59:59+02:00"
    extended = world.record(BREWERY, "extension-announced", datetime(2025, 3, 20, 11, 0, tzinfo=BRUSSELS))
    assert [d.rule for d in extended.moved] == ["gdpr.36.2"]
    assert _local(world.clock(BREWERY, "gdpr.36.2").due_at) == "2025-06-10T23:59:59+02:00"
    world.record(BREWERY, "suspension-started", datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS), reason="DPIA asked")
    world.record(BREWERY, "suspension-ended", datetime(2025, 4, 4, 9, 0, tzinfo=BRUSSELS))
    world.session.commit()
    clock = world.clock(BREWERY, "gdpr.36.2")
    assert _local(clock.due_at) == "2025-06-20T23:59:59+02:00"
    assert clock.start_at == received
    assert world.clock(BREWERY, "gdpr.36.2.extension").met_at is not None
    world.record(BREWERY, "advice-received", datetime(2025, 6, 2, 9, 0, tzinfo=BRUSSELS))
    world.session.commit()
    assert status(world.clock(BREWERY, "gdpr.36.2"), NOW) is DeadlineStatus.MET
    assert audit.verify(session=world.session) is None


def test_an_extension_after_the_month_is_refused(world: World) -> None:
    """An extension announced after 4 April, one month after receipt on 4 March, is refused and written nowhere."""
    world.record(BREWERY, "consultation-received", datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS))
    world.session.commit()
    before = world.clock(BREWERY, "gdpr.36.2").due_at
    with pytest.raises(InvalidInput) as info:
        world.record(BREWERY, "extension-announced", datetime(2025, 4, 7, 10, 0, tzinfo=BRUSSELS))
    world.session.rollback()
    assert info.value.field == "at"
    assert world.clock(BREWERY, "gdpr.36.2").due_at == before
    with pytest.raises(Contradiction):
        world.record(BREWERY, "suspension-ended", datetime(2025, 4, 7, 10, 0, tzinfo=BRUSSELS))


def test_the_dora_chain_in_the_customers_time_zone(world: World) -> None:
    """Classified, initial, two intermediate reports moving the final one, final: in Dublin's calendar."""
    classified = world.record(BANK, "dora-classified", datetime(2025, 3, 3, 12, 0, tzinfo=DUBLIN))
    assert _local(classified.started[0].due_at, DUBLIN) == "2025-03-03T16:00:00+00:00"
    world.record(BANK, "dora-initial-sent", datetime(2025, 3, 3, 15, 0, tzinfo=DUBLIN))
    assert _local(world.clock(BANK, "dora.intermediate").due_at, DUBLIN) == "2025-03-06T15:00:00+00:00"
    world.record(BANK, "dora-intermediate-sent", datetime(2025, 3, 5, 12, 0, tzinfo=DUBLIN))
    # Strict (no roll-over): Saturday 5 April, end of day in Dublin, summer time by then.
    assert _local(world.clock(BANK, "dora.final").due_at, DUBLIN) == "2025-04-05T23:59:59+01:00"
    second = world.record(BANK, "dora-intermediate-sent", datetime(2025, 3, 10, 12, 0, tzinfo=DUBLIN))
    assert [d.rule for d in second.moved] == ["dora.final"]
    assert _local(world.clock(BANK, "dora.final").due_at, DUBLIN) == "2025-04-10T23:59:59+01:00"
    world.record(BANK, "dora-final-sent", datetime(2025, 4, 8, 12, 0, tzinfo=DUBLIN))
    world.session.commit()
    states = {d.rule: status(d, NOW) for d in world.session.exec(select(Deadline)).all() if d.rule.startswith("dora")}
    assert states == dict.fromkeys(("dora.initial", "dora.intermediate", "dora.final"), DeadlineStatus.MET)
    with pytest.raises(InvalidInput) as info:
        world.record(BREWERY, "dora-classified", DELIVERED)
    assert "not a financial entity" in str(info.value)
    assert audit.verify(session=world.session) is None


def test_our_nis2_clocks_with_a_progress_report(world: World) -> None:
    """Significant, early warning, notification, progress report, handled, final report: the incident's own."""
    world.record(None, "nis2-significant", datetime(2025, 3, 3, 12, 0, tzinfo=BRUSSELS))
    assert _local(world.clock(None, "nis2.23.4.a").due_at) == "2025-03-04T12:00:00+01:00"
    assert _local(world.clock(None, "nis2.23.4.b").due_at) == "2025-03-06T12:00:00+01:00"
    world.record(None, "nis2-early-warning-sent", datetime(2025, 3, 3, 20, 0, tzinfo=BRUSSELS))
    world.record(
        None, "nis2-notification-sent", datetime(2025, 3, 5, 10, 0, tzinfo=BRUSSELS), authority_reference="CCB-1"
    )
    # One month from 5 March is Saturday 5 April: the period rolls over to Monday.
    assert _local(world.clock(None, "nis2.23.4.d").due_at) == "2025-04-07T23:59:59+02:00"
    world.record(None, "nis2-progress-report-sent", datetime(2025, 4, 4, 10, 0, tzinfo=BRUSSELS))
    world.record(None, "nis2-incident-handled", datetime(2025, 4, 20, 10, 0, tzinfo=BRUSSELS))
    assert _local(world.clock(None, "nis2.23.4.d", 2).due_at) == "2025-05-20T23:59:59+02:00"
    final = world.record(None, "nis2-final-report-sent", datetime(2025, 5, 15, 10, 0, tzinfo=BRUSSELS))
    world.session.commit()
    assert [d.key.rsplit(":", 1)[1] for d in final.met] == ["2"]
    own = deadlines_in_scope(session=world.session, incident_id=world.incident.id, case_id=None)
    assert {d.case_id for d in own} == {None}
    assert {d.rule: status(d, NOW) for d in own if d.rule != "nis2.23.4.d"} == {
        "nis2.23.4.a": DeadlineStatus.MET,
        "nis2.23.4.b": DeadlineStatus.MET,
    }
    assert all(d.met_at is not None for d in own)
    assert len(reports_of(session=world.session, incident_id=world.incident.id, case_id=None)) == 6
    assert audit.verify(session=world.session) is None


def test_a_repeat_is_recorded_once(world: World) -> None:
    """The same event, time and details again (a retry) writes nothing new and returns the first report."""
    at = datetime(2025, 3, 4, 9, 0, tzinfo=BRUSSELS)
    first = world.record(BREWERY, "high-risk-established", at, hours=48)
    world.session.commit()
    again = world.record(BREWERY, "high-risk-established", at, hours=48)
    world.session.commit()
    assert again.repeated
    assert again.report.id == first.report.id
    assert len(world.session.exec(select(CaseReport)).all()) == 1
    assert len(_report_events(world.session)) == 1
    assert _local(world.clock(BREWERY, "gdpr.34.1").due_at) == "2025-03-06T09:00:00+01:00"


def test_decisions_keep_their_reasons_for_the_register(world: World) -> None:
    """Deciding not to inform the data subjects stops gdpr.34.1 and keeps the reason in the report."""
    world.record(BREWERY, "high-risk-established", datetime(2025, 3, 4, 9, 0, tzinfo=BRUSSELS))
    reason = "Art. 34(3)(a): mailboxes encrypted at rest, key not compromised"
    world.record(BREWERY, "subjects-not-informed", datetime(2025, 3, 4, 15, 0, tzinfo=BRUSSELS), reason=reason)
    world.session.commit()
    assert status(world.clock(BREWERY, "gdpr.34.1"), NOW) is DeadlineStatus.MET
    report = world.session.exec(select(CaseReport).where(CaseReport.event == "subjects-not-informed")).one()
    assert report.details == {"reason": reason}
    assert reason not in json.dumps([e.data for e in _report_events(world.session)])
