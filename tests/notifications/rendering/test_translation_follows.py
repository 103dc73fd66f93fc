"""A notice whose texts are shown in a fallback language says so in its own language (issue 17)."""

from __future__ import annotations

import pytest

from notifications.i18n.catalogues import message
from tests.notice_contexts import complete_context
from tests.rendered_text import render_context, visible_text


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_notice_says_in_its_language_that_a_translation_follows(language: str) -> None:
    context = complete_context(language=language, translation_follows=("nature",), translation_from="en")
    rendered = render_context(context)
    note = message(language, "notice", "translation_follows.en")
    assert note.split()[0] in rendered.text
    assert " ".join(note.split()) in " ".join(rendered.text.split())
    assert " ".join(note.split()) in " ".join(visible_text(rendered.html).split())


def test_no_promise_without_a_fallback() -> None:
    rendered = render_context(complete_context(language="nl"))
    assert message("nl", "notice", "translation_follows.en")[:30] not in rendered.text
