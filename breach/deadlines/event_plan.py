"""What ``breach.deadlines.events.plan`` reads and what it answers, as frozen values: no database rows.

The callers (``breach.incidents.store.recorded`` for a case or the incident, ``breach.support.store.consultations``
for a prior consultation) turn their rows into these, and apply the ``Plan`` back to the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from breach.deadlines.event_details import StoredDetail
from breach.deadlines.event_table import EventSpec, Scope
from breach.deadlines.rules import DEFAULT_TZ, OptionValue


@dataclass(frozen=True, slots=True)
class Subject:
    """What the event is about: a customer's case, or the incident itself (our own NIS2 duties)."""

    scope: Scope
    label: str  # the customer's name or the incident's reference, for messages
    earliest: datetime  # no event before it
    earliest_field: str  # what ``earliest`` is, for messages ("the incident's awareness")
    tz: str = DEFAULT_TZ  # the customer's time zone; the day periods end at midnight there
    aware_at: datetime | None = None  # the customer's awareness: dora.initial's default start
    controller: bool = True  # False for a customer that is itself a processor
    financial_entity: bool = False
    lead_authority: str | None = None


@dataclass(frozen=True, slots=True)
class DeadlineState:
    """A clock as it stands (a ``Deadline`` row, without the database)."""

    key: str
    rule: str
    sequence: int
    start_at: datetime
    due_at: datetime
    met_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PastEvent:
    """An event already recorded for the same case (or the incident), details as stored."""

    event: str
    occurred_at: datetime
    details: Mapping[str, object]
    id: object = None


@dataclass(frozen=True, slots=True)
class StartClock:
    """A clock to start: its rule, its number in a series, and the options its due time was computed with."""

    rule: str
    sequence: int
    start: datetime
    options: Mapping[str, OptionValue]
    due_at: datetime


@dataclass(frozen=True, slots=True)
class MeetClock:
    """A running clock the event meets; ``late`` past its due time, with the reasons given."""

    key: str
    rule: str
    at: datetime
    late: bool
    late_reasons: str | None


@dataclass(frozen=True, slots=True)
class Recompute:
    """A running clock whose due time moves (a new start or new options), with the due time it had."""

    key: str
    rule: str
    start: datetime
    options: Mapping[str, OptionValue]
    due_at: datetime
    previous_due_at: datetime


@dataclass(frozen=True, slots=True)
class Plan:
    """What recording ``event`` at ``at`` does; ``repeat_of`` set: it was recorded already, do nothing."""

    event: EventSpec
    at: datetime
    details: Mapping[str, StoredDetail]
    starts: tuple[StartClock, ...] = ()
    meets: tuple[MeetClock, ...] = ()
    recomputes: tuple[Recompute, ...] = ()
    late: bool = False
    repeat_of: PastEvent | None = None
