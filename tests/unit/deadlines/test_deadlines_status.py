"""Deadline status, reminders and escalations for the watchdog, and due times shown to customers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breach.deadlines.due import (
    DeadlineStatus,
    DeadlineView,
    Reminder,
    due,
    format_local,
    passed_warnings,
    reminders_due,
    status,
    warning_points,
)
from breach.errors import Contradiction, InvalidInput, NaiveDatetime, UnknownValue

START = datetime.fromisoformat("2025-03-14T16:30+01:00")
DUE = START + timedelta(hours=72)
DEADLINE = DeadlineView("case-1", START, DUE)


def after(hours: float) -> datetime:
    """The instant ``hours`` after START."""
    return START + timedelta(hours=hours)


# --- status --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "met_at", "expected"),
    [
        pytest.param(after(-5), None, DeadlineStatus.UPCOMING, id="before-start"),
        pytest.param(after(0), None, DeadlineStatus.UPCOMING, id="at-start"),
        pytest.param(after(35.9), None, DeadlineStatus.UPCOMING, id="before-half"),
        pytest.param(after(36), None, DeadlineStatus.DUE_SOON, id="at-half"),
        pytest.param(after(65), None, DeadlineStatus.DUE_SOON, id="past-90"),
        pytest.param(after(71.5), None, DeadlineStatus.DUE_SOON, id="last-hour"),
        pytest.param(DUE, None, DeadlineStatus.DUE_SOON, id="at-due"),
        pytest.param(DUE + timedelta(seconds=1), None, DeadlineStatus.OVERDUE, id="just-overdue"),
        pytest.param(after(10), after(5), DeadlineStatus.MET, id="met-early"),
        pytest.param(after(100), after(5), DeadlineStatus.MET, id="met-then-time-passes"),
        pytest.param(after(100), DUE, DeadlineStatus.MET, id="met-at-due"),
        pytest.param(after(100), after(80), DeadlineStatus.MET_LATE, id="met-late"),
    ],
)
def test_status(now: datetime, met_at: datetime | None, expected: DeadlineStatus) -> None:
    """A 72-hour deadline is upcoming, due soon from 50 % or the last hour, overdue after, or met."""
    assert status(DeadlineView("x", START, DUE, met_at), now) is expected


def test_status_counts_elapsed_time_across_dst() -> None:
    """The 50 % point of 72 hours across the spring change is 36 real hours, not 36 wall-clock hours."""
    brussels = ZoneInfo("Europe/Brussels")
    start = datetime(2025, 3, 29, 12, tzinfo=brussels)
    deadline = DeadlineView("x", start, due("gdpr.33.1", start))
    half = datetime(2025, 3, 30, 23, tzinfo=UTC)
    assert status(deadline, half - timedelta(seconds=1)) is DeadlineStatus.UPCOMING
    assert status(deadline, half.astimezone(brussels)) is DeadlineStatus.DUE_SOON


def test_custom_warning_points() -> None:
    """``warn_at`` and ``warn_before`` move the due-soon point; a zero ``warn_before`` has no point."""
    assert status(DEADLINE, after(20), warn_at=(0.25,)) is DeadlineStatus.DUE_SOON
    assert status(DEADLINE, after(71.5), warn_at=(), warn_before=timedelta(0)) is DeadlineStatus.UPCOMING
    assert status(DEADLINE, after(71.5), warn_at=(), warn_before=timedelta(minutes=45)) is DeadlineStatus.DUE_SOON
    keys = [p.key for p in warning_points(DEADLINE, warn_at=(0.25, 0.75), warn_before=timedelta(minutes=90))]
    assert keys == ["25%", "75%", "90m"]


def test_warning_points_are_in_time_order() -> None:
    """For a 4-hour deadline "1h before" (3 h) comes before 90 % (3 h 36 min)."""
    deadline = DeadlineView("dora", START, START + timedelta(hours=4))
    points = warning_points(deadline)
    assert [p.key for p in points] == ["50%", "1h", "90%"]
    assert [p.at for p in points] == [
        START + timedelta(hours=2),
        START + timedelta(hours=3),
        START + timedelta(hours=3, minutes=36),
    ]
    assert all(p.at.tzinfo is UTC for p in points)


def test_warning_before_the_start_is_reached_at_the_start() -> None:
    """A ``warn_before`` longer than the period is reached as the clock starts, not before."""
    deadline = DeadlineView("x", START, START + timedelta(minutes=30))
    assert passed_warnings(deadline, START - timedelta(seconds=1)) == ()
    assert passed_warnings(deadline, START) == ("1h",)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(after(1), (), id="none"),
        pytest.param(after(40), ("50%",), id="half"),
        pytest.param(after(71.5), ("50%", "90%", "1h"), id="last-hour"),
        pytest.param(after(73), ("50%", "90%", "1h", "overdue"), id="overdue"),
    ],
)
def test_passed_warnings(now: datetime, expected: tuple[str, ...]) -> None:
    """The passed warning keys come oldest first, "overdue" last."""
    assert passed_warnings(DEADLINE, now) == expected


def test_met_deadline_has_no_passed_warnings() -> None:
    """A met deadline, even a late one, has nothing left to warn about."""
    assert passed_warnings(DeadlineView("x", START, DUE, after(80)), after(90)) == ()


@pytest.mark.parametrize(
    ("deadline", "now", "options", "error", "field"),
    [
        pytest.param(DEADLINE, datetime(2025, 3, 15), {}, NaiveDatetime, "now", id="naive-now"),  # noqa: DTZ001
        pytest.param(
            DeadlineView("x", datetime(2025, 3, 14), DUE),  # noqa: DTZ001
            after(1),
            {},
            NaiveDatetime,
            "start_at",
            id="naive-start",
        ),
        pytest.param(DeadlineView("x", DUE, START), after(1), {}, Contradiction, "due_at", id="due-before-start"),
        pytest.param(DEADLINE, after(1), {"warn_at": (0.0,)}, InvalidInput, "warn_at", id="zero-point"),
        pytest.param(DEADLINE, after(1), {"warn_at": (1.0,)}, InvalidInput, "warn_at", id="full-point"),
        pytest.param(DEADLINE, after(1), {"warn_at": (50,)}, InvalidInput, "warn_at", id="percent-not-fraction"),
        pytest.param(DEADLINE, after(1), {"warn_at": (True,)}, InvalidInput, "warn_at", id="bool-point"),
        pytest.param(DEADLINE, after(1), {"warn_at": (float("nan"),)}, InvalidInput, "warn_at", id="nan-point"),
        pytest.param(
            DEADLINE, after(1), {"warn_before": timedelta(hours=-1)}, InvalidInput, "warn_before", id="negative-before"
        ),
        pytest.param(DEADLINE, after(1), {"warn_before": 3600}, InvalidInput, "warn_before", id="seconds-before"),
    ],
)
def test_status_refusals(
    deadline: DeadlineView[str], now: datetime, options: dict[str, Any], error: type[InvalidInput], field: str
) -> None:
    """Naive instants, a due time before the start and bad warning points are refused by name."""
    with pytest.raises(error) as caught:
        status(deadline, now, **options)
    assert caught.value.field == field


# --- reminders -----------------------------------------------------------------------------------------

R, E = "reminder", "escalation"


@pytest.mark.parametrize(
    ("now", "sent", "met_at", "expected"),
    [
        pytest.param(after(10), set(), None, [], id="too-early"),
        pytest.param(after(36), set(), None, [("50%", R, ())], id="half"),
        pytest.param(after(40), {"50%"}, None, [], id="half-already-sent"),
        pytest.param(after(66), {"50%"}, None, [("90%", R, ())], id="ninety"),
        pytest.param(after(66), set(), None, [("90%", R, ("50%",))], id="watchdog-was-down"),
        pytest.param(after(71.5), set(), None, [("1h", R, ("50%", "90%"))], id="all-at-once"),
        pytest.param(after(71.5), {"50%", "90%"}, None, [("1h", R, ())], id="last-hour"),
        pytest.param(after(73), set(), None, [("overdue", E, ("50%", "90%", "1h"))], id="overdue-covers-all"),
        pytest.param(after(73), {"50%", "90%", "1h"}, None, [("overdue", E, ())], id="overdue"),
        pytest.param(after(99), {"50%", "90%", "1h", "overdue"}, None, [], id="escalated-once"),
        pytest.param(after(99), {"90%"}, None, [("overdue", E, ("50%", "1h"))], id="gaps-covered"),
        pytest.param(after(50), set(), after(20), [], id="met"),
        pytest.param(after(99), set(), after(80), [], id="met-late"),
    ],
)
def test_reminders_due(
    now: datetime, sent: set[str], met_at: datetime | None, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    """One reminder for the most advanced point passed and not sent, the earlier unsent ones covered."""
    deadline = DeadlineView("case-1", START, DUE, met_at)
    reminders = reminders_due([deadline], now, {("case-1", key) for key in sent})
    assert [(r.key, r.kind, r.covers) for r in reminders] == expected
    assert all(r.deadline_id == "case-1" and r.due_at == DUE for r in reminders)


def test_reminders_keep_the_order_and_id_type_of_the_deadlines() -> None:
    """Reminders come in the order of the deadlines and carry their ids, here UUIDs."""
    first, second, third = (uuid.UUID(int=n) for n in (1, 2, 3))
    deadlines = [
        DeadlineView(first, START, DUE),
        DeadlineView(second, START - timedelta(hours=80), START - timedelta(hours=8)),
        DeadlineView(third, START, DUE, met_at=after(1)),
    ]
    reminders = reminders_due(deadlines, after(40), {(first, "1h")})
    assert reminders == [
        Reminder(first, "50%", "reminder", DUE, ()),
        Reminder(second, "overdue", "escalation", START - timedelta(hours=8), ("50%", "90%", "1h")),
    ]


def test_watchdog_every_five_minutes_sends_each_point_once() -> None:
    """Polled every 5 minutes through a 72-hour deadline, each warning and the escalation go out once.

    The 90 % point (64 h 48 min) is picked up by the next poll, at 64 h 50 min.
    """
    sent: set[tuple[str, str]] = set()
    log: list[tuple[str, datetime]] = []
    now = START
    while now < DUE + timedelta(hours=6):
        for reminder in reminders_due([DEADLINE], now, sent):
            log.append((reminder.key, now))
            sent |= {(reminder.deadline_id, key) for key in (reminder.key, *reminder.covers)}
        now += timedelta(minutes=5)
    assert log == [
        ("50%", after(36)),
        ("90%", after(64 + 50 / 60)),
        ("1h", after(71)),
        ("overdue", DUE + timedelta(minutes=5)),
    ]


@settings(max_examples=40, deadline=None, database=None)
@given(
    hours=st.integers(1, 400),
    ticks=st.lists(st.timedeltas(timedelta(0), timedelta(hours=500)), max_size=8),
)
def test_reminders_never_repeat_a_key(hours: int, ticks: list[timedelta]) -> None:
    """Whatever the polling times, recording what was sent means no key is ever sent twice."""
    deadline = DeadlineView("d", START, START + timedelta(hours=hours))
    sent: set[tuple[str, str]] = set()
    sent_keys: list[str] = []
    for tick in sorted(ticks):
        for reminder in reminders_due([deadline], START + tick, sent):
            assert (reminder.deadline_id, reminder.key) not in sent
            sent_keys.append(reminder.key)
            sent |= {("d", key) for key in (reminder.key, *reminder.covers)}
    assert len(sent_keys) == len(set(sent_keys))


# --- format_local --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        pytest.param("2025-03-17T15:30Z", "Europe/Brussels", "2025-03-17 16:30 CET (+01:00)", id="winter"),
        pytest.param("2025-04-29T21:59:59Z", "Europe/Brussels", "2025-04-29 23:59:59 CEST (+02:00)", id="end-of-day"),
        pytest.param("2025-10-26T00:30Z", "Europe/Brussels", "2025-10-26 02:30 CEST (+02:00)", id="repeated-hour-1"),
        pytest.param("2025-10-26T01:30Z", "Europe/Brussels", "2025-10-26 02:30 CET (+01:00)", id="repeated-hour-2"),
        pytest.param("2025-07-17T20:30Z", "America/New_York", "2025-07-17 16:30 EDT (-04:00)", id="new-york"),
        pytest.param("2025-07-17T11:00Z", "Asia/Kolkata", "2025-07-17 16:30 IST (+05:30)", id="half-hour-offset"),
        pytest.param("2025-07-17T16:30Z", "UTC", "2025-07-17 16:30 UTC (+00:00)", id="utc"),
        pytest.param(
            "2025-07-17T19:30Z", "America/Sao_Paulo", "2025-07-17 16:30 America/Sao_Paulo (-03:00)", id="numeric-abbr"
        ),
        pytest.param("2025-03-17T15:30:00.9Z", "Europe/Lisbon", "2025-03-17 15:30 WET (+00:00)", id="sub-second"),
    ],
)
def test_format_local(instant: str, tz: str, expected: str) -> None:
    """A due time reads with ISO date, 24-hour time, zone abbreviation and offset."""
    assert format_local(datetime.fromisoformat(instant), tz) == expected


def test_format_local_refusals() -> None:
    """A naive datetime or an unknown zone is refused by name."""
    with pytest.raises(NaiveDatetime):
        format_local(datetime(2025, 3, 17, 16, 30), "Europe/Brussels")  # noqa: DTZ001
    with pytest.raises(UnknownValue):
        format_local(START, "Europe/Bruxelles")
