"""Confirmation fans one incident out into a case, a clock and a pending notice per affected customer.

DPA clause 8(1)(b): every affected controller is told immediately, so everything a sender needs is
committed together with the confirmation; delivery follows from the outbox. Fan-out is idempotent: a
second run creates only what is missing (a customer added to the directory since, say).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session

from breach import outbox, repository, tracking
from breach.models import ControllerCase, Incident, Notice
from breach.resolution import affected_customers
from breach.vocabulary import CustomerRole, NoticeKind, NoticeStatus

# (facts as stored, this customer's number of data subjects) -> the assessment to store with the case.
Assessor = Callable[[Mapping[str, Any], int], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class FanOut:
    affected: int
    cases_created: int
    notices_created: int


def first_notice_kind(role: CustomerRole) -> NoticeKind:
    # A customer that is itself a processor has no 72-hour clock; it passes our notice on (Art. 33(2)).
    return NoticeKind.INITIAL if role is CustomerRole.CONTROLLER else NoticeKind.PASS_ON


def fan_out(incident: Incident, *, session: Session, now: datetime, assessor: Assessor | None = None) -> FanOut:
    """Create the missing cases, ``dpa.8.1b`` clocks and first notices for ``incident``. Never commits."""
    if incident.aware_at is None:
        raise ValueError("fan-out needs the incident's awareness time (set at confirmation)")
    service_ids = [s.id for s in repository.incident_services(incident.id, session=session)]
    affected = affected_customers(repository.service_uses(session=session, service_ids=service_ids), service_ids)
    ids = [a.customer_id for a in affected]
    customers = repository.customers_by_id(ids, session=session)
    contacts = repository.contacts_by_customer(ids, session=session)
    existing = repository.cases_by_customer(incident.id, session=session)

    new_cases: list[ControllerCase] = []
    for a in affected:
        if a.customer_id in existing:
            continue
        assessment = assessor(incident.facts, a.data_subjects) if assessor and incident.facts else None
        new_cases.append(
            ControllerCase(
                incident_id=incident.id,
                customer_id=a.customer_id,
                data_subjects=a.data_subjects,
                assessment=assessment,
                override=incident.risk_override,
                created_at=now,
            )
        )
    session.add_all(new_cases)
    session.flush()

    cases = {**existing, **{c.customer_id: c for c in new_cases}}
    notices: list[Notice] = []
    clocks = []
    for a in affected:
        customer, case = customers[a.customer_id], cases[a.customer_id]
        kind = first_notice_kind(customer.role)
        first_contact = contacts[a.customer_id][0] if contacts[a.customer_id] else None
        notices.append(
            Notice(
                notice_key=outbox.notice_key(incident.reference, kind, 1, customer.id),
                incident_id=incident.id,
                case_id=case.id,
                customer_id=customer.id,
                kind=kind,
                phase=1,
                language=customer.language,
                status=NoticeStatus.PENDING,
                contact_id=first_contact.id if first_contact else None,
                created_at=now,
            )
        )
        # Our contractual clock runs from our own awareness (LAW.md dpa.8.1b), per customer's SLA.
        clocks.append(
            tracking.new_deadline(
                "dpa.8.1b",
                incident.aware_at,
                incident_id=incident.id,
                case_id=case.id,
                tz=customer.timezone,
                now=now,
                sla_hours=customer.sla_hours,
            )
        )
    created = outbox.enqueue(notices, session=session)
    tracking.start_clocks(clocks, session=session)
    return FanOut(affected=len(affected), cases_created=len(new_cases), notices_created=len(created))


def unaffected_customer_ids(incident: Incident, *, session: Session) -> list[UUID]:
    """Customers not affected: for the report of who was *not* told, and why."""
    affected = repository.cases_by_customer(incident.id, session=session)
    return [c.id for c in repository.list_customers(session=session) if c.id not in affected]
