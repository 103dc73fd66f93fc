"""Planning an event: what recording it does to the clocks, or why it is refused.

The events and what each does are a table (``breach.deadlines.event_table``, re-exported here with the types of
``breach.deadlines.event_plan``, so callers import one module). ``plan`` is pure: given the event, its time and
details, the clocks and the events already recorded, it says what to start, meet and move, or refuses
with ``InvalidInput`` naming the field. ``breach.incidents.store.recorded`` (a case, the incident) and
``breach.support.store.consultations`` (a prior consultation) apply a plan to the database. The details are checked by
``breach.deadlines.event_details``, the Art. 36 period recomputed by ``breach.support.consultation_period``.

Choices, each one line to change:

- An event that *meets* a clock that does not run is recorded with nothing to meet: the customer may have
  kept that clock without us (``subjects-informed`` without ``high-risk-established``), and its report is
  still its record. An event that *changes* a clock (an Art. 36 extension or suspension) needs that clock
  running and is refused otherwise; a follow-up needs a notification before it.
- The same event with the same time and details again is a repeat (an API client retrying): nothing new
  is written. An event that happens once (most do) recorded again with another time or details is a
  ``Contradiction``; ``authority-notified`` happens once per authority.
- Events happen after awareness: a case's events not before the incident's (or the customer's, if
  earlier) awareness; the incident's own NIS2 events not before its detection, since a significant
  incident need not be a personal data breach. No event is in the future.
- "Late" is judged by the event's own time, not the time it is recorded. ``authority-notified`` after the
  ``gdpr.33.1`` due time needs ``delay_reasons`` (Art. 33(1)), also after a decision not to notify.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from breach.clock import to_utc
from breach.deadlines.due import due
from breach.deadlines.event_detail_table import DETAILS, DetailSpec
from breach.deadlines.event_details import DetailValue, StoredDetail, check_details, stored
from breach.deadlines.event_plan import DeadlineState, MeetClock, PastEvent, Plan, Recompute, StartClock, Subject
from breach.deadlines.event_table import (
    AUTHORITY_COUNTRY,
    EVENT_TIME,
    EVENTS,
    ClockMeet,
    ClockStart,
    EventSpec,
    Scope,
    get_event,
    starters,
    stoppers,
)
from breach.deadlines.rules import OptionValue
from breach.errors import Contradiction, InvalidInput
from breach.support.consultation_period import authority_country, check_suspension, consultation_options

__all__ = [
    "AUTHORITY_COUNTRY",
    "DETAILS",
    "EVENTS",
    "EVENT_TIME",
    "ClockMeet",
    "ClockStart",
    "DeadlineState",
    "DetailSpec",
    "DetailValue",
    "EventSpec",
    "MeetClock",
    "PastEvent",
    "Plan",
    "Recompute",
    "Scope",
    "StartClock",
    "StoredDetail",
    "Subject",
    "get_event",
    "plan",
    "starters",
    "stoppers",
]


def plan(
    event: str,
    at: datetime,
    *,
    subject: Subject,
    details: Mapping[str, object],
    deadlines: Sequence[DeadlineState],
    history: Sequence[PastEvent],
    now: datetime,
) -> Plan:
    """What recording ``event`` at ``at`` with ``details`` does to the clocks ``deadlines`` of ``subject``.

    ``deadlines`` are all the subject's clocks, met or not; ``history`` its events recorded so far.
    Raises ``UnknownValue`` (event, authority), ``InvalidInput`` naming the field (a detail missing, not
    taken or badly typed, a time in the future or before ``subject.earliest``, ``delay_reasons`` missing
    when late, the wrong scope or customer) and ``Contradiction`` (an event the record rules out).
    """
    spec = get_event(event)
    _check_subject(spec, subject)
    moment = _check_time(at, now, subject)
    values = check_details(spec, details, moment)
    kept = stored(values)
    past = sorted(history, key=lambda p: to_utc(p.occurred_at, "occurred_at"))
    for item in past:
        if item.event == spec.name and to_utc(item.occurred_at, "occurred_at") == moment and item.details == kept:
            return Plan(spec, moment, kept, repeat_of=item)
    _check_history(spec, moment, kept, past, subject)
    clocks = {(d.rule, d.sequence): d for d in deadlines}
    _check_clock(spec, moment, clocks, subject)
    if spec.suspension is not None:
        check_suspension(spec, moment, past, subject.tz)
    reasons_late = _reasons_late(spec, moment, values, clocks)
    meets = _meets(spec, moment, values, clocks)
    starts, moves = _starts(spec, moment, values=values, subject=subject, clocks=clocks, past=past)
    recomputes = moves + _recomputes(spec, moment, values, subject=subject, clocks=clocks, past=past)
    late = reasons_late or any(m.late for m in meets)
    return Plan(spec, moment, kept, tuple(starts), tuple(meets), tuple(recomputes), late)


def _check_subject(spec: EventSpec, subject: Subject) -> None:
    if subject.scope == "consultation":
        if not spec.consultation:
            known = ", ".join(e.name for e in EVENTS.values() if e.consultation)
            raise InvalidInput("event", spec.name, f"not an event of a prior consultation (its events: {known})")
        return
    if spec.scope != subject.scope:
        if spec.scope == "incident":
            problem = f"{spec.name} is about the incident itself (our own NIS2 duties): record it without a customer"
            raise InvalidInput("customer", subject.label, problem)
        raise InvalidInput("customer", None, f"{spec.name} is about a customer's case: name the customer")
    if spec.controller_only and not subject.controller:
        problem = (
            f"is a processor: it passes our notice on to its controllers (GDPR Art. 33(2)); {spec.name} is a "
            "controller's to record"
        )
        raise InvalidInput("customer", subject.label, problem)
    if spec.financial_entity_only and not subject.financial_entity:
        raise InvalidInput("customer", subject.label, f"is not a financial entity: {spec.name} is a DORA event")


def _check_time(at: datetime, now: datetime, subject: Subject) -> datetime:
    moment = to_utc(at, "at")
    if moment > to_utc(now, "now"):
        raise InvalidInput("at", at.isoformat(), f"is in the future (now is {now.isoformat()})")
    earliest = to_utc(subject.earliest, "earliest")
    if moment < earliest:
        raise InvalidInput("at", at.isoformat(), f"is before {subject.earliest_field} ({earliest.isoformat()})")
    return moment


def _check_history(
    spec: EventSpec, moment: datetime, kept: Mapping[str, object], past: Sequence[PastEvent], subject: Subject
) -> None:
    for item in past:
        if item.event in spec.excludes:
            when = to_utc(item.occurred_at, "occurred_at").isoformat()
            raise Contradiction("event", spec.name, f"{item.event} was recorded for {subject.label} at {when}")
        same = item.event == spec.name and all(item.details.get(k) == kept.get(k) for k in spec.distinct_by)
        if spec.once and same:
            when = to_utc(item.occurred_at, "occurred_at").isoformat()
            per = f" for this {', '.join(spec.distinct_by)}" if spec.distinct_by else ""
            problem = f"already recorded for {subject.label}{per} at {when}, with other time or details"
            raise Contradiction("event", spec.name, problem)
    if spec.after is not None and not any(p.event == spec.after for p in past):
        raise Contradiction("event", spec.name, f"needs {spec.after} recorded first for {subject.label}")


def _check_clock(
    spec: EventSpec, moment: datetime, clocks: Mapping[tuple[str, int], DeadlineState], subject: Subject
) -> None:
    if spec.needs_open is not None:
        clock = clocks.get((spec.needs_open, 1))
        if clock is None:
            first = " or ".join(starters(spec.needs_open))
            problem = f"no {spec.needs_open} clock runs for {subject.label}: record {first} first"
            raise Contradiction("event", spec.name, problem)
        if clock.met_at is not None:
            problem = f"{spec.needs_open} was met at {to_utc(clock.met_at, 'met_at').isoformat()}: it no longer runs"
            raise Contradiction("event", spec.name, problem)
        if moment < to_utc(clock.start_at, "start_at"):
            problem = f"is before {spec.needs_open} started ({to_utc(clock.start_at, 'start_at').isoformat()})"
            raise InvalidInput("at", moment.isoformat(), problem)
    if spec.by is not None:
        limit = clocks.get((spec.by, 1))
        if limit is not None and moment > to_utc(limit.due_at, "due_at"):
            problem = f"is after the {spec.by} due time ({to_utc(limit.due_at, 'due_at').isoformat()}): {spec.by_note}"
            raise InvalidInput("at", moment.isoformat(), problem)


def _reasons_late(
    spec: EventSpec,
    moment: datetime,
    values: Mapping[str, DetailValue],
    clocks: Mapping[tuple[str, int], DeadlineState],
) -> bool:
    if spec.reasons_when_late is None:
        return False
    clock = clocks.get((spec.reasons_when_late, 1))
    if clock is None or moment <= to_utc(clock.due_at, "due_at"):
        return False
    if "delay_reasons" not in values:
        due_at = to_utc(clock.due_at, "due_at").isoformat()
        problem = (
            f"required: {spec.name} at {moment.isoformat()} is after the {clock.rule} due time ({due_at}); "
            "a late notification states the reasons for the delay (GDPR Art. 33(1))"
        )
        raise InvalidInput("delay_reasons", None, problem)
    return True


def _find(clocks: Mapping[tuple[str, int], DeadlineState], rule: str, which: str) -> DeadlineState | None:
    if which == "first":
        return clocks.get((rule, 1))
    running = sorted((d for d in clocks.values() if d.rule == rule and d.met_at is None), key=lambda d: d.sequence)
    return running[0] if running else None


def _meets(
    spec: EventSpec,
    moment: datetime,
    values: Mapping[str, DetailValue],
    clocks: Mapping[tuple[str, int], DeadlineState],
) -> list[MeetClock]:
    meets: list[MeetClock] = []
    reasons = values.get("delay_reasons")
    for meet in spec.meets:
        clock = _find(clocks, meet.rule, meet.which)
        if clock is None or clock.met_at is not None:
            continue
        late = moment > to_utc(clock.due_at, "due_at")
        late_reasons = reasons if late and isinstance(reasons, str) else None
        meets.append(MeetClock(clock.key, clock.rule, moment, late, late_reasons))
    return meets


def _starts(
    spec: EventSpec,
    moment: datetime,
    *,
    values: Mapping[str, DetailValue],
    subject: Subject,
    clocks: Mapping[tuple[str, int], DeadlineState],
    past: Sequence[PastEvent],
) -> tuple[list[StartClock], list[Recompute]]:
    starts: list[StartClock] = []
    moves: list[Recompute] = []
    for clock in spec.starts:
        if clock.when is not None and values.get(clock.when) is not True:
            continue
        if clock.after is not None and not any(p.event == clock.after for p in past):
            continue
        used = [seq for rule, seq in clocks if rule == clock.rule]
        sequence = clock.sequence if isinstance(clock.sequence, int) else max(used, default=0) + 1
        start = moment
        if clock.start == "awareness":
            aware = values.get("aware_at")
            start = to_utc(aware, "aware_at") if isinstance(aware, datetime) else (subject.aware_at or moment)
        options = _options(clock, moment, values, subject, past)
        due_at = _due(clock.rule, start, subject.tz, options)
        existing = clocks.get((clock.rule, sequence))
        if existing is None:
            starts.append(StartClock(clock.rule, sequence, to_utc(start, "start"), options, due_at))
        elif clock.move and existing.met_at is None:
            previous = to_utc(existing.due_at, "due_at")
            moves.append(Recompute(existing.key, clock.rule, to_utc(start, "start"), options, due_at, previous))
    return starts, moves


def _options(
    clock: ClockStart,
    moment: datetime,
    values: Mapping[str, DetailValue],
    subject: Subject,
    past: Sequence[PastEvent],
) -> dict[str, OptionValue]:
    options: dict[str, OptionValue] = {}
    for option, source in clock.options:
        if source == EVENT_TIME:
            options[option] = moment
        elif source == AUTHORITY_COUNTRY:
            given = values.get("authority")
            options[option] = authority_country(given if isinstance(given, str) else None, subject, past)
        elif source in values:
            options[option] = values[source]
    return options


# The options of a recomputed clock, from the whole record, by rule (``EventSpec.recomputes``).
_RECOMPUTED: Final = MappingProxyType({"gdpr.36.2": consultation_options})


def _recomputes(
    spec: EventSpec,
    moment: datetime,
    values: Mapping[str, DetailValue],
    *,
    subject: Subject,
    clocks: Mapping[tuple[str, int], DeadlineState],
    past: Sequence[PastEvent],
) -> list[Recompute]:
    out: list[Recompute] = []
    if spec.recompute_when is not None and spec.recompute_when not in values:
        return out
    for rule in spec.recomputes:
        clock = clocks.get((rule, 1))
        if clock is None or clock.met_at is not None:
            continue
        options = _RECOMPUTED[rule](spec, moment, values, subject, past)
        start = to_utc(clock.start_at, "start_at")
        due_at = _due(rule, start, subject.tz, options)
        out.append(Recompute(clock.key, rule, start, options, due_at, to_utc(clock.due_at, "due_at")))
    return out


def _due(rule: str, start: datetime, tz: str, options: Mapping[str, OptionValue]) -> datetime:
    kwargs: dict[str, Any] = dict(options)
    return to_utc(due(rule, start, tz=tz, **kwargs), "due_at")


def _check_recomputed() -> None:  # pragma: no cover - a table edit that recomputes a rule nobody derives
    unknown = sorted({r for spec in EVENTS.values() for r in spec.recomputes if r not in _RECOMPUTED})
    if unknown:
        raise ImportError(f"event table: no recomputation for {unknown}")


_check_recomputed()
