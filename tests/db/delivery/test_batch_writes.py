"""A delivery batch writes in bulk what one notice at a time would write: the same chain, clocks and awareness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import ControllerCase, Deadline
from breach.deadlines import store as deadline_store
from breach.deadlines import tracking
from breach.incidents.store import awareness
from breach.records.store import audit
from tests.factories import customer
from tests.incidents import confirmed_incident

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def confirmed(session: Session) -> tuple[Session, dict[str, ControllerCase]]:
    """An incident confirmed for two controllers and a reseller; their cases by customer name."""
    customers = (
        customer("Brouwerij Voorbeeld BV"),
        customer("Boulangerie Exemple SA", language="fr", timezone="Europe/Paris", lead_authority="FR-CNIL"),
        customer("Voorbeeld Hosting BV", role="processor"),
    )
    incident = confirmed_incident(session, customers=customers, now=NOW)
    cases = {customer.name: case for case, customer in repository.cases_of(incident.id, session=session)}
    return session, cases


def test_a_batch_of_events_continues_the_chain(session: Session) -> None:
    """Events appended together sit between single appends as if appended one by one: the chain verifies."""
    audit.append(session=session, event_type="one", actor="a", at=NOW)
    entries = [
        audit.Entry("batch", "outbox", NOW + timedelta(seconds=i), subject_id=f"n{i}", data={"i": i}, content=f"c{i}")
        for i in range(3)
    ]
    assert audit.append_many(entries, session=session) == 3
    assert audit.append_many([], session=session) == 0
    audit.append(session=session, event_type="last", actor="a", at=NOW)
    session.commit()
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.event_type for e in events] == ["one", "batch", "batch", "batch", "last"]
    assert events[2].data == {"i": 1}
    assert events[2].content_hash == audit.content_hash("c1")
    assert audit.verify(session=session) is None


def test_first_deliveries_in_bulk_match_one_at_a_time(confirmed: tuple[Session, dict[str, ControllerCase]]) -> None:
    """Awareness, the 72-hour clock (controllers only) and our met clock, as ``record_first_delivery`` sets them;
    a second delivery of the same case in the batch changes nothing."""
    session, cases = confirmed
    incident = repository.incidents_by_id([cases["Brouwerij Voorbeeld BV"].incident_id], session=session)
    (incident_row,) = incident.values()
    first, later = NOW + timedelta(minutes=1), NOW + timedelta(minutes=5)
    batch = [
        awareness.FirstDelivery(incident_row.id, cases[name].id, cases[name].customer_id, at)
        for name, at in (
            ("Brouwerij Voorbeeld BV", first),
            ("Voorbeeld Hosting BV", first),
            ("Brouwerij Voorbeeld BV", later),
        )
    ]
    loaded = session.get(ControllerCase, cases["Brouwerij Voorbeeld BV"].id)
    awareness.record_first_deliveries(batch, session=session, now=later)
    one = cases["Boulangerie Exemple SA"]
    awareness.record_first_delivery(
        session=session,
        incident=incident_row,
        case=one,
        customer=repository.customers_by_id([one.customer_id], session=session)[one.customer_id],
        at=first,
        now=later,
    )
    session.commit()

    assert loaded is not None
    assert loaded.aware_at == first
    clocks = {(d.case_id, d.rule): d for d in session.exec(select(Deadline)).all()}
    for name in ("Brouwerij Voorbeeld BV", "Boulangerie Exemple SA"):
        case = session.get(ControllerCase, cases[name].id)
        assert case is not None
        assert case.aware_at == first
        assert clocks[(case.id, "dpa.8.1b")].met_at == first
        assert clocks[(case.id, "gdpr.33.1")].start_at == first
        assert clocks[(case.id, "gdpr.33.1")].due_at == first + timedelta(hours=72)
    reseller = cases["Voorbeeld Hosting BV"]
    assert (reseller.id, "gdpr.33.1") not in clocks  # a processor has no 72-hour clock of its own
    assert clocks[(reseller.id, "dpa.8.1b")].met_at == first

    # Recorded again (a re-send after a crash): nothing moves, nothing is duplicated.
    awareness.record_first_deliveries(batch[:1], session=session, now=later + timedelta(hours=1))
    session.commit()
    again = session.exec(select(Deadline).where(Deadline.case_id == cases["Brouwerij Voorbeeld BV"].id)).all()
    assert sorted(d.rule for d in again) == ["dpa.8.1b", "gdpr.33.1"]
    assert {d.rule: d.met_at for d in again}["dpa.8.1b"] == first


def test_clocks_are_met_once_and_started_once(confirmed: tuple[Session, dict[str, ControllerCase]]) -> None:
    """``meet_many`` keeps the first time a duty was met; ``start_clock_rows`` skips keys that exist."""
    session, cases = confirmed
    case = cases["Brouwerij Voorbeeld BV"]
    key = tracking.deadline_key("dpa.8.1b", incident_id=case.incident_id, case_id=case.id)
    deadline_store.meet_many({key: NOW + timedelta(minutes=1)}, session=session)
    deadline_store.meet_many({key: NOW + timedelta(minutes=9), "no-such-clock": NOW}, session=session)
    deadline_store.meet_many({}, session=session)
    row = tracking.deadline_values("gdpr.33.1", NOW, incident_id=case.incident_id, case_id=case.id, tz="UTC", now=NOW)
    assert deadline_store.start_clock_rows([row, {**row, "id": uuid4()}], session=session) == 1  # one key, one clock
    assert deadline_store.start_clock_rows([row], session=session) == 0
    session.commit()
    met = session.exec(select(Deadline).where(Deadline.key == key)).one()
    assert met.met_at == NOW + timedelta(minutes=1)
    assert len(session.exec(select(Deadline).where(Deadline.rule == "gdpr.33.1")).all()) == 1
