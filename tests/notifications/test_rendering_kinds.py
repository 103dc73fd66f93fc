"""The further notice kinds: each renders in every language and detail, says what its kind must say, and
keeps the breach notice's rules (the same words in text and HTML, no facts on a chat channel, inert
incident text).

The contexts come from ``tests/notice_contexts.py``; the phrases checked per language are the ones a
reader relies on (LAW.md sections 1, 3, 4; DESIGN.md habit 11). The context builders' mapping of a
notice's stored details is specified at the end.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from breach.diffing import FIELDS
from breach.events import EVENTS
from breach.models import Customer, Incident, Notice
from breach.risk import REASONS, BreachFacts, Channel, Exemption
from breach.vocabulary import CustomerRole, DetailLevel, Language, NoticeKind
from notifications.context import (
    ALERTS,
    AlertContext,
    AssessmentView,
    Change,
    NarrativeView,
    NoticeContext,
    ReasonView,
    ReportLine,
    alert_context,
    notice_context,
)
from notifications.labels import LABELS, REASON_PARAM_GROUPS
from notifications.rendering import Rendered, RenderError, render
from tests.notice_contexts import (
    ASSESSMENT,
    BREACH_FACTS,
    BUILDERS,
    CHANGES,
    CLOSING,
    CONTROLLER_DEADLINE,
    RECOMMENDATION,
    RETRACTION,
    SECURITY,
    SENDER,
    SLA_DEADLINE,
    SUBJECTS_DEADLINE,
    all_clear_context,
    assessed,
    closing_context,
    contact_check_context,
    destruction_context,
    early_warning_context,
    internal_alert_context,
    risk_recommendation_context,
    security_incident_context,
    support_pack_context,
    update_context,
)
from tests.rendered_text import PAYLOAD, assert_inert, flattened, render_context, visible_text, word_set

KINDS = (
    "early_warning",
    "update",
    "risk_recommendation",
    "all_clear",
    "closing",
    "security_incident",
    "contact_check",
    "support_pack",
    "destruction",
)
LANGUAGES = ("nl", "fr", "de", "en")
DETAILS = ("full", "minimal")
ROLES = ("controller", "processor")

NARROW_SPACE = "\u202f"

# The suffix of a subject that may repeat an earlier message.
REPEAT = {
    "nl": "(mogelijke herhaling)",
    "fr": "(répétition possible)",
    "de": "(mögliche Wiederholung)",
    "en": "(possible repeat)",
}

# An early warning is not yet a breach, and no 72-hour clock starts with it.
NOT_CONFIRMED = {
    "nl": "nog geen bevestigde inbreuk in verband met persoonsgegevens, en met dit bericht begint geen termijn van "
    "72 uur",
    "fr": "pas encore d'une violation de données à caractère personnel confirmée, et aucun délai de 72 heures",
    "de": "noch nicht um eine bestätigte verletzung des schutzes personenbezogener daten, und mit dieser nachricht "
    "beginnt keine 72-stunden-frist",
    "en": "not yet a confirmed personal data breach, and no 72-hour deadline starts with this message",
}

# An all-clear lets the customer close its case and withdraw its own notification; no deadline applies.
CLOSE_CASE = {
    "nl": "u mag uw eigen dossier over dit incident afsluiten",
    "fr": "vous pouvez clôturer votre propre dossier relatif à cet incident",
    "de": "sie können ihren eigenen vorgang zu diesem vorfall abschließen",
    "en": "you may close your own case about this incident",
}
WITHDRAW = {
    "nl": "kunt u die melding intrekken of met deze informatie aanvullen",
    "fr": "vous pouvez retirer cette notification ou la compléter",
    "de": "können sie diese meldung zurückziehen oder mit diesen informationen ergänzen",
    "en": "you may withdraw that notification or supplement it",
}
NO_DEADLINE = {
    "nl": "er geldt geen termijn",
    "fr": "aucun délai ne s'applique",
    "de": "es gilt keine frist",
    "en": "no deadline applies",
}

# A recommendation leaves the decision, and its record, to the controller (GDPR Art. 33(5)).
CONTROLLER_DECIDES = {
    "nl": "dit is onze aanbeveling, geen beslissing. als verwerkingsverantwoordelijke beslist u",
    "fr": "il s'agit de notre recommandation, non d'une décision. en tant que responsable du traitement, c'est vous "
    "qui décidez",
    "de": "dies ist unsere empfehlung, keine entscheidung. als verantwortlicher entscheiden sie",
    "en": "this is our recommendation, not a decision. as controller, you decide",
}

# A security incident is said not to be a personal data breach.
NOT_A_BREACH = {
    "nl": "is het geen inbreuk in verband met persoonsgegevens",
    "fr": "il ne s'agit pas d'une violation de données à caractère personnel",
    "de": "handelt es sich nicht um eine verletzung des schutzes personenbezogener daten",
    "en": "it is not a personal data breach",
}

# The decimal mark of each language, for scores such as ENISA's.
DECIMAL_MARK = {"nl": ",", "fr": ",", "de": ",", "en": "."}

# A value for every param a reason sentence may use (breach.risk_rules.params).
SAMPLE_PARAMS: dict[str, str | int | float] = {
    "data_subjects": 12345,
    "recipients": "known",
    "recipient_count": 2500,
    "dpc": 3.0,
    "ease_of_identification": 0.75,
    "circumstances": 1.25,
    "data_severity": 2.25,
    "severity_score": 3.5,
    "severity": "high",
    "many_subjects": 100,
    "mass_subjects": 10000,
    "risk": "high",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _both(rendered: Rendered) -> tuple[str, str]:
    """The plain text and the visible HTML, each flattened."""
    return flattened(rendered.text), flattened(visible_text(rendered.html))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", NARROW_SPACE)


def _expected_reason(language: str, reason: ReasonView) -> str:
    """A reason's sentence as the notice must show it: codes labelled, numbers in the language's form."""
    values: dict[str, str] = {}
    for name, value in reason.params.items():
        if name in REASON_PARAM_GROUPS:
            values[name] = LABELS[language][REASON_PARAM_GROUPS[name]][str(value)]
        elif isinstance(value, int):
            values[name] = _number(value)
        else:
            values[name] = f"{value:g}".replace(".", DECIMAL_MARK[language])
    return LABELS[language]["reason"][reason.code] % values


# --- every kind renders -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders(kind: str, language: str, detail: str, role: str) -> None:
    """Each kind, language, detail level and customer role gives a subject, a text within 78 columns and HTML."""
    context = BUILDERS[kind](language=language, detail=detail, customer_role=role)
    rendered = render_context(context)
    assert rendered.subject.startswith(f"[{context.reference}] ")
    assert "\n" not in rendered.subject
    assert rendered.text.strip()
    assert max(len(line) for line in rendered.text.splitlines()) <= 78
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in rendered.html
    assert context.sender.dpo.email in rendered.text
    assert context.notice_key in flattened(rendered.text)


@pytest.mark.parametrize("alert", ALERTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_alert_renders(language: str, alert: str) -> None:
    """Each alert, in each language: what, which customer and case, by when, why, and what to do."""
    context = internal_alert_context(language=language, alert=alert, before="risk", after="high", count=3)
    assert context.customer is not None
    assert context.due_at is not None
    assert context.reason is not None
    rendered = render_context(context)
    assert rendered.subject.startswith(f"[{context.reference}] ")
    assert LABELS[language]["alert"][alert] in rendered.subject
    assert context.customer in rendered.subject
    assert max(len(line) for line in rendered.text.splitlines()) <= 78
    for shown in _both(rendered):
        for value in (context.reference, context.customer, context.due_at, context.reason, "`breach "):
            assert value in shown
        assert LABELS[language]["risk"]["high"] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_internal_alert_names_the_command_to_run(language: str) -> None:
    """A failed delivery points to the outbox, with the command to inspect it."""
    rendered = render_context(internal_alert_context(language=language, alert="delivery_failed"))
    assert "`breach outbox list`" in flattened(rendered.text)
    assert "`breach outbox list`" in visible_text(rendered.html)


def test_every_notice_kind_has_its_templates() -> None:
    """Every notice kind has a subject, a text and an HTML file in every language."""
    root = Path(__file__).resolve().parents[2] / "templates"
    for kind in NoticeKind:
        for language in LANGUAGES:
            for suffix in ("subject", "txt", "html"):
                assert (root / kind.value / f"{language}.{suffix}").is_file(), f"{kind.value}/{language}.{suffix}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [*KINDS, "internal_alert"])
def test_possible_repeat_is_flagged(kind: str, language: str) -> None:
    """A resent message says so at the end of its subject and before its heading, quoting its key."""
    build = internal_alert_context if kind == "internal_alert" else BUILDERS[kind]
    plain = render_context(build(language=language))
    again = render_context(build(language=language, possible_duplicate=True))
    assert again.subject == f"{plain.subject} {REPEAT[language]}"
    first_paragraph = again.text.split("\n\n", 1)[0]
    assert build().notice_key in flattened(first_paragraph)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [*KINDS, "internal_alert"])
def test_text_and_html_say_the_same(kind: str, language: str) -> None:
    """The plain text and the HTML use exactly the same words, so neither format says more."""
    if kind == "internal_alert":
        contexts: list[NoticeContext | AlertContext] = [internal_alert_context(language=language)]
    else:
        contexts = [
            BUILDERS[kind](language=language, detail=detail, customer_role=role) for detail in DETAILS for role in ROLES
        ]
    for context in contexts:
        rendered = render_context(context)
        assert word_set(rendered.text) == word_set(visible_text(rendered.html))


# --- minimal notices and inert text -------------------------------------------------------------


def _withheld(context: NoticeContext) -> list[str]:
    """Everything about the incident itself that a chat channel must not carry."""
    language = context.language
    secrets = [context.title]
    secrets += [
        text
        for text in (
            context.narrative.nature,
            context.narrative.likely_consequences,
            context.narrative.measures_taken,
            context.narrative.measures_proposed,
            context.early_note,
        )
        if text is not None
    ]
    if context.facts is not None:
        secrets += [LABELS[language]["data_category"][code] for code in context.facts.data_categories]
    if context.assessment is not None:
        secrets.append(LABELS[language]["risk"][context.assessment.risk])
        secrets += [_expected_reason(language, reason) for reason in context.assessment.reasons]
    secrets += [c.after for c in context.changes if isinstance(c.after, str) and c.kind == "text"]
    if context.retraction is not None:
        secrets.append(context.retraction.reason)
    if context.security is not None and context.security.service_impact is not None:
        secrets.append(context.security.service_impact)
    if context.closing is not None:
        secrets += [report.summary for report in context.closing.reports if report.summary]
    if context.destruction is not None:
        secrets.append(context.destruction.removed_sha256)
    if context.packs:
        secrets += [f"PACK-{context.reference}-{kind}" for kind in context.packs]
    return secrets


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_minimal_notice_leaves_out_the_facts(kind: str, language: str, role: str) -> None:
    """A chat-channel message names nothing of the incident's facts, yet keeps the reference, key and DPO."""
    context = BUILDERS[kind](language=language, detail="minimal", customer_role=role)
    secrets = _withheld(context)
    assert secrets
    rendered = render_context(context)
    for shown in _both(rendered):
        for secret in secrets:
            assert secret not in shown
        assert context.reference in shown
        assert context.sender.dpo.email in shown
        assert context.notice_key in shown


