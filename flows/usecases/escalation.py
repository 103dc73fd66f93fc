"""Acting on escalation chains: unacknowledged first notices climb their customer's chain.

For every first notice (initial or pass-on) that was delivered and that nobody acknowledged (neither it nor
another notice of its case), of an incident still open, ``breach.notices.escalation.due_escalations`` says what is
due, counted from the notice's first delivery. ``resend_next_contact`` queues the same notice row again
through the customer's next contact (same notice key: the same notice, to another person); with no next
contact it becomes an alert. ``alert_internal`` queues an ``unacknowledged`` alert to our DPO (keyed by the
notice and the step, so it is queued once). Each step is an audit event and is kept in
``notice.details["escalations"]`` (first delivery, keys done, history), so a re-run acts on nothing twice.

Called by ``breach outbox run`` before delivering, and by the watchdog flow.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.directory import Contact, Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.errors import InvalidInput
from breach.notices.escalation import (
    ALERT,
    DEFAULT_CHAIN,
    RESEND,
    Escalation,
    Step,
    chain_from_stored,
    due_escalations,
)
from breach.notices.kinds import kinds_where
from breach.notices.store import queue as notices
from breach.records.store import audit
from breach.vocabulary import IncidentStatus, Language, NoticeStatus
from notifications.delivery.notice_events import notice_event

ACTOR: Final = "escalation"
# The first notices that climb a customer's escalation chain when nobody acknowledges them.
ESCALATING: Final = tuple(kind.value for kind in kinds_where(lambda spec: spec.escalates))
FINISHED: Final = (IncidentStatus.CLOSED.value, IncidentStatus.WITHDRAWN.value, IncidentStatus.DISMISSED.value)


@dataclass
class EscalationCounts:
    """What a run did; ``steps`` (also what iterating gives) are ``{"notice_key", "step", "action"}``, no
    personal data, for the watchdog's events."""

    examined: int = 0
    resent: int = 0
    alerted: int = 0
    covered: int = 0  # repeats skipped after a pause, covered by a later one
    steps: list[dict[str, str]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, str]]:
        return iter(self.steps)

    def as_dict(self) -> dict[str, int]:
        return {"examined": self.examined, "resent": self.resent, "alerted": self.alerted, "covered": self.covered}


def unacknowledged(*, session: Session) -> Sequence[tuple[Notice, ControllerCase, Customer, Incident]]:
    """Delivered first notices nobody acknowledged, of open incidents; not those in flight right now."""
    rows = session.exec(
        select(Notice, ControllerCase, Customer, Incident)
        .join(ControllerCase, col(ControllerCase.id) == col(Notice.case_id))
        .join(Customer, col(Customer.id) == col(Notice.customer_id))
        .join(Incident, col(Incident.id) == col(Notice.incident_id))
        .where(col(Notice.kind).in_(ESCALATING))
        .where(Notice.phase == 1)
        .where(col(Notice.delivered_at).is_not(None))
        .where(col(Notice.acknowledged_at).is_(None))
        .where(col(ControllerCase.acknowledged_at).is_(None))
        .where(col(Notice.status) != NoticeStatus.SENDING.value)
        .where(col(Incident.status).not_in(FINISHED))
        .order_by(col(Notice.delivered_at), col(Notice.id))
        # Two runs at once (the watchdog and `breach outbox run`) never escalate the same notice twice.
        .with_for_update(of=Notice, skip_locked=True)
    ).all()
    return [(n, case, customer, incident) for n, case, customer, incident in rows]


def chain_of(customer: Customer) -> tuple[Step, ...]:
    """The customer's escalation chain as stored, or the default when it was damaged since import."""
    try:
        return chain_from_stored(customer.escalation)
    except InvalidInput:
        # Validated at import; a chain damaged since then escalates by the default rather than not at all.
        return DEFAULT_CHAIN


def next_contact(contacts: Sequence[Contact], current: UUID | None) -> Contact | None:
    """The contact after ``current`` in the customer's order; none after the last, or when ``current`` is not one."""
    ids = [c.id for c in contacts]
    if current not in ids:
        return None
    index = ids.index(current)
    return contacts[index + 1] if index + 1 < len(contacts) else None


