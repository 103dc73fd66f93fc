"""The register export agrees with the database and honours its filters (GDPR Art. 33(5))."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from breach.db.models.incidents import CaseReport, Deadline
from breach.errors import InvalidInput, NotFound
from breach.records.register import to_csv, to_json, to_markdown
from breach.vocabulary import IncidentStatus
from flows.usecases.intake import IncidentDraft, open_incident
from flows.usecases.register_export import RegisterFilter, load_rows
from tests.record_world import BAKERY, BREWERY, DUTCH, NOW, T0, build


def test_every_case_is_a_row_that_agrees_with_the_database(session: Session, db: Engine) -> None:
    """One row per case, with the case's numbers, clocks and reported decisions as stored."""
    world = build(session, db)
    rows = load_rows(RegisterFilter(), session=session, now=NOW)
    assert sorted(r.customer or "" for r in rows) == sorted(world.cases)
    for row in rows:
        case, _customer = world.cases[row.customer or ""]
        assert row.data_subjects == case.data_subjects
        assert row.customer_aware_at == case.aware_at
        assert row.recommendation.risk == case.assessment["risk"]  # type: ignore[index]
        stored = session.exec(select(Deadline).where(Deadline.case_id == case.id)).all()
        assert sorted((c.rule, c.due_at, c.met_at) for c in row.deadlines) == sorted(
            (d.rule, d.due_at, d.met_at) for d in stored
        )
        reports = session.exec(select(CaseReport).where(CaseReport.case_id == case.id)).all()
        assert sorted(d.event for d in row.decisions) == sorted(r.event for r in reports)


def test_a_late_notification_shows_late_with_its_reasons_and_reference(session: Session, db: Engine) -> None:
    """The brewery notified after 72 hours: its clock is late with the reasons; the reference is kept."""
    build(session, db)
    (row,) = load_rows(RegisterFilter(customer=BREWERY), session=session, now=NOW)
    clock = next(c for c in row.deadlines if c.rule == "gdpr.33.1")
    assert (clock.state, clock.late_reasons) == ("late", "Waited for the forensic report.")
    (notified,) = row.decisions
    assert (notified.event, notified.authority_reference) == ("authority-notified", "GBA-2026-0042")


def test_a_decision_not_to_notify_keeps_its_reason(session: Session, db: Engine) -> None:
    """The reason for not notifying is the register's reasoning (Art. 33(5))."""
    build(session, db)
    (row,) = load_rows(RegisterFilter(customer=DUTCH), session=session, now=NOW)
    assert row.decisions[0].reason == "Only hashed passwords of test accounts."
    assert next(c for c in row.deadlines if c.rule == "gdpr.33.1").state == "met"


def test_a_dpo_override_is_in_the_row_with_its_reason(session: Session, db: Engine) -> None:
    """The bakery's case was overridden to high risk: the override and its reason are exported."""
    build(session, db)
    (row,) = load_rows(RegisterFilter(customer=BAKERY), session=session, now=NOW)
    assert (row.recommendation.override_risk, row.recommendation.override_reason) == (
        "high",
        "Financial data of customers of a bank.",
    )


def test_filters_by_period_and_status(session: Session, db: Engine) -> None:
    """A period around detection keeps the incident; one after it or another status drops it."""
    build(session, db)
    day = (T0 - timedelta(hours=2)).date()
    assert len(load_rows(RegisterFilter(since=day, until=day + timedelta(days=1)), session=session, now=NOW)) == 4
    assert load_rows(RegisterFilter(since=day + timedelta(days=1)), session=session, now=NOW) == []
    assert load_rows(RegisterFilter(status=IncidentStatus.CLOSED), session=session, now=NOW) == []
    with pytest.raises(InvalidInput):
        load_rows(RegisterFilter(since=date(2026, 3, 2), until=date(2026, 3, 1)), session=session, now=NOW)
    with pytest.raises(NotFound):
        load_rows(RegisterFilter(customer="Nobody BV"), session=session, now=NOW)


def test_an_incident_without_cases_is_a_row_of_our_own_record(session: Session, db: Engine) -> None:
    """An incident that reached no customer is in our record, not in any customer's export."""
    build(session, db)
    open_incident(
        IncidentDraft("Lost laptop", "Encrypted laptop lost.", ["crm-cloud"], NOW), session=session, actor="s", now=NOW
    )
    rows = load_rows(RegisterFilter(), session=session, now=NOW)
    assert [r.customer for r in rows if r.title == "Lost laptop"] == [None]
    assert all(r.title != "Lost laptop" for r in load_rows(RegisterFilter(customer=BREWERY), session=session, now=NOW))


def test_the_three_formats_carry_the_same_rows(session: Session, db: Engine) -> None:
    """JSON has UTC instants, CSV one line per case, Markdown local times with their offset."""
    build(session, db)
    rows = load_rows(RegisterFilter(), session=session, now=NOW)
    document = json.loads(to_json(rows, generated_at=NOW))
    assert [r["reference"] for r in document["rows"]] == [r.reference for r in rows]
    assert document["rows"][0]["detected_at"].endswith("+00:00")
    lines = list(csv.DictReader(io.StringIO(to_csv(rows))))
    brewery = next(line for line in lines if line["customer"] == BREWERY)
    assert "gdpr.33.1" in brewery["deadlines"]
    assert "late: Waited for the forensic report." in brewery["deadlines"]
    assert brewery["decisions"].startswith("authority-notified")
    md = to_markdown(rows, generated_at=NOW)
    assert md.count("## BR-") == 4
    assert "CET (+01:00)" in md
