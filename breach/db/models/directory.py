"""The directory's tables: our services, the customers (controllers or processors), their contacts, and
which services each customer uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.db.columns import EnumText
from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant
from breach.db.columns import json_field as _json
from breach.directory.authorities.model import Body
from breach.vocabulary import (
    CustomerRole,
    DetailLevel,
    Language,
)

# --- directory -----------------------------------------------------------------------------------


class Service(SQLModel, table=True):
    """One of our products or systems; an incident affects services, services reach customers."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    code: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    # The English name and description; ``names`` and ``descriptions`` hold the other languages' (Language
    # values as keys: {"nl": "...", "fr": "..."}); ``breach.directory.names`` picks a reader's.
    name: str = Field(max_length=200)
    names: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    descriptions: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CustomerBase(SQLModel):
    name: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    role: CustomerRole = _enum(CustomerRole)
    language: Language = _enum(Language)
    timezone: str = Field(max_length=64)
    lead_authority: str = Field(max_length=16)
    # Other authorities concerned (Art. 56(2)); ids from breach.directory.authorities.
    other_authorities: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # What kind of body it is, for which authority may supervise it (breach.directory.authorities.fit);
    # "private" for every customer imported before the column existed.
    body: Body = Field(
        default=Body.PRIVATE,
        sa_column=Column(EnumText(Body), nullable=False, server_default=Body.PRIVATE.value),
    )
    # DORA Art. 19: a financial entity has its own incident-reporting clocks we help it keep.
    financial_entity: bool = False
    # Regulation 611/2013: a telecom provider notifies its authority within 24 hours.
    telecom_provider: bool = False
    # NIS2 Art. 23(1) / DORA Art. 30(2)(f): wants notices of security incidents without personal data.
    security_notices: bool = False
    # DPA 8(1)(b): "immediately"; the contract SLA is the ceiling that escalates (LAW.md dpa.8.1b).
    sla_hours: int = Field(default=24, sa_column=Column(Integer, nullable=False, default=24))
    account_manager: str = Field(default="", max_length=200)
    # The customer's own escalation chain (breach.notices.escalation, durations as text); None: DEFAULT_CHAIN.
    escalation: list[dict[str, Any]] | None = _json()
    # DPA 8(2): the support its service description includes (SupportTaskKind values): never billed.
    included_support: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Customer(CustomerBase, table=True):
    id: UUID = Field(default_factory=uuid4, primary_key=True)
    # How to reach the account manager (an Apprise URL: it may hold a secret, never log it raw); None: the
    # manager is only named in our DPO's alerts. Kept off CustomerBase so no read model carries it.
    account_manager_contact: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _instant()


class Contact(SQLModel, table=True):
    """An ordered way to reach a customer: an Apprise URL (it may hold a secret: never log it raw)."""

    __table_args__ = (UniqueConstraint("customer_id", "position"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    position: int
    url: str = Field(sa_column=Column(Text, nullable=False))
    # Apprise's privacy form of the URL, safe to show and log.
    display: str = Field(sa_column=Column(Text, nullable=False))
    detail: DetailLevel = _enum(DetailLevel)
    label: str = Field(default="", max_length=200)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class CustomerService(SQLModel, table=True):
    """A customer's use of a service, with the approximate number of its data subjects there."""

    customer_id: UUID = Field(foreign_key="customer.id", primary_key=True)
    service_id: UUID = Field(foreign_key="service.id", primary_key=True, index=True)
    data_subjects: int = 0
    # DPA clause 2 vocabulary (breach.vocabulary.DATA_KINDS / SUBJECT_KINDS).
    data_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
