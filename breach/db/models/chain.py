"""The processing chain's tables (issue 21): our sub-processors (DPA clause 6), which of our services each
supports, and the breach notices they send us."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Date, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.chain.transfers import TransferMechanism
from breach.db.columns import EnumText
from breach.db.columns import instant_field as _instant


class Subprocessor(SQLModel, table=True):
    """A sub-processor we engaged (DPA clause 6(2): named to the customer on request; 6(4): outside the
    EU/EEA only on a Chapter V ground)."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    name: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    # ISO 3166-1 alpha-2 of where it processes our customers' data.
    country: str = Field(max_length=2)
    # The date of our agreement with it (DPA clause 6(2): an agreement in line with the DPA).
    agreement_date: date = Field(sa_column=Column(Date, nullable=False))
    transfer_mechanism: TransferMechanism | None = Field(
        default=None, sa_column=Column(EnumText(TransferMechanism), nullable=True)
    )
    transfer_reference: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # How to reach it about a breach: label and e-mail address each (its own staff, fictional in tests).
    contacts: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _instant()
    updated_at: datetime = _instant()


class SubprocessorService(SQLModel, table=True):
    """One of our services a sub-processor supports, with the names of its own services behind it: a
    notice naming one of those maps to this service of ours, and through it to our customers."""

    subprocessor_id: UUID = Field(foreign_key="subprocessor.id", primary_key=True)
    service_id: UUID = Field(foreign_key="service.id", primary_key=True, index=True)
    their_services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class SubprocessorNotice(SQLModel, table=True):
    """A breach notice a sub-processor sent us, and the incident it opened (GDPR Art. 33(2), Art. 28(4)).

    Unique by the sender's notice key: a repeat finds this row and is answered as the first was.
    ``received_at`` is our awareness candidate; a person confirms (EDPB Guidelines 9/2022).
    """

    __table_args__ = (UniqueConstraint("subprocessor_id", "notice_key"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    subprocessor_id: UUID = Field(foreign_key="subprocessor.id", index=True)
    notice_key: str = Field(max_length=200)
    # "breach-notice" (our own schema, any 1.x) or "minimal".
    form: str = Field(max_length=32)
    schema_version: str | None = Field(default=None, max_length=16)
    incident_id: UUID = Field(foreign_key="incident.id", index=True)
    received_at: datetime = _instant()
    # Who handed it in: an API key's prefix or the person at the CLI.
    received_by: str = Field(max_length=200)
    their_aware_at: datetime | None = _instant(nullable=True)
    their_services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The notice as received, kept whole: the evidence of this link of the chain.
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SubprocessorObjection(SQLModel, table=True):
    """A customer's objection to a change of our sub-processors (GDPR Art. 28(2)): one per change (a
    ``subprocessor_change`` communication) and customer, with its reasons, as the customer gave them."""

    __table_args__ = (UniqueConstraint("communication_id", "customer_id"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    communication_id: UUID = Field(foreign_key="communication.id", index=True)
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    # The customer's own words (no data subject's data is asked for): shown to our DPO and in the evidence pack.
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    # portal, api or staff (breach.chain.objections.Channel).
    channel: str = Field(max_length=16)
    recorded_at: datetime = _instant()
    # The key's holder and prefix, or our staff member who typed it in.
    recorded_by: str = Field(max_length=200)
