"""Telling a communication to its customers: one notice each, our clock per customer, in one unit of work.

Our clock is a row of ``breach.deadlines.rules`` (``dpa.4.1`` for a request, ``dpa.5`` for the rest): its
hours from when the thing happened, the customer's own hours where the contract sets them. It is met when the
customer's notice is first delivered (``Notice.delivered_at``), as ``dpa.8.1b`` is for a breach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breach.clock import to_utc
from breach.communications.store import records
from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer
from breach.deadlines.due import due
from breach.errors import InvalidInput

Details = Callable[[Customer, datetime], Mapping[str, Any]]


def clock(rule: str, start: datetime, customer: Customer, hours: int) -> datetime:
    """When ``rule`` falls due for ``customer``, counted from ``start`` (an instant in UTC)."""
    return to_utc(due(rule, start, tz=customer.timezone, sla_hours=hours), "due")


def tell(
    communication: Communication,
    customers: Sequence[Customer],
    *,
    session: Session,
    rule: str,
    hours: Callable[[Customer], int],
    details: Details,
    actor: str,
    now: datetime,
) -> list[CommunicationRecipient]:
    """Queue the communication's notice to each customer; returns the recipients added now."""
    if not customers:
        raise InvalidInput("customers", "(none)", "the communication concerns no customer")
    added: list[CommunicationRecipient] = []
    for customer in customers:
        due_at = clock(rule, communication.occurred_at, customer, hours(customer))
        row = records.address(
            communication,
            customer,
            session=session,
            rule=rule,
            due_at=due_at,
            details=details(customer, due_at),
            actor=actor,
            now=now,
        )
        if row is not None:
            added.append(row)
    return added
