"""Our NIS2 duty on the database (SQLite and PostgreSQL): facts kept in the audit chain, the test on them
with our settings, the early-warning clock started once from our awareness of significance, the alerts,
and a DPO's override."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import CaseReport, Deadline
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput
from breach.records.store import audit
from breach.vocabulary import NoticeKind
from flows.orchestration.dashboard import incident_markdown
from flows.settings import get_settings
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, open_incident
from flows.usecases.nis2.assess import assess_incident, override_significance
from flows.usecases.nis2.view import nis2_block, nis2_markdown
from tests.factories import customer, directory

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LOSS = "direct_financial_loss"
QUIET: dict[str, Any] = {
    "direct_financial_loss": [{"category": "staff", "amount_eur": 1200}],
    "annual_turnover_eur": 40_000_000,
    "trade_secrets_exfiltrated": False,
    "death": False,
    "considerable_health_damage": False,
    "malicious_unauthorised_access": False,
    "severe_operational_disruption_possible": False,
    "complete_unavailability_minutes": 10,
    "limited_availability_minutes": 0,
    "users_limited": 0,
    "data_compromised": False,
    "suspected_malicious": False,
    "users_data_compromised": 0,
    "physical_access_compromised": False,
    "root_cause": "expired-certificate",
}


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BREACH_NIS2_ENTITY_TYPE", "cloud")
    monkeypatch.setenv("BREACH_NIS2_USERS_IN_UNION", '{"mail-hosting": 300000, "crm-cloud": 20000}')
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def reference(session: Session, settings: None) -> str:
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="seed")
    draft = IncidentDraft(
        title="Storage outage",
        description="Object storage down in one zone.",
        services=["mail-hosting"],
        detected_at=NOW - timedelta(hours=1),
    )
    ref = open_incident(draft, session=session, actor="sec", now=NOW).reference
    session.commit()
    return ref


def _facts(session: Session, reference: str, at: datetime = NOW, **changes: Any) -> None:
    record_facts(reference, {"nis2": {**QUIET, **changes}}, session=session, actor="sec", now=at)
    session.commit()


def _alerts(session: Session) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all())


def test_quiet_facts_are_kept_and_assessed_not_significant(session: Session, reference: str) -> None:
    """A nis2 section is kept in the chain as checked JSON; with our entity type set it is assessed at once."""
    _facts(session, reference)
    block = nis2_block(_incident(session, reference), session=session, language="en")
    assert block is not None
    assert block["facts"]["direct_financial_loss"] == [{"category": "staff", "amount_eur": 1200}]
    assert block["direct_financial_loss_eur"] == "1200"
    assert block["decided"] is False
    assert block["assessment"]["entity_type"] == "cloud"
    assert block["clocks"] == []
    assert _alerts(session) == []
    assert audit.verify(session=session) is None


def _incident(session: Session, reference: str) -> Any:
    from breach.db import repository  # noqa: PLC0415

    return repository.incident_by_reference(reference, session=session)


def test_significant_starts_the_early_warning_clock_once_and_alerts(session: Session, reference: str) -> None:
    """Over 30 minutes down: significant (Art. 7(a)); the clock runs 24 hours from now, named and alerted."""
    _facts(session, reference, complete_unavailability_minutes=31)
    clocks = {d.rule: d for d in session.exec(select(Deadline)).all()}
    assert clocks["nis2.23.4.a"].start_at == NOW
    assert clocks["nis2.23.4.a"].due_at == NOW + timedelta(hours=24)
    assert clocks["nis2.23.4.b"].due_at == NOW + timedelta(hours=72)
    report = session.exec(select(CaseReport).where(CaseReport.event == "nis2-significant")).one()
    assert report.recorded_by == "sec"
    assert "Art. 7(a)" in report.details["reason"]
    [alert] = _alerts(session)
    assert alert.details["alert"] == "nis2_significant"
    assert alert.details["rule"] == "nis2.23.4.a"
    later = NOW + timedelta(hours=2)
    decision = assess_incident(reference, session=session, actor="dpo", now=later)
    session.commit()
    assert decision.decided is True
    assert decision.clocks_started == ()
    assert len(session.exec(select(Deadline).where(Deadline.rule == "nis2.23.4.a")).all()) == 1
    assert len(_alerts(session)) == 1
    block = nis2_block(_incident(session, reference), session=session, language="nl")
    assert block is not None
    assert block["significance_recorded"] == {"at": NOW.isoformat(), "by": "sec"}
    met = [r["text"] for r in block["assessment"]["reasons"] if r["outcome"] == "met"]
    assert met[0].startswith("Vervuld: de cloudcomputingdienst volledig onbeschikbaar")


def test_open_answer_alerts_with_the_facts_that_decide_it(session: Session, reference: str) -> None:
    """None: the alert names the unknown facts; the same set again alerts no second time, a new set does."""
    section = {k: v for k, v in QUIET.items() if k != "death"}
    record_facts(reference, {"nis2": section}, session=session, actor="sec", now=NOW)
    session.commit()
    [alert] = _alerts(session)
    assert alert.details["alert"] == "nis2_open"
    assert alert.details["reason"] == "death of a person"
    assess_incident(reference, session=session, actor="sec", now=NOW + timedelta(minutes=5))
    session.commit()
    assert len(_alerts(session)) == 1
    assert session.exec(select(Deadline)).all() == []


def test_users_come_from_our_settings_per_service(session: Session, reference: str) -> None:
    """5 % of the mail service's 300 000 Union users is 15 000: 15 001 limited for over an hour is significant."""
    _facts(session, reference, limited_availability_minutes=61, users_limited=15_000)
    assert nis2_block(_incident(session, reference), session=session, language="en")["decided"] is False  # type: ignore[index]
    _facts(session, reference, NOW + timedelta(minutes=1), limited_availability_minutes=61, users_limited=15_001)
    block = nis2_block(_incident(session, reference), session=session, language="en")
    assert block is not None
    assert block["assessment"]["criteria"] == ["cir.7.b"]


