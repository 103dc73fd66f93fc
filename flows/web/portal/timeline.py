"""A case's deadlines as a timeline the portal draws in inline SVG: pure geometry, no drawing here.

Each clock is a bar from its start to its due time; a vertical line marks now; the ticks are midnights on
the customer's own wall calendar (so a DST change moves nothing by an hour), every few days on a long view.
Times and tick dates are worded for the reader's locale (``notifications.i18n.formats``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from babel import Locale

from breach.clock import to_utc
from flows.web.api.models import DeadlineOut
from notifications.i18n import formats

WIDTH: Final = 640
LEFT: Final = 8
RIGHT: Final = 8
TOP: Final = 28
ROW: Final = 44
MAX_TICKS: Final = 7
COLOURS: Final[dict[str, str]] = {
    "upcoming": "#1d4ed8",
    "due_soon": "#c2410c",
    "overdue": "#b91c1c",
    "met": "#15803d",
    "met_late": "#a16207",
}


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    status: str
    colour: str
    x: float
    width: float
    y: float
    start: str
    due: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    now_x: float
    now_label: str


def timeline(
    deadlines: Sequence[DeadlineOut],
    *,
    now: datetime,
    tz: str,
    label: Callable[[str], str],
    language: str,
    width: int = WIDTH,
) -> Timeline:
    """The geometry of ``deadlines`` around ``now``, times shown on the wall clock of ``tz`` to a reader of
    ``language``."""
    locale = formats.locale_for(language)
    moment = to_utc(now, "now")
    starts = [to_utc(d.start_at, "start_at") for d in deadlines]
    dues = [to_utc(d.due_at, "due_at") for d in deadlines]
    low, high = min([*starts, moment]), max([*dues, moment])
    span = max(high - low, timedelta(hours=1))
    low, high = low - span * 0.04, high + span * 0.04
    inner = width - LEFT - RIGHT

    def x(at: datetime) -> float:
        return round(LEFT + inner * ((at - low) / (high - low)), 1)

    bars = tuple(
        Bar(
            label=label(d.rule),
            status=d.status.value,
            colour=COLOURS.get(d.status.value, "#52525b"),
            x=x(start),
            width=max(round(x(due) - x(start), 1), 2.0),
            y=TOP + i * ROW,
            start=formats.moment(start, tz, locale),
            due=formats.moment(due, tz, locale),
        )
        for i, (d, start, due) in enumerate(zip(deadlines, starts, dues, strict=True))
    )
    return Timeline(
        width=width,
        height=TOP + max(len(bars), 1) * ROW + 12,
        bars=bars,
        ticks=_ticks(low, high, tz, x, locale),
        now_x=x(moment),
        now_label=formats.moment(moment, tz, locale),
    )


def _ticks(low: datetime, high: datetime, tz: str, x: Callable[[datetime], float], locale: Locale) -> tuple[Tick, ...]:
    zone = ZoneInfo(tz)
    first = low.astimezone(zone).date() + timedelta(days=1)
    last = high.astimezone(zone).date()
    days = (last - first).days + 1
    if days <= 0:
        return ()
    step = max(1, math.ceil(days / MAX_TICKS))
    ticks = []
    for offset in range(0, days, step):
        day = first + timedelta(days=offset)
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        ticks.append(Tick(x(to_utc(midnight, "midnight")), formats.day_month(day, locale)))
    return tuple(ticks)
