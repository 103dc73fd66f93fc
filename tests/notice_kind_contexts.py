"""Fictional contexts of every further notice kind, one builder each (``BUILDERS``), on the breach of
``tests.notice_contexts`` (invented organisations, example.org / .test addresses only).

Each builder adds what its kind carries to ``complete_context``; overrides are validated like the engine's own
contexts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from breach.risk.assessment import BreachFacts, assess
from notifications.context.build import (
    AssessmentView,
    Change,
    Closing,
    DeadlineLine,
    Destruction,
    NarrativeView,
    NoticeContext,
    Person,
    RemovedLine,
    ReportLine,
    Retraction,
    SecurityIncident,
    assessment_view,
)
from notifications.context.kinds.all_clear import AllClearContext
from notifications.context.kinds.closing import ClosingContext
from notifications.context.kinds.communications.authority_inspection import AuthorityInspectionContext, Inspection
from notifications.context.kinds.communications.dpo_change import DpoChange, DpoChangeContext
from notifications.context.kinds.communications.instructions import (
    InstructionConcernContext,
    InstructionConfirmationContext,
    InstructionView,
)
from notifications.context.kinds.communications.subject_request import ForwardedRequest, SubjectRequestContext
from notifications.context.kinds.communications.subprocessor_change import (
    ChangeLine,
    SubprocessorChange,
    SubprocessorChangeContext,
)
from notifications.context.kinds.contact_check import ContactCheckContext
from notifications.context.kinds.destruction import DestructionContext
from notifications.context.kinds.early_warning import EarlyWarningContext
from notifications.context.kinds.risk_recommendation import RiskRecommendationContext
from notifications.context.kinds.security_incident import SecurityIncidentContext
from notifications.context.kinds.support_pack import SupportPackContext
from notifications.context.kinds.update import UpdateContext
from tests.notice_contexts import NARRATIVE, complete_context, processor_context

C = TypeVar("C", bound=NoticeContext)


def _of(model: type[C], context: NoticeContext) -> C:
    """``context`` as the model of its kind (what ``complete_context`` built from the ``kind`` override)."""
    assert isinstance(context, model), f"{type(context).__name__} is not a {model.__name__}"
    return context


# The same breach as tests.notice_contexts.FACTS, assessed by the engine's own rules: real reasons with real params.
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
    """The view of ``breach.risk.assessment.assess(facts)``, as a case stores it and the context builder reads it."""
    view = assessment_view(assess(facts).model_dump(mode="json"), None)
    assert view is not None
    return view


RECOMMENDATION = assessed()

# What changed since the previous notice, one change of each kind (as breach.incidents.diffing stores them).
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


def early_warning_context(**overrides: Any) -> EarlyWarningContext:
    """A suspected breach under investigation: a first description, no facts, no assessment, a note."""
    values: dict[str, Any] = {
        "kind": "early_warning",
        "facts": None,
        "assessment": None,
        "aware_at": None,
        "aware_at_utc": None,
        "narrative": NarrativeView(nature="Unusual queries on the CRM database are under investigation.", ongoing=True),
        "early_note": "We have isolated the database server while we investigate.",
    }
    return _of(EarlyWarningContext, complete_context(**{**values, **overrides}))


def update_context(**overrides: Any) -> UpdateContext:
    """Update no. 2 to a controller: one change of each kind, then the complete current facts."""
    values: dict[str, Any] = {"kind": "update", "phase": 2, "changes": CHANGES}
    return _of(UpdateContext, complete_context(**{**values, **overrides}))


def risk_recommendation_context(**overrides: Any) -> RiskRecommendationContext:
    """Our recommendation as the engine assesses the facts, with the deadlines that follow."""
    values: dict[str, Any] = {
        "kind": "risk_recommendation",
        "assessment": RECOMMENDATION,
        "deadlines": (SUBJECTS_DEADLINE,),
    }
    return _of(RiskRecommendationContext, complete_context(**{**values, **overrides}))


def all_clear_context(**overrides: Any) -> AllClearContext:
    """The investigation found no personal data breach (the context still holds the clock it would have had)."""
    values: dict[str, Any] = {"kind": "all_clear", "retraction": RETRACTION}
    return _of(AllClearContext, complete_context(**{**values, **overrides}))


def closing_context(**overrides: Any) -> ClosingContext:
    """The incident closed, with the decisions the customer reported to us."""
    values: dict[str, Any] = {"kind": "closing", "assessment": RECOMMENDATION, "closing": CLOSING}
    return _of(ClosingContext, complete_context(**{**values, **overrides}))


def security_incident_context(**overrides: Any) -> SecurityIncidentContext:
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
    return _of(SecurityIncidentContext, complete_context(**{**values, **overrides}))


def contact_check_context(**overrides: Any) -> ContactCheckContext:
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
    return _of(ContactCheckContext, complete_context(**{**values, **overrides}))


def support_pack_context(**overrides: Any) -> SupportPackContext:
    """Support packs no. 2 for one case: the authority drafts, the data-subject draft and the DPIA support."""
    values: dict[str, Any] = {"kind": "support_pack", "phase": 2, "packs": ("authority", "subjects", "dpia")}
    return _of(SupportPackContext, complete_context(**{**values, **overrides}))


# What a retention run five years after closing removed from one incident (breach.records.retention.REMOVED_ITEMS).
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


def destruction_context(**overrides: Any) -> DestructionContext:
    """The record of destruction after the retention period; the narrative already holds the removal markers."""
    marker = "[removed under the retention policy on 2030-04-03]"
    values: dict[str, Any] = {
        "kind": "destruction",
        "narrative": NarrativeView(
            nature=marker, likely_consequences=marker, measures_taken=marker, measures_proposed=marker, ongoing=False
        ),
        "destruction": DESTRUCTION,
    }
    return _of(DestructionContext, complete_context(**{**values, **overrides}))


# The communications (DPA clauses 4(1), 5(a), 5(e)): about no incident, under a COM- reference.
_COMMUNICATION: dict[str, Any] = {
    "reference": "COM-2026-0007",
    "title": "",
    "facts": None,
    "assessment": None,
    "services": (),
    "narrative": NarrativeView(),
    "ack_url": "https://portal.wolkenwerk.test/ack/com-2026-0007",
    "portal_url": None,
    "controller_deadline": None,
    "sla_deadline": None,
}


def subject_request_context(**overrides: Any) -> SubjectRequestContext:
    """An erasure request a fictional person sent us directly, forwarded to the controller."""
    request = ForwardedRequest(
        request_kind="erasure",
        article=17,
        received_at="2026-11-27 09:15 CET (+01:00)",
        answer_by="2026-12-27 09:15 CET (+01:00)",
        forward_due="2026-11-28 09:15 CET (+01:00)",
        text="Jan Voorbeeld, jan@voorbeeld.test: verwijder mijn klantgegevens uit uw CRM.",
    )
    values = {**_COMMUNICATION, "kind": "subject_request", "request": request}
    return _of(SubjectRequestContext, complete_context(**{**values, **overrides}))


def dpo_change_context(**overrides: Any) -> DpoChangeContext:
    """Our DPO changed: the new one's contact and whom she replaces."""
    change = DpoChange(
        new=Person(name="Noor Example", email="dpo@wolkenwerk.test", phone="+32 2 000 00 01"),
        previous=Person(name="Dana Example", email="old-dpo@wolkenwerk.test"),
        effective_at="2026-11-27 09:00 CET (+01:00)",
    )
    values = {**_COMMUNICATION, "kind": "dpo_change", "change": change}
    return _of(DpoChangeContext, complete_context(**{**values, **overrides}))


