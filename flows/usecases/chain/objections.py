"""Objections to a change of our sub-processors (GDPR Art. 28(2)), and what each side sees of a change.

``object_to`` records a customer's objection (portal, API, or our staff typing in a letter): refused for a
change that does not concern the customer (it was not told), after the period (rule ``gdpr.28.2``) or a second
time; our DPO is alerted at once (internal alert ``subprocessor_objection``, the customer's reasons in it).
``for_dpo`` and ``for_customer`` are the views of ``breach subprocessors changes``, ``GET
/me/subprocessor-changes`` and the portal; ``open_periods`` the DPO's worklist lines; ``pack_files`` what the
change's evidence pack adds for one customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, col, select

from breach.chain import objections as rules
from breach.chain.store import changes as store
from breach.communications.store import records
from breach.db.models.audit import AuditEvent
from breach.db.models.chain import SubprocessorObjection
from breach.db.models.communications import Communication
from breach.db.models.directory import Customer
from breach.deadlines.status import format_local
from breach.errors import NotFound
from breach.notices.store import queue
from breach.vocabulary import Language
from flows.evidence.records import as_json, event_record, iso
from flows.usecases.watch import WorkItem, time_left

ALERT = "subprocessor_objection"


def until_of(communication: Communication) -> datetime:
    return datetime.fromisoformat(str(communication.facts["objection_until"]))


def change_by_reference(reference: str, *, session: Session) -> Communication:
    found = records.by_reference(reference, session=session)
    if found.kind is not store.KIND:
        raise NotFound("subprocessor change", reference)
    return found


def object_to(
    reference: str,
    customer_id: UUID,
    *,
    session: Session,
    reasons: str,
    channel: str,
    actor: str,
    now: datetime,
    language: Language,
) -> SubprocessorObjection:
    """Record the customer's objection and alert our DPO; a refusal writes nothing."""
    text = rules.reasons(reasons)
    via = rules.channel(channel)
    communication = change_by_reference(reference, session=session)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    if not any(c.id == customer_id for _, c, _ in store.told(communication.id, session=session)):
        raise rules.NotConcerned(reference, customer.name)
    if store.objection_of(communication.id, customer_id, session=session) is not None:
        raise rules.AlreadyObjected("reference", reference, f"{customer.name} objected to this change already")
    until = until_of(communication)
    rules.check_open(reference, until, now)
    row = store.record_objection(
        communication, customer, session=session, reasons=text, channel=via.value, actor=actor, now=now
    )
    queue.queue_internal(
        session=session,
        now=now,
        alert=ALERT,
        cause=row.id.hex,
        language=language,
        details={
            "customer": customer.name,
            "notice_key": reference,
            "due_at": until.isoformat(),
            "reason": text[:1000],
        },
    )
    return row


@dataclass(frozen=True, slots=True)
class TellingView:
    """One customer told of a change, as our DPO sees it."""

    customer: str
    notice: str  # the notice's state: pending, delivered, failed ... or acknowledged
    delivered_at: str | None
    # "objected", "open" (it may still object) or "lapsed" (the period ended without an objection)
    objection: str
    objected_at: str | None = None
    channel: str | None = None
    recorded_by: str | None = None
    reasons: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeView:
    reference: str
    announced_at: str
    objection_until: str
    effective_from: str
    days: int
    open: bool
    changes: list[dict[str, Any]]
    customers: list[TellingView]

    @property
    def objected(self) -> int:
        return sum(c.objection == "objected" for c in self.customers)


def _state(objection: SubprocessorObjection | None, until: datetime, now: datetime) -> str:
    if objection is not None:
        return "objected"
    return "open" if now <= until else "lapsed"


