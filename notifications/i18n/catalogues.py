"""The gettext catalogues of every word the engine writes, read strictly: one PO file per language.

``notifications/i18n/locale/<language>.po`` holds keyed messages: ``msgctxt`` names a label group
(``data_category``, ``reason``, ...) or a text area (``notice``, ``packs``, ``dpia``, ``portal``, ``web``),
``msgid`` is the key (a code or a message name) and ``msgstr`` the text. ``en.po`` is the source language.
Each file is parsed with Babel and compiled into a dictionary at first use, once per process, so a
catalogue in memory is never older than its PO file at start and no ``.mo`` file is committed.

A message that is missing, empty or fuzzy is a ``CatalogueError``, never a fallback to English or to
the key: a notice in a language must say everything in that language (DESIGN.md habit 11).

Locale variants: ``locale/<language>_<COUNTRY>.po`` (``nl_NL.po``, ``fr_FR.po``) holds only the messages a
reader in that country words differently (citation style, Belgian turns of phrase); a lookup in a variant
reads its file first, then its language's. The language's own file is its default country's (nl and fr are
Belgian, de German, en Irish, as ``formats.LANGUAGE_LOCALES``), so nl_BE, fr_BE and de_DE have no file, and a
country without a file of its own (de_AT: nothing in our texts differs) reads the language's. Which
variants exist is the files present, not a list in code: adding one is adding a PO file.

Labels sit mid-sentence or in a table cell, so they start in lower case except where the language
capitalises nouns. Legal terms are the GDPR's own in each language version (nl AVG, fr RGPD, de DSGVO);
``data_kind`` and ``subject_kind`` are the DPA's clause 2 vocabulary (``breach.vocabulary``); ``reason``
holds the sentences of ``breach.risk.reasons.REASONS`` with ``%(param)s`` placeholders for exactly the
params of the English line, filled by the ``reason`` filter of ``notifications.render.rendering``.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from breach.errors import BreachError
from breach.vocabulary import Language

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE: Final = Language.EN.value
LANGUAGES: Final[tuple[str, ...]] = tuple(language.value for language in Language)

# The msgctxt of the templates' and pages' words; every other msgctxt is a label group (codes → words).
TEXT_AREAS: Final = frozenset({"notice", "packs", "dpia", "portal", "web", "formats", "citation"})
# Nested texts (a key with one text per code, such as the packs' ``advice``) are stored as ``advice.identity``.
KEY_SEPARATOR: Final = "."


# A locale variant's file name: a language we write in, an underscore, an ISO 3166 alpha-2 country.
VARIANT_NAME: Final = re.compile(r"(?P<language>[a-z]{2})_(?P<country>[A-Z]{2})")


class CatalogueError(BreachError):
    """A catalogue does not parse, or a message is missing, empty or fuzzy in a language."""


def variants(directory: Path | None = None) -> tuple[str, ...]:
    """The locale variants with a file of their own in ``directory`` (the engine's locale folder by default)."""
    return _variants_in(directory or LOCALE_DIR)


@cache
def _variants_in(directory: Path) -> tuple[str, ...]:
    names = (path.stem for path in directory.glob("*_*.po"))
    return tuple(sorted(n for n in names if (m := VARIANT_NAME.fullmatch(n)) and m["language"] in LANGUAGES))


def base_language(words: str) -> str:
    """The language of a language or a locale variant ("nl_NL" → "nl")."""
    return words.split("_", 1)[0]


def words_for(language: object, country: object = None) -> str:
    """The catalogue a reader of ``language`` in ``country`` gets: the variant when it has a file, else the
    language's own (nl in Belgium, nl in Germany: "nl"; nl in the Netherlands: "nl_NL")."""
    lang = str(language)
    if isinstance(country, str) and country:
        variant = f"{lang}_{country.upper()}"
        if variant in variants():
            return variant
    return lang


def _known(words: str) -> bool:
    return words in LANGUAGES or words in variants()


def po_path(language: str, directory: Path | None = None) -> Path:
    return (directory or LOCALE_DIR) / f"{language}.po"


def read_catalogue(language: str, directory: Path | None = None) -> Catalog:
    """The PO file of ``language`` as Babel reads it; a file that is absent or invalid is a ``CatalogueError``."""
    return read_po_file(po_path(language, directory), language)


def read_po_file(path: Path, language: str | None) -> Catalog:
    """A PO (or, with no language, POT) file; absent or invalid is a ``CatalogueError``."""
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=language, abort_invalid=True)
    except OSError as exc:
        raise CatalogueError(f"catalogue: cannot read {path}: {exc.strerror}") from exc
    except Exception as exc:  # Babel's PoFileError and the locale errors: the file is unusable
        raise CatalogueError(f"catalogue: {path} does not parse: {exc}") from exc


def is_usable(text: object, fuzzy: bool) -> bool:
    """A translation counts only when it is not fuzzy and not empty (each plural form included)."""
    if fuzzy:
        return False
    if isinstance(text, tuple | list):
        return bool(text) and all(isinstance(form, str) and form for form in text)
    return isinstance(text, str) and bool(text)


