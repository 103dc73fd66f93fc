"""A service's name and description in the language of the customer who reads them (issue 17).

A service has an English name and description (``Service.name``, ``Service.description``) and the other
languages' in ``Service.names`` / ``Service.descriptions``. Every text a customer reads (notices, drafts,
data-subject letters, support packs, portal pages, the JSON attachment) names a service with
``name_in(service, its language)``; our own views (CLI, the DPO's alerts) keep the English name.

When the directory has no name in the reader's language, the notice still goes (a missing translation
must never hold back a breach notice) and names the service by its English name between the reader's
quotation marks: the reader sees a product name quoted as we call it, not an English phrase passed off as
their language, and the operator sees the same quotes in the copy. The import names what is missing for
the customers that use a service (``missing``), so the gap is fixed before a notice is due. A description
is not a name: without one in the reader's language it is left out (the name identifies the service; an
English paragraph in a Dutch DPIA pack would be English prose outside quoted text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Protocol

from breach.vocabulary import Language

# How a professional of each language quotes a name: Belgian Dutch and English “…”, French « … » (with
# no-break spaces inside), German „…“.
QUOTES: Final[Mapping[str, tuple[str, str]]] = {
    Language.NL: ("\u201c", "\u201d"),
    Language.FR: ("\u00ab\u00a0", "\u00a0\u00bb"),
    Language.DE: ("\u201e", "\u201c"),
    Language.EN: ("\u201c", "\u201d"),
}


class Named(Protocol):
    """A service row as read (``breach.db.models.directory.Service``)."""

    @property
    def name(self) -> str: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def description(self) -> str: ...
    @property
    def descriptions(self) -> Mapping[str, str]: ...


def translated(service: Named, language: str) -> bool:
    """Whether the directory has the service's name in ``language`` (English: always)."""
    return language == Language.EN or bool((service.names or {}).get(language))


def name_in(service: Named, language: str) -> str:
    """The service's name for a reader of ``language``; its English name quoted when it has none there."""
    if language == Language.EN:
        return service.name
    own = (service.names or {}).get(language)
    return own or quoted(service.name, language)


def quoted(text: str, language: str) -> str:
    """English text our staff typed (a service's name, a transfer's legal reference), as a reader of another
    language sees it: between its quotation marks, as typed, not passed off as its language. English: as is."""
    if language == Language.EN or not text:
        return text
    opening, closing = QUOTES.get(language, QUOTES[Language.EN])
    return f"{opening}{text}{closing}"


def description_in(service: Named, language: str) -> str:
    """The service's description for a reader of ``language``; empty when it has none there."""
    if language == Language.EN:
        return service.description
    return (service.descriptions or {}).get(language, "")


def missing(services: Mapping[str, Named], readers: Iterable[tuple[str, str]]) -> dict[str, tuple[Language, ...]]:
    """Per service code, the languages its readers need and the directory lacks a name in, in language order.

    ``readers``: (service code, language) of each customer's use of a service.
    """
    wanted: dict[str, set[str]] = {}
    for code, language in readers:
        service = services.get(code)
        if service is not None and not translated(service, language):
            wanted.setdefault(code, set()).add(language)
    return {code: tuple(lang for lang in Language if lang in langs) for code, langs in sorted(wanted.items())}
