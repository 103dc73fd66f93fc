"""The typed context of a notice, built by pure functions from the rows it is about.

``notice_context`` builds the context of every message to a customer, as its kind's model
(``notifications.context.kinds.CONTEXTS``; ``contact_check_context`` that of a contact check),
``alert_context`` the ``AlertContext`` of an alert to our own DPO and security lead. The parts are in
``notifications.context.models``, the base of every customer notice in ``notifications.context.notice``,
each kind's model and the builder of its own fields in ``notifications.context.kinds``; all are
re-exported here, so callers import one module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from breach.db.models.directory import Customer
from breach.db.models.incidents import ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.deadlines.due import due
from breach.deadlines.rules import RULES
from breach.deadlines.status import format_local
from breach.directory.authorities import AUTHORITIES
from breach.directory.authorities.naming import shown_name
from breach.dora import DoraRecord
from breach.errors import Contradiction
from breach.incidents.languages import Reading, reading
from breach.incidents.narrative import Narrative
from breach.risk.data_kinds import categories_of
from breach.risk.measures import in_catalogue_order
from breach.vocabulary import CustomerRole, DetailLevel, Language
from notifications.context.dora import dora_lines
from notifications.context.kinds import CONTEXTS
from notifications.context.kinds.all_clear import Retraction
from notifications.context.kinds.closing import Closing, ReportLine
from notifications.context.kinds.contact_check import ContactCheckContext
from notifications.context.kinds.destruction import Destruction, RemovedLine
from notifications.context.kinds.security_incident import SecurityIncident
from notifications.context.kinds.update import Change, ChangeValue
from notifications.context.models import (
    ALERTS,
    AlertContext,
    AssessmentView,
    DeadlineLine,
    FactsView,
    NarrativeView,
    Person,
    ReasonView,
    Sender,
    ServiceLine,
)
from notifications.context.notice import NoticeContext, utc_iso

__all__ = [
    "ALERTS",
    "CONTEXTS",
    "AlertContext",
    "AssessmentView",
    "Change",
    "ChangeValue",
    "Closing",
    "ContactCheckContext",
    "DeadlineLine",
    "Destruction",
    "FactsView",
    "NarrativeView",
    "NoticeContext",
    "Person",
    "ReasonView",
    "RemovedLine",
    "ReportLine",
    "Retraction",
    "SecurityIncident",
    "Sender",
    "ServiceLine",
    "alert_context",
    "assessment_view",
    "contact_check_context",
    "facts_view",
    "narrative_view",
    "notice_context",
]


def narrative_view(narrative: Narrative, seen: Reading | None = None) -> NarrativeView:
    """What a notice or a pack shows of the narrative (``not_yet_known`` travels beside it): the texts of
    ``seen`` (``breach.incidents.languages.reading``, the reader's language), else as first written."""
    texts = seen or reading(narrative, narrative.written_in, title="")
    return NarrativeView(
        nature=texts["nature"],
        likely_consequences=texts["likely_consequences"],
        measures_taken=texts["measures_taken"],
        measures_proposed=texts["measures_proposed"],
        contact_point=texts["contact_point"],
        ongoing=narrative.ongoing,
        failed_measures=in_catalogue_order(list(narrative.failed_measures)),
    )


def _for_reader(details: Mapping[str, Any], seen: Reading) -> Mapping[str, Any]:
    """Stored details with a text change kept only in the language its reader is shown that text in
    (``breach.incidents.diffing`` stores one per language); a change stored without one is for every reader."""
    stored = details.get("changes")
    if not isinstance(stored, list):
        return details
    shown = {f"narrative.{item}": language for item, language in seen.shown_in.items()}
    kept = [
        c
        for c in stored
        if not isinstance(c, Mapping) or c.get("language") is None or c.get("language") == shown.get(str(c.get("path")))
    ]
    return {**details, "changes": [{k: v for k, v in c.items() if k != "language"} for c in kept]}


def _local(value: datetime | None, tz: str) -> str | None:
    return format_local(value, tz) if value is not None else None


def _utc(value: datetime | None) -> str | None:
    return utc_iso(value) if value is not None else None


def facts_view(facts: dict[str, Any] | None, data_subjects: int, data_kinds: Iterable[str] = ()) -> FactsView | None:
    """The stored facts with this customer's own number of data subjects (LAW.md section 1, fan-out) and, beside
    the incident's data categories, those of the data kinds it keeps on the affected services
    (``breach.risk.data_kinds``): its notice must not omit data its own service records list."""
    if not facts:
        return None
    return FactsView(
        breach_types=tuple(sorted(facts["breach_types"])),
        data_categories=tuple(sorted(set(facts["data_categories"]) | categories_of(data_kinds))),
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
    details: Mapping[str, Any] | None = None,
    dora: DoraRecord | None = None,
) -> NoticeContext:
    """Everything one notice says, as of ``now`` (the moment it is rendered for sending).

    ``details``: the kind-specific content stored with the notice when it was queued; ``None`` reads
    ``notice.details``. ``dora``: what the database holds for a financial-entity customer's DORA
    information (``breach.dora.store``); the notice of a financial entity carries it, None reading as empty.
    """
    tz = customer.timezone
    stored = details if details is not None else (notice.details or {})
    model = CONTEXTS[notice.kind]
    narrative = Narrative.stored(incident.narrative)
    seen = reading(narrative, Language(notice.language), title=incident.title)
    controller_deadline = None
    if customer.role is CustomerRole.CONTROLLER:
        # The customer becomes aware when this notice is delivered (LAW.md "Awareness"), so its 72 hours
        # run from about now; the case records the exact delivery time.
        start = case.aware_at if case is not None and case.aware_at is not None else now
        deadline = due("gdpr.33.1", start, tz=tz)
        controller_deadline = DeadlineLine(
            rule="gdpr.33.1",
            due=format_local(deadline, tz),
            due_utc=deadline.in_timezone("UTC").isoformat(),
            hours=RULES["gdpr.33.1"].amount,
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
    return model(
        **_addressing(notice, customer, detail, sender),
        reference=incident.reference,
        title=seen["title"] or incident.title,
        occurred_at=_local(incident.occurred_at, tz),
        detected_at=format_local(incident.detected_at, tz),
        aware_at=_local(incident.aware_at, tz),
        sent_at=format_local(now, tz),
        occurred_at_utc=_utc(incident.occurred_at),
        detected_at_utc=utc_iso(incident.detected_at),
        aware_at_utc=_utc(incident.aware_at),
        sent_at_utc=utc_iso(now),
        services=tuple(services),
        narrative=narrative_view(narrative, seen),
        translation_follows=seen.awaiting,
        translation_from=seen.fallback.value if seen.fallback is not None else None,
        not_yet_known=tuple(sorted(narrative.not_yet_known)),
        facts=facts_view(
            incident.facts,
            case.data_subjects if case is not None else 0,
            data_kinds=[kind for line in services for kind in line.data_kinds],
        ),
        assessment=assessment_view(
            case.assessment if case is not None else None, case.override if case is not None else None
        ),
        controller_deadline=controller_deadline,
        sla_deadline=sla_deadline,
        ack_url=ack_url,
        portal_url=None,
        dora=dora_lines(incident, case, services, dora or DoraRecord(), tz) if customer.financial_entity else (),
        **model.from_details(_for_reader(stored, seen), tz),
    )


def _addressing(notice: Notice, customer: Customer, detail: DetailLevel, sender: Sender) -> dict[str, Any]:
    """Who sends what to whom: the fields every customer notice shares, whatever its kind."""
    lead = AUTHORITIES[customer.lead_authority]
    return {
        "kind": notice.kind,
        "language": notice.language.value,
        "country": AUTHORITIES[customer.lead_authority].country,
        "notice_key": notice.notice_key,
        "phase": notice.phase,
        "detail": detail.value,
        "possible_duplicate": notice.possible_duplicate,
        "sender": sender,
        "customer_name": customer.name,
        "customer_role": customer.role.value,
        "customer_timezone": customer.timezone,
        # In the reader's language where the authority has a name in it, saying whose it is where the name
        # does not ("Datenschutzbehörde (Belgien)" for Eupen, "... (APD, Belgique)" for Lyon).
        "lead_authority": shown_name(lead, notice.language.value, lead.country),
        "lead_authority_inline": shown_name(lead, notice.language.value, lead.country, inline=True),
        "lead_authority_id": customer.lead_authority,
        "other_authorities": tuple(
            shown_name(AUTHORITIES[a], notice.language.value, lead.country) for a in customer.other_authorities
        ),
        "other_authority_ids": tuple(customer.other_authorities),
        "financial_entity": customer.financial_entity,
        "telecom_provider": customer.telecom_provider,
    }


def contact_check_context(
    *,
    notice: Notice,
    customer: Customer,
    detail: DetailLevel,
    sender: Sender,
    now: datetime,
    ack_url: str | None,
) -> NoticeContext:
    """A notice about no incident (a contact check, a communication of ``breach.communications``), as its
    kind's model: no facts; its check id or COM- reference stands in for an incident's reference."""
    tz = customer.timezone
    stored = notice.details or {}
    model = CONTEXTS[notice.kind]
    check_id = str(stored.get("reference") or stored.get("check_id") or notice.notice_key.split(".", 1)[0])
    return model(
        **_addressing(notice, customer, detail, sender),
        reference=check_id,
        title="",
        occurred_at=None,
        detected_at=format_local(now, tz),
        aware_at=None,
        sent_at=format_local(now, tz),
        occurred_at_utc=None,
        detected_at_utc=utc_iso(now),
        aware_at_utc=None,
        sent_at_utc=utc_iso(now),
        services=(),
        narrative=NarrativeView(),
        not_yet_known=(),
        facts=None,
        assessment=None,
        controller_deadline=None,
        sla_deadline=None,
        ack_url=ack_url,
        portal_url=None,
        **model.from_details(stored, tz),
    )


def alert_context(
    *,
    notice_key: str,
    language: str,
    alert: str,
    reference: str,
    sender: Sender,
    now: datetime,
    tz: str,
    details: Mapping[str, Any],
    possible_duplicate: bool = False,
) -> AlertContext:
    """An alert to our DPO and security lead, as of ``now``, with its times shown in ``tz`` (ours).

    ``details`` as ``breach.notices.queue.queue_internal`` stores them: every key is optional ("customer",
    "rule", "due_at" (ISO 8601), "reason", "notice_key", "before", "after", "count"); an "alert" key, if
    present, must agree with ``alert``.
    """
    stored = details.get("alert")
    if stored is not None and stored != alert:
        raise Contradiction("alert", alert, f"the notice's stored details say {stored!r}")
    due_at = details.get("due_at")
    instant = datetime.fromisoformat(str(due_at)) if due_at is not None else None
    count = details.get("count")
    return AlertContext.model_validate(
        {
            "language": language,
            "notice_key": notice_key,
            "possible_duplicate": possible_duplicate,
            "sender": sender,
            "reference": reference,
            "sent_at": format_local(now, tz),
            "timezone": tz,
            "alert": alert,
            "customer": details.get("customer"),
            "rule": details.get("rule"),
            "due_at": format_local(instant, tz) if instant is not None else None,
            "due_at_utc": instant.astimezone(UTC).isoformat() if instant is not None else None,
            "reason": details.get("reason"),
            "about_notice": details.get("notice_key"),
            "before": details.get("before"),
            "after": details.get("after"),
            "count": int(count) if count is not None else None,
        }
    )
