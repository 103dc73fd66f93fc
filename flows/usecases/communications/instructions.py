"""``breach instructions record | concern | answer``: a customer's instructions (DPA clause 9).

Clause 9(1): an oral instruction is confirmed in writing. Recording one asks the customer for that
confirmation at once (kind ``instruction_confirmation``, our clock ``dpa.9``) and tracks it until the customer
confirms, changes or withdraws it. Clause 9(2): when we believe an instruction infringes data-protection law,
we tell the customer immediately with our reasons (kind ``instruction_concern``) and may suspend it until the
customer confirms or changes it. The states move only through ``breach.instructions.states.transition``; every
move is audited (``breach.instructions.store.records``). The customer answers through the portal or the API
(or in writing, which our DPO records with the CLI): answering is also reading, so the instruction's notices
still unacknowledged are acknowledged by whoever answered, and their reminders stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlmodel import Session, col, select

from breach.communications.store import records as communications
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.communications import Communication, CommunicationRecipient, Instruction
from breach.db.models.directory import Customer
from breach.db.models.outbox import Notice
from breach.deadlines.status import format_local
from breach.errors import InvalidInput
from breach.instructions import states as rules
from breach.instructions.states import Form, InstructionState
from breach.instructions.store import records
from breach.vocabulary import NoticeKind
from flows.usecases.communications.addressing import tell
from notifications import ack

CLOCK: Final = "dpa.9"


def _details(instruction: Instruction, due_at: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "instruction": instruction.reference,
        "form": instruction.form.value,
        "received_at": instruction.received_at.isoformat(),
        "given_by": instruction.given_by,
        "summary": instruction.summary,
        "due_at": due_at.isoformat(),
        **extra,
    }


def _communication(
    instruction: Instruction,
    customer: Customer,
    kind: NoticeKind,
    *,
    session: Session,
    occurred_at: datetime,
    extra: Mapping[str, Any],
    actor: str,
    now: datetime,
) -> Communication:
    """One communication about ``instruction``, told to its customer now (its first full-detail contact)."""
    communication = communications.record(
        session=session,
        kind=kind,
        occurred_at=occurred_at,
        facts={"instruction": instruction.reference, "customer": customer.name, "form": instruction.form.value},
        actor=actor,
        now=now,
    )
    tell(
        communication,
        [customer],
        session=session,
        rule=CLOCK,
        hours=lambda c: c.sla_hours,
        details=lambda _c, due_at: _details(instruction, due_at, **extra),
        actor=actor,
        now=now,
    )
    return communication


def record_instruction(
    *,
    session: Session,
    customer: str,
    form: str,
    received_at: datetime,
    given_by: str,
    summary: str,
    actor: str,
    now: datetime,
) -> Instruction:
    """Record an instruction; an oral one's request for written confirmation is queued at once (9(1)).

    Every input is checked before anything is written, so a refusal leaves nothing behind.
    """
    how = rules.form(form)
    at = rules.received(received_at, now)
    text = rules.summary(summary)
    who = rules.given_by(given_by)
    target = repository.customer_by_name(customer, session=session)
    instruction = records.record(
        session=session,
        customer=target,
        form=how,
        received_at=at,
        given_by=who,
        summary=text,
        actor=actor,
        now=now,
    )
    if how is Form.ORAL:
        asked = _communication(
            instruction,
            target,
            NoticeKind.INSTRUCTION_CONFIRMATION,
            session=session,
            occurred_at=at,
            extra={},
            actor=actor,
            now=now,
        )
        instruction.request_id = asked.id
        session.add(instruction)
        session.flush()
    return instruction


def raise_concern(
    *, session: Session, reference: str, reasons: str, suspend: bool, actor: str, now: datetime
) -> Instruction:
    """Tell the customer we believe ``reference`` infringes data-protection law, with ``reasons`` (9(2)), and
    suspend it when ``suspend``. Once per instruction; not on one that is final."""
    why = rules.reasons(reasons)
    instruction = records.by_reference(reference, session=session)
    if rules.is_final(instruction.state):
        raise InvalidInput("instruction", reference, f"is {instruction.state.value}: record a new instruction")
    if instruction.concern_id is not None:
        raise InvalidInput("instruction", reference, "the customer was told our concern already")
    if suspend:
        records.move(instruction, InstructionState.SUSPENDED, session=session, actor=actor, now=now)
    records.note_concern(instruction, why, session=session, actor=actor, now=now)
    customer = repository.customers_by_id([instruction.customer_id], session=session)[instruction.customer_id]
    told = _communication(
        instruction,
        customer,
        NoticeKind.INSTRUCTION_CONCERN,
        session=session,
        occurred_at=now,
        extra={"reasons": why, "suspended": suspend},
        actor=actor,
        now=now,
    )
    instruction.concern_id = told.id
    session.add(instruction)
    session.flush()
    return instruction


def answer(
    *,
    session: Session,
    reference: str,
    state: str,
    by: str,
    via: ack.Via,
    now: datetime,
    amendment: str | None = None,
    customer_id: UUID | None = None,
    recorded_by: str | None = None,
) -> Instruction:
    """The customer confirms, amends or withdraws ``reference`` (9(1), 9(2)); ``customer_id``: only its own.

    ``by`` is the person who answered (the portal's or API key's holder, or whom the DPO names for a written
    answer, ``recorded_by``). An amendment's text is required for ``amended`` and refused otherwise.
    """
    target = rules.customer_move(state)
    changed = rules.amendment(amendment or "") if target is InstructionState.AMENDED else None
    if changed is None and amendment:
        raise InvalidInput("amendment", amendment, f"only with state {InstructionState.AMENDED.value}")
    instruction = records.by_reference(reference, session=session, customer_id=customer_id)
    note = {"via": via, **({"recorded_by": recorded_by} if recorded_by else {})}
    records.move(instruction, target, session=session, actor=ack.person(by), now=now, amendment=changed, note=note)
    for notice in _unread(instruction, session=session):
        ack.acknowledge(session=session, notice_key=notice.notice_key, by=by, via=via, now=now, recorded_by=recorded_by)
    return instruction


def _unread(instruction: Instruction, *, session: Session) -> list[Notice]:
    """The instruction's delivered notices nobody acknowledged yet."""
    ids = [i for i in (instruction.request_id, instruction.concern_id) if i is not None]
    if not ids:
        return []
    return list(
        session.exec(
            select(Notice)
            .join(CommunicationRecipient, col(CommunicationRecipient.notice_id) == col(Notice.id))
            .where(col(CommunicationRecipient.communication_id).in_(ids))
            .where(col(Notice.delivered_at).is_not(None))
            .where(col(Notice.acknowledged_at).is_(None))
        ).all()
    )


