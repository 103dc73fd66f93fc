"""Writing the PO files the same way every time: one header, messages in their order, no line numbers.

Used by the ``extract`` and ``update`` commands, so a catalogue rewritten without a change in its words
comes out byte for byte the same (a clean ``git diff``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

PROJECT: Final = "breach-engine"
# Babel wraps at 76 columns, as msgmerge, Poedit and Weblate do, so their rewrites do not reflow every line.
WIDTH: Final = 76

TEMPLATE_HEADER: Final = """\
# The template of every message breach-engine writes, extracted from en.po
# (the source language) by `python -m notifications.i18n extract`.
#"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One keyed message with the comments above it: ``comments`` are the developers' (``#.``), ``notes``
    the translators' own (``#``, kept by ``update``), ``flags`` such as ``fuzzy`` (``#,``)."""

    context: str | None
    key: str
    text: str
    comments: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def add_to(self, catalogue: Catalog) -> None:
        catalogue.add(
            self.key,
            self.text,
            auto_comments=self.comments,
            user_comments=self.notes,
            flags=self.flags,
            context=self.context,
        )


def rebuilt(old: Catalog, messages: Sequence[Entry], *, template: bool = False) -> Catalog:
    """A catalogue with ``old``'s header (dates and translator kept) and ``messages`` in their order; with
    ``template``, the POT of the source language (no language of its own)."""
    catalogue = Catalog(
        locale=None if template else old.locale,
        header_comment=TEMPLATE_HEADER if template else old.header_comment,
        project=PROJECT,
        version="1",
        fuzzy=False,
    )
    if not template:
        catalogue.mime_headers = old.mime_headers
    else:
        catalogue.creation_date = old.creation_date
    for entry in messages:
        entry.add_to(catalogue)
    return catalogue


def entries(catalogue: Catalog) -> list[Entry]:
    return [
        Entry(m.context, str(m.id), str(m.string or ""), tuple(m.auto_comments), tuple(m.user_comments), _flags(m))
        for m in catalogue
        if m.id
    ]


def _flags(message: Message) -> tuple[str, ...]:
    return tuple(sorted(message.flags))


def render_catalogue(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    # The header's dates change on every write: fixed to the catalogue's creation so a rewrite is stable.
    catalogue.revision_date = catalogue.creation_date
    write_po(buffer, catalogue, width=WIDTH, no_location=True, ignore_obsolete=True, include_previous=False)
    return buffer.getvalue()


def write_catalogue(catalogue: Catalog, path: Path) -> None:
    path.write_bytes(render_catalogue(catalogue))
