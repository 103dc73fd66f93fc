"""A refused form, said in the customer's language (issue 18: a Dutch page answered
``at: is in the future (now is 2026-12-04T15:30:03.484644+00:00)``).

The core refuses in English for operators and logs; the portal words each refusal a customer can meet from
the catalogue area ``portal``: the field by its label on the form, the reason in a sentence, times on the
customer's wall clock. A refusal without words of its own names its field and says it was not accepted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Final

from breach.errors import InvalidInput
from flows.web.portal.pages import local_time
from notifications.i18n.catalogues import Catalogue

# (field, the core's problem as a pattern) → the catalogue's message; the first match wins.
_KNOWN: Final = (
    ("at", re.compile(r"is in the future"), "problem_at_future"),
    ("at", re.compile(r"is before"), "problem_at_before"),
    ("at", re.compile(r"expected a date and time|out of range"), "problem_at_invalid"),
    ("event", re.compile(r"was recorded for"), "problem_event_recorded"),
    ("event", re.compile(r"needs (?P<after>[\w-]+) recorded first"), "problem_event_after"),
    ("event", re.compile(r"DORA event|not an event"), "problem_event_other"),
    ("delay_reasons", re.compile(r""), "problem_delay_reasons"),
    ("name", re.compile(r""), "problem_name"),
    ("*", re.compile(r"^required by"), "problem_required"),
)


# The form fields a refusal can name, each with the catalogue message of its label on the form.
FIELD_LABELS: Final = {
    "at": "when",
    "event": "event",
    "authority_reference": "authority_reference",
    "reason": "reason",
    "delay_reasons": "delay_reasons",
    "name": "your_name",
}


def worded(
    exc: InvalidInput,
    words: Catalogue,
    *,
    language: str,
    event_labels: Mapping[str, str],
    tz: str,
    now: datetime,
) -> str:
    """The refusal as one sentence in ``language`` (``words``: its portal catalogue)."""
    label = FIELD_LABELS.get(exc.field)
    field = str(getattr(words, label)) if label else exc.field
    for name, pattern, key in _KNOWN:
        if name not in {exc.field, "*"}:
            continue
        if (match := pattern.search(exc.problem)) is None:
            continue
        after = match.groupdict().get("after") or ""
        message = str(getattr(words, key))
        return message.format(field=field, now=local_time(now, tz, language), after=event_labels.get(after, after))
    return str(words.problem_other).format(field=field)
