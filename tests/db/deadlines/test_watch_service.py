"""The watchdog's pass: reminders and overdue alerts once each, and the DPO's worklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.support.store.tasks import create_task, set_status
from breach.support.support_tasks import TaskLinks
from breach.vocabulary import Language, NoticeKind, SupportTaskKind, TaskStatus
from flows.orchestration.dashboard import worklist_rows
from flows.usecases.watch import run_reminders, worklist
from tests.factories import customer
from tests.incidents import confirmed_incident

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _confirmed(session: Session) -> None:
    confirmed_incident(session, customers=[customer(sla_hours=10)], now=T0)


def _alerts(session: Session) -> list[Notice]:
    return list(session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all())


def test_reminders_go_out_once_per_warning_point(session: Session) -> None:
    """Our 10-hour SLA: at 50 % one reminder; run again, nothing more; past due, one overdue alert."""
    _confirmed(session)
    assert run_reminders(session=session, now=T0 + timedelta(hours=1), language=Language.EN) == []
    first = run_reminders(session=session, now=T0 + timedelta(hours=5, minutes=1), language=Language.EN)
    assert [(s.rule, s.key, s.kind) for s in first] == [("dpa.8.1b", "50%", "reminder")]
    assert run_reminders(session=session, now=T0 + timedelta(hours=5, minutes=6), language=Language.EN) == []
    late = run_reminders(session=session, now=T0 + timedelta(hours=11), language=Language.EN)
    assert [(s.key, s.kind) for s in late] == [("overdue", "escalation")]
    session.commit()
    alerts = _alerts(session)
    assert sorted(a.details["alert"] for a in alerts) == ["deadline_at_risk", "deadline_overdue"]
    assert all(a.details["customer"] == "Brouwerij Voorbeeld BV" for a in alerts)


def test_a_long_pause_sends_only_the_latest_point(session: Session) -> None:
    """A watchdog down for hours sends the overdue alert alone, not three stale reminders."""
    _confirmed(session)
    sent = run_reminders(session=session, now=T0 + timedelta(hours=12), language=Language.EN)
    assert [s.key for s in sent] == ["overdue"]
    assert run_reminders(session=session, now=T0 + timedelta(hours=13), language=Language.EN) == []


def test_the_worklist_is_soonest_first_with_who_owes_whom(session: Session) -> None:
    """Our SLA to the customer appears with its time left and who owes it to whom."""
    _confirmed(session)
    (item,) = worklist(session=session, now=T0 + timedelta(hours=2))
    assert (item.rule, item.owed_by, item.owed_to, item.time_left) == ("dpa.8.1b", "processor", "controller", "8h 00m")
    assert item.customer == "Brouwerij Voorbeeld BV"


def test_a_support_task_that_is_due_stands_in_the_worklist_until_done(session: Session) -> None:
    """Help we promised (DPA clause 8(1)(c)-(e)) is owed like a clock: an open task with a due time is listed
    among the deadlines by due time, overdue once past it, and gone when done; one without a due time is not."""
    _confirmed(session)
    brewery = session.exec(select(Customer)).one()
    links = TaskLinks(customer=brewery)
    due = create_task(
        session=session,
        kind=SupportTaskKind.DPIA,
        title="Walk the customer through its DPIA update",
        owner="dpo@cloud.example.org",
        links=links,
        actor="dpo@cloud.example.org",
        now=T0,
        due_at=T0 + timedelta(hours=4),
    )
    create_task(session=session, kind=SupportTaskKind.OTHER, title="No date", owner="x", links=links, actor="x", now=T0)
    items = worklist(session=session, now=T0 + timedelta(hours=2))
    assert [(i.reference, i.rule) for i in items] == [(due.reference, "task: dpia"), ("BR-2026-0001", "dpa.8.1b")]
    assert (items[0].owed_by, items[0].owner, items[0].status, items[0].time_left) == (
        "processor",
        "dpo@cloud.example.org",
        "open",
        "2h 00m",
    )
    assert worklist(session=session, now=T0 + timedelta(hours=5))[0].status == "overdue"
    set_status(due, TaskStatus.DONE, session=session, actor="dpo@cloud.example.org", now=T0 + timedelta(hours=3))
    assert [i.rule for i in worklist(session=session, now=T0 + timedelta(hours=3))] == ["dpa.8.1b"]


def test_the_dashboard_worklist_names_organisations_never_a_person(session: Session) -> None:
    """The worklist artifact holds the same items, in the DPO's zone, without the task owner's address."""
    _confirmed(session)
    brewery = session.exec(select(Customer)).one()
    create_task(
        session=session,
        kind=SupportTaskKind.DPIA,
        title="Walk the customer through its DPIA update",
        owner="an.peeters@cloud.example.org",
        links=TaskLinks(customer=brewery),
        actor="dpo@cloud.example.org",
        now=T0,
        due_at=T0 + timedelta(hours=4),
    )
    rows = worklist_rows(session=session, now=T0 + timedelta(hours=2), tz="Europe/Brussels")
    assert [(r["rule / task"], r["customer"], r["owed"]) for r in rows] == [
        ("task: dpia", "Brouwerij Voorbeeld BV", "processor → controller"),
        ("dpa.8.1b", "Brouwerij Voorbeeld BV", "processor → controller"),
    ]
    assert rows[0]["due"] == "2026-09-01 15:00 CEST (+02:00)"
    assert "an.peeters" not in str(rows)
