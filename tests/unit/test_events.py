"""The event table and its pure planner: what each event starts, meets and moves, and what it refuses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breach.deadline_rules import RULES
from breach.deadlines import due
from breach.errors import Contradiction, InvalidInput, NaiveDatetime, UnknownValue
from breach.events import (
    EVENTS,
    DeadlineState,
    PastEvent,
    Plan,
    Subject,
    get_event,
    plan,
    starters,
    stoppers,
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
    """A clock as the database would hold it, due as ``breach.deadlines`` computes it."""
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


_A = T0 + timedelta(hours=1)
_33_1 = clock("gdpr.33.1")
_33_4 = clock("gdpr.33.4", _A)
_36 = (clock("gdpr.36.2"), clock("gdpr.36.2.extension"))
_RECEIVED = past("consultation-received", T0)
_D1 = clock("nis2.23.4.d")


class Scenario(NamedTuple):
    """An event in its ordinary situation, and the clocks it starts (rule, sequence), meets and moves."""

    event: str
    subject: Subject
    details: dict[str, object]
    clocks: tuple[DeadlineState, ...]
    history: tuple[PastEvent, ...]
    starts: list[tuple[str, int]]
    meets: list[str]
    recomputes: list[str]


_ROWS: list[tuple[Any, ...]] = [
    ("authority-notified", CASE, {"authority_reference": "GBA-1", "follow_up": True}, (_33_1,), (),
     [("gdpr.33.4", 1)], ["gdpr.33.1"], []),
    ("follow-up-sent", CASE, {"follow_up": True, "hours": 24}, (replace(_33_1, met_at=_A), _33_4),
     (past("authority-notified", _A, authority_reference="GBA-1"),), [("gdpr.33.4", 2)], ["gdpr.33.4"], []),
    ("authority-not-notified", CASE, {"reason": "Encrypted, key safe"}, (_33_1,), (), [], ["gdpr.33.1"], []),
    ("high-risk-established", CASE, {"hours": 48}, (), (), [("gdpr.34.1", 1)], [], []),
    ("subjects-informed", CASE, {}, (clock("gdpr.34.1"),), (), [], ["gdpr.34.1"], []),
    ("subjects-not-informed", CASE, {"reason": "Art. 34(3)(a): encrypted"}, (clock("gdpr.34.1"),), (),
     [], ["gdpr.34.1"], []),
    ("consultation-received", CASE, {"authority": "NL-AP"}, (), (),
     [("gdpr.36.2", 1), ("gdpr.36.2.extension", 1)], [], []),
    ("extension-announced", CASE, {}, _36, (_RECEIVED,), [], ["gdpr.36.2.extension"], ["gdpr.36.2"]),
    ("suspension-started", CASE, {"reason": "asked for the DPIA"}, _36, (_RECEIVED,), [], [], []),
    ("suspension-ended", CASE, {}, _36, (_RECEIVED, past("suspension-started", _A)), [], [], ["gdpr.36.2"]),
    ("advice-received", CASE, {}, _36, (_RECEIVED,), [], ["gdpr.36.2", "gdpr.36.2.extension"], []),
    ("dora-classified", CASE, {}, (), (), [("dora.initial", 1)], [], []),
    ("dora-initial-sent", CASE, {}, (clock("dora.initial", classified_at=_A),), (),
     [("dora.intermediate", 1)], ["dora.initial"], []),
    ("dora-intermediate-sent", CASE, {}, (clock("dora.intermediate"),), (),
     [("dora.final", 1)], ["dora.intermediate"], []),
    ("dora-final-sent", CASE, {}, (clock("dora.final"),), (), [], ["dora.final"], []),
    ("nis2-significant", INCIDENT, {"trust_service_provider": True}, (), (),
     [("nis2.23.4.a", 1), ("nis2.23.4.b", 1)], [], []),
    ("nis2-early-warning-sent", INCIDENT, {}, (clock("nis2.23.4.a"),), (), [], ["nis2.23.4.a"], []),
    ("nis2-notification-sent", INCIDENT, {}, (clock("nis2.23.4.b"),), (), [("nis2.23.4.d", 1)], ["nis2.23.4.b"], []),
    ("nis2-progress-report-sent", INCIDENT, {}, (_D1,), (), [], ["nis2.23.4.d"], []),
    ("nis2-incident-handled", INCIDENT, {}, (replace(_D1, met_at=_A),), (past("nis2-progress-report-sent", _A),),
     [("nis2.23.4.d", 2)], [], []),
    ("nis2-final-report-sent", INCIDENT, {}, (replace(_D1, met_at=_A), clock("nis2.23.4.d", _A, sequence=2)), (),
     [], ["nis2.23.4.d"], []),
]  # fmt: skip
SCENARIOS = [Scenario(*row) for row in _ROWS]


@pytest.mark.parametrize("case", SCENARIOS, ids=[s.event for s in SCENARIOS])
def test_each_event_starts_meets_and_moves_its_clocks(case: Scenario) -> None:
    """Each event of the table, recorded in its ordinary situation, does what its row says."""
    result = run(case.event, subject=case.subject, clocks=case.clocks, history=case.history, details=case.details)
    assert [(s.rule, s.sequence) for s in result.starts] == case.starts
    assert [m.rule for m in result.meets] == case.meets
    assert [r.rule for r in result.recomputes] == case.recomputes
    assert result.repeat_of is None
    assert all(s.due_at >= s.start for s in result.starts)


def test_the_scenarios_cover_every_event() -> None:
    """The table above exercises every event of ``EVENTS``, once."""
    assert sorted(s.event for s in SCENARIOS) == sorted(EVENTS)


def test_every_clock_has_its_events() -> None:
    """Every rule is started by an event (except the two that start at confirmation and delivery) and met by one."""
    assert {r for r in RULES if not starters(r)} == {"dpa.8.1b", "gdpr.33.1"}
    assert {r for r in RULES if not stoppers(r)} == {"dpa.8.1b"}


def test_an_open_follow_up_is_met_by_its_sequence() -> None:
    """A follow-up meets the open gdpr.33.4 with the lowest sequence, not an already met one."""
    clocks = (replace(_33_4, met_at=_A), clock("gdpr.33.4", _A, sequence=2))
    history = (past("authority-notified", _A, authority_reference="GBA-1"),)
    result = run("follow-up-sent", clocks=clocks, history=history)
    assert [m.key for m in result.meets] == ["case:c:gdpr.33.4:2"]
    assert result.starts == ()


def test_a_late_notification_needs_its_reasons() -> None:
    """After the 72 hours, authority-notified is refused without delay_reasons and met late with them."""
    late = T0 + timedelta(hours=73)
    with pytest.raises(InvalidInput) as info:
        run("authority-notified", late, clocks=(_33_1,), authority_reference="GBA-1")
    assert info.value.field == "delay_reasons"
    assert "Art. 33(1)" in str(info.value)
    result = run(
        "authority-notified", late, clocks=(_33_1,), authority_reference="GBA-1", delay_reasons="Backups first"
    )
    assert result.late
    assert [(m.late, m.late_reasons) for m in result.meets] == [(True, "Backups first")]


@given(st.integers(min_value=0, max_value=200 * 60))
def test_reasons_are_required_exactly_after_72_hours(minutes: int) -> None:
    """Without delay_reasons a notification is accepted up to the due instant and refused after it."""
    at = T0 + timedelta(minutes=minutes)
    if minutes > 72 * 60:
        with pytest.raises(InvalidInput, match=r"^delay_reasons: required"):
            run("authority-notified", at, clocks=(_33_1,), authority_reference="GBA-1")
    else:
        assert not run("authority-notified", at, clocks=(_33_1,), authority_reference="GBA-1").late


def test_a_notification_after_deciding_not_to_still_needs_reasons_when_late() -> None:
    """A risk found later means a late notification with reasons, even though the decision met the clock."""
    clocks = (replace(_33_1, met_at=_A),)
    history = (past("authority-not-notified", _A, reason="unlikely"),)
    late = T0 + timedelta(days=5)
    with pytest.raises(InvalidInput) as info:
        run("authority-notified", late, clocks=clocks, history=history, authority_reference="GBA-1")
    assert info.value.field == "delay_reasons"
    result = run(
        "authority-notified",
        late,
        clocks=clocks,
        history=history,
        authority_reference="GBA-1",
        delay_reasons="New facts",
    )
    assert (result.meets, result.late) == ((), True)


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
    history = (past("authority-notified", _A, authority_reference="GBA-1"),)
    clocks = (replace(_33_1, met_at=_A),)
    other = run("authority-notified", clocks=clocks, history=history, authority_reference="AP-9", authority="NL-AP")
    assert other.meets == ()
    with pytest.raises(Contradiction):
        run("authority-notified", clocks=clocks, history=history, authority_reference="GBA-2")


@pytest.mark.parametrize(
    ("event", "history", "problem"),
    [
        ("authority-not-notified", (past("authority-notified", _A, authority_reference="GBA-1"),), "was recorded"),
        ("subjects-not-informed", (past("subjects-informed", _A),), "was recorded"),
        ("follow-up-sent", (), "needs authority-notified recorded first"),
        ("nis2-progress-report-sent", (past("nis2-final-report-sent", _A),), "was recorded"),
        ("dora-intermediate-sent", (past("dora-final-sent", _A),), "was recorded"),
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


def test_the_law_example_and_its_extension() -> None:
    """LAW.md: received Tuesday 2025-03-04, due 2025-04-29 end of day; extended, 2025-06-10 end of day."""
    received = datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS)
    start = run("consultation-received", received)
    assert [s.due_at.astimezone(BRUSSELS).isoformat() for s in start.starts] == [
        "2025-04-29T23:59:59+02:00",
        "2025-04-04T23:59:59+02:00",
    ]
    assert start.starts[0].options["country"] == "BE"
    clocks = (clock("gdpr.36.2", received), clock("gdpr.36.2.extension", received))
    history = (past("consultation-received", received),)
    extended = run("extension-announced", received + timedelta(days=20), clocks=clocks, history=history)
    assert extended.recomputes[0].due_at.astimezone(BRUSSELS).isoformat() == "2025-06-10T23:59:59+02:00"
    assert extended.recomputes[0].previous_due_at == clocks[0].due_at


def test_an_extension_after_the_month_is_refused() -> None:
    """The extension is valid only if announced within one month of receipt (Art. 36(2))."""
    late = datetime(2025, 4, 5, 0, 0, 1, tzinfo=BRUSSELS)
    with pytest.raises(InvalidInput) as info:
        run("extension-announced", late, clocks=_36, history=(_RECEIVED,))
    assert info.value.field == "at"
    assert "within one month" in str(info.value)


def test_changing_a_consultation_that_does_not_run_is_refused() -> None:
    """No extension or suspension without a consultation clock, and none after the advice."""
    with pytest.raises(Contradiction) as info:
        run("extension-announced")
    assert "consultation-received" in str(info.value)
    advised = (replace(_36[0], met_at=_A), _36[1])
    with pytest.raises(Contradiction):
        run("suspension-started", clocks=advised, history=(_RECEIVED,))


def test_suspensions_sum_their_calendar_days() -> None:
    """Suspensions of 3 days 5 hours and of 27 hours over two midnights move the period by 3 + 2 days."""
    second = datetime(2025, 3, 13, 22, 0, tzinfo=BRUSSELS)
    history = (
        _RECEIVED,
        past("extension-announced", T0 + timedelta(days=1)),
        past("suspension-started", T0 + timedelta(days=2)),
        past("suspension-ended", T0 + timedelta(days=5, hours=5)),
        past("suspension-started", second),
    )
    clocks = (clock("gdpr.36.2", extended=True, suspended_days=3), _36[1])
    result = run("suspension-ended", second + timedelta(hours=27), clocks=clocks, history=history)
    (change,) = result.recomputes
    assert change.options == {"extended": True, "suspended_days": 5, "country": "BE"}
    assert change.due_at == clock("gdpr.36.2", extended=True, suspended_days=5).due_at


def test_a_suspension_across_the_dst_change_counts_calendar_days() -> None:
    """From 25 March 09:00 CET to 4 April 09:00 CEST is 10 days suspended, though 1 hour short of 240."""
    received = datetime(2025, 3, 4, 10, 0, tzinfo=BRUSSELS)
    history = (
        past("consultation-received", received),
        past("suspension-started", datetime(2025, 3, 25, 9, 0, tzinfo=BRUSSELS)),
    )
    clocks = (clock("gdpr.36.2", received), clock("gdpr.36.2.extension", received))
    result = run("suspension-ended", datetime(2025, 4, 4, 9, 0, tzinfo=BRUSSELS), clocks=clocks, history=history)
    assert result.recomputes[0].options["suspended_days"] == 10
    assert result.recomputes[0].due_at.astimezone(BRUSSELS).isoformat() == "2025-05-09T23:59:59+02:00"


@pytest.mark.parametrize(
    ("event", "history", "exc"),
    [
        ("suspension-ended", (_RECEIVED,), Contradiction),
        ("suspension-started", (_RECEIVED, past("suspension-started", _A)), Contradiction),
        (
            "suspension-started",
            (_RECEIVED, past("suspension-started", _A), past("suspension-ended", T0 + timedelta(hours=12))),
            InvalidInput,
        ),
    ],
)
def test_suspensions_pair_up_without_overlap(event: str, history: tuple[PastEvent, ...], exc: type[Exception]) -> None:
    """An end without a start, a second start before the end, or a start inside an ended suspension: refused."""
    with pytest.raises(exc):
        run(event, clocks=_36, history=history)


def test_the_consultation_counts_the_authority_countrys_holidays() -> None:
    """Consulting the Dutch authority, Dutch public holidays roll the period over, through every recompute."""
    result = run("consultation-received", authority="NL-AP")
    assert {s.options["country"] for s in result.starts} == {"NL"}
    history = (past("consultation-received", T0, authority="NL-AP"),)
    moved = run("extension-announced", clocks=_36, history=history)
    assert moved.recomputes[0].options["country"] == "NL"


def test_dora_initial_runs_from_awareness_and_classification() -> None:
    """Classified 14 hours after awareness: due 4 hours later; classified at 22 hours: capped at 24 hours."""
    early = run("dora-classified", T0 + timedelta(hours=14))
    assert early.starts[0].start == T0.astimezone(UTC)
    assert early.starts[0].due_at == T0 + timedelta(hours=18)
    capped = run("dora-classified", T0 + timedelta(hours=22))
    assert capped.starts[0].due_at == T0 + timedelta(hours=24)
    told = run("dora-classified", T0 + timedelta(hours=22), aware_at=T0 + timedelta(hours=20))
    assert told.starts[0].due_at == T0 + timedelta(hours=26)


def test_a_later_intermediate_report_moves_the_final_one() -> None:
    """DORA's final report is due a month after the latest intermediate report."""
    first = T0 + timedelta(days=2)
    clocks = (replace(clock("dora.intermediate"), met_at=first), clock("dora.final", first))
    later = T0 + timedelta(days=9)
    result = run("dora-intermediate-sent", later, clocks=clocks, history=(past("dora-intermediate-sent", first),))
    (move,) = result.recomputes
    assert (move.rule, move.start, move.due_at) == ("dora.final", later, clock("dora.final", later).due_at)
    assert result.meets == ()


def test_handled_without_a_progress_report_starts_nothing() -> None:
    """An incident handled before its final-report deadline keeps the first final-report clock."""
    result = run("nis2-incident-handled", subject=INCIDENT, clocks=(_D1,))
    assert result.starts == ()


def test_details_are_stored_as_json_values() -> None:
    """Text is stripped and instants are stored as UTC ISO text, ready for the report's JSON column."""
    result = run("dora-classified", aware_at=T0 + timedelta(hours=1))
    assert result.details == {"aware_at": "2025-03-03T09:00:00+00:00"}
    result = run("authority-not-notified", reason="  Unlikely to result in a risk  ")
    assert result.details == {"reason": "Unlikely to result in a risk"}
