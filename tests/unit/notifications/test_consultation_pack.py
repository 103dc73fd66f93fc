"""The prior-consultation pack (GDPR Art. 36(3)): every language, every format, built from rows in memory."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from breach.db.models.directory import Customer, CustomerService, Service
from breach.db.models.incidents import Incident
from breach.db.models.support import ConsultationEvent, ConsultationRequest
from breach.deadlines import tracking
from breach.vocabulary import ConsultationStatus, CustomerRole, IncidentStatus, Language
from notifications.packs.consultation import ConsultationPackContext, consultation_context, render_consultation_pack
from tests.factories import SENDER

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)
RECEIVED = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
# The customer's words in each language would differ; the labels and headings are what is checked here.
HEADINGS = {
    "nl": "Voorafgaande raadpleging",
    "fr": "Consultation préalable",
    "de": "Vorherige Konsultation",
    "en": "Prior consultation",
}


def _context(language: str, *, received: bool = True, incident: Incident | None = None) -> ConsultationPackContext:
    customer = Customer(
        name="Brouwerij Voorbeeld BV",
        role=CustomerRole.CONTROLLER,
        language=Language(language),
        timezone="Europe/Brussels",
        lead_authority="BE-GBA",
        other_authorities=[],
        created_at=NOW,
    )
    crm = Service(code="crm-cloud", name="CRM cloud")
    mail = Service(code="mail-hosting", name="Hosted e-mail")
    uses = [
        (
            CustomerService(
                customer_id=customer.id,
                service_id=crm.id,
                data_subjects=5200,
                data_kinds=["name", "contact_details"],
                subject_kinds=["customers"],
            ),
            crm,
        ),
        (CustomerService(customer_id=customer.id, service_id=mail.id, data_subjects=40), mail),
    ]
    consultation = ConsultationRequest(
        reference="PC-2025-0001",
        customer_id=customer.id,
        incident_id=incident.id if incident else None,
        title="Loyalty scoring",
        purposes="Reward loyal customers <script>alert(1)</script>",
        dpia_reference="DPIA-2025-03",
        services=["crm-cloud"],
        authority="BE-GBA",
        status=ConsultationStatus.SUSPENDED if received else ConsultationStatus.PREPARING,
        opened_at=NOW,
        opened_by="dpo@example.org",
        received_at=RECEIVED if received else None,
        updated_at=NOW,
    )
    clocks = [
        tracking.consultation_deadline(
            rule, RECEIVED, consultation_id=consultation.id, tz="Europe/Brussels", now=NOW, options={}
        )
        for rule in ("gdpr.36.2.extension", "gdpr.36.2")
    ]
    events = [
        ConsultationEvent(
            consultation_id=consultation.id,
            event="suspension-started",
            occurred_at=datetime(2025, 3, 20, 9, 0, tzinfo=UTC),
            recorded_at=NOW,
            recorded_by="dpo@example.org",
            details={"reason": "The authority asks for the retention schedule."},
        )
    ]
    return consultation_context(
        consultation=consultation,
        customer=customer,
        incident=incident,
        services=uses,
        deadlines=clocks if received else [],
        events=events if received else [],
        sender=SENDER,
        now=NOW,
    )


@pytest.mark.parametrize("language", list(HEADINGS))
def test_the_pack_renders_in_every_language(language: str) -> None:
    """Markdown and HTML render without a gap in each language; JSON is the context itself."""
    rendered = render_consultation_pack(_context(language))
    assert HEADINGS[language] in rendered.markdown
    assert f'<html lang="{language}">' in rendered.html
    for text in ("PC-2025-0001", "Loyalty scoring", "DPIA-2025-03", "CRM cloud", "dpo@cloud.example.org"):
        assert text in rendered.markdown
        assert text in rendered.html
    assert "The authority asks for the retention schedule." in rendered.markdown  # Art. 36(3)(f)
    assert "Hosted e-mail" not in rendered.markdown  # not a service of this processing
    payload = json.loads(rendered.json)
    assert (payload["kind"], payload["language"]) == ("consultation", language)
    assert [c["rule"] for c in payload["clocks"]] == ["gdpr.36.2", "gdpr.36.2.extension"]


def test_the_pack_follows_art_36_3_and_shows_the_deadlines() -> None:
    """Sections (a)-(f) in order; the advice due 2025-04-29 end of day; what is missing says so."""
    markdown = render_consultation_pack(_context("en")).markdown
    sections = ["36(3)(a)", "36(3)(b)", "36(3)(c)", "36(3)(d)", "36(3)(e)", "36(3)(f)", "Art. 36(2))"]
    positions = [markdown.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "29 April 2025, 23:59:59 CEST (UTC+02:00)" in markdown
    assert "**Means**: [to complete]" in markdown
    assert "name; contact details" in markdown
    assert "5,200" in markdown
    assert "since 20 March 2025, 10:00 CET (UTC+01:00), still running" in markdown


def test_html_escapes_the_customers_text() -> None:
    """The customer's text is user input: escaped in HTML, never markup."""
    html = render_consultation_pack(_context("en")).html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_before_receipt_the_pack_says_the_period_has_not_started() -> None:
    """No clock yet: the pack explains that the 8 weeks start on receipt; an incident that prompted it is named."""
    incident = Incident(
        reference="BR-2025-0007",
        title="t",
        description="d",
        status=IncidentStatus.CONFIRMED,
        detected_at=NOW,
        reported_at=NOW,
        reported_by="soc@example.org",
        updated_at=NOW,
    )
    context = _context("nl", received=False, incident=incident)
    markdown = render_consultation_pack(context).markdown
    assert context.clocks == ()
    assert "nog niet ontvangen" in markdown
    assert "BR-2025-0007" in markdown
