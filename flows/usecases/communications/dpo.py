"""``breach dpo change``: every customer told of our new DPO immediately (DPA clause 5(a)).

How a change is recorded, so that the new contact is used: our DPO's contact is a setting
(``BREACH_DPO_NAME``, ``BREACH_DPO_EMAIL``, ``BREACH_DPO_PHONE``; ``flows.runtime.sender``), and every notice
names it. The operator first changes those settings, then runs the command; it announces the contact the
settings now hold, so the announcement and every notice from then on name the same person. It refuses a
contact that is still the placeholder (``notifications.delivery.dpo_contact``) and one that is the last one
announced (nothing changed), and names the previous DPO from the last announcement.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from breach.clock import to_utc
from breach.communications.facts import DpoContact, dpo_contact, stored_contact
from breach.communications.store import records
from breach.db import repository
from breach.db.models.communications import Communication
from breach.errors import ConfigurationError, InvalidInput
from breach.vocabulary import NoticeKind
from flows.usecases.communications.addressing import tell
from notifications.context.models import Person
from notifications.delivery.dpo_contact import dpo_problem

RULE = "dpo_change"
CLOCK = "dpa.5"


def announce_dpo(
    *,
    session: Session,
    current: Person,
    effective_at: datetime,
    actor: str,
    now: datetime,
    previous: DpoContact | None = None,
) -> Communication:
    """Record the change to ``current`` (the settings' DPO) and queue a notice to every customer.

    ``previous``: whom it replaces, when no earlier announcement says (the first change the engine records).
    """
    problem = dpo_problem(current)
    if problem is not None:
        raise ConfigurationError(f"set the new DPO first: {problem}")
    new = dpo_contact(current.name, current.email, current.phone)
    last = records.latest_of(NoticeKind.DPO_CHANGE, session=session)
    announced = stored_contact(last.facts.get("new")) if last is not None else None
    if announced == new:
        raise InvalidInput("dpo", new.email, f"was announced already ({last.reference if last else ''})")
    before = announced or previous
    at = to_utc(effective_at, "effective_at")
    if at > to_utc(now, "now"):
        raise InvalidInput("effective_at", at.isoformat(), "is in the future: announce a change once it is made")
    customers = list(repository.list_customers(session=session))
    communication = records.record(
        session=session,
        kind=NoticeKind.DPO_CHANGE,
        occurred_at=at,
        facts={"new": new.as_facts(), "previous": before.as_facts() if before is not None else None},
        actor=actor,
        now=now,
    )
    tell(
        communication,
        customers,
        session=session,
        rule=CLOCK,
        hours=lambda customer: customer.sla_hours,
        details=lambda _customer, due_at: {
            "new": new.as_facts(),
            "previous": before.as_facts() if before is not None else None,
            "effective_at": at.isoformat(),
            "due_at": due_at.isoformat(),
        },
        actor=actor,
        now=now,
    )
    return communication
