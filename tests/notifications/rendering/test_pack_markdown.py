"""The Markdown forms of support packs show what people wrote as text: no HTML, link, image or heading of theirs.

Each form is rendered to HTML by a real CommonMark renderer with raw HTML allowed (markdown-it-py, as a
wiki or a Git host would), and the result is searched for anything the narrative could have injected.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import Engine
from sqlmodel import Session

from flows.usecases.support_packs import load_pack
from notifications.packs.case_packs import PACK_KINDS, PackContext, PackKind, render_pack
from notifications.packs.consultation import render_consultation_pack
from notifications.packs.support_notice import render_with_packs
from notifications.render.markdown import escape
from tests.factories import SENDER
from tests.notice_kind_contexts import support_pack_context
from tests.record_world import BREWERY, NOW, World, build, everywhere
from tests.unit.notifications.test_consultation_pack import _context as consultation_context

HOSTILE = (
    "<script>alert(1)</script> then <img src=x onerror=alert(2)>\n"
    "# Forged heading\n"
    "> forged quote\n"
    "1. forged list\n"
    "[click here](http://evil.example/phish) and ![pixel](http://evil.example/p.png)\n"
    "<http://evil.example/auto>\n"
    "```\nfenced\n```\n"
    "| a | b |\n|---|---|\n"
    "R&D &lt;b&gt; *bold*"
)
RENDERER = MarkdownIt("commonmark", {"html": True}).enable("table")


def _assert_inert(markdown: str) -> None:
    html = RENDERER.render(markdown)
    for forbidden in ("<script", "<img", "<a ", "Forged heading</h", "<blockquote", "<pre", "<table", "<em>bold"):
        assert forbidden not in html, forbidden
    assert "forged list</li>" not in html
    # What the person wrote is still there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "# Forged heading" in html
    assert "[click here](http://evil.example/phish)" in html


def _hostile_world(session: Session, db: Engine) -> World:
    world = build(session, db)
    incident = world.incident
    incident.title = "Mail cluster <b>breach</b> [details](http://evil.example)"
    incident.narrative = everywhere(
        incident.narrative, nature=HOSTILE, likely_consequences=HOSTILE, for_data_subjects=HOSTILE
    )
    world.session.add(incident)
    world.session.flush()
    return world


def _packs(world: World) -> list[PackContext]:
    return [
        load_pack(world.incident.reference, BREWERY, kind, session=world.session, sender=SENDER, now=NOW)
        for kind in PACK_KINDS
    ]


@pytest.mark.parametrize("kind", PACK_KINDS)
def test_each_pack_kind_shows_a_hostile_narrative_as_text(session: Session, db: Engine, kind: PackKind) -> None:
    """Authority, data-subject and DPIA drafts: the narrative's HTML and Markdown stay inert in the Markdown form."""
    world = _hostile_world(session, db)
    context = load_pack(world.incident.reference, BREWERY, kind, session=world.session, sender=SENDER, now=NOW)
    rendered = render_pack(context)
    _assert_inert(rendered.markdown)
    assert "<script>" not in rendered.html  # the HTML form was already escaped, and still is


def test_the_consultation_pack_shows_the_customers_text_as_text() -> None:
    """The prior-consultation pack's purposes (customer input) are inert in its Markdown form."""
    context = consultation_context("en").model_copy(update={"purposes": HOSTILE})
    _assert_inert(render_consultation_pack(context).markdown)


def test_packs_attached_to_a_notice_are_inert_too(session: Session, db: Engine) -> None:
    """The Markdown files a support-pack notice carries are the same escaped forms."""
    world = _hostile_world(session, db)
    packs = tuple(_packs(world))
    context = support_pack_context(language=packs[0].language)
    rendition = render_with_packs("support_pack", context.language, context, False, packs)
    markdown = [content.decode() for name, content, _ in rendition.files if name.endswith(".md")]
    assert len(markdown) == len(PACK_KINDS)
    for text in markdown:
        _assert_inert(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, 3.5 and 2026-03-14", "plain words, 3.5 and 2026-03-14"),
        ("cannot_rule_out", "cannot_rule_out"),
        ("R&D", "R&D"),
        ("a &amp; b", "a &amp;amp; b"),
        ("- x\n  + y\n= z", "\\- x\n  \\+ y\n\\= z"),
        ("2026. A year", "2026\\. A year"),
    ],
)
def test_escaping_leaves_ordinary_text_readable(text: str, expected: str) -> None:
    """Ordinary prose, dates and codes pass unchanged; only what Markdown would act on is escaped."""
    assert escape(text) == expected
