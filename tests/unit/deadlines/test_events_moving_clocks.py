"""Events that move a running clock: a consultation's extension and suspensions (Art. 36(2)), DORA's and NIS2's
follow-up reports, and how an event's details are stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from breach.deadlines.events import (
    PastEvent,
)
from breach.errors import Contradiction, InvalidInput
from tests.unit.deadlines.event_planning import (
    BRUSSELS,
    CLOCK_D1,
    CLOCKS_36,
    INCIDENT,
    RECEIVED,
    T0,
    T1,
    clock,
    past,
    run,
)


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
        run("extension-announced", late, clocks=CLOCKS_36, history=(RECEIVED,))
    assert info.value.field == "at"
    assert "within one month" in str(info.value)


def test_changing_a_consultation_that_does_not_run_is_refused() -> None:
    """No extension or suspension without a consultation clock, and none after the advice."""
    with pytest.raises(Contradiction) as info:
        run("extension-announced")
    assert "consultation-received" in str(info.value)
    advised = (replace(CLOCKS_36[0], met_at=T1), CLOCKS_36[1])
    with pytest.raises(Contradiction):
        run("suspension-started", clocks=advised, history=(RECEIVED,))


def test_suspensions_sum_their_calendar_days() -> None:
    """Suspensions of 3 days 5 hours and of 27 hours over two midnights move the period by 3 + 2 days."""
    second = datetime(2025, 3, 13, 22, 0, tzinfo=BRUSSELS)
    history = (
        RECEIVED,
        past("extension-announced", T0 + timedelta(days=1)),
        past("suspension-started", T0 + timedelta(days=2)),
        past("suspension-ended", T0 + timedelta(days=5, hours=5)),
        past("suspension-started", second),
    )
    clocks = (clock("gdpr.36.2", extended=True, suspended_days=3), CLOCKS_36[1])
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
        ("suspension-ended", (RECEIVED,), Contradiction),
        ("suspension-started", (RECEIVED, past("suspension-started", T1)), Contradiction),
        (
            "suspension-started",
            (RECEIVED, past("suspension-started", T1), past("suspension-ended", T0 + timedelta(hours=12))),
            InvalidInput,
        ),
    ],
)
def test_suspensions_pair_up_without_overlap(event: str, history: tuple[PastEvent, ...], exc: type[Exception]) -> None:
    """An end without a start, a second start before the end, or a start inside an ended suspension: refused."""
    with pytest.raises(exc):
        run(event, clocks=CLOCKS_36, history=history)


def test_the_consultation_counts_the_authority_countrys_holidays() -> None:
    """Consulting the Dutch authority, Dutch public holidays roll the period over, through every recompute."""
    result = run("consultation-received", authority="NL-AP")
    assert {s.options["country"] for s in result.starts} == {"NL"}
    history = (past("consultation-received", T0, authority="NL-AP"),)
    moved = run("extension-announced", clocks=CLOCKS_36, history=history)
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
    result = run("nis2-incident-handled", subject=INCIDENT, clocks=(CLOCK_D1,))
    assert result.starts == ()


def test_details_are_stored_as_json_values() -> None:
    """Text is stripped and instants are stored as UTC ISO text, ready for the report's JSON column."""
    result = run("dora-classified", aware_at=T0 + timedelta(hours=1))
    assert result.details == {"aware_at": "2025-03-03T09:00:00+00:00"}
    result = run("authority-not-notified", reason="  Unlikely to result in a risk  ")
    assert result.details == {"reason": "Unlikely to result in a risk"}
