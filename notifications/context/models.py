"""The typed context every notice template receives: its models, and nothing that builds them.

Templates see only these fields (``StrictUndefined`` turns a missing one into an error). Times are
pre-formatted in the customer's time zone with the offset (``format_local``'s form, which the JSON
attachment shows beside each instant's ISO 8601 UTC form, and the packs' JSON carries as is), so a
template cannot show an instant in the wrong zone; the template's ``moment`` filter words it for the
reader's locale (``notifications.i18n.formats``). Facts
are aggregates about the breach; no data subject's personal data is ever in a notice context. Here:
``AlertContext`` for an alert to our own DPO and security lead, and the parts every notice shares. A
notice to a customer gets its kind's model (``notifications.context.kinds``, on the base
``notifications.context.notice.NoticeContext``); the pure functions that fill them from rows are in
``notifications.context.build``.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """Every part of a context: frozen, and no field a template does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# What BREACH_DPO_NAME holds until it is set (``notifications.delivery.dpo_contact``): a title, not a name, so a
# signature shows the title alone rather than "Data Protection Officer, Data protection officer".
PLACEHOLDER_DPO_NAME: Final = "Data Protection Officer"


class Person(View):
    name: str
    email: str
    phone: str = ""


class Sender(View):
    """Who we are: from settings, never from the DPA text."""

    processor_name: str
    dpo: Person
    security_lead: Person
    public_url: str


class AuditStamp(View):
    """The audit chain's head when a batch was prepared: a customer's copy of it anchors the chain outside
    our database (issue 15: a chain that needs more than the database to forge)."""

    seq: int
    hash: str


class DeadlineLine(View):
    rule: str
    due: str  # in the customer's zone, with its offset
    due_utc: str  # ISO 8601, for machines
    hours: int | None = None


class ServiceLine(View):
    code: str  # the service's stable code in our directory (Service.code); ``name`` is for people
    name: str
    data_subjects: int
    data_kinds: tuple[str, ...] = ()
    subject_kinds: tuple[str, ...] = ()


class NarrativeView(View):
    nature: str | None = None
    likely_consequences: str | None = None
    measures_taken: str | None = None
    measures_proposed: str | None = None
    contact_point: str | None = None
    ongoing: bool | None = None
    # Codes of breach.risk.measures (the DPA appendix measures that failed), in the appendix's order.
    failed_measures: tuple[str, ...] = ()


class FactsView(View):
    """``breach.risk.assessment.BreachFacts`` as the template needs it: codes (labelled per language) and numbers."""

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


def facts_not_yet_known(facts: FactsView | None) -> tuple[str, ...]:
    """The facts not yet known, in ``FactsView``'s field order: each one that is null (the notice shows "not
    yet known" in its place), or all of them while no facts are recorded."""
    if facts is None:
        return tuple(FactsView.model_fields)
    return tuple(name for name in FactsView.model_fields if getattr(facts, name) is None)


class ReasonView(View):
    code: str
    source: str
    params: dict[str, str | int | float | bool]


class AssessmentView(View):
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


# The internal alerts the engine raises (``breach.notices.queue.queue_internal``); each has a text in the
# ``alert`` label group and a "what to do" sentence in every wording file.
ALERTS: Final[tuple[str, ...]] = (
    "deadline_at_risk",
    "deadline_overdue",
    "delivery_failed",
    "facts_worsened",
    "unacknowledged",
    "contact_check_failed",
    "customers_unreached",
    # Our own NIS2 duty (flows.usecases.nis2.assess): significant, or not yet known on the facts named.
    "nis2_significant",
    "nis2_open",
    # Issue 21: a sub-processor reported a breach (an incident opened), or one we could not map (refused).
    "subprocessor_breach",
    "subprocessor_unmapped",
    # Issue 21: a customer objects to a change of our sub-processors (GDPR Art. 28(2)).
    "subprocessor_objection",
)


class AlertContext(View):
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
    rule: str | None = None  # a rule id of breach.deadlines.rules
    due_at: str | None = None  # in ``timezone``, with its offset
    due_at_utc: str | None = None
    reason: str | None = None
    about_notice: str | None = None  # the notice key the alert is about (details "notice_key")
    before: str | None = None  # risk codes, for facts_worsened
    after: str | None = None
    count: int | None = None
    audit_head: AuditStamp | None = None  # set when the sender plans the batch (notifications.delivery.prepare)
