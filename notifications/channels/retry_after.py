"""A receiver that says it is busy (HTTP 503 or 429), and how long it asked us to wait.

RFC 9110 §15.6.4 (503 Service Unavailable) and RFC 6585 §4 (429 Too Many Requests) are temporary by
definition: the receiver is up, overloaded or throttling, and expects the request again. Either may carry
``Retry-After`` (RFC 9110 §10.2.3): a number of seconds (``delay-seconds``) or an HTTP date
(``HTTP-date``, RFC 9110 §5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms a recipient must
still accept). ``delay`` reads either into a wait from ``now``; a date already past is a wait of zero; a
value that is neither (or absurd) is no advice at all, and the retry policy's own short wait applies
(``notifications.delivery.values.RetryPolicy.after``). How much of the advice is followed (capped at the
normal retry delay, as DPA 8(1)(b) asks us to deliver immediately) is the policy's, not this module's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Final

BUSY_STATUSES: Final = frozenset({429, 503})
# Advice beyond a day is a misconfigured receiver, not a wait to honour (and timedelta overflows far beyond).
LONGEST: Final = timedelta(days=1)


def delay(value: str | None, *, now: datetime) -> timedelta | None:
    """The wait a ``Retry-After`` value asks for from ``now``, or None when it says nothing usable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():  # delay-seconds = 1*DIGIT
        seconds = int(text)
        return timedelta(seconds=seconds) if seconds <= LONGEST.total_seconds() else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT (RFC 9110 §5.6.7)
        when = when.replace(tzinfo=UTC)
    wait = when - now
    if wait > LONGEST:
        return None
    return max(wait, timedelta(0))
