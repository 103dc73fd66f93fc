"""How an error message repeats what it was given: short enough to read on one line, never the whole input.

A refusal names the value so a person can find it in their file, but a value can be anything a file holds:
a 5 000-character narrative, a list expanded from a YAML alias bomb (a 423-byte file once produced a
34 MB "one-line" error). ``shown`` bounds the work as well as the text: ``reprlib`` stops walking a nested
value after a few items, so even a huge structure is summarised in microseconds.
"""

from __future__ import annotations

import reprlib
from typing import Final

# Long enough to recognise a name, a URL's scheme or a time; short enough for one terminal line.
ECHO_LIMIT: Final = 80

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 4
_REPR.maxstring = ECHO_LIMIT
_REPR.maxother = ECHO_LIMIT
_REPR.maxlong = 40


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters, with an ellipsis and the original length when cut."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}… ({len(value)} characters)"
    text = _REPR.repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} items)" if isinstance(value, list | tuple | dict | set | frozenset) else ""
    return f"{text[:limit]}…{size}"
