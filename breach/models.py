"""The persistent model: SQLModel tables, one family per entity (DESIGN.md habit 4).

Ids are UUIDs minted in Python. Instants use ``UTCDateTime`` and enums ``EnumText`` (see
``breach.columns`` for why). JSON columns are not change-tracked: code reassigns them, never mutates.
The audit log holds ids, types, actors and hashes, never personal data, so retention never touches it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Column, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from breach.columns import EnumText, UTCDateTime
from breach.vocabulary import (
    AttemptOutcome,
    BillableDecision,
    ConsultationStatus,
    CustomerRole,
    DetailLevel,
    IncidentStatus,
    Language,
    NoticeKind,
    NoticeStatus,
    SupportTaskKind,
    TaskStatus,
)


def _instant(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _enum(enum: type[Any], *, index: bool = False) -> Any:
    return Field(sa_column=Column(EnumText(enum), nullable=False, index=index))


def _json(*, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


# --- directory -----------------------------------------------------------------------------------


class Service(SQLModel, table=True):
    """One of our products or systems; an incident affects services, services reach customers."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    code: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    name: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class CustomerBase(SQLModel):
    name: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    role: CustomerRole = _enum(CustomerRole)
    language: Language = _enum(Language)
    timezone: str = Field(max_length=64)
    lead_authority: str = Field(max_length=16)
    # Other authorities concerned (Art. 56(2)); ids from breach.authorities.
    other_authorities: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # DORA Art. 19: a financial entity has its own incident-reporting clocks we help it keep.
    financial_entity: bool = False
    # Regulation 611/2013: a telecom provider notifies its authority within 24 hours.
    telecom_provider: bool = False
    # NIS2 Art. 23(1) / DORA Art. 30(2)(f): wants notices of security incidents without personal data.
    security_notices: bool = False
    # DPA 8(1)(b): "immediately"; the contract SLA is the ceiling that escalates (LAW.md dpa.8.1b).
    sla_hours: int = Field(default=24, sa_column=Column(Integer, nullable=False, default=24))
    account_manager: str = Field(default="", max_length=200)
    # The customer's own escalation chain (breach.escalation, durations as text); None: DEFAULT_CHAIN.
    escalation: list[dict[str, Any]] | None = _json()
    # DPA 8(2): the support its service description includes (SupportTaskKind values): never billed.
    included_support: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Customer(CustomerBase, table=True):
    id: UUID = Field(default_factory=uuid4, primary_key=True)
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
    # The risk schema (breach.risk.BreachFacts) and the narrative, as JSON; reassigned, never mutated.
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


# --- the legal clock -----------------------------------------------------------------------------


class Deadline(SQLModel, table=True):
    """A legal or contractual clock (breach.deadlines rule) of a case, of the incident itself, or of a prior
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


# --- the audit log -------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Append-only and hash-chained: each event's hash covers its content and its predecessor's hash.

    ``data`` holds ids, statuses and hashes only; personal content is represented by ``content_hash``.
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


class AuditHead(SQLModel, table=True):
    """The one-row head of the chain; locked while appending so concurrent writers stay in order."""

    id: int = Field(default=1, primary_key=True)
    last_seq: int = 0
    last_hash: str = Field(max_length=64)


# --- what each customer reports ------------------------------------------------------------------


class CaseReport(SQLModel, table=True):
    """An event of a case as its customer reported it, or of the incident itself (``case_id`` empty).

    The customer's own record (breach.events): it notified its authority (with the authority's reference and,
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


# --- API keys ------------------------------------------------------------------------------------


class ApiRole(StrEnum):
    """Who an API key speaks for (flows.api_keys): our security team, our DPO, or one customer."""

    SECURITY = "security"
    DPO = "dpo"
    CUSTOMER = "customer"


class ApiKey(SQLModel, table=True):
    """A bearer key of the HTTP API, stored as a SHA-256 of the whole key (a random 32-byte token, so a
    plain hash is sound); ``prefix`` finds the row and names the key in the audit log. A customer key is
    bound to its customer; ``holder`` is the named person or system that decides with it."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    prefix: str = Field(sa_column=Column(String(8), nullable=False, unique=True, index=True))
    key_hash: str = Field(max_length=64)
    role: ApiRole = _enum(ApiRole)
    customer_id: UUID | None = Field(default=None, foreign_key="customer.id", index=True)
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
    """What the authority did about a consultation, as the customer told us (breach.events, Art. 36 rows)."""

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    consultation_id: UUID = Field(foreign_key="consultationrequest.id", index=True)
    event: str = Field(max_length=48)
    occurred_at: datetime = _instant()
    recorded_at: datetime = _instant()
    recorded_by: str = Field(max_length=200)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SupportTask(SQLModel, table=True):
    """A piece of support we give a customer (DPA 8(1)(c)-(e)), with its effort and whether it is billable.

    ``proposed_billable`` comes from ``breach.support_rules`` (row ``billable_rule``); only the DPO's
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
