"""Escalation chains as data, and the pure function that says which step is due (breach.notices.escalation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breach.directory import entries
from breach.errors import DirectoryFileError, InvalidInput, NaiveDatetime
from breach.notices.escalation import (
    ALERT,
    DEFAULT_CHAIN,
    RESEND,
    Action,
    Step,
    chain_from_stored,
    due_escalations,
    format_duration,
    parse_duration,
)
from breach.vocabulary import DetailLevel

ACTIONS: tuple[Action, ...] = (RESEND, ALERT)
T0 = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night Brussels moves to summer time
H = timedelta(hours=1)


def _keys(now: datetime, done: set[str] | None = None, chain: tuple[Step, ...] = DEFAULT_CHAIN) -> list[str]:
    return [e.key for e in due_escalations(T0, now, chain, done or set())]


@pytest.mark.parametrize(
    ("elapsed", "done", "expected"),
    [
        (timedelta(minutes=59), set(), []),
        (H, set(), ["resend@1h"]),
        (2 * H - timedelta(seconds=1), {"resend@1h"}, []),
        (2 * H, {"resend@1h"}, ["alert@2h"]),
        (6 * H - timedelta(minutes=1), {"resend@1h", "alert@2h"}, []),
        (6 * H, {"resend@1h", "alert@2h"}, ["alert@6h"]),
        (10 * H, {"resend@1h", "alert@2h", "alert@6h"}, ["alert@10h"]),
    ],
)
def test_the_default_chain_step_by_step(elapsed: timedelta, done: set[str], expected: list[str]) -> None:
    """Re-send after 1 hour, alert after 2, then every 4 hours: each step at its time, not a second earlier."""
    assert _keys(T0 + elapsed, done) == expected


def test_after_a_pause_one_alert_covers_the_missed_repeats() -> None:
    """A watchdog down for 13 hours re-sends once and sends one alert, the latest, covering the others."""
    due = due_escalations(T0, T0 + 13 * H, DEFAULT_CHAIN, set())
    assert [(e.key, e.action, e.covers) for e in due] == [
        ("resend@1h", RESEND, ()),
        ("alert@10h", ALERT, ("alert@2h", "alert@6h")),
    ]
    assert due[1].at == T0 + 10 * H


def test_a_later_key_done_covers_the_earlier_ones() -> None:
    """Keys of one action are ordered: once alert@10h was sent, alert@2h and alert@6h are not due."""
    assert _keys(T0 + 13 * H, {"resend@1h", "alert@10h"}) == []


def test_before_the_delivery_nothing_is_due() -> None:
    """A clock behind the delivery time (a skewed host) escalates nothing."""
    assert _keys(T0 - H) == []


def test_a_naive_time_is_refused() -> None:
    """Instants carry a zone (DESIGN.md habit 3)."""
    with pytest.raises(NaiveDatetime):
        due_escalations(T0, datetime(2026, 3, 29, 3, 0), DEFAULT_CHAIN, set())  # noqa: DTZ001


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90m", timedelta(minutes=90)), ("1h", H), ("4h", 4 * H), ("2d", timedelta(days=2)), ("1h30m", 1.5 * H)],
)
def test_durations_are_read(text: str, expected: timedelta) -> None:
    """Durations are written in minutes, hours and days."""
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "1", "h", "1.5h", "-1h", "1w", "PT1H", "1h 30m"])
def test_other_durations_are_refused(text: str) -> None:
    """Anything else is refused with the form to use."""
    with pytest.raises(ValueError, match="90m"):
        parse_duration(text)


@pytest.mark.parametrize(("value", "text"), [(H, "1h"), (90 * timedelta(minutes=1), "90m"), (48 * H, "48h")])
def test_keys_write_whole_hours_as_hours_else_minutes(value: timedelta, text: str) -> None:
    """The form used in keys is stable: 1h, 90m, 48h."""
    assert format_duration(value) == text


def test_no_stored_chain_is_the_default_and_an_empty_one_escalates_nothing() -> None:
    """``None`` takes the default chain; a customer's empty list switches escalation off."""
    assert chain_from_stored(None) == DEFAULT_CHAIN
    assert chain_from_stored([]) == ()
    assert _keys(T0 + 30 * H, chain=()) == []


