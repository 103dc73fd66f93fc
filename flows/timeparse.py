"""Reading instants typed by people: an ISO 8601 time with an offset, or a local time and an IANA zone.

A time without a zone is refused rather than guessed: a wrong hour here moves a legal deadline. The date
as written is range-checked (``breach.inputs.check_range``) before the zone is applied or anything is
compared: ``0001-01-01T00:30+14:00`` is no instant in UTC and once ended in an ``OverflowError``.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Final

from breach.errors import InvalidInput, NaiveDatetime
from breach.inputs import check_range

ACCEPTED_FORMS: Final = (
    "give ISO 8601 with an offset (2026-11-27T09:15+01:00, 2026-11-27T08:15Z) "
    "or a local time and an IANA zone (2026-11-27 09:15 Europe/Brussels)"
)
# Abbreviations people type for a zone, with an IANA zone that has them. An abbreviation names no rules
# (CET is Brussels, Paris and Berlin alike, and says nothing of summer time), so it is refused with the
# zone form it stands for rather than guessed (issue 18).
_ABBREVIATIONS: Final = {
    "CET": "Europe/Brussels",
    "CEST": "Europe/Brussels",
    "MET": "Europe/Brussels",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "GMT": "Europe/London",
    "BST": "Europe/London",
    "IST": "Europe/Dublin",
}


def parse_instant(text: str, field: str) -> datetime:
    """``2026-03-14T16:30+01:00``, ``2026-03-14T15:30Z`` or ``2026-03-14 16:30 Europe/Brussels``."""
    raw = text.strip()
    local, _, zone = raw.rpartition(" ")
    if local and zone.upper() in _ABBREVIATIONS:
        hint = _ABBREVIATIONS[zone.upper()]
        raise InvalidInput(
            field, text, f"{zone} is an abbreviation, not a time zone: write {local} {hint} (an IANA zone) or an offset"
        )
    if local and ("/" in zone or zone == "UTC"):
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
