"""What a delivered notice changes: the customer's awareness, its clocks, and the incident's status.

A controller is taken to be aware when our notice is delivered to one of its contacts, unless it learned
earlier (LAW.md "Awareness"); its 72 hours (``gdpr.33.1``) run from then. Our own duty to tell it
(``dpa.8.1b``) is met at the same moment. A customer that is a processor gets no 72-hour clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.deadlines import store as deadline_store
from breach.deadlines import tracking
from breach.incidents.states import transition
from breach.notices.kinds import FIRST_NOTICES
from breach.records.store import audit
from breach.vocabulary import CustomerRole, IncidentStatus, NoticeStatus

# The kinds whose delivery makes a customer aware (LAW.md "Awareness"; GDPR Art. 33(2)).


def record_first_delivery(
    *, session: Session, incident: Incident, case: ControllerCase, customer: Customer, at: datetime, now: datetime
) -> None:
    """The first notice reached the customer at ``at``: start its clock and stop ours. Never commits."""
    if case.aware_at is None:
        case.aware_at = at
        session.add(case)
    if customer.role is CustomerRole.CONTROLLER:
        deadline_store.start_clocks(
            [
                tracking.new_deadline(
                    "gdpr.33.1", case.aware_at, incident_id=incident.id, case_id=case.id, tz=customer.timezone, now=now
                )
            ],
            session=session,
        )
    deadline_store.meet(
        tracking.deadline_key("dpa.8.1b", incident_id=incident.id, case_id=case.id), at, session=session
    )


@dataclass(frozen=True, slots=True)
class FirstDelivery:
    """A case's first notice reached its customer at ``at``."""

    incident_id: UUID
    case_id: UUID
    customer_id: UUID
    at: datetime


def record_first_deliveries(deliveries: Sequence[FirstDelivery], *, session: Session, now: datetime) -> None:
    """``record_first_delivery`` for a batch, in its order, reading and writing only the columns it needs.

    A delivery batch is hundreds of customers: their cases' awareness, their ``gdpr.33.1`` clocks and our
    ``dpa.8.1b`` clocks are each one bulk statement instead of a few per customer. The first delivery of
    a case sets its awareness; a later one changes nothing, as one call after the other would. Cases of
    these ids loaded in the session are expired, so they are read again. Never commits.
    """
    if not deliveries:
        return
    case_ids = list({d.case_id for d in deliveries})
    customer_ids = list({d.customer_id for d in deliveries})
    aware: dict[UUID, datetime | None] = {
        case_id: aware_at
        for case_id, aware_at in session.exec(
            select(ControllerCase.id, ControllerCase.aware_at).where(col(ControllerCase.id).in_(case_ids))
        ).all()
    }
    customers = {
        customer_id: (role, timezone)
        for customer_id, role, timezone in session.exec(
            select(Customer.id, Customer.role, Customer.timezone).where(col(Customer.id).in_(customer_ids))
        ).all()
    }
    newly_aware: dict[UUID, datetime] = {}
    clocks: list[dict[str, Any]] = []
    met: dict[str, datetime] = {}
    for delivery in deliveries:
        aware_at = aware.get(delivery.case_id)
        if aware_at is None:
            aware_at = aware[delivery.case_id] = newly_aware[delivery.case_id] = delivery.at
        role, timezone = customers[delivery.customer_id]
        if role is CustomerRole.CONTROLLER:
            clocks.append(
                tracking.deadline_values(
                    "gdpr.33.1",
                    aware_at,
                    incident_id=delivery.incident_id,
                    case_id=delivery.case_id,
                    tz=timezone,
                    now=now,
                )
            )
        met.setdefault(
            tracking.deadline_key("dpa.8.1b", incident_id=delivery.incident_id, case_id=delivery.case_id), delivery.at
        )
    if newly_aware:
        session.execute(update(ControllerCase), [{"id": i, "aware_at": at} for i, at in newly_aware.items()])
        for loaded in [o for o in session.identity_map.values() if isinstance(o, ControllerCase)]:
            if loaded.id in newly_aware:
                session.expire(loaded)
    deadline_store.start_clock_rows(clocks, session=session)
    deadline_store.meet_many(met, session=session)


def settle_incident_status(*, session: Session, incident: Incident, actor: str, now: datetime) -> bool:
    """Move a notifying incident to notified once every first notice is delivered (or its customer reached
    another way); True if it moved."""
    if incident.status is not IncidentStatus.NOTIFYING:
        return False
    open_first = session.exec(
        select(func.count())
        .select_from(Notice)
        .where(Notice.incident_id == incident.id)
        .where(col(Notice.kind).in_([k.value for k in FIRST_NOTICES]))
        # Reached another way and recorded by a person (flows.usecases.reached) counts as told, never as delivered.
        .where(col(Notice.status).not_in([NoticeStatus.DELIVERED.value, NoticeStatus.REACHED_OTHERWISE.value]))
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
