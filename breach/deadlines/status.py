"""Where a deadline stands at a given instant, which reminders are due, and how to show a due time.

Pure and clock-free (DESIGN.md habit 3): every function takes ``now``. The watchdog flow calls
``reminders_due`` every few minutes with the reminders it has already sent; the function is idempotent,
so a crash between computing and recording only repeats the same answer.

Warning points of a deadline, in time order: each fraction of ``warn_at`` of the period (keys "50%",
"90%"), and ``warn_before`` the due time (key "1h"); past the due time, unmet, comes "overdue". For a
short period "1h" can come before "90%": the order is by instant, not by list.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final, Generic, Literal, Protocol, TypeVar

import pendulum

from breach.clock import to_utc
from breach.errors import Contradiction, InvalidInput, UnknownValue

IdT = TypeVar("IdT", bound=Hashable)
IdT_co = TypeVar("IdT_co", bound=Hashable, covariant=True)

ReminderKind = Literal["reminder", "escalation"]

DEFAULT_WARN_AT: Final[tuple[float, ...]] = (0.5, 0.9)
DEFAULT_WARN_BEFORE: Final = timedelta(hours=1)
OVERDUE_KEY: Final = "overdue"


class DeadlineStatus(StrEnum):
    """Where a deadline stands; the values are stable text for storage and display."""

    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"


class DeadlineLike(Protocol):
    """What status needs of a deadline; a database row with these attributes will do."""

    @property
    def start_at(self) -> datetime: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def met_at(self) -> datetime | None: ...


class TrackedDeadline(DeadlineLike, Protocol[IdT_co]):
    """A deadline with a stable id, for reminders."""

    @property
    def id(self) -> IdT_co: ...


@dataclass(frozen=True, slots=True)
class DeadlineView(Generic[IdT]):
    """A small frozen deadline: the value the watchdog passes when it has no row at hand."""

    id: IdT
    start_at: datetime
    due_at: datetime
    met_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WarningPoint:
    """The instant a warning (``key``: "50%", "90%", "1h") is reached."""

    key: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Reminder(Generic[IdT]):
    """A reminder or escalation to send now for deadline ``deadline_id``, which falls due at ``due_at``.

    ``covers`` are the keys of earlier warning points, passed but never sent, that this one supersedes
    (the watchdog was down, or the period is short): record them as sent with ``key`` so that they are
    never sent late.
    """

    deadline_id: IdT
    key: str
    kind: ReminderKind
    due_at: datetime
    covers: tuple[str, ...] = ()


def status(
    deadline: DeadlineLike,
    now: datetime,
    *,
    warn_at: Sequence[float] = DEFAULT_WARN_AT,
    warn_before: timedelta = DEFAULT_WARN_BEFORE,
) -> DeadlineStatus:
    """Met (on time or late) once ``met_at`` is set; otherwise overdue after ``due_at``, due soon from the
    first warning point, upcoming before it."""
    start_at, due_at, met_at = _instants(deadline)
    moment = _utc(now, "now")
    if met_at is not None:
        return DeadlineStatus.MET if met_at <= due_at else DeadlineStatus.MET_LATE
    if moment > due_at:
        return DeadlineStatus.OVERDUE
    points = _points(start_at, due_at, warn_at, warn_before)
    return DeadlineStatus.DUE_SOON if points and points[0].at <= moment else DeadlineStatus.UPCOMING


def warning_points(
    deadline: DeadlineLike,
    *,
    warn_at: Sequence[float] = DEFAULT_WARN_AT,
    warn_before: timedelta = DEFAULT_WARN_BEFORE,
) -> tuple[WarningPoint, ...]:
    """The warning points of ``deadline`` in time order (UTC instants); the watchdog can sleep until the
    next one."""
    start_at, due_at, _ = _instants(deadline)
    return _points(start_at, due_at, warn_at, warn_before)


def passed_warnings(
    deadline: DeadlineLike,
    now: datetime,
    *,
    warn_at: Sequence[float] = DEFAULT_WARN_AT,
    warn_before: timedelta = DEFAULT_WARN_BEFORE,
) -> tuple[str, ...]:
    """The keys of the warning points reached by ``now``, oldest first, ending with "overdue" when the
    deadline is past and unmet; empty for a met deadline. The last key is the most advanced."""
    start_at, due_at, met_at = _instants(deadline)
    if met_at is not None:
        return ()
    moment = _utc(now, "now")
    keys = tuple(p.key for p in _points(start_at, due_at, warn_at, warn_before) if p.at <= moment)
    return (*keys, OVERDUE_KEY) if moment > due_at else keys


def reminders_due(
    deadlines: Iterable[TrackedDeadline[IdT]],
    now: datetime,
    sent: AbstractSet[tuple[IdT, str]],
    *,
    warn_at: Sequence[float] = DEFAULT_WARN_AT,
    warn_before: timedelta = DEFAULT_WARN_BEFORE,
) -> list[Reminder[IdT]]:
    """The reminders and escalations to send now, in the order of ``deadlines``, at most one each.

    Only the most advanced point passed is sent, and only if ``(id, key)`` is not in ``sent``: earlier
    unsent points come back in ``covers``, never as reminders of their own. A met deadline gives nothing;
    an unmet one past due gives the "overdue" escalation once.
    """
    reminders: list[Reminder[IdT]] = []
    for deadline in deadlines:
        passed = passed_warnings(deadline, now, warn_at=warn_at, warn_before=warn_before)
        if not passed or (deadline.id, passed[-1]) in sent:
            continue
        covers = tuple(key for key in passed[:-1] if (deadline.id, key) not in sent)
        kind: ReminderKind = "escalation" if passed[-1] == OVERDUE_KEY else "reminder"
        reminders.append(Reminder(deadline.id, passed[-1], kind, deadline.due_at, covers))
    return reminders


def format_local(dt: datetime, tz: str) -> str:
    """``dt`` on the wall clock of ``tz`` with its abbreviation and UTC offset, such as
    "2025-03-17 16:30 CET (+01:00)"; seconds only when not zero ("2025-04-29 23:59:59 CEST (+02:00)").

    The offset disambiguates abbreviations (IST) and the repeated hour of an autumn DST change; a zone
    without a letter abbreviation shows its name instead ("2025-07-17 16:30 America/Sao_Paulo (-03:00)").
    """
    instant = _utc(dt, "dt")
    try:
        local = pendulum.instance(instant).in_timezone(tz)
    except (ValueError, TypeError) as exc:  # pendulum's InvalidTimezone, zoneinfo's refusal of odd keys
        raise UnknownValue("tz", tz, "not an IANA time zone name such as 'Europe/Brussels'") from exc
    clock = local.format("HH:mm:ss" if local.second else "HH:mm")
    abbreviation = local.tzname() or ""
    label = abbreviation if abbreviation.isalpha() else local.timezone_name
    return f"{local.format('YYYY-MM-DD')} {clock} {label} ({local.format('Z')})"


def _instants(deadline: DeadlineLike) -> tuple[datetime, datetime, datetime | None]:
    start_at = _utc(deadline.start_at, "start_at")
    due_at = _utc(deadline.due_at, "due_at")
    if due_at < start_at:
        raise Contradiction("due_at", deadline.due_at.isoformat(), f"is before start_at ({start_at.isoformat()})")
    met_at = None if deadline.met_at is None else _utc(deadline.met_at, "met_at")
    return start_at, due_at, met_at


def _utc(value: datetime, field: str) -> datetime:
    # A plain datetime in UTC: aware values sharing one tzinfo subtract as wall clocks (wrong across DST),
    # and pendulum's arithmetic on a datetime.timezone.utc value can drop the zone.
    utc = to_utc(value, field)
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=UTC)


def _points(
    start_at: datetime, due_at: datetime, warn_at: Sequence[float], warn_before: timedelta
) -> tuple[WarningPoint, ...]:
    period = due_at - start_at
    points: dict[str, datetime] = {}
    for fraction in warn_at:
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 < fraction < 1:
            raise InvalidInput("warn_at", fraction, "each warning point is a fraction between 0 and 1")
        points.setdefault(f"{fraction * 100:g}%", start_at + period * fraction)
    if not isinstance(warn_before, timedelta) or warn_before < timedelta(0):
        raise InvalidInput("warn_before", warn_before, "must be a timedelta of zero or more")
    if warn_before:
        # A warning that would fall before the clock started is reached when it starts.
        points.setdefault(_duration_key(warn_before), max(due_at - warn_before, start_at))
    ordered = sorted(points.items(), key=lambda item: item[1])
    return tuple(WarningPoint(key, at) for key, at in ordered)


def _duration_key(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds and seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds and seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{span.total_seconds():g}s"
