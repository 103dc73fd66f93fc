"""Finding English left in a Dutch, French or German text, outside the free text a person typed (issue 17)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

# Common English words that have no place in a Dutch, French or German notice. Words that are also Dutch,
# French or German ("in", "is", "of", "on", "notification", "service", "data" (nl: dates)) are left out.
ENGLISH = frozenset(
    {
        "the", "and", "your", "our", "we", "you", "notice", "form", "online", "officer", "please", "breach",
        "processor", "controller", "authority", "supervisory", "will", "should", "must", "with", "from",
        "which", "what", "sent", "draft", "update", "deadline", "subject", "subjects", "personal", "risk",
        "measures", "known", "yet", "not", "this", "that", "been", "has", "have", "affected", "people",
        "complete", "none", "yes", "no",
    }
)  # fmt: skip
# Words of the list that are that language's own too (German "Form", "Risk-" is not; "no" is Spanish only).
NOT_ENGLISH_IN: dict[str, frozenset[str]] = {"de": frozenset({"form"})}
# The ENISA method's English abbreviations (data processing context, ease of identification, circumstances).
JARGON = re.compile(r"\b(DPC|EI|CB)\b")


def _flat(text: str) -> str:
    return re.sub(r"[ \n]+", " ", text)


def _free_text(value: object) -> Iterator[str]:
    """The strings a person typed or that name someone: free text (a space), addresses, times, file names."""
    if isinstance(value, str):
        if re.search(r"[\s@/:.]", value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _free_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _free_text(item)


def english_in(text: str, language: str, context: BaseModel) -> set[str]:
    """The English words of ``text`` (rendered from ``context`` in ``language``) outside its free text."""
    return english_outside(text, language, _free_text(context.model_dump()))


def english_outside(text: str, language: str, typed: Iterable[str], extra: frozenset[str] = frozenset()) -> set[str]:
    """The English words of ``text`` in ``language`` outside the ``typed`` strings (what a person wrote:
    narratives, names, addresses), each compared with its wrapping undone; ``extra``: more words to find."""
    text = _flat(text)
    for written in sorted({_flat(t).strip() for t in typed if t.strip()}, key=len, reverse=True):
        text = text.replace(written, " ")
    # Addresses and attachments' file names (PACK-INC-2025-0042-authority.md) are quoted, not words.
    text = re.sub(r"https?://\S+|\S+@\S+|[\w-]+\.(?:md|html|json)\b", " ", text)
    ignored = NOT_ENGLISH_IN.get(language, frozenset())
    words = {w for w in re.findall(r"\w+", text) if w.casefold() in (ENGLISH | extra) - ignored}
    return words | set(JARGON.findall(text))
