"""The events a case or the incident records, as data: which clocks each starts, meets or moves.

A customer tells us what it did about its case (it notified its authority, informed its data subjects,
decided not to and why, received an Art. 36 advice, sent a DORA report); we record what we did about the
incident ourselves as a NIS2 entity. Each event is one frozen ``EventSpec`` row citing its article; the
rules it starts and meets are ids of ``breach.deadline_rules``. ``plan`` is pure: given the event, its
time and details, the clocks and the events already recorded, it says what to start, meet and move, or
refuses with ``InvalidInput`` naming the field. ``breach.reports`` applies a plan to the database.

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
- A stopping decision (``authority-not-notified``, ``subjects-not-informed``) marks its clock met: the
  duty is discharged by a documented decision, whose reason the report keeps (Art. 33(5)).
- An Art. 36 suspension counts whole calendar days in the customer's time zone (from the day it starts
  to the day it ends: 25 March to 4 April is 10 days, whatever the hours and a DST change between),
  summed over all suspensions; the calendar rules use the authority's country's holidays. A suspension
  whose length the authority stated (``days``) ends by itself: the period moves when it is recorded.
- The Art. 36 events (``consultation=True``) are also the events of a prior consultation of its own
  (scope "consultation", ``breach.consultations``): a consultation need not follow a breach (LAW.md
  section 3), so it has no awareness to follow; its events follow the GDPR's date of application.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from breach.authorities import authority as authority_by_id
from breach.clock import require_aware, to_utc
from breach.deadline_rules import DEFAULT_COUNTRY, DEFAULT_TZ, MAX_SUSPENDED_DAYS, RULES, OptionValue, RuleId
from breach.deadlines import due
from breach.errors import Contradiction, InvalidInput, UnknownValue

Scope = Literal["case", "incident", "consultation"]
DetailValue = str | int | bool | datetime
StoredDetail = str | int | bool

# Sources of a rule option besides a detail of the same event.
EVENT_TIME: Final = "@at"  # the event's own time
AUTHORITY_COUNTRY: Final = "@country"  # the country of the authority concerned (its public holidays)


@dataclass(frozen=True, slots=True)
class DetailSpec:
    """A detail an event can carry: its type and what it means; text is stripped and at most ``max_length``;
    a whole number with bounds lies within them."""

    name: str
    kind: type
    description: str
    max_length: int = 200
    bounds: tuple[int, int] | None = None


DETAILS: Final[Mapping[str, DetailSpec]] = MappingProxyType(
    {
        d.name: d
        for d in (
            DetailSpec("authority_reference", str, "the authority's reference for the notification (Art. 33(3))"),
            DetailSpec("authority", str, "the authority's id (breach.authorities), when not the lead authority"),
            DetailSpec("delay_reasons", str, "why later than the deadline (GDPR Art. 33(1))", 4000),
            DetailSpec("reason", str, "the reasoning behind the decision, for the register (Art. 33(5))", 4000),
            DetailSpec("follow_up", bool, "more information follows in phases (Art. 33(4)): starts gdpr.33.4"),
            DetailSpec("hours", int, "the internal target, in hours, of the clock it starts"),
            DetailSpec("trust_service_provider", bool, "we notify as a trust service provider: 24 hours"),
            DetailSpec("aware_at", datetime, "when the financial entity became aware, if not at our notice"),
            DetailSpec(
                "days",
                int,
                "the length of a suspension in whole days, when the authority stated it",
                bounds=(1, MAX_SUSPENDED_DAYS),
            ),
        )
    }
)


@dataclass(frozen=True, slots=True)
class ClockStart:
    """A clock an event starts.

    ``options`` maps a rule option to its source: a detail of the event, ``EVENT_TIME`` or
    ``AUTHORITY_COUNTRY``; an absent detail leaves the rule's default. ``when`` names a yes/no detail
    that must be true, ``after`` an event that must have been recorded before. ``sequence`` "next"
    numbers a series (follow-ups); ``move`` restarts an open clock from this event instead of leaving
    it (DORA's final report runs from the latest intermediate one). ``start`` "awareness" counts from
    the ``aware_at`` detail, else the customer's awareness.
    """

    rule: RuleId
    options: tuple[tuple[str, str], ...] = ()
    when: str | None = None
    after: str | None = None
    sequence: int | Literal["next"] = 1
    move: bool = False
    start: Literal["event", "awareness"] = "event"


@dataclass(frozen=True, slots=True)
class ClockMeet:
    """A clock an event meets: the first of its series, or the open one with the lowest sequence."""

    rule: RuleId
    which: Literal["first", "open"] = "first"


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event: where it belongs, its legal source, its details, and what it does to the clocks."""

    name: str
    scope: Scope
    source: str
    description: str
    starts: tuple[ClockStart, ...] = ()
    meets: tuple[ClockMeet, ...] = ()
    # Clocks recomputed with options derived from the whole record (the Art. 36 period).
    recomputes: tuple[RuleId, ...] = ()
    recompute_when: str | None = None  # a detail that must be given for ``recomputes`` to apply
    requires: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    once: bool = True
    distinct_by: tuple[str, ...] = ()  # a once-event happens once per value of these details
    after: str | None = None  # an event that must have been recorded before
    excludes: tuple[str, ...] = ()  # events after which this one is refused
    needs_open: RuleId | None = None  # the clock this event changes: it must run, unmet
    by: RuleId | None = None  # refused after this clock's due time, for the reason in ``by_note``
    by_note: str = ""
    reasons_when_late: RuleId | None = None  # ``delay_reasons`` required after this clock's due time
    suspension: Literal["start", "end"] | None = None
    controller_only: bool = False
    financial_entity_only: bool = False
    consultation: bool = False  # also an event of a prior consultation of its own (GDPR Art. 36)


_DORA_RTS = "Delegated Regulation (EU) 2025/301"

EVENTS: Final[Mapping[str, EventSpec]] = MappingProxyType(
    {
        e.name: e
        for e in (
            EventSpec(
                "authority-notified",
                scope="case",
                source="GDPR Art. 33(1), (3), (4)",
                description="The controller notified its supervisory authority; later than 72 hours with the "
                "reasons for the delay.",
                meets=(ClockMeet("gdpr.33.1"),),
                starts=(ClockStart("gdpr.33.4", options=(("hours", "hours"),), when="follow_up", sequence="next"),),
                requires=("authority_reference",),
                accepts=("authority", "delay_reasons", "follow_up", "hours"),
                distinct_by=("authority",),
                reasons_when_late="gdpr.33.1",
                controller_only=True,
            ),
            EventSpec(
                "follow-up-sent",
                scope="case",
                source="GDPR Art. 33(4)",
                description="The controller sent the authority further information; more may follow.",
                meets=(ClockMeet("gdpr.33.4", "open"),),
                starts=(ClockStart("gdpr.33.4", options=(("hours", "hours"),), when="follow_up", sequence="next"),),
                accepts=("authority_reference", "authority", "delay_reasons", "follow_up", "hours"),
                once=False,
                after="authority-notified",
                controller_only=True,
            ),
            EventSpec(
                "authority-not-notified",
                scope="case",
                source="GDPR Art. 33(1) (unlikely to result in a risk), Art. 33(5)",
                description="The controller decided not to notify its authority, and why (its register).",
                meets=(ClockMeet("gdpr.33.1"),),
                requires=("reason",),
                accepts=("delay_reasons",),
                excludes=("authority-notified",),
                controller_only=True,
            ),
            EventSpec(
                "high-risk-established",
                scope="case",
                source="GDPR Art. 34(1)",
                description="The controller found a high risk: its data subjects are to be told without undue delay.",
                starts=(ClockStart("gdpr.34.1", options=(("hours", "hours"),)),),
                accepts=("hours", "reason"),
                controller_only=True,
            ),
            EventSpec(
                "subjects-informed",
                scope="case",
                source="GDPR Art. 34(1), (2), (3)(c)",
                description="The controller informed its data subjects (or made a public communication).",
                meets=(ClockMeet("gdpr.34.1"),),
                accepts=("delay_reasons", "reason"),
                controller_only=True,
            ),
            EventSpec(
                "subjects-not-informed",
                scope="case",
                source="GDPR Art. 34(3)(a), (b); Art. 33(5)",
                description="The controller decided not to inform its data subjects, and why (e.g. an Art. 34(3) "
                "exemption).",
                meets=(ClockMeet("gdpr.34.1"),),
                requires=("reason",),
                accepts=("delay_reasons",),
                excludes=("subjects-informed",),
                controller_only=True,
            ),
            EventSpec(
                "consultation-received",
                scope="case",
                source="GDPR Art. 36(1), (2)",
                description="The authority received the controller's prior-consultation request.",
                starts=(
                    ClockStart("gdpr.36.2", options=(("country", AUTHORITY_COUNTRY),)),
                    ClockStart("gdpr.36.2.extension", options=(("country", AUTHORITY_COUNTRY),)),
                ),
                accepts=("authority", "authority_reference", "reason"),
                controller_only=True,
                consultation=True,
            ),
            EventSpec(
                "extension-announced",
                scope="case",
                source="GDPR Art. 36(2), second and third sentences",
                description="The authority extended its period by 6 weeks, announced within one month of receipt.",
                meets=(ClockMeet("gdpr.36.2.extension"),),
                recomputes=("gdpr.36.2",),
                accepts=("reason",),
                needs_open="gdpr.36.2",
                by="gdpr.36.2.extension",
                by_note="an extension is valid only if announced within one month of receipt (Art. 36(2))",
                controller_only=True,
                consultation=True,
            ),
            EventSpec(
                "suspension-started",
                scope="case",
                source="GDPR Art. 36(2), fourth sentence",
                description="The authority suspended its period until it obtains information it requested; with "
                "``days``, for a stated number of days (it then ends by itself).",
                recomputes=("gdpr.36.2",),
                recompute_when="days",
                accepts=("reason", "days"),
                once=False,
                needs_open="gdpr.36.2",
                by="gdpr.36.2",
                by_note="the period had already ended",
                suspension="start",
                controller_only=True,
                consultation=True,
            ),
            EventSpec(
                "suspension-ended",
                scope="case",
                source="GDPR Art. 36(2), fourth sentence",
                description="The authority obtained the information: its period runs again, longer by the whole "
                "days suspended.",
                recomputes=("gdpr.36.2",),
                accepts=("reason",),
                once=False,
                needs_open="gdpr.36.2",
                suspension="end",
                controller_only=True,
                consultation=True,
            ),
            EventSpec(
                "advice-received",
                scope="case",
                source="GDPR Art. 36(2)",
                description="The authority gave its written advice; the consultation's clocks stop.",
                meets=(ClockMeet("gdpr.36.2"), ClockMeet("gdpr.36.2.extension")),
                accepts=("authority_reference", "reason"),
                controller_only=True,
                consultation=True,
            ),
            EventSpec(
                "dora-classified",
                scope="case",
                source=f"DORA Art. 18, 19(4)(a); {_DORA_RTS} Art. 5(1)",
                description="The financial entity classified the incident as major (at the event's time).",
                starts=(ClockStart("dora.initial", options=(("classified_at", EVENT_TIME),), start="awareness"),),
                accepts=("aware_at",),
                financial_entity_only=True,
            ),
            EventSpec(
                "dora-initial-sent",
                scope="case",
                source=f"DORA Art. 19(4)(a); {_DORA_RTS} Art. 5(1)",
                description="The financial entity sent its initial notification.",
                meets=(ClockMeet("dora.initial"),),
                starts=(ClockStart("dora.intermediate"),),
                accepts=("authority_reference",),
                financial_entity_only=True,
            ),
            EventSpec(
                "dora-intermediate-sent",
                scope="case",
                source=f"DORA Art. 19(4)(b), (c); {_DORA_RTS} Art. 5(2), (3)",
                description="The financial entity sent an intermediate report; the final one is due a month "
                "after the latest.",
                meets=(ClockMeet("dora.intermediate", "open"),),
                starts=(ClockStart("dora.final", move=True),),
                accepts=("authority_reference",),
                once=False,
                excludes=("dora-final-sent",),
                financial_entity_only=True,
            ),
            EventSpec(
                "dora-final-sent",
                scope="case",
                source=f"DORA Art. 19(4)(c); {_DORA_RTS} Art. 5(3)",
                description="The financial entity sent its final report.",
                meets=(ClockMeet("dora.final"),),
                accepts=("authority_reference",),
                financial_entity_only=True,
            ),
            EventSpec(
                "nis2-significant",
                scope="incident",
                source="NIS2 Art. 23(3), (4)(a), (b); Implementing Regulation (EU) 2024/2690",
                description="We found the incident significant: our own early warning and notification clocks start.",
                starts=(
                    ClockStart("nis2.23.4.a"),
                    ClockStart("nis2.23.4.b", options=(("trust_service_provider", "trust_service_provider"),)),
                ),
                accepts=("trust_service_provider", "reason"),
            ),
            EventSpec(
                "nis2-early-warning-sent",
                scope="incident",
                source="NIS2 Art. 23(4)(a)",
                description="We sent the CSIRT (CCB) our early warning.",
                meets=(ClockMeet("nis2.23.4.a"),),
                accepts=("authority_reference",),
            ),
            EventSpec(
                "nis2-notification-sent",
                scope="incident",
                source="NIS2 Art. 23(4)(b), (d)",
                description="We sent the CSIRT our incident notification; the final report is due in a month.",
                meets=(ClockMeet("nis2.23.4.b"),),
                starts=(ClockStart("nis2.23.4.d"),),
                accepts=("authority_reference",),
            ),
            EventSpec(
                "nis2-progress-report-sent",
                scope="incident",
                source="NIS2 Art. 23(4)(e)",
                description="The incident was still ongoing at the final-report deadline: we sent a progress "
                "report instead.",
                meets=(ClockMeet("nis2.23.4.d"),),
                accepts=("authority_reference",),
                excludes=("nis2-final-report-sent",),
            ),
            EventSpec(
                "nis2-incident-handled",
                scope="incident",
                source="NIS2 Art. 23(4)(e)",
                description="The incident is handled; after a progress report, the final report is due a month "
                "from now.",
                starts=(ClockStart("nis2.23.4.d", after="nis2-progress-report-sent", sequence=2),),
                excludes=("nis2-final-report-sent",),
            ),
            EventSpec(
                "nis2-final-report-sent",
                scope="incident",
                source="NIS2 Art. 23(4)(d), (e)",
                description="We sent the CSIRT our final report.",
                meets=(ClockMeet("nis2.23.4.d", "open"),),
                accepts=("authority_reference",),
            ),
        )
    }
)


def _check_table() -> None:  # pragma: no cover - a table edit that names an unknown rule, detail or event
    for spec in EVENTS.values():
        rules = [s.rule for s in spec.starts] + [m.rule for m in spec.meets] + list(spec.recomputes)
        rules += [r for r in (spec.needs_open, spec.by, spec.reasons_when_late) if r is not None]
        details = (*spec.requires, *spec.accepts)
        used = [src for s in spec.starts for _, src in s.options if not src.startswith("@")]
        used += [s.when for s in spec.starts if s.when is not None]
        used += [spec.recompute_when] if spec.recompute_when is not None else []
        events = [e for e in (spec.after, *spec.excludes, *(s.after for s in spec.starts)) if e is not None]
        problems = (
            [r for r in rules if r not in RULES]
            + [d for d in (*details, *used) if d not in DETAILS or d not in details]
            + [e for e in events if e not in EVENTS]
            + [r for r in spec.recomputes if r not in _RECOMPUTED]
        )
        if problems:
            raise ImportError(f"event table: {spec.name}: unknown {problems}")


# --- inputs and outputs of plan ------------------------------------------------------------------


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
    rule: str
    sequence: int
    start: datetime
    options: Mapping[str, OptionValue]
    due_at: datetime


@dataclass(frozen=True, slots=True)
class MeetClock:
    key: str
    rule: str
    at: datetime
    late: bool
    late_reasons: str | None


@dataclass(frozen=True, slots=True)
class Recompute:
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


# --- planning ------------------------------------------------------------------------------------


def get_event(name: object) -> EventSpec:
    """The event with this name; an unknown one raises ``UnknownValue`` listing the known ones."""
    if isinstance(name, str) and name in EVENTS:
        return EVENTS[name]
    raise UnknownValue("event", name, f"not a known event (known: {', '.join(EVENTS)})")


def starters(rule: str) -> tuple[str, ...]:
    """The events that start ``rule``."""
    return tuple(e.name for e in EVENTS.values() if any(s.rule == rule for s in e.starts))


def stoppers(rule: str) -> tuple[str, ...]:
    """The events that meet ``rule``."""
    return tuple(e.name for e in EVENTS.values() if any(m.rule == rule for m in e.meets))


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
    values = _check_details(spec, details, moment)
    stored = {k: to_utc(v, k).isoformat() if isinstance(v, datetime) else v for k, v in values.items()}
    past = sorted(history, key=lambda p: to_utc(p.occurred_at, "occurred_at"))
    for item in past:
        if item.event == spec.name and to_utc(item.occurred_at, "occurred_at") == moment and item.details == stored:
            return Plan(spec, moment, stored, repeat_of=item)
    _check_history(spec, moment, stored, past, subject)
    clocks = {(d.rule, d.sequence): d for d in deadlines}
    _check_clock(spec, moment, clocks, subject)
    if spec.suspension is not None:
        _check_suspension(spec, moment, past, subject.tz)
    reasons_late = _reasons_late(spec, moment, values, clocks)
    meets = _meets(spec, moment, values, clocks)
    starts, moves = _starts(spec, moment, values=values, subject=subject, clocks=clocks, past=past)
    recomputes = moves + _recomputes(spec, moment, values, subject=subject, clocks=clocks, past=past)
    late = reasons_late or any(m.late for m in meets)
    return Plan(spec, moment, stored, tuple(starts), tuple(meets), tuple(recomputes), late)


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


def _check_details(spec: EventSpec, details: Mapping[str, object], moment: datetime) -> dict[str, DetailValue]:
    taken = (*spec.requires, *spec.accepts)
    values: dict[str, DetailValue] = {}
    for name, value in details.items():
        if value is None:
            continue
        if name not in taken:
            known = ", ".join(taken) or "none"
            raise InvalidInput(name, value, f"not a detail of {spec.name} (it takes: {known})")
        values[name] = _detail(DETAILS[name], value)
    for name in spec.requires:
        if name not in values:
            raise InvalidInput(name, None, f"required by {spec.name}: {DETAILS[name].description}")
    for start in spec.starts:
        if start.when is not None and values.get(start.when) is not True:
            for _, source in start.options:
                if source in values:
                    raise InvalidInput(source, values[source], f"only used together with {start.when}")
    aware = values.get("aware_at")
    if isinstance(aware, datetime) and to_utc(aware, "aware_at") > moment:
        problem = f"is after the event ({moment.isoformat()}): awareness comes before classification"
        raise InvalidInput("aware_at", aware.isoformat(), problem)
    return values


def _detail(spec: DetailSpec, value: object) -> DetailValue:
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise InvalidInput(spec.name, value, "must be true or false")
        return value
    if spec.kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(spec.name, value, "must be a whole number")
        if spec.bounds is not None and not spec.bounds[0] <= value <= spec.bounds[1]:
            raise InvalidInput(spec.name, value, f"must be from {spec.bounds[0]} to {spec.bounds[1]}")
        return value
    if spec.kind is datetime:
        return _instant(spec.name, value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(spec.name, value, "must be a non-empty text")
    text = value.strip()
    if len(text) > spec.max_length:
        raise InvalidInput(spec.name, f"{text[:40]}…", f"is longer than {spec.max_length} characters")
    if spec.name == "authority":
        authority_by_id(text)
    return text


def _instant(name: str, value: object) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(name, value, "not an ISO 8601 date and time") from None
    if not isinstance(value, datetime):
        raise InvalidInput(name, value, "must be a date and time with a time zone")
    return require_aware(value, name)


def _check_history(
    spec: EventSpec, moment: datetime, stored: Mapping[str, object], past: Sequence[PastEvent], subject: Subject
) -> None:
    for item in past:
        if item.event in spec.excludes:
            when = to_utc(item.occurred_at, "occurred_at").isoformat()
            raise Contradiction("event", spec.name, f"{item.event} was recorded for {subject.label} at {when}")
        same = item.event == spec.name and all(item.details.get(k) == stored.get(k) for k in spec.distinct_by)
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


def _stated_end(start: datetime, days: int, tz: str) -> datetime:
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
            closed.append((when, _stated_end(when, days, tz)))
        elif kind == "start":
            open_at = when
        elif kind == "end" and open_at is not None:
            closed.append((open_at, when))
            open_at = None
    return closed, open_at


def _check_suspension(spec: EventSpec, moment: datetime, past: Sequence[PastEvent], tz: str) -> None:
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
            options[option] = _country(given if isinstance(given, str) else None, subject, past)
        elif source in values:
            options[option] = values[source]
    return options


def _country(given: str | None, subject: Subject, past: Sequence[PastEvent]) -> str:
    """The country of the authority consulted: named in the event, or at receipt, or the lead authority."""
    if given is None:
        received = [p.details.get("authority") for p in past if p.event == "consultation-received"]
        given = next((a for a in received if isinstance(a, str)), subject.lead_authority)
    return authority_by_id(given).country if given else DEFAULT_COUNTRY


def _consultation_options(
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
        closed.append((moment, _stated_end(moment, days, subject.tz)))
    return {
        "extended": spec.name == "extension-announced" or any(p.event == "extension-announced" for p in past),
        "suspended_days": sum(_days(start, end, subject.tz) for start, end in closed),
        "country": _country(None, subject, past),
    }


def _days(start: datetime, end: datetime, tz: str) -> int:
    """Calendar days from ``start`` to ``end`` on the wall calendar of ``tz`` (DST-proof, 1182/71-like)."""
    zone = ZoneInfo(tz)
    return (end.astimezone(zone).date() - start.astimezone(zone).date()).days


_RECOMPUTED: Final = MappingProxyType({"gdpr.36.2": _consultation_options})


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


_check_table()
