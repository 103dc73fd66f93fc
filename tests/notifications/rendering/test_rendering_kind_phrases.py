"""What each further notice kind says, in every language: an early warning is no breach notice, an update shows
what changed, a recommendation gives its reasons and exemptions, an all-clear closes the case, a closing lists the
decisions, a security incident is no breach, a contact check asks for the link (LAW.md sections 1, 3, 4)."""

from __future__ import annotations

import pytest

from breach.risk.assessment import REASONS, BreachFacts
from notifications.context.build import (
    ReasonView,
)
from tests.notice_contexts import ASSESSMENT, CONTROLLER_DEADLINE
from tests.notice_kind_contexts import (
    BREACH_FACTS,
    CHANGES,
    CLOSING,
    RETRACTION,
    SECURITY,
    SUBJECTS_DEADLINE,
    all_clear_context,
    assessed,
    closing_context,
    contact_check_context,
    early_warning_context,
    risk_recommendation_context,
    security_incident_context,
    update_context,
)
from tests.notifications.rendering.kind_phrases import (
    CLOSE_CASE,
    CONTROLLER_DECIDES,
    DECIMAL_MARK,
    DETAILS,
    LABELS,
    LANGUAGES,
    NO_DEADLINE,
    NOT_A_BREACH,
    NOT_CONFIRMED,
    SAMPLE_PARAMS,
    WITHDRAW,
    flat_text_and_html,
    grouped_number,
    reason_sentence,
    worded_time,
)
from tests.rendered_text import flattened, render_context

# --- what each kind says -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_early_warning_is_not_a_breach_notice(language: str) -> None:
    """An early warning says it is no confirmed breach, starts no clock, and gives our note and first facts."""
    context = early_warning_context(language=language)
    assert context.early_note is not None
    assert context.narrative.nature is not None
    assert context.controller_deadline is not None
    for shown in flat_text_and_html(render_context(context)):
        assert NOT_CONFIRMED[language] in shown.lower()
        assert worded_time(context.controller_deadline.due, language) not in shown
        assert context.early_note in shown
        assert context.narrative.nature in shown
        assert context.sender.security_lead.email in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_shows_what_changed(language: str) -> None:
    """Numbers, codes and yes/no show before -> after with the language's words; a text shows its new wording."""
    labels = LABELS[language]
    expected = (
        f"{grouped_number(9800, language)} → {grouped_number(12345, language)}",
        labels["data_category"]["financial"],
        labels["data_category"]["location"],
        f"{labels['exfiltration']['ruled_out']} → {labels['exfiltration']['cannot_rule_out']}",
        f"{labels['yesno']['unknown']} → {labels['yesno']['true']}",
        labels["field"]["facts.data_subjects"][1:],
        str(CHANGES[0].after),
    )
    for shown in flat_text_and_html(render_context(update_context(language=language))):
        for value in expected:
            assert value in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_stands_alone(language: str) -> None:
    """After its changes an update repeats the complete facts, with the customer's own numbers."""
    context = update_context(language=language)
    assert context.facts is not None
    assert context.facts.records is not None
    for shown in flat_text_and_html(render_context(context)):
        assert grouped_number(context.facts.records, language) in shown
        assert grouped_number(context.facts.data_subjects, language) in shown
        assert f" {context.phase}" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_without_changes_says_so(language: str) -> None:
    """An update whose facts did not change still renders, and says nothing changed."""
    plain = render_context(update_context(language=language))
    empty = render_context(update_context(language=language, changes=()))
    assert "→" in plain.text.split("\n\n", 3)[3]
    assert empty.text != plain.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_risk_recommendation_gives_every_reason_in_the_language(language: str) -> None:
    """Every reason of the engine's assessment appears as its sentence in the customer's language."""
    context = risk_recommendation_context(language=language)
    assert context.assessment is not None
    assert len(context.assessment.reasons) > 5
    for shown in flat_text_and_html(render_context(context)):
        for reason in context.assessment.reasons:
            assert reason_sentence(language, reason) in shown
        assert CONTROLLER_DECIDES[language] in shown.lower()
        assert LABELS[language]["channel"]["individual"] in shown
        assert worded_time(CONTROLLER_DEADLINE.due, language) in shown
        assert worded_time(SUBJECTS_DEADLINE.due, language) in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_code_renders_in_every_language(language: str) -> None:
    """All reason codes of breach.risk.reasons, with their params, render with numbers in the language's form."""
    reasons = tuple(
        ReasonView(code=code, source=spec.source, params={name: SAMPLE_PARAMS[name] for name in spec.params})
        for code, spec in REASONS.items()
    )
    assessment = ASSESSMENT.model_copy(update={"reasons": reasons})
    shown = flat_text_and_html(render_context(risk_recommendation_context(language=language, assessment=assessment)))
    for reason in reasons:
        for flat in shown:
            assert reason_sentence(language, reason) in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_severity_score_uses_the_decimal_mark(language: str) -> None:
    """The ENISA score is written with the language's decimal mark."""
    context = risk_recommendation_context(language=language, assessment=ASSESSMENT)
    score = f"3{DECIMAL_MARK[language]}5"
    for shown in flat_text_and_html(render_context(context)):
        assert f"(score {score})" in shown or f"(Wert {score})" in shown


