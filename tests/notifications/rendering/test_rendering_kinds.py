"""The further notice kinds render in every language, detail and role, with their templates; a repeat is flagged,
text and HTML say the same; a minimal notice leaves out the facts, and incident and alert text stays inert.

The contexts come from ``tests.notice_contexts`` and ``tests.notice_kind_contexts``; the phrases checked per
language (``tests.notifications.rendering.kind_phrases``) are the ones a reader relies on (LAW.md sections 1, 3,
4; DESIGN.md habit 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from breach.vocabulary import NoticeKind
from notifications.context.build import (
    ALERTS,
    AlertContext,
    Change,
    NarrativeView,
    NoticeContext,
    ReportLine,
)
from notifications.context.kinds.all_clear import AllClearContext
from notifications.context.kinds.closing import ClosingContext
from notifications.context.kinds.destruction import DestructionContext
from notifications.context.kinds.security_incident import SecurityIncidentContext
from notifications.context.kinds.support_pack import SupportPackContext
from notifications.context.kinds.update import UpdateContext
from notifications.i18n.catalogues import message
from tests.notice_contexts import internal_alert_context
from tests.notice_kind_contexts import (
    BUILDERS,
    CLOSING,
    RETRACTION,
    SECURITY,
)
from tests.notifications.rendering.kind_phrases import (
    DETAILS,
    KINDS,
    LABELS,
    LANGUAGES,
    LOCAL_TIME,
    REPEAT,
    ROLES,
    UNWORDED_TIME,
    flat_text_and_html,
    reason_sentence,
    worded_time,
)
from tests.rendered_text import PAYLOAD, assert_inert, flattened, render_context, visible_text, word_set

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
    assert not UNWORDED_TIME.search(rendered.text + rendered.html)


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
    assert not UNWORDED_TIME.search(rendered.text + rendered.html)
    for shown in flat_text_and_html(rendered):
        for value in (
            context.reference,
            context.customer,
            worded_time(context.due_at, language),
            context.reason,
            "`breach ",
        ):
            assert value in shown
        assert LABELS[language]["risk"]["high"] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_internal_alert_names_the_command_to_run(language: str) -> None:
    """A failed delivery points to the outbox, with the command to inspect it."""
    rendered = render_context(internal_alert_context(language=language, alert="delivery_failed"))
    assert "`breach outbox list`" in flattened(rendered.text)
    assert "`breach outbox list`" in visible_text(rendered.html)


def test_every_notice_kind_has_its_templates() -> None:
    """Every notice kind has its folder with a text and an HTML body, and its subject in every language's
    catalogue; no kind keeps per-language copies."""
    root = Path(__file__).resolve().parents[3] / "templates"
    for kind in NoticeKind:
        assert sorted(p.name for p in (root / kind.value).iterdir() if p.name.startswith("body.")) == [
            "body.html",
            "body.txt",
        ], kind.value
        assert not list((root / kind.value).glob("??.*")), kind.value
        for language in LANGUAGES:
            assert message(language, "notice", f"subject_{kind.value}"), f"{language}: subject_{kind.value}"


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
            getattr(context, "early_note", None),
        )
        if text is not None
    ]
    if context.facts is not None:
        secrets += [LABELS[language]["data_category"][code] for code in context.facts.data_categories]
    if context.assessment is not None:
        secrets.append(LABELS[language]["risk"][context.assessment.risk])
        secrets += [reason_sentence(language, reason) for reason in context.assessment.reasons]
    # Each kind's own content, from its own model.
    if isinstance(context, UpdateContext):
        secrets += [c.after for c in context.changes if isinstance(c.after, str) and c.kind == "text"]
    if isinstance(context, AllClearContext) and context.retraction is not None:
        secrets.append(context.retraction.reason)
    if isinstance(context, SecurityIncidentContext) and context.security is not None:
        secrets += [context.security.service_impact] if context.security.service_impact is not None else []
    if isinstance(context, ClosingContext) and context.closing is not None:
        secrets += [report.summary for report in context.closing.reports if report.summary]
    if isinstance(context, DestructionContext) and context.destruction is not None:
        secrets.append(context.destruction.removed_sha256)
    if isinstance(context, SupportPackContext):
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
    for shown in flat_text_and_html(rendered):
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
                update={
                    "reports": (ReportLine(event="authority-not-notified", occurred_at=LOCAL_TIME, summary=PAYLOAD),)
                }
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
