"""``breach inspections record``: the customers an authority's action concerns, told immediately, with a
support task each (DPA clause 5(e); 5(d) and 5(f): we cooperate with the authority and support the customer).

The customers concerned are those of the services named (``--service``), or those named (``--customer``);
each is told only what we may disclose (``breach.communications.facts.Disclosure``): a chat channel only that
an action concerns the processing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from breach.clock import to_utc
from breach.communications import facts as rules
from breach.communications.store import records
from breach.db import repository
from breach.db.models.communications import Communication
from breach.db.models.directory import Customer
from breach.errors import InvalidInput, NotFound
from breach.support.store.tasks import create_task
from breach.support.support_tasks import TaskLinks
from breach.vocabulary import NoticeKind, SupportTaskKind
from flows.usecases.communications.addressing import tell

CLOCK = "dpa.5"


def concerned(services: Sequence[str], customers: Sequence[str], *, session: Session) -> list[Customer]:
    """The customers of ``services`` and those named, each once, by name; at least one way must be given."""
    if not services and not customers:
        raise InvalidInput("customers", "(none)", "name the services (--service) or the customers (--customer)")
    found: dict[str, Customer] = {}
    if services:
        known = repository.services_by_code(session=session)
        missing = [code for code in services if code not in known]
        if missing:
            raise NotFound("service", ", ".join(missing))
        uses = repository.service_uses(session=session, service_ids=[known[code].id for code in services])
        for customer in repository.customers_by_id(list({u.customer_id for u in uses}), session=session).values():
            found[customer.name] = customer
    for name in customers:
        customer = repository.customer_by_name(name, session=session)
        found[customer.name] = customer
    if not found:
        raise InvalidInput("service", ", ".join(services), "no customer uses these services")
    return [found[name] for name in sorted(found)]


def record_inspection(
    *,
    session: Session,
    authority: str,
    action: str,
    disclose: str,
    note: str,
    occurred_at: datetime,
    services: Sequence[str],
    customers: Sequence[str],
    owner: str,
    actor: str,
    now: datetime,
) -> Communication:
    """Record the action, open a support task per customer concerned and queue each its notice."""
    facts = rules.inspection_facts(authority, rules.action(action), rules.disclosure(disclose), note)
    at = to_utc(occurred_at, "occurred_at")
    if at > to_utc(now, "now"):
        raise InvalidInput("occurred_at", at.isoformat(), "is in the future")
    targets = concerned(services, customers, session=session)
    communication = records.record(
        session=session, kind=NoticeKind.AUTHORITY_INSPECTION, occurred_at=at, facts=facts, actor=actor, now=now
    )
    tasks = {
        customer.id: create_task(
            session=session,
            kind=SupportTaskKind.OTHER,
            title=f"Support during the authority's {facts['action']} {communication.reference} ({facts['authority']})",
            owner=owner,
            links=TaskLinks(customer=customer),
            actor=actor,
            now=now,
        )
        for customer in targets
    }
    recipients = tell(
        communication,
        targets,
        session=session,
        rule=CLOCK,
        hours=lambda customer: customer.sla_hours,
        details=lambda customer, due_at: {
            **facts,
            "occurred_at": at.isoformat(),
            "language": customer.language.value,
            "task": tasks[customer.id].reference,
            "due_at": due_at.isoformat(),
        },
        actor=actor,
        now=now,
    )
    for recipient in recipients:
        records.link_task(recipient, tasks[recipient.customer_id].id, session=session)
    return communication