def _payload_overrides(kind: str) -> dict[str, Any]:
    """Incident text typed by people, in every field of ``kind`` that carries some."""
    narrative = NarrativeView(
        nature=PAYLOAD,
        likely_consequences=PAYLOAD,
        measures_taken=PAYLOAD,
        measures_proposed=PAYLOAD,
        contact_point=PAYLOAD,
        ongoing=True,
    )
    overrides: dict[str, Any] = {"title": PAYLOAD, "customer_name": PAYLOAD, "narrative": narrative}
    if kind == "contact_check":
        return {"customer_name": PAYLOAD}
    extra: dict[str, dict[str, Any]] = {
        "early_warning": {"early_note": PAYLOAD},
        "update": {"changes": (Change(path="narrative.nature", kind="text", before="earlier", after=PAYLOAD),)},
        "all_clear": {"retraction": RETRACTION.model_copy(update={"reason": PAYLOAD})},
        "closing": {
            "closing": CLOSING.model_copy(
                update={"reports": (ReportLine(event="authority-not-notified", occurred_at="x", summary=PAYLOAD),)}
            )
        },
        "security_incident": {"security": SECURITY.model_copy(update={"service_impact": PAYLOAD})},
    }
    return {**overrides, **extra.get(kind, {})}


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_incident_text_is_inert(kind: str, language: str, detail: str) -> None:
    """Template syntax and markup typed into an incident come out as literal text, escaped in HTML."""
    rendered = render_context(BUILDERS[kind](language=language, detail=detail, **_payload_overrides(kind)))
    assert_inert(rendered)


