"""A DPO's "not significant" after the NIS2 clocks started (issue 20): the clocks stay on the record, shown as
waived by that override with its reason (the NIS2 block, ``breach worklist``), never chased by the watchdog; a
later "yes" lifts the waiver and the same clocks stand again. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.incidents import Deadline
from breach.incidents.store.recorded import record_event
from breach.vocabulary import Language
from flows.settings import get_settings
from flows.usecases.directory_import import import_directory
from flows.usecases.facts import record_facts
from flows.usecases.intake import IncidentDraft, open_incident
from flows.usecases.nis2.assess import override_significance
from flows.usecases.nis2.view import nis2_block
from flows.usecases.watch import run_reminders, worklist
from tests.factories import customer, directory

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
REASON = "The outage was a customer's planned migration window (Art. 3(2))."


@pytest.fixture
def reference(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("BREACH_NIS2_ENTITY_TYPE", "cloud")
    get_settings.cache_clear()
    import_directory(directory(customer()), session=session, actor="t", now=NOW, source="seed")
    draft = IncidentDraft(
        title="Storage outage",
        description="Object storage down in one zone.",
        services=["mail-hosting"],
        detected_at=NOW - timedelta(hours=1),
    )
    ref = open_incident(draft, session=session, actor="sec", now=NOW).reference
    # Down for 45 minutes: significant for a cloud service (Art. 7(a)); the clocks start now.
    record_facts(ref, {"nis2": {"complete_unavailability_minutes": 45}}, session=session, actor="sec", now=NOW)
    session.commit()
    yield ref
    get_settings.cache_clear()


def _nis2_items(session: Session, now: datetime) -> dict[str, tuple[str, str | None]]:
    return {i.rule: (i.status, i.waived_by) for i in worklist(session=session, now=now) if i.rule.startswith("nis2.")}


def _chased(session: Session, now: datetime) -> set[str]:
    return {s.rule for s in run_reminders(session=session, now=now, language=Language.EN) if s.rule.startswith("nis2.")}


def test_a_dpo_s_no_waives_the_running_clocks_without_deleting_them(session: Session, reference: str) -> None:
    later = NOW + timedelta(hours=30)  # past the early warning's 24 hours
    assert _nis2_items(session, later)["nis2.23.4.a"][0] == "overdue"
    override_significance(reference, False, REASON, session=session, actor="dpo-anna", now=NOW + timedelta(hours=1))
    session.commit()
    clocks = session.exec(select(Deadline).where(col(Deadline.rule).startswith("nis2."))).all()
    assert {d.rule for d in clocks} == {"nis2.23.4.a", "nis2.23.4.b"}
    assert all(d.met_at is None for d in clocks)
    block = nis2_block(repository.incident_by_reference(reference, session=session), session=session, language="en")
    assert block is not None
    for clock in block["clocks"]:
        assert clock["waived"] == {"by": "dpo-anna", "at": (NOW + timedelta(hours=1)).isoformat(), "reason": REASON}
        assert clock["due_at"]  # its due time stays on the record
    items = _nis2_items(session, later)
    assert set(items) == {"nis2.23.4.a", "nis2.23.4.b"}
    for status, why in items.values():
        assert status == "waived"
        assert why is not None
        assert "dpo-anna" in why
        assert REASON in why
    assert _chased(session, later) == set()


def test_a_later_yes_lifts_the_waiver_and_the_same_clocks_stand(session: Session, reference: str) -> None:
    override_significance(reference, False, REASON, session=session, actor="dpo-anna", now=NOW + timedelta(hours=1))
    session.commit()
    decision = override_significance(
        reference, True, "Wider impact found.", session=session, actor="dpo-anna", now=NOW + timedelta(hours=2)
    )
    session.commit()
    assert decision.clocks_started == ()
    later = NOW + timedelta(hours=30)
    items = _nis2_items(session, later)
    assert items["nis2.23.4.a"] == ("overdue", None)
    assert items["nis2.23.4.b"][1] is None
    block = nis2_block(repository.incident_by_reference(reference, session=session), session=session, language="en")
    assert block is not None
    assert all(c["waived"] is None for c in block["clocks"])
    assert "nis2.23.4.a" in _chased(session, later)


def test_a_met_clock_stays_met(session: Session, reference: str) -> None:
    """The early warning filed, then "no": the met clock is not shown as waived; the open one is."""
    incident = repository.incident_by_reference(reference, session=session)
    filed = NOW + timedelta(hours=3)
    record_event(
        session=session,
        incident=incident,
        case=None,
        customer=None,
        event="nis2-early-warning-sent",
        at=filed,
        details={},
        actor="sec",
        now=filed,
    )
    session.commit()
    override_significance(reference, False, REASON, session=session, actor="dpo-anna", now=NOW + timedelta(hours=4))
    session.commit()
    block = nis2_block(incident, session=session, language="en")
    assert block is not None
    by_rule = {c["rule"]: c for c in block["clocks"]}
    assert by_rule["nis2.23.4.a"]["waived"] is None
    assert by_rule["nis2.23.4.b"]["waived"] is not None
