"""Our open clocks for communications, as lines of the DPO's worklist (``breach worklist``) beside the breach
clocks: a customer not yet told of a request, a DPO change or an inspection, by the rule's due time (``dpa.4.1``,
``dpa.5``). A clock closes at the notice's first delivery; a failed notice stays open and overdue."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from breach.db.models.communications import Communication, CommunicationRecipient
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.deadlines.rules import RULES
from breach.deadlines.status import format_local
from flows.usecases.watch import WorkItem, time_left


def open_clocks(*, session: Session, now: datetime) -> list[WorkItem]:
    rows = session.exec(
        select(CommunicationRecipient, Communication, Customer, Notice)
        .join(Communication, col(Communication.id) == col(CommunicationRecipient.communication_id))
        .join(Customer, col(Customer.id) == col(CommunicationRecipient.customer_id))
        .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
        .where(col(Notice.delivered_at).is_(None))
        .order_by(col(CommunicationRecipient.due_at))
    ).all()
    items = []
    for recipient, communication, customer, notice in rows:
        rule = RULES[recipient.rule]
        items.append(
            WorkItem(
                due_at=recipient.due_at,
                due_local=format_local(recipient.due_at, customer.timezone),
                time_left=time_left(recipient.due_at - now),
                status="overdue" if recipient.due_at <= now else f"notice {notice.status.value}",
                reference=communication.reference,
                rule=f"{recipient.rule}: {communication.kind.value}",
                owed_by=rule.obliged,
                owed_to=rule.recipient,
                customer=customer.name,
            )
        )
    return items