@pytest.mark.parametrize("language", LANGUAGES)
def test_alert_text_is_inert(language: str) -> None:
    """A customer name or a reason holding markup stays literal in an internal alert too."""
    rendered = render_context(internal_alert_context(language=language, customer=PAYLOAD, reason=PAYLOAD))
    assert PAYLOAD in rendered.text
    assert PAYLOAD in rendered.subject
    assert "<script" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    for shown in (rendered.subject, rendered.text, rendered.html):
        assert "49" not in shown


# --- what each kind says -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_early_warning_is_not_a_breach_notice(language: str) -> None:
    """An early warning says it is no confirmed breach, starts no clock, and gives our note and first facts."""
    context = early_warning_context(language=language)
    assert context.early_note is not None
    assert context.narrative.nature is not None
    assert context.controller_deadline is not None
    for shown in _both(render_context(context)):
        assert NOT_CONFIRMED[language] in shown.lower()
        assert context.controller_deadline.due not in shown
        assert context.early_note in shown
        assert context.narrative.nature in shown
        assert context.sender.security_lead.email in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_shows_what_changed(language: str) -> None:
    """Numbers, codes and yes/no show before -> after with the language's words; a text shows its new wording."""
    labels = LABELS[language]
    expected = (
        f"{_number(9800)} → {_number(12345)}",
        labels["data_category"]["financial"],
        labels["data_category"]["location"],
        f"{labels['exfiltration']['ruled_out']} → {labels['exfiltration']['cannot_rule_out']}",
        f"{labels['yesno']['unknown']} → {labels['yesno']['true']}",
        labels["field"]["facts.data_subjects"][1:],
        str(CHANGES[0].after),
    )
    for shown in _both(render_context(update_context(language=language))):
        for value in expected:
            assert value in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_stands_alone(language: str) -> None:
    """After its changes an update repeats the complete facts, with the customer's own numbers."""
    context = update_context(language=language)
    assert context.facts is not None
    assert context.facts.records is not None
    for shown in _both(render_context(context)):
        assert _number(context.facts.records) in shown
        assert _number(context.facts.data_subjects) in shown
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
    for shown in _both(render_context(context)):
        for reason in context.assessment.reasons:
            assert _expected_reason(language, reason) in shown
        assert CONTROLLER_DECIDES[language] in shown.lower()
        assert LABELS[language]["channel"]["individual"] in shown
        assert CONTROLLER_DEADLINE.due in shown
        assert SUBJECTS_DEADLINE.due in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_code_renders_in_every_language(language: str) -> None:
    """All reason codes of breach.risk_reasons, with their params, render with numbers in the language's form."""
    reasons = tuple(
        ReasonView(code=code, source=spec.source, params={name: SAMPLE_PARAMS[name] for name in spec.params})
        for code, spec in REASONS.items()
    )
    assessment = ASSESSMENT.model_copy(update={"reasons": reasons})
    shown = _both(render_context(risk_recommendation_context(language=language, assessment=assessment)))
    for reason in reasons:
        for flat in shown:
            assert _expected_reason(language, reason) in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_severity_score_uses_the_decimal_mark(language: str) -> None:
    """The ENISA score is written with the language's decimal mark."""
    context = risk_recommendation_context(language=language, assessment=ASSESSMENT)
    score = f"3{DECIMAL_MARK[language]}5"
    for shown in _both(render_context(context)):
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
    for shown in _both(render_context(context)):
        assert LABELS[language]["exemption"][exemption] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_communication_replaces_individual_contact(language: str) -> None:
    """Where contacting each person is disproportionate, a public communication is recommended (Art. 34(3)(c))."""
    facts = BREACH_FACTS.model_copy(update={"individual_contact_disproportionate": True})
    context = risk_recommendation_context(language=language, assessment=assessed(facts))
    for shown in _both(render_context(context)):
        assert LABELS[language]["channel"]["public"] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_processor_is_asked_to_pass_the_recommendation_on(language: str) -> None:
    """A reseller is not told that it decides; it is asked to pass the recommendation to its controllers."""
    context = risk_recommendation_context(language=language, customer_role="processor", controller_deadline=None)
    for shown in _both(render_context(context)):
        assert CONTROLLER_DECIDES[language] not in shown.lower()


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_all_clear_closes_the_case_without_a_deadline(language: str, detail: str) -> None:
    """An all-clear lets the customer close its case and withdraw its notification, and names no deadline."""
    context = all_clear_context(language=language, detail=detail)
    assert context.controller_deadline is not None
    assert context.sla_deadline is not None
    for shown in _both(render_context(context)):
        lowered = shown.lower()
        assert CLOSE_CASE[language] in lowered
        assert WITHDRAW[language] in lowered
        assert NO_DEADLINE[language] in lowered
        assert context.controller_deadline.due not in shown
        assert context.sla_deadline.due not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_all_clear_gives_its_reason(language: str) -> None:
    """The full all-clear states why the incident was no personal data breach."""
    for shown in _both(render_context(all_clear_context(language=language))):
        assert RETRACTION.reason in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_retraction_names_the_retracted_notice(language: str) -> None:
    """A correction is headed and titled as a retraction, and names the notice it retracts."""
    retraction = RETRACTION.model_copy(update={"mode": "correction", "retracts": "nk-7f3a9c2e-0001"})
    clear = render_context(all_clear_context(language=language))
    rendered = render_context(all_clear_context(language=language, retraction=retraction))
    assert rendered.subject != clear.subject
    assert rendered.text.split("\n", 1)[0] != clear.text.split("\n", 1)[0]
    for shown in _both(rendered):
        assert "nk-7f3a9c2e-0001" in shown
        assert RETRACTION.reason in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_lists_the_reported_decisions(language: str) -> None:
    """A closing notice gives its closing time and every reported event with its time and summary."""
    context = closing_context(language=language)
    assert context.closing is not None
    assert context.assessment is not None
    for shown in _both(render_context(context)):
        assert context.closing.closed_at in shown
        for report in context.closing.reports:
            assert report.occurred_at in shown
            assert LABELS[language]["event"][report.event] in shown
            assert report.summary in shown
        for reason in context.assessment.reasons:
            assert _expected_reason(language, reason) in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_without_reports_asks_for_the_decisions(language: str) -> None:
    """With no reported decision the closing notice still renders and lists none."""
    context = closing_context(language=language, closing=CLOSING.model_copy(update={"reports": ()}))
    rendered = render_context(context)
    for report in CLOSING.reports:
        assert report.occurred_at not in rendered.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_security_incident_is_not_a_breach(language: str) -> None:
    """A security incident says it is no personal data breach, gives its impact and the DORA note."""
    context = security_incident_context(language=language)
    assert SECURITY.service_impact is not None
    plain = render_context(security_incident_context(language=language, financial_entity=False))
    for shown in _both(render_context(context)):
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
    for shown in _both(rendered):
        assert context.check_id in shown
        assert context.title not in shown
        assert CONTROLLER_DEADLINE.due not in shown


