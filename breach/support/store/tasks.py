"""The support tasks' store (DPA clause 8(1)(c)-(e)): what we do for a customer, the time it takes, and who pays.

Every write here is one audit event naming the actor, with ids only; a person's text (a title, a note, a
reason) is in ``content`` so only its hash is in the log. Functions flush and never commit: the caller's
unit of work keeps a refusal from leaving anything half-written.

- A task's billable proposal comes from ``breach.support.rules`` when it is created, from the customer's
  terms and what prompted the task; it is never changed silently. Only the DPO's decision, with a reason,
  settles it (``decide_billable``); a later decision replaces the earlier one in the row, and the log
  keeps both.
- Time is only added (``log_time``), one entry per piece of work; the total is their sum, never a stored
  number someone could overwrite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, func, select

from breach.clock import to_utc
from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.support import SupportTask, TaskTimeEntry
from breach.errors import Contradiction, InvalidInput, NotFound
from breach.records.store import audit
from breach.support.rules import (
    billable_rule,
    check_minutes,
    move_task,
)
from breach.support.support_tasks import MAX_TITLE, TaskFilter, TaskLinks, billable, facts_of, text
from breach.vocabulary import BillableDecision, SupportTaskKind, TaskStatus

_PREFIX: Final = "ST"


def next_reference(year: int, *, session: Session) -> str:
    """The next free ``ST-YYYY-NNNN``; the unique constraint settles a race."""
    return repository.next_number(SupportTask.reference, f"{_PREFIX}-{year}-", session=session)


def _check_links(links: TaskLinks, *, session: Session) -> tuple[UUID | None, Customer | None]:
    """The incident and the customer the task is about, after checking the links agree."""
    incident_id = links.incident.id if links.incident is not None else None
    customer = links.customer
    if links.case is not None:
        if incident_id is not None and links.case.incident_id != incident_id:
            raise Contradiction("case", str(links.case.id), "is not a case of the task's incident")
        if customer is not None and links.case.customer_id != customer.id:
            raise Contradiction("case", str(links.case.id), f"is not {customer.name}'s case")
        incident_id = links.case.incident_id
        customer = customer or session.get(Customer, links.case.customer_id)
    if links.consultation is not None:
        consultation = links.consultation
        if customer is not None and consultation.customer_id != customer.id:
            raise Contradiction("consultation", consultation.reference, f"is not {customer.name}'s")
        if incident_id is not None and consultation.incident_id not in (None, incident_id):
            raise Contradiction("consultation", consultation.reference, "was prompted by another incident")
        incident_id = incident_id or consultation.incident_id
        customer = customer or session.get(Customer, consultation.customer_id)
    return incident_id, customer


def create_task(
    *,
    session: Session,
    kind: SupportTaskKind,
    title: str,
    owner: str,
    links: TaskLinks,
    actor: str,
    now: datetime,
    due_at: datetime | None = None,
) -> SupportTask:
    """A new open task with its billable proposal; audited as ``task.created``."""
    clean_title = text(title, "title", required=True, limit=MAX_TITLE)
    clean_owner = text(owner, "owner", required=True, limit=200)
    due = to_utc(due_at, "due_at") if due_at is not None else None
    incident_id, customer = _check_links(links, session=session)
    incident = session.get(Incident, incident_id) if incident_id is not None else None
    rule = billable_rule(facts_of(kind, incident, customer))
    task = repository.insert_numbered(
        lambda reference: SupportTask(
            reference=reference,
            incident_id=incident_id,
            case_id=links.case.id if links.case is not None else None,
            customer_id=customer.id if customer is not None else None,
            consultation_id=links.consultation.id if links.consultation is not None else None,
            kind=kind,
            title=clean_title,
            owner=clean_owner,
            due_at=due,
            status=TaskStatus.OPEN,
            proposed_billable=rule.billable,
            billable_rule=rule.id,
            created_at=now,
            created_by=actor,
            updated_at=now,
        ),
        lambda: next_reference(now.year, session=session),
        session=session,
    )
    _audit(
        task,
        "task.created",
        actor,
        now,
        session=session,
        data={"kind": kind.value, "owner": clean_owner, "proposed_billable": rule.billable, "rule": rule.id},
        content=clean_title,
    )
    return task


def task_for_consultation(consultation_id: UUID, *, session: Session) -> SupportTask | None:
    """The prior-consultation task of a consultation, if one was created."""
    query = (
        select(SupportTask)
        .where(SupportTask.consultation_id == consultation_id)
        .where(SupportTask.kind == SupportTaskKind.PRIOR_CONSULTATION)
        .order_by(col(SupportTask.created_at))
    )
    return session.exec(query).first()


def task_by_reference(reference: str, *, session: Session, for_update: bool = False) -> SupportTask:
    query = select(SupportTask).where(SupportTask.reference == reference.strip().upper())
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound("task", reference)
    return found


def log_time(
    task: SupportTask,
    minutes: int,
    *,
    session: Session,
    note: str,
    who: str,
    at: datetime,
    actor: str,
    now: datetime,
) -> TaskTimeEntry:
    """Add ``minutes`` someone spent at ``at``; never changes an earlier entry. Audited as ``task.time_logged``."""
    spent = check_minutes(minutes)
    clean_note = text(note, "note", required=False)
    person = text(who, "who", required=True, limit=200)
    when = to_utc(at, "at")
    if when > to_utc(now, "now"):
        raise InvalidInput("at", at.isoformat(), f"is in the future (now is {now.isoformat()})")
    entry = TaskTimeEntry(
        task_id=task.id,
        who=person,
        at=when,
        minutes=spent,
        note=clean_note,
        recorded_at=now,
        recorded_by=actor,
    )
    session.add(entry)
    task.updated_at = now
    session.add(task)
    session.flush()
    total = minutes_of([task.id], session=session)[task.id]
    _audit(
        task,
        "task.time_logged",
        actor,
        now,
        session=session,
        # Who spent the time is a person: in the hashed content with the note, as the audit log keeps text.
        data={"entry": str(entry.id), "minutes": spent, "total_minutes": total},
        content=f"{person}\n{clean_note}",
    )
    return entry


def set_status(task: SupportTask, target: TaskStatus, *, session: Session, actor: str, now: datetime) -> SupportTask:
    """Move the task along ``breach.support.rules.TASK_TRANSITIONS``; audited as ``task.status``."""
    before = task.status
    task.status = move_task(before, target)
    task.updated_at = now
    session.add(task)
    session.flush()
    _audit(task, "task.status", actor, now, session=session, data={"from": before.value, "to": target.value})
    return task


def decide_billable(
    task: SupportTask, decision: BillableDecision, reason: str, *, session: Session, actor: str, now: datetime
) -> SupportTask:
    """The DPO confirms (billable) or clears (not billable) the proposal, with a written reason (DPA 8(2)).

    Audited as ``task.billable_confirmed`` or ``task.billable_cleared`` with the proposal and any earlier
    decision, the reason's hash as content.
    """
    why = text(reason, "reason", required=True)
    previous = task.billable_decision
    task.billable_decision = decision
    task.decided_by = actor
    task.decided_at = now
    task.decision_reason = why
    task.updated_at = now
    session.add(task)
    session.flush()
    _audit(
        task,
        f"task.billable_{decision.value}",
        actor,
        now,
        session=session,
        data={
            "proposed_billable": task.proposed_billable,
            "rule": task.billable_rule,
            "previous": previous.value if previous is not None else None,
        },
        content=why,
    )
    return task


def minutes_of(task_ids: Sequence[UUID], *, session: Session) -> dict[UUID, int]:
    """The total minutes logged per task (0 for a task without entries)."""
    totals = dict.fromkeys(task_ids, 0)
    if not task_ids:
        return totals
    rows = session.exec(
        select(TaskTimeEntry.task_id, func.sum(TaskTimeEntry.minutes))
        .where(col(TaskTimeEntry.task_id).in_(list(task_ids)))
        .group_by(col(TaskTimeEntry.task_id))
    ).all()
    for task_id, total in rows:
        totals[task_id] = int(total or 0)
    return totals


def entries_of(task_id: UUID, *, session: Session) -> Sequence[TaskTimeEntry]:
    query = select(TaskTimeEntry).where(TaskTimeEntry.task_id == task_id)
    return session.exec(query.order_by(col(TaskTimeEntry.at), col(TaskTimeEntry.recorded_at))).all()


def list_tasks(selection: TaskFilter, *, session: Session) -> list[SupportTask]:
    """Tasks matching ``selection``, soonest due first (those without a due time last), then oldest first."""
    query = select(SupportTask)
    if selection.incident_id is not None:
        query = query.where(SupportTask.incident_id == selection.incident_id)
    if selection.customer_id is not None:
        query = query.where(SupportTask.customer_id == selection.customer_id)
    if selection.status is not None:
        query = query.where(SupportTask.status == selection.status)
    query = query.order_by(col(SupportTask.due_at).is_(None), col(SupportTask.due_at), col(SupportTask.created_at))
    tasks = list(session.exec(query).all())
    if selection.billable is not None:
        tasks = [t for t in tasks if billable(t) is selection.billable]
    return tasks


def _audit(
    task: SupportTask,
    event_type: str,
    actor: str,
    now: datetime,
    *,
    session: Session,
    data: Mapping[str, object],
    content: str | None = None,
) -> None:
    audit.append(
        session=session,
        event_type=event_type,
        actor=actor,
        at=now,
        incident_id=task.incident_id,
        case_id=task.case_id,
        subject_id=task.id,
        data={
            "task": task.reference,
            "customer_id": str(task.customer_id) if task.customer_id else None,
            "consultation_id": str(task.consultation_id) if task.consultation_id else None,
            **data,
        },
        content=content,
    )
