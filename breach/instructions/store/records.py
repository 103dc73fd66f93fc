"""Writing and reading a customer's instructions (``breach.db.models.communications.Instruction``).

Every write is an audit event naming the actor (``instruction.recorded``, ``instruction.<state>``,
``instruction.concern``), with the reference and codes; the instruction's text is the event's ``content``, so
only its hash is in the log. A state moves only through ``breach.instructions.states.transition``. Functions
flush and never commit: the caller's unit of work keeps a refusal from leaving anything half-written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.db import repository
from breach.db.models.communications import Instruction
from breach.db.models.directory import Customer
from breach.errors import NotFound
from breach.instructions.states import Form, InstructionState, transition
from breach.records.store import audit

PREFIX: Final = "INS"


def next_reference(year: int, *, session: Session) -> str:
    """The next free ``INS-YYYY-NNNN``; the unique constraint settles a race."""
    return repository.next_number(Instruction.reference, f"{PREFIX}-{year}-", session=session)


def record(
    *,
    session: Session,
    customer: Customer,
    form: Form,
    received_at: datetime,
    given_by: str,
    summary: str,
    actor: str,
    now: datetime,
) -> Instruction:
    """A new instruction, ``received``; audited as ``instruction.recorded``."""
    row = repository.insert_numbered(
        lambda reference: Instruction(
            reference=reference,
            customer_id=customer.id,
            form=form,
            received_at=received_at,
            given_by=given_by,
            summary=summary,
            state=InstructionState.RECEIVED,
            recorded_at=now,
            recorded_by=actor,
            changed_at=now,
        ),
        lambda: next_reference(now.year, session=session),
        session=session,
    )
    audit.append(
        session=session,
        event_type="instruction.recorded",
        actor=actor,
        at=now,
        subject_id=row.id,
        data={
            "reference": row.reference,
            "customer": customer.name,
            "form": form.value,
            "received_at": received_at.isoformat(),
        },
        content=summary,
    )
    return row


def move(
    instruction: Instruction,
    target: InstructionState,
    *,
    session: Session,
    actor: str,
    now: datetime,
    amendment: str | None = None,
    note: dict[str, str] | None = None,
) -> Instruction:
    """Move ``instruction`` to ``target`` (``IllegalTransition`` when the table forbids it); audited as
    ``instruction.<target>``, an amendment's text as the event's content."""
    before = instruction.state
    instruction.state = transition(before, target)
    instruction.changed_at = now
    if target is InstructionState.CONFIRMED:
        instruction.confirmed_at = now
        instruction.confirmed_by = actor
    if amendment is not None:
        instruction.amendment = amendment
    session.add(instruction)
    session.flush()
    audit.append(
        session=session,
        event_type=f"instruction.{target.value}",
        actor=actor,
        at=now,
        subject_id=instruction.id,
        data={"reference": instruction.reference, "from": before.value, "to": target.value, **(note or {})},
        content=amendment,
    )
    return instruction


def note_concern(instruction: Instruction, reasons: str, *, session: Session, actor: str, now: datetime) -> None:
    """Keep our reasons (9(2)); audited as ``instruction.concern``, the reasons as the event's content."""
    instruction.concern = reasons
    instruction.changed_at = now
    session.add(instruction)
    session.flush()
    audit.append(
        session=session,
        event_type="instruction.concern",
        actor=actor,
        at=now,
        subject_id=instruction.id,
        data={"reference": instruction.reference, "state": instruction.state.value},
        content=reasons,
    )


def by_reference(reference: str, *, session: Session, customer_id: UUID | None = None) -> Instruction:
    """The instruction ``reference``; another customer's is "not found" when ``customer_id`` is given."""
    query = select(Instruction).where(Instruction.reference == reference.strip())
    if customer_id is not None:
        query = query.where(Instruction.customer_id == customer_id)
    found = session.exec(query).first()
    if found is None:
        raise NotFound("instruction", reference)
    return found


def listed(*, session: Session, customer_id: UUID | None = None) -> Sequence[tuple[Instruction, Customer]]:
    """Every instruction with its customer, newest first (one customer's only, when given)."""
    query = select(Instruction, Customer).join(Customer, col(Customer.id) == col(Instruction.customer_id))
    if customer_id is not None:
        query = query.where(Instruction.customer_id == customer_id)
    rows = session.exec(query.order_by(col(Instruction.received_at).desc(), col(Instruction.reference).desc())).all()
    return [(i, c) for i, c in rows]