# --- missing content is an error ---------------------------------------------------------------

MISSING: dict[str, tuple[str, dict[str, Any]]] = {
    "all_clear-retraction": ("all_clear", {"retraction": None}),
    "closing-closing": ("closing", {"closing": None}),
    "security-security": ("security_incident", {"security": None}),
    "recommendation-assessment": ("risk_recommendation", {"assessment": None}),
    "check-ack_url": ("contact_check", {"ack_url": None}),
}


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("case", MISSING, ids=list(MISSING))
def test_missing_kind_content_is_a_render_error(case: str, detail: str) -> None:
    """A kind whose stored details lack what it must say fails instead of rendering a gap."""
    kind, overrides = MISSING[case]
    with pytest.raises(RenderError, match="required"):
        render_context(BUILDERS[kind](detail=detail, **overrides))


def test_unknown_alert_is_a_render_error() -> None:
    """An alert code without a text stops the alert instead of sending an empty one."""
    with pytest.raises(RenderError, match=r"alert\.no_such_alert"):
        render_context(internal_alert_context(alert="no_such_alert"))


def test_unknown_event_is_a_render_error() -> None:
    """A reported event without a text stops the closing notice."""
    closing = CLOSING.model_copy(update={"reports": (ReportLine(event="no-such-event", occurred_at="x"),)})
    with pytest.raises(RenderError, match=r"event\.no-such-event"):
        render_context(closing_context(closing=closing))


