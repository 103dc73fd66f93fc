"""Fictional notice contexts for template tests (invented organisations, example.org / .test addresses only).


``complete_context`` fills every field a breach notice can show; the variants take away what real notices
sometimes lack, and ``internal_alert_context`` is an alert to our own DPO. The further notice kinds' contexts
build on these in ``tests.notice_kind_contexts``. Overrides are validated like the engine's own contexts, so a
test cannot build a context that ``notifications.context.build`` never would.
"""

from __future__ import annotations

from typing import Any

from breach.vocabulary import NoticeKind
from notifications.context.build import (
    CONTEXTS,
    AlertContext,
    AssessmentView,
    DeadlineLine,
    FactsView,
    NarrativeView,
    NoticeContext,
    Person,
    ReasonView,
    Sender,
    ServiceLine,
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
        "lead_authority_id": "BE-GBA",
        "other_authorities": ("Autoriteit Persoonsgegevens",),
        "other_authority_ids": ("NL-AP",),
        "financial_entity": True,
        "telecom_provider": True,
        "reference": "INC-2025-0042",
        "title": "Unauthorised access to the CRM database",
        "occurred_at": "2025-03-13 22:40 CET (+01:00)",
        "detected_at": "2025-03-14 08:15 CET (+01:00)",
        "aware_at": "2025-03-14 09:05 CET (+01:00)",
        "sent_at": "2025-03-14 16:30 CET (+01:00)",
        "occurred_at_utc": "2025-03-13T21:40:00+00:00",
        "detected_at_utc": "2025-03-14T07:15:00+00:00",
        "aware_at_utc": "2025-03-14T08:05:00+00:00",
        "sent_at_utc": "2025-03-14T15:30:00+00:00",
        "services": (
            ServiceLine(
                code="crm-cloud",
                name="CRM cloud",
                data_subjects=12000,
                data_kinds=("name", "contact_details", "billing_payment"),
                subject_kinds=("customers", "prospects"),
            ),
            ServiceLine(code="hosted-mail", name="Hosted e-mail", data_subjects=345, data_kinds=("contact_details",)),
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
    # Each kind's own model (notifications.context.kinds), as notifications.context.build makes it.
    return CONTEXTS[NoticeKind(values["kind"])].model_validate(values)


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
        "occurred_at_utc": None,
        "aware_at_utc": None,
        "other_authorities": (),
        "other_authority_ids": (),
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
