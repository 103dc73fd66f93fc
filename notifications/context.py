"""The typed context every notice template receives, built by pure functions.

Templates see only these fields (``StrictUndefined`` turns a missing one into an error). Times are
pre-formatted in the customer's time zone with the offset, so a template cannot show an instant in the
wrong zone. Facts are aggregates about the breach; no data subject's personal data is ever in a notice
context.

Two models: ``NoticeContext`` for every message to a customer (``notice_context``), ``AlertContext`` for
an alert to our own DPO and security lead (``alert_context``). What a kind adds (an update's changes, a
retraction's reason, a closing's reports) comes from the ``details`` stored with the notice row when it
was queued, mapped by ``KIND_DETAILS``; the builders take what is there and leave the rest empty, and the
kind's template refuses to render without what it needs (``RenderError``), so a gap fails one notice
visibly instead of a whole delivery batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, computed_field, model_validator

from breach.authorities import AUTHORITIES
from breach.deadline_status import format_local
from breach.deadlines import due
from breach.errors import Contradiction
from breach.measures import in_catalogue_order
from breach.models import ControllerCase, Customer, Incident, Notice
from breach.narrative import Narrative
from breach.retention import REMOVED_ITEMS
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
    # Codes of breach.measures (the DPA appendix measures that failed), in the appendix's order.
    failed_measures: tuple[str, ...] = ()


def narrative_view(narrative: Narrative) -> NarrativeView:
    """What a notice or a pack shows of the narrative (``not_yet_known`` travels beside it)."""
    return NarrativeView(
        nature=narrative.nature,
        likely_consequences=narrative.likely_consequences,
        measures_taken=narrative.measures_taken,
        measures_proposed=narrative.measures_proposed,
        contact_point=narrative.contact_point,
        ongoing=narrative.ongoing,
        failed_measures=in_catalogue_order(list(narrative.failed_measures)),
    )


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


ChangeValue = str | int | float | bool | tuple[str, ...] | None


class Change(_View):
    """One difference since the previous notice (GDPR Art. 33(4)), as ``breach.diffing`` stores it.

    ``path`` names the field ("facts.data_subjects", "narrative.nature"; its words are the ``field``
    label group), ``group`` the label group of its codes, ``kind`` how to show it: ``codes`` as items
    added and removed, ``number``, ``enum`` and ``bool`` as before -> after, ``text`` as the new text.
    """

    path: str
    group: str | None = None
    kind: Literal["text", "codes", "number", "bool", "enum"]
    before: ChangeValue = None
    after: ChangeValue = None

    @model_validator(mode="after")
    def _values_fit_the_kind(self) -> Change:
        # A stored change whose values do not fit its kind would render as nonsense: refused here.
        fits: dict[str, Callable[[object], bool]] = {
            "codes": lambda v: isinstance(v, tuple),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "bool": lambda v: isinstance(v, bool),
            "enum": lambda v: isinstance(v, str),
            "text": lambda v: isinstance(v, str),
        }
        for value in (self.before, self.after):
            if value is not None and not fits[self.kind](value):
                raise ValueError(f"{self.path}: {value!r} is not a {self.kind} value")
        if self.kind in ("codes", "enum") and self.group is None:
            raise ValueError(f"{self.path}: a {self.kind} change needs the label group of its codes")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def added(self) -> tuple[str, ...]:
        """For ``codes``: the codes present now and not before, in their stored order."""
        before = self.before if isinstance(self.before, tuple) else ()
        after = self.after if isinstance(self.after, tuple) else ()
        return tuple(code for code in after if code not in before)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def removed(self) -> tuple[str, ...]:
        """For ``codes``: the codes present before and not now."""
        before = self.before if isinstance(self.before, tuple) else ()
        after = self.after if isinstance(self.after, tuple) else ()
        return tuple(code for code in before if code not in after)


class Retraction(_View):
    """An all-clear: the investigation found no personal data breach, or an earlier notice is retracted."""

    reason: str
    retracts: str | None = None  # the notice key of the retracted notice, if one
    mode: Literal["no_breach", "correction"] = "no_breach"


class ReportLine(_View):
    """A decision or report the customer told us about (``breach.events``), for its register."""

    event: str  # an event name of breach.events.EVENTS, labelled by the ``event`` group
    occurred_at: str  # in the customer's zone, with its offset
    summary: str = ""


class Closing(_View):
    closed_at: str  # in the customer's zone, with its offset
    reports: tuple[ReportLine, ...] = ()


class SecurityIncident(_View):
    """A security incident without personal data (NIS2 Art. 23(1); DORA Art. 30(2)(f))."""

    significant: bool  # significant under NIS2 (Implementing Regulation 2024/2690)
    service_impact: str | None = None


class RemovedLine(_View):
    """One kind of item a retention run removed, and how many (``breach.retention.REMOVED_ITEMS``)."""

    item: str  # labelled by the ``removed_item`` group
    count: int


class Destruction(_View):
    """The record of destruction of an incident's personal data (DPA clause 10(2)): counts and a fingerprint,
    never the removed text."""

    destroyed_at: str  # in the customer's zone, with its offset
    closed_at: str
    retention_days: int
    removed: int
    removed_sha256: str
    lines: tuple[RemovedLine, ...] = ()


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
    # Kind-specific content, from the notice's stored details (``KIND_DETAILS``); empty for other kinds.
    changes: tuple[Change, ...] = ()  # update
    retraction: Retraction | None = None  # all_clear
    closing: Closing | None = None  # closing
    early_note: str | None = None  # early_warning
    security: SecurityIncident | None = None  # security_incident
    deadlines: tuple[DeadlineLine, ...] = ()  # risk_recommendation: the deadlines that follow
    check_id: str | None = None  # contact_check
    packs: tuple[str, ...] = ()  # support_pack: the pack kinds attached (notifications.packs.PACK_KINDS)
    destruction: Destruction | None = None  # destruction


# The internal alerts the engine raises (``breach.notices.queue_internal``); each has a text in the
# ``alert`` label group and a "what to do" sentence in every wording file.
ALERTS: Final[tuple[str, ...]] = (
    "deadline_at_risk",
    "deadline_overdue",
    "delivery_failed",
    "facts_worsened",
    "unacknowledged",
    "contact_check_failed",
)


class AlertContext(_View):
    """An alert to our own DPO and security lead: what, which customer and case, by when, why.

    ``alert`` is a code of ``ALERTS``; an unknown one is a ``RenderError`` when rendered (its label is
    missing), not a failure of the batch that builds it.
    """

    kind: Literal["internal_alert"] = "internal_alert"
    language: Literal["nl", "fr", "de", "en"]
    notice_key: str
    possible_duplicate: bool = False
    sender: Sender
    reference: str  # the incident's reference, or "ENGINE" for an alert about no incident
    sent_at: str
    timezone: str
    alert: str
    customer: str | None = None
    rule: str | None = None  # a rule id of breach.deadline_rules
    due_at: str | None = None  # in ``timezone``, with its offset
    due_at_utc: str | None = None
    reason: str | None = None
    about_notice: str | None = None  # the notice key the alert is about (details "notice_key")
    before: str | None = None  # risk codes, for facts_worsened
    after: str | None = None
    count: int | None = None


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


def _instant(value: object, tz: str) -> str:
    """A stored ISO 8601 instant, shown in ``tz``."""
    return format_local(datetime.fromisoformat(str(value)), tz)


def _deadline_line(raw: Mapping[str, Any], tz: str) -> DeadlineLine:
    # ``due_utc`` is the instant; ``due`` is shown again in this customer's zone, whatever zone it was
    # written in when the notice was queued.
    instant = datetime.fromisoformat(str(raw["due_utc"]))
    hours = raw.get("hours")
    return DeadlineLine(rule=str(raw["rule"]), due=format_local(instant, tz), due_utc=str(raw["due_utc"]), hours=hours)


def _update_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"changes": tuple(Change.model_validate(c) for c in details.get("changes") or ())}


def _all_clear_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("reason") is None:
        return {}
    retraction = Retraction(
        reason=str(details["reason"]), retracts=details.get("retracts"), mode=details.get("mode") or "no_breach"
    )
    return {"retraction": retraction}


def _closing_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("closed_at") is None:
        return {}
    reports = tuple(
        ReportLine(
            event=str(r["event"]), occurred_at=_instant(r["occurred_at"], tz), summary=str(r.get("summary") or "")
        )
        for r in details.get("reports") or ()
    )
    return {"closing": Closing(closed_at=_instant(details["closed_at"], tz), reports=reports)}


def _early_warning_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"early_note": details.get("note")}


def _security_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("significant") is None:
        return {}
    security = SecurityIncident(significant=bool(details["significant"]), service_impact=details.get("service_impact"))
    return {"security": security}


def _risk_recommendation_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"deadlines": tuple(_deadline_line(d, tz) for d in details.get("deadlines") or ())}


def _contact_check_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"check_id": details.get("check_id")}


def _support_pack_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    return {"packs": tuple(str(kind) for kind in details.get("packs") or ())}


def _destruction_details(details: Mapping[str, Any], tz: str) -> dict[str, Any]:
    if details.get("destroyed_at") is None:
        return {}
    counts: Mapping[str, Any] = details.get("counts") or {}
    # The order of breach.retention.REMOVED_ITEMS; a name it does not know follows, and fails to render
    # (no label) rather than vanish from a record of destruction.
    order = {name: index for index, name in enumerate(REMOVED_ITEMS)}
    names = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
    destruction = Destruction(
        destroyed_at=_instant(details["destroyed_at"], tz),
        closed_at=_instant(details["closed_at"], tz),
        retention_days=int(details["retention_days"]),
        removed=int(details.get("removed") or sum(int(v) for v in counts.values())),
        removed_sha256=str(details["removed_sha256"]),
        lines=tuple(RemovedLine(item=name, count=int(counts[name])) for name in names),
    )
    return {"destruction": destruction}


# kind -> the NoticeContext fields its stored details fill; beside each, the JSON keys it reads (others
# are ignored). Kinds not listed (initial, pass_on) have no details.
KIND_DETAILS: Final[Mapping[str, Callable[[Mapping[str, Any], str], dict[str, Any]]]] = {
    "update": _update_details,  # {"changes": [{"path", "group", "kind", "before", "after"}]}
    "all_clear": _all_clear_details,  # {"reason", "retracts", "mode"}
    "closing": _closing_details,  # {"closed_at", "reports": [{"event", "occurred_at", "summary"}]}
    "early_warning": _early_warning_details,  # {"note"}
    "security_incident": _security_details,  # {"significant", "service_impact"}
    "risk_recommendation": _risk_recommendation_details,  # {"deadlines": [{"rule", "due", "due_utc", "hours"}]}
    "contact_check": _contact_check_details,  # {"check_id"}
    "support_pack": _support_pack_details,  # {"packs": ["authority", "subjects", "dpia"]}
    # {"destroyed_at", "closed_at", "retention_days", "removed", "removed_sha256", "counts": {item: n}}
    "destruction": _destruction_details,
}


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
) -> NoticeContext:
    """Everything one notice says, as of ``now`` (the moment it is rendered for sending).

    ``details``: the kind-specific content stored with the notice when it was queued; ``None`` reads
    ``notice.details``.
    """
    tz = customer.timezone
    stored = details if details is not None else (notice.details or {})
    specific = KIND_DETAILS[notice.kind.value](stored, tz) if notice.kind.value in KIND_DETAILS else {}
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
        **_addressing(notice, customer, detail, sender),
        reference=incident.reference,
        title=incident.title,
        occurred_at=_local(incident.occurred_at, tz),
        detected_at=format_local(incident.detected_at, tz),
        aware_at=_local(incident.aware_at, tz),
        sent_at=format_local(now, tz),
        services=tuple(services),
        narrative=narrative_view(narrative),
        not_yet_known=tuple(sorted(narrative.not_yet_known)),
        facts=facts_view(incident.facts, case.data_subjects if case is not None else 0),
        assessment=assessment_view(
            case.assessment if case is not None else None, case.override if case is not None else None
        ),
        controller_deadline=controller_deadline,
        sla_deadline=sla_deadline,
        ack_url=ack_url,
        portal_url=None,
        **specific,
    )


def _addressing(notice: Notice, customer: Customer, detail: DetailLevel, sender: Sender) -> dict[str, Any]:
    """Who sends what to whom: the fields every customer notice shares, whatever its kind."""
    return {
        "kind": notice.kind.value,
        "language": notice.language.value,
        "notice_key": notice.notice_key,
        "phase": notice.phase,
        "detail": detail.value,
        "possible_duplicate": notice.possible_duplicate,
        "sender": sender,
        "customer_name": customer.name,
        "customer_role": customer.role.value,
        "customer_timezone": customer.timezone,
        "lead_authority": AUTHORITIES[customer.lead_authority].name,
        "other_authorities": tuple(AUTHORITIES[a].name for a in customer.other_authorities),
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
    """A test message to one contact: no incident, no facts; the check id stands in for a reference."""
    tz = customer.timezone
    check_id = str((notice.details or {}).get("check_id") or notice.notice_key.split(".", 1)[0])
    return NoticeContext(
        **_addressing(notice, customer, detail, sender),
        reference=check_id,
        title="",
        occurred_at=None,
        detected_at=format_local(now, tz),
        aware_at=None,
        sent_at=format_local(now, tz),
        services=(),
        narrative=NarrativeView(),
        not_yet_known=(),
        facts=None,
        assessment=None,
        controller_deadline=None,
        sla_deadline=None,
        ack_url=ack_url,
        portal_url=None,
        check_id=check_id,
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

    ``details`` as ``breach.notices.queue_internal`` stores them: every key is optional ("customer",
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
