"""The catalogues in a Jinja environment: ``catalogue(area, language)`` and Jinja's ``i18n`` extension.

Templates read an area's messages as ``{% set t = catalogue("packs", language) %}`` then ``t.title``;
the ``i18n`` extension's ``gettext`` / ``pgettext`` (and ``{% trans %}``) look up the same strict
catalogues in the language of the template's context, so no template can fall back to English. Both read
the locale variant of the context's ``country`` where there is one (``catalogues.words_for``): a notice to a
customer under the Dutch AP cites "artikel 33, lid 1, AVG", one under the Belgian GBA "art. 33, lid 1, AVG".
"""

from __future__ import annotations

from typing import Any, cast

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from notifications.i18n.catalogues import Catalogue, message, plural_message, words_for


def words(context: Context, language: object = None) -> str:
    """The catalogue a render reads: ``language`` (else the context's) in the context's ``country``."""
    return words_for(context.get("language") if language is None else language, context.get("country"))


@pass_context
def catalogue(context: Context, area: str, language: object) -> Catalogue:
    """The messages of ``area`` (msgctxt ``notice``, ``packs``, ``dpia``, ``portal``, ``web``) in ``language``,
    as written in the context's country."""
    return Catalogue(words(context, language), area)


@pass_context
def _gettext(context: Context, key: str) -> str:
    return message(words(context), None, key)


@pass_context
def _ngettext(context: Context, key: str, plural: str, count: int) -> str:
    return plural_message(words(context), None, key, count)


@pass_context
def _pgettext(context: Context, area: str, key: str) -> str:
    return message(words(context), area, key)


@pass_context
def _npgettext(context: Context, area: str, key: str, plural: str, count: int) -> str:
    return plural_message(words(context), area, key, count)


def install_catalogues(env: Environment) -> None:
    """Give ``env`` the strict catalogues, read in each render's ``language``."""
    env.add_extension("jinja2.ext.i18n")
    # The extension adds install_gettext_callables to the environment at run time: typed stubs do not know it.
    cast(Any, env).install_gettext_callables(
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
    )
    env.globals["catalogue"] = catalogue
