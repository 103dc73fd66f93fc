"""Who may use the HTTP API: API keys and the idempotency records of their requests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant

# --- API keys ------------------------------------------------------------------------------------


class ApiRole(StrEnum):
    """Who an API key speaks for (flows.web.api_keys): our security team, our DPO, one customer, or one of
    our sub-processors (issue 21: it reports its breaches to us, GDPR Art. 33(2), Art. 28(4))."""

    SECURITY = "security"
    DPO = "dpo"
    CUSTOMER = "customer"
    SUBPROCESSOR = "subprocessor"


class ApiKey(SQLModel, table=True):
    """A bearer key of the HTTP API, stored as a SHA-256 of the whole key (a random 32-byte token, so a
    plain hash is sound); ``prefix`` finds the row and names the key in the audit log. A customer key is
    bound to its customer, a sub-processor key to its sub-processor; ``holder`` is the named person or system
    that decides with it."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    prefix: str = Field(sa_column=Column(String(8), nullable=False, unique=True, index=True))
    key_hash: str = Field(max_length=64)
    role: ApiRole = _enum(ApiRole)
    customer_id: UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    subprocessor_id: UUID | None = Field(default=None, foreign_key="subprocessor.id", index=True)
    holder: str = Field(max_length=200)
    created_at: datetime = _instant()
    revoked_at: datetime | None = _instant(nullable=True)
    last_used_at: datetime | None = _instant(nullable=True)


class IdempotencyRecord(SQLModel, table=True):
    """``POST /incidents`` with an ``Idempotency-Key``: the incident it opened, per API key, so a retry
    answers the same incident instead of opening a second one; ``request_hash`` tells a retry from a
    different request reusing the key."""

    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    api_key_id: UUID = Field(foreign_key="apikey.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    incident_id: UUID = Field(foreign_key="incident.id", index=True)
    created_at: datetime = _instant()
