"""Reading a rendered notice as its reader does, for the rendering tests: the visible words, unwrapped."""

from __future__ import annotations

import html
import re

from notifications.context.build import AlertContext, NoticeContext
from notifications.render.rendering import Rendered, render

# Template syntax, a raw block and markup, as someone might type them into an incident or a customer name.
PAYLOAD = "{{ 7*7 }} {% raw %} <script>alert(1)</script>"


def render_context(context: NoticeContext | AlertContext) -> Rendered:
    """The notice of ``context``, in its own kind and language."""
    return render(context.kind, context.language, context)


def visible_text(markup: str) -> str:
    """What a reader of the HTML sees: tags dropped, entities decoded."""
    body = re.sub(r"<title>.*?</title>", " ", markup, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def flattened(text: str) -> str:
    """Text with its wrapping undone (ASCII spaces only: the narrow no-break space in numbers stays)."""
    return re.sub(r"[ \n]+", " ", text)


def word_set(text: str) -> set[str]:
    """The words of ``text``, case folded: what two formats of one notice must share."""
    return set(re.findall(r"\w+", text.casefold()))


def assert_inert(rendered: Rendered) -> None:
    """``PAYLOAD`` shown as literal text in the subject and the text, escaped in the HTML, never evaluated."""
    assert PAYLOAD in rendered.text
    assert PAYLOAD in rendered.subject
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "{{ 7*7 }}" in rendered.html
    assert "<script" not in rendered.html
    for shown in (rendered.subject, rendered.text, rendered.html):
        assert "49" not in shown
