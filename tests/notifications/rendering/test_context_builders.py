"""The context builders (notifications.context.build) map a notice's stored details to its kind's context, times in the
customer's zone; and the support-pack and destruction notices they build (DPA clauses 8(1)(c)-(e), 10(2))."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from pydantic import ValidationError

from breach.db.models.directory import Customer
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.deadlines.rules import RULES
from breach.vocabulary import CustomerRole, DetailLevel, Language, NoticeKind
from notifications.context.build import (
    AssessmentView,
    Change,
    NoticeContext,
    alert_context,
    notice_context,
)
from notifications.context.kinds.all_clear import AllClearContext
from notifications.context.kinds.closing import ClosingContext
from notifications.context.kinds.contact_check import ContactCheckContext
from notifications.context.kinds.destruction import DestructionContext
from notifications.context.kinds.early_warning import EarlyWarningContext
from notifications.context.kinds.initial import InitialContext
from notifications.context.kinds.risk_recommendation import RiskRecommendationContext
from notifications.context.kinds.security_incident import SecurityIncidentContext
from notifications.context.kinds.support_pack import SupportPackContext
from notifications.context.kinds.update import UpdateContext
from notifications.render.rendering import RenderError
from tests.notice_contexts import SENDER, SLA_DEADLINE
from tests.notice_kind_contexts import (
    RECOMMENDATION,
    destruction_context,
    support_pack_context,
)
from tests.notifications.rendering.kind_phrases import (
    LABELS,
    LANGUAGES,
    flat_text_and_html,
    grouped_number,
    worded_time,
)
from tests.rendered_text import render_context

C = TypeVar("C", bound=NoticeContext)

# --- the context builders ---------------------------------------------------------------------


NOW = datetime(2025, 3, 14, 15, 30, tzinfo=UTC)


def _records(kind: NoticeKind, details: dict[str, Any]) -> tuple[Notice, Incident, Customer]:
    notice = Notice(notice_key="nk-1", kind=kind, phase=2, language=Language.EN, details=details)
    incident = Incident(
        reference="INC-2025-0042",
        title="Unauthorised access to the CRM database",
        description="Found by the SIEM.",
        reported_by="soc@wolkenwerk.example.org",
        detected_at=datetime(2025, 3, 14, 7, 15, tzinfo=UTC),
        aware_at=datetime(2025, 3, 14, 8, 5, tzinfo=UTC),
        narrative={"nature": "An attacker read the CRM database."},
    )
    customer = Customer(
        name="Brouwerij Voorbeeld BV",
        role=CustomerRole.CONTROLLER,
        language=Language.EN,
        timezone="Europe/Brussels",
        lead_authority="BE-GBA",
        other_authorities=[],
    )
    return notice, incident, customer


def _context(model: type[C], details: dict[str, Any], *, passed: dict[str, Any] | None = None) -> C:
    """The context ``notice_context`` builds for a notice of ``model``'s kind with ``details`` stored."""
    notice, incident, customer = _records(model.model_fields["kind"].default, details)
    context = notice_context(
        notice=notice,
        incident=incident,
        customer=customer,
        case=None,
        services=(),
        detail=DetailLevel.FULL,
        sender=SENDER,
        now=NOW,
        details=passed,
    )
    assert isinstance(context, model)
    return context


def test_update_details_become_changes() -> None:
    """An update's stored changes become ``Change`` views with the codes added and removed."""
    stored = [
        {"path": "facts.data_categories", "group": "data_category", "kind": "codes", "before": ["contact"],
         "after": ["contact", "financial"]},
        {"path": "facts.data_subjects", "group": None, "kind": "number", "before": 10, "after": 12},
    ]  # fmt: skip
    context = _context(UpdateContext, {"changes": stored})
    assert [c.path for c in context.changes] == ["facts.data_categories", "facts.data_subjects"]
    assert context.changes[0].added == ("financial",)
    assert context.changes[0].removed == ()
    assert context.changes[1].after == 12


