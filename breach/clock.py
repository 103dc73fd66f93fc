"""The only place the engine asks the system for the time (DESIGN.md habit 3).

Domain functions take ``now`` or a ``Clock``; tests pass ``FixedClock``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from breach.errors import NaiveDatetime


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, tz-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: the fake that ships beside the contract."""

    def __init__(self, at: datetime) -> None:
        self._at = require_aware(at, "at").astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta

    def set(self, at: datetime) -> None:
        self._at = require_aware(at, "at").astimezone(UTC)


def require_aware(value: datetime, field: str) -> datetime:
    """Return ``value`` unchanged if it carries a zone; refuse a naive one, naming ``field``."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetime(field, value.isoformat())
    return value


def to_utc(value: datetime, field: str) -> datetime:
    """An aware datetime as the same instant in UTC, as a plain stdlib ``datetime`` (never a pendulum
    subclass, whose arithmetic can drop a stdlib zone)."""
    utc = require_aware(value, field).astimezone(UTC)
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=UTC)
