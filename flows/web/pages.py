"""The Jinja environment of the web pages (acknowledgement and portal): sandboxed, strict, autoescaped,
with the words of the gettext catalogues (``notifications.i18n``)."""

from __future__ import annotations

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from breach.db.models.directory import Customer
from breach.directory.authorities import AUTHORITIES
from notifications.i18n.catalogues import LANGUAGES, Catalogue, base_language, variants, words_for
from notifications.i18n.jinja_words import install_catalogues
from notifications.render.rendering import templates_dir


def page_environment(folder: str, *pages: str) -> SandboxedEnvironment:
    """Pages under ``templates/<folder>``; ``pages`` are compiled now, so a missing one fails at start,
    not at a reader's click."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir() / folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    install_catalogues(env)
    for name in pages:
        env.get_template(name)
    return env


def page_words(area: str) -> dict[str, Catalogue]:
    """The messages of a pages' area (``web`` for the acknowledgement pages, ``portal``) in every language and
    locale variant (nl_NL, fr_FR: a customer under the Dutch AP reads Netherlands Dutch, as in its notices),
    given to a page as ``t``; a message missing in a language fails here, at start, not at a reader's click."""
    words = {language: Catalogue(language, area) for language in (*LANGUAGES, *variants())}
    for catalogue in words.values():
        catalogue.check_complete()
    return words


def page_values(words: str) -> dict[str, str | None]:
    """What a page's template reads its words by: the language (``<html lang>``) and the country of the
    locale variant ``words`` (``catalogues.words_for``: "nl_NL", or "nl" alone)."""
    language = base_language(words)
    country = words.partition("_")[2] or None
    return {"language": language, "country": country}


def reader_words(customer: Customer) -> str:
    """The catalogue a customer reads its pages in: its language as written in its lead authority's country,
    as its notices are (``notifications.context``)."""
    return words_for(customer.language.value, AUTHORITIES[customer.lead_authority].country)
