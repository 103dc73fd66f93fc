"""What the event-table tests share: a case and an incident, their clocks as the database holds them, and a planner
call with the case's defaults."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from breach.deadlines.due import due
from breach.deadlines.events import (
    DeadlineState,
    PastEvent,
    Plan,
    Subject,
    plan,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=BRUSSELS)  # Monday: the customer's (and our) awareness
NOW = T0 + timedelta(days=120)
CASE = Subject(
    scope="case",
    label="Brouwerij Voorbeeld BV",
    earliest=T0,
    earliest_field="the incident's awareness",
    tz="Europe/Brussels",
    aware_at=T0,
    controller=True,
    financial_entity=True,
    lead_authority="BE-GBA",
)
INCIDENT = Subject(
    scope="incident",
    label="BR-2025-0001",
    earliest=T0 - timedelta(hours=1),
    earliest_field="the incident's detection",
)


def clock(rule: str, start: datetime = T0, *, sequence: int = 1, **opts: Any) -> DeadlineState:
    """A clock as the database would hold it, due as ``breach.deadlines.due`` computes it."""
    due_at = due(rule, start, tz="Europe/Brussels", **opts)
    return DeadlineState(f"case:c:{rule}:{sequence}", rule, sequence, start, due_at)


def past(event: str, at: datetime, **details: object) -> PastEvent:
    return PastEvent(event, at, details)


def run(
    event: str,
    at: datetime = T0 + timedelta(hours=10),
    *,
    subject: Subject = CASE,
    clocks: tuple[DeadlineState, ...] = (),
    history: tuple[PastEvent, ...] = (),
    details: Mapping[str, object] | None = None,
    **more: object,
) -> Plan:
    given = {**(details or {}), **more}
    return plan(event, at, subject=subject, details=given, deadlines=clocks, history=history, now=NOW)


# An hour after awareness, and the clocks and events of the ordinary situations.
T1 = T0 + timedelta(hours=1)
CLOCK_33_1 = clock("gdpr.33.1")
CLOCK_33_4 = clock("gdpr.33.4", T1)
CLOCKS_36 = (clock("gdpr.36.2"), clock("gdpr.36.2.extension"))
RECEIVED = past("consultation-received", T0)
CLOCK_D1 = clock("nis2.23.4.d")