def test_a_stored_chain_is_read_back() -> None:
    """The text form kept on the customer is parsed into steps."""
    raw = [
        {"after": "30m", "action": "alert_internal"},
        {"after": "90m", "action": "resend_next_contact"},
        {"after": "3h", "action": "alert_internal", "repeat_every": "1h"},
    ]
    chain = chain_from_stored(raw)
    assert chain == (
        Step(timedelta(minutes=30), ALERT),
        Step(timedelta(minutes=90), RESEND),
        Step(3 * H, ALERT, H),
    )
    assert _keys(T0 + 4 * H, {"alert@30m"}, chain) == ["resend@90m", "alert@4h"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ([{"after": "2h", "action": "alert_internal"}, {"after": "1h", "action": "alert_internal"}], "later"),
        (
            [
                {"after": "1h", "action": "alert_internal", "repeat_every": "1h"},
                {"after": "2h", "action": "alert_internal"},
            ],
            "last",
        ),
        ([{"after": "1h", "action": "alert_internal", "repeat_every": "5m"}], "at least"),
        ([{"after": "1h", "action": "phone_the_ceo"}], "resend_next_contact"),
        ([{"after": "soon", "action": "alert_internal"}], "duration"),
        ([{"after": "0m", "action": "alert_internal"}], "whole minutes"),
        ([{"after": "1h", "action": "alert_internal", "extra": 1}], "Extra"),
    ],
)
def test_a_bad_chain_is_refused_with_its_reason(raw: list[dict[str, Any]], problem: str) -> None:
    """Steps must increase, only the last repeats (not too often), actions and durations are known ones."""
    with pytest.raises(InvalidInput, match=problem):
        chain_from_stored(raw)


def _directory(escalation: object) -> dict[str, Any]:
    return {
        "customers": [
            {
                "name": "Brouwerij Voorbeeld BV",
                "language": "nl",
                "timezone": "Europe/Brussels",
                "lead_authority": "BE-GBA",
                "contacts": ["json://hooks.example.org/breach"],
                "escalation": escalation,
            }
        ]
    }


def _validate(data: dict[str, Any]) -> entries.ValidDirectory:
    return entries.validate(
        data,
        check_contact=lambda url: entries.ContactInfo(url, DetailLevel.FULL),
        known_services=(),
    )


def test_the_directory_takes_a_customers_own_chain() -> None:
    """A directory file may give a customer its own chain; absent, the customer keeps the default."""
    valid = _validate(_directory([{"after": "30m", "action": "alert_internal", "repeat_every": "2h"}]))
    chain = valid.spec.customers[0].escalation
    assert chain is not None
    assert chain[0].repeat_every == 2 * H
    assert _validate(_directory(None)).spec.customers[0].escalation is None


def test_the_directory_refuses_a_bad_chain_naming_the_field() -> None:
    """A bad step is refused with its path in the file, before anything is written."""
    with pytest.raises(DirectoryFileError, match=r"customers\[0\]\.escalation\[0\]\.after"):
        _validate(_directory([{"after": "soon", "action": "alert_internal"}]))


# --- properties ------------------------------------------------------------------------------------

minutes = st.integers(min_value=1, max_value=3 * 24 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def chains(draw: st.DrawFn) -> tuple[Step, ...]:
    offsets = sorted(set(draw(st.lists(minutes, min_size=0, max_size=5))))
    actions: list[Action] = [draw(st.sampled_from(ACTIONS)) for _ in offsets]
    repeat = draw(st.none() | st.integers(min_value=15, max_value=12 * 60).map(lambda m: timedelta(minutes=m)))
    steps = [Step(o, a) for o, a in zip(offsets, actions, strict=True)]
    if steps and repeat is not None:
        steps[-1] = Step(steps[-1].after, steps[-1].action, repeat)
    return tuple(steps)


@given(chain=chains(), elapsed=st.lists(minutes, min_size=1, max_size=6))
def test_properties_of_any_chain_run_at_any_times(chain: tuple[Step, ...], elapsed: list[timedelta]) -> None:
    """Never an escalation before its time; keys unique; a key is never due twice; re-running does nothing."""
    done: set[str] = set()
    seen: list[str] = []
    for offset in sorted(elapsed):
        now = T0 + offset
        due = due_escalations(T0, now, chain, done)
        keys = [e.key for e in due]
        assert len(keys) == len(set(keys))
        assert len({e.action for e in due}) == len(due)  # at most one per action and run
        for e in due:
            assert T0 < e.at <= now
            assert e.key not in done
            assert not set(e.covers) & done
        seen.extend(keys)
        done |= {k for e in due for k in (e.key, *e.covers)}
        assert due_escalations(T0, now, chain, done) == []
    assert len(seen) == len(set(seen))


@given(chain=chains(), offset=minutes)
def test_the_latest_due_step_is_never_skipped(chain: tuple[Step, ...], offset: timedelta) -> None:
    """Whatever was missed, the latest occurrence due of each action is the one returned."""
    due = due_escalations(T0, T0 + offset, chain, set())
    for e in due:
        later = [s for s in chain if s.action == e.action and s.after <= offset]
        assert later
        last = later[-1]
        expected = last.after
        if last.repeat_every is not None:
            expected += ((offset - last.after) // last.repeat_every) * last.repeat_every
        assert e.at == T0 + expected