def test_change_values_must_fit_their_kind() -> None:
    """A stored change whose value does not fit its kind, or a coded change without its group, is refused."""
    with pytest.raises(ValidationError):
        Change(path="facts.data_subjects", kind="number", before="many", after=12)
    with pytest.raises(ValidationError):
        Change(path="facts.exfiltration", kind="enum", before="ruled_out", after="confirmed")


def test_all_clear_details_become_a_retraction() -> None:
    """An all-clear's reason, mode and retracted key reach the template."""
    context = _context(AllClearContext, {"reason": "Test data only.", "retracts": "nk-0", "mode": "correction"})
    assert context.retraction is not None
    assert (context.retraction.reason, context.retraction.retracts, context.retraction.mode) == (
        "Test data only.",
        "nk-0",
        "correction",
    )


def test_closing_times_are_shown_in_the_customers_zone() -> None:
    """The closing time and each report's time are formatted in the customer's zone, with the offset."""
    details = {
        "closed_at": "2025-04-02T15:00:00+00:00",
        "reports": [{"event": "authority-notified", "occurred_at": "2025-03-16T10:20:00+00:00", "summary": "ref 1"}],
    }
    context = _context(ClosingContext, details)
    assert context.closing is not None
    assert context.closing.closed_at == "2025-04-02 17:00 CEST (+02:00)"
    assert context.closing.reports[0].occurred_at == "2025-03-16 11:20 CET (+01:00)"


def test_security_and_early_warning_and_check_details() -> None:
    """The security incident's significance and impact, the early warning's note and the check id arrive."""
    security = _context(SecurityIncidentContext, {"significant": True, "service_impact": "47 minutes down."})
    assert security.security is not None
    assert security.security.significant
    assert _context(EarlyWarningContext, {"note": "Under investigation."}).early_note == "Under investigation."
    assert _context(ContactCheckContext, {"check_id": "chk-1"}).check_id == "chk-1"


def test_recommendation_deadlines_are_shown_in_the_customers_zone() -> None:
    """The deadlines that follow a recommendation are re-shown from their UTC instant in the customer's zone."""
    line = {"rule": "gdpr.34.1", "due": "2025-03-18T09:00:00Z", "due_utc": "2025-03-18T09:00:00+00:00", "hours": 72}
    context = _context(RiskRecommendationContext, {"deadlines": [line]})
    assert context.deadlines[0].due == "2025-03-18 10:00 CET (+01:00)"
    assert context.deadlines[0].rule == "gdpr.34.1"


def test_details_default_to_the_notices_own() -> None:
    """Without ``details`` the builder reads the notice row's; passed details take precedence."""
    stored = {"reason": "Stored reason."}
    assert _context(AllClearContext, stored).retraction is not None
    passed = _context(AllClearContext, stored, passed={"reason": "Passed reason."}).retraction
    assert passed is not None
    assert passed.reason == "Passed reason."


def test_an_initial_notice_has_only_the_common_fields() -> None:
    """An initial notice's model adds nothing to what every customer notice has, and its clocks are
    unchanged; the controller's hours are the rule table's (gdpr.33.1), not a number of its own."""
    context = _context(InitialContext, {})
    assert set(InitialContext.model_fields) == set(NoticeContext.model_fields)
    assert context.controller_deadline is not None
    assert context.controller_deadline.hours == RULES["gdpr.33.1"].amount == 72
    assert context.sla_deadline is not None
    assert context.sla_deadline.due == SLA_DEADLINE.due


def test_alert_context_formats_its_due_time() -> None:
    """An alert's due time is shown in our zone; absent keys stay empty."""
    context = alert_context(
        notice_key="nk-alert",
        language="de",
        alert="deadline_overdue",
        reference="INC-2025-0042",
        sender=SENDER,
        now=NOW,
        tz="Europe/Brussels",
        details={"alert": "deadline_overdue", "customer": "Brouwerij Voorbeeld BV", "due_at": "2025-03-15T08:05:00Z"},
    )
    assert context.due_at == "2025-03-15 09:05 CET (+01:00)"
    assert context.due_at_utc == "2025-03-15T08:05:00+00:00"
    assert context.sent_at == "2025-03-14 16:30 CET (+01:00)"
    assert (context.rule, context.reason, context.count) == (None, None, None)


