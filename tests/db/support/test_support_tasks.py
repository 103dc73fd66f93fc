"""Support tasks in the database (DPA clause 8(2)): billable proposals, the DPO's decision, time entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Incident
from breach.db.models.support import SupportTask, TaskTimeEntry
from breach.errors import Contradiction, IllegalTransition, InvalidInput
from breach.records.store.audit import content_hash, verify
from breach.support import support_tasks
from breach.support.store import tasks
from breach.vocabulary import BillableDecision, SupportTaskKind, TaskStatus
from flows.usecases.directory_import import import_directory
from flows.usecases.intake import IncidentDraft, confirm_incident, dismiss_incident, open_incident
from tests.factories import NARRATIVE, customer, directory

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
BREWERY = "Brouwerij Voorbeeld BV"
BANK = "Bank Voorbeeld NV"
SHOP = "Winkel Voorbeeld BV"


def _directory(session: Session) -> None:
    customers = (
        customer(BREWERY),
        customer(BANK, financial_entity=True, contacts=["json://127.0.0.1:9/bank"]),
        customer(SHOP, included_support=["dpia", "evidence"], contacts=["json://127.0.0.1:9/shop"]),
    )
    import_directory(directory(*customers), session=session, actor="t", now=T0, source="t")


def _incident(session: Session, *, confirm: bool) -> Incident:
    draft = IncidentDraft("Mail intrusion", "Mailboxes read.", ["mail-hosting"], T0 - timedelta(hours=1))
    incident = open_incident(draft, session=session, actor="soc@example.org", now=T0)
    incident.narrative = NARRATIVE
    if confirm:
        confirm_incident(incident.reference, session=session, actor="dpo@example.org", now=T0, aware_at=T0)
    return incident


def _task(session: Session, kind: SupportTaskKind, links: support_tasks.TaskLinks, **more: object) -> SupportTask:
    return tasks.create_task(
        session=session,
        kind=kind,
        title="Help with the draft",
        owner="dana@example.org",
        links=links,
        actor="dpo@example.org",
        now=T0 + timedelta(hours=1),
        **more,  # type: ignore[arg-type]
    )


def _events(session: Session, prefix: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(col(AuditEvent.event_type).startswith(prefix)).order_by(col(AuditEvent.seq))
    return list(session.exec(query).all())


def test_the_proposal_follows_the_customer_and_the_incident(session: Session) -> None:
    """Our breach: not billable; DORA customer: not billable; included: not billable; else billable."""
    _directory(session)
    incident = _incident(session, confirm=True)
    names = repository.customers_by_name(session=session)
    cases = {c.name: case for case, c in repository.cases_of(incident.id, session=session)}
    ours = _task(session, SupportTaskKind.AUTHORITY_NOTIFICATION, support_tasks.TaskLinks(case=cases[BREWERY]))
    assert (ours.proposed_billable, ours.billable_rule) == (False, "dpa.8.2.fault")
    assert (ours.incident_id, ours.customer_id) == (incident.id, names[BREWERY].id)
    bank = _task(session, SupportTaskKind.EVIDENCE, support_tasks.TaskLinks(customer=names[BANK]))
    shop = _task(session, SupportTaskKind.DPIA, support_tasks.TaskLinks(customer=names[SHOP]))
    planned = _task(session, SupportTaskKind.DPIA, support_tasks.TaskLinks(customer=names[BREWERY]))
    assert [(t.billable_rule, t.proposed_billable) for t in (bank, shop, planned)] == [
        ("dpa.8.2.extra", True),  # no ICT incident: DORA's clause does not apply
        ("dpa.8.2.included", False),
        ("dpa.8.2.extra", True),
    ]
    assert [t.reference for t in (ours, bank, shop, planned)] == [f"ST-2026-000{i}" for i in range(1, 5)]
    (created, *_) = _events(session, "task.created")
    assert created.data["rule"] == "dpa.8.2.fault"
    assert created.content_hash == content_hash("Help with the draft")
    assert "Help with the draft" not in str(created.data)


def test_an_incident_found_no_breach_leaves_the_service_description_to_decide(session: Session) -> None:
    """A dismissed incident is no fault of ours; the DORA customer still pays nothing for it."""
    _directory(session)
    incident = _incident(session, confirm=False)
    dismiss_incident(incident.reference, "no personal data", session=session, actor="dpo@example.org", now=T0)
    names = repository.customers_by_name(session=session)
    brewery = _task(
        session, SupportTaskKind.EVIDENCE, support_tasks.TaskLinks(incident=incident, customer=names[BREWERY])
    )
    bank = _task(session, SupportTaskKind.EVIDENCE, support_tasks.TaskLinks(incident=incident, customer=names[BANK]))
    assert (brewery.billable_rule, brewery.proposed_billable) == ("dpa.8.2.extra", True)
    assert (bank.billable_rule, bank.proposed_billable) == ("dora.30.2.f", False)


def test_time_entries_add_up_and_are_never_overwritten(session: Session) -> None:
    """Three entries, three rows and three audit events; the total is their sum."""
    _directory(session)
    task = _task(
        session,
        SupportTaskKind.DPIA,
        support_tasks.TaskLinks(customer=repository.customer_by_name(SHOP, session=session)),
    )
    for minutes, who in ((45, "dana@example.org"), (30, "sam@example.org"), (90, "dana@example.org")):
        tasks.log_time(
            task,
            minutes,
            session=session,
            note="drafting",
            who=who,
            at=T0 + timedelta(hours=2),
            actor="dpo",
            now=T0 + timedelta(hours=3),
        )
    assert tasks.minutes_of([task.id], session=session) == {task.id: 165}
    assert [e.minutes for e in tasks.entries_of(task.id, session=session)] == [45, 30, 90]
    logged = _events(session, "task.time_logged")
    assert [e.data["total_minutes"] for e in logged] == [45, 75, 165]
    assert verify(session=session) is None


@pytest.mark.parametrize(
    ("minutes", "at", "field"),
    [(0, T0, "minutes"), (1441, T0, "minutes"), (30, T0 + timedelta(days=2), "at")],
)
def test_bad_time_is_refused_and_nothing_written(session: Session, minutes: int, at: datetime, field: str) -> None:
    """No minutes, more than a day, or in the future: refused naming the field; no entry, no event."""
    _directory(session)
    task = _task(session, SupportTaskKind.OTHER, support_tasks.TaskLinks())
    session.commit()
    with pytest.raises(InvalidInput) as info:
        tasks.log_time(
            task, minutes, session=session, note="", who="dana", at=at, actor="dpo", now=T0 + timedelta(hours=3)
        )
    session.rollback()
    assert info.value.field == field
    assert session.exec(select(TaskTimeEntry)).all() == []
    assert _events(session, "task.time_logged") == []


def test_the_dpo_decision_needs_a_reason_and_is_audited(session: Session) -> None:
    """No reason: refused; confirm then clear: both in the log with the proposal; the row keeps the latest."""
    _directory(session)
    task = _task(
        session,
        SupportTaskKind.DPIA,
        support_tasks.TaskLinks(customer=repository.customer_by_name(BREWERY, session=session)),
    )
    for empty in ("", "   "):
        with pytest.raises(InvalidInput) as info:
            tasks.decide_billable(task, BillableDecision.CLEARED, empty, session=session, actor="dpo", now=T0)
        assert info.value.field == "reason"
    assert task.billable_decision is None
    assert support_tasks.billable(task) is True  # the proposal, until the DPO decides
    tasks.decide_billable(
        task, BillableDecision.CONFIRMED, "outside the contract", session=session, actor="dpo", now=T0
    )
    later = T0 + timedelta(days=1)
    decided = tasks.decide_billable(
        task, BillableDecision.CLEARED, " goodwill gesture ", session=session, actor="dana", now=later
    )
    assert (decided.billable_decision, decided.decided_by, decided.decision_reason) == (
        BillableDecision.CLEARED,
        "dana",
        "goodwill gesture",
    )
    assert support_tasks.billable(decided) is False
    confirmed, cleared = _events(session, "task.billable_")
    assert (confirmed.event_type, confirmed.actor, confirmed.data["previous"]) == (
        "task.billable_confirmed",
        "dpo",
        None,
    )
    assert (cleared.event_type, cleared.actor, cleared.data["previous"]) == (
        "task.billable_cleared",
        "dana",
        "confirmed",
    )
    assert cleared.data["proposed_billable"] is True
    assert cleared.content_hash == content_hash("goodwill gesture")
    assert task.proposed_billable is True  # the proposal itself never changes


def test_status_moves_are_audited_and_illegal_ones_refused(session: Session) -> None:
    """open → in_progress → done → in_progress → cancelled; then nothing more."""
    _directory(session)
    task = _task(session, SupportTaskKind.OTHER, support_tasks.TaskLinks())
    for target in (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED):
        tasks.set_status(task, target, session=session, actor="dpo", now=T0)
    with pytest.raises(IllegalTransition):
        tasks.set_status(task, TaskStatus.OPEN, session=session, actor="dpo", now=T0)
    assert [e.data["to"] for e in _events(session, "task.status")] == [
        "in_progress",
        "done",
        "in_progress",
        "cancelled",
    ]


def test_links_that_disagree_are_refused(session: Session) -> None:
    """A case of another customer is a contradiction."""
    _directory(session)
    incident = _incident(session, confirm=True)
    cases = {c.name: case for case, c in repository.cases_of(incident.id, session=session)}
    bank = repository.customer_by_name(BANK, session=session)
    with pytest.raises(Contradiction):
        _task(session, SupportTaskKind.OTHER, support_tasks.TaskLinks(case=cases[BREWERY], customer=bank))


def test_the_list_is_soonest_due_first_and_filters(session: Session) -> None:
    """Due soonest first, undated last; by customer, status and billable as things stand."""
    _directory(session)
    names = repository.customers_by_name(session=session)
    late = _task(
        session, SupportTaskKind.DPIA, support_tasks.TaskLinks(customer=names[BREWERY]), due_at=T0 + timedelta(days=9)
    )
    undated = _task(session, SupportTaskKind.DPIA, support_tasks.TaskLinks(customer=names[SHOP]))
    soon = _task(
        session, SupportTaskKind.OTHER, support_tasks.TaskLinks(customer=names[BREWERY]), due_at=T0 + timedelta(days=1)
    )
    tasks.set_status(soon, TaskStatus.DONE, session=session, actor="dpo", now=T0)
    every = tasks.list_tasks(support_tasks.TaskFilter(), session=session)
    assert [t.reference for t in every] == [soon.reference, late.reference, undated.reference]
    brewery = tasks.list_tasks(support_tasks.TaskFilter(customer_id=names[BREWERY].id), session=session)
    assert [t.id for t in brewery] == [soon.id, late.id]
    assert [t.id for t in tasks.list_tasks(support_tasks.TaskFilter(status=TaskStatus.OPEN), session=session)] == [
        late.id,
        undated.id,
    ]
    assert [t.id for t in tasks.list_tasks(support_tasks.TaskFilter(billable=False), session=session)] == [undated.id]


def test_a_reference_taken_meanwhile_is_skipped(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer took the next number: the unique constraint refuses it and the task takes the one after."""
    _directory(session)
    first = _task(session, SupportTaskKind.OTHER, support_tasks.TaskLinks())
    real = tasks.next_reference
    answers = iter([first.reference])
    monkeypatch.setattr(
        tasks, "next_reference", lambda year, *, session: next(answers, None) or real(year, session=session)
    )
    second = _task(session, SupportTaskKind.OTHER, support_tasks.TaskLinks())
    assert (first.reference, second.reference) == ("ST-2026-0001", "ST-2026-0002")
    assert len(_events(session, "task.created")) == 2
