"""Reading instants typed by people: an ISO 8601 time with an offset, or a local time and an IANA zone.

A time without a zone is refused rather than guessed: a wrong hour here moves a legal deadline. The date
as written is range-checked (``breach.inputs.check_range``) before the zone is applied or anything is
compared: ``0001-01-01T00:30+14:00`` is no instant in UTC and once ended in an ``OverflowError``.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from breach.errors import InvalidInput, NaiveDatetime
from breach.inputs import check_range


def parse_instant(text: str, field: str) -> datetime:
    """``2026-03-14T16:30+01:00``, ``2026-03-14T15:30Z`` or ``2026-03-14 16:30 Europe/Brussels``."""
    raw = text.strip()
    local, _, zone = raw.rpartition(" ")
    if local and "/" in zone:
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(field, text, f"unknown time zone {zone!r}") from None
        value = _iso(local, field, text)
        if value.tzinfo is not None:
            raise InvalidInput(field, text, "give either an offset or a zone name, not both")
        return check_range(field, value, text).replace(tzinfo=tz)
    value = _iso(raw, field, text)
    if value.tzinfo is None:
        raise NaiveDatetime(field, text)
    return check_range(field, value, text)


def _iso(text: str, field: str, original: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, original, "not an ISO 8601 date and time") from None
