"""An incident and what follows from it per customer: the incident, its services, one case per affected
customer, the legal clocks, and what each customer reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.db.columns import enum_field as _enum
from breach.db.columns import instant_field as _instant
from breach.db.columns import json_field as _json
from breach.vocabulary import (
    IncidentStatus,
)

# --- incidents and cases -------------------------------------------------------------------------


class Incident(SQLModel, table=True):
    """A technical incident at the processor; confirmed, it fans out into one case per customer."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    reference: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    title: str = Field(max_length=300)
    description: str = Field(sa_column=Column(Text, nullable=False))
    status: IncidentStatus = _enum(IncidentStatus, index=True)
    occurred_at: datetime | None = _instant(nullable=True)
    detected_at: datetime = _instant()
    # Our awareness (EDPB 9/2022): set at confirmation; starts dpa.8.1b.
    aware_at: datetime | None = _instant(nullable=True)
    reported_at: datetime = _instant()
    reported_by: str = Field(max_length=200)
    dismissal_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The risk schema (breach.risk.assessment.BreachFacts) and the narrative, as JSON; reassigned, never mutated.
    facts: dict[str, Any] | None = _json()
    narrative: dict[str, Any] | None = _json()
    # A DPO's override of our recommendation for every case (risk, reason, who, when); never silent.
    risk_override: dict[str, Any] | None = _json()
    updated_at: datetime = _instant()


class IncidentService(SQLModel, table=True):
    incident_id: UUID = Field(foreign_key="incident.id", primary_key=True)
    service_id: UUID = Field(foreign_key="service.id", primary_key=True)


class ControllerCase(SQLModel, table=True):
    """One incident as seen by one customer: its own clock, language, authority and facts."""

    __table_args__ = (UniqueConstraint("incident_id", "customer_id"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    incident_id: UUID = Field(foreign_key="incident.id", index=True)
    customer_id: UUID = Field(foreign_key="customer.id", index=True)
    # The customer's awareness: delivery of our notice, unless it learned earlier (LAW.md "Awareness").
    aware_at: datetime | None = _instant(nullable=True)
    acknowledged_at: datetime | None = _instant(nullable=True)
    acknowledged_by: str | None = Field(default=None, max_length=200)
    data_subjects: int = 0
    assessment: dict[str, Any] | None = _json()
    override: dict[str, Any] | None = _json()
    created_at: datetime = _instant()


# --- the legal clock -----------------------------------------------------------------------------


class Deadline(SQLModel, table=True):
    """A legal or contractual clock (breach.deadlines.due rule) of a case, of the incident itself, or of a prior
    consultation (``consultation_id``; then ``incident_id`` is empty: a consultation need not follow a
    breach, and its clocks run whatever becomes of an incident that prompted it).

    ``key`` is unique per clock (scope, rule, sequence) so recording a start event twice creates one row.
    """

    __table_args__ = (Index("ix_deadline_open_due", "met_at", "due_at"),)

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    key: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    rule: str = Field(max_length=40)
    incident_id: UUID | None = Field(default=None, foreign_key="incident.id", index=True)
    case_id: UUID | None = Field(default=None, foreign_key="controllercase.id", index=True)
    consultation_id: UUID | None = Field(default=None, foreign_key="consultationrequest.id", index=True)
    start_at: datetime = _instant()
    due_at: datetime = _instant(index=True)
    met_at: datetime | None = _instant(nullable=True)
    # Why a deadline was missed (GDPR Art. 33(1): a late notification states its reasons).
    late_reasons: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _instant()


# --- what each customer reports ------------------------------------------------------------------


class CaseReport(SQLModel, table=True):
    """An event of a case as its customer reported it, or of the incident itself (``case_id`` empty).

    The customer's own record (breach.deadlines.events): it notified its authority (with the authority's reference and,
    late, the reasons for the delay), informed its data subjects or decided not to and why. ``details`` keep
    what it told us, text included: the register export (Art. 33(5)) reads them; the audit log holds only
    their hash.
    """

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    incident_id: UUID = Field(foreign_key="incident.id", index=True)
    case_id: UUID | None = Field(default=None, foreign_key="controllercase.id", index=True)
    event: str = Field(max_length=48)
    occurred_at: datetime = _instant()
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