EXEMPTIONS = {
    "34(3)(a)": BREACH_FACTS.model_copy(update={"unintelligible": True}),
    "34(3)(b)": BREACH_FACTS.model_copy(update={"subsequent_measures_remove_high_risk": True}),
}


@pytest.mark.parametrize("exemption", EXEMPTIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_exemption_is_named_and_explained(language: str, exemption: str) -> None:
    """An Art. 34(3)(a) or (b) exemption is shown with its explanation, and no communication is recommended."""
    facts: BreachFacts = EXEMPTIONS[exemption]
    context = risk_recommendation_context(language=language, assessment=assessed(facts))
    assert context.assessment is not None
    assert context.assessment.exemption == exemption
    for shown in flat_text_and_html(render_context(context)):
        assert LABELS[language]["exemption"][exemption] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_communication_replaces_individual_contact(language: str) -> None:
    """Where contacting each person is disproportionate, a public communication is recommended (Art. 34(3)(c))."""
    facts = BREACH_FACTS.model_copy(update={"individual_contact_disproportionate": True})
    context = risk_recommendation_context(language=language, assessment=assessed(facts))
    for shown in flat_text_and_html(render_context(context)):
        assert LABELS[language]["channel"]["public"] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_processor_is_asked_to_pass_the_recommendation_on(language: str) -> None:
    """A reseller is not told that it decides; it is asked to pass the recommendation to its controllers."""
    context = risk_recommendation_context(language=language, customer_role="processor", controller_deadline=None)
    for shown in flat_text_and_html(render_context(context)):
        assert CONTROLLER_DECIDES[language] not in shown.lower()


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_all_clear_closes_the_case_without_a_deadline(language: str, detail: str) -> None:
    """An all-clear lets the customer close its case and withdraw its notification, and names no deadline."""
    context = all_clear_context(language=language, detail=detail)
    assert context.controller_deadline is not None
    assert context.sla_deadline is not None
    for shown in flat_text_and_html(render_context(context)):
        lowered = shown.lower()
        assert CLOSE_CASE[language] in lowered
        assert WITHDRAW[language] in lowered
        assert NO_DEADLINE[language] in lowered
        assert worded_time(context.controller_deadline.due, language) not in shown
        assert worded_time(context.sla_deadline.due, language) not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_all_clear_gives_its_reason(language: str) -> None:
    """The full all-clear states why the incident was no personal data breach."""
    for shown in flat_text_and_html(render_context(all_clear_context(language=language))):
        assert RETRACTION.reason in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_retraction_names_the_retracted_notice(language: str) -> None:
    """A correction is headed and titled as a retraction, and names the notice it retracts."""
    retraction = RETRACTION.model_copy(update={"mode": "correction", "retracts": "nk-7f3a9c2e-0001"})
    clear = render_context(all_clear_context(language=language))
    rendered = render_context(all_clear_context(language=language, retraction=retraction))
    assert rendered.subject != clear.subject
    assert rendered.text.split("\n", 1)[0] != clear.text.split("\n", 1)[0]
    for shown in flat_text_and_html(rendered):
        assert "nk-7f3a9c2e-0001" in shown
        assert RETRACTION.reason in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_lists_the_reported_decisions(language: str) -> None:
    """A closing notice gives its closing time and every reported event with its time and summary."""
    context = closing_context(language=language)
    assert context.closing is not None
    assert context.assessment is not None
    for shown in flat_text_and_html(render_context(context)):
        assert worded_time(context.closing.closed_at, language) in shown
        for report in context.closing.reports:
            assert worded_time(report.occurred_at, language) in shown
            assert LABELS[language]["event"][report.event] in shown
            assert report.summary in shown
        for reason in context.assessment.reasons:
            assert reason_sentence(language, reason) in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_without_reports_asks_for_the_decisions(language: str) -> None:
    """With no reported decision the closing notice still renders and lists none."""
    context = closing_context(language=language, closing=CLOSING.model_copy(update={"reports": ()}))
    rendered = render_context(context)
    for report in CLOSING.reports:
        assert worded_time(report.occurred_at, language) not in rendered.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_security_incident_is_not_a_breach(language: str) -> None:
    """A security incident says it is no personal data breach, gives its impact and the DORA note."""
    context = security_incident_context(language=language)
    assert SECURITY.service_impact is not None
    plain = render_context(security_incident_context(language=language, financial_entity=False))
    for shown in flat_text_and_html(render_context(context)):
        assert NOT_A_BREACH[language] in shown.lower()
        assert SECURITY.service_impact in shown
        assert "DORA" in shown
        assert context.sender.security_lead.email in shown
    assert "DORA" not in plain.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_check_asks_for_the_link_and_nothing_else(language: str) -> None:
    """A contact check carries its link once, its check id, and no incident content."""
    context = contact_check_context(language=language)
    assert context.ack_url is not None
    assert context.check_id is not None
    rendered = render_context(context)
    assert flattened(rendered.text).count(context.ack_url) == 1
    for shown in flat_text_and_html(rendered):
        assert context.check_id in shown
        assert context.title not in shown
        assert worded_time(CONTROLLER_DEADLINE.due, language) not in shown
