"""The prior consultations' store: consultations (GDPR Art. 36) we support for a customer (DPA clause 8(1)(e)),
with their clocks.

A consultation is about *planned* processing with a residual high risk after a DPIA; a breach of ours may
prompt it (``incident``) but need not (LAW.md section 3). Opening one also opens its support task
(``breach.support.store.tasks``, kind ``prior_consultation``) so the effort is logged and its billable proposal made.

What the authority does is recorded with the Art. 36 rows of ``breach.deadlines.events`` (``consultation=True``),
planned by the same pure ``plan`` as a case's events, against a subject of scope "consultation":
receipt starts ``gdpr.36.2`` (8 weeks) and ``gdpr.36.2.extension`` (1 month); an extension within that
month moves the first to 14 weeks; suspensions add their whole days; the advice meets both. The clocks
are ``Deadline`` rows with ``consultation_id`` (and no incident), so the watchdog chases them like any
other. Every write is one audit event; functions flush and never commit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Deadline, Incident
from breach.db.models.support import ConsultationEvent, ConsultationRequest, SupportTask
from breach.deadlines import events, tracking
from breach.deadlines import store as deadline_store
from breach.deadlines.rules import DEFAULT_TZ
from breach.directory.authorities import authority as authority_by_id
from breach.errors import InvalidInput, NotFound
from breach.records.store import audit
from breach.support.consultations import (
    ConsultationDraft,
    ConsultationResult,
    event_name,
    status_as_of,
    subject_of,
)
from breach.support.store import tasks
from breach.support.support_tasks import MAX_TITLE, TaskLinks, text
from breach.vocabulary import ConsultationStatus, SupportTaskKind

_PREFIX: Final = "PC"

# What each event makes of the consultation's status. A suspension of stated days is accounted at once
# (the period has moved), so the consultation runs on rather than waiting for a "resumed".
_STATUS_AFTER: Final[Mapping[str, ConsultationStatus]] = {
    "consultation-received": ConsultationStatus.RECEIVED,
    "suspension-started": ConsultationStatus.SUSPENDED,
    "suspension-ended": ConsultationStatus.RECEIVED,
    "advice-received": ConsultationStatus.ADVISED,
}


def next_reference(year: int, *, session: Session) -> str:
    """The next free ``PC-YYYY-NNNN``; the unique constraint settles a race."""
    return repository.next_number(ConsultationRequest.reference, f"{_PREFIX}-{year}-", session=session)


def open_consultation(
    draft: ConsultationDraft,
    *,
    session: Session,
    customer: Customer,
    incident: Incident | None,
    actor: str,
    now: datetime,
) -> tuple[ConsultationRequest, SupportTask]:
    """Open a consultation and its support task; audited as ``consultation.opened`` (and ``task.created``)."""
    title = text(draft.title, "title", required=True, limit=MAX_TITLE)
    texts = {
        name: text(getattr(draft, name), name, required=False)
        for name in ("description", "purposes", "means", "safeguards", "joint_controllers")
    }
    dpia = text(draft.dpia_reference, "dpia", required=False, limit=200)
    authority = authority_by_id(draft.authority or customer.lead_authority).id
    services = _check_services(draft.services, customer, session=session)
    if incident is not None:
        _check_reached(incident, customer, session=session)
    consultation = repository.insert_numbered(
        lambda reference: ConsultationRequest(
            reference=reference,
            customer_id=customer.id,
            incident_id=incident.id if incident is not None else None,
            title=title,
            description=texts["description"],
            purposes=texts["purposes"],
            means=texts["means"],
            safeguards=texts["safeguards"],
            joint_controllers=texts["joint_controllers"],
            dpia_reference=dpia,
            services=list(services),
            authority=authority,
            status=ConsultationStatus.PREPARING,
            opened_at=now,
            opened_by=actor,
            updated_at=now,
        ),
        lambda: next_reference(now.year, session=session),
        session=session,
    )
    audit.append(
        session=session,
        event_type="consultation.opened",
        actor=actor,
        at=now,
        incident_id=consultation.incident_id,
        subject_id=consultation.id,
        data={
            "consultation": consultation.reference,
            "customer_id": str(customer.id),
            "authority": authority,
            "services": list(services),
        },
        content=json.dumps({"title": title, "dpia": dpia, **texts}, sort_keys=True, ensure_ascii=False),
    )
    task = tasks.create_task(
        session=session,
        kind=SupportTaskKind.PRIOR_CONSULTATION,
        title=f"Prior consultation {consultation.reference}: {title}"[:MAX_TITLE],
        owner=actor,
        links=TaskLinks(incident=incident, customer=customer, consultation=consultation),
        actor=actor,
        now=now,
    )
    return consultation, task


def _check_services(codes: Sequence[str], customer: Customer, *, session: Session) -> tuple[str, ...]:
    used = {service.code for _, service in repository.services_of(customer.id, session=session)}
    for code in codes:
        if code not in used:
            known = ", ".join(sorted(used)) or "none"
            raise InvalidInput("service", code, f"is not a service {customer.name} uses (it uses: {known})")
    return tuple(dict.fromkeys(codes))


def _check_reached(incident: Incident, customer: Customer, *, session: Session) -> None:
    """A consultation a breach prompted is of a customer the breach reached."""
    case = session.exec(
        select(ControllerCase)
        .where(ControllerCase.incident_id == incident.id)
        .where(ControllerCase.customer_id == customer.id)
    ).first()
    if case is None:
        raise InvalidInput("incident", incident.reference, f"did not reach {customer.name} (no case)")


def consultation_by_reference(reference: str, *, session: Session, for_update: bool = False) -> ConsultationRequest:
    query = select(ConsultationRequest).where(ConsultationRequest.reference == reference.strip().upper())
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound("consultation", reference)
    return found


def record_event(
    *,
    session: Session,
    consultation: ConsultationRequest,
    customer: Customer,
    event: str,
    at: datetime,
    details: Mapping[str, object],
    actor: str,
    now: datetime,
) -> ConsultationResult:
    """Record what the authority did (``EVENT_NAMES``) at ``at``; refusals come before any write.

    Audited as ``consultation.<event>`` with the clocks' keys; the details' text only as a hash. An exact
    repeat writes nothing and returns the first event.
    """
    if consultation.customer_id != customer.id:
        raise InvalidInput("customer", customer.name, f"is not the customer of {consultation.reference}")
    name = event_name(event)
    # Two records at once (a second suspension, say) must plan one after the other.
    session.exec(select(ConsultationRequest).where(ConsultationRequest.id == consultation.id).with_for_update()).one()
    subject = subject_of(consultation, customer)
    rows = deadlines_of(consultation.id, session=session)
    history = events_of(consultation.id, session=session)
    result = tracking.plan_on_rows(name, at, subject=subject, details=details, deadlines=rows, history=history, now=now)
    if result.repeat_of is not None:
        first = next(e for e in history if e.id == result.repeat_of.id)
        return ConsultationResult(first, result, subject.tz, repeated=True)
    clocks = [
        tracking.consultation_deadline(
            s.rule,
            s.start,
            consultation_id=consultation.id,
            tz=subject.tz,
            now=now,
            sequence=s.sequence,
            options=s.options,
        )
        for s in result.starts
    ]

    # Everything is computed and checked; from here on we write.
    row = ConsultationEvent(
        consultation_id=consultation.id,
        event=result.event.name,
        occurred_at=result.at,
        recorded_at=now,
        recorded_by=actor,
        details=dict(result.details),
    )
    session.add(row)
    session.flush()
    applied = deadline_store.apply_plan(result, clocks, rows, session=session)
    _apply_status(consultation, result, now)
    session.add(consultation)
    session.flush()
    audit.append(
        session=session,
        event_type=f"consultation.{result.event.name}",
        actor=actor,
        at=now,
        incident_id=consultation.incident_id,
        subject_id=consultation.id,
        data={
            "consultation": consultation.reference,
            "event": result.event.name,
            **applied.audit_data(result),
            "status": consultation.status.value,
        },
        content=tracking.details_content(result),
    )
    return ConsultationResult(
        row,
        result,
        subject.tz,
        started=tuple(applied.started),
        met=tuple(applied.met),
        moved=tuple(applied.moved),
    )


def _apply_status(consultation: ConsultationRequest, result: events.Plan, now: datetime) -> None:
    name = result.event.name
    stated = name == "suspension-started" and "days" in result.details
    status = ConsultationStatus.RECEIVED if stated else _STATUS_AFTER.get(name)
    if status is not None:
        consultation.status = status
    if name == "consultation-received":
        consultation.received_at = result.at
    if name == "advice-received":
        consultation.advised_at = result.at
    consultation.updated_at = now


def deadlines_of(consultation_id: UUID, *, session: Session) -> Sequence[Deadline]:
    """A consultation's clocks, by due time."""
    query = select(Deadline).where(Deadline.consultation_id == consultation_id)
    return session.exec(query.order_by(col(Deadline.due_at), col(Deadline.key))).all()


