"""The outbox's tables: each notice, each try to deliver it, and each message exactly as it left."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Index, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant
from breach.vocabulary import (
    AttemptOutcome,
    Language,
    NoticeKind,
    NoticeStatus,
)

# --- outbox --------------------------------------------------------------------------------------


class Notice(SQLModel, table=True):
    """A message owed to a customer (or to us, for internal alerts): the outbox row.

    ``notice_key`` is unique: a second confirmation or a flow re-run finds the row and sends nothing
    new; the key travels with the message so a receiver can drop a repeat after a crash.
    """

    __table_args__ = (Index("ix_notice_status_next", "status", "next_attempt_at"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    notice_key: str = Field(sa_column=Column(String(160), unique=True, nullable=False))
    incident_id: UUID | None = Field(default=None, foreign_key="incident.id", index=True)
    case_id: UUID | None = Field(default=None, foreign_key="controllercase.id", index=True)
    customer_id: UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    kind: NoticeKind = _enum(NoticeKind)
    phase: int = 1
    language: Language = _enum(Language)
    status: NoticeStatus = _enum(NoticeStatus)
    # The contact in use now (fallback moves it down the customer's ordered list).
    contact_id: UUID | None = Field(default=None, foreign_key="contact.id")
    attempts: int = 0
    possible_duplicate: bool = False
    # The claim that holds the notice while it is sending (``breach.notices.store.outbox``): a fresh token per claim,
    # so a sender whose lease ran out and was taken over cannot settle the notice as its own.
    claim_token: UUID | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Kind-specific content fixed when the notice was queued (an update's changes, a retraction's reason,
    # an alert's subject); what the incident and case say is read fresh when it is rendered.
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    created_at: datetime = _instant()
    next_attempt_at: datetime | None = _instant(nullable=True)
    sent_at: datetime | None = _instant(nullable=True)
    delivered_at: datetime | None = _instant(nullable=True)
    # Someone read it: the name typed on the acknowledgement page (or the CLI operator's), and when.
    acknowledged_at: datetime | None = _instant(nullable=True)
    acknowledged_by: str | None = Field(default=None, max_length=200)
    # When the customer, still unreached, became a person's task (flows.usecases.unreached: one aggregated alert).
    unreached_at: datetime | None = _instant(nullable=True)


class DeliveryAttempt(SQLModel, table=True):
    """One try to deliver a notice through one contact, with the channel's answer."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    notice_id: UUID = Field(foreign_key="notice.id", index=True)
    contact_id: UUID | None = Field(default=None, foreign_key="contact.id")
    # The contact in Apprise's privacy form: an attempt row never holds a secret.
    contact: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime = _instant()
    finished_at: datetime | None = _instant(nullable=True)
    outcome: AttemptOutcome = _enum(AttemptOutcome)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    possible_duplicate: bool = False


# --- what left, for the evidence pack ----------------------------------------------------------


class SentMessage(SQLModel, table=True):
    """A notice exactly as it left, for the evidence pack (GDPR Art. 5(2)): gzip of a JSON document with
    subject, text, HTML and attachments. ``sha256`` (of the uncompressed document) is also the audit
    event's content hash, so a pack proves what was sent; retention may clear ``content`` and keep it."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    notice_id: UUID = Field(foreign_key="notice.id", index=True)
    sent_at: datetime = _instant()
    contact: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64)
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    possible_duplicate: bool = False
