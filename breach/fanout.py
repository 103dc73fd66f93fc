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

from sqlalchemy import insert
from sqlmodel import Session

from breach import outbox, repository, rows, tracking
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


_CASE_ROW = rows.maker(ControllerCase)
_NOTICE_ROW = rows.maker(Notice)


def fan_out(incident: Incident, *, session: Session, now: datetime, assessor: Assessor | None = None) -> FanOut:
    """Create the missing cases, ``dpa.8.1b`` clocks and first notices for ``incident``. Never commits.

    Thousands of customers are thousands of rows of each kind: they go in as one bulk insert per kind
    (``breach.rows``), and the assessment of a number of data subjects is made once per fan-out.
    """
    if incident.aware_at is None:
        raise ValueError("fan-out needs the incident's awareness time (set at confirmation)")
    service_ids = [s.id for s in repository.incident_services(incident.id, session=session)]
    affected = affected_customers(repository.service_uses(session=session, service_ids=service_ids), service_ids)
    ids = [a.customer_id for a in affected]
    customers = repository.customers_by_id(ids, session=session)
    contacts = repository.contacts_by_customer(ids, session=session)
    case_ids = {
        customer_id: case.id for customer_id, case in repository.cases_by_customer(incident.id, session=session).items()
    }

    assessments: dict[int, dict[str, Any] | None] = {}
    new_cases: list[dict[str, Any]] = []
    for a in affected:
        if a.customer_id in case_ids:
            continue
        if a.data_subjects not in assessments:
            facts = incident.facts
            assessments[a.data_subjects] = assessor(facts, a.data_subjects) if assessor and facts else None
        case = _CASE_ROW(
            incident_id=incident.id,
            customer_id=a.customer_id,
            data_subjects=a.data_subjects,
            assessment=assessments[a.data_subjects],
            override=incident.risk_override,
            created_at=now,
        )
        case_ids[a.customer_id] = case["id"]
        new_cases.append(case)
    if new_cases:
        session.execute(insert(ControllerCase), new_cases)

    notices: list[dict[str, Any]] = []
    clocks: list[dict[str, Any]] = []
    for a in affected:
        customer, case_id = customers[a.customer_id], case_ids[a.customer_id]
        kind = first_notice_kind(customer.role)
        first_contact = contacts[a.customer_id][0] if contacts[a.customer_id] else None
        notices.append(
            _NOTICE_ROW(
                notice_key=outbox.notice_key(incident.reference, kind, 1, customer.id),
                incident_id=incident.id,
                case_id=case_id,
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
            tracking.deadline_values(
                "dpa.8.1b",
                incident.aware_at,
                incident_id=incident.id,
                case_id=case_id,
                tz=customer.timezone,
                now=now,
                sla_hours=customer.sla_hours,
            )
        )
    created = outbox.enqueue_rows(notices, session=session)
    tracking.start_clock_rows(clocks, session=session)
    return FanOut(affected=len(affected), cases_created=len(new_cases), notices_created=created)


def unaffected_customer_ids(incident: Incident, *, session: Session) -> list[UUID]:
    """Customers not affected: for the report of who was *not* told, and why."""
    affected = repository.cases_by_customer(incident.id, session=session)
    return [c.id for c in repository.list_customers(session=session) if c.id not in affected]
