"""Fictional notice contexts for template tests (invented organisations, example.org / .test addresses only).

``complete_context`` fills every field a breach notice can show; the variants take away what real notices
sometimes lack, and one builder per further notice kind adds what that kind carries (``BUILDERS``).
Overrides are validated like the engine's own contexts, so a test cannot build a context that
``notifications.context`` never would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from breach.risk import BreachFacts, assess
from notifications.context import (
    AlertContext,
    AssessmentView,
    Change,
    Closing,
    DeadlineLine,
    Destruction,
    FactsView,
    NarrativeView,
    NoticeContext,
    Person,
    ReasonView,
    RemovedLine,
    ReportLine,
    Retraction,
    SecurityIncident,
    Sender,
    ServiceLine,
    assessment_view,
)

SENDER = Sender(
    processor_name="Wolkenwerk NV",
    dpo=Person(name="An Janssens", email="dpo@wolkenwerk.example.org", phone="+32 2 000 00 00"),
    security_lead=Person(name="Luc Peeters", email="security@wolkenwerk.example.org"),
    public_url="https://wolkenwerk.example.org",
)

FACTS = FactsView(
    breach_types=("availability", "confidentiality"),
    data_categories=("contact", "financial", "identity"),
    data_subjects=12345,
    data_subjects_max=15000,
    records=40210,
    identifiability="maximum",
    vulnerable_subjects=False,
    unintelligible=False,
    malicious=True,
    exfiltration="cannot_rule_out",
    recipients="unknown",
    availability="restored",
    integrity_recoverable=True,
    data_retrieved=False,
)

ASSESSMENT = AssessmentView(
    risk="high",
    severity="high",
    severity_score=3.5,
    notify_authority=True,
    notify_data_subjects=True,
    data_subject_channel="individual",
    exemption=None,
    reasons=(ReasonView(code="unknown_recipients_intent", source="EDPB Guidelines 9/2022", params={}),),
    ruleset_version="2025.1",
)

NARRATIVE = NarrativeView(
    nature="An attacker used a stolen administrator password to read the CRM database of the hosting platform.",
    likely_consequences="Phishing e-mails that look like invoices from your company; possible fraud attempts.",
    measures_taken="The password was revoked, all sessions were closed and the database was restored.",
    measures_proposed="Warn the people concerned about phishing; we will enforce two-factor authentication.",
    contact_point=None,
    ongoing=False,
)

CONTROLLER_DEADLINE = DeadlineLine(
    rule="gdpr.33.1", due="2025-03-17 16:30 CET (+01:00)", due_utc="2025-03-17T15:30:00+00:00", hours=72
)
SLA_DEADLINE = DeadlineLine(
    rule="dpa.8.1b", due="2025-03-15 09:05 CET (+01:00)", due_utc="2025-03-15T08:05:00+00:00", hours=24
)


def complete_context(**overrides: Any) -> NoticeContext:
    """An initial, full-detail notice to a controller with every item known; ``overrides`` replace fields."""
    values: dict[str, Any] = {
        "kind": "initial",
        "language": "en",
        "notice_key": "nk-7f3a9c2e-0001",
        "phase": 1,
        "detail": "full",
        "possible_duplicate": False,
        "sender": SENDER,
        "customer_name": "Brouwerij Voorbeeld BV",
        "customer_role": "controller",
        "customer_timezone": "Europe/Brussels",
        "lead_authority": "Gegevensbeschermingsautoriteit / Autorité de protection des données",
        "other_authorities": ("Autoriteit Persoonsgegevens",),
        "financial_entity": True,
        "telecom_provider": True,
        "reference": "INC-2025-0042",
        "title": "Unauthorised access to the CRM database",
        "occurred_at": "2025-03-13 22:40 CET (+01:00)",
        "detected_at": "2025-03-14 08:15 CET (+01:00)",
        "aware_at": "2025-03-14 09:05 CET (+01:00)",
        "sent_at": "2025-03-14 16:30 CET (+01:00)",
        "services": (
            ServiceLine(
                name="CRM cloud",
                data_subjects=12000,
                data_kinds=("name", "contact_details", "billing_payment"),
                subject_kinds=("customers", "prospects"),
            ),
            ServiceLine(name="Hosted e-mail", data_subjects=345, data_kinds=("contact_details",)),
        ),
        "narrative": NARRATIVE,
        "not_yet_known": (),
        "facts": FACTS,
        "assessment": ASSESSMENT,
        "controller_deadline": CONTROLLER_DEADLINE,
        "sla_deadline": SLA_DEADLINE,
        "ack_url": "https://portal.wolkenwerk.test/ack/nk-7f3a9c2e-0001",
        "portal_url": "https://portal.wolkenwerk.test/incidents/INC-2025-0042",
    }
    values.update(overrides)
    return NoticeContext.model_validate(values)


def minimal_context(**overrides: Any) -> NoticeContext:
    """The same notice for a chat channel: minimal detail."""
    return complete_context(**{"detail": "minimal", **overrides})


def processor_context(**overrides: Any) -> NoticeContext:
    """A pass-on notice to a reseller that is itself a processor: no 72-hour clock of its own."""
    values: dict[str, Any] = {
        "kind": "pass_on",
        "customer_name": "Voorbeeld Hosting BV",
        "customer_role": "processor",
        "controller_deadline": None,
        "financial_entity": False,
        "telecom_provider": False,
    }
    return complete_context(**{**values, **overrides})


def early_context(**overrides: Any) -> NoticeContext:
    """A first notice sent before the facts and the risk assessment are in: every optional item empty."""
    values: dict[str, Any] = {
        "facts": None,
        "assessment": None,
        "occurred_at": None,
        "aware_at": None,
        "other_authorities": (),
        "financial_entity": False,
        "telecom_provider": False,
        "services": (),
        "narrative": NarrativeView(),
        "ack_url": None,
        "portal_url": None,
    }
    return complete_context(**{**values, **overrides})


def open_items_context(**overrides: Any) -> NoticeContext:
    """A notice whose author marked every narrative item not yet known (GDPR Art. 33(4))."""
    values: dict[str, Any] = {
        "narrative": NarrativeView(ongoing=True),
        "not_yet_known": (
            "categories_and_numbers",
            "contact_point",
            "likely_consequences",
            "measures",
            "nature",
        ),
    }
    return complete_context(**{**values, **overrides})


# The same breach as FACTS, assessed by the engine's own rules: real reasons with real params.
BREACH_FACTS = BreachFacts(
    breach_types=frozenset({"availability", "confidentiality"}),
    data_categories=frozenset({"contact", "financial", "identity"}),
    data_subjects=12345,
    data_subjects_max=15000,
    records=40210,
    malicious=True,
    exfiltration="cannot_rule_out",
    recipients="unknown",
    availability="restored",
    integrity_recoverable=True,
)


def assessed(facts: BreachFacts = BREACH_FACTS) -> AssessmentView:
    """The view of ``breach.risk.assess(facts)``, as a case stores it and the context builder reads it."""
    view = assessment_view(assess(facts).model_dump(mode="json"), None)
    assert view is not None
    return view


RECOMMENDATION = assessed()

# What changed since the previous notice, one change of each kind (as breach.diffing stores them).
CHANGES = (
    Change(path="narrative.nature", kind="text", before="Unusual queries on the CRM database.", after=NARRATIVE.nature),
    Change(
        path="facts.data_categories",
        group="data_category",
        kind="codes",
        before=("contact", "identity", "location"),
        after=("contact", "financial", "identity"),
    ),
    Change(path="facts.data_subjects", kind="number", before=9800, after=12345),
    Change(path="facts.exfiltration", group="exfiltration", kind="enum", before="ruled_out", after="cannot_rule_out"),
    Change(path="facts.malicious", kind="bool", before=None, after=True),
)

RETRACTION = Retraction(
    reason="The file found on the paste site holds synthetic test records only; no personal data left our systems.",
    mode="no_breach",
)

CLOSING = Closing(
    closed_at="2025-04-02 17:00 CEST (+02:00)",
    reports=(
        ReportLine(
            event="authority-notified",
            occurred_at="2025-03-16 11:20 CET (+01:00)",
            summary="authority reference: GBA-2025-00817",
        ),
        ReportLine(event="subjects-informed", occurred_at="2025-03-18 09:00 CET (+01:00)"),
    ),
)

SECURITY = SecurityIncident(
    significant=True,
    service_impact="The CRM cloud was unavailable for 47 minutes; no data were lost.",
)

SUBJECTS_DEADLINE = DeadlineLine(
    rule="gdpr.34.1", due="2025-03-18 10:00 CET (+01:00)", due_utc="2025-03-18T09:00:00+00:00", hours=72
)


def early_warning_context(**overrides: Any) -> NoticeContext:
    """A suspected breach under investigation: a first description, no facts, no assessment, a note."""
    values: dict[str, Any] = {
        "kind": "early_warning",
        "facts": None,
        "assessment": None,
        "aware_at": None,
        "narrative": NarrativeView(nature="Unusual queries on the CRM database are under investigation.", ongoing=True),
        "early_note": "We have isolated the database server while we investigate.",
    }
    return complete_context(**{**values, **overrides})


def update_context(**overrides: Any) -> NoticeContext:
    """Update no. 2 to a controller: one change of each kind, then the complete current facts."""
    values: dict[str, Any] = {"kind": "update", "phase": 2, "changes": CHANGES}
    return complete_context(**{**values, **overrides})


def risk_recommendation_context(**overrides: Any) -> NoticeContext:
    """Our recommendation as the engine assesses the facts, with the deadlines that follow."""
    values: dict[str, Any] = {
        "kind": "risk_recommendation",
        "assessment": RECOMMENDATION,
        "deadlines": (SUBJECTS_DEADLINE,),
    }
    return complete_context(**{**values, **overrides})


def all_clear_context(**overrides: Any) -> NoticeContext:
    """The investigation found no personal data breach (the context still holds the clock it would have had)."""
    values: dict[str, Any] = {"kind": "all_clear", "retraction": RETRACTION}
    return complete_context(**{**values, **overrides})


def closing_context(**overrides: Any) -> NoticeContext:
    """The incident closed, with the decisions the customer reported to us."""
    values: dict[str, Any] = {"kind": "closing", "assessment": RECOMMENDATION, "closing": CLOSING}
    return complete_context(**{**values, **overrides})


def security_incident_context(**overrides: Any) -> NoticeContext:
    """A significant security incident without personal data, to a financial entity."""
    values: dict[str, Any] = {
        "kind": "security_incident",
        "facts": None,
        "assessment": None,
        "narrative": NarrativeView(
            nature="A denial-of-service attack overloaded the CRM cloud's front end.",
            measures_taken="Traffic filtering was enabled at the network edge.",
            ongoing=False,
        ),
        "security": SECURITY,
    }
    return complete_context(**{**values, **overrides})


def contact_check_context(**overrides: Any) -> NoticeContext:
    """A test message to one contact, under a pseudo reference, with its acknowledgement link."""
    values: dict[str, Any] = {
        "kind": "contact_check",
        "reference": "CHECK-2026-11-27",
        "title": "Contact check",
        "facts": None,
        "assessment": None,
        "services": (),
        "narrative": NarrativeView(),
        "ack_url": "https://portal.wolkenwerk.test/ack/chk-2026-11-27-0001",
        "portal_url": None,
        "check_id": "chk-2026-11-27-0001",
    }
    return complete_context(**{**values, **overrides})


def support_pack_context(**overrides: Any) -> NoticeContext:
    """Support packs no. 2 for one case: the authority drafts, the data-subject draft and the DPIA support."""
    values: dict[str, Any] = {"kind": "support_pack", "phase": 2, "packs": ("authority", "subjects", "dpia")}
    return complete_context(**{**values, **overrides})


# What a retention run five years after closing removed from one incident (breach.retention.REMOVED_ITEMS).
DESTRUCTION = Destruction(
    destroyed_at="2030-04-03 02:00 CEST (+02:00)",
    closed_at="2025-04-02 17:00 CEST (+02:00)",
    retention_days=1826,
    removed=31,
    removed_sha256="9f2c4e81d0b3a7f65e1c2d9a8b7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5",
    lines=(
        RemovedLine(item="incident.description", count=1),
        RemovedLine(item="narrative.nature", count=1),
        RemovedLine(item="narrative.likely_consequences", count=1),
        RemovedLine(item="report.delay_reasons", count=2),
        RemovedLine(item="notice.acknowledged_by", count=6),
        RemovedLine(item="sent_message.content", count=20),
    ),
)


def destruction_context(**overrides: Any) -> NoticeContext:
    """The record of destruction after the retention period; the narrative already holds the removal markers."""
    marker = "[removed under the retention policy on 2030-04-03]"
    values: dict[str, Any] = {
        "kind": "destruction",
        "narrative": NarrativeView(
            nature=marker, likely_consequences=marker, measures_taken=marker, measures_proposed=marker, ongoing=False
        ),
        "destruction": DESTRUCTION,
    }
    return complete_context(**{**values, **overrides})


def internal_alert_context(**overrides: Any) -> AlertContext:
    """An alert to our DPO: our own deadline towards a customer is at risk."""
    values: dict[str, Any] = {
        "language": "en",
        "notice_key": "INC-2025-0042.internal_alert.1.internal.deadline_at_risk.3f9c2e",
        "sender": SENDER,
        "reference": "INC-2025-0042",
        "sent_at": "2025-03-15 07:05 CET (+01:00)",
        "timezone": "Europe/Brussels",
        "alert": "deadline_at_risk",
        "customer": "Brouwerij Voorbeeld BV",
        "rule": "dpa.8.1b",
        "due_at": "2025-03-15 09:05 CET (+01:00)",
        "due_at_utc": "2025-03-15T08:05:00+00:00",
        "reason": "No contact of the customer has received the initial notice yet.",
        "about_notice": "nk-7f3a9c2e-0001",
    }
    values.update(overrides)
    return AlertContext.model_validate(values)


# One builder per notice kind to a customer (internal_alert has its own model and builder above).
BUILDERS: dict[str, Callable[..., NoticeContext]] = {
    "initial": complete_context,
    "pass_on": processor_context,
    "early_warning": early_warning_context,
    "update": update_context,
    "risk_recommendation": risk_recommendation_context,
    "all_clear": all_clear_context,
    "closing": closing_context,
    "security_incident": security_incident_context,
    "contact_check": contact_check_context,
    "support_pack": support_pack_context,
    "destruction": destruction_context,
}
