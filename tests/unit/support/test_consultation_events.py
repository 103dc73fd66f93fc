"""A prior consultation of its own (scope "consultation"): the Art. 36 rows of the event table, planned purely."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from breach.deadlines.due import due
from breach.deadlines.events import EVENTS, DeadlineState, PastEvent, Plan, Subject, plan
from breach.errors import Contradiction, InvalidInput
from breach.support.consultations import EVENT_NAMES, GDPR_APPLIES, event_name

BRUSSELS = ZoneInfo("Europe/Brussels")
RECEIVED = datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS)  # a Tuesday (LAW.md's example)
NOW = datetime(2025, 9, 1, 12, 0, tzinfo=BRUSSELS)
CONSULTATION = Subject(
    scope="consultation",
    label="PC-2025-0001 (Brouwerij Voorbeeld BV)",
    earliest=GDPR_APPLIES,
    earliest_field="the GDPR's date of application",
    tz="Europe/Brussels",
    lead_authority="BE-GBA",
)


def clock(rule: str, **opts: Any) -> DeadlineState:
    """A consultation's clock as the database would hold it, started at receipt."""
    due_at = due(rule, RECEIVED, tz="Europe/Brussels", **opts)
    return DeadlineState(f"consultation:c:{rule}:1", rule, 1, RECEIVED, due_at)


CLOCKS = (clock("gdpr.36.2"), clock("gdpr.36.2.extension"))
HISTORY = (PastEvent("consultation-received", RECEIVED, {}),)


def run(
    event: str,
    at: datetime,
    *,
    clocks: tuple[DeadlineState, ...] = CLOCKS,
    history: tuple[PastEvent, ...] = HISTORY,
    **details: object,
) -> Plan:
    return plan(event, at, subject=CONSULTATION, details=details, deadlines=clocks, history=history, now=NOW)


def _local(value: datetime) -> str:
    return value.astimezone(BRUSSELS).isoformat()


def test_received_starts_eight_weeks_and_the_extension_month() -> None:
    """LAW.md: received Tuesday 2025-03-04, advice due 2025-04-29 end of day; the extension window 2025-04-04."""
    result = run("consultation-received", RECEIVED, clocks=(), history=())
    assert [(s.rule, _local(s.due_at)) for s in result.starts] == [
        ("gdpr.36.2", "2025-04-29T23:59:59+02:00"),
        ("gdpr.36.2.extension", "2025-04-04T23:59:59+02:00"),
    ]


def test_an_extension_within_the_month_gives_fourteen_weeks() -> None:
    """Extended: 2025-06-10 end of day; the extension window is met."""
    result = run("extension-announced", RECEIVED + timedelta(days=20), reason="complex processing")
    assert [(r.rule, _local(r.due_at)) for r in result.recomputes] == [("gdpr.36.2", "2025-06-10T23:59:59+02:00")]
    assert [m.rule for m in result.meets] == ["gdpr.36.2.extension"]


def test_an_extension_after_the_month_is_refused() -> None:
    """Announced one second after 2025-04-04 end of day: refused, naming the time."""
    with pytest.raises(InvalidInput) as info:
        run("extension-announced", datetime(2025, 4, 5, 0, 0, 1, tzinfo=BRUSSELS))
    assert info.value.field == "at"
    assert "within one month" in str(info.value)


def test_a_suspension_adds_its_whole_days_when_it_ends() -> None:
    """Suspended 25 March to 4 April: 10 days, due 2025-05-09 end of day."""
    started = PastEvent("suspension-started", datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS), {"reason": "DPIA"})
    opened = run("suspension-started", started.occurred_at, reason="DPIA")
    assert opened.recomputes == ()  # an open suspension moves nothing yet
    ended = run("suspension-ended", datetime(2025, 4, 4, 9, 0, tzinfo=BRUSSELS), history=(*HISTORY, started))
    assert ended.recomputes[0].options["suspended_days"] == 10
    assert _local(ended.recomputes[0].due_at) == "2025-05-09T23:59:59+02:00"


def test_a_suspension_of_stated_days_moves_the_period_at_once() -> None:
    """The authority suspends for 10 days: due 10 days later now; no resume needed, and none accepted."""
    at = datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS)
    result = run("suspension-started", at, days=10, reason="asked for the DPIA annex")
    assert result.recomputes[0].options["suspended_days"] == 10
    assert _local(result.recomputes[0].due_at) == "2025-05-09T23:59:59+02:00"
    stated = PastEvent("suspension-started", at, {"days": 10})
    with pytest.raises(Contradiction):
        run("suspension-ended", at + timedelta(days=3), history=(*HISTORY, stated))
    with pytest.raises(InvalidInput):  # a second suspension inside the first
        run("suspension-started", at + timedelta(days=3), history=(*HISTORY, stated))
    later = run("suspension-started", at + timedelta(days=12), history=(*HISTORY, stated), days=2)
    assert later.recomputes[0].options["suspended_days"] == 12


@pytest.mark.parametrize("days", [0, -3, 4000])
def test_stated_days_are_bounded(days: int) -> None:
    """Zero, negative or absurd days are refused naming the field."""
    with pytest.raises(InvalidInput) as info:
        run("suspension-started", RECEIVED + timedelta(days=3), days=days)
    assert info.value.field == "days"


def test_the_advice_meets_both_clocks_and_stops_changes() -> None:
    """Advice received meets the period and the extension window; after it nothing moves them."""
    result = run("advice-received", datetime(2025, 4, 20, 9, 0, tzinfo=BRUSSELS), authority_reference="GBA/PC/7")
    assert sorted(m.rule for m in result.meets) == ["gdpr.36.2", "gdpr.36.2.extension"]
    advised = tuple(replace(c, met_at=datetime(2025, 4, 20, 9, 0, tzinfo=BRUSSELS)) for c in CLOCKS)
    with pytest.raises(Contradiction):
        run("suspension-started", datetime(2025, 4, 21, 9, 0, tzinfo=BRUSSELS), clocks=advised)


def test_only_the_art_36_events_belong_to_a_consultation() -> None:
    """A breach event on a consultation is refused, naming the events it takes."""
    with pytest.raises(InvalidInput) as info:
        run("authority-notified", RECEIVED, authority_reference="X")
    assert info.value.field == "event"
    assert "consultation-received" in str(info.value)
    assert {name for name, spec in EVENTS.items() if spec.consultation} == set(EVENT_NAMES.values())


def test_the_persons_words_map_to_the_table() -> None:
    """received, suspended, resumed ... are the table's events; anything else is refused."""
    assert event_name("suspended") == "suspension-started"
    assert event_name("suspension-ended") == "suspension-ended"
    with pytest.raises(InvalidInput):
        event_name("closed")


def test_the_authority_consulted_sets_the_holidays() -> None:
    """A consultation of the Dutch AP counts Dutch public holidays."""
    dutch = replace(CONSULTATION, lead_authority="NL-AP")
    result = plan("consultation-received", RECEIVED, subject=dutch, details={}, deadlines=(), history=(), now=NOW)
    assert {s.options["country"] for s in result.starts} == {"NL"}
