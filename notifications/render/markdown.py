"""Text typed by people, made inert in Markdown: the Markdown forms of support packs hold incident narratives.

The HTML forms are autoescaped by Jinja; Markdown has no such switch, and a renderer (a controller's wiki,
a ticket system, a Git host) passes raw HTML through, so a narrative's ``<script>`` reached the page as a
script. Every string of a pack's context is escaped here before the Markdown templates see it, so our own
wording in the templates keeps its Markdown and whatever a person wrote is shown as written:

- ``<`` and ``>`` become entities (``&lt;``, ``&gt;``): no tag, no autolink, no block quote, in every
  Markdown dialect (a backslash before ``<`` is not understood by all of them); ``&`` only where it would
  start an entity, so "R&D" stays readable;
- ``\\``, backticks, ``*``, ``[``, ``]``, ``|`` and ``~`` are backslash-escaped: no link or image
  (``[text](url)``), no code span or fence, no emphasis, table cell or strike-through;
- at the start of every line, a ``#``, ``-``, ``+``, ``=`` or ``1.`` / ``1)`` is escaped: a narrative line
  cannot forge a heading, a list item, a setext underline or a horizontal rule.

Left alone on purpose: ``_`` (codes such as ``cannot_rule_out`` travel in the same context and are looked up
as labels; an underscore inside a word is never emphasis in CommonMark), and a bare URL, which a renderer
may link but whose text is its target, so it cannot disguise where it leads.
"""

from __future__ import annotations

import re
from typing import Any, Final

_INLINE: Final = re.compile(r"[\\`*\[\]|~]")
_ENTITY_START: Final = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START: Final = re.compile(r"^([ \t]*)([#+=-]|[0-9]{1,9}(?=[.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """``text`` shown as written by any Markdown renderer: no HTML, link, heading or list of its own."""
    out = _ENTITY_START.sub("&amp;", text)
    out = out.replace("<", "&lt;").replace(">", "&gt;")
    out = _INLINE.sub(lambda m: "\\" + m.group(), out)
    return _LINE_START.sub(_escape_line_start, out)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        # "2026." or "1)" would start an ordered list: escape the punctuation after the number.
        return indent + marker + "\\"
    return indent + "\\" + marker


def inert(value: Any) -> Any:
    """``value`` with every string in it escaped (mappings' keys kept), for a Markdown template's context."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(inert(item) for item in value)
    if isinstance(value, set | frozenset):
        return type(value)(inert(item) for item in value)
    return value
