"""Recording what a customer did about its case, or what we did about the incident (our NIS2 duties).

One capability for every door: ``breach record`` today, the customers' ``POST /me/cases/{id}/reports``
later. ``record_event`` plans with the pure ``breach.events.plan``, computing every clock before it
writes anything; then it writes the report, the clocks it starts, meets and moves, and one audit event
``report.<event>`` naming the actor, with ids only (the customer's text is in ``content``, so only its
hash is in the log). It flushes and never commits: a refusal leaves nothing for the caller to commit.

Case clocks count in the customer's time zone; the incident's own clocks in ``INCIDENT_TZ``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach import audit, events, tracking
from breach.deadline_rules import DEFAULT_TZ
from breach.errors import InvalidInput, NotFound
from breach.models import CaseReport, ControllerCase, Customer, Deadline, Incident
from breach.vocabulary import CustomerRole

# We are a Belgian processor: our own NIS2 clocks count on Brussels' wall clock and calendar.
INCIDENT_TZ: Final = DEFAULT_TZ


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The report written (or found, when ``repeated``) and the clocks it started, met and moved."""

    report: CaseReport
    plan: events.Plan
    tz: str
    repeated: bool = False
    started: tuple[Deadline, ...] = ()
    met: tuple[Deadline, ...] = ()
    moved: tuple[Deadline, ...] = ()


def record_event(
    *,
    session: Session,
    incident: Incident,
    case: ControllerCase | None,
    customer: Customer | None,
    event: str,
    at: datetime,
    details: Mapping[str, object],
    actor: str,
    now: datetime,
) -> RecordResult:
    """Record ``event`` at ``at`` for ``case`` of ``customer`` (both ``None``: the incident itself).

    Refusals (``InvalidInput`` and its kinds, see ``breach.events.plan``) come before any write. An
    exact repeat (same event, time and details) writes nothing and returns the first report.
    """
    _check_pair(incident, case, customer)
    _lock(incident, case, session=session)
    subject = subject_of(incident, case, customer)
    case_id = case.id if case is not None else None
    rows = deadlines_in_scope(session=session, incident_id=incident.id, case_id=case_id)
    history = reports_of(session=session, incident_id=incident.id, case_id=case_id)
    result = tracking.plan_on_rows(
        event, at, subject=subject, details=details, deadlines=rows, history=history, now=now
    )
    if result.repeat_of is not None:
        first = next(r for r in history if r.id == result.repeat_of.id)
        return RecordResult(first, result, subject.tz, repeated=True)
    clocks = [
        tracking.new_deadline(
            s.rule,
            s.start,
            incident_id=incident.id,
            case_id=case_id,
            tz=subject.tz,
            now=now,
            sequence=s.sequence,
            **s.options,
        )
        for s in result.starts
    ]

    # Everything is computed and checked; from here on we write.
    report = CaseReport(
        incident_id=incident.id,
        case_id=case_id,
        event=result.event.name,
        occurred_at=result.at,
        recorded_at=now,
        recorded_by=actor,
        details=dict(result.details),
    )
    session.add(report)
    session.flush()
    applied = tracking.apply_plan(result, clocks, rows, session=session)
    session.flush()
    audit.append(
        session=session,
        event_type=f"report.{result.event.name}",
        actor=actor,
        at=now,
        incident_id=incident.id,
        case_id=case_id,
        subject_id=report.id,
        data={
            "event": result.event.name,
            "customer_id": str(customer.id) if customer is not None else None,
            "occurred_at": result.at.isoformat(),
            "late": result.late,
            "started": [d.key for d in applied.started],
            "met": [m.key for m in result.meets],
            "moved": [d.key for d in applied.moved],
        },
        content=json.dumps(dict(result.details), sort_keys=True, ensure_ascii=False) if result.details else None,
    )
    return RecordResult(
        report,
        result,
        subject.tz,
        started=tuple(applied.started),
        met=tuple(applied.met),
        moved=tuple(applied.moved),
    )


def subject_of(incident: Incident, case: ControllerCase | None, customer: Customer | None) -> events.Subject:
    """The pure view ``breach.events.plan`` needs of a case and its customer, or of the incident."""
    if case is None or customer is None:
        return events.Subject(
            scope="incident",
            label=incident.reference,
            earliest=incident.detected_at,
            earliest_field="the incident's detection",
            tz=INCIDENT_TZ,
        )
    if incident.aware_at is None:
        raise InvalidInput("incident", incident.reference, "is not confirmed: a case's events follow our awareness")
    earliest, label = incident.aware_at, "the incident's awareness"
    if case.aware_at is not None and case.aware_at < earliest:
        earliest, label = case.aware_at, "the customer's awareness"
    return events.Subject(
        scope="case",
        label=customer.name,
        earliest=earliest,
        earliest_field=label,
        tz=customer.timezone,
        aware_at=case.aware_at or incident.aware_at,
        controller=customer.role is CustomerRole.CONTROLLER,
        financial_entity=customer.financial_entity,
        lead_authority=customer.lead_authority,
    )


def case_of(incident: Incident, customer: Customer, *, session: Session) -> ControllerCase:
    """The customer's case of this incident; ``NotFound`` when the incident did not reach it."""
    found = session.exec(
        select(ControllerCase)
        .where(ControllerCase.incident_id == incident.id)
        .where(ControllerCase.customer_id == customer.id)
    ).first()
    if found is None:
        raise NotFound("case", f"{incident.reference} / {customer.name}")
    return found


def deadlines_in_scope(*, session: Session, incident_id: UUID, case_id: UUID | None) -> Sequence[Deadline]:
    """A case's clocks, or (``case_id`` ``None``) the incident's own, by due time."""
    query = select(Deadline).where(Deadline.incident_id == incident_id)
    query = query.where(col(Deadline.case_id).is_(None) if case_id is None else Deadline.case_id == case_id)
    return session.exec(query.order_by(col(Deadline.due_at), col(Deadline.key))).all()


def reports_of(*, session: Session, incident_id: UUID, case_id: UUID | None) -> Sequence[CaseReport]:
    """A case's reports, or (``case_id`` ``None``) the incident's own, in the order they happened."""
    query = select(CaseReport).where(CaseReport.incident_id == incident_id)
    query = query.where(col(CaseReport.case_id).is_(None) if case_id is None else CaseReport.case_id == case_id)
    return session.exec(query.order_by(col(CaseReport.occurred_at), col(CaseReport.recorded_at))).all()


def _check_pair(incident: Incident, case: ControllerCase | None, customer: Customer | None) -> None:
    if (case is None) != (customer is None):
        raise InvalidInput("customer", customer.name if customer else None, "give both the case and its customer")
    if case is not None and customer is not None:
        if case.incident_id != incident.id:
            raise InvalidInput("case", str(case.id), f"is not a case of incident {incident.reference}")
        if case.customer_id != customer.id:
            raise InvalidInput("case", str(case.id), f"is not {customer.name}'s case")


def _lock(incident: Incident, case: ControllerCase | None, *, session: Session) -> None:
    # Two reports of one case at once (a second suspension, say) must plan one after the other.
    if case is not None:
        session.exec(select(ControllerCase).where(ControllerCase.id == case.id).with_for_update()).one()
    else:
        session.exec(select(Incident).where(Incident.id == incident.id).with_for_update()).one()
