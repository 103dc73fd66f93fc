"""A risk reason's source ("GDPR Art. 34(3)(a); EDPB Guidelines 01/2021, CASES No. 04 and 05") in the reader's words.

The core (``breach.risk.reasons``) cites in English, once, for every reader; a notice cites as a lawyer of its
reader's country does: "art. 34, lid 3, a), AVG" in Belgium, "artikel 34, lid 3, onder a, AVG" in the
Netherlands, "article 34, paragraphe 3, point a), du RGPD" in France, "Art. 34 Abs. 3 lit. a DSGVO". The
grammar of a source is read here; every word and every order of the parts is a message of the catalogue
area ``citation`` (and its locale variants), never Python. A source in a form not read here is a
``CitationError``: a new citation form must be taught, not printed in English.
"""

from __future__ import annotations

import re
from typing import Final

from breach.errors import BreachError
from notifications.i18n.catalogues import CatalogueError, message

AREA: Final = "citation"
# "GDPR Art. 33(1)", "Art. 32(1)(d)", "GDPR Art. 9 and 10", "GDPR Art. 34(1) and 34(2)".
GDPR: Final = re.compile(
    r"(?:GDPR )?Art\. (?P<article>\d+)(?:\((?P<paragraph>\d+)\))?(?:\((?P<point>[a-z])\))?"
    r"(?: and (?P<second>\d+)(?:\((?P<second_paragraph>\d+)\))?)?"
)
EDPB: Final = re.compile(r"EDPB Guidelines (?P<number>\d+/\d{4})(?P<tail>.*)")
CASES: Final = re.compile(r", CASES? No\. (?P<numbers>.+)")
ANNEX: Final = re.compile(r"(?:, )?Annex B, examples? (?P<numbers>.+)")
TOPICS: Final = {
    " (number of affected individuals)": "number_of_individuals",
    ": number of affected individuals": "number_of_individuals",
    " (vulnerable individuals)": "vulnerable_individuals",
}
ENISA: Final = re.compile(r"ENISA 2013 severity methodology(?:, section (?P<section>[\d.]+))?")


class CitationError(BreachError):
    """A source is in a form this module cannot word, or a citation message is missing."""


def _say(words: str, key: str, **values: str) -> str:
    try:
        return message(words, AREA, key) % values
    except CatalogueError as exc:
        raise CitationError(f"citation: {exc}") from None


def _numbers(words: str, numbers: str) -> str:
    """ "04, 07 and 18" with the language's "and"."""
    *first, last = re.split(r", | and ", numbers)
    return _say(words, "list_sep").join(first) + _say(words, "and") + last if first else last


def _paragraph(words: str, number: str) -> str:
    # The first paragraph is "§ 1er" in Belgian French; every other style writes the number.
    return _say(words, "first") if number == "1" else number


def _gdpr(words: str, found: re.Match[str]) -> str:
    article, paragraph, point = found["article"], found["paragraph"], found["point"]
    second, second_paragraph = found["second"], found["second_paragraph"]
    if second is not None and second_paragraph is None:
        return _say(words, "gdpr", citation=_say(words, "articles", first=article, second=second))
    citation = _say(words, "article", number=article)
    if paragraph is not None and second_paragraph is not None:
        first, other = _paragraph(words, paragraph), _paragraph(words, second_paragraph)
        citation = _say(words, "paragraphs", citation=citation, first=first, second=other)
    elif paragraph is not None:
        citation = _say(words, "paragraph", citation=citation, number=_paragraph(words, paragraph))
    if point is not None:
        citation = _say(words, "point", citation=citation, letter=point)
    return _say(words, "gdpr_subdivided" if paragraph is not None else "gdpr", citation=citation)


def _annex(words: str, numbers: str) -> str:
    several = " and " in numbers
    return _say(words, "annex_examples" if several else "annex_example", numbers=_numbers(words, numbers))


def _edpb(words: str, found: re.Match[str], source: str) -> str:
    guidelines = _say(words, "edpb", number=found["number"])
    tail = found["tail"]
    if not tail:
        return guidelines
    if tail in TOPICS:
        return _say(words, "edpb_topic", guidelines=guidelines, topic=_say(words, "topic." + TOPICS[tail]))
    if cases := CASES.fullmatch(tail):
        several = " and " in cases["numbers"]
        key = "edpb_cases" if several else "edpb_case"
        return _say(words, key, guidelines=guidelines, numbers=_numbers(words, cases["numbers"]))
    if annex := ANNEX.fullmatch(tail):
        return _say(words, "edpb_annex", guidelines=guidelines, annex=_annex(words, annex["numbers"]))
    raise CitationError(f"citation: cannot word {source!r} (its part {tail!r})")


def _part(words: str, part: str, source: str) -> str:
    if found := GDPR.fullmatch(part):
        return _gdpr(words, found)
    if found := EDPB.fullmatch(part):
        return _edpb(words, found, source)
    if found := ANNEX.fullmatch(part):
        return _annex(words, found["numbers"])
    if found := ENISA.fullmatch(part):
        method = _say(words, "enisa")
        return _say(words, "enisa_section", method=method, number=found["section"]) if found["section"] else method
    raise CitationError(f"citation: cannot word {source!r} (its part {part!r})")


def cite(source: object, words: str) -> str:
    """``source`` (a reason's, in the core's English form) as a reader of the catalogue ``words`` cites it."""
    text = str(source)
    return _say(words, "parts_sep").join(_part(words, part, text) for part in text.split("; "))
