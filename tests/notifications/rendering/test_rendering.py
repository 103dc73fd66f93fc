"""Breach notice templates: every kind, language and detail renders, says what the law asks, and stays inert.

The contexts come from ``tests/notice_contexts.py``; the phrases checked per language are the ones a
reader relies on (LAW.md section 3; DESIGN.md habit 11).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from breach.vocabulary import DATA_KINDS, SUBJECT_KINDS, NoticeKind
from notifications.context.build import NarrativeView, NoticeContext
from notifications.i18n.catalogues import label_groups
from notifications.render.rendering import RenderError, render
from tests.notice_contexts import (
    CONTROLLER_DEADLINE,
    FACTS,
    NARRATIVE,
    complete_context,
    early_context,
    minimal_context,
    open_items_context,
    processor_context,
)
from tests.rendered_text import PAYLOAD, assert_inert, flattened, render_context, visible_text, word_set

KINDS = ("initial", "pass_on")
LANGUAGES = ("nl", "fr", "de", "en")
# Every label group in every language, as the catalogues hold them.
LABELS = {language: label_groups(language) for language in LANGUAGES}
DETAILS = ("full", "minimal")

# The start of the sentence that stands in for every missing item (GDPR Art. 33(4)), lower case; the
# dashes are the typographic ones each language uses (en dash, em dash in English).
NOT_YET_KNOWN = {
    "nl": "nog niet bekend \u2013 wij sturen dit na in een aanvulling",
    "fr": "information non encore connue \u2013 nous la communiquerons dans une mise à jour",
    "de": "noch nicht bekannt \u2013 wir teilen es ihnen in einer folgemeldung mit",
    "en": "not yet known — we will send it in an update",
}

# A reseller's own duty: pass the notice on without undue delay (GDPR Art. 33(2)).
PASS_ON_DUTY = {
    "nl": "zonder onredelijke vertraging doorgeven aan elke betrokken verwerkingsverantwoordelijke",
    "fr": "transmettre la présente notification à chaque responsable du traitement concerné dans les meilleurs délais",
    "de": "unverzüglich an jeden betroffenen verantwortlichen weiterleiten",
    "en": "pass this notice on to each controller concerned without undue delay",
}

# The GDPR's own name for the breach, as the subject line must carry it.
BREACH_TERM = {
    "nl": "inbreuk in verband met persoonsgegevens",
    "fr": "violation de données à caractère personnel",
    "de": "verletzung des schutzes personenbezogener daten",
    "en": "personal data breach",
}


NARROW_SPACE = "\u202f"
# The customer's own count (12345) and its 72-hour deadline (CONTROLLER_DEADLINE) as each reader sees them.
COUNT_SHOWN = {"nl": "12.345", "fr": f"12{NARROW_SPACE}345", "de": "12.345", "en": "12,345"}
DEADLINE_SHOWN = {
    "nl": "17 maart 2025 om 16:30 CET (UTC+01:00)",
    "fr": "17 mars 2025 à 16:30 CET (UTC+01:00)",
    "de": "17. März 2025, 16:30 CET (UTC+01:00)",
    "en": "17 March 2025, 16:30 CET (UTC+01:00)",
}

BUILDERS: dict[str, Callable[..., NoticeContext]] = {"initial": complete_context, "pass_on": processor_context}


def _context(kind: str, language: str, detail: str = "full", **overrides: Any) -> NoticeContext:
    return BUILDERS[kind](language=language, detail=detail, **overrides)


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_notice_renders(kind: str, language: str, detail: str) -> None:
    """Each kind, language and detail level gives a one-line subject, a text and an HTML document."""
    context = _context(kind, language, detail)
    rendered = render_context(context)
    assert rendered.subject.startswith(f"[{context.reference}] ")
    assert BREACH_TERM[language] in rendered.subject.lower()
    assert "\n" not in rendered.subject
    assert rendered.text.strip()
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in rendered.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_complete_notice_carries_the_essentials(language: str) -> None:
    """A full initial notice shows the reference, the customer's own count, its deadline, the DPO and the key."""
    context = _context("initial", language)
    assert context.controller_deadline is not None
    assert context.ack_url is not None
    rendered = render_context(context)
    expected = (
        context.reference,
        COUNT_SHOWN[language],
        DEADLINE_SHOWN[language],
        context.sender.dpo.email,
        context.notice_key,
        context.ack_url,
        context.lead_authority,
    )
    for shown in (rendered.text, visible_text(rendered.html)):
        for value in expected:
            assert value in flattened(shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pass_on_notice_states_the_resellers_duty(language: str) -> None:
    """A reseller is told to pass the notice on without undue delay and is given no 72-hour deadline."""
    rendered = render_context(_context("pass_on", language))
    for shown in (rendered.text, visible_text(rendered.html)):
        flat = flattened(shown).lower()
        assert PASS_ON_DUTY[language] in flat
        assert DEADLINE_SHOWN[language].lower() not in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_complete_notice_has_nothing_left_open(language: str) -> None:
    """With every item known, no "not yet known" sentence appears."""
    rendered = render_context(_context("initial", language))
    for shown in (rendered.text, visible_text(rendered.html)):
        assert NOT_YET_KNOWN[language] not in flattened(shown).lower()


OPEN_ITEMS: dict[str, dict[str, Any]] = {
    "nature-none": {"narrative": NARRATIVE.model_copy(update={"nature": None})},
    "consequences-none": {"narrative": NARRATIVE.model_copy(update={"likely_consequences": None})},
    "measures-taken-none": {"narrative": NARRATIVE.model_copy(update={"measures_taken": None})},
    "ongoing-none": {"narrative": NARRATIVE.model_copy(update={"ongoing": None})},
    "occurred-none": {"occurred_at": None},
    "records-none": {"facts": FACTS.model_copy(update={"records": None})},
    "malicious-none": {"facts": FACTS.model_copy(update={"malicious": None})},
    "facts-none": {"facts": None, "assessment": None},
    "services-none": {"services": ()},
    "nature-marked": {
        "narrative": NARRATIVE.model_copy(update={"nature": None}),
        "not_yet_known": ("nature",),
    },
    "numbers-marked": {"not_yet_known": ("categories_and_numbers",)},
    "contact-marked": {"not_yet_known": ("contact_point",)},
}


@pytest.mark.parametrize("case", OPEN_ITEMS, ids=list(OPEN_ITEMS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_item_says_not_yet_known(language: str, case: str) -> None:
    """An item that is empty or marked open is stated as not yet known, in the notice's language."""
    rendered = render_context(_context("initial", language, **OPEN_ITEMS[case]))
    for shown in (rendered.text, visible_text(rendered.html)):
        assert NOT_YET_KNOWN[language] in flattened(shown).lower()


@pytest.mark.parametrize("language", LANGUAGES)
def test_marked_items_are_listed_by_name(language: str) -> None:
    """Every item marked not yet known is also named near the top of the notice."""
    context = open_items_context(language=language)
    rendered = render_context(context)
    flat = flattened(rendered.text)
    for item in context.not_yet_known:
        assert LABELS[language]["item"][item] in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_early_notice_announces_what_follows(language: str) -> None:
    """Without facts or assessment the notice still renders, with every gap stated."""
    rendered = render_context(early_context(language=language))
    assert NOT_YET_KNOWN[language] in flattened(rendered.text).lower()
    assert early_context().sender.dpo.email in rendered.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_minimal_notice_leaves_out_the_facts(kind: str, language: str) -> None:
    """A chat-channel notice names neither the breach's nature, nor its data categories, nor its consequences."""
    context = _context(kind, language, "minimal")
    assert context.narrative.nature is not None
    assert context.narrative.likely_consequences is not None
    assert context.facts is not None
    rendered = render_context(context)
    withheld = [
        context.title,
        context.narrative.nature,
        context.narrative.likely_consequences,
        *(LABELS[language]["data_category"][code] for code in context.facts.data_categories),
    ]
    for shown in (rendered.text, visible_text(rendered.html)):
        flat = flattened(shown)
        for secret in withheld:
            assert secret not in flat
        assert context.reference in flat
        assert context.sender.dpo.email in flat
        assert context.notice_key in flat


@pytest.mark.parametrize("language", LANGUAGES)
def test_minimal_initial_notice_keeps_the_deadline(language: str) -> None:
    """A controller's chat notice still shows when its 72 hours end."""
    context = minimal_context(language=language)
    assert context.controller_deadline is not None
    rendered = render_context(context)
    assert context.controller_deadline.due == CONTROLLER_DEADLINE.due
    assert DEADLINE_SHOWN[language] in flattened(rendered.text)
    assert DEADLINE_SHOWN[language] in rendered.html


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_incident_text_is_inert(language: str, detail: str) -> None:
    """Template syntax and markup typed into an incident come out as literal text, escaped in HTML."""
    narrative = NarrativeView(
        nature=PAYLOAD,
        likely_consequences=PAYLOAD,
        measures_taken=PAYLOAD,
        measures_proposed=PAYLOAD,
        contact_point=PAYLOAD,
        ongoing=True,
    )
    context = _context("initial", language, detail, title=PAYLOAD, customer_name=PAYLOAD, narrative=narrative)
    rendered = render_context(context)
    assert_inert(rendered)


@pytest.mark.parametrize("language", LANGUAGES)
def test_possible_duplicate_is_flagged_at_the_top(language: str) -> None:
    """A resent notice says so in its subject and before its heading, quoting the notice key."""
    plain = render_context(_context("initial", language))
    again = render_context(_context("initial", language, possible_duplicate=True))
    assert again.subject.startswith(plain.subject)
    assert again.subject != plain.subject
    first_paragraph = again.text.split("\n\n", 1)[0]
    assert complete_context().notice_key in flattened(first_paragraph)
    key = complete_context().notice_key
    assert again.html.count(key) == plain.html.count(key) + 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_text_and_html_say_the_same(kind: str, language: str) -> None:
    """The plain text and the HTML use exactly the same words, so neither format says more."""
    for detail in DETAILS:
        rendered = render_context(_context(kind, language, detail))
        assert word_set(rendered.text) == word_set(visible_text(rendered.html))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_text_lines_fit_78_columns(kind: str, language: str) -> None:
    """Plain text wraps at 78 columns so that it reads in any mail client."""
    for context in (_context(kind, language), open_items_context(kind=kind, language=language)):
        assert max(len(line) for line in render_context(context).text.splitlines()) <= 78


def _write(directory: Path, text: str) -> str:
    """A templates folder whose customer frame (subject, text and HTML) is ``text``."""
    (directory / "_shared").mkdir()
    for suffix in ("subject", "txt", "html"):
        (directory / "_shared" / f"breach_notice.{suffix}").write_text(text, encoding="utf-8")
    return str(directory)


@pytest.mark.parametrize(
    "template",
    ["{{ no_such_field }}", "{{ sender.no_such_field }}", "{{ facts.no_such_field }}"],
)
def test_missing_field_is_a_render_error(tmp_path: Path, template: str) -> None:
    """A template asking for a field the context lacks fails instead of printing nothing."""
    directory = _write(tmp_path, template)
    with pytest.raises(RenderError):
        render("initial", "en", complete_context(), directory=directory)


@pytest.mark.parametrize(
    "template",
    ['{{ "stolen" | label("breach_type") }}', '{{ "confidentiality" | label("no_such_group") }}'],
)
def test_unknown_label_is_a_render_error(tmp_path: Path, template: str) -> None:
    """A code or group without a text fails instead of printing nothing."""
    directory = _write(tmp_path, template)
    with pytest.raises(RenderError, match="label"):
        render("initial", "en", complete_context(), directory=directory)


def test_unknown_code_in_the_facts_is_a_render_error() -> None:
    """A fact whose code has no label stops the real notice too."""
    context = complete_context(facts=FACTS.model_copy(update={"exfiltration": "probably"}))
    with pytest.raises(RenderError, match=r"exfiltration\.probably"):
        render_context(context)


def test_labels_cover_the_engines_vocabularies() -> None:
    """The DPA's data and subject kinds and every notice kind have a text."""
    assert set(LABELS["en"]["data_kind"]) == set(DATA_KINDS)
    assert set(LABELS["en"]["subject_kind"]) == set(SUBJECT_KINDS)
    assert set(LABELS["en"]["kind"]) == {kind.value for kind in NoticeKind}
