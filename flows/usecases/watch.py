"""What the deadline watchdog does on each run, as plain Python (the Prefect flow is a thin shell).

Reminders and escalations come from ``breach.deadlines.due.reminders_due``; which ones were sent is read back
from the audit log, so a run after a crash or a pause sends each once. They go to our DPO as internal
alerts: the DPO follows every clock, ours and our customers' (LAW.md section 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, or_, select

from breach.db.models.audit import AuditEvent
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Deadline, Incident
from breach.db.models.support import ConsultationRequest
from breach.deadlines.due import RULES, reminders_due, status
from breach.deadlines.rules import DEFAULT_TZ
from breach.deadlines.status import format_local
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.support import support_tasks
from breach.support.store import tasks
from breach.vocabulary import IncidentStatus, Language, TaskStatus
from flows.settings import get_settings
from flows.usecases.nis2.waived import waived
from flows.usecases.unreached import Unreached, unreached

# The authority's option to extend, not anyone's duty: it is tracked but never chased.
NOT_CHASED = frozenset({"gdpr.36.2.extension"})
FINISHED = (IncidentStatus.CLOSED.value, IncidentStatus.WITHDRAWN.value, IncidentStatus.DISMISSED.value)
REMINDER_EVENTS = ("deadline.reminder", "deadline.escalation")


@dataclass(frozen=True, slots=True)
class OpenDeadline:
    id: UUID
    rule: str
    reference: str  # the incident's, or the prior consultation's
    customer: str | None
    timezone: str
    start_at: datetime
    due_at: datetime
    met_at: datetime | None
    incident_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    deadline_id: UUID
    rule: str
    key: str
    kind: str
    due_at: datetime
    customer: str | None


def open_deadlines(*, session: Session, default_tz: str = "Europe/Brussels") -> list[OpenDeadline]:
    """Unmet deadlines of incidents still open and of prior consultations, with who they concern, soonest first.

    A consultation's clocks have no incident (``breach.support.store.consultations``): they run until the
    advice, whatever becomes of an incident that prompted it.
    """
    asking = aliased(Customer)
    rows = session.exec(
        select(
            Deadline,
            func.coalesce(Incident.reference, ConsultationRequest.reference),
            func.coalesce(Customer.name, asking.name),
            func.coalesce(Customer.timezone, asking.timezone),
        )
        .join(Incident, col(Incident.id) == col(Deadline.incident_id), isouter=True)
        .join(ConsultationRequest, col(ConsultationRequest.id) == col(Deadline.consultation_id), isouter=True)
        .join(ControllerCase, col(ControllerCase.id) == col(Deadline.case_id), isouter=True)
        .join(Customer, col(Customer.id) == col(ControllerCase.customer_id), isouter=True)
        .join(asking, col(asking.id) == col(ConsultationRequest.customer_id), isouter=True)
        .where(col(Deadline.met_at).is_(None))
        .where(or_(col(Incident.status).not_in(FINISHED), col(ConsultationRequest.id).is_not(None)))
        .order_by(col(Deadline.due_at))
    ).all()
    return [
        OpenDeadline(
            d.id, d.rule, str(reference), name, tz or default_tz, d.start_at, d.due_at, d.met_at, d.incident_id
        )
        for d, reference, name, tz in rows
    ]


def _sent_keys(ids: list[UUID], *, session: Session) -> set[tuple[UUID, str]]:
    if not ids:
        return set()
    rows = session.exec(
        select(AuditEvent.subject_id, AuditEvent.data)
        .where(col(AuditEvent.event_type).in_(REMINDER_EVENTS))
        .where(col(AuditEvent.subject_id).in_([str(i) for i in ids]))
    ).all()
    sent: set[tuple[UUID, str]] = set()
    for subject, data in rows:
        deadline_id = UUID(str(subject))
        sent.add((deadline_id, str(data["key"])))
        sent.update((deadline_id, str(k)) for k in data.get("covers", []))
    return sent


def run_reminders(*, session: Session, now: datetime, language: Language) -> list[Sent]:
    """Queue each reminder and escalation due now as an internal alert, once. Never commits."""
    running = open_deadlines(session=session)
    # A NIS2 clock the DPO's "not significant" waives is kept and shown, never chased (flows.usecases.nis2.waived).
    waivers = waived(running, session=session)
    chased = [d for d in running if d.rule not in NOT_CHASED and d.id not in waivers]
    by_id = {d.id: d for d in chased}
    sent_now: list[Sent] = []
    for reminder in reminders_due(chased, now, _sent_keys(list(by_id), session=session)):
        deadline = by_id[reminder.deadline_id]
        incident = session.get(Incident, deadline.incident_id) if deadline.incident_id is not None else None
        alert = "deadline_overdue" if reminder.kind == "escalation" else "deadline_at_risk"
        details = {"customer": deadline.customer, "rule": deadline.rule, "due_at": deadline.due_at.isoformat()}
        if incident is None:
            details["reference"] = deadline.reference  # a prior consultation's: the alert names it
        notices.queue_internal(
            session=session,
            now=now,
            alert=alert,
            cause=f"{deadline.id.hex}.{reminder.key}",
            language=language,
            incident=incident,
            details=details,
        )
        audit.append(
            session=session,
            event_type=f"deadline.{reminder.kind}",
            actor="watchdog",
            at=now,
            incident_id=incident.id if incident is not None else None,
            subject_id=deadline.id,
            data={"key": reminder.key, "covers": list(reminder.covers), "rule": deadline.rule},
        )
        sent_now.append(
            Sent(deadline.id, deadline.rule, reminder.key, reminder.kind, deadline.due_at, deadline.customer)
        )
    return sent_now


@dataclass(frozen=True, slots=True)
class WorkItem:
    due_at: datetime
    due_local: str
    time_left: str
    status: str
    reference: str
    rule: str
    owed_by: str
    owed_to: str
    customer: str | None
    # Who of ours does it (a support task's owner): a person, so shown in the CLI, never in an artifact.
    owner: str | None = None
    # A NIS2 clock waived by the DPO's "not significant" (status "waived"): who, when and why. Free text, so
    # shown in the CLI, never in an artifact.
    waived_by: str | None = None


def time_left(delta: timedelta) -> str:
    sign = "-" if delta < timedelta(0) else ""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = f"{days}d {hours}h" if days else f"{hours}h {mins:02d}m"
    return sign + text


def worklist(*, session: Session, now: datetime, unreached_after: timedelta | None = None) -> list[WorkItem]:
    """What is owed to whom by when, across incidents, soonest first: the DPO's daily list.

    Customers we still could not reach come first, whatever else is due (``flows.usecases.unreached``): until a
    person phones them, their own 72 hours cannot start.
    """
    items = []
    running = open_deadlines(session=session)
    waivers = waived(running, session=session)
    for d in running:
        rule = RULES[d.rule]
        w = waivers.get(d.id)
        items.append(
            WorkItem(
                due_at=d.due_at,
                due_local=format_local(d.due_at, d.timezone),
                time_left=time_left(d.due_at - now),
                status="waived" if w is not None else status(d, now).value,
                reference=d.reference,
                rule=d.rule,
                owed_by=rule.obliged,
                owed_to=rule.recipient,
                customer=d.customer,
                waived_by=f"DPO override by {w.by} at {format_local(w.at, d.timezone)}: {w.reason}" if w else None,
            )
        )
    items += _support_tasks_due(session=session, now=now)
    # Our clocks for telling customers of a request, a DPO change or an inspection (issue 22); imported here
    # because that module builds this module's WorkItem.
    from flows.usecases.communications.clocks import open_clocks  # noqa: PLC0415

    items += open_clocks(session=session, now=now, chase_after=timedelta(days=get_settings().instruction_chase_days))
    # The objection periods of announced changes of our sub-processors (issue 21, GDPR Art. 28(2)), one line each.
    from flows.usecases.chain.objections import open_periods  # noqa: PLC0415

    items += open_periods(session=session, now=now, tz=get_settings().dpo_timezone)
    return _unreached_first(session=session, now=now, after=unreached_after) + sorted(items, key=lambda i: i.due_at)


def _unreached_first(*, session: Session, now: datetime, after: timedelta | None) -> list[WorkItem]:
    """One line per customer and incident still unreached, longest-waiting first; its account manager is
    who of ours phones it (shown in the CLI, never in an artifact)."""
    if after is None:
        after = timedelta(minutes=get_settings().unreached_after_minutes)
    grouped: dict[tuple[UUID, UUID], list[Unreached]] = {}
    for item in unreached(session=session, now=now, after=after):
        grouped.setdefault((item.incident_id, item.customer_id), []).append(item)
    lines = []
    for group in grouped.values():
        first = group[0]
        since = min((u.first_try for u in group if u.first_try is not None), default=now)
        failed = all(u.status == "failed" for u in group)
        lines.append(
            WorkItem(
                due_at=since,
                due_local=format_local(since, first.timezone),
                time_left=time_left(since - now),
                status="failed: phone" if failed else "unreached: phone",
                reference=first.reference,
                rule="notice: " + ", ".join(sorted({u.kind for u in group})),
                owed_by="processor",
                owed_to="controller",
                customer=first.customer,
                owner=first.account_manager,
            )
        )
    return sorted(lines, key=lambda item: item.due_at)


def _support_tasks_due(*, session: Session, now: datetime) -> list[WorkItem]:
    """Our open support tasks with a due time: help we promised a customer is owed like a clock."""
    items = []
    for open_status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS):
        for task in tasks.list_tasks(support_tasks.TaskFilter(status=open_status), session=session):
            if task.due_at is None:
                continue
            customer = session.get(Customer, task.customer_id) if task.customer_id is not None else None
            tz = customer.timezone if customer is not None else DEFAULT_TZ
            items.append(
                WorkItem(
                    due_at=task.due_at,
                    due_local=format_local(task.due_at, tz),
                    time_left=time_left(task.due_at - now),
                    status="overdue" if task.due_at <= now else task.status.value,
                    reference=task.reference,
                    rule=f"task: {task.kind.value}",
                    owed_by="processor",
                    owed_to="controller",
                    customer=customer.name if customer is not None else None,
                    owner=task.owner,
                )
            )
    return items
