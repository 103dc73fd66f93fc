"""What a field typed by a person or read from a file may hold: the shared rules of every input model.

- **One-line text** (names, titles, labels): no control character at all. A name is shown in tables, e-mail
  subjects and legal drafts; a newline, an escape sequence or a NUL there forges layout in a terminal or a
  header, and PostgreSQL text cannot hold NUL.
- **Prose** (narrative, descriptions): newlines and tabs are writing; every other control character is not.
- **Counts and flags** are strict: a number where a number is asked, ``true``/``false`` where a flag is.
  Lax parsing stored ``data_subjects: true`` as 1 and took ``"20000"`` for a number; a legal assessment
  must not rest on a guess about what a file meant.
- **Instants** lie between ``EARLIEST`` and ``LATEST``, checked on the date as written, before any
  conversion: ``0001-01-01T00:30+14:00`` is no instant once in UTC, and arithmetic on a deadline or a
  retention period near year 9999 overflows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Final

from pydantic import AfterValidator, Strict

from breach.errors import InvalidInput

# A typo'd year is far likelier than a breach before 1900 or a deadline after 2999; within these bounds
# any UTC offset and any period the engine adds (days to decades) stays inside datetime's years 1-9999.
EARLIEST: Final = datetime(1900, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)

# C0 and C1 controls and DEL; prose keeps newline, carriage return and tab.
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PROSE_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode format characters that reorder or hide text (bidi overrides and isolates, line and paragraph
# separators): "Trojan Source" tricks in a name that an auditor reads.
_HIDDEN: Final = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def control_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` is refused (the first offending character), or None when it is acceptable."""
    found = (_PROSE_CONTROL if multiline else _CONTROL).search(value)
    if found is not None:
        allowed = " (only newlines and tabs are allowed in text)" if multiline else ""
        return f"contains the control character {_describe(found.group())}{allowed}"
    hidden = next((c for c in value if c in _HIDDEN), None)
    if hidden is not None:
        return f"contains the invisible formatting character {_describe(hidden)}"
    return None


def _one_line(value: str) -> str:
    problem = control_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _prose(value: str) -> str:
    problem = control_problem(value, multiline=True)
    if problem is not None:
        raise ValueError(problem)
    return value


def scrub_prose(value: str) -> str:
    """``value`` with every character prose refuses replaced by U+FFFD.

    For text stored before these rules: a notice owed to a controller must still render (nothing is
    lost), and what was refused is visibly marked rather than silently dropped.
    """
    cleaned = _PROSE_CONTROL.sub("\ufffd", value)
    return "".join("\ufffd" if c in _HIDDEN else c for c in cleaned)


def check_one_line(field: str, value: str) -> str:
    """``value`` if it has no control character; else ``InvalidInput`` naming the field and the character."""
    problem = control_problem(value)
    if problem is not None:
        raise InvalidInput(field, value, problem)
    return value


def check_prose(field: str, value: str) -> str:
    """``value`` if its only control characters are newlines and tabs; else ``InvalidInput``."""
    problem = control_problem(value, multiline=True)
    if problem is not None:
        raise InvalidInput(field, value, problem)
    return value


def range_problem(value: datetime) -> str | None:
    """Why ``value`` is refused as an instant, or None when its date as written lies between ``EARLIEST``
    and ``LATEST``. Compared on the naive fields (no offset applied), so the check itself cannot overflow."""
    naive = value.replace(tzinfo=None)
    if EARLIEST.replace(tzinfo=None) <= naive <= LATEST.replace(tzinfo=None):
        return None
    return f"out of range (from {EARLIEST.year} to {LATEST.year})"


def check_range(field: str, value: datetime, text: object = None) -> datetime:
    """``value`` if it is in range (``range_problem``); else ``InvalidInput`` naming the field."""
    problem = range_problem(value)
    if problem is not None:
        raise InvalidInput(field, value.isoformat() if text is None else text, problem)
    return value


def check_day(field: str, value: date, text: object = None) -> date:
    """``value`` if its year lies between ``EARLIEST``'s and ``LATEST``'s; a day becomes an instant (its
    midnight in some zone), and ``0001-01-01`` at midnight in Brussels is no instant in UTC."""
    if not EARLIEST.year <= value.year <= LATEST.year:
        raise InvalidInput(
            field, value.isoformat() if text is None else text, f"out of range (from {EARLIEST.year} to {LATEST.year})"
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
Prose = Annotated[str, AfterValidator(_prose)]
StrictInt = Annotated[int, Strict()]
StrictFloat = Annotated[float, Strict()]
StrictBool = Annotated[bool, Strict()]
