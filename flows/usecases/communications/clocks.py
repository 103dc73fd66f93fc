"""Our open clocks for communications, as lines of the DPO's worklist (``breach worklist``) beside the breach
clocks: a customer not yet told of a request, a DPO change or an inspection, by the rule's due time (``dpa.4.1``,
``dpa.5``, ``dpa.9``, ``dpa.10.2``). A clock closes at the notice's first delivery; a failed notice stays open and
overdue. Then an instruction the customer still owes us an answer on (DPA clause 9: an oral one not yet confirmed
in writing, one we suspended) stays on the list, from when it waits, once our notice about it was delivered: the
DPA sets no period for the customer, so it is "awaiting the customer", never overdue; but once acknowledged
our request is reminded no more, so after ``chase_after`` (``BREACH_INSTRUCTION_CHASE_DAYS``, 14 days by default)
of waiting the line says to chase the customer, its time left counted to that day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlmodel import Session, col, select

from breach.db.models.communications import Communication, CommunicationRecipient, Instruction
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.deadlines.status import format_local
from breach.instructions.states import InstructionState, awaiting_customer
from flows.usecases.watch import WorkItem, time_left

CHASE_AFTER: Final = timedelta(days=14)


def open_clocks(*, session: Session, now: datetime, chase_after: timedelta = CHASE_AFTER) -> list[WorkItem]:
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
        items.append(
            WorkItem(
                due_at=recipient.due_at,
                due_local=format_local(recipient.due_at, customer.timezone),
                time_left=time_left(recipient.due_at - now),
                status="overdue" if recipient.due_at <= now else f"notice {notice.status.value}",
                reference=communication.reference,
                rule=f"{recipient.rule}: {communication.kind.value}",
                # The notice is ours to the customer whatever the rule's own direction: gdpr.28.2 describes the
                # customer's objection period (controller to processor), our duty is to tell it of the change.
                owed_by="processor",
                owed_to="controller",
                customer=customer.name,
            )
        )
    return items + awaiting(session=session, now=now, chase_after=chase_after)


def awaiting(*, session: Session, now: datetime, chase_after: timedelta = CHASE_AFTER) -> list[WorkItem]:
    """Instructions the customer still owes an answer on, once our notice about them was delivered; due to be
    chased ``chase_after`` from when they began to wait."""
    rows = session.exec(
        select(Instruction, Customer)
        .join(Customer, col(Customer.id) == col(Instruction.customer_id))
        .where(col(Instruction.state).in_([InstructionState.RECEIVED.value, InstructionState.SUSPENDED.value]))
        .order_by(col(Instruction.changed_at))
    ).all()
    asked_ids = [i for instruction, _ in rows for i in (instruction.request_id, instruction.concern_id) if i]
    told = set(
        session.exec(
            select(CommunicationRecipient.communication_id)
            .join(Notice, col(Notice.id) == col(CommunicationRecipient.notice_id))
            .where(col(CommunicationRecipient.communication_id).in_(asked_ids))
            .where(col(Notice.delivered_at).is_not(None))
        ).all()
    )
    items = []
    for instruction, customer in rows:
        asked = instruction.concern_id if instruction.state is InstructionState.SUSPENDED else instruction.request_id
        if not awaiting_customer(instruction.state, instruction.form) or asked not in told:
            continue
        suspended = instruction.state is InstructionState.SUSPENDED
        chase_at = instruction.changed_at + chase_after
        waited = (now - instruction.changed_at).days
        items.append(
            WorkItem(
                due_at=chase_at,
                due_local=format_local(chase_at, customer.timezone),
                time_left=time_left(chase_at - now),
                status="awaiting the customer"
                if now < chase_at
                else f"awaiting the customer for {waited} days: chase it",
                reference=instruction.reference,
                rule="dpa.9: suspended, to confirm or change" if suspended else "dpa.9: to confirm in writing",
                owed_by="controller",
                owed_to="processor",
                customer=customer.name,
            )
        )
    return items
