"""A financial-entity customer's notice carries our DORA information, in its language (issue 20)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from breach.dora import DoraFacts, information
from notifications.context.dora import dora_view
from notifications.render.rendering import render
from tests.english_words import english_in
from tests.notice_contexts import complete_context
from tests.rendered_text import flattened, visible_text

HEADINGS = {
    "en": "Information for your own classification under DORA",
    "nl": "Informatie voor uw eigen classificatie onder DORA",
    "fr": "Informations pour votre propre classification au titre de DORA",
    "de": "Informationen für Ihre eigene Klassifizierung nach DORA",
}
LINES = dora_view(
    information(
        DoraFacts(
            detected_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
            ongoing=True,
            data_subjects=1200,
            services=("Payroll Cloud",),
            countries=("BE", "NL"),
            breach_types=("confidentiality",),
            complete_unavailability_minutes=45,
            direct_loss_eur=Decimal("2000.50"),
        )
    ),
    "Europe/Brussels",
)


def _rendered(language: str, kind: str = "initial", **overrides: object) -> tuple[str, str]:
    context = complete_context(language=language, kind=kind, **overrides)
    rendered = render(context.kind, context.language, context)
    return rendered.text, visible_text(rendered.html)


@pytest.mark.parametrize("language", ["en", "nl", "fr", "de"])
def test_a_financial_entity_gets_the_section_in_its_language(language: str) -> None:
    text, html = _rendered(language, financial_entity=True, dora=LINES)
    for shown in (flattened(text), flattened(html)):
        assert HEADINGS[language].upper() in shown.upper()
        assert "2024/1772 Art. 4" in shown
        assert "BE" in shown
        assert "NL" in shown
    if language != "en":
        context = complete_context(language=language, financial_entity=True, dora=LINES)
        assert english_in(flattened(text + " " + html), language, context) == set()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_says_it_is_not_their_classification(language: str) -> None:
    text, _ = _rendered(language, financial_entity=True, dora=LINES)
    phrase = {"en": "not your classification", "fr": "non de votre classification"}[language]
    assert phrase in flattened(text)


def test_a_customer_that_is_no_financial_entity_gets_no_section() -> None:
    text, html = _rendered("en", financial_entity=False)
    assert HEADINGS["en"].upper() not in (flattened(text) + flattened(html)).upper()
    assert "2024/1772 Art." not in text + html


def test_the_section_needs_the_lines_not_the_flag_alone() -> None:
    text, _ = _rendered("en", financial_entity=True)
    assert "2024/1772 Art." not in text