@dataclass(frozen=True, slots=True)
class Compiled:
    """One language's usable messages: (context, key) → text, or its plural forms with the rule choosing one."""

    language: str
    texts: Mapping[tuple[str | None, str], str]
    plurals: Mapping[tuple[str | None, str], tuple[str, ...]]
    plural_form: Callable[[int], int]


@cache
def compiled(language: str) -> Compiled:
    """``language``'s catalogue compiled in memory at first use (cached for the process); a variant's is
    its language's with the variant's own messages in their place."""
    catalog = read_catalogue(language)
    base = compiled(base_language(language)) if language not in LANGUAGES else None
    texts: dict[tuple[str | None, str], str] = {}
    plurals: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not is_usable(message.string, message.fuzzy):
            continue
        key = str(message.id[0]) if isinstance(message.id, tuple | list) else str(message.id)
        if isinstance(message.string, tuple | list):
            plurals[(message.context, key)] = tuple(str(form) for form in message.string)
        else:
            texts[(message.context, key)] = str(message.string)
    if base is not None:
        return Compiled(language, {**base.texts, **texts}, {**base.plurals, **plurals}, base.plural_form)
    return Compiled(language, texts, plurals, gettext.c2py(catalog.plural_expr))


def _missing(language: str, context: str | None, key: str) -> CatalogueError:
    where = f"{context}.{key}" if context else key
    return CatalogueError(f"catalogue: no {language!r} text for {where} (missing, empty or fuzzy in {language}.po)")


def message(language: object, context: str | None, key: object) -> str:
    """The text of ``key`` in ``context``, in ``language``: a ``CatalogueError`` when it has none."""
    lang, code = str(language), str(key)
    if not _known(lang):
        raise CatalogueError(f"catalogue: {lang!r} is not a language we write in")
    try:
        return compiled(lang).texts[(context, code)]
    except KeyError:
        raise _missing(lang, context, code) from None


def plural_message(language: object, context: str | None, key: object, count: int) -> str:
    """The plural form of ``key`` that ``count`` takes in ``language`` (its PO file's ``Plural-Forms``)."""
    lang, code = str(language), str(key)
    if not _known(lang):
        raise CatalogueError(f"catalogue: {lang!r} is not a language we write in")
    table = compiled(lang)
    try:
        forms = table.plurals[(context, code)]
        return forms[table.plural_form(count)]
    except (KeyError, IndexError):
        raise _missing(lang, context, code) from None


def label(language: object, group: str, code: object) -> str:
    """A code's words in a label group (``label("nl", "data_category", "identity")``)."""
    return message(language, group, code)


def labels(language: object, group: str) -> dict[str, str]:
    """Every code of a label group with its words in ``language``, in the source language's order.

    The codes are the source language's, so a code missing in ``language`` raises instead of vanishing.
    """
    codes = [key for context, key in compiled(SOURCE_LANGUAGE).texts if context == group]
    if not codes:
        raise CatalogueError(f"catalogue: no label group {group!r}")
    return {code: message(language, group, code) for code in codes}


def label_groups(language: object) -> dict[str, dict[str, str]]:
    """Every label group (group → code → words) in ``language``."""
    groups = dict.fromkeys(
        context for context, _ in compiled(SOURCE_LANGUAGE).texts if context and context not in TEXT_AREAS
    )
    return {group: labels(language, group) for group in groups if group is not None}


class Catalogue:
    """The messages of one area (or one nested key) in one language, read as attributes or items.

    Templates say ``t.intro_initial`` or ``t["risk_" ~ level]`` as they did with the strings files; a key
    with nested texts (``t.advice[code]``) answers with a narrower ``Catalogue``. Attribute names are the
    message keys, so this class keeps its own fields behind underscores.
    """

    __slots__ = ("_context", "_language", "_prefix")

    def __init__(self, language: object, context: str, prefix: str = "") -> None:
        self._language = str(language)
        self._context = context
        self._prefix = prefix

    def __getattr__(self, name: str) -> str | Catalogue:
        if name.startswith("_"):  # Python's and Jinja's own probes (__html__, __iter__ ...): not a message
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: object) -> str | Catalogue:
        key = self._prefix + str(name)
        table = compiled(self._language) if _known(self._language) else None
        if table is not None and (self._context, key) not in table.texts:
            nested = key + KEY_SEPARATOR
            if any(context == self._context and code.startswith(nested) for context, code in table.texts):
                return Catalogue(self._language, self._context, nested)
        return message(self._language, self._context, key)

    def check_complete(self) -> None:
        """Raise ``CatalogueError`` unless each of the source language's messages here has a text in this one."""
        keys = [key for context, key in compiled(SOURCE_LANGUAGE).texts if context == self._context]
        if not keys:
            raise CatalogueError(f"catalogue: no messages in {self._context!r}")
        for key in keys:
            if key.startswith(self._prefix):
                message(self._language, self._context, key)

    def __repr__(self) -> str:
        return f"Catalogue({self._language!r}, {self._context!r}, {self._prefix!r})"
