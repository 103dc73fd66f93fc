"""The append-only, hash-chained audit log and its head."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from breach.db.columns import instant_field as _instant

# --- the audit log -------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Append-only and chained: each event's MAC (``hash``) covers its content and its predecessor's MAC.

    ``data`` holds ids, statuses and hashes only; personal content is represented by ``content_hash``.
    ``key_id`` names the audit key of its HMAC-SHA-256 (``breach.records.audit_keys``); NULL for an event written
    before the chain was keyed, whose ``hash`` is a plain SHA-256.
    """

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant(index=True)
    event_type: str = Field(max_length=64, index=True)
    actor: str = Field(max_length=200)
    incident_id: UUID | None = Field(default=None, index=True)
    case_id: UUID | None = Field(default=None, index=True)
    subject_id: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str | None = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    key_id: str | None = Field(default=None, max_length=16)


class AuditHead(SQLModel, table=True):
    """The one-row head of the chain; locked while appending so concurrent writers stay in order."""

    id: int = Field(default=1, primary_key=True)
    last_seq: int = 0
    last_hash: str = Field(max_length=64)
