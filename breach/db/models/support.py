"""Support for the controllers: prior consultations (Art. 36) and support tasks with their time entries
(DPA clause 8(1)(e), 8(2))."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from breach.db.columns import EnumText
from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant
from breach.vocabulary import (
    BillableDecision,
    ConsultationStatus,
    SupportTaskKind,
    TaskStatus,
)

# --- support: prior consultations and support tasks (DPA clause 8(1)(e), 8(2)) ----------------------


class ConsultationRequest(SQLModel, table=True):
    """A customer's prior consultation of its authority (GDPR Art. 36) that we support (DPA 8(1)(e)).

    About *planned* processing with a residual high risk after a DPIA: a breach may prompt it
    (``incident_id``) but need not. Its clocks are ``Deadline`` rows with ``consultation_id``; what the
    authority did is in ``ConsultationEvent``. The texts are the customer's, for the pack (Art. 36(3)).
    """

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    reference: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    incident_id: UUID | None = Field(default=None, foreign_key="incident.id", index=True)
    title: str = Field(max_length=300)
    # Art. 36(3)(b)-(c), (e)-(f): the planned processing, its purposes and means, its safeguards, the DPIA,
    # joint controllers (Art. 36(3)(a)); empty means "to complete" in the pack.
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    purposes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    means: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    safeguards: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    joint_controllers: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    dpia_reference: str = Field(default="", max_length=200)
    # Our services the planned processing uses (codes); empty: all the customer's services.
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    authority: str = Field(max_length=16)
    status: ConsultationStatus = _enum(ConsultationStatus, index=True)
    opened_at: datetime = _instant()
    opened_by: str = Field(max_length=200)
    received_at: datetime | None = _instant(nullable=True)
    advised_at: datetime | None = _instant(nullable=True)
    updated_at: datetime = _instant()


class ConsultationEvent(SQLModel, table=True):
    """What the authority did about a consultation, as the customer told us (breach.deadlines.events, Art. 36 rows)."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    consultation_id: UUID = Field(foreign_key="consultationrequest.id", index=True)
    event: str = Field(max_length=48)
    occurred_at: datetime = _instant()
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SupportTask(SQLModel, table=True):
    """A piece of support we give a customer (DPA 8(1)(c)-(e)), with its effort and whether it is billable.

    ``proposed_billable`` comes from ``breach.support.rules`` (row ``billable_rule``); only the DPO's
    decision (confirmed or cleared, by whom, when, why) settles it. Effort is ``TaskTimeEntry`` rows,
    only ever added, so no time is overwritten.
    """

    __table_args__ = (Index("ix_supporttask_status_due", "status", "due_at"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    reference: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    incident_id: UUID | None = Field(default=None, foreign_key="incident.id", index=True)
    case_id: UUID | None = Field(default=None, foreign_key="controllercase.id", index=True)
    customer_id: UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    consultation_id: UUID | None = Field(default=None, foreign_key="consultationrequest.id", index=True)
    kind: SupportTaskKind = _enum(SupportTaskKind)
    title: str = Field(max_length=300)
    owner: str = Field(max_length=200)
    due_at: datetime | None = _instant(nullable=True)
    status: TaskStatus = _enum(TaskStatus)
    proposed_billable: bool = False
    billable_rule: str = Field(max_length=40)
    billable_decision: BillableDecision | None = Field(
        default=None, sa_column=Column(EnumText(BillableDecision), nullable=True)
    )
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = _instant(nullable=True)
    decision_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _instant()
    created_by: str = Field(max_length=200)
    updated_at: datetime = _instant()


class TaskTimeEntry(SQLModel, table=True):
    """Minutes someone spent on a support task, with a note; entries are added, never changed."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    task_id: UUID = Field(foreign_key="supporttask.id", index=True)
    who: str = Field(max_length=200)
    at: datetime = _instant()
    minutes: int
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
