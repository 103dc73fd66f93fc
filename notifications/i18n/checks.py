"""What makes the catalogues complete: each rule a function that lists the problems it finds.

Shared by ``python -m notifications.i18n check`` (``make i18n-check``) and tests/unit/house/test_catalogues.py,
so the command and the test suite refuse the same catalogues: a notice may never be sent with a gap or a
sentence in the wrong language (DESIGN.md habit 11).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog

from notifications.i18n.catalogues import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    CatalogueError,
    base_language,
    is_usable,
    read_catalogue,
    variants,
)

# Python %-placeholders as the templates fill them (``format``) and the reason filter does (``%``).
PLACEHOLDER: Final = re.compile(r"%\((\w+)\)[sd]")

Key = tuple[str | None, str]


def read_all(directory: Path | None = None) -> tuple[dict[str, Catalog], list[str]]:
    """Every language's catalogue that parses, and a problem for each that does not."""
    catalogues: dict[str, Catalog] = {}
    problems: list[str] = []
    for language in LANGUAGES:
        try:
            catalogues[language] = read_catalogue(language, directory)
        except CatalogueError as exc:
            problems.append(str(exc))
    return catalogues, problems


def _texts(catalogue: Catalog) -> dict[Key, object]:
    return {(m.context, str(m.id)): m.string for m in catalogue if m.id}


def _where(language: str, key: Key) -> str:
    return f"{language}.po: {key[0]}.{key[1]}" if key[0] else f"{language}.po: {key[1]}"


def unusable(catalogues: Mapping[str, Catalog]) -> list[str]:
    """Entries that are untranslated (empty) or fuzzy."""
    return [
        _where(language, (m.context, str(m.id))) + (" is fuzzy" if m.fuzzy else " is untranslated")
        for language, catalogue in catalogues.items()
        for m in catalogue
        if m.id and not is_usable(m.string, m.fuzzy)
    ]


def mismatched_keys(catalogues: Mapping[str, Catalog]) -> list[str]:
    """Messages present in one language and missing in another (the source language is the reference)."""
    if SOURCE_LANGUAGE not in catalogues:
        return [f"{SOURCE_LANGUAGE}.po, the source language, is missing"]
    source = set(_texts(catalogues[SOURCE_LANGUAGE]))
    problems: list[str] = []
    for language, catalogue in catalogues.items():
        keys = set(_texts(catalogue))
        problems += [_where(language, key) + " is missing" for key in sorted(source - keys, key=str)]
        problems += [
            _where(language, key) + f" is not in {SOURCE_LANGUAGE}.po" for key in sorted(keys - source, key=str)
        ]
    return problems


def placeholders(text: object) -> set[str]:
    return set(PLACEHOLDER.findall(text)) if isinstance(text, str) else set()


def mismatched_placeholders(catalogues: Mapping[str, Catalog]) -> list[str]:
    """Texts whose ``%(name)s`` placeholders differ from the source language's, or with a stray ``%``."""
    if SOURCE_LANGUAGE not in catalogues:
        return []
    source = _texts(catalogues[SOURCE_LANGUAGE])
    problems: list[str] = []
    for language, catalogue in catalogues.items():
        for key, text in _texts(catalogue).items():
            if key not in source or not isinstance(text, str):
                continue
            if placeholders(text) != placeholders(source[key]):
                problems.append(
                    _where(language, key) + f" has placeholders {sorted(placeholders(text))}, "
                    f"{SOURCE_LANGUAGE} has {sorted(placeholders(source[key]))}"
                )
            # Filled with % only where there are placeholders: a lone % there would break the sentence.
            if placeholders(source[key]) and "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
                problems.append(_where(language, key) + " has a % that is not a placeholder (write %%)")
    return problems


def read_variants(directory: Path | None = None) -> tuple[dict[str, Catalog], list[str]]:
    """Every locale variant's catalogue that parses (``nl_NL.po`` ...), and a problem for each that does not."""
    catalogues: dict[str, Catalog] = {}
    problems: list[str] = []
    for variant in variants(directory):
        try:
            catalogues[variant] = read_catalogue(variant, directory)
        except CatalogueError as exc:
            problems.append(str(exc))
    return catalogues, problems


def variant_problems(catalogues: Mapping[str, Catalog], variant_catalogues: Mapping[str, Catalog]) -> list[str]:
    """A variant replaces messages of its language, never adds one: each of its keys must be its language's,
    with the source language's placeholders, and usable (a variant's gap would not fall back, it would hide)."""
    problems = unusable(variant_catalogues)
    source = _texts(catalogues[SOURCE_LANGUAGE]) if SOURCE_LANGUAGE in catalogues else {}
    for variant, catalogue in variant_catalogues.items():
        base = base_language(variant)
        known = set(_texts(catalogues[base])) if base in catalogues else set()
        for key, text in _texts(catalogue).items():
            if key not in known:
                problems.append(_where(variant, key) + f" is not in {base}.po (a variant only replaces messages)")
            elif key in source and isinstance(text, str) and placeholders(text) != placeholders(source[key]):
                problems.append(
                    _where(variant, key) + f" has placeholders {sorted(placeholders(text))}, "
                    f"{SOURCE_LANGUAGE} has {sorted(placeholders(source[key]))}"
                )
    return problems


def all_problems(directory: Path | None = None) -> list[str]:
    catalogues, problems = read_all(directory)
    variant_catalogues, variant_unreadable = read_variants(directory)
    return (
        problems
        + variant_unreadable
        + unusable(catalogues)
        + mismatched_keys(catalogues)
        + mismatched_placeholders(catalogues)
        + variant_problems(catalogues, variant_catalogues)
    )
