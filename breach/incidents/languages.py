"""A narrative per language: how an operator writes it, which readers still lack a text, and what each reads.

An operator writes each free-text item either as one string, in the language the narrative declares
(``written_in``; without it, the operator's own language), or as a mapping per language
(``{"nl": "...", "fr": "..."}``). A text written in one language is owed in the language of every reader
(a customer reads its notice in the language its directory entry names): confirming refuses while one is
missing, unless the operator chooses a fallback language (``intake.confirm_incident``), in which case that
reader gets the fallback's text and its notice says, in its own language, that a translation follows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import ValidationError

from breach.errors import InvalidInput
from breach.incidents.narrative import TEXT_ITEMS, Narrative
from breach.vocabulary import Language

_LANGUAGES: Final = ", ".join(language.value for language in Language)


def _language(value: object, field_name: str) -> Language:
    try:
        return Language(str(value))
    except ValueError:
        raise InvalidInput(field_name, value, f"unknown language (expected one of {_LANGUAGES})") from None


def narrative_from_input(data: Any, *, declared: Language) -> Narrative:
    """The narrative an operator wrote (a facts file's or an API body's ``narrative`` section).

    ``declared``: the language a single string is written in when the section names no ``written_in``.
    Refusals name the field and, for a text, its language (``narrative.nature.fr``).
    """
    if not isinstance(data, Mapping):
        raise InvalidInput("narrative", type(data).__name__, "expected a mapping of narrative items")
    if data.get("fallback_language") is not None:
        # A fallback is a decision on confirming, with the task that brings the translation: not a text.
        raise InvalidInput(
            "narrative.fallback_language", data["fallback_language"], "is chosen on confirming (--fallback-language)"
        )
    written_in = _language(data["written_in"], "narrative.written_in") if "written_in" in data else declared
    own: dict[str, Any] = {}
    translations = _given_translations(data.get("translations"))
    per_language: set[str] = set()
    for key, value in data.items():
        if key in ("written_in", "translations", "fallback_language"):
            continue
        if key in TEXT_ITEMS and isinstance(value, Mapping):
            per_language.add(key)
            _spread(key, value, written_in, own, translations)
        else:
            own[key] = value
    for key, text in translations.pop(written_in, {}).items():
        if own.get(key) is not None:
            raise InvalidInput(f"narrative.{key}.{written_in.value}", text, "given twice")
        own[key] = text
    try:
        return Narrative.model_validate({**own, "written_in": written_in, "translations": translations})
    except ValidationError as exc:
        raise _refusal(exc, written_in, per_language) from None


def _spread(
    key: str,
    value: Mapping[Any, Any],
    written_in: Language,
    own: dict[str, Any],
    translations: dict[Language, dict[str, Any]],
) -> None:
    """One item written per language, into the narrative's own items and its translations."""
    for raw_lang, text in value.items():
        lang = _language(raw_lang, f"narrative.{key}.{raw_lang}")
        if text is not None and not isinstance(text, str):
            raise InvalidInput(f"narrative.{key}.{lang.value}", text, "expected a text")
        if lang is written_in:
            own[key] = text
        elif key in translations.get(lang, {}):
            raise InvalidInput(f"narrative.{key}.{lang.value}", text, "given twice (also under translations)")
        else:
            translations.setdefault(lang, {})[key] = text


def _refusal(exc: ValidationError, written_in: Language, per_language: Collection[str]) -> InvalidInput:
    """The first problem, named as the operator wrote it: the item, then its language."""
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    if loc[:1] == ["translations"] and len(loc) >= 3:
        where = ".".join([loc[2], loc[1], *loc[3:]])
    elif loc and loc[0] in per_language:
        where = f"{loc[0]}.{written_in.value}"
    else:
        where = ".".join(loc)
    return InvalidInput(f"narrative.{where}" if where else "narrative", first.get("input"), first["msg"])


def _given_translations(value: object) -> dict[Language, dict[str, Any]]:
    """The stored form's ``translations`` section, accepted as input too (a narrative read back and resent)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput("narrative.translations", value, "expected a mapping of language to texts")
    out: dict[Language, dict[str, Any]] = {}
    for raw_lang, texts in value.items():
        lang = _language(raw_lang, f"narrative.translations.{raw_lang}")
        if not isinstance(texts, Mapping):
            raise InvalidInput(f"narrative.translations.{lang.value}", texts, "expected a mapping of items to texts")
        out[lang] = dict(texts)
    return out


def untranslated(narrative: Narrative, languages: Collection[Language]) -> list[tuple[str, Language]]:
    """Each (item, language) where the item is written in some language but not in ``languages``' one.

    The title always counts as written: the incident's own title is the one of ``written_in``.
    """
    missing: list[tuple[str, Language]] = []
    for item in TEXT_ITEMS:
        if item != "title" and not narrative.written(item):
            continue
        for language in Language:
            if language not in languages or language is narrative.written_in:
                continue
            if narrative.in_language(item, language) is None:
                missing.append((item, language))
    return missing


def describe_missing(missing: Collection[tuple[str, Language]]) -> str:
    """``nl: title, nature; fr: nature`` — what is missing, language by language."""
    by_language: dict[Language, list[str]] = {}
    for item, language in missing:
        by_language.setdefault(language, []).append(item)
    return "; ".join(f"{lang.value}: {', '.join(items)}" for lang, items in by_language.items())


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader of ``language`` is shown: each item's text, and the items shown in another language."""

    language: Language
    texts: Mapping[str, str | None]
    # Items shown in the fallback language while their translation is owed (in TEXT_ITEMS order).
    awaiting: tuple[str, ...] = field(default=())
    fallback: Language | None = None
    # The language each shown item is in (an item shown in none is absent).
    shown_in: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, item: str) -> str | None:
        return self.texts[item]


def reading(narrative: Narrative, language: Language, *, title: str) -> Reading:
    """The narrative as a reader of ``language`` sees it; ``title`` is the incident's own (``written_in``) title.

    Each item: the reader's language; else the fallback language the operator chose on confirming; else the
    language it was written in (a narrative from before languages, or a reader added to the directory since).
    Only a fallback the operator chose promises a translation (``awaiting``); the others are shown as written.
    """
    order = [language]
    for other in (narrative.fallback_language, narrative.written_in):
        if other is not None and other not in order:
            order.append(other)
    texts: dict[str, str | None] = {}
    shown_in: dict[str, str] = {}
    awaiting: list[str] = []
    for item in TEXT_ITEMS:
        chosen: tuple[str, Language] | None = None
        for candidate in order:
            text = narrative.in_language(item, candidate)
            if item == "title" and text is None and candidate is narrative.written_in:
                text = title
            if text is not None:
                chosen = (text, candidate)
                break
        texts[item] = chosen[0] if chosen is not None else None
        if chosen is not None:
            shown_in[item] = chosen[1].value
        if chosen is not None and chosen[1] is not language and narrative.fallback_language is not None:
            awaiting.append(item)
    return Reading(
        language=language,
        texts=texts,
        awaiting=tuple(awaiting),
        fallback=narrative.fallback_language if awaiting else None,
        shown_in=shown_in,
    )
