"""The events a case or the incident records, as data: which clocks each starts, meets or moves.

A customer tells us what it did about its case (it notified its authority, informed its data subjects,
decided not to and why, received an Art. 36 advice, sent a DORA report); we record what we did about the
incident ourselves as a NIS2 entity. Each event is one frozen ``EventSpec`` row citing its article; the
rules it starts and meets are ids of ``breach.deadlines.rules``, the details it takes rows of ``DETAILS``
(``breach.deadlines.event_detail_table``).
Counsel reviews this table; ``events.plan`` reads it, ``event_details`` checks the details.

Choices in the table, each one line to change:

- A stopping decision (``authority-not-notified``, ``subjects-not-informed``) marks its clock met: the
  duty is discharged by a documented decision, whose reason the report keeps (Art. 33(5)).
- The Art. 36 events (``consultation=True``) are also the events of a prior consultation of its own
  (scope "consultation", ``breach.support.store.consultations``): a consultation need not follow a breach (LAW.md
  section 3), so it has no awareness to follow; its events follow the GDPR's date of application.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from breach.deadlines.event_detail_table import DETAILS
from breach.deadlines.rules import RULES, RuleId
from breach.errors import UnknownValue

Scope = Literal["case", "incident", "consultation"]


# Sources of a rule option besides a detail of the same event.
EVENT_TIME: Final = "@at"  # the event's own time
AUTHORITY_COUNTRY: Final = "@country"  # the country of the authority concerned (its public holidays)


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
    ours: bool = False  # we record it about the case; the customer cannot report it (API, portal)


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
                "reached-by-phone",
                scope="case",
                source="DPA clause 8(1)(b); GDPR Art. 33(2)",
                description="Our notice could not be delivered and a person of ours reached the customer another "
                "way (by telephone): its retries stop, and the customer is aware from then, as a delivery would "
                "make it (its 72 hours start; our own clock is met) (flows.usecases.reached).",
                requires=("by",),
                accepts=("reason",),
                # A later notice (an update) may fail too and be phoned through again.
                once=False,
                ours=True,
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
        )
        if problems:
            raise ImportError(f"event table: {spec.name}: unknown {problems}")


_check_table()
