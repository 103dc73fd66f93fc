"""The typed context every notice template receives, built by pure functions.

Templates see only these fields (``StrictUndefined`` turns a missing one into an error). Times are
pre-formatted in the customer's time zone with the offset, so a template cannot show an instant in the
wrong zone. Facts are aggregates about the breach; no data subject's personal data is ever in a notice
context.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from breach.authorities import AUTHORITIES
from breach.deadline_status import format_local
from breach.deadlines import due
from breach.models import ControllerCase, Customer, Incident, Notice
from breach.narrative import Narrative
from breach.vocabulary import CustomerRole, DetailLevel


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_View):
    name: str
    email: str
    phone: str = ""


class Sender(_View):
    """Who we are: from settings, never from the DPA text."""

    processor_name: str
    dpo: Person
    security_lead: Person
    public_url: str


class DeadlineLine(_View):
    rule: str
    due: str  # in the customer's zone, with its offset
    due_utc: str  # ISO 8601, for machines
    hours: int | None = None


class ServiceLine(_View):
    name: str
    data_subjects: int
    data_kinds: tuple[str, ...] = ()
    subject_kinds: tuple[str, ...] = ()


class NarrativeView(_View):
    nature: str | None = None
    likely_consequences: str | None = None
    measures_taken: str | None = None
    measures_proposed: str | None = None
    contact_point: str | None = None
    ongoing: bool | None = None


class FactsView(_View):
    """``breach.risk.BreachFacts`` as the template needs it: codes (labelled per language) and numbers."""

    breach_types: tuple[str, ...]
    data_categories: tuple[str, ...]
    data_subjects: int
    data_subjects_max: int | None = None
    records: int | None = None
    identifiability: str
    vulnerable_subjects: bool
    unintelligible: bool
    malicious: bool | None
    exfiltration: str
    recipients: str
    availability: str
    integrity_recoverable: bool | None
    data_retrieved: bool


class ReasonView(_View):
    code: str
    source: str
    params: dict[str, str | int | float | bool]


class AssessmentView(_View):
    risk: str
    severity: str
    severity_score: float
    notify_authority: bool
    notify_data_subjects: bool
    data_subject_channel: str | None
    exemption: str | None
    reasons: tuple[ReasonView, ...]
    ruleset_version: str
    overridden: bool = False


class NoticeContext(_View):
    kind: str
    language: Literal["nl", "fr", "de", "en"]
    notice_key: str
    phase: int
    detail: Literal["full", "minimal"]
    possible_duplicate: bool
    sender: Sender
    customer_name: str
    customer_role: Literal["controller", "processor"]
    customer_timezone: str
    lead_authority: str  # the authority's name
    other_authorities: tuple[str, ...]
    financial_entity: bool
    telecom_provider: bool
    reference: str
    title: str
    occurred_at: str | None
    detected_at: str
    aware_at: str | None  # our (the processor's) awareness
    sent_at: str
    services: tuple[ServiceLine, ...]
    narrative: NarrativeView
    not_yet_known: tuple[str, ...]
    facts: FactsView | None
    assessment: AssessmentView | None
    # gdpr.33.1 counted from this notice's delivery: only for customers that are controllers.
    controller_deadline: DeadlineLine | None
    # Our own contractual clock (dpa.8.1b), shown so the customer sees whether we kept it.
    sla_deadline: DeadlineLine | None
    ack_url: str | None
    portal_url: str | None


def _local(value: datetime | None, tz: str) -> str | None:
    return format_local(value, tz) if value is not None else None


def facts_view(facts: dict[str, Any] | None, data_subjects: int) -> FactsView | None:
    """The stored facts with this customer's own number of data subjects (LAW.md section 1, fan-out)."""
    if not facts:
        return None
    return FactsView(
        breach_types=tuple(sorted(facts["breach_types"])),
        data_categories=tuple(sorted(facts["data_categories"])),
        data_subjects=data_subjects or int(facts["data_subjects"]),
        data_subjects_max=facts.get("data_subjects_max"),
        records=facts.get("records"),
        identifiability=str(facts.get("identifiability", "maximum")),
        vulnerable_subjects=bool(facts.get("vulnerable_subjects", False)),
        unintelligible=bool(facts.get("unintelligible", False)),
        malicious=facts.get("malicious"),
        exfiltration=str(facts.get("exfiltration", "cannot_rule_out")),
        recipients=str(facts.get("recipients", "unknown")),
        availability=str(facts.get("availability", "unaffected")),
        integrity_recoverable=facts.get("integrity_recoverable"),
        data_retrieved=bool(facts.get("data_retrieved", False)),
    )


