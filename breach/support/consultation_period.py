"""The Art. 36 period (``gdpr.36.2``) recomputed from the whole record: extended, suspended, whose calendar.

The table's Art. 36 events (``breach.deadlines.event_table``) change one running clock rather than start or meet
one; ``breach.deadlines.events.plan`` asks this module for the clock's options after each of them, and checks a
suspension against the ones recorded before.

Choices, each one line to change:

- An Art. 36 suspension counts whole calendar days in the customer's time zone (from the day it starts
  to the day it ends: 25 March to 4 April is 10 days, whatever the hours and a DST change between),
  summed over all suspensions; the calendar rules use the authority's country's holidays. A suspension
  whose length the authority stated (``days``) ends by itself: the period moves when it is recorded.
- Suspensions do not overlap: a new one waits for the open one to end, or for a stated one to run out.
- The authority is the one named in the event, else the one named at receipt, else the customer's lead
  authority; with none, the default country's calendar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from breach.clock import to_utc
from breach.deadlines.event_details import DetailValue
from breach.deadlines.event_plan import PastEvent, Subject
from breach.deadlines.event_table import EVENTS, EventSpec
from breach.deadlines.rules import DEFAULT_COUNTRY, OptionValue
from breach.directory.authorities import authority as authority_by_id
from breach.errors import Contradiction, InvalidInput


def consultation_options(
    spec: EventSpec,
    moment: datetime,
    values: Mapping[str, DetailValue],
    subject: Subject,
    past: Sequence[PastEvent],
) -> dict[str, OptionValue]:
    """gdpr.36.2's options from the whole record: extended once announced; the whole days suspended."""
    closed, open_at = _suspensions(past, subject.tz)
    if spec.suspension == "end" and open_at is not None:
        closed.append((open_at, moment))
    days = values.get("days")
    if spec.suspension == "start" and isinstance(days, int) and not isinstance(days, bool):
        closed.append((moment, stated_end(moment, days, subject.tz)))
    return {
        "extended": spec.name == "extension-announced" or any(p.event == "extension-announced" for p in past),
        "suspended_days": sum(_days(start, end, subject.tz) for start, end in closed),
        "country": authority_country(None, subject, past),
    }


def check_suspension(spec: EventSpec, moment: datetime, past: Sequence[PastEvent], tz: str) -> None:
    """Refuse a suspension that overlaps another, or an end with no suspension open (or before its start)."""
    closed, open_at = _suspensions(past, tz)
    if spec.suspension == "start":
        if open_at is not None:
            problem = f"the suspension started at {open_at.isoformat()} has not ended: suspensions do not overlap"
            raise Contradiction("event", spec.name, problem)
        if closed and moment < closed[-1][1]:
            problem = f"overlaps the suspension that ends at {closed[-1][1].isoformat()}"
            raise InvalidInput("at", moment.isoformat(), problem)
        return
    if open_at is None:
        problem = "no suspension is open (one of stated days ends by itself): record suspension-started first"
        raise Contradiction("event", spec.name, problem)
    if moment < open_at:
        raise InvalidInput("at", moment.isoformat(), f"is before the suspension started ({open_at.isoformat()})")


def authority_country(given: str | None, subject: Subject, past: Sequence[PastEvent]) -> str:
    """The country of the authority consulted: named in the event, or at receipt, or the lead authority."""
    if given is None:
        received = [p.details.get("authority") for p in past if p.event == "consultation-received"]
        given = next((a for a in received if isinstance(a, str)), subject.lead_authority)
    return authority_by_id(given).country if given else DEFAULT_COUNTRY


def stated_end(start: datetime, days: int, tz: str) -> datetime:
    """The end of a suspension of ``days`` stated days: the same wall-clock time that many days later."""
    return to_utc(start.astimezone(ZoneInfo(tz)) + timedelta(days=days), "end")


def _suspensions(past: Sequence[PastEvent], tz: str) -> tuple[list[tuple[datetime, datetime]], datetime | None]:
    """The closed suspensions (start, end) and the start of an open one, from the record in time order.

    A suspension of stated ``days`` is closed from the start."""
    closed: list[tuple[datetime, datetime]] = []
    open_at: datetime | None = None
    for item in past:
        kind = EVENTS[item.event].suspension if item.event in EVENTS else None
        when = to_utc(item.occurred_at, "occurred_at")
        days = item.details.get("days")
        if kind == "start" and isinstance(days, int) and not isinstance(days, bool):
            closed.append((when, stated_end(when, days, tz)))
        elif kind == "start":
            open_at = when
        elif kind == "end" and open_at is not None:
            closed.append((open_at, when))
            open_at = None
    return closed, open_at


def _days(start: datetime, end: datetime, tz: str) -> int:
    """Calendar days from ``start`` to ``end`` on the wall calendar of ``tz`` (DST-proof, 1182/71-like)."""
    zone = ZoneInfo(tz)
    return (end.astimezone(zone).date() - start.astimezone(zone).date()).days