def test_alert_context_refuses_a_contradicting_alert() -> None:
    """The stored alert code and the caller's must agree."""
    with pytest.raises(ValueError, match="alert"):
        alert_context(
            notice_key="nk-alert",
            language="en",
            alert="deadline_overdue",
            reference="INC-2025-0042",
            sender=SENDER,
            now=NOW,
            tz="Europe/Brussels",
            details={"alert": "delivery_failed"},
        )


def test_recommendation_fixture_is_the_engines_assessment() -> None:
    """The recommendation the tests render is what breach.risk.assessment says for the fixture's facts."""
    assert isinstance(RECOMMENDATION, AssessmentView)
    assert RECOMMENDATION.risk == "high"
    assert RECOMMENDATION.data_subject_channel == "individual"


# --- support packs and the record of destruction (DPA clauses 8(1)(c)-(e), 10(2)) -------------------


# Packs are drafts: nothing goes out in the controller's name without its instruction (GDPR Art. 28(3)(a)).
IN_YOUR_NAME = {
    "nl": "niets wordt in uw naam aan een toezichthoudende autoriteit of aan betrokkenen bezorgd zonder uw "
    "gedocumenteerde instructie",
    "fr": "rien n'est transmis en votre nom à une autorité de contrôle ou aux personnes concernées sans votre "
    "instruction documentée",
    "de": "nichts wird ohne ihre dokumentierte weisung in ihrem namen an eine aufsichtsbehörde oder an betroffene "
    "personen übermittelt",
    "en": "nothing is sent to a supervisory authority or to data subjects in your name without your documented "
    "instruction",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_support_pack_notice_names_each_pack_and_its_files(language: str) -> None:
    """Each attached pack is named in the customer's words with its three files; drafts stay the controller's."""
    context = support_pack_context(language=language)
    for shown in flat_text_and_html(render_context(context)):
        for kind in context.packs:
            label = LABELS[language]["pack"][kind]
            assert label[:1].upper() + label[1:] in shown
            for fmt in ("md", "html", "json"):
                assert f"PACK-{context.reference}-{kind}.{fmt}" in shown
        assert IN_YOUR_NAME[language] in shown.lower()


@pytest.mark.parametrize("language", LANGUAGES)
def test_destruction_notice_states_the_record(language: str) -> None:
    """Counts per kind of item, the period, the closing time and the fingerprint, in text and HTML alike."""
    context = destruction_context(language=language)
    destruction = context.destruction
    assert destruction is not None
    for shown in flat_text_and_html(render_context(context)):
        assert destruction.removed_sha256 in shown
        assert worded_time(destruction.closed_at, language) in shown
        assert worded_time(destruction.destroyed_at, language) in shown
        assert grouped_number(destruction.retention_days, language) in shown
        for line in destruction.lines:
            label = LABELS[language]["removed_item"][line.item]
            assert f"{label[:1].upper()}{label[1:]}" in shown


def test_a_destruction_notice_without_its_record_is_a_render_error() -> None:
    """The record is what the notice is for: without it the notice fails instead of saying nothing."""
    with pytest.raises(RenderError, match="destruction"):
        render_context(destruction_context(destruction=None))


def test_destruction_details_become_the_record_in_the_customers_zone() -> None:
    """Stored counts come back in the order of the record; times in the customer's zone, with the offset."""
    details = {
        "destroyed_at": "2030-04-03T00:00:00+00:00",
        "closed_at": "2025-04-02T15:00:00+00:00",
        "retention_days": 1826,
        "removed": 3,
        "removed_sha256": "ab" * 32,
        "counts": {"sent_message.content": 2, "incident.description": 1},
    }
    record = _context(DestructionContext, details).destruction
    assert record is not None
    assert [(line.item, line.count) for line in record.lines] == [
        ("incident.description", 1),
        ("sent_message.content", 2),
    ]
    assert (record.destroyed_at, record.closed_at) == (
        "2030-04-03 02:00 CEST (+02:00)",
        "2025-04-02 17:00 CEST (+02:00)",
    )
    assert _context(DestructionContext, {}).destruction is None
    assert _context(SupportPackContext, {"packs": ["authority", "dpia"]}).packs == ("authority", "dpia")