def test_a_dpo_override_decides_and_is_audited(session: Session, reference: str) -> None:
    """'Yes' with a reason starts the clock now in the DPO's name; 'no' is kept beside the clock it cannot undo."""
    _facts(session, reference)
    decision = override_significance(
        reference, True, "Customer impact wider than measured.", session=session, actor="dpo-anna", now=NOW
    )
    session.commit()
    assert decision.decided is True
    report = session.exec(select(CaseReport).where(CaseReport.event == "nis2-significant")).one()
    assert (report.recorded_by, report.details["reason"]) == ("dpo-anna", "DPO: Customer impact wider than measured.")
    events = session.exec(select(AuditEvent.event_type).where(col(AuditEvent.event_type).like("nis2.%"))).all()
    assert "nis2.overridden" in events
    override_significance(
        reference, False, "CCB confirmed: not significant.", session=session, actor="dpo-anna", now=NOW
    )
    session.commit()
    block = nis2_block(_incident(session, reference), session=session, language="en")
    assert block is not None
    assert block["decided"] is False
    assert block["override"]["reason"] == "CCB confirmed: not significant."
    assert any(
        line.startswith("DPO override: not significant, by dpo-anna") for line in nis2_markdown(block, language="en")
    )
    page = incident_markdown(
        _incident(session, reference), session=session, now=NOW, tz="Europe/Brussels", language="nl"
    )
    assert "## NIS2 (onze eigen plicht als entiteit)" in page
    assert "**Beslissing:** niet significant" in page
    with pytest.raises(InvalidInput, match="reason"):
        override_significance(reference, True, "  ", session=session, actor="dpo-anna", now=NOW)


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"deaths": True}, "nis2.deaths"),
        ({"users_limited": -1}, "nis2.users_limited"),
        ({"death": "yes"}, "nis2.death"),
        ({"direct_financial_loss": [{"category": "lunch", "amount_eur": 5}]}, "nis2.direct_financial_loss[0].category"),
        (
            {"direct_financial_loss": [{"category": "staff", "amount_eur": -5}]},
            "nis2.direct_financial_loss[0].amount_eur",
        ),
        ({"occurred_at": "2026-11-27 09:00"}, "nis2.occurred_at"),
        ({"earlier": [{"occurred_at": "2026-10-01T09:00Z"}]}, "nis2.earlier[0]"),
        ({"users_limited": 10, "users_in_union": 5}, "nis2.users_limited"),
    ],
)
def test_bad_facts_are_refused_naming_field_and_value(
    session: Session, reference: str, section: dict[str, Any], field: str
) -> None:
    """A refusal names the field as nis2.<field> and writes nothing."""
    with pytest.raises(InvalidInput) as refused:
        record_facts(reference, {"nis2": section}, session=session, actor="sec", now=NOW)
    assert refused.value.field == field
    session.rollback()
    assert nis2_block(_incident(session, reference), session=session, language="en") is None


def test_without_an_entity_type_the_facts_wait_for_an_assessment(
    session: Session, reference: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No entity type set: facts are kept, nothing assessed; assess asks for --entity-type unless given."""
    monkeypatch.delenv("BREACH_NIS2_ENTITY_TYPE")
    get_settings.cache_clear()
    _facts(session, reference, complete_unavailability_minutes=5)
    block = nis2_block(_incident(session, reference), session=session, language="en")
    assert block is not None
    assert block["assessment"] is None
    with pytest.raises(InvalidInput, match="entity_type"):
        assess_incident(reference, session=session, actor="sec", now=NOW)
    decision = assess_incident(reference, session=session, actor="sec", now=NOW, entity_type="data_centre")
    assert decision.result.criteria == ("cir.8.a",)
