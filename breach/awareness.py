"""What a delivered notice changes: the customer's awareness, its clocks, and the incident's status.

A controller is taken to be aware when our notice is delivered to one of its contacts, unless it learned
earlier (LAW.md "Awareness"); its 72 hours (``gdpr.33.1``) run from then. Our own duty to tell it
(``dpa.8.1b``) is met at the same moment. A customer that is a processor gets no 72-hour clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from breach import audit, tracking
from breach.models import ControllerCase, Customer, Deadline, Incident, Notice
from breach.states import transition
from breach.vocabulary import CustomerRole, IncidentStatus, NoticeKind, NoticeStatus

FIRST_NOTICES = (NoticeKind.INITIAL, NoticeKind.PASS_ON)


@dataclass(frozen=True, slots=True)
class FirstDelivery:
    """A first notice reached its customer at ``at``."""

    incident: Incident
    case: ControllerCase
    customer: Customer
    at: datetime


def record_first_delivery(
    *, session: Session, incident: Incident, case: ControllerCase, customer: Customer, at: datetime, now: datetime
) -> None:
    """The first notice reached the customer at ``at``: start its clock and stop ours. Never commits."""
    record_first_deliveries([FirstDelivery(incident, case, customer, at)], session=session, now=now)


def record_first_deliveries(deliveries: Sequence[FirstDelivery], *, session: Session, now: datetime) -> None:
    """``record_first_delivery`` for a batch of deliveries, in their order: one query per kind of row.

    The first delivery of a case sets its awareness; a later one in the same batch changes nothing, as
    it would one call after the other. Never commits.
    """
    clocks: list[Deadline] = []
    met: dict[str, datetime] = {}
    for delivery in deliveries:
        incident, case, customer = delivery.incident, delivery.case, delivery.customer
        if case.aware_at is None:
            case.aware_at = delivery.at
            session.add(case)
        if customer.role is CustomerRole.CONTROLLER:
            clocks.append(
                tracking.new_deadline(
                    "gdpr.33.1", case.aware_at, incident_id=incident.id, case_id=case.id, tz=customer.timezone, now=now
                )
            )
        met.setdefault(tracking.deadline_key("dpa.8.1b", incident_id=incident.id, case_id=case.id), delivery.at)
    tracking.start_clocks(clocks, session=session)
    tracking.meet_many(met, session=session)


def settle_incident_status(*, session: Session, incident: Incident, actor: str, now: datetime) -> bool:
    """Move a notifying incident to notified once every first notice is delivered; True if it moved."""
    if incident.status is not IncidentStatus.NOTIFYING:
        return False
    open_first = session.exec(
        select(func.count())
        .select_from(Notice)
        .where(Notice.incident_id == incident.id)
        .where(col(Notice.kind).in_([k.value for k in FIRST_NOTICES]))
        .where(Notice.status != NoticeStatus.DELIVERED)
    ).one()
    if open_first:
        return False
    incident.status = transition(incident.status, IncidentStatus.NOTIFIED)
    incident.updated_at = now
    session.add(incident)
    audit.append(
        session=session,
        event_type="incident.notified",
        actor=actor,
        at=now,
        incident_id=incident.id,
        data={"reference": incident.reference},
    )
    return True