@dataclass(frozen=True, slots=True)
class InstructionRow:
    """One instruction as the lists show it (CLI, API, portal): no text of a data subject, ever."""

    reference: str
    customer: str
    form: str
    received_at: str  # the customer's wall clock
    given_by: str
    summary: str
    state: str
    awaiting_customer: bool  # an oral one not yet confirmed, or one we suspended (DPA clause 9)
    concern: str | None
    amendment: str | None
    confirmed_at: str | None
    confirmed_by: str | None
    asked: str | None  # the COM- reference that asked for its written confirmation (9(1))
    told: str | None  # the COM- reference that told our concern (9(2))


def instruction_rows(*, session: Session, customer_id: UUID | None = None) -> list[InstructionRow]:
    """Every instruction, newest first (one customer's only, when given)."""
    listed = records.listed(session=session, customer_id=customer_id)
    ids = [i for instruction, _ in listed for i in (instruction.request_id, instruction.concern_id) if i is not None]
    refs = {c.id: c.reference for c in session.exec(select(Communication).where(col(Communication.id).in_(ids))).all()}

    def local(at: datetime | None, tz: str) -> str | None:
        return format_local(at, tz) if at is not None else None

    return [
        InstructionRow(
            reference=instruction.reference,
            customer=customer.name,
            form=instruction.form.value,
            received_at=format_local(instruction.received_at, customer.timezone),
            given_by=instruction.given_by,
            summary=instruction.summary,
            state=instruction.state.value,
            awaiting_customer=rules.awaiting_customer(instruction.state, instruction.form),
            concern=instruction.concern,
            amendment=instruction.amendment,
            confirmed_at=format_local(instruction.confirmed_at, customer.timezone)
            if instruction.confirmed_at
            else None,
            confirmed_by=instruction.confirmed_by,
            asked=refs.get(instruction.request_id) if instruction.request_id else None,
            told=refs.get(instruction.concern_id) if instruction.concern_id else None,
        )
        for instruction, customer in listed
    ]


def history(reference: str, *, session: Session) -> list[tuple[str, str, str]]:
    """The instruction's audited moves, oldest first: (when in UTC, event, by whom)."""
    instruction = records.by_reference(reference, session=session)
    events = session.exec(
        select(AuditEvent).where(AuditEvent.subject_id == str(instruction.id)).order_by(col(AuditEvent.seq))
    ).all()
    return [(e.at.isoformat(timespec="minutes"), e.event_type, e.actor) for e in events]