def test_unknown_changed_field_is_a_render_error() -> None:
    """A changed field without a name in the ``field`` labels stops the update."""
    changes = (Change(path="facts.no_such_field", kind="number", before=1, after=2),)
    with pytest.raises(RenderError, match=r"field\.facts\.no_such_field"):
        render_context(update_context(changes=changes))


@pytest.mark.parametrize("template", ["{{ changes.no_such_field }}", "{{ retraction.no_such_field }}"])
def test_missing_field_is_a_render_error(tmp_path: Path, template: str) -> None:
    """A template asking for a field the context lacks fails instead of printing nothing."""
    (tmp_path / "all_clear").mkdir()
    for suffix in ("subject", "txt", "html"):
        (tmp_path / "all_clear" / f"en.{suffix}").write_text(template, encoding="utf-8")
    with pytest.raises(RenderError):
        render("all_clear", "en", all_clear_context(), directory=str(tmp_path))


# --- labels ----------------------------------------------------------------------------------------


def test_reason_labels_use_the_params_of_the_english_line() -> None:
    """Each language words every reason code with exactly the params of its line in breach.risk_reasons."""
    for language in LANGUAGES:
        assert set(LABELS[language]["reason"]) == set(REASONS), language
        for code, spec in REASONS.items():
            used = PLACEHOLDER.findall(LABELS[language]["reason"][code])
            assert sorted(used) == sorted(spec.params), f"{language} {code}"
            assert "%" not in PLACEHOLDER.sub("", LABELS[language]["reason"][code]), f"{language} {code}"