@dataclass
class Climb:
    """A notice's way up its chain as ``notice.details["escalations"]`` keeps it: counted from ``origin``, the
    step keys ``done``, the alerts to our DPO so far and every step taken."""

    origin: datetime
    done: set[str]
    alerts: int
    history: list[dict[str, Any]]


def climb_of(notice: Notice) -> Climb | None:
    """The notice's record so far (a fresh one from its first delivery); ``None`` for a notice never delivered."""
    record: dict[str, Any] = dict(notice.details.get("escalations") or {})
    origin = datetime.fromisoformat(record["origin"]) if "origin" in record else notice.delivered_at
    if origin is None:
        return None
    return Climb(origin, set(record.get("done", [])), int(record.get("alerts", 0)), list(record.get("history", [])))


def take_step(
    notice: Notice,
    step: Escalation,
    target: Contact | None,
    climb: Climb,
    *,
    customer: Customer,
    incident: Incident | None,
    alert_details: Mapping[str, Any],
    actor: str,
    now: datetime,
    internal_language: Language,
    counts: EscalationCounts,
    session: Session,
) -> None:
    """Send the same notice (same key) through ``target``, or, with none, queue an ``unacknowledged`` alert to our
    DPO (once per notice and step); kept in ``climb`` and ``counts`` and recorded as a ``notice.escalated`` event."""
    action = RESEND if target is not None else ALERT
    if target is not None:
        notice.status = NoticeStatus.PENDING
        notice.contact_id = target.id
        notice.next_attempt_at = now
        notice.last_error = None
        counts.resent += 1
    else:
        climb.alerts += 1
        notices.queue_internal(
            session=session,
            now=now,
            alert="unacknowledged",
            cause=f"{notice.notice_key}.{step.key}",
            language=internal_language,
            incident=incident,
            details={
                **alert_details,
                "customer": customer.name,
                "notice_key": notice.notice_key,
                "account_manager": customer.account_manager or None,
                "due_at": step.at.isoformat(),
                "count": climb.alerts,
            },
        )
        counts.alerted += 1
    counts.covered += len(step.covers)
    climb.done |= {step.key, *step.covers}
    entry = {
        "key": step.key,
        "action": action,
        "due_at": step.at.isoformat(),
        "at": now.isoformat(),
        "contact": target.display if target is not None else None,
        "covers": list(step.covers),
    }
    climb.history.append(entry)
    counts.steps.append({"notice_key": notice.notice_key, "step": step.key, "action": action})
    event = notice_event(
        notice,
        "notice.escalated",
        actor=actor,
        at=now,
        step=step.key,
        action=action,
        due_at=entry["due_at"],
        contact=entry["contact"],
        covers=entry["covers"],
    )
    audit.append_many([event], session=session)


def keep_record(notice: Notice, climb: Climb, *, session: Session) -> None:
    """The notice's escalation record after a run, so the next run acts on nothing twice."""
    record = {
        "origin": climb.origin.isoformat(),
        "done": sorted(climb.done),
        "alerts": climb.alerts,
        "history": climb.history,
    }
    # JSON columns are not change-tracked: the dict is reassigned, never mutated.
    notice.details = {**notice.details, "escalations": record}
    session.add(notice)


def run_escalations(
    *, session: Session, now: datetime, internal_language: Language, actor: str = ACTOR
) -> EscalationCounts:
    """Do every escalation step due at ``now``; flushes, never commits. Returns what was done."""
    counts = EscalationCounts()
    rows = unacknowledged(session=session)
    contacts = repository.contacts_by_customer(list({customer.id for _, _, customer, _ in rows}), session=session)
    for notice, _case, customer, incident in rows:
        counts.examined += 1
        climb = climb_of(notice)
        if climb is None:  # pragma: no cover - the query selects delivered notices only
            continue
        due = due_escalations(climb.origin, now, chain_of(customer), climb.done)
        if not due:
            continue
        for step in due:
            target = next_contact(contacts[customer.id], notice.contact_id) if step.action == RESEND else None
            take_step(
                notice,
                step,
                target,
                climb,
                customer=customer,
                incident=incident,
                alert_details={},
                actor=actor,
                now=now,
                internal_language=internal_language,
                counts=counts,
                session=session,
            )
        keep_record(notice, climb, session=session)
    session.flush()
    return counts
