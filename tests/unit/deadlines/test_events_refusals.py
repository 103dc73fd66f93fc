"""What the event planner refuses, naming the field: bad input, unknown names, times outside the case, repeats,
and events the record rules out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from breach.deadlines.events import (
    PastEvent,
    Subject,
    get_event,
)
from breach.errors import Contradiction, InvalidInput, NaiveDatetime, UnknownValue
from tests.unit.deadlines.event_planning import (
    CASE,
    CLOCK_33_1,
    INCIDENT,
    NOW,
    T0,
    T1,
    clock,
    past,
    run,
)


@pytest.mark.parametrize(
    ("event", "subject", "details", "field"),
    [
        ("authority-notified", CASE, {}, "authority_reference"),
        ("authority-not-notified", CASE, {}, "reason"),
        ("subjects-not-informed", CASE, {"reason": "  "}, "reason"),
        ("subjects-informed", CASE, {"authority_reference": "X"}, "authority_reference"),
        ("high-risk-established", CASE, {"hours": "48"}, "hours"),
        ("high-risk-established", CASE, {"hours": True}, "hours"),
        ("authority-notified", CASE, {"authority_reference": "X", "follow_up": "yes"}, "follow_up"),
        ("authority-notified", CASE, {"authority_reference": "X", "hours": 24}, "hours"),
        ("authority-notified", CASE, {"authority_reference": "X" * 201}, "authority_reference"),
        ("dora-classified", CASE, {"aware_at": "yesterday"}, "aware_at"),
        ("dora-classified", CASE, {"aware_at": (T0 + timedelta(hours=11)).isoformat()}, "aware_at"),
        ("nis2-significant", CASE, {}, "customer"),
        ("authority-notified", INCIDENT, {"authority_reference": "X"}, "customer"),
        ("authority-notified", replace(CASE, controller=False), {"authority_reference": "X"}, "customer"),
        ("dora-classified", replace(CASE, financial_entity=False), {}, "customer"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    event: str, subject: Subject, details: dict[str, object], field: str
) -> None:
    """A missing, foreign or badly typed detail, or the wrong customer or scope, is refused by name."""
    with pytest.raises(InvalidInput) as info:
        run(event, subject=subject, details=details)
    assert info.value.field == field


def test_unknown_names_are_refused() -> None:
    """An unknown event or authority names the known ones."""
    with pytest.raises(UnknownValue) as info:
        run("authority-informed")
    assert info.value.field == "event"
    assert "authority-notified" in str(info.value)
    with pytest.raises(UnknownValue) as info:
        run("consultation-received", authority="XX-NOPE")
    assert info.value.field == "authority"
    with pytest.raises(UnknownValue):
        get_event(None)


@pytest.mark.parametrize(
    ("at", "problem"),
    [(NOW + timedelta(minutes=1), "in the future"), (T0 - timedelta(minutes=1), "before the incident's awareness")],
)
def test_times_outside_the_case_are_refused(at: datetime, problem: str) -> None:
    """An event in the future or before the awareness it follows is refused."""
    with pytest.raises(InvalidInput) as info:
        run("high-risk-established", at)
    assert (info.value.field, problem in str(info.value)) == ("at", True)


def test_a_time_without_a_zone_is_refused() -> None:
    """A naive event time cannot stop a legal clock."""
    with pytest.raises(NaiveDatetime):
        run("high-risk-established", datetime(2025, 3, 3, 12, 0))  # noqa: DTZ001


def test_incident_events_may_precede_the_personal_data_breach() -> None:
    """NIS2 events of the incident count from its detection: a significant incident need not be a breach."""
    result = run("nis2-significant", T0 - timedelta(minutes=30), subject=INCIDENT)
    assert result.starts[1].due_at == (T0 - timedelta(minutes=30)).astimezone(UTC) + timedelta(hours=72)


def test_meeting_a_clock_that_does_not_run_records_without_meeting() -> None:
    """Subjects informed without a high risk recorded first: accepted, with nothing to meet."""
    result = run("subjects-informed")
    assert (result.meets, result.starts, result.late) == ((), (), False)


def test_an_exact_repeat_changes_nothing() -> None:
    """The same event with the same time and details again is a repeat; another time contradicts it."""
    at = T0 + timedelta(hours=2)
    first = past("high-risk-established", at, hours=48)
    result = run("high-risk-established", at, clocks=(clock("gdpr.34.1", at, hours=48),), history=(first,), hours=48)
    assert result.repeat_of is first
    assert (result.starts, result.meets) == ((), ())
    with pytest.raises(Contradiction) as info:
        run("high-risk-established", at + timedelta(hours=1), history=(first,), hours=48)
    assert "already recorded" in str(info.value)


def test_each_authority_is_notified_once() -> None:
    """A second notification to another authority is recorded; to the same one it contradicts the first."""
    history = (past("authority-notified", T1, authority_reference="GBA-1"),)
    clocks = (replace(CLOCK_33_1, met_at=T1),)
    other = run("authority-notified", clocks=clocks, history=history, authority_reference="AP-9", authority="NL-AP")
    assert other.meets == ()
    with pytest.raises(Contradiction):
        run("authority-notified", clocks=clocks, history=history, authority_reference="GBA-2")


@pytest.mark.parametrize(
    ("event", "history", "problem"),
    [
        (
            "authority-not-notified",
            (past("authority-notified", T1, authority_reference="GBA-1"),),
            "was recorded",
        ),
        ("subjects-not-informed", (past("subjects-informed", T1),), "was recorded"),
        ("follow-up-sent", (), "needs authority-notified recorded first"),
        ("nis2-progress-report-sent", (past("nis2-final-report-sent", T1),), "was recorded"),
        ("dora-intermediate-sent", (past("dora-final-sent", T1),), "was recorded"),
    ],
)
def test_events_the_record_rules_out_are_contradictions(
    event: str, history: tuple[PastEvent, ...], problem: str
) -> None:
    """A decision not to notify after notifying, a follow-up to nothing, a report after the final one: refused."""
    subject = INCIDENT if event.startswith("nis2") else CASE
    details: dict[str, object] = {"reason": "r"} if event.endswith("not-notified") or event.endswith("informed") else {}
    with pytest.raises(Contradiction) as info:
        run(event, subject=subject, history=history, details=details)
    assert problem in str(info.value)