def authority_inspection_context(**overrides: Any) -> AuthorityInspectionContext:
    """An inspection by the Belgian authority, of which we may tell its subject; a support task opened."""
    inspection = Inspection(
        authority="Gegevensbeschermingsautoriteit",
        authority_id="BE-GBA",
        action="inspection",
        disclose="scope",
        note="The inspection looks at the access logs of the hosted e-mail service for 2026.",
        occurred_at="2026-11-27 10:00 CET (+01:00)",
        task="ST-2026-0042",
    )
    values = {**_COMMUNICATION, "kind": "authority_inspection", "inspection": inspection}
    return _of(AuthorityInspectionContext, complete_context(**{**values, **overrides}))


ORDER = InstructionView(
    instruction="INS-2026-0003",
    form="oral",
    received_at="2026-11-27 14:05 CET (+01:00)",
    given_by="An Example, IT manager",
    summary="Keep the CRM's web-form submissions for ten years instead of two, from 1 December 2026.",
)


def instruction_confirmation_context(**overrides: Any) -> InstructionConfirmationContext:
    """An oral instruction we ask the customer to confirm in writing (DPA clause 9(1))."""
    values = {**_COMMUNICATION, "kind": "instruction_confirmation", "order": ORDER}
    return _of(InstructionConfirmationContext, complete_context(**{**values, **overrides}))


def instruction_concern_context(**overrides: Any) -> InstructionConcernContext:
    """An instruction we believe infringes data-protection law, suspended until the customer answers (9(2))."""
    order = ORDER.model_copy(
        update={
            "reasons": "Ten years exceeds what the stated purpose needs (GDPR Art. 5(1)(e)); no legal duty "
            "to keep them was named.",
            "suspended": True,
        }
    )
    values = {**_COMMUNICATION, "kind": "instruction_concern", "order": order}
    return _of(InstructionConcernContext, complete_context(**{**values, **overrides}))


def subprocessor_change_context(**overrides: Any) -> SubprocessorChangeContext:
    """A fictional hosting platform replaces another for the e-mail service, and a mail relay moves to the US."""
    change = SubprocessorChange(
        changes=(
            ChangeLine(
                kind="replaced",
                name="Nimbus Hosting",
                country="DE",
                country_name="Germany",
                transfer=None,
                transfer_reference="",
                services=("mail",),
                replaces="Stratus Hosting",
            ),
            ChangeLine(
                kind="moved",
                name="Relay Example",
                country="US",
                country_name="United States",
                transfer="adequacy",
                transfer_reference="EU-US Data Privacy Framework, Decision (EU) 2023/1795",
                services=("mail",),
                country_before_name="Ireland",
            ),
        ),
        announced_at="2026-11-27 10:00 CET (+01:00)",
        objection_until="2026-12-28 23:59 CET (+01:00)",
        effective_from="29 December 2026",
        days=30,
        objection_url="https://portal.wolkenwerk.test/portal/subprocessor-changes",
    )
    values = {**_COMMUNICATION, "kind": "subprocessor_change", "subprocessor_change": change}
    return _of(SubprocessorChangeContext, complete_context(**{**values, **overrides}))


# One builder per notice kind to a customer (internal_alert has its own model and builder:
# tests.notice_contexts.internal_alert_context).
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
    "subject_request": subject_request_context,
    "dpo_change": dpo_change_context,
    "authority_inspection": authority_inspection_context,
    "subprocessor_change": subprocessor_change_context,
    "instruction_confirmation": instruction_confirmation_context,
    "instruction_concern": instruction_concern_context,
}
