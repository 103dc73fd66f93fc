"""An authority's name as a customer reads it: in the reader's language, and saying which country's it is
when the name alone does not (issue 17).

"Autorité de protection des données" told a French reader in Lyon nothing of Belgium, and "Datenschutzbehörde"
reads as any authority at all. The name shown is the authority's official name in the reader's language where
it has one (else its usual name), followed by its own short form in that language where it uses one ("GBA",
"APD", "CNIL"), and by the country, in the reader's language, when the reader could mistake it: the authority
is of another country than the reader's lead authority, the name is not in the reader's language, or a
national authority's name carries neither a short form nor its country ("Datenschutzbehörde (Belgien)"). A
Land or regional authority names its region itself.

Two forms: ``"Gegevensbeschermingsautoriteit (GBA)"`` standing alone (draft titles, lists, the JSON), and
``"Gegevensbeschermingsautoriteit, GBA"`` where the sentence already puts the name in parentheses ("your
supervisory authority (...)"), so no parentheses nest.
"""

from __future__ import annotations

from babel import Locale

from breach.directory.authorities.model import Authority


def _country(code: str, language: str) -> str:
    return str(Locale.parse(language).territories.get(code, code))


def qualifiers(authority: Authority, language: str, reader_country: str | None) -> tuple[str, ...]:
    """What follows the name: its short form, then its country when the reader needs it (``reader_country``:
    the country of the reader's own lead authority; None when unknown, so the country is always said)."""
    official = authority.names.get(language)
    name = official or authority.name
    abbreviation = authority.abbreviations.get(language)
    country = _country(authority.country, language)
    unclear = (
        reader_country != authority.country
        or official is None
        or (abbreviation is None and authority.region is None and country not in name)
    )
    return tuple(part for part in (abbreviation, country if unclear else None) if part)


def shown_name(authority: Authority, language: str, reader_country: str | None, *, inline: bool = False) -> str:
    """The authority's name for a reader of ``language`` whose lead authority is in ``reader_country``.

    ``inline``: the qualifiers after a comma, for a name the sentence already puts in parentheses.
    """
    name = authority.names.get(language) or authority.name
    extra = qualifiers(authority, language, reader_country)
    if not extra:
        return name
    return f"{name}, {', '.join(extra)}" if inline else f"{name} ({', '.join(extra)})"
