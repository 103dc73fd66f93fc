"""The typed context every notice template receives: its models, and nothing that builds them.

Templates see only these fields (``StrictUndefined`` turns a missing one into an error). Times are
pre-formatted in the customer's time zone with the offset, so a template cannot show an instant in the
wrong zone. Facts are aggregates about the breach; no data subject's personal data is ever in a notice
context. Two models are what a template gets: ``NoticeContext`` for every message to a customer,
``AlertContext`` for an alert to our own DPO and security lead; the others are their parts. The pure
functions that fill them from rows are in ``notifications.context``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, computed_field, model_validator


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