def events_of(consultation_id: UUID, *, session: Session) -> Sequence[ConsultationEvent]:
    """A consultation's events, in the order they happened."""
    query = select(ConsultationEvent).where(ConsultationEvent.consultation_id == consultation_id)
    return session.exec(query.order_by(col(ConsultationEvent.occurred_at), col(ConsultationEvent.recorded_at))).all()


def list_consultations(
    *,
    session: Session,
    now: datetime,
    customer_id: UUID | None = None,
    status: ConsultationStatus | None = None,
) -> Sequence[ConsultationRequest]:
    """Consultations, newest first."""
    query = select(ConsultationRequest)
    if customer_id is not None:
        query = query.where(ConsultationRequest.customer_id == customer_id)
    found = session.exec(query.order_by(col(ConsultationRequest.opened_at).desc())).all()
    if status is None:
        return found
    # The status as of now (``status_as_of``): a stated suspension is not a stored status.
    return [c for c in found if status_now(c, session=session, now=now) is status]


def status_now(consultation: ConsultationRequest, *, session: Session, now: datetime) -> ConsultationStatus:
    customer = session.get(Customer, consultation.customer_id)
    tz = customer.timezone if customer is not None else DEFAULT_TZ
    return status_as_of(consultation, events_of(consultation.id, session=session), tz, now)