def for_dpo(*, session: Session, now: datetime, tz: str, reference: str | None = None) -> list[ChangeView]:
    """Every change announced (or one), newest first, with each customer told and its objection, in ``tz``."""
    changes = [change_by_reference(reference, session=session)] if reference else store.announced(session=session)
    views = []
    for communication in changes:
        until = until_of(communication)
        objections = store.objections(communication.id, session=session)
        customers = []
        for _recipient, customer, notice in store.told(communication.id, session=session):
            o = objections.get(customer.id)
            customers.append(
                TellingView(
                    customer=customer.name,
                    notice="acknowledged" if notice.acknowledged_at is not None else notice.status.value,
                    delivered_at=format_local(notice.delivered_at, tz) if notice.delivered_at else None,
                    objection=_state(o, until, now),
                    objected_at=format_local(o.recorded_at, tz) if o else None,
                    channel=o.channel if o else None,
                    recorded_by=o.recorded_by if o else None,
                    reasons=o.reasons if o else None,
                )
            )
        views.append(
            _view(
                communication,
                until=until,
                now=now,
                tz=tz,
                changes=list(communication.facts["changes"]),
                customers=customers,
            )
        )
    return views


def _view(
    communication: Communication,
    *,
    until: datetime,
    now: datetime,
    tz: str,
    changes: list[dict[str, Any]],
    customers: list[TellingView],
) -> ChangeView:
    facts = communication.facts
    return ChangeView(
        reference=communication.reference,
        announced_at=format_local(communication.occurred_at, tz),
        objection_until=format_local(until, tz),
        effective_from=str(facts["effective_from"]),
        days=int(facts["days"]),
        open=now <= until,
        changes=changes,
        customers=customers,
    )


@dataclass(frozen=True, slots=True)
class MyChange:
    """A change as the customer told of it sees it: only what concerns its services."""

    reference: str
    announced_at: datetime
    objection_until: datetime
    effective_from: str
    open: bool
    changes: list[dict[str, Any]]
    objected_at: datetime | None
    reasons: str | None
    channel: str | None


def for_customer(customer_id: UUID, *, session: Session, now: datetime) -> list[MyChange]:
    """The changes told to the customer, newest first, each with what was told to it and its objection."""
    views = []
    for communication, _recipient, notice in store.told_to(customer_id, session=session):
        until = until_of(communication)
        o = store.objection_of(communication.id, customer_id, session=session)
        views.append(
            MyChange(
                reference=communication.reference,
                announced_at=communication.occurred_at,
                objection_until=until,
                effective_from=str(communication.facts["effective_from"]),
                open=now <= until and o is None,
                changes=list((notice.details or {}).get("changes", [])),
                objected_at=o.recorded_at if o else None,
                reasons=o.reasons if o else None,
                channel=o.channel if o else None,
            )
        )
    return views


def open_periods(*, session: Session, now: datetime, tz: str) -> list[WorkItem]:
    """One worklist line per change whose objection period still runs: how many told, how many objected."""
    items = []
    for view in for_dpo(session=session, now=now, tz=tz):
        if not view.open:
            continue
        communication = change_by_reference(view.reference, session=session)
        until = until_of(communication)
        items.append(
            WorkItem(
                due_at=until,
                due_local=view.objection_until,
                time_left=time_left(until - now),
                status=f"objection period: {view.objected} of {len(view.customers)} objected",
                reference=view.reference,
                rule="gdpr.28.2: subprocessor_change",
                owed_by="controller",
                owed_to="processor",
                customer=f"{len(view.customers)} customers",
            )
        )
    return items


def pack_files(communication: Communication, customer_id: UUID, *, session: Session) -> dict[str, bytes]:
    """For a change's evidence pack: the customer's objection (or none) and its audit event."""
    if communication.kind is not store.KIND:
        return {}
    o = store.objection_of(communication.id, customer_id, session=session)
    events = []
    if o is not None:
        events = [
            event_record(e)
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.subject_id == str(o.id)).order_by(col(AuditEvent.seq))
            ).all()
        ]
    record = {
        "reference": communication.reference,
        "objection_until": communication.facts.get("objection_until"),
        "objection": None
        if o is None
        else {
            "recorded_at": iso(o.recorded_at),
            "channel": o.channel,
            "recorded_by": o.recorded_by,
            "reasons": o.reasons,
            "audit": events,
        },
    }
    return {"objection.json": as_json(record)}