def test_labels_cover_the_new_vocabularies() -> None:
    """Exemptions, channels, alerts, reported events and changed fields each have a text for every code."""
    assert set(LABELS["en"]["exemption"]) == set(get_args(Exemption))
    assert set(LABELS["en"]["channel"]) == set(get_args(Channel))
    assert set(LABELS["en"]["alert"]) == set(ALERTS)
    assert set(LABELS["en"]["event"]) == set(EVENTS)
    assert set(LABELS["en"]["field"]) == {path for path, _, _ in FIELDS}


def test_change_groups_have_labels() -> None:
    """Every label group a changed field's codes belong to exists."""
    for _, _, group in FIELDS:
        assert group is None or group in LABELS["en"]


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


def _context(kind: NoticeKind, details: dict[str, Any], *, passed: dict[str, Any] | None = None) -> NoticeContext:
    notice, incident, customer = _records(kind, details)
    return notice_context(
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


def test_update_details_become_changes() -> None:
    """An update's stored changes become ``Change`` views with the codes added and removed."""
    stored = [
        {"path": "facts.data_categories", "group": "data_category", "kind": "codes", "before": ["contact"],
         "after": ["contact", "financial"]},
        {"path": "facts.data_subjects", "group": None, "kind": "number", "before": 10, "after": 12},
    ]  # fmt: skip
    context = _context(NoticeKind.UPDATE, {"changes": stored})
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
    context = _context(NoticeKind.ALL_CLEAR, {"reason": "Test data only.", "retracts": "nk-0", "mode": "correction"})
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
    context = _context(NoticeKind.CLOSING, details)
    assert context.closing is not None
    assert context.closing.closed_at == "2025-04-02 17:00 CEST (+02:00)"
    assert context.closing.reports[0].occurred_at == "2025-03-16 11:20 CET (+01:00)"


def test_security_and_early_warning_and_check_details() -> None:
    """The security incident's significance and impact, the early warning's note and the check id arrive."""
    security = _context(NoticeKind.SECURITY_INCIDENT, {"significant": True, "service_impact": "47 minutes down."})
    assert security.security is not None
    assert security.security.significant
    assert _context(NoticeKind.EARLY_WARNING, {"note": "Under investigation."}).early_note == "Under investigation."
    assert _context(NoticeKind.CONTACT_CHECK, {"check_id": "chk-1"}).check_id == "chk-1"


def test_recommendation_deadlines_are_shown_in_the_customers_zone() -> None:
    """The deadlines that follow a recommendation are re-shown from their UTC instant in the customer's zone."""
    line = {"rule": "gdpr.34.1", "due": "2025-03-18T09:00:00Z", "due_utc": "2025-03-18T09:00:00+00:00", "hours": 72}
    context = _context(NoticeKind.RISK_RECOMMENDATION, {"deadlines": [line]})
    assert context.deadlines[0].due == "2025-03-18 10:00 CET (+01:00)"
    assert context.deadlines[0].rule == "gdpr.34.1"


def test_details_default_to_the_notices_own() -> None:
    """Without ``details`` the builder reads the notice row's; passed details take precedence."""
    stored = {"reason": "Stored reason."}
    assert _context(NoticeKind.ALL_CLEAR, stored).retraction is not None
    passed = _context(NoticeKind.ALL_CLEAR, stored, passed={"reason": "Passed reason."}).retraction
    assert passed is not None
    assert passed.reason == "Passed reason."


def test_old_callers_get_empty_kind_content() -> None:
    """An initial notice built as before has no kind-specific content, and its clocks are unchanged."""
    context = _context(NoticeKind.INITIAL, {})
    assert (context.changes, context.retraction, context.closing, context.security) == ((), None, None, None)
    assert context.deadlines == ()
    assert context.controller_deadline is not None
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
    """The recommendation the tests render is what breach.risk says for the fixture's facts."""
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
    for shown in _both(render_context(context)):
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
    for shown in _both(render_context(context)):
        assert destruction.removed_sha256 in shown
        assert destruction.closed_at in shown
        assert destruction.destroyed_at in shown
        assert _number(destruction.retention_days) in shown
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
    record = _context(NoticeKind.DESTRUCTION, details).destruction
    assert record is not None
    assert [(line.item, line.count) for line in record.lines] == [
        ("incident.description", 1),
        ("sent_message.content", 2),
    ]
    assert (record.destroyed_at, record.closed_at) == (
        "2030-04-03 02:00 CEST (+02:00)",
        "2025-04-02 17:00 CEST (+02:00)",
    )
    assert _context(NoticeKind.DESTRUCTION, {}).destruction is None
    assert _context(NoticeKind.SUPPORT_PACK, {"packs": ["authority", "dpia"]}).packs == ("authority", "dpia")
