"""The communications' tables: a non-breach message we owe our customers under the DPA, and each customer
it went to, with our own clock for telling it.

A ``Communication`` is one event on our side (a data subject's request forwarded, DPA clause 4(1); our DPO
changed, 5(a); an inspection or measure by an authority, 5(e)); its notices are ordinary outbox rows
(``breach.db.models.outbox.Notice``, named by the communication's reference in their key), so delivery,
retries, acknowledgements and sent messages are the breach notices' own. ``content`` holds what may be
personal data (a data subject's request as received): retention clears it and keeps its hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant
from breach.instructions.states import Form, InstructionState
from breach.vocabulary import NoticeKind


class Communication(SQLModel, table=True):
    """One thing we must tell customers "immediately" under the DPA, as recorded: its kind, its facts, its text."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    # COM-YYYY-NNNN: stands where an incident's reference does in notices, lists and evidence packs.
    reference: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    kind: NoticeKind = _enum(NoticeKind)
    # When it happened on our side (a request received, the DPO's change effective, the inspection announced).
    occurred_at: datetime = _instant()
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
    # What every recipient is told, without personal data (a request's kind, the new DPO's contact, the
    # authority and what we may disclose).
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    # A data subject's request as we received it (personal data): cleared by retention, hash kept.
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    content_sha256: str | None = Field(default=None, max_length=64)
    purged_at: datetime | None = _instant(nullable=True)


class CommunicationRecipient(SQLModel, table=True):
    """One customer a communication goes to: its notice and our clock for telling it (``due_at``, met at the
    notice's first delivery)."""

    __table_args__ = (UniqueConstraint("communication_id", "customer_id"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    communication_id: UUID = Field(foreign_key="communication.id", index=True)
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    notice_id: UUID = Field(foreign_key="notice.id")
    # The rule of breach.deadlines.rules that sets ``due_at`` (dpa.4.1, dpa.5); our clock, not the customer's.
    rule: str = Field(max_length=32)
    due_at: datetime = _instant()
    # The support task opened for it (DPA clause 5(e)-(f)), if any.
    task_id: UUID | None = Field(default=None, foreign_key="supporttask.id")
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Instruction(SQLModel, table=True):
    """A customer's instruction (DPA clause 9): an oral one to be confirmed in writing (9(1)), one we believe
    infringes data-protection law told with our reasons and possibly suspended (9(2)). Its state moves by
    ``breach.instructions.states.transition`` only; every move is an ``instruction.*`` audit event."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    # INS-YYYY-NNNN
    reference: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    form: Form = _enum(Form)
    received_at: datetime = _instant()
    # Who at the customer gave it (a business contact), as they introduced themselves.
    given_by: str = Field(default="", max_length=200)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    state: InstructionState = _enum(InstructionState)
    # Our reasons to believe it infringes data-protection law (9(2)), as the customer was told them.
    concern: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The customer's changed instruction, when it amended this one.
    amendment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
    changed_at: datetime = _instant()
    confirmed_at: datetime | None = _instant(nullable=True)
    confirmed_by: str | None = Field(default=None, max_length=200)
    # The communication asking for its written confirmation (9(1)) and the one telling our concern (9(2)).
    request_id: UUID | None = Field(default=None, foreign_key="communication.id")
    concern_id: UUID | None = Field(default=None, foreign_key="communication.id")