def assessment_view(assessment: dict[str, Any] | None, override: dict[str, Any] | None) -> AssessmentView | None:
    if not assessment:
        return None
    view = AssessmentView(
        risk=str(assessment["risk"]),
        severity=str(assessment["severity"]),
        severity_score=float(assessment["severity_score"]),
        notify_authority=bool(assessment["notify_authority"]),
        notify_data_subjects=bool(assessment["notify_data_subjects"]),
        data_subject_channel=assessment.get("data_subject_channel"),
        exemption=assessment.get("exemption"),
        reasons=tuple(ReasonView.model_validate(r) for r in assessment.get("reasons", ())),
        ruleset_version=str(assessment["ruleset_version"]),
    )
    if override:
        view = view.model_copy(update={"risk": str(override["risk"]), "overridden": True})
    return view


def notice_context(
    *,
    notice: Notice,
    incident: Incident,
    customer: Customer,
    case: ControllerCase | None,
    services: Sequence[ServiceLine],
    detail: DetailLevel,
    sender: Sender,
    now: datetime,
    ack_url: str | None = None,
) -> NoticeContext:
    """Everything one notice says, as of ``now`` (the moment it is rendered for sending)."""
    tz = customer.timezone
    narrative = Narrative.model_validate(incident.narrative or {})
    controller_deadline = None
    if customer.role is CustomerRole.CONTROLLER:
        # The customer becomes aware when this notice is delivered (LAW.md "Awareness"), so its 72 hours
        # run from about now; the case records the exact delivery time.
        start = case.aware_at if case is not None and case.aware_at is not None else now
        deadline = due("gdpr.33.1", start, tz=tz)
        controller_deadline = DeadlineLine(
            rule="gdpr.33.1", due=format_local(deadline, tz), due_utc=deadline.in_timezone("UTC").isoformat(), hours=72
        )
    sla_deadline = None
    if incident.aware_at is not None:
        sla = due("dpa.8.1b", incident.aware_at, tz=tz, sla_hours=customer.sla_hours)
        sla_deadline = DeadlineLine(
            rule="dpa.8.1b",
            due=format_local(sla, tz),
            due_utc=sla.in_timezone("UTC").isoformat(),
            hours=customer.sla_hours,
        )
    return NoticeContext(
        kind=notice.kind.value,
        language=notice.language.value,
        notice_key=notice.notice_key,
        phase=notice.phase,
        detail=detail.value,
        possible_duplicate=notice.possible_duplicate,
        sender=sender,
        customer_name=customer.name,
        customer_role=customer.role.value,
        customer_timezone=tz,
        lead_authority=AUTHORITIES[customer.lead_authority].name,
        other_authorities=tuple(AUTHORITIES[a].name for a in customer.other_authorities),
        financial_entity=customer.financial_entity,
        telecom_provider=customer.telecom_provider,
        reference=incident.reference,
        title=incident.title,
        occurred_at=_local(incident.occurred_at, tz),
        detected_at=format_local(incident.detected_at, tz),
        aware_at=_local(incident.aware_at, tz),
        sent_at=format_local(now, tz),
        services=tuple(services),
        narrative=NarrativeView(
            nature=narrative.nature,
            likely_consequences=narrative.likely_consequences,
            measures_taken=narrative.measures_taken,
            measures_proposed=narrative.measures_proposed,
            contact_point=narrative.contact_point,
            ongoing=narrative.ongoing,
        ),
        not_yet_known=tuple(sorted(narrative.not_yet_known)),
        facts=facts_view(incident.facts, case.data_subjects if case is not None else 0),
        assessment=assessment_view(
            case.assessment if case is not None else None, case.override if case is not None else None
        ),
        controller_deadline=controller_deadline,
        sla_deadline=sla_deadline,
        ack_url=ack_url,
        portal_url=None,
    )
